"""Process hardening: a crash must not write the unlocked caseload to disk as a core file."""

from __future__ import annotations

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


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX only")
def test_a_crash_after_hardening_leaves_no_core_file(tmp_path: Path, harden: bool = True) -> None:
    """SIGABRT in a hardened child whose core limit was first raised as far as allowed: no
    core file. (Where the system pipes cores elsewhere, this cannot tell; the test above can.)
    """
    child = (
        "import os, resource\n"
        "hard = resource.getrlimit(resource.RLIMIT_CORE)[1]\n"
        "resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))\n"
        "from storage.process_hardening import disable_core_dumps\n"
        f"{'disable_core_dumps()' if harden else 'pass'}\n"
        "os.abort()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", child],
        cwd=tmp_path,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("core")]


def test_windows_branch_is_a_no_op(monkeypatch: pytest.MonkeyPatch) -> None:
    from storage import process_hardening

    monkeypatch.setattr(process_hardening.sys, "platform", "win32")
    assert process_hardening.disable_core_dumps() is False
    assert process_hardening.core_dumps_disabled() is False
