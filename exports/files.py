"""Writing export files: owner-only, complete or absent, never overwriting by accident.

The data goes to a temporary owner-only file (0600 on POSIX) beside the target,
is flushed to disk, then moved into place. Without ``force`` an existing target is
refused: the move uses a hard link, which fails when the name exists, so even a
file appearing between the check and the move is not replaced. Where hard links
are not supported (FAT, some network shares) the fallback is ``os.rename``, which
on Windows also refuses an existing target and on POSIX is preceded by the existence
check. With ``force`` the temporary file atomically replaces the old one.

On Windows the mode bits only set read-only; privacy relies on the folder's ACLs
(see :mod:`storage.safe_io`).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from caseload.errors import InvalidInput, NavigatorError
from storage import safe_io


class ExportExists(InvalidInput):
    """The output file exists and ``force`` was not given."""


class ExportFailed(NavigatorError):
    """The file could not be written (missing folder, no permission, disk full)."""


def _sentence(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "The disk is full: the export was not written."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{path.parent} cannot be written to (read-only or no permission)."
    if exc.errno == errno.ENOENT:
        return f"The folder {path.parent} does not exist."
    return f"The export could not be written ({exc.strerror or 'input/output error'})."


def _exists_error(path: Path) -> ExportExists:
    return ExportExists(f"{path} already exists; choose another name or use --force to replace it.")


def check_target(path: Path | str, force: bool = False) -> None:
    """Refuse early (before a passphrase is asked) when ``path`` exists and force is not set."""
    target = Path(path)
    if target.is_dir():
        raise ExportFailed(f"{target} is a folder; give a file name.")
    if target.exists() and not force:
        raise _exists_error(target)


def _move_new(tmp: Path, target: Path) -> None:
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise _exists_error(target) from None
    except OSError:
        # No hard links here (FAT, some network shares, some Windows set-ups).
        if target.exists():
            raise _exists_error(target) from None
        os.rename(tmp, target)
        return
    tmp.unlink()


def write_export(path: Path | str, data: bytes, force: bool = False) -> Path:
    """Write ``data`` to ``path`` owner-only; returns the path written."""
    target = Path(path)
    check_target(target, force)
    if not target.parent.is_dir():
        raise ExportFailed(f"The folder {target.parent} does not exist.")
    try:
        if force:
            safe_io.atomic_write(target, data)
        else:
            tmp = safe_io.temp_name(target)
            try:
                safe_io.write_new_file(tmp, data)
                _move_new(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
            safe_io.fsync_folder(target.parent)
    except OSError as exc:
        raise ExportFailed(_sentence(target, exc)) from None
    return target
