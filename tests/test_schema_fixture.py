"""A vault of every schema version (committed, never regenerated) still opens and migrates.

``tests/fixtures/schema_vN.vault`` was written by schema version N (see
``make_schema_vN.py`` beside it). Opening one migrates it to the current version; the
data it held must come through unchanged and its tables must end up with the columns
a new vault has.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import func, select

from assessments.worklist import build_worklist
from caseload import models
from caseload.migrations import SCHEMA_VERSION, V2_OTHER_COLUMNS
from caseload.queries import load_case, load_cases
from caseload.vault import Vault
from storage.vault import unlock_bytes
from storage.vault_format import TEST_KDF

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VERSIONS = (1, 2, 3, 4, 5, 6, 7)


def _copy(version: int, tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    expected = json.loads((FIXTURES / f"schema_v{version}.json").read_text(encoding="utf-8"))
    path = tmp_path / f"schema_v{version}.vault"
    shutil.copyfile(FIXTURES / f"schema_v{version}.vault", path)
    return path, expected


def _tables(con: Any) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as column -> value, ordered by rowid."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    ]
    rows = {}
    for name in names:
        cursor = con.execute(f"SELECT * FROM {name} ORDER BY rowid")
        columns = [d[0] for d in cursor.description]
        rows[name] = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return rows


def _columns(con: Any) -> dict[str, set[tuple[str, str, int]]]:
    """Each table's columns as (name, declared type, not null)."""
    tables = [t for t in _tables(con)]
    return {
        t: {(r[1], r[2], r[3]) for r in con.execute(f"PRAGMA table_info({t})").fetchall()}
        for t in tables
    }


def test_the_fixtures_cover_every_schema_version() -> None:
    assert VERSIONS == tuple(range(1, SCHEMA_VERSION + 1))
    for version in VERSIONS:
        expected = json.loads((FIXTURES / f"schema_v{version}.json").read_text("utf-8"))
        assert expected["schema_version"] == version
        assert (FIXTURES / f"make_schema_v{version}.py").exists()


@pytest.mark.parametrize("version", VERSIONS)
def test_schema_fixture_opens_migrates_and_reads(version: int, tmp_path: Path) -> None:
    path, expected = _copy(version, tmp_path)
    with Vault.open(path, expected["passphrase"]) as vault:
        assert vault.schema_version == SCHEMA_VERSION
        assert vault.migrated_from == (version if version < SCHEMA_VERSION else None)
        with vault.session() as s:
            for table, count in expected["counts"].items():
                model = getattr(models, table)
                assert s.exec(select(func.count()).select_from(model)).one() == count, table
            cases = load_cases(s)
        assert sorted(c.case_ref for c in cases) == expected["case_refs"]
        assert build_worklist(cases, dt.date(2026, 11, 22))
        assert vault.integrity_problems() == []


def test_schema_v1_migrates_to_the_columns_of_a_new_vault_and_keeps_every_value(
    tmp_path: Path,
) -> None:
    path, expected = _copy(1, tmp_path)
    image = unlock_bytes(path.read_bytes(), expected["passphrase"])[2]
    old = sqlite3.connect(":memory:")
    old.deserialize(image)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    before = _tables(old)
    added = {(t, c) for t, c in V2_OTHER_COLUMNS}
    assert not any(c in before[t][0] for t, c in added)  # version 1 really lacks them

    fresh, _ = Vault.create(tmp_path / "new.vault", "fresh vault passphrase", TEST_KDF)
    with fresh.session() as s:
        new_columns = _columns(s.connection().connection.driver_connection)
    fresh.close()

    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        con = s.connection().connection.driver_connection
        assert _columns(con) == new_columns  # same names, types and NOT NULL as a new vault
        after = _tables(con)
    assert set(after) == set(before) | {  # by 3, 5 and 7
        "casestatuschange", "recordcorrection",
        "provider", "referral", "supportgoal", "casenote", "activity",
    }
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old_row, new_row in zip(rows, after[table], strict=True):
            assert {k: new_row[k] for k in old_row} == old_row, table
            assert {c: new_row[c] for t, c in added if t == table} == {
                c: "" for t, c in added if t == table
            }


def test_schema_v2_keeps_the_specifications(tmp_path: Path) -> None:
    path, expected = _copy(2, tmp_path)
    tables = {m.__tablename__: m for m in (models.ContactAgreement, models.ContactLog,
                                           models.Consent)}  # fmt: skip
    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        for key, texts in expected["specified"].items():
            table, column = key.split(".")
            field = getattr(tables[table], column)
            assert sorted(set(s.exec(select(field).where(field != "")).all())) == texts, key
            assert texts


def test_schema_v2_latest_status_change_becomes_the_first_history_entry(
    tmp_path: Path,
) -> None:
    path, expected = _copy(2, tmp_path)
    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        changed = s.exec(
            select(models.Survivor).where(models.Survivor.status_changed_on != None)  # noqa: E711
        ).all()
        history = s.exec(select(models.CaseStatusChange)).all()
        assert changed, "the version 2 fixture holds paused or closed cases"
        assert sorted((h.survivor_id, h.changed_on, h.status) for h in history) == sorted(
            (c.id, c.status_changed_on, c.status) for c in changed
        )
        for entry in history:
            survivor = s.get(models.Survivor, entry.survivor_id)
            assert survivor is not None
            assert entry.reason == (survivor.closure_reason if entry.status == "closed" else "")


def test_schema_v3_keeps_the_status_history(tmp_path: Path) -> None:
    path, expected = _copy(3, tmp_path)
    change = models.CaseStatusChange
    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        rows = s.exec(select(change.changed_on, change.status, change.reason)).all()
        assert sorted([str(d), status, reason] for d, status, reason in rows) == (
            expected["history"]
        )


def test_schema_v3_contacts_gain_an_empty_phone_and_reason(tmp_path: Path) -> None:
    path, expected = _copy(3, tmp_path)
    log = models.ContactLog
    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        rows = s.exec(select(log.phone, log.outside_agreement_reason)).all()
    assert len(rows) == expected["counts"]["ContactLog"]
    assert set(rows) == {("", "")}  # nothing said before schema 4, nothing invented


def test_schema_v4_keeps_contacts_outside_the_agreement(tmp_path: Path) -> None:
    path, expected = _copy(4, tmp_path)
    log = models.ContactLog
    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        rows = s.exec(
            select(log.contact_date, log.phone, log.outside_agreement_reason).where(
                log.outside_agreement_reason != ""
            )
        ).all()
    assert sorted([str(d), p, r] for d, p, r in rows) == expected["outside"]


def test_schema_v4_agreements_and_promises_gain_empty_who_and_told(tmp_path: Path) -> None:
    """Nothing said before schema 5 is invented: who may contact is not checked, and no
    broken promise is taken as told or as not told."""
    path, expected = _copy(4, tmp_path)
    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        who = s.exec(select(models.ContactAgreement.may_contact)).all()
        told = s.exec(select(models.Promise.survivor_told)).all()
        cases = load_cases(s)
    assert len(who) == expected["counts"]["ContactAgreement"] and set(who) == {""}
    assert len(told) == expected["counts"]["Promise"] and set(told) == {""}
    assert all(c.agreement is None or c.agreement.may_contact_list == [] for c in cases)


def test_schema_v5_keeps_who_may_contact_and_told(tmp_path: Path) -> None:
    path, expected = _copy(5, tmp_path)
    agreement, promise = models.ContactAgreement, models.Promise
    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        who = set(s.exec(select(agreement.may_contact).where(agreement.may_contact != "")))
        told = s.exec(
            select(promise.status_changed_on, promise.survivor_told).where(
                promise.status == "broken"
            )
        ).all()
    assert sorted(who) == expected["may_contact"]
    assert sorted([str(d), t] for d, t in told) == expected["told"]
    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        corrections = s.exec(select(models.RecordCorrection)).all()
    assert sorted([c.record_kind, c.action, c.field] for c in corrections) == (
        expected["corrections"]
    )


def test_schema_v5_survivors_gain_random_record_keys_that_stay(tmp_path: Path) -> None:
    path, expected = _copy(5, tmp_path)
    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        keys = dict(s.exec(select(models.Survivor.case_ref, models.Survivor.record_key)).all())
        vault.save()
    assert len(set(keys.values())) == len(keys) == expected["counts"]["Survivor"]
    assert all(0 <= k < models.RECORD_KEY_SPACE for k in keys.values())
    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        again = dict(s.exec(select(models.Survivor.case_ref, models.Survivor.record_key)).all())
    assert again == keys  # drawn once, at the migration


def test_schema_v6_keeps_the_record_keys(tmp_path: Path) -> None:
    path, expected = _copy(6, tmp_path)
    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        keys = dict(s.exec(select(models.Survivor.case_ref, models.Survivor.record_key)).all())
    assert keys == expected["record_keys"]


def test_schema_v6_gains_empty_referrals_plans_notes_directory_and_activities(
    tmp_path: Path,
) -> None:
    path, expected = _copy(6, tmp_path)
    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        for model in (models.Provider, models.Referral, models.SupportGoal, models.CaseNote,
                      models.Activity):
            assert s.exec(select(func.count()).select_from(model)).one() == 0
        assert all(c.referrals == [] and c.goals == [] for c in load_cases(s))


def test_schema_v7_keeps_referrals_plans_notes_directory_and_activities(
    tmp_path: Path,
) -> None:
    path, expected = _copy(7, tmp_path)
    with Vault.open(path, expected["passphrase"]) as vault, vault.session() as s:
        referral = s.exec(select(models.Referral)).one()
        provider = s.exec(select(models.Provider)).one()
        assert referral.provider_id == provider.id and referral.status == "referred"
        assert referral.domain_list == ["safety", "financial_stability"]
        case = load_case(s, referral.survivor_id)
        assert case is not None and [n.text for n in case.notes] == ["Fictional case note"]
        assert [g.goal for g in case.goals] == ["Feel safe at home"]
        activity = s.exec(select(models.Activity)).one()
        assert activity.improved_pct == 87.5 and activity.record_key == 1_234_567
