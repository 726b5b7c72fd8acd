"""The core's errors: one plain sentence for the user and an exit code each.

The vault's own errors are defined beside the container (:mod:`storage.errors`, which
may not import the core) and are the same classes here, so every layer above the
container imports its errors from this module.
"""

from __future__ import annotations

from storage.errors import (
    EXIT_CANNOT_UNLOCK,
    EXIT_DAMAGED,
    EXIT_IN_USE,
    EXIT_INVALID_INPUT,
    EXIT_OK,
    EXIT_OLDER_COPY,
    EXIT_USAGE,
    FolderReadOnly,
    InvalidInput,
    NavigatorError,
    SaveFailed,
    VaultChangedOnDisk,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultInUse,
    VaultIsOlderCopy,
    VaultNotFound,
    VaultTooNew,
    WrongPassphrase,
)

__all__ = [
    "EXIT_CANNOT_UNLOCK",
    "EXIT_DAMAGED",
    "EXIT_IN_USE",
    "EXIT_INVALID_INPUT",
    "EXIT_OK",
    "EXIT_OLDER_COPY",
    "EXIT_USAGE",
    "FolderReadOnly",
    "InvalidInput",
    "NavigatorError",
    "SaveFailed",
    "VaultChangedOnDisk",
    "VaultDamaged",
    "VaultError",
    "VaultExists",
    "VaultInUse",
    "VaultIsOlderCopy",
    "VaultNotFound",
    "VaultTooNew",
    "WrongPassphrase",
]
