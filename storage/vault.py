"""The encrypted vault: one file holding a navigator's whole caseload.

While unlocked, the caseload is an in-memory SQLite database used through SQLModel.
:meth:`Vault.save` serializes it, encrypts it (see :mod:`storage.vault_format`) and
replaces the file atomically, keeping the previous file as an encrypted backup.
Nothing is written to disk in plaintext.

A process holds an exclusive OS-level lock (``<vault>.lock``) for as long as the
vault is open; the OS drops it when the process dies, so a crash never blocks the
next start.

Blocking calls (key derivation, saving) belong in worker threads in the app. All
database access goes through :meth:`Vault.session`, which serialises threads.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import threading
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, ClassVar, Protocol

from filelock import FileLock, Timeout

from storage import backups, rollback, safe_io, synced_folders
from storage import vault_format as fmt
from storage.errors import (
    FolderReadOnly,
    SaveFailed,
    VaultChangedOnDisk,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultInUse,
    VaultIsOlderCopy,
    VaultNotFound,
)

#: Pragmas for the in-memory database: deleted content is zeroed (so it does not
#: survive in the serialized image), temporary tables stay in memory.
PRAGMAS = ("PRAGMA secure_delete = ON", "PRAGMA temp_store = MEMORY", "PRAGMA foreign_keys = ON")


class Schema(Protocol):
    """What the container asks of the database it holds (the core's migrations).

    The container never imports the data model: the core's vault class names its schema.
    """

    def create_schema(self, con: sqlite3.Connection) -> None: ...

    def schema_version(self, con: sqlite3.Connection) -> int: ...

    def needs_migration(self, con: sqlite3.Connection) -> bool: ...

    def migrate(self, con: sqlite3.Connection) -> None: ...


def lock_path(vault_path: Path) -> Path:
    return vault_path.with_name(vault_path.name + ".lock")


def acquire_lock(vault_path: Path) -> FileLock:
    lock = FileLock(str(lock_path(vault_path)), timeout=0, mode=0o600, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise VaultInUse(
            "This vault is already open in another Navigator window or process; close it first."
        ) from None
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise FolderReadOnly(
                "The vault's folder is read-only (or not yours to write): nothing can be "
                "saved there; copy the vault to a writable folder to change it."
            ) from None
        raise SaveFailed(
            f"Cannot create the lock file beside the vault ({exc.strerror})."
        ) from None
    return lock


def refuse_if_in_use(vault_path: Path) -> None:
    """Raise :class:`VaultInUse` at once when another process has the vault open.

    For asking before the passphrase is typed; :meth:`Vault.open` takes the lock for
    good (and refuses again if another process took it meanwhile). A lock that cannot
    even be tried (a read-only folder) is left for the open to report.
    """
    if not vault_path.exists():
        return
    try:
        acquire_lock(vault_path).release()
    except SaveFailed:
        return


def _read_vault(path: Path) -> bytes:
    try:
        # Checked before reading, so a hostile path (a huge file, a device, a pipe) cannot
        # make the program allocate without bound or wait forever.
        info = path.stat()
        if not stat.S_ISDIR(info.st_mode) and (
            not stat.S_ISREG(info.st_mode) or info.st_size > fmt.max_file_size()
        ):
            raise VaultDamaged("This is not a Navigator vault: not a file of a possible size.")
        return safe_io.read_bytes(path)
    except FileNotFoundError:
        raise VaultNotFound(
            f"No vault at {path}. Create one with 'navigator init' or pass --vault."
        ) from None
    except IsADirectoryError:
        raise VaultNotFound(f"{path} is a folder, not a vault file.") from None
    except OSError as exc:
        raise VaultDamaged(f"The vault file cannot be read ({exc.strerror}).") from None


def read_header(path: Path) -> fmt.Header:
    """Parse and checksum the header of the file on disk (no key needed)."""
    return fmt.parse(_read_vault(path)).header


def unlock_bytes(
    blob: bytes, passphrase: str | None = None, recovery_key: str | None = None
) -> tuple[fmt.ParsedFile, bytes, bytes]:
    """Authenticate and decrypt a vault image: returns (parsed file, data key, plaintext)."""
    parsed = fmt.parse(blob)
    header = parsed.header
    if recovery_key is not None:
        slot = header.slot("recovery")
        kek = fmt.derive_recovery_key(fmt.parse_recovery_key(recovery_key), slot.salt)
    elif passphrase is not None:
        slot = header.slot("passphrase")
        assert slot.kdf is not None
        kek = fmt.derive_passphrase_key(passphrase, slot.salt, slot.kdf)
    else:
        raise ValueError("a passphrase or a recovery key is needed")
    data_key = fmt.unwrap_key(slot, kek, header.vault_id)
    return parsed, data_key, fmt.decrypt_payload(parsed, data_key)


def _unlock_file(
    path: Path, passphrase: str | None, recovery_key: str | None
) -> tuple[fmt.Header, bytes, bytes]:
    """Read and decrypt the vault file; only the plaintext outlives this call, so the
    file's bytes and the caseload are never both held beside the database's own copy."""
    parsed, data_key, image = unlock_bytes(_read_vault(path), passphrase, recovery_key)
    return parsed.header, data_key, image


def new_connection(image: bytes | None) -> sqlite3.Connection:
    con = sqlite3.connect(":memory:", check_same_thread=False)
    if image is not None:
        try:
            con.deserialize(image)
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            con.close()
            raise VaultDamaged("The caseload inside the vault is not a valid database.") from None
    for pragma in PRAGMAS:
        con.execute(pragma)
    return con


class Vault:
    """An unlocked vault. Use :meth:`create` or :meth:`open`; always :meth:`close`.

    A subclass names the :class:`Schema` of the database inside (``caseload.vault.Vault``
    is the one the app uses); without one the database is left as it is.
    """

    schema: ClassVar[Schema | None] = None

    def __init__(
        self,
        path: Path,
        header: fmt.Header,
        data_key: bytes,
        con: sqlite3.Connection,
        lock: FileLock | None,
    ) -> None:
        self.path = path
        self.header = header
        self._data_key = data_key
        self._con = con
        self._file_lock = lock
        self._db_lock = threading.RLock()
        self.migrated_from: int | None = None
        #: Set at open when the file is an older copy, another vault, or behind its own
        #: backups (:func:`storage.rollback.assess`): saves refuse until the user restores
        #: a backup or calls :meth:`accept_copy`.
        self.copy_warning: rollback.CopyWarning | None = None
        #: Opened from a folder or disk that cannot be written: every save refuses.
        self.read_only = lock is None
        #: One sentence when the vault is inside a folder a cloud service synchronises.
        self.synced_warning: str | None = synced_folders.warning_for(path)
        #: Saves are numbered above this (an accepted older copy's newest known save).
        self._generation_floor = 0

    # --- opening ----------------------------------------------------------------

    @classmethod
    def create(
        cls, path: Path, passphrase: str, kdf: fmt.KdfParams = fmt.PRODUCTION_KDF
    ) -> tuple[Vault, str]:
        """Create a new vault; returns it with the formatted recovery key (show it once)."""
        path = Path(path)
        safe_io.ensure_private_dir(path.parent)
        lock = acquire_lock(path)
        try:
            if path.exists():
                raise VaultExists(f"A vault already exists at {path}; it was not overwritten.")
            data_key = os.urandom(32)
            vault_id = os.urandom(16)
            recovery = fmt.new_recovery_key()
            header = fmt.Header(
                vault_id=vault_id,
                generation=0,
                slots=(
                    fmt.passphrase_slot(data_key, vault_id, passphrase, kdf),
                    fmt.recovery_slot(data_key, vault_id, recovery),
                ),
            )
            con = new_connection(None)
            vault = cls(path, header, data_key, con, lock)
            if cls.schema is not None:
                cls.schema.create_schema(con)
            vault.save()
        except BaseException:
            lock.release()
            raise
        return vault, fmt.format_recovery_key(recovery)

    @classmethod
    def open(
        cls, path: Path, passphrase: str | None = None, *, recovery_key: str | None = None
    ) -> Vault:
        """Unlock the vault at ``path``. Slow on purpose (Argon2id): call from a worker."""
        path = Path(path)
        if not path.exists():
            raise VaultNotFound(
                f"No vault at {path}. Create one with 'navigator init' or pass --vault."
            )
        lock: FileLock | None
        try:
            lock = acquire_lock(path)
        except FolderReadOnly:
            lock = None  # a read-only disk or folder: opened read-only, nothing saved
        try:
            if lock is not None:
                for stale in [*safe_io.stale_temp_files(path), *backups.stale_temp_files(path)]:
                    stale.unlink(missing_ok=True)
            header, data_key, image = _unlock_file(path, passphrase, recovery_key)
            con = new_connection(image)
            del image  # the database holds its own copy: the file is in memory once
            vault = cls(path, header, data_key, con, lock)
            newest_backup = backups.newest_generation(path, header.vault_id, header.generation)
            vault.copy_warning = rollback.assess(
                path, header.vault_id, header.generation, newest_backup
            )
            # An accepted older copy saves above every save known of it, in every session.
            vault._generation_floor = max(
                rollback.highest_seen(header.vault_id) or 0, newest_backup or 0
            )
            if cls.schema is not None and cls.schema.needs_migration(con):
                vault.migrated_from = cls.schema.schema_version(con)
                cls.schema.migrate(con)
                if vault.can_save():  # else migrated in memory, saved once allowed
                    backups.take_backup(path, _read_vault(path), header.generation)
                    vault.save()
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return vault

    # --- use --------------------------------------------------------------------

    @property
    def generation(self) -> int:
        return self.header.generation

    @property
    def schema_version(self) -> int:
        if self.schema is None:
            raise ValueError("this vault names no schema")
        with self._db_lock:
            return self.schema.schema_version(self._con)

    def save(self) -> None:
        """Encrypt the caseload and replace the vault file atomically.

        Refuses (VaultChangedOnDisk) when the file on disk is not the generation this
        process loaded. On any failure the file on disk is unchanged and the caseload
        stays in memory, so the user can try again.
        """
        if self.read_only:
            raise FolderReadOnly(
                "The vault was opened read-only (its folder or disk cannot be written): "
                "nothing was saved; copy the vault to a writable folder to change it."
            )
        if self.copy_warning is not None:
            raise VaultIsOlderCopy(
                f"{self.copy_warning.happened} Nothing was saved: restore the newest backup, "
                "or accept this copy first."
            )
        with self._db_lock:
            current = self._current_header()
            if current is not None:
                if (current.vault_id, current.generation) != (
                    self.header.vault_id,
                    self.header.generation,
                ):
                    raise VaultChangedOnDisk(
                        "The vault file was changed by another program since it was opened; "
                        "nothing was overwritten. Close Navigator and open the vault again."
                    )
            self._write(self.header.generation if current is not None else None)

    def can_save(self) -> bool:
        return not self.read_only and self.copy_warning is None

    def accept_copy(self) -> None:
        """Keep this copy as the vault: the warning stops (remembered on this computer),
        and the next save is numbered above every generation known of this vault, so the
        backups and copies that were newer stay recognisable as older from then on."""
        if self.copy_warning is None:
            return
        rollback.accept(self.header.vault_id, self.header.generation, self.path)
        self._generation_floor = max(self._generation_floor, self.copy_warning.newest_known)
        self.copy_warning = None

    def _write(self, on_disk_generation: int | None) -> Path | None:
        """Encrypt and write the caseload as the next generation; returns the backup made.

        ``on_disk_generation`` is the generation of the file being replaced, kept as a
        backup first (None: there is no file to keep). :meth:`save` and a restore
        (:mod:`storage.restore`) both write through here.
        """
        with self._db_lock:
            image = self._con.serialize()
            next_generation = max(self.header.generation, self._generation_floor) + 1
            header = replace(self.header, generation=next_generation)
            # Written as it is encrypted, a piece at a time: no copy of the whole file.
            header, pieces = fmt.encode_pieces(header, self._data_key, image)

            def verify(written: BinaryIO, size: int) -> None:
                # What is on disk is read back and its AES-GCM tag checked: with a fresh
                # nonce and a key only this process holds, that proves every byte, so no
                # byte comparison with what was meant to be written is needed.
                try:
                    fmt.verify_stream(written, self._data_key, header, size)
                except VaultDamaged:
                    raise SaveFailed(
                        "The saved file did not read back correctly; nothing was replaced."
                    ) from None

            kept: list[Path] = []

            def keep_backup() -> None:
                if on_disk_generation is not None:
                    kept.append(backups.keep_current_file(self.path, on_disk_generation))

            try:
                safe_io.atomic_write(
                    self.path, pieces, None, keep_backup, hooks=True, verify_stream=verify
                )
            except BaseException as exc:
                # After the replace only the folder fsync is left: if that fails, the new
                # file is in place and this process must follow it, or the next save would
                # be refused as "changed on disk" after being told nothing was saved.
                replaced = self._file_has(header)
                if replaced:
                    self.header = header
                if not isinstance(exc, OSError):
                    raise
                if not replaced:
                    raise SaveFailed(_save_error_sentence(exc)) from None
            self.header = header
            if on_disk_generation is not None:
                # Retention (unlinking backups that fell out of the keep set) is not part
                # of making this save durable; it runs beside the caller's next work.
                backups.rotate_in_background(self.path)
            return kept[0] if kept else None

    def change_passphrase(self, new_passphrase: str, kdf: fmt.KdfParams | None = None) -> None:
        """Rewrap the data key under a new passphrase (the data is not re-encrypted)."""
        old_slot = self.header.slot("passphrase")
        params = kdf or old_slot.kdf or fmt.PRODUCTION_KDF
        slot = fmt.passphrase_slot(self._data_key, self.header.vault_id, new_passphrase, params)
        previous = self.header
        self.header = self.header.with_slot(slot)
        try:
            self.save()
        except BaseException:
            self.header = previous
            raise

    def verify_file(self, path: Path) -> fmt.Header:
        """Authenticate another file of this vault (a backup) with the data key."""
        parsed = fmt.parse(_read_vault(Path(path)))
        if parsed.header.vault_id != self.header.vault_id:
            raise VaultDamaged(f"{Path(path).name} belongs to a different vault.")
        image = fmt.decrypt_payload(parsed, self._data_key)
        con = new_connection(image)
        try:
            if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise VaultDamaged(
                    f"The caseload inside {Path(path).name} fails its integrity check."
                )
        finally:
            con.close()
        return parsed.header

    def integrity_problems(self) -> list[str]:
        """SQLite's integrity and foreign-key checks of the open caseload (empty when sound)."""
        with self._db_lock:
            problems = [r[0] for r in self._con.execute("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [
                f"a {r[0]} row points to a missing {r[2]}"
                for r in self._con.execute("PRAGMA foreign_key_check")
            ]
        return problems

    def backup_to(self, out: Path) -> None:
        """Write an encrypted copy of the saved vault to ``out`` (refuses to overwrite)."""
        out = Path(out)
        if out.exists():
            raise VaultExists(f"{out} already exists; choose another name.")
        data = _read_vault(self.path)
        try:
            safe_io.atomic_write(out, data)
        except OSError as exc:
            raise SaveFailed(_save_error_sentence(exc)) from None

    def close(self) -> None:
        backups.wait_for_rotation()
        # The path is this vault's from now on only if it was not refused as another's.
        known_here = self.copy_warning is None or self.copy_warning.kind != rollback.FOREIGN
        rollback.record(
            self.header.vault_id, self.header.generation, self.path if known_here else None
        )
        with self._db_lock:
            self._close_database()
            self._con.close()
            self._data_key = b""
        if self._file_lock is not None:
            self._file_lock.release()

    def _close_database(self) -> None:
        """What a subclass holds over the database is let go here (before it closes)."""

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _file_has(self, header: fmt.Header) -> bool:
        """Whether the vault file on disk is the one written with ``header``.

        Only the header is read: its payload nonce is fresh for every save, and the
        file was authenticated in full before it could take the vault's name.
        """
        try:
            return self._current_header() == header
        except VaultError:
            return False

    def _current_header(self) -> fmt.Header | None:
        """The header of the vault file on disk (None if the file is gone)."""
        try:
            with open(self.path, "rb") as fh:
                start = fh.read(fmt.START_READ_LIMIT)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise SaveFailed(_save_error_sentence(exc)) from None
        return fmt.parse_start(start)[0]


def _save_error_sentence(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return (
            "The disk is full: nothing was saved and the vault on disk is unchanged; "
            "free some space and save again."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (
            "The vault's folder cannot be written to (read-only or no permission): "
            "nothing was saved."
        )
    return (
        f"Saving failed ({exc.strerror or 'input/output error'}): the vault on disk is unchanged."
    )
