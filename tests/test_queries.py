"""Loading the caseload as CaseRecords: grouped per survivor, one query per table."""

from __future__ import annotations

import datetime as dt
import gc
from typing import Any

import pytest
from sqlalchemy import event, func, select

from assessments.case import CaseRecord
from assessments.domains import DOMAINS, RATERS
from assessments.records import ROW_MODELS, AgreementRow, AssessmentRow, SurvivorRow, row_of
from assessments.worklist import build_worklist
from storage.demo import populate
from storage.models import Assessment, ContactAgreement, ContactLog, Promise, Survivor
from storage.queries import collector_paused, load_case, load_cases
from storage.vault import Vault

TODAY = dt.date(2025, 6, 15)


def test_load_cases_groups_every_row_under_its_survivor(new_vault: Vault) -> None:
    with new_vault.session() as s:
        populate(s, 40, 3, TODAY)
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    event.listen(new_vault.engine, "before_cursor_execute", count)
    try:
        with new_vault.session() as s:
            cases = load_cases(s)
            loaded_all = len(statements)
            load_case(s, cases[0].survivor_id)
    finally:
        event.remove(new_vault.engine, "before_cursor_execute", count)
    assert loaded_all == 7  # survivors + six survivor-owned tables, never one per survivor
    assert len(statements) == 14  # the same seven for one survivor

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
    ]


def test_loaded_rows_hold_what_the_database_holds_and_read_like_the_models(
    new_vault: Vault,
) -> None:
    with new_vault.session() as s:
        populate(s, 12, 5, TODAY)
        cases = load_cases(s)
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
