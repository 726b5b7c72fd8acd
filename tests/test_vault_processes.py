"""Real processes: kill -9 in the middle of saves, and two processes on one vault."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from caseload.vault import Vault
from storage import safe_io
from storage.vault import read_header
from storage.vault_format import TEST_KDF
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[1]

#: Imports Navigator once, then forks one child per line read from stdin. Each child is a
#: real process that opens the vault and saves in a loop until the test kills it with
#: SIGKILL; the parent reaps it and says "dead". Forking saves a fresh interpreter's
#: start-up (about 0.7 s of imports) on each of the 50 kills.
SAVE_LOOP = textwrap.dedent(
    """
    import datetime as dt, os, pathlib, sys, tempfile, traceback
    from caseload.models import Survivor
    from caseload.vault import Vault
    from storage.vault_format import TEST_KDF

    def add_and_save(vault, i):
        with vault.session() as s:
            s.add(Survivor(case_ref=f"NAV-K{vault.generation}-{i}",
                           intake_date=dt.date(2026, 1, 1), given_name="Kill Test " * 50))
            s.commit()
        vault.save()

    def save_forever():
        vault = Vault.open(sys.argv[1], sys.argv[2])
        print("ready", os.getpid(), vault.generation, flush=True)
        i = 0
        while True:
            i += 1
            add_and_save(vault, i)

    # Warm up (SQLAlchemy configures its mappers and compiles statements on first use) on
    # a throwaway vault, so that each child starts saving at once.
    with tempfile.TemporaryDirectory() as scratch:
        warm, _ = Vault.create(pathlib.Path(scratch) / "warm.vault", sys.argv[2], TEST_KDF)
        add_and_save(warm, 0)
        warm.close()
    print("ready", flush=True)
    for _line in sys.stdin:
        pid = os.fork()
        if pid == 0:
            try:
                save_forever()
            except BaseException:
                traceback.print_exc()
            os._exit(1)
        _, status = os.waitpid(pid, 0)
        print("dead", status, flush=True)
    """
)

HOLD_OPEN = textwrap.dedent(
    """
    import sys, time
    from caseload.vault import Vault
    vault = Vault.open(sys.argv[1], sys.argv[2])
    print("ready", flush=True)
    time.sleep(60)
    """
)


def _spawn(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("ready"), proc.stderr.read() if proc.stderr else line
    return proc


@pytest.mark.skipif(
    sys.platform == "win32", reason="SIGKILL and fork are POSIX; Windows uses TerminateProcess"
)
def test_kill_9_during_saves_never_loses_the_vault(vault_path: Path) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    vault.close()
    rng = random.Random(20261122)
    last_generation = read_header(vault_path).generation
    advanced = 0
    forker = _spawn(SAVE_LOOP, str(vault_path), PASSPHRASE)
    assert forker.stdin is not None and forker.stdout is not None
    try:
        for _ in range(50):
            forker.stdin.write("go\n")
            forker.stdin.flush()
            ready = forker.stdout.readline().split()
            assert ready[:1] == ["ready"], forker.stderr.read() if forker.stderr else ready
            time.sleep(rng.uniform(0.0, 0.08))
            os.kill(int(ready[1]), signal.SIGKILL)
            dead = forker.stdout.readline().split()
            assert dead[:1] == ["dead"] and os.WTERMSIG(int(dead[1])) == signal.SIGKILL, dead
            # The lock died with the process, so the next open is not blocked.
            with Vault.open(vault_path, PASSPHRASE) as reopened:
                assert reopened.generation >= last_generation
                advanced += reopened.generation > last_generation
                last_generation = reopened.generation
                assert reopened.integrity_problems() == []
            assert safe_io.stale_temp_files(vault_path) == []  # cleaned at the open above
    finally:
        forker.kill()
        forker.wait(timeout=10)
    assert advanced > 10, "the kills should have landed while saves were going on"


def test_two_processes_on_one_vault(vault_path: Path) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    vault.close()
    holder = _spawn(HOLD_OPEN, str(vault_path), PASSPHRASE)
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NAVIGATOR_PASSPHRASE": PASSPHRASE}
        second = subprocess.run(
            [sys.executable, "-m", "navigator_tui.cli", "--vault", str(vault_path), "check"],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=60,
        )
        assert second.returncode == 5, second.stderr
        assert "already open" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        holder.kill()
        holder.wait(timeout=10)
    with Vault.open(vault_path, PASSPHRASE):
        pass
