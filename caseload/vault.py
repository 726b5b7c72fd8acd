"""The caseload's vault: the encrypted container holding the core's database.

:class:`storage.vault.Vault` is the container only (format, lock, saves, backups) and
never imports the data model; this subclass gives it the core's schema, so a new vault
gets every table and an older one is migrated (after a backup) when it is opened.
"""

from __future__ import annotations

from typing import ClassVar

from caseload import migrations
from storage import vault as container


class Vault(container.Vault):
    """A vault holding a Navigator caseload (the one every part of the app opens)."""

    schema: ClassVar[container.Schema | None] = migrations  # type: ignore[assignment]
