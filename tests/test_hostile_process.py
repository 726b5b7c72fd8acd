"""Process hardening: a crash must not write the unlocked caseload to disk as a core file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import ctypes, resource, sys
from storage.process_hardening import core_dumps_disabled, disable_core_dumps
before = resource.getrlimit(resource.RLIMIT_CORE)
done = disable_core_dumps()
dumpable = -1
if sys.platform.startswith("linux"):
    dumpable = ctypes.CDLL(None).prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
print(done, resource.getrlimit(resource.RLIMIT_CORE), core_dumps_disabled(), dumpable)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX only; a documented no-op on Windows")
def test_core_dumps_are_disabled_in_a_fresh_process() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split(maxsplit=3)
    assert out[0] == "True"
    assert "".join(out[1:3]) == "(0,0)"
    assert out[3].split() == ["True", "0" if sys.platform.startswith("linux") else "-1"]


#: Raise the core limit as far as this process may: unlimited where allowed (root), else up
#: to the hard limit. Needed because a CLI test run earlier in the same pytest process
#: hardens it, and children inherit its limit of 0 (which would make these tests vacuous).
_RAISE_CORE_LIMIT = (
    "import resource\n"
    "try:\n"
    "    resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY,) * 2)\n"
    "except (ValueError, OSError):\n"
    "    hard = resource.getrlimit(resource.RLIMIT_CORE)[1]\n"
    "    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))\n"
)


def _abort_in_child(folder: Path, harden: bool) -> list[Path]:
    """SIGABRT in a child whose core limit was first raised as far as allowed (hardened
    first or not); the core files it left in ``folder``, its working folder."""
    child = _RAISE_CORE_LIMIT + (
        "import os\n"
        "from storage.process_hardening import disable_core_dumps\n"
        f"{'disable_core_dumps()' if harden else 'pass'}\n"
        "os.abort()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", child],
        cwd=folder,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        timeout=60,
    )
    assert done.returncode != 0
    return [p for p in folder.iterdir() if p.name.startswith("core")]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX only")
def test_a_crash_after_hardening_leaves_no_core_file(tmp_path: Path) -> None:
    """(Where the system pipes cores elsewhere, this cannot tell; the control below says so
    by skipping, and the test above still can.)"""
    assert _abort_in_child(tmp_path, harden=True) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX only")
def test_without_hardening_the_same_crash_leaves_a_core_file(tmp_path: Path) -> None:
    """Control: proves the test above can fail, where the system writes core files at all."""
    cores = _abort_in_child(tmp_path, harden=False)
    if not cores:
        pytest.skip(
            "no core file in the working folder: the system sends cores elsewhere "
            "(core_pattern) or this process inherited a hard core limit of 0"
        )
    for core in cores:
        core.unlink()


_CLI_CHILD = (
    _RAISE_CORE_LIMIT
    + """
import sys
print("before", resource.getrlimit(resource.RLIMIT_CORE) != (0, 0))
from navigator_tui.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print(code, resource.getrlimit(resource.RLIMIT_CORE))
"""
)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX only; a documented no-op on Windows")
@pytest.mark.parametrize(
    "args",
    [["check"], ["export", "dictionary", "--out", "dictionary.md"], ["open"]],
    ids=["check", "export", "open-missing-vault"],
)
def test_every_command_runs_without_core_dumps(tmp_path: Path, args: list[str]) -> None:
    """Not only the app: ``check``, the exports and the imports unlock the whole caseload
    too, so the command's root disables core dumps before any of them runs (even one that
    then fails, like opening a vault that is not there)."""
    from caseload.vault import Vault
    from storage.vault_format import TEST_KDF

    vault_path = tmp_path / "caseload.vault"
    Vault.create(vault_path, "hardening pass phrase", TEST_KDF)[0].close()
    if args == ["open"]:
        vault_path.unlink()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "NAVIGATOR_PASSPHRASE": "hardening pass phrase",
        "NAVIGATOR_INSECURE_TEST_KDF": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", _CLI_CHILD, "--vault", str(vault_path), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    lines = done.stdout.strip().splitlines()
    if lines[0] != "before True":
        pytest.skip("this process inherited a hard core limit of 0: nothing to prove")
    code, limits = lines[-1].split(" ", 1)
    assert code == ("1" if args == ["open"] else "0"), done.stderr
    assert limits == "(0, 0)"


def test_windows_branch_is_a_no_op(monkeypatch: pytest.MonkeyPatch) -> None:
    from storage import process_hardening

    monkeypatch.setattr(process_hardening.sys, "platform", "win32")
    assert process_hardening.disable_core_dumps() is False
    assert process_hardening.core_dumps_disabled() is False
