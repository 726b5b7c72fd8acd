"""Older copies, swapped vaults and vaults behind their backups are noticed at open, and
never saved over until the user restores a backup or accepts the copy."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from sqlmodel import select

from caseload.errors import VaultIsOlderCopy
from caseload.models import Survivor
from caseload.vault import Vault, restore_backup
from storage import backups, rollback
from storage import vault_format as fmt
from tests.conftest import PASSPHRASE


def _save_with_survivor(vault: Vault, ref: str) -> None:
    with vault.session() as s:
        s.add(Survivor(case_ref=ref, given_name="Rollbackcanary", intake_date=dt.date(2026, 3, 1)))
        s.commit()
    vault.save()


def _refs(vault: Vault) -> list[str]:
    with vault.session() as s:
        return sorted(x.case_ref for x in s.exec(select(Survivor)))


def _vault_with_old_copy(vault_path: Path, tmp_path: Path) -> tuple[Path, int]:
    """A vault saved three times after its first survivor; returns a copy of the file as
    it was after that first survivor, and the newest generation."""
    vault, _ = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    assert vault.copy_warning is None
    _save_with_survivor(vault, "NAV-RLLB1")
    old_copy = tmp_path / "old-copy.vault"
    shutil.copyfile(vault_path, old_copy)
    _save_with_survivor(vault, "NAV-RLLB2")
    _save_with_survivor(vault, "NAV-RLLB3")
    newest = vault.generation
    vault.close()
    return old_copy, newest


def test_state_dir_comes_from_the_environment(tmp_path: Path) -> None:
    assert rollback.state_dir() == Path(os.environ["NAVIGATOR_STATE_DIR"])
    assert tmp_path in rollback.state_dir().parents


def test_older_copy_put_back_is_detected_and_never_saved_over(
    vault_path: Path, tmp_path: Path
) -> None:
    old_copy, newest = _vault_with_old_copy(vault_path, tmp_path)
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        assert reopened.copy_warning is None

    shutil.copyfile(old_copy, vault_path)  # someone puts an older copy back
    with Vault.open(vault_path, PASSPHRASE) as rolled_back:
        warning = rolled_back.copy_warning
        assert warning is not None and warning.kind == rollback.OLDER
        assert f"save {rolled_back.generation}" in warning.happened
        assert f"save {newest}" in warning.happened
        text = warning.happened
        assert "\n" not in text and "Rollbackcanary" not in text and "NAV-" not in text
        before = vault_path.read_bytes()
        with pytest.raises(VaultIsOlderCopy, match="Nothing was saved") as refused:
            _save_with_survivor(rolled_back, "NAV-RLLB4")
        assert refused.value.exit_code == 6
        assert vault_path.read_bytes() == before
    # Still an older copy: looking at it (or failing to save it) lowers nothing.
    with Vault.open(vault_path, PASSPHRASE) as again:
        assert again.copy_warning is not None and again.copy_warning.kind == rollback.OLDER


def test_accepting_an_older_copy_stops_the_warning_and_saves_above_every_known_save(
    vault_path: Path, tmp_path: Path
) -> None:
    old_copy, newest = _vault_with_old_copy(vault_path, tmp_path)
    shutil.copyfile(old_copy, vault_path)
    with Vault.open(vault_path, PASSPHRASE) as rolled_back:
        rolled_back.accept_copy()
        assert rolled_back.copy_warning is None
    with Vault.open(vault_path, PASSPHRASE) as accepted:
        assert accepted.copy_warning is None  # remembered on this computer
        _save_with_survivor(accepted, "NAV-RLLB5")
        assert accepted.generation == newest + 1  # above the lost saves and their backups
        assert _refs(accepted) == ["NAV-RLLB1", "NAV-RLLB5"]
    with Vault.open(vault_path, PASSPHRASE) as later:
        assert later.copy_warning is None
    # Once saved past it, the accepted copy is an older copy again if it is put back.
    shutil.copyfile(old_copy, vault_path)
    with Vault.open(vault_path, PASSPHRASE) as put_back:
        assert put_back.copy_warning is not None


def test_a_different_vault_copied_into_place_is_noticed(vault_path: Path, tmp_path: Path) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    _save_with_survivor(vault, "NAV-OURS1")
    vault.close()
    other_path = tmp_path / "elsewhere" / "other.vault"
    other, _ = Vault.create(other_path, PASSPHRASE, fmt.TEST_KDF)  # same passphrase
    _save_with_survivor(other, "NAV-THEIR")
    other.close()

    shutil.copyfile(other_path, vault_path)
    with Vault.open(vault_path, PASSPHRASE) as swapped:
        warning = swapped.copy_warning
        assert warning is not None and warning.kind == rollback.FOREIGN
        assert "different vault" in warning.happened and vault_path.name in warning.happened
        with pytest.raises(VaultIsOlderCopy):
            swapped.save()
    with Vault.open(vault_path, PASSPHRASE) as still:
        assert still.copy_warning is not None  # closing it did not adopt it
        still.accept_copy()
    with Vault.open(vault_path, PASSPHRASE) as adopted:
        assert adopted.copy_warning is None
        adopted.save()
    # The copy left at the other path is now behind the adopted one: the same vault, older.
    with Vault.open(other_path, PASSPHRASE) as at_home:
        assert at_home.copy_warning is not None and at_home.copy_warning.kind == rollback.OLDER


def test_a_vault_behind_its_own_backups_is_noticed_on_a_new_computer(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_copy, newest = _vault_with_old_copy(vault_path, tmp_path)
    shutil.copyfile(old_copy, vault_path)
    # This computer never saw the vault (a new laptop, a cleared profile): only the
    # backups beside it tell that it went back.
    monkeypatch.setenv("NAVIGATOR_STATE_DIR", str(tmp_path / "fresh-state"))
    with Vault.open(vault_path, PASSPHRASE) as behind:
        warning = behind.copy_warning
        assert warning is not None and warning.kind == rollback.BEHIND_BACKUPS
        assert f"newest backup save {newest - 1}" in warning.happened
    # Restoring the newest backup is the way out: it opens without a warning afterwards.
    newest_backup = max(backups.list_backups(vault_path), key=lambda b: b.generation)
    restore_backup(vault_path, newest_backup.path, PASSPHRASE)
    with Vault.open(vault_path, PASSPHRASE) as restored:
        assert restored.copy_warning is None
        assert _refs(restored) == ["NAV-RLLB1", "NAV-RLLB2"]


def test_backups_of_another_vault_beside_it_do_not_count(vault_path: Path, tmp_path: Path) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    vault.close()
    other = tmp_path / "o" / vault_path.name
    made, _ = Vault.create(other, PASSPHRASE, fmt.TEST_KDF)
    for _ in range(3):
        made.save()
    made.close()
    folder = backups.backup_dir(vault_path)
    folder.mkdir(exist_ok=True)
    for backup in backups.list_backups(other):  # same file names, another vault's ids
        shutil.copyfile(backup.path, folder / backup.path.name)
    with Vault.open(vault_path, PASSPHRASE) as opened:
        assert opened.copy_warning is None


def test_state_file_holds_only_ids_numbers_and_path_digests(vault_path: Path) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    vault.close()
    path = rollback.state_dir() / rollback.STATE_FILE
    raw = path.read_text()
    assert str(vault_path.parent.name) not in raw and vault_path.name not in raw
    data = json.loads(raw)
    assert data["seen"] == {vault.header.vault_id.hex(): vault.generation}
    assert data["paths"] == {rollback.path_key(vault_path): vault.header.vault_id.hex()}
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0


def test_the_first_state_format_is_still_read() -> None:
    vid = os.urandom(16)
    folder = rollback.state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / rollback.STATE_FILE).write_text(json.dumps({vid.hex(): 9}))
    assert rollback.highest_seen(vid) == 9
    rollback.record(vid, 10)
    assert rollback.highest_seen(vid) == 10


@pytest.mark.parametrize(
    "content", [b"", b"not json", b"[1, 2]", b'{"ab": "x", "cd": -3}', b"\xff",
                b'{"version": 2, "seen": [], "paths": 3}']
)
def test_damaged_state_file_is_ignored(content: bytes, tmp_path: Path) -> None:
    folder = rollback.state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / rollback.STATE_FILE).write_bytes(content)
    vid = os.urandom(16)
    assert rollback.assess(tmp_path / "v.vault", vid, 3, None) is None
    assert rollback.highest_seen(vid) == 3


def test_unwritable_state_folder_never_blocks_opening(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("NAVIGATOR_STATE_DIR", str(blocker / "state"))
    assert rollback.assess(tmp_path / "v.vault", os.urandom(16), 1, None) is None


def test_state_stays_bounded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(rollback, "MAX_ENTRIES", 5)
    ids = [os.urandom(16) for _ in range(8)]
    for n, vid in enumerate(ids):
        rollback.record(vid, 1, tmp_path / f"{n}.vault")
    data = json.loads((rollback.state_dir() / rollback.STATE_FILE).read_text())
    assert list(data["seen"]) == [vid.hex() for vid in ids[-5:]]  # the least recent go
    assert len(data["paths"]) == 5
