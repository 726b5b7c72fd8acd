"""Errors the vault raises. Each carries one plain sentence for the user and an exit code.

Messages never contain personal data: they may be shown on screen or printed on stderr.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID_INPUT = 1
EXIT_USAGE = 2
EXIT_CANNOT_UNLOCK = 3
EXIT_DAMAGED = 4
EXIT_IN_USE = 5
#: The vault is an older copy, another vault, or behind its own backups (issue 15).
EXIT_OLDER_COPY = 6


class NavigatorError(Exception):
    exit_code = EXIT_INVALID_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(NavigatorError):
    exit_code = EXIT_INVALID_INPUT


class VaultError(NavigatorError):
    """Base class of every vault problem."""


class WrongPassphrase(VaultError):
    exit_code = EXIT_CANNOT_UNLOCK


class VaultDamaged(VaultError):
    exit_code = EXIT_DAMAGED


class VaultInUse(VaultError):
    exit_code = EXIT_IN_USE


class VaultNotFound(VaultError):
    exit_code = EXIT_INVALID_INPUT


class VaultExists(VaultError):
    exit_code = EXIT_INVALID_INPUT


class VaultTooNew(VaultError):
    """The vault was written by a newer Navigator (format or schema)."""

    exit_code = EXIT_INVALID_INPUT


class VaultChangedOnDisk(VaultError):
    """The file on disk is not the generation this process loaded."""

    exit_code = EXIT_IN_USE


class SaveFailed(VaultError):
    """Writing failed (disk full, read-only folder...). The vault on disk is untouched."""

    exit_code = EXIT_INVALID_INPUT


class VaultIsOlderCopy(VaultError):
    """The vault is not the newest this computer knows of it, or not the vault last used
    at this path: nothing is saved until the user restores a backup or accepts the copy."""

    exit_code = EXIT_OLDER_COPY


class FolderReadOnly(SaveFailed):
    """The vault's folder (or disk) cannot be written: it is opened read-only."""
