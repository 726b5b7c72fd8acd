"""Restoring the vault from a backup, through storage.restore and `navigator restore`."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest
from filelock import FileLock
from sqlmodel import select
from typer.testing import CliRunner

from caseload.errors import (
    InvalidInput,
    SaveFailed,
    VaultDamaged,
    VaultInUse,
    WrongPassphrase,
)
from caseload.models import Survivor
from caseload.vault import Vault, restore_backup
from navigator_tui.cli import app
from storage import backups, safe_io
from storage import vault_format as fmt
from storage.vault import lock_path, unlock_bytes
from tests.conftest import PASSPHRASE

NEW_PASSPHRASE = "a different long passphrase 2026"


def _add(vault: Vault, ref: str) -> None:
    with vault.session() as s:
        s.add(Survivor(case_ref=ref, given_name="Fictional", intake_date=dt.date(2026, 4, 1)))
        s.commit()
    vault.save()


def _refs(path: Path, passphrase: str = PASSPHRASE) -> tuple[int, set[str]]:
    with Vault.open(path, passphrase) as vault:
        with vault.session() as s:
            return vault.generation, set(s.exec(select(Survivor.case_ref)).all())


def _history(vault_path: Path) -> tuple[Path, Vault]:
    """A vault with survivors A, B, C added one save at a time; returns the backup holding
    only A, and the vault (still open)."""
    vault, _ = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    _add(vault, "NAV-RSTA1")
    _add(vault, "NAV-RSTB2")
    _add(vault, "NAV-RSTC3")
    only_a = next(b for b in backups.list_backups(vault_path) if b.generation == 2)
    return only_a.path, vault


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def test_restore_end_to_end(vault_path: Path) -> None:
    backup, vault = _history(vault_path)
    before_gen = vault.generation
    vault.close()
    assert _refs(vault_path)[1] == {"NAV-RSTA1", "NAV-RSTB2", "NAV-RSTC3"}

    result = restore_backup(vault_path, backup, PASSPHRASE)

    assert result.restored_generation == 2
    assert result.new_generation == before_gen + 1
    generation, refs = _refs(vault_path)
    assert refs == {"NAV-RSTA1"}
    assert generation == result.new_generation
    # The vault as it was is kept as a backup, and opens.
    assert result.previous_kept_as is not None
    _parsed, _key, _image = unlock_bytes(result.previous_kept_as.read_bytes(), PASSPHRASE)
    assert _parsed.header.generation == before_gen
    # Generations never go backwards: no rollback warning at the next open.
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        assert reopened.copy_warning is None
        _add(reopened, "NAV-RSTD4")  # and the restored vault saves normally
    assert not safe_io.stale_temp_files(vault_path)


def test_backup_from_before_a_passphrase_change_opens_with_the_old_passphrase(
    vault_path: Path,
) -> None:
    backup, vault = _history(vault_path)
    vault.change_passphrase(NEW_PASSPHRASE, fmt.TEST_KDF)
    vault.close()
    with pytest.raises(WrongPassphrase):
        restore_backup(vault_path, backup, NEW_PASSPHRASE)
    restore_backup(vault_path, backup, PASSPHRASE)
    assert _refs(vault_path, PASSPHRASE)[1] == {"NAV-RSTA1"}


def test_restore_with_the_recovery_key(vault_path: Path) -> None:
    vault, recovery = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    _add(vault, "NAV-RSTA1")
    _add(vault, "NAV-RSTB2")
    vault.close()
    backup = next(b for b in backups.list_backups(vault_path) if b.generation == 2)
    restore_backup(vault_path, backup.path, recovery_key=recovery)
    assert _refs(vault_path)[1] == {"NAV-RSTA1"}


@pytest.mark.parametrize(
    "problem", ["wrong-passphrase", "damaged-backup", "other-vault", "missing"]
)
def test_refused_restores_change_nothing(vault_path: Path, tmp_path: Path, problem: str) -> None:
    backup, vault = _history(vault_path)
    vault.close()
    passphrase = PASSPHRASE
    expected: type[Exception]
    if problem == "wrong-passphrase":
        passphrase, expected = "not the passphrase", WrongPassphrase
    elif problem == "damaged-backup":
        blob = bytearray(backup.read_bytes())
        blob[-5] ^= 0x01
        backup.write_bytes(bytes(blob))
        expected = VaultDamaged
    elif problem == "other-vault":
        other_path = tmp_path / "other" / "caseload.vault"
        Vault.create(other_path, PASSPHRASE, fmt.TEST_KDF)[0].close()
        backup, expected = other_path, InvalidInput
    else:
        backup, expected = tmp_path / "nothing-here.vault", InvalidInput
    before = _snapshot(vault_path.parent)
    with pytest.raises(expected) as exc:
        restore_backup(vault_path, backup, passphrase)
    assert "\n" not in exc.value.message  # type: ignore[attr-defined]
    assert _snapshot(vault_path.parent) == before


def test_restoring_over_a_damaged_vault(vault_path: Path) -> None:
    backup, vault = _history(vault_path)
    vault.close()
    vault_path.write_bytes(b"\x00" * 300)  # the disk ate the vault
    result = restore_backup(vault_path, backup, PASSPHRASE)
    assert _refs(vault_path)[1] == {"NAV-RSTA1"}
    assert result.previous_kept_as is not None
    assert result.previous_kept_as.read_bytes() == b"\x00" * 300  # kept, in case it matters


def test_restoring_when_the_vault_file_is_gone(vault_path: Path) -> None:
    backup, vault = _history(vault_path)
    vault.close()
    vault_path.unlink()
    result = restore_backup(vault_path, backup, PASSPHRASE)
    assert result.previous_kept_as is None
    assert _refs(vault_path)[1] == {"NAV-RSTA1"}


def test_a_vault_in_use_is_not_replaced(vault_path: Path) -> None:
    backup, vault = _history(vault_path)
    before = vault_path.read_bytes()
    try:
        with pytest.raises(VaultInUse):
            restore_backup(vault_path, backup, PASSPHRASE)
    finally:
        vault.close()
    assert vault_path.read_bytes() == before
    # The refusal released nothing it did not own: the lock is free again now.
    FileLock(str(lock_path(vault_path)), timeout=0).acquire()


def test_full_disk_during_restore_changes_nothing(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup, vault = _history(vault_path)
    vault.close()
    before_vault = vault_path.read_bytes()
    backup_bytes = backup.read_bytes()
    real_replace = os.replace

    def full(src: object, dst: object) -> None:
        if Path(str(dst)) == vault_path:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(SaveFailed, match="disk is full"):
        restore_backup(vault_path, backup, PASSPHRASE)
    monkeypatch.setattr(os, "replace", real_replace)
    assert vault_path.read_bytes() == before_vault
    assert backup.read_bytes() == backup_bytes
    assert not safe_io.stale_temp_files(vault_path)


# --- the command ------------------------------------------------------------------------


def _run(args: list[str], passphrase: str = PASSPHRASE):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, args, env={"NAVIGATOR_PASSPHRASE": passphrase})


def test_cli_restore(vault_path: Path) -> None:
    backup, vault = _history(vault_path)
    vault.close()
    listed = _run(["--vault", str(vault_path), "restore", "--list"])
    assert listed.exit_code == 0 and backup.name in listed.stdout

    refused = _run(["--vault", str(vault_path), "restore", "--from", str(backup)])
    assert refused.exit_code == 1 and "--yes" in refused.stderr

    wrong = _run(
        ["--vault", str(vault_path), "restore", "--from", str(backup), "--yes"], "wrong passphrase"
    )
    assert wrong.exit_code == 3
    assert wrong.stderr.strip().count("\n") == 0 and "Traceback" not in wrong.stderr

    done = _run(["--vault", str(vault_path), "restore", "--from", str(backup), "--yes"])
    assert done.exit_code == 0, done.stderr
    assert "Restored save 2" in done.stdout
    assert _refs(vault_path)[1] == {"NAV-RSTA1"}


def test_cli_restore_needs_a_backup(vault_path: Path) -> None:
    _backup, vault = _history(vault_path)
    vault.close()
    result = _run(["--vault", str(vault_path), "restore"])
    assert result.exit_code == 2 and "--from" in result.stderr
