"""Periods and cases as they stood on a past day."""

from __future__ import annotations

import datetime as dt

import pytest

from caseload.case import CaseRecord
from caseload.errors import InvalidInput
from caseload.models import Assessment, ContactAgreement, Promise, Survivor
from exports.as_of import case_as_of
from exports.funder import build_figures
from exports.periods import Month, Period, open_during, status_on

D = dt.date


def test_month_parsing_and_bounds() -> None:
    assert Month.parse("2024-02").last_day == D(2024, 2, 29)
    assert str(Month.parse(" 2025-12 ")) == "2025-12"
    for bad in ("2025-13", "2025-1", "25-01", "March", "1800-01"):
        with pytest.raises(InvalidInput):
            Month.parse(bad)
    with pytest.raises(InvalidInput):
        Period(Month(2025, 3), Month(2025, 1))


def test_open_during_and_status_on() -> None:
    closed = Survivor(id=1, case_ref="A", intake_date=D(2024, 1, 10), status="closed",
                      closed_on=D(2024, 3, 5))
    assert open_during(closed, D(2024, 3, 1), D(2024, 3, 31))
    assert not open_during(closed, D(2024, 4, 1), D(2024, 4, 30))
    assert not open_during(closed, D(2023, 12, 1), D(2023, 12, 31))
    assert status_on(closed, D(2024, 2, 29)) == "open"
    assert status_on(closed, D(2024, 3, 5)) == "closed"
    paused = Survivor(id=2, case_ref="B", intake_date=D(2024, 1, 10), status="paused",
                      status_changed_on=D(2024, 6, 1))
    assert status_on(paused, D(2024, 5, 31)) == "open"
    assert status_on(paused, D(2024, 6, 1)) == "paused"


def test_case_as_of_a_past_day() -> None:
    survivor = Survivor(id=1, case_ref="A", intake_date=D(2024, 1, 10), status="closed",
                        closed_on=D(2024, 9, 1), closure_reason="relocated")
    case = CaseRecord(
        survivor=survivor,
        assessments=[Assessment(id=1, survivor_id=1, date=D(2024, 1, 12), kind="intake"),
                     Assessment(id=2, survivor_id=1, date=D(2024, 5, 12), kind="review")],
        agreement_history=[
            ContactAgreement(id=1, survivor_id=1, version=1, agreed_on=D(2024, 1, 10)),
            ContactAgreement(id=2, survivor_id=1, version=2, agreed_on=D(2024, 6, 1),
                             update_frequency="monthly"),
        ],
        promises=[Promise(id=1, survivor_id=1, what="x", made_on=D(2024, 2, 1), status="kept",
                          status_changed_on=D(2024, 4, 2)),
                  Promise(id=2, survivor_id=1, what="y", made_on=D(2024, 5, 1))],
    )
    then = case_as_of(case, D(2024, 3, 31))
    assert then.survivor.status == "open" and then.survivor.closed_on is None
    assert survivor.status == "closed"  # the stored record is untouched
    assert [a.id for a in then.assessments] == [1]
    assert then.agreement is not None and then.agreement.version == 1
    assert [(p.id, p.status) for p in then.promises] == [(1, "open")]
    assert case.promises[0].status == "kept"


def test_a_period_that_has_not_started_is_refused() -> None:
    period = Period(Month(2025, 4), Month(2025, 5))
    with pytest.raises(InvalidInput, match="not started"):
        build_figures([], period, D(2025, 3, 15))
