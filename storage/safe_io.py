"""Portable, durable file operations: owner-only files, atomic replace, fsync.

POSIX: files are created 0600 and the folders Navigator makes 0700, and the folder is
fsynced after a rename so the rename itself survives a power cut.  macOS: files are
flushed with ``F_FULLFSYNC`` (see :func:`fsync_file`).  Windows: ``os.open`` modes only
set the read-only bit, so privacy relies on the per-user profile folder ACLs that
platformdirs points into; folders cannot be opened for fsync there, so that step
is skipped (NTFS journals the rename metadata).  CI runs on Linux only; the
Windows branches are kept small and are not exercised there.
"""

from __future__ import annotations

import os
import secrets
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

#: What :func:`write_new_file` and :func:`atomic_write` write: one buffer, or pieces
#: written one after another (so a file made of parts is never joined in memory first).
Data = bytes | bytearray | memoryview | Iterable[bytes | bytearray | memoryview]

IS_WINDOWS = sys.platform == "win32"
IS_MACOS = sys.platform == "darwin"
_BINARY = getattr(os, "O_BINARY", 0)

#: Names of the steps of a safe write, in order. Tests hook :data:`fault_hook` to
#: fail before or after any of them.
STEPS = ("temp_write", "fsync", "read_back", "backup", "replace", "folder_fsync")

#: Called as ``fault_hook(step, "before" | "after")``; tests replace it to inject faults.
fault_hook: Callable[[str, str], None] = lambda step, when: None  # noqa: E731


def checkpoint(step: str, when: str, enabled: bool = True) -> None:
    if enabled:
        fault_hook(step, when)


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` owner-only (0700 on POSIX) if it does not exist yet.

    A folder that already exists is left as it is: a vault put straight into a home or
    documents folder must not change that folder's permissions.  Every folder made here,
    the missing parents included, is owner-only whatever the umask (``mkdir``'s mode is
    reduced by the umask, and ``parents=True`` gives the parents the umask's default).

    Windows: the mode bits mean nothing there; a folder made under the user's profile
    (where platformdirs points) inherits that profile's owner-only ACL, and a vault put
    elsewhere gets that folder's ACL. Setting ACLs would need pywin32, so Navigator does
    not, and says so in SECURITY.md. The branch is chosen by :data:`IS_WINDOWS`, which
    the tests switch to check that no POSIX-only call is made there.
    """
    if path.is_dir():
        return
    missing: list[Path] = []
    folder = path
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # made meanwhile by another process: not ours to change
        if not IS_WINDOWS:
            try:
                os.chmod(folder, 0o700)
            except PermissionError:
                pass


def temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")


def stale_temp_files(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.*.tmp"))


def write_new_file(path: Path, data: Data, hooks: bool = False) -> None:
    """Create ``path`` (must not exist) owner-only, write ``data`` and fsync it.

    Pieces are written with one ``os.write`` loop each, not ``os.writev``: the kernel
    copies every byte into the page cache either way, so gathering saves only a few
    system calls, and ``os.writev`` does not exist on Windows.
    """
    pieces = (data,) if isinstance(data, bytes | bytearray | memoryview) else data
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
    try:
        checkpoint("temp_write", "before", hooks)
        for piece in pieces:
            view = memoryview(piece)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        checkpoint("temp_write", "after", hooks)
        checkpoint("fsync", "before", hooks)
        fsync_file(fd)
        checkpoint("fsync", "after", hooks)
    finally:
        os.close(fd)


def fsync_file(fd: int) -> None:
    """Flush a file to the device.

    On macOS ``fsync`` only hands the data to the drive, which may keep it in its own
    cache across a power cut; ``F_FULLFSYNC`` asks the drive to write it out (Apple's
    advice for databases).  Some file systems (network shares, FAT) refuse it, and then
    plain ``fsync`` is the best there is.  CI runs on Linux, so the macOS branch is not
    exercised there.
    """
    if IS_MACOS:
        import fcntl

        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass
    os.fsync(fd)


def fsync_folder(folder: Path) -> None:
    if IS_WINDOWS:
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_bytes(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


#: Waits between tries of the final rename when the target is held (about 2 s in all).
REPLACE_RETRY_DELAYS = (0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8)


def replace_with_retries(tmp: Path, target: Path) -> None:
    """``os.replace``, tried again for a short while when the target is held.

    On Windows a rename over a file fails with a PermissionError (sharing violation)
    while another process has it open: an antivirus scan or OneDrive reading the vault
    just saved. KeePassXC retries for the same reason. On POSIX a rename fails that way
    only for a folder that cannot be written, where the temporary file could not have
    been made either, so retrying costs nothing in practice. CI runs on Linux; the
    retry is tested by simulating the PermissionError.
    """
    for delay in REPLACE_RETRY_DELAYS:
        try:
            os.replace(tmp, target)
            return
        except PermissionError:
            time.sleep(delay)
    os.replace(tmp, target)


def atomic_write(
    target: Path,
    data: Data,
    verify: Callable[[bytes], None] | None = None,
    before_replace: Callable[[], None] | None = None,
    hooks: bool = False,
    verify_stream: Callable[[BinaryIO, int], None] | None = None,
) -> None:
    """Write ``data`` to ``target`` so that either the old or the new file is always complete.

    The temporary file lives in the same folder (so the rename is atomic), is fsynced,
    read back and checked before it replaces ``target``: ``verify`` gets its bytes,
    ``verify_stream`` the file opened for reading (unbuffered) and its size, to read it
    a piece at a time. On any failure the temporary file is removed and ``target`` is
    untouched. ``hooks`` enables the fault-injection checkpoints (the vault's own save only).
    """
    tmp = temp_name(target)
    try:
        write_new_file(tmp, data, hooks)
        checkpoint("read_back", "before", hooks)
        if verify is not None:
            verify(read_bytes(tmp))
        if verify_stream is not None:
            with open(tmp, "rb", buffering=0) as fh:
                verify_stream(fh, os.fstat(fh.fileno()).st_size)
        checkpoint("read_back", "after", hooks)
        if before_replace is not None:
            checkpoint("backup", "before", hooks)
            before_replace()
            checkpoint("backup", "after", hooks)
        checkpoint("replace", "before", hooks)
        replace_with_retries(tmp, target)
        checkpoint("replace", "after", hooks)
    except BaseException:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        raise
    checkpoint("folder_fsync", "before", hooks)
    fsync_folder(target.parent)
    checkpoint("folder_fsync", "after", hooks)
