"""Faults during a save: a crash at every step, a failing step, a full disk, a read-only folder.

``storage.safe_io.fault_hook`` is called before and after each step of a save
(``safe_io.STEPS``). Whatever happens, the vault on disk must open at the old or the
new generation, every backup must still open, and after a failure that is not a crash
the caseload must still be in memory so that saving again succeeds.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import select

from caseload.errors import SaveFailed
from caseload.models import Survivor
from caseload.vault import Vault
from storage import backups, safe_io
from storage import vault_format as fmt
from storage.vault import unlock_bytes
from tests.conftest import PASSPHRASE

POINTS = [(step, when) for step in safe_io.STEPS for when in ("before", "after")]
POINT_IDS = [f"{when}-{step}" for step, when in POINTS]
ROOT = Path(__file__).resolve().parents[1]


class Crash(BaseException):
    """Stands for the process dying at this point: nothing after it runs."""


def _add(vault: Vault, ref: str) -> None:
    with vault.session() as s:
        s.add(Survivor(case_ref=ref, given_name="Fictional", intake_date=dt.date(2026, 2, 1)))
        s.commit()


def _refs(vault: Vault) -> set[str]:
    with vault.session() as s:
        return set(s.exec(select(Survivor.case_ref)).all())


OLD, NEW = 3, 4


def _vault_at_old_generation(path: Path) -> Vault:
    """A vault saved three times (create, then two saves): two backups exist."""
    vault, _ = Vault.create(path, PASSPHRASE, fmt.TEST_KDF)
    _add(vault, "NAV-AAAA1")
    vault.save()
    _add(vault, "NAV-AAAA2")
    vault.save()
    assert vault.generation == OLD
    return vault


def _backup_bytes(path: Path) -> dict[Path, bytes]:
    return {b.path: b.path.read_bytes() for b in backups.list_backups(path)}


def _assert_backups_intact(path: Path, before: dict[Path, bytes]) -> None:
    now = _backup_bytes(path)
    for backup_path, data in before.items():
        assert now.get(backup_path) == data, f"backup {backup_path.name} changed or vanished"
    for data in now.values():
        unlock_bytes(data, PASSPHRASE)  # every backup still opens


def _assert_old_or_new(path: Path) -> int:
    with Vault.open(path, PASSPHRASE) as reopened:
        generation = reopened.generation
        refs = _refs(reopened)
    assert generation in (OLD, NEW)
    expected = {"NAV-AAAA1", "NAV-AAAA2"} | ({"NAV-AAAA3"} if generation == NEW else set())
    assert refs == expected
    assert not safe_io.stale_temp_files(path)
    return generation


def _hook_at(step: str, when: str, action: Callable[[], None]) -> Callable[[str, str], None]:
    def hook(s: str, w: str) -> None:
        if (s, w) == (step, when):
            action()

    return hook


@pytest.mark.parametrize(("step", "when"), POINTS, ids=POINT_IDS)
def test_crash_at_every_step_leaves_old_or_new_generation(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, when: str
) -> None:
    vault = _vault_at_old_generation(vault_path)
    before = _backup_bytes(vault_path)
    _add(vault, "NAV-AAAA3")

    def crash() -> None:
        raise Crash

    monkeypatch.setattr(safe_io, "fault_hook", _hook_at(step, when, crash))
    with pytest.raises(Crash):
        vault.save()
    vault.close()
    monkeypatch.setattr(safe_io, "fault_hook", lambda s, w: None)
    generation = _assert_old_or_new(vault_path)
    # Until the replace has happened the old generation is on disk; after it, the new.
    replaced = STEP_INDEX[step] > STEP_INDEX["replace"] or (step, when) == ("replace", "after")
    assert generation == (NEW if replaced else OLD)
    _assert_backups_intact(vault_path, before)


STEP_INDEX = {step: i for i, step in enumerate(safe_io.STEPS)}

_CHILD = textwrap.dedent(
    """
    import datetime as dt, os, sys
    from storage import safe_io
    from caseload.models import Survivor
    from caseload.vault import Vault

    path, step, when, passphrase = sys.argv[1:5]
    vault = Vault.open(path, passphrase)
    with vault.session() as s:
        s.add(Survivor(case_ref="NAV-AAAA3", given_name="Fictional",
                       intake_date=dt.date(2026, 2, 1)))
        s.commit()

    def hook(s, w):
        if (s, w) == (step, when):
            os._exit(9)  # a real crash: no cleanup, no finally, lock left to the OS

    safe_io.fault_hook = hook
    vault.save()
    sys.exit(3)  # the hook must have fired
    """
)


@pytest.mark.parametrize(("step", "when"), POINTS, ids=POINT_IDS)
def test_process_killed_at_every_step_leaves_old_or_new_generation(
    vault_path: Path, step: str, when: str
) -> None:
    """The same, with a real process that dies (os._exit) at each point: temp files and the
    lock are left behind as after a power cut or kill -9, and the next open copes."""
    vault = _vault_at_old_generation(vault_path)
    vault.close()
    before = _backup_bytes(vault_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(vault_path), step, when, PASSPHRASE],
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 9, done.stderr.decode(errors="replace")
    assert done.stdout == b"" and done.stderr == b""
    _assert_old_or_new(vault_path)
    _assert_backups_intact(vault_path, before)


@pytest.mark.parametrize(("step", "when"), POINTS, ids=POINT_IDS)
def test_failed_step_keeps_caseload_in_memory_and_retry_succeeds(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, when: str
) -> None:
    """An I/O error at any point: either SaveFailed with the file unchanged, or (after the
    replace, when only the folder fsync is left) the save stands. Either way this process
    stays in step with the disk, so saving again works."""
    vault = _vault_at_old_generation(vault_path)
    before = _backup_bytes(vault_path)
    _add(vault, "NAV-AAAA3")
    old_file = vault_path.read_bytes()

    def fail() -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(safe_io, "fault_hook", _hook_at(step, when, fail))
    try:
        vault.save()
    except SaveFailed as exc:
        assert "\n" not in exc.message and "Traceback" not in exc.message
        assert vault_path.read_bytes() == old_file
        assert vault.generation == OLD
    else:
        assert vault.generation == NEW
    assert not safe_io.stale_temp_files(vault_path)
    monkeypatch.setattr(safe_io, "fault_hook", lambda s, w: None)
    assert _refs(vault) == {"NAV-AAAA1", "NAV-AAAA2", "NAV-AAAA3"}
    _add(vault, "NAV-AAAA4")
    vault.save()
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        assert _refs(reopened) >= {"NAV-AAAA3", "NAV-AAAA4"}
    _assert_backups_intact(vault_path, before)


def test_full_disk_part_way_through_the_write(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC after 512 bytes of the temporary file (like KeePassXC's failing device)."""
    vault = _vault_at_old_generation(vault_path)
    before = _backup_bytes(vault_path)
    old_file = vault_path.read_bytes()
    _add(vault, "NAV-AAAA3")
    real_write = os.write
    state = {"armed": False, "budget": 512, "failed": 0}

    def write(fd: int, data: bytes | memoryview) -> int:
        if not state["armed"]:
            return real_write(fd, data)
        if state["budget"] <= 0:
            state["failed"] += 1
            raise OSError(errno.ENOSPC, "No space left on device")
        n = real_write(fd, bytes(data[: state["budget"]]))
        state["budget"] -= n
        return n

    def hook(step: str, when: str) -> None:
        if step == "temp_write":
            state["armed"] = when == "before"

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(safe_io, "fault_hook", hook)
    with pytest.raises(SaveFailed) as exc:
        vault.save()
    monkeypatch.setattr(os, "write", real_write)
    assert state["failed"] == 1
    assert "disk is full" in exc.value.message and "\n" not in exc.value.message
    assert vault_path.read_bytes() == old_file
    assert not safe_io.stale_temp_files(vault_path)
    _assert_backups_intact(vault_path, before)
    # Space freed: the same in-memory caseload saves.
    assert _refs(vault) == {"NAV-AAAA1", "NAV-AAAA2", "NAV-AAAA3"}
    vault.save()
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        assert reopened.generation == NEW
        assert "NAV-AAAA3" in _refs(reopened)


def _read_only_check(vault: Vault, vault_path: Path, before: dict[Path, bytes]) -> None:
    old_file = vault_path.read_bytes()
    _add(vault, "NAV-AAAA3")
    with pytest.raises(SaveFailed) as exc:
        vault.save()
    assert "read-only" in exc.value.message and "\n" not in exc.value.message
    assert vault_path.read_bytes() == old_file
    _assert_backups_intact(vault_path, before)


@pytest.mark.skipif(
    sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="folder permissions do not bind root (or work this way on Windows)",
)
def test_read_only_folder_for_real(vault_path: Path) -> None:
    vault = _vault_at_old_generation(vault_path)
    before = _backup_bytes(vault_path)
    vault_path.parent.chmod(0o500)
    try:
        _read_only_check(vault, vault_path, before)
    finally:
        vault_path.parent.chmod(0o700)
    vault.save()
    vault.close()


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES], ids=["EROFS", "EACCES"])
def test_read_only_file_system_or_folder(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """A read-only file system (EROFS) or folder (EACCES, as for any user but root)
    refuses to create the temporary file."""
    vault = _vault_at_old_generation(vault_path)
    before = _backup_bytes(vault_path)
    real_open = os.open
    folder = vault_path.parent.resolve()

    def read_only_open(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT and Path(str(path)).resolve().parent == folder:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only_open)
    _read_only_check(vault, vault_path, before)
    monkeypatch.setattr(os, "open", real_open)
    vault.save()
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        assert "NAV-AAAA3" in _refs(reopened)


# --- backup rotation: a crash while old backups are being removed ----------------------------


def _settle_rotation() -> None:
    """Wait for a rotation left running by an earlier save, where rotation runs beside the
    caller (the keep set is what matters here, not when it is applied)."""
    wait = getattr(backups, "wait_for_rotation", None)
    if wait is not None:
        wait()


def _vault_with_a_full_set_of_backups(path: Path) -> tuple[Vault, list[Path]]:
    """A vault whose backups already fill the keep set, so that the next save's rotation
    really removes one; returns it and its backups, newest first."""
    vault, _ = Vault.create(path, PASSPHRASE, fmt.TEST_KDF)
    for n in range(backups.KEEP_LAST + 2):
        _add(vault, f"NAV-ROTA{n:02d}")
        vault.save()
    _settle_rotation()
    found = [b.path for b in backups.list_backups(path)]
    assert len(found) == backups.KEEP_LAST  # the older ones have rotated out already
    return vault, found


@pytest.mark.parametrize(("step", "when"), POINTS, ids=POINT_IDS)
def test_crash_at_every_step_with_a_full_set_of_backups(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, when: str
) -> None:
    """With rotation due to remove the oldest backup: whatever point the crash hits, the
    vault opens, every backup left opens, and no backup but the oldest one has gone."""
    vault, before = _vault_with_a_full_set_of_backups(vault_path)
    generation = vault.generation
    _add(vault, "NAV-ROTAXX")

    def crash() -> None:
        raise Crash

    monkeypatch.setattr(safe_io, "fault_hook", _hook_at(step, when, crash))
    with pytest.raises(Crash):
        vault.save()
    monkeypatch.setattr(safe_io, "fault_hook", lambda s, w: None)
    vault.close()
    _settle_rotation()
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        assert reopened.generation in (generation, generation + 1)
    after = {b.path for b in backups.list_backups(vault_path)}
    assert set(before[:-1]) <= after, "a backup inside the keep set was removed"
    for backup_path in after:
        unlock_bytes(backup_path.read_bytes(), PASSPHRASE)


def test_crash_part_way_through_removing_old_backups(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rotation dies after removing the first of several backups that fell out of the keep
    set: the rest are removed by the next rotation, and nothing in the keep set is touched."""
    vault, before = _vault_with_a_full_set_of_backups(vault_path)
    vault.close()
    folder = backups.backup_dir(vault_path)
    # Three backups more than the keep set, older than any there (as if from last year).
    stale = []
    for n, source in enumerate(before[:3]):
        old = folder / f"{vault_path.stem}-g{n + 1}-2025010{n + 1}T120000000000Z.vault"
        old.write_bytes(source.read_bytes())
        stale.append(old)
    real_unlink = Path.unlink
    removed: list[Path] = []

    def unlink_then_crash(self: Path, missing_ok: bool = False) -> None:
        if self.parent == folder and removed:
            raise Crash
        real_unlink(self, missing_ok=missing_ok)
        removed.append(self)

    monkeypatch.setattr(Path, "unlink", unlink_then_crash)
    with pytest.raises(Crash):
        backups.rotate(vault_path)
    monkeypatch.setattr(Path, "unlink", real_unlink)
    assert len(removed) == 1 and removed[0] in stale
    left = {b.path for b in backups.list_backups(vault_path)}
    assert set(before) <= left and len(left) == len(before) + 2
    with Vault.open(vault_path, PASSPHRASE):
        pass
    backups.rotate(vault_path)
    assert {b.path for b in backups.list_backups(vault_path)} == set(before)
