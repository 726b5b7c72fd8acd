"""The caseload's vault: the encrypted container holding the core's database.

:class:`storage.vault.Vault` is the container only (format, lock, saves, backups) and
never imports the data model; this subclass gives it the core's schema, so a new vault
gets every table and an older one is migrated (after a backup) when it is opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from caseload import migrations
from storage import restore
from storage import vault as container


class Vault(container.Vault):
    """A vault holding a Navigator caseload (the one every part of the app opens)."""

    schema: ClassVar[container.Schema | None] = migrations  # type: ignore[assignment]


def restore_backup(
    vault_path: Path,
    backup_path: Path,
    passphrase: str | None = None,
    *,
    recovery_key: str | None = None,
) -> restore.RestoreResult:
    """:func:`storage.restore.restore_backup` for a caseload (a newer schema is refused)."""
    return restore.restore_backup(
        vault_path, backup_path, passphrase, recovery_key=recovery_key, schema=migrations
    )
