"""Restore the vault from one of its encrypted backups.

A backup is a byte copy of an earlier vault file, so it opens with the passphrase
(or recovery key) the vault had at the time. Restoring:

1. reads the backup and unlocks it completely (keys, authentication, a sound SQLite
   image of a schema this Navigator can open): a backup that does not unlock changes
   nothing;
2. takes the vault's lock, so a vault open in another window is never replaced;
3. refuses a backup of a different vault (unless the current file is too damaged to
   tell whose it is, which is when restoring matters most);
4. keeps the current vault file, as it is, as a new backup;
5. re-encrypts the backup's caseload under a fresh nonce with a generation higher than
   any seen for this vault, so generations never go backwards (and rollback detection
   does not mistake the restore for an attack), and replaces the vault atomically.
"""

from __future__ import annotations

import errno
import sqlite3
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from filelock import FileLock, Timeout

from storage import backups, rollback, safe_io
from storage import vault_format as fmt
from storage.errors import InvalidInput, SaveFailed, VaultDamaged, VaultError, VaultInUse
from storage.vault import Schema, lock_path, unlock_bytes


@dataclass(frozen=True)
class RestoreResult:
    restored_generation: int
    new_generation: int
    #: Where the replaced vault file was kept (None when there was no vault file).
    previous_kept_as: Path | None


def _read(path: Path, what: str) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{path.name} is not a file.")
        if info.st_size > fmt.max_file_size():
            raise VaultDamaged(f"{path.name} is far too large to be a Navigator vault.")
        return safe_io.read_bytes(path)
    except FileNotFoundError:
        raise InvalidInput(f"No {what} at {path}.") from None
    except OSError as exc:
        raise InvalidInput(f"The {what} cannot be read ({exc.strerror}).") from None


def _check_image(image: bytes, schema: Schema | None) -> None:
    con = sqlite3.connect(":memory:")
    try:
        con.deserialize(image)
        ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if ok and schema is not None:
            schema.needs_migration(con)  # raises VaultTooNew for a newer schema
    except sqlite3.DatabaseError:
        ok = False
    finally:
        con.close()
    if not ok:
        raise VaultDamaged("The caseload inside that backup is damaged; nothing was changed.")


def _error_sentence(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "The disk is full: nothing was restored, and the vault is unchanged."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "The vault's folder cannot be written to: nothing was restored."
    return f"Restoring failed ({exc.strerror or 'input/output error'}): the vault is unchanged."


def restore_backup(
    vault_path: Path,
    backup_path: Path,
    passphrase: str | None = None,
    *,
    recovery_key: str | None = None,
    schema: Schema | None = None,
) -> RestoreResult:
    """Replace the vault at ``vault_path`` with the caseload of ``backup_path``.

    ``passphrase`` (or ``recovery_key``) is the one that opens the backup. Raises a
    :class:`~storage.errors.NavigatorError` with a one-sentence message, and then
    nothing has changed. ``schema`` refuses a backup from a newer Navigator (the core's
    :func:`caseload.vault.restore_backup` gives it).
    """
    vault_path, backup_path = Path(vault_path), Path(backup_path)
    if vault_path.exists() and backup_path.resolve() == vault_path.resolve():
        raise InvalidInput("That is the vault itself, not a backup of it.")
    blob = _read(backup_path, "backup")
    parsed, data_key, image = unlock_bytes(blob, passphrase, recovery_key)
    _check_image(image, schema)
    source = parsed.header

    safe_io.ensure_private_dir(vault_path.parent)
    lock = FileLock(str(lock_path(vault_path)), timeout=0, mode=0o600, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise VaultInUse(
            "The vault is open in another Navigator window or process; close it, then restore."
        ) from None
    except OSError as exc:
        raise SaveFailed(_error_sentence(exc)) from None
    try:
        current_blob: bytes | None = None
        current: fmt.Header | None = None
        if vault_path.exists():
            current_blob = _read(vault_path, "vault")
            try:
                current = fmt.parse(current_blob).header
            except VaultError:
                current = None  # damaged: exactly when a restore is needed
        if current is not None and current.vault_id != source.vault_id:
            raise InvalidInput("That backup belongs to a different vault; nothing was changed.")
        generation = 1 + max(
            source.generation,
            current.generation if current else 0,
            rollback.highest_seen(source.vault_id) or 0,
        )
        _header, new_blob = fmt.encode(replace(source, generation=generation), data_key, image)

        def verify(written: bytes) -> None:
            if written != new_blob:
                raise SaveFailed("The restored file did not read back correctly; nothing changed.")
            fmt.decrypt_payload(fmt.parse(written), data_key)

        kept: Path | None = None
        try:
            if current_blob is not None:
                kept = backups.take_backup(
                    vault_path, current_blob, current.generation if current else 0
                )
            safe_io.atomic_write(vault_path, new_blob, verify)
        except OSError as exc:
            _put_back(backup_path, blob)
            raise SaveFailed(_error_sentence(exc)) from None
        except BaseException:
            _put_back(backup_path, blob)
            raise
        rollback.record(source.vault_id, generation)
        return RestoreResult(source.generation, generation, kept)
    finally:
        lock.release()


def _put_back(backup_path: Path, blob: bytes) -> None:
    """Backup rotation may have removed the chosen backup; never lose it on a failure."""
    if not backup_path.exists():
        try:
            safe_io.atomic_write(backup_path, blob)
        except OSError:
            pass
