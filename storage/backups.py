"""Encrypted backups of earlier vault generations, kept in ``backups/`` beside the vault.

A backup is a byte-for-byte copy of a vault file as it was before a save, so it is
encrypted exactly as that vault was and opens with the passphrase of its time (or
the recovery key). Retention: the 4 most recent, the newest of each of the last 3 days
and of each of the last 3 weeks, and never more than 10 times the vault's size in all.

After a vault save, retention runs in a background thread (:func:`rotate_in_background`):
unlinking a backup of a large vault frees its blocks and cached pages, several
milliseconds that the save does not need to wait for. Every unlink is independent, so
a process that dies part-way leaves only extra backups, removed at the next save.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from storage import safe_io
from storage import vault_format as fmt
from storage.errors import VaultError

#: At most 4 + 3 + 3 = 10 backups, each about the vault's size, and never more bytes in
#: all than :data:`MAX_TOTAL_RATIO` times the vault (a vault that shrank, after a
#: retention deletion, keeps fewer). Full copies: each opens on its own, with no chain.
KEEP_LAST = 4
KEEP_DAYS = 3
KEEP_WEEKS = 3
MAX_TOTAL_RATIO = 10
_NAME = re.compile(r"^(?P<stem>.+)-g(?P<gen>\d+)-(?P<stamp>\d{8}T\d{6}\d{6}Z)\.vault$")


@dataclass(frozen=True)
class Backup:
    path: Path
    generation: int
    taken_at: dt.datetime


def backup_dir(vault_path: Path) -> Path:
    return vault_path.parent / "backups"


def list_backups(vault_path: Path) -> list[Backup]:
    """Backups of this vault, newest first (from the names alone: no file is opened)."""
    folder = backup_dir(vault_path)
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = []
    for name in names:
        match = _NAME.match(name)
        if not match or match["stem"] != vault_path.stem:
            continue
        taken = dt.datetime.strptime(match["stamp"], "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC)
        found.append(Backup(folder / name, int(match["gen"]), taken))
    return sorted(found, key=lambda b: (b.taken_at, b.generation), reverse=True)


def newest_of(vault_path: Path, vault_id: bytes, above: int) -> Backup | None:
    """The backup of this vault beside it with the highest generation above ``above``.

    Names give the generation; only the headers of backups above ``above`` are read
    (their start, unauthenticated: enough to tell which vault they belong to), so the
    usual case, no newer backup, opens no file.
    """
    for backup in sorted(list_backups(vault_path), key=lambda b: -b.generation):
        if backup.generation <= above:
            return None
        try:
            with open(backup.path, "rb") as fh:
                header, _ = fmt.parse_start(fh.read(fmt.START_READ_LIMIT))
        except (OSError, VaultError):
            continue
        if header.vault_id == vault_id and header.generation == backup.generation:
            return backup
    return None


def newest_generation(vault_path: Path, vault_id: bytes, above: int) -> int | None:
    newest = newest_of(vault_path, vault_id, above)
    return None if newest is None else newest.generation


def total_size(vault_path: Path) -> int:
    """Bytes taken by this vault's backups (for ``navigator check``)."""
    total = 0
    for backup in list_backups(vault_path):
        try:
            total += backup.path.stat().st_size
        except OSError:
            continue
    return total


def stale_temp_files(vault_path: Path) -> list[Path]:
    """Half-written backups left by a crash (``safe_io.temp_name`` of a backup's name)."""
    folder = backup_dir(vault_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f".{vault_path.stem}-g*.vault.*.tmp"))


def _backup_target(vault_path: Path, generation: int, now: dt.datetime) -> Path:
    folder = backup_dir(vault_path)
    safe_io.ensure_private_dir(folder)
    return folder / f"{vault_path.stem}-g{generation}-{now.strftime('%Y%m%dT%H%M%S%fZ')}.vault"


def take_backup(
    vault_path: Path, data: bytes, generation: int, now: dt.datetime | None = None
) -> Path:
    """Store ``data`` (a vault file's bytes) as a backup, then apply retention."""
    now = now or dt.datetime.now(dt.UTC)
    target = _backup_target(vault_path, generation, now)
    safe_io.atomic_write(target, data)
    rotate(vault_path, now)
    return target


def keep_current_file(vault_path: Path, generation: int, now: dt.datetime | None = None) -> Path:
    """Keep the vault file as it is now as a backup, before a save replaces it.

    A hard link costs no copy: the replace only moves the vault's name to the new
    file, and the backup's name keeps the old one. Where links are not possible
    (FAT-formatted drives, some network shares) the bytes are copied instead. The
    backups folder is fsynced before returning, so the backup is durable before the
    vault's name moves. Retention is left to the caller (:func:`rotate_in_background`).
    """
    now = now or dt.datetime.now(dt.UTC)
    target = _backup_target(vault_path, generation, now)
    try:
        os.link(vault_path, target)
    except OSError:
        safe_io.atomic_write(target, safe_io.read_bytes(vault_path))
    else:
        safe_io.fsync_folder(target.parent)
    return target


def keep_set(
    backups: list[Backup], now: dt.datetime, sizes: dict[Path, int] | None = None,
    vault_size: int | None = None,
) -> set[Path]:
    """The backups to keep (``backups`` newest first): the last :data:`KEEP_LAST`, the
    newest of each of the last :data:`KEEP_DAYS` days and of each of the last
    :data:`KEEP_WEEKS` calendar weeks; then, newest first, only as many as fit in
    :data:`MAX_TOTAL_RATIO` times the vault's size (the newest is always kept)."""
    keep = {b.path for b in backups[:KEEP_LAST]}
    days_seen: set[int] = set()
    weeks_seen: set[int] = set()
    this_week = _week(now.date())
    # Calendar days and weeks (Monday to Sunday), not ones counted back from now: the
    # newest backup of a past day or week stays its newest, so it is never dropped by
    # one rotation and wanted by the next.
    for b in backups:  # newest first: the first seen of each day is that day's newest
        day = b.taken_at.date()
        days_ago = (now.date() - day).days
        if days_ago < KEEP_DAYS and days_ago not in days_seen:
            days_seen.add(days_ago)
            keep.add(b.path)
        week = _week(day)
        if this_week - week < KEEP_WEEKS and week not in weeks_seen:
            weeks_seen.add(week)
            keep.add(b.path)
    if sizes is None or vault_size is None:
        return keep
    budget = MAX_TOTAL_RATIO * vault_size
    fitted: set[Path] = set()
    total = 0
    for b in backups:
        if b.path not in keep:
            continue
        total += sizes.get(b.path, 0)
        if fitted and total > budget:
            break
        fitted.add(b.path)
    return fitted


def _week(day: dt.date) -> int:
    """The number of the calendar week (Monday to Sunday) holding ``day``."""
    return (day.toordinal() - 1) // 7  # 1 January of year 1 was a Monday


def rotate(vault_path: Path, now: dt.datetime | None = None) -> None:
    """Unlink the backups outside the keep set (names and sizes only: nothing is read)."""
    now = now or dt.datetime.now(dt.UTC)
    backups = list_backups(vault_path)
    if not backups:
        return
    sizes: dict[Path, int] = {}
    for b in backups:
        try:
            sizes[b.path] = b.path.stat().st_size
        except OSError:
            sizes[b.path] = 0
    try:
        vault_size = vault_path.stat().st_size
    except OSError:
        vault_size = None  # no vault to compare with: keep by age only
    keep = keep_set(backups, now, sizes, vault_size)
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)


_rotation_lock = threading.Lock()
_rotation: threading.Thread | None = None


def _rotate_quietly(vault_path: Path) -> None:
    try:
        rotate(vault_path)
    except OSError:
        pass  # retention is applied again after the next save


def rotate_in_background(vault_path: Path) -> None:
    """Apply retention in a background thread (one at a time, in order).

    A listing taken before a newer backup appears keeps more, never less, so this
    can overlap the next save safely.
    """
    global _rotation
    with _rotation_lock:
        if _rotation is not None:
            _rotation.join()
        _rotation = threading.Thread(
            target=_rotate_quietly, args=(vault_path,), name="backup-retention", daemon=True
        )
        _rotation.start()


def wait_for_rotation() -> None:
    """Wait for a background retention pass to finish (at close, before restores)."""
    global _rotation
    with _rotation_lock:
        if _rotation is not None:
            _rotation.join()
            _rotation = None
