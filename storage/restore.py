"""Restore the vault from one of its encrypted backups.

A backup is a byte copy of an earlier vault file, so it opens with the passphrase
(or recovery key) the vault had at the time. Restoring:

1. reads the backup and unlocks it completely (keys, authentication, a sound SQLite
   image of a schema this Navigator can open): a backup that does not unlock changes
   nothing;
2. takes the vault's lock (the vault's own), so a vault open in another window is
   never replaced;
3. refuses a backup of a different vault (unless the current file is too damaged to
   tell whose it is, which is when restoring matters most);
4. keeps the current vault file, as it is, as a new backup;
5. writes the backup's caseload through the vault's own save path (a fresh nonce, read
   back and authenticated, atomic replace, the replaced file kept as a backup) with a
   generation higher than any seen for this vault, so generations never go backwards
   (and rollback detection does not mistake the restore for an attack).
"""

from __future__ import annotations

import errno
import sqlite3
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from storage import rollback, safe_io
from storage import vault as vault_module
from storage import vault_format as fmt
from storage.errors import InvalidInput, SaveFailed, VaultDamaged, VaultError, VaultInUse
from storage.vault import Schema, unlock_bytes


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
    try:
        lock = vault_module.acquire_lock(vault_path)
    except VaultInUse:
        raise VaultInUse(
            "The vault is open in another Navigator window or process; close it, then restore."
        ) from None
    try:
        current: fmt.Header | None = None
        exists = vault_path.exists()
        if exists:
            try:
                current = fmt.parse(_read(vault_path, "vault")).header
            except VaultError:
                current = None  # damaged: exactly when a restore is needed
        if current is not None and current.vault_id != source.vault_id:
            raise InvalidInput("That backup belongs to a different vault; nothing was changed.")
        # The vault's own save writes the restored caseload as the next generation, higher
        # than any seen for this vault, keeping the file it replaces as a backup.
        highest = max(
            source.generation,
            current.generation if current else 0,
            rollback.highest_seen(source.vault_id) or 0,
        )
        restored = vault_module.Vault(
            vault_path,
            replace(source, generation=highest),
            data_key,
            vault_module.new_connection(image),
            lock,
        )
    except BaseException:
        lock.release()
        raise
    try:
        kept = restored._write(  # the container's own write path, past the on-disk check
            (current.generation if current else 0) if exists else None
        )
    except OSError as exc:
        _put_back(backup_path, blob)
        restored.close()
        raise SaveFailed(_error_sentence(exc)) from None
    except BaseException:
        _put_back(backup_path, blob)
        restored.close()
        raise
    generation = restored.header.generation
    restored.close()  # records the new generation for rollback detection, releases the lock
    return RestoreResult(source.generation, generation, kept)


def _put_back(backup_path: Path, blob: bytes) -> None:
    """Backup rotation may have removed the chosen backup; never lose it on a failure."""
    if not backup_path.exists():
        try:
            safe_io.atomic_write(backup_path, blob)
        except OSError:
            pass
