"""The vault on odd disks: any umask, a file held by another process at the rename
(Windows), a file far too large, a read-only folder, a synchronised folder."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path, PureWindowsPath

import pytest

from caseload.errors import FolderReadOnly, VaultDamaged
from caseload.vault import Vault
from storage import safe_io, synced_folders
from storage import vault as vault_module
from storage import vault_format as fmt
from tests.conftest import PASSPHRASE


@pytest.mark.skipif(os.name != "posix", reason="POSIX mode bits")
def test_every_folder_navigator_makes_is_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "c" / "caseload.vault"
    old = os.umask(0)
    try:
        vault, _ = Vault.create(path, PASSPHRASE, fmt.TEST_KDF)
        vault.save()  # makes backups/ too
        vault.close()
    finally:
        os.umask(old)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", path.parent, path.parent / "backups"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    for file in [path, *(path.parent / "backups").iterdir()]:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_an_existing_parent_is_left_as_it_is(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    safe_io.ensure_private_dir(tmp_path / "new")
    assert stat.S_IMODE(tmp_path.stat().st_mode) == 0o755


def test_on_windows_no_posix_mode_call_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows takes the profile folder's ACL (SECURITY.md); chmod is not called there."""
    monkeypatch.setattr(safe_io, "IS_WINDOWS", True)

    def no_chmod(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("chmod called on the Windows path")

    monkeypatch.setattr(os, "chmod", no_chmod)
    safe_io.ensure_private_dir(tmp_path / "x" / "y")
    assert (tmp_path / "x" / "y").is_dir()


def test_the_final_rename_is_retried_while_another_process_holds_the_file(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    real_replace = os.replace
    attempts: list[str] = []

    def held_twice(src: object, dst: object) -> None:
        attempts.append(str(dst))
        if str(dst) == str(vault_path) and len(attempts) <= 2:
            raise PermissionError(errno.EACCES, "The process cannot access the file")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", held_twice)
    monkeypatch.setattr(safe_io.time, "sleep", lambda _s: None)
    before = vault.generation
    vault.save()
    assert vault.generation == before + 1 and len(attempts) == 3
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as reopened:
        assert reopened.generation == before + 1


def test_a_file_held_for_good_fails_the_save_and_keeps_the_vault(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    before = vault_path.read_bytes()
    slept: list[float] = []

    def always_held(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(os, "replace", always_held)
    monkeypatch.setattr(safe_io.time, "sleep", slept.append)
    with pytest.raises(Exception, match="cannot be written|nothing was saved"):
        vault.save()
    assert vault_path.read_bytes() == before
    assert slept == list(safe_io.REPLACE_RETRY_DELAYS)  # a bounded wait, about 2 s
    assert not safe_io.stale_temp_files(vault_path)
    monkeypatch.undo()
    vault.close()


def test_a_file_too_large_to_be_a_vault_is_refused_by_its_size_unread(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault_path.parent.mkdir(parents=True, exist_ok=True)
    with open(vault_path, "wb") as fh:  # sparse: no disk used
        fh.truncate(fmt.max_file_size() + 1)
    assert fmt.max_file_size() < 600 * 1024 * 1024  # a 1 GiB file is well past it

    def no_read(_path: Path) -> bytes:
        raise AssertionError("the file was read")

    monkeypatch.setattr(safe_io, "read_bytes", no_read)
    with pytest.raises(VaultDamaged, match="possible size"):
        Vault.open(vault_path, PASSPHRASE)


def test_a_caseload_too_large_for_a_vault_is_not_saved(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caseload.errors import SaveFailed

    vault, _ = Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)
    before = vault_path.read_bytes()
    monkeypatch.setattr(fmt, "MAX_PAYLOAD_SIZE", 1024)
    with pytest.raises(SaveFailed, match="too large"):
        vault.save()
    assert vault_path.read_bytes() == before
    monkeypatch.undo()
    vault.close()


def test_a_read_only_folder_opens_read_only_and_saves_nothing(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Vault.create(vault_path, PASSPHRASE, fmt.TEST_KDF)[0].close()
    before = sorted(vault_path.parent.iterdir())

    def read_only_lock(_path: Path) -> object:
        raise FolderReadOnly("read-only")

    monkeypatch.setattr(vault_module, "acquire_lock", read_only_lock)
    with Vault.open(vault_path, PASSPHRASE) as vault:
        assert vault.read_only and not vault.can_save()
        with pytest.raises(FolderReadOnly, match="opened read-only"):
            vault.save()
    assert sorted(vault_path.parent.iterdir()) == before


def test_lock_errors_other_than_read_only_still_refuse(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    def no_space(self: object, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileLock, "acquire", no_space)
    with pytest.raises(Exception, match="Cannot create the lock file"):
        vault_module.acquire_lock(vault_path)


@pytest.mark.parametrize(
    ("path", "service"),
    [
        (PureWindowsPath(r"C:\Users\tester\OneDrive - Example Police\Cases\caseload.vault"),
         "OneDrive"),
        (PureWindowsPath(r"C:\Users\tester\Dropbox\caseload.vault"), "Dropbox"),
        (PureWindowsPath(r"G:\My Drive\caseload.vault"), "Google Drive"),
        (Path("/Users/tester/Library/Mobile Documents/com~apple~CloudDocs/caseload.vault"),
         "iCloud Drive"),
        (Path("/Users/tester/Library/CloudStorage/GoogleDrive-x@example.org/caseload.vault"),
         "Google Drive"),
        (Path("/Users/tester/Library/CloudStorage/Box-Box/caseload.vault"),
         "a cloud storage service"),
        (Path("/home/tester/.local/share/navigator/caseload.vault"), None),
        (PureWindowsPath(r"C:\Users\tester\AppData\Local\navigator\caseload.vault"), None),
    ],
)
def test_synchronised_folders_are_recognised(path: Path, service: str | None) -> None:
    assert synced_folders.service_for(path) == service
