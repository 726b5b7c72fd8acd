"""Plain in-memory records for rule tests (no vault needed: the rules take records)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from caseload.case import CaseRecord
from caseload.domains import DOMAINS
from caseload.models import (
    Assessment,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    Survivor,
)

_ids = itertools.count(1)


def d(text: str) -> dt.date:
    """``d("2025-06-15")``: readable fixed dates."""
    return dt.date.fromisoformat(text)


def survivor(intake: str = "2025-01-10", status: str = "open", **kw: Any) -> Survivor:
    return Survivor(
        id=kw.pop("id", next(_ids)),
        case_ref=kw.pop("case_ref", f"NAV-T{next(_ids):04d}"),
        given_name="Alder",
        family_name="Example",
        intake_date=d(intake),
        status=status,
        record_key=kw.pop("record_key", 1),  # weight 1 in the funder figures
        **kw,
    )


def assessment(
    day: str,
    kind: str = "review",
    survivor_levels: dict[str, int | str] | int | None = 3,
    navigator_levels: dict[str, int | str] | int | None = 3,
) -> Assessment:
    """Every domain at one level, or per-domain values (a str is a missing reason)."""

    def expand(v: dict[str, int | str] | int | None) -> dict[str, int | str]:
        if isinstance(v, dict):
            return v
        return {dom: v if v is not None else "not_discussed" for dom in DOMAINS}

    s, n = expand(survivor_levels), expand(navigator_levels)
    values: dict[tuple[str, str], int | str] = {}
    for dom in DOMAINS:
        if dom in s:
            values[(dom, "survivor")] = s[dom]
        if dom in n:
            values[(dom, "navigator")] = n[dom]
    return Assessment(
        id=next(_ids),
        survivor_id=0,
        date=d(day),
        kind=kind,
        ratings=Assessment.build_ratings(values),
    )


def agreement(
    frequency: str = "weekly",
    agreed: str = "2025-01-10",
    review: str | None = None,
    days: str = "",
    start: dt.time | None = None,
    end: dt.time | None = None,
    **kw: Any,
) -> ContactAgreement:
    return ContactAgreement(
        id=next(_ids),
        survivor_id=0,
        agreed_on=d(agreed),
        review_on=d(review) if review else None,
        update_frequency=frequency,
        safe_days=days,
        safe_time_from=start,
        safe_time_to=end,
        **kw,
    )


def contact(day: str, outcome: str = "spoke", concern: bool = False, **kw: Any) -> ContactLog:
    return ContactLog(
        id=next(_ids),
        survivor_id=0,
        contact_date=d(day),
        outcome=outcome,
        safety_concern=concern,
        **kw,
    )


def promise(made: str, due: str | None, status: str = "open", **kw: Any) -> Promise:
    return Promise(
        id=next(_ids),
        survivor_id=0,
        what=kw.pop("what", "Call the housing team"),
        made_on=d(made),
        due_on=d(due) if due else None,
        status=status,
        record_key=kw.pop("record_key", 1),  # weight 1 in the funder figures
        **kw,
    )


def milestone(day: str, kind: str = "court_date") -> Milestone:
    return Milestone(id=next(_ids), survivor_id=0, kind=kind, date=d(day))


def case(s: Survivor | None = None, **parts: Any) -> CaseRecord:
    s = s or survivor()
    record = CaseRecord(survivor=s, **parts)
    for group in (
        record.assessments,
        record.contacts,
        record.promises,
        record.milestones,
        record.agreement_history,
    ):
        for row in group:
            row.survivor_id = s.id  # type: ignore[assignment]
    return record
