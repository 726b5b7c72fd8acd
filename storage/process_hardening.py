"""Process hardening: no core dumps.

While the vault is unlocked, the whole caseload and its data key are in memory. A
core dump (written when the process crashes) would put them on disk in plaintext.

- POSIX (Linux, macOS): the soft and hard ``RLIMIT_CORE`` limits are set to 0, so no
  core file is written for this process or its children; on Linux the process is
  also marked not dumpable (``PR_SET_DUMPABLE`` 0), which also keeps ``systemd-coredump``
  and same-user ``ptrace`` away.
- Windows: no-op. Windows Error Reporting writes crash dumps only where the machine's
  policy (LocalDumps) asks for them; that is set by the administrator, not the program.
  SECURITY.md says so.

Never raises: hardening that the platform refuses must not stop anyone from working.
"""

from __future__ import annotations

import sys


def disable_core_dumps() -> bool:
    """Disable core dumps for this process where the platform allows; True if done."""
    if sys.platform == "win32":
        return False
    try:
        import resource
    except ImportError:  # pragma: no cover - every POSIX Python has it
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    if sys.platform.startswith("linux"):
        _linux_not_dumpable()
    return True


def _linux_not_dumpable() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_dumpable = 4
        libc.prctl(pr_set_dumpable, 0, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def core_dumps_disabled() -> bool:
    """True when this process cannot write a core file (POSIX); False elsewhere."""
    if sys.platform == "win32":
        return False
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    return soft == 0 and hard == 0
