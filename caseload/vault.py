"""The caseload's vault: the encrypted container holding the core's database.

:class:`storage.vault.Vault` is the container only (format, lock, saves, backups) and
imports neither the data model nor a database library beyond sqlite3; this subclass
gives it the core's schema, so a new vault gets every table and an older one is
migrated (after a backup) when it is opened, and the SQLModel sessions the core reads
and writes through.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from sqlalchemy import Engine, event
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from caseload import migrations
from storage import restore
from storage import vault as container


def _engine_for(con: sqlite3.Connection) -> Engine:
    # hide_parameters: SQL errors must never echo personal data into messages or logs.
    engine = create_engine(
        "sqlite://", creator=lambda: con, poolclass=StaticPool, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_con: sqlite3.Connection, _record: object) -> None:
        for pragma in container.PRAGMAS:
            dbapi_con.execute(pragma)

    return engine


class Vault(container.Vault):
    """A vault holding a Navigator caseload (the one every part of the app opens)."""

    schema: ClassVar[container.Schema | None] = migrations  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engine = _engine_for(self._con)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A SQLModel session; only one thread uses the database at a time."""
        with self._db_lock, Session(self.engine, expire_on_commit=False) as session:
            yield session

    def _close_database(self) -> None:
        self.engine.dispose()


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
