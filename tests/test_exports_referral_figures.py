"""The funder file's referral and support plan figures, checked by hand on a small
designed caseload (every survivor of weight 1)."""

from __future__ import annotations

import datetime as dt

from caseload.models import Referral, SupportGoal
from exports.funder import funder_rows
from exports.periods import Month, Period
from tests.case_builders import case, d, survivor

TODAY = dt.date(2025, 7, 15)
PERIOD = Period(Month(2025, 1), Month(2025, 6))


def _referral(sid: int, kind: str, sent: str, started: str | None = None) -> Referral:
    return Referral(survivor_id=sid, service_kind=kind, provider_name="Demo (fictional)",
                    status="started" if started else "referred", referred_on=d(sent),
                    started_on=d(started) if started else None)


def _cohort() -> list:
    people = []
    for i in range(1, 13):
        referrals = [_referral(i, "housing", "2025-02-01", "2025-03-01" if i <= 6 else None)]
        if i <= 5:
            referrals.append(_referral(i, "legal", "2025-03-10", "2025-08-01"))
        goals = [SupportGoal(survivor_id=i, domain="safety", goal="Feel safe (fictional)",
                             agreed_on=d("2025-02-01"))] if i <= 7 else []
        people.append(case(survivor("2024-12-01", id=i), referrals=referrals, goals=goals))
    # Sent before the period: not counted as made in it.
    people[0].referrals.append(_referral(1, "money", "2024-12-20", "2025-01-05"))
    return people


def _published(rows: list) -> dict:
    return {(r[0], r[1], r[2]): (r[3], r[4], r[5]) for r in rows}


def test_referrals_made_started_and_plans_by_hand() -> None:
    got = _published(funder_rows(_cohort(), PERIOD, TODAY, 5))
    assert got[("referrals_made", "all", "all")] == (17, None, False)  # 12 housing + 5 legal
    assert got[("referrals_made", "service_kind", "housing")] == (12, None, False)
    assert got[("referrals_made", "service_kind", "legal")] == (5, None, False)
    assert got[("referrals_made", "service_kind", "money")] == (0, None, False)
    # Started by the period's end (30 June): 6 housing; the legal ones start in August.
    assert got[("referrals_started_pct", "all", "all")] == (35.3, 17, False)
    assert got[("survivors_with_support_plan", "all", "all")] == (7, None, False)


def test_in_the_month_in_progress_the_referrals_started_to_date_count() -> None:
    to_august = Period(Month(2025, 1), Month(2025, 8))
    got = _published(funder_rows(_cohort(), to_august, dt.date(2025, 8, 15), 5))
    assert got[("referrals_started_pct", "all", "all")] == (64.7, 17, False)  # 11 of 17


def test_a_small_kind_of_service_is_hidden_and_cannot_be_worked_out() -> None:
    cohort = _cohort()
    cohort[1].referrals.append(_referral(2, "education", "2025-04-01"))
    got = _published(funder_rows(cohort, PERIOD, TODAY, 5))
    assert got[("referrals_made", "service_kind", "education")] == (None, None, True)
    hidden = [k for k, v in got.items() if k[:2] == ("referrals_made", "service_kind") and v[2]]
    assert len(hidden) >= 2  # the total minus the shown cells is not the one referral
