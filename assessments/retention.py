"""Retention: which closed cases have been kept long enough to be reviewed.

Pure rules (no I/O): a closed case is due for review once ``years`` whole years have
passed since it closed (default 6). The navigator then deletes it or reduces it to an
anonymised record (see :mod:`caseload.retention`); an anonymised record is not listed
again. What an anonymised record keeps and loses is the core's
(:mod:`caseload.anonymising`), since anonymising is one of its changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from caseload.anonymising import is_anonymised
from caseload.records import SurvivorRecord

DEFAULT_RETENTION_YEARS = 6


@dataclass(frozen=True)
class RetentionDue:
    survivor_id: int
    case_ref: str
    closed_on: dt.date
    #: The day the retention period ended.
    due_on: dt.date


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def closing_date(survivor: SurvivorRecord) -> dt.date | None:
    if survivor.status != "closed":
        return None
    return survivor.closed_on or survivor.status_changed_on


def due_for_review(
    survivors: Iterable[SurvivorRecord], today: dt.date, years: int = DEFAULT_RETENTION_YEARS
) -> list[RetentionDue]:
    """Closed, not yet anonymised cases whose retention period has ended, oldest first.

    A closed case without any closing date is not listed (its period cannot be known);
    the data-quality checks report a closed case without a date.
    """
    if years < 1:
        raise ValueError("The retention period is at least one year.")
    due = []
    for s in survivors:
        closed = closing_date(s)
        if closed is None or s.id is None or is_anonymised(s):
            continue
        ends = add_years(closed, years)
        if ends <= today:
            due.append(RetentionDue(s.id, s.case_ref, closed, ends))
    return sorted(due, key=lambda d: (d.closed_on, d.case_ref))
