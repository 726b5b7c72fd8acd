"""Loading the caseload as CaseRecords: grouped per survivor, one query per table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event, func, select

from assessments.worklist import build_worklist
from storage.demo import populate
from storage.models import Assessment, ContactAgreement, ContactLog, Promise, Survivor
from storage.queries import load_case, load_cases
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
    finally:
        event.remove(new_vault.engine, "before_cursor_execute", count)
    assert len(statements) == 7  # survivors + six survivor-owned tables, never one per survivor

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
