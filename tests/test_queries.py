"""Loading the caseload as CaseRecords: grouped per survivor, one query per table."""

from __future__ import annotations

import datetime as dt
import gc
from typing import Any

import pytest
from sqlalchemy import String, func, select, text
from sqlmodel import AutoString, Session

from assessments.worklist import build_worklist
from caseload import queries
from caseload.case import CaseRecord
from caseload.domains import DOMAINS, RATERS
from caseload.models import Assessment, ContactAgreement, ContactLog, Promise, Survivor
from caseload.queries import FETCH_ROWS, collector_paused, load_case, load_cases
from caseload.records import (
    ROW_MODELS,
    AgreementRow,
    AssessmentRow,
    CaseNoteRow,
    ConsentRow,
    ContactRow,
    MilestoneRow,
    PromiseRow,
    ReferralRow,
    StatusChangeRow,
    SupportGoalRow,
    SurvivorRow,
    row_of,
)
from caseload.vault import Vault
from demo.generator import populate

TODAY = dt.date(2025, 6, 15)


def test_load_cases_groups_every_row_under_its_survivor(new_vault: Vault) -> None:
    with new_vault.session() as s:
        populate(s, 40, 3, TODAY)
    statements: list[str] = []
    with new_vault.session() as s:
        sqlite = s.connection().connection.dbapi_connection
        assert sqlite is not None
        sqlite.set_trace_callback(statements.append)  # every statement SQLite runs
        try:
            cases = load_cases(s)
            loaded_all = len(statements)
            load_case(s, cases[0].survivor_id)
        finally:
            sqlite.set_trace_callback(None)
    assert loaded_all == 10  # survivors + nine survivor-owned tables, never one per survivor
    assert len(statements) == 21  # the same ten for one survivor, and its case notes

    with new_vault.session() as s:
        totals = {
            m: s.execute(select(func.count()).select_from(m)).scalar()
            for m in (Survivor, Assessment, ContactLog, Promise)
        }
        versions = s.execute(select(func.count()).select_from(ContactAgreement)).scalar()
    assert len(cases) == totals[Survivor]
    assert sum(len(c.assessments) for c in cases) == totals[Assessment]
    assert sum(len(c.contacts) for c in cases) == totals[ContactLog]
    assert sum(len(c.promises) for c in cases) == totals[Promise]
    assert sum(len(c.agreement_history) for c in cases) == versions
    for c in cases:
        rows = [*c.assessments, *c.contacts, *c.promises, *c.milestones, *c.consents]
        assert all(r.survivor_id == c.survivor_id for r in rows)
        assert [a.date for a in c.assessments] == sorted(a.date for a in c.assessments)
        if c.agreement_history:
            assert c.agreement is c.agreement_history[-1]
            assert c.agreement.version == max(g.version for g in c.agreement_history)
    assert [c.case_ref for c in cases] == sorted(c.case_ref for c in cases)
    assert build_worklist(cases, TODAY)  # the demo gives the worklist something to do


def test_load_case_matches_load_cases(new_vault: Vault) -> None:
    with new_vault.session() as s:
        populate(s, 5, 8, TODAY)
        every = {c.survivor_id: c for c in load_cases(s)}
        for sid, expected in every.items():
            one = load_case(s, sid)
            assert one is not None
            assert [a.id for a in one.assessments] == [a.id for a in expected.assessments]
            assert [x.id for x in one.contacts] == [x.id for x in expected.contacts]
            assert [p.id for p in one.promises] == [p.id for p in expected.promises]
        assert load_case(s, 99_999) is None


def test_every_model_field_but_the_stamps_is_on_its_row() -> None:
    for row_type, model in ROW_MODELS:
        columns = {c.name for c in model.__table__.columns} - {"created_at", "updated_at"}
        assert set(row_type._fields) == columns, row_type.__name__


def _rows_of(case: CaseRecord) -> list[Any]:
    return [
        case.survivor,
        *case.assessments,
        *case.agreement_history,
        *case.contacts,
        *case.promises,
        *case.milestones,
        *case.consents,
        *case.status_history,
        *case.referrals,
        *case.goals,
        *case.notes,
    ]


def test_loaded_rows_hold_what_the_database_holds_and_read_like_the_models(
    new_vault: Vault,
) -> None:
    with new_vault.session() as s:
        populate(s, 12, 5, TODAY)
        # One case at a time: its notes too (load_cases leaves them out).
        cases = [load_case(s, c.survivor_id) for c in load_cases(s)]
    models = dict(ROW_MODELS)
    checked: set[type] = set()
    with new_vault.session() as s:
        for case in cases:
            for row in _rows_of(case):
                stored = s.get(models[type(row)], row.id)
                assert stored is not None
                assert row == row_of(type(row), stored)  # every field, same values and types
                assert [type(v) for v in row] == [type(v) for v in row_of(type(row), stored)]
                checked.add(type(row))
                if isinstance(row, AssessmentRow):
                    assert isinstance(stored, Assessment)
                    for rater in RATERS:
                        assert row.levels(rater) == stored.levels(rater)
                        for domain in DOMAINS:
                            assert row.level(domain, rater) == stored.level(domain, rater)
                            assert row.missing_reason(domain, rater) == stored.missing_reason(
                                domain, rater
                            )
                if isinstance(row, SurvivorRow):
                    assert isinstance(stored, Survivor)
                    assert row.display_name == stored.display_name
                    assert row.initials == stored.initials
                    assert row.exploitation_type_list == stored.exploitation_type_list
                if isinstance(row, AgreementRow):
                    assert isinstance(stored, ContactAgreement)
                    assert row.channel_list == stored.channel_list
                    assert row.safe_day_list == stored.safe_day_list
    assert checked == {row_type for row_type, _ in ROW_MODELS}  # the demo has every kind


def test_loaded_lists_are_in_the_order_the_rules_expect(new_vault: Vault) -> None:
    with new_vault.session() as s:
        populate(s, 12, 6, TODAY)
        for case in load_cases(s):
            again = CaseRecord(
                survivor=case.survivor,
                assessments=list(reversed(case.assessments)),
                agreement_history=list(reversed(case.agreement_history)),
                contacts=list(reversed(case.contacts)),
                promises=list(reversed(case.promises)),
                milestones=list(reversed(case.milestones)),
                consents=case.consents,
                status_history=list(reversed(case.status_history)),
                referrals=list(reversed(case.referrals)),
                goals=case.goals,
            )
            assert again == case


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_leaves_the_garbage_collector_as_it_found_it(
    new_vault: Vault, enabled: bool
) -> None:
    with new_vault.session() as s:
        populate(s, 3, 7, TODAY)
        (gc.enable if enabled else gc.disable)()
        try:
            assert load_cases(s)
            assert gc.isenabled() == enabled
        finally:
            gc.enable()


def test_only_the_outermost_pause_enables_the_collector_again_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause found it paused: left it so
        raise RuntimeError("boom")
    assert gc.isenabled()


def _orm_cases(session: Session, notes: bool = False) -> list[CaseRecord]:
    """The caseload built the plain way, from ORM objects: the reference for load_cases
    (and, with ``notes``, for load_case, which also reads the case notes)."""
    rows: dict[type, list[Any]] = {}
    for row_type, model in ROW_MODELS:
        objects = session.execute(select(model).order_by(model.id)).scalars()
        rows[row_type] = [row_of(row_type, obj) for obj in objects]
    survivors = sorted(rows[SurvivorRow], key=lambda r: r.case_ref)

    def owned(row_type: type, sid: int | None) -> list[Any]:
        return [r for r in rows[row_type] if r.survivor_id == sid]

    return [
        CaseRecord(
            survivor=survivor,
            assessments=owned(AssessmentRow, survivor.id),
            agreement_history=owned(AgreementRow, survivor.id),
            contacts=owned(ContactRow, survivor.id),
            promises=owned(PromiseRow, survivor.id),
            milestones=owned(MilestoneRow, survivor.id),
            consents=owned(ConsentRow, survivor.id),
            status_history=owned(StatusChangeRow, survivor.id),
            referrals=owned(ReferralRow, survivor.id),
            goals=owned(SupportGoalRow, survivor.id),
            notes=owned(CaseNoteRow, survivor.id) if notes else [],
        )
        for survivor in survivors
    ]


def _assert_same_cases(loaded: list[CaseRecord], expected: list[CaseRecord]) -> None:
    assert loaded == expected
    for got, want in zip(loaded, expected, strict=True):
        for got_row, want_row in zip(_rows_of(got), _rows_of(want), strict=True):
            assert type(got_row) is type(want_row)
            # == does not tell True from 1 or a date from an equal string's absence of type
            assert [type(v) for v in got_row] == [type(v) for v in want_row], type(got_row)


def _mark_every_text_field(session: Session) -> None:
    """Give every text field of every row a value of its own (column name and row id).

    Many text fields are empty or hold the same code in most rows, so a loader that
    swapped or shifted two of them would still give equal records; with these values
    it cannot.
    """
    for row_type, model in ROW_MODELS:
        table = model.__table__  # type: ignore[attr-defined]
        texts = [
            name
            for name in row_type._fields
            if isinstance(table.c[name].type, AutoString | String) and name != "case_ref"
        ]
        assignments = ", ".join(f"{name} = '{name}:' || id" for name in texts)
        session.execute(text(f"UPDATE {table.name} SET {assignments}"))
    session.commit()


@pytest.mark.parametrize("fetch_rows", [FETCH_ROWS, 7])
def test_load_cases_gives_exactly_what_the_orm_gives(
    new_vault: Vault, monkeypatch: pytest.MonkeyPatch, fetch_rows: int
) -> None:
    # 7 rows a fetch: many parts, so values seen in one part are reused in the next
    monkeypatch.setattr(queries, "FETCH_ROWS", fetch_rows)
    with new_vault.session() as s:
        populate(s, 30, 11, TODAY)
        _assert_same_cases(load_cases(s), _orm_cases(s))
        _mark_every_text_field(s)
        expected = _orm_cases(s)
        _assert_same_cases(load_cases(s), expected)
        with_notes = _orm_cases(s, notes=True)
        for case in with_notes[:5]:
            one = load_case(s, case.survivor_id)
            assert one is not None
            _assert_same_cases([one], [case])
    kinds = {type(row) for case in with_notes for row in _rows_of(case)}
    assert kinds == {row_type for row_type, _ in ROW_MODELS}  # the demo has every kind


def test_loading_sees_changes_not_yet_flushed_like_a_session_query(new_vault: Vault) -> None:
    with new_vault.session() as s:
        populate(s, 3, 2, TODAY)
        s.add(Survivor(case_ref="NAV-PENDING", intake_date=TODAY))
        assert "NAV-PENDING" in {c.case_ref for c in load_cases(s)}
        with s.no_autoflush:
            s.add(Survivor(case_ref="NAV-HELD", intake_date=TODAY))
            assert "NAV-HELD" not in {c.case_ref for c in load_cases(s)}


@pytest.mark.parametrize(
    "documents",
    [
        ['[{"label": "a"}'],  # malformed on its own
        ["[1", "2]"],  # malformed each, valid joined: still refused
    ],
)
def test_a_malformed_json_document_fails_the_load_as_it_fails_the_orm(
    new_vault: Vault, documents: list[str]
) -> None:
    with new_vault.session() as s:
        populate(s, 6, 4, TODAY)
        ids = s.execute(select(ContactAgreement.id).order_by(ContactAgreement.id)).scalars()
        for agreement_id, document in zip(ids, documents, strict=False):
            s.execute(
                text("UPDATE contactagreement SET phones = :doc WHERE id = :id"),
                {"doc": document, "id": agreement_id},
            )
        with pytest.raises(ValueError):
            _orm_cases(s)
        with pytest.raises(ValueError):
            load_cases(s)
