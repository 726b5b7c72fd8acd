"""Rollback detection: a vault replaced on disk by an older copy is noticed at open."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from caseload.models import Survivor
from caseload.vault import Vault
from storage import rollback
from storage import vault_format as fmt
from tests.conftest import PASSPHRASE


def _save_with_survivor(vault: Vault, ref: str) -> None:
    with vault.session() as s:
        s.add(Survivor(case_ref=ref, given_name="Rollbackcanary", intake_date=dt.date(2026, 3, 1)))
        s.commit()
    vault.save()  # the save records its generation on this machine


def test_state_dir_comes_from_the_environment(tmp_path: Path) -> None:
    assert rollback.state_dir() == Path(os.environ["NAVIGATOR_STATE_DIR"])
    assert tmp_path in rollback.state_dir().parents


def test_older_copy_put_back_is_detected(vault_path: Path, tmp_path: Path) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    assert vault.rollback_warning is None
    _save_with_survivor(vault, "NAV-RLLB1")
    old_copy = tmp_path / "old-copy.vault"
    shutil.copyfile(vault_path, old_copy)
    _save_with_survivor(vault, "NAV-RLLB2")
    _save_with_survivor(vault, "NAV-RLLB3")
    newest = vault.generation
    vault.close()

    with Vault.open(vault_path, PASSPHRASE) as reopened:
        assert reopened.rollback_warning is None

    shutil.copyfile(old_copy, vault_path)  # someone puts an older copy back
    with Vault.open(vault_path, PASSPHRASE) as rolled_back:
        warning = rolled_back.rollback_warning
        assert warning is not None
        assert f"save {rolled_back.generation}" in warning and f"earlier {newest}" in warning
        assert "\n" not in warning and "Rollbackcanary" not in warning and "NAV-" not in warning
    # It keeps warning: the highest generation is not lowered by looking at an old copy.
    with Vault.open(vault_path, PASSPHRASE) as again:
        assert again.rollback_warning is not None


def test_detected_from_the_last_open_even_without_records_after_saves(
    vault_path: Path, tmp_path: Path
) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    vault.close()
    old_copy = tmp_path / "old.vault"
    shutil.copyfile(vault_path, old_copy)
    with Vault.open(vault_path, PASSPHRASE) as v:
        v.save()
        v.save()
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert v.rollback_warning is None  # remembers this generation
    shutil.copyfile(old_copy, vault_path)
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert v.rollback_warning is not None


def test_accept_resets_the_reference_point() -> None:
    vid = os.urandom(16)
    assert rollback.warning_for(vid, 10) is None
    assert rollback.warning_for(vid, 4) is not None
    rollback.accept(vid, 4)
    assert rollback.warning_for(vid, 4) is None
    assert rollback.highest_seen(vid) == 4


def test_vaults_are_tracked_separately() -> None:
    a, b = os.urandom(16), os.urandom(16)
    assert rollback.warning_for(a, 50) is None
    assert rollback.warning_for(b, 1) is None
    assert rollback.warning_for(b, 2) is None
    assert rollback.highest_seen(a) == 50


def test_state_file_holds_only_ids_and_numbers() -> None:
    vid = os.urandom(16)
    rollback.record(vid, 7)
    path = rollback.state_dir() / rollback.STATE_FILE
    data = json.loads(path.read_text())
    assert data == {vid.hex(): 7}
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    "content", [b"", b"not json", b"[1, 2]", b'{"ab": "x", "cd": -3}', b"\xff"]
)
def test_damaged_state_file_is_ignored(content: bytes) -> None:
    folder = rollback.state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / rollback.STATE_FILE).write_bytes(content)
    vid = os.urandom(16)
    assert rollback.warning_for(vid, 3) is None
    assert rollback.highest_seen(vid) == 3


def test_unwritable_state_folder_never_blocks_opening(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("NAVIGATOR_STATE_DIR", str(blocker / "state"))
    assert rollback.warning_for(os.urandom(16), 1) is None


def test_state_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rollback, "MAX_ENTRIES", 5)
    ids = [os.urandom(16) for _ in range(8)]
    for vid in ids:
        rollback.record(vid, 1)
    data = json.loads((rollback.state_dir() / rollback.STATE_FILE).read_text())
    assert list(data) == [vid.hex() for vid in ids[-5:]]  # the least recently used go
