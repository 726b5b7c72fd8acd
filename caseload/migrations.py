"""Schema migrations of the database inside the vault.

``PRAGMA user_version`` holds the schema version. ``MIGRATIONS[n]`` upgrades a
database from version ``n`` to ``n + 1``. The vault takes a backup before it runs
any of them. A vault of every released schema version is kept under
``tests/fixtures/`` and must keep opening.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel, create_engine

from caseload.errors import VaultTooNew
from caseload.models import SCHEMA_VERSION, new_record_key

Migration = Callable[[sqlite3.Connection], None]

#: Columns added by schema version 2: the free-text specification of each category
#: that gained "other" (table, column).  Existing rows get an empty specification.
V2_OTHER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("contactagreement", "channels_other"),
    ("contactagreement", "update_frequency_other"),
    ("contactagreement", "detail_level_other"),
    ("contactlog", "channel_other"),
    ("contactlog", "outcome_other"),
    ("consent", "kind_other"),
    ("consent", "method_other"),
)


def _v1_to_v2(con: sqlite3.Connection) -> None:
    for table, column in V2_OTHER_COLUMNS:
        con.execute(f"ALTER TABLE {table} ADD COLUMN {column} VARCHAR NOT NULL DEFAULT ''")


def _v2_to_v3(con: sqlite3.Connection) -> None:
    """The case status history.  A vault of schema 2 kept only the latest change of each
    case: it becomes the first entry of that case's history (a closure with its reason)."""
    con.execute(
        "CREATE TABLE casestatuschange ("
        " id INTEGER NOT NULL PRIMARY KEY,"
        " survivor_id INTEGER NOT NULL REFERENCES survivor (id) ON DELETE CASCADE,"
        " changed_on DATE NOT NULL,"
        " status VARCHAR NOT NULL,"
        " reason VARCHAR NOT NULL DEFAULT '',"
        " created_at DATETIME NOT NULL)"
    )
    con.execute("CREATE INDEX ix_casestatuschange_survivor_id ON casestatuschange (survivor_id)")
    con.execute(
        "INSERT INTO casestatuschange (survivor_id, changed_on, status, reason, created_at) "
        "SELECT id, status_changed_on, status, "
        " CASE WHEN status = 'closed' THEN closure_reason ELSE '' END, CURRENT_TIMESTAMP "
        "FROM survivor WHERE status_changed_on IS NOT NULL ORDER BY id"
    )


def _v3_to_v4(con: sqlite3.Connection) -> None:
    """The phone a contact used and why it went outside the agreement: every contact
    logged before says neither (empty)."""
    for column in ("phone", "outside_agreement_reason"):
        con.execute(f"ALTER TABLE contactlog ADD COLUMN {column} VARCHAR NOT NULL DEFAULT ''")


def _v4_to_v5(con: sqlite3.Connection) -> None:
    """Who may contact, as categories the contact form can check (every earlier
    agreement says it only in words: empty, not checked), whether a survivor was told
    of a broken promise (empty: not asked), and the history of corrections."""
    con.execute("ALTER TABLE contactagreement ADD COLUMN may_contact VARCHAR NOT NULL DEFAULT ''")
    con.execute("ALTER TABLE promise ADD COLUMN survivor_told VARCHAR NOT NULL DEFAULT ''")
    con.execute(
        "CREATE TABLE recordcorrection ("
        " id INTEGER NOT NULL PRIMARY KEY,"
        " survivor_id INTEGER NOT NULL REFERENCES survivor (id) ON DELETE CASCADE,"
        " record_kind VARCHAR NOT NULL,"
        " record_id INTEGER NOT NULL,"
        " action VARCHAR NOT NULL,"
        " changed_at DATETIME NOT NULL,"
        " field VARCHAR NOT NULL,"
        " old_value VARCHAR NOT NULL,"
        " new_value VARCHAR NOT NULL)"
    )
    con.execute("CREATE INDEX ix_recordcorrection_survivor_id ON recordcorrection (survivor_id)")


def _v5_to_v6(con: sqlite3.Connection) -> None:
    """Each survivor's permanent random record key: drawn here for every existing
    survivor (it says nothing about them; it weighs them in the funder figures)."""
    con.execute("ALTER TABLE survivor ADD COLUMN record_key INTEGER NOT NULL DEFAULT 0")
    ids = [row[0] for row in con.execute("SELECT id FROM survivor")]
    con.executemany(
        "UPDATE survivor SET record_key = ? WHERE id = ?", [(new_record_key(), i) for i in ids]
    )


#: The tables schema 7 added, as SQLAlchemy wrote them for a new vault then (frozen here:
#: a later change to the models must not change what this step does).
_V7_TABLES = (
    (
        'CREATE TABLE provider ( id INTEGER NOT NULL, name VARCHAR NOT NULL, service_kinds '
        'VARCHAR NOT NULL, service_other VARCHAR NOT NULL, languages VARCHAR NOT NULL, '
        'area VARCHAR NOT NULL, how_to_refer VARCHAR NOT NULL, contact VARCHAR NOT NULL, '
        'notes VARCHAR NOT NULL, created_at '
        'DATETIME NOT NULL, PRIMARY KEY (id) )'
    ),
    (
        'CREATE TABLE referral ( id INTEGER NOT NULL, survivor_id INTEGER NOT NULL, '
        'service_kind VARCHAR NOT NULL, service_other VARCHAR NOT NULL, provider_id INTEGER, '
        'provider_name VARCHAR NOT NULL, domains VARCHAR NOT NULL, status VARCHAR NOT NULL, '
        'referred_on DATE, accepted_on DATE, started_on DATE, ended_on DATE, follow_up_on '
        'DATE, note VARCHAR NOT NULL, created_at DATETIME NOT NULL, updated_at DATETIME NOT '
        'NULL, PRIMARY KEY (id), FOREIGN KEY(survivor_id) REFERENCES survivor (id) ON DELETE '
        'CASCADE, FOREIGN KEY(provider_id) REFERENCES provider (id) ON DELETE SET NULL )'
    ),
    'CREATE INDEX ix_referral_provider_id ON referral (provider_id)',
    'CREATE INDEX ix_referral_survivor_id ON referral (survivor_id)',
    (
        'CREATE TABLE supportgoal ( id INTEGER NOT NULL, survivor_id INTEGER NOT NULL, domain'
        ' VARCHAR NOT NULL, goal VARCHAR NOT NULL, actions VARCHAR NOT NULL, agreed_on DATE, '
        'created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (id), '
        'FOREIGN KEY(survivor_id) REFERENCES survivor (id) ON DELETE CASCADE )'
    ),
    'CREATE INDEX ix_supportgoal_survivor_id ON supportgoal (survivor_id)',
    (
        'CREATE TABLE casenote ( id INTEGER NOT NULL, survivor_id INTEGER NOT NULL, '
        'written_on DATE NOT NULL, text VARCHAR NOT NULL, created_at DATETIME NOT NULL, '
        'PRIMARY KEY (id), FOREIGN KEY(survivor_id) REFERENCES survivor (id) ON DELETE '
        'CASCADE )'
    ),
    'CREATE INDEX ix_casenote_survivor_id ON casenote (survivor_id)',
    (
        'CREATE TABLE activity ( id INTEGER NOT NULL, kind VARCHAR NOT NULL, date DATE NOT '
        'NULL, force VARCHAR NOT NULL, reference VARCHAR NOT NULL, theme VARCHAR NOT NULL, '
        'theme_other VARCHAR NOT NULL, site_kind VARCHAR NOT NULL, site_other VARCHAR NOT '
        'NULL, people_encountered INTEGER, potential_victims_identified INTEGER, referred '
        'INTEGER, audience VARCHAR NOT NULL, organisation VARCHAR NOT NULL, attendees '
        'INTEGER, improved_pct FLOAT, note VARCHAR NOT NULL, record_key INTEGER NOT NULL, '
        'created_at DATETIME NOT NULL, PRIMARY KEY (id) )'
    ),
)


def _v6_to_v7(con: sqlite3.Connection) -> None:
    """Referrals, support plan goals, case notes, the service directory and activities:
    new tables, empty in every earlier vault."""
    for statement in _V7_TABLES:
        con.execute(statement)


#: version -> function that upgrades a database from that version to the next.
MIGRATIONS: dict[int, Migration] = {
    1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5, 5: _v5_to_v6, 6: _v6_to_v7,
}


def schema_version(con: sqlite3.Connection) -> int:
    return int(con.execute("PRAGMA user_version").fetchone()[0])


def needs_migration(con: sqlite3.Connection) -> bool:
    version = schema_version(con)
    if version > SCHEMA_VERSION:
        raise VaultTooNew(
            "This vault was written by a newer version of Navigator; update Navigator to open it."
        )
    return version < SCHEMA_VERSION


def create_schema(con: sqlite3.Connection) -> None:
    engine = create_engine("sqlite://", creator=lambda: con, poolclass=StaticPool)
    SQLModel.metadata.create_all(engine)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    con.commit()


def migrate(con: sqlite3.Connection) -> None:
    version = schema_version(con)
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](con)
        version += 1
        con.execute(f"PRAGMA user_version = {version}")
        con.commit()
