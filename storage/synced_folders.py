"""Folders that a cloud service synchronises (OneDrive, Dropbox, Google Drive, iCloud).

A vault in such a folder is copied to the service (encrypted, but it leaves the laptop)
and can be put back by it as an older copy, or as a "conflicted copy" beside it. The
check is by the folder names each service uses, plus Windows' own OneDrive variables;
it never touches the network and never blocks anything: it only gives a warning.

Names recognised (case-insensitive): ``OneDrive`` and ``OneDrive - <organisation>``
(Windows, macOS), ``Dropbox``, ``Google Drive``, ``GoogleDrive-<account>``, ``My Drive``,
``iCloud Drive``, ``Mobile Documents`` (macOS's iCloud Drive folder), and the entries
of macOS's ``~/Library/CloudStorage``. CI runs on Linux: the Windows variables are
tested by setting them, not with a real OneDrive.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePath

#: (how a folder name starts, the service's name), lower case.
_PREFIXES = (
    ("onedrive", "OneDrive"),
    ("dropbox", "Dropbox"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("icloud drive", "iCloud Drive"),
    ("icloud~", "iCloud Drive"),
    ("mobile documents", "iCloud Drive"),
)
#: Windows sets these to the OneDrive folders of the signed-in user.
_ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


def service_for(path: Path | PurePath) -> str | None:
    """The cloud service that synchronises ``path``'s folder, if any."""
    if isinstance(path, Path):
        path = path.absolute()
    parts = [part.lower() for part in path.parts[:-1]]
    for index, part in enumerate(parts):
        if part == "cloudstorage" and index + 1 < len(parts):
            return _by_prefix(parts[index + 1]) or "a cloud storage service"
        found = _by_prefix(part)
        if found:
            return found
    folder = os.path.normcase(str(path.parent))
    for variable in _ONEDRIVE_VARIABLES:
        root = os.environ.get(variable)
        if root:
            root = os.path.normcase(os.path.abspath(root))
            if folder == root or folder.startswith(root.rstrip("\\/") + os.sep):
                return "OneDrive"
    return None


def _by_prefix(name: str) -> str | None:
    for prefix, service in _PREFIXES:
        if name.startswith(prefix):
            return service
    return None


def warning_for(path: Path | PurePath) -> str | None:
    """One sentence for a vault inside a synchronised folder, naming what to do."""
    service = service_for(path)
    if service is None:
        return None
    return (
        f"This vault is in a folder that {service} synchronises: a copy leaves this laptop, "
        "and the service can put an older copy back; move the vault to a folder that is "
        "not synchronised (and point Navigator at it with --vault)."
    )
