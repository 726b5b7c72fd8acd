"""The monthly recovery summary for managers: one row per case open in the month.

Every figure comes from the rule functions in ``assessments/`` applied to the case
as it stood on the as-of day (:mod:`exports.as_of`): the month's last day, or today
while the month is not over. Nothing is recomputed here. No names, dates of birth
or free text are written; see :mod:`exports.monthly_columns` for the columns.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from assessments import contact_cadence, promises, scoring
from assessments.case_status import evaluate
from caseload.case import CaseRecord
from caseload.domains import DOMAINS, RATERS
from caseload.errors import InvalidInput
from caseload.queries import collector_paused, load_cases
from caseload.records import AssessmentRecord
from exports.as_of import case_as_of
from exports.csv_safety import Cell, to_csv
from exports.files import write_export
from exports.monthly_columns import HEADER
from exports.periods import Month, as_of, open_during
from exports.workbook import wants_workbook


@dataclass(frozen=True)
class MonthlyResult:
    path: Path
    rows: int


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _rating(latest: AssessmentRecord | None, domain: str, rater: str) -> Cell:
    """The level, or why it is missing (declined, not_discussed, not_applicable)."""
    if latest is None:
        return None
    level = latest.level(domain, rater)
    return level if level is not None else latest.missing_reason(domain, rater)


def case_row(case: CaseRecord, month: Month, day: dt.date) -> list[Cell]:
    """The summary row of one case; ``day`` is the as-of day."""
    then = case_as_of(case, day)
    history = then.assessments
    latest = history[-1] if history else None
    row: list[Cell] = [
        then.case_ref,
        then.survivor.status,
        str(Month.of(then.survivor.intake_date)),
        len(history),
        _iso(latest.date if latest else None),
    ]
    for domain in DOMAINS:
        for rater in RATERS:
            row.append(_rating(latest, domain, rater))
    for rater in RATERS:
        row.append(_round(scoring.overall(latest, rater)) if latest else None)
    for rater in RATERS:
        change = scoring.change_since_intake(history, rater) if history else None
        row.append(_round(change.overall) if change else None)
    status = evaluate(then, day)  # the rules as of the day, once (as the app's row reads them)
    due = status.assessment
    row += [_iso(due.due_on if due else None), bool(due and due.overdue)]
    counts = contact_cadence.contact_counts(then.contacts, month.first_day, day)
    update = status.update
    row += [counts.attempts, counts.updates, _iso(update.due_on if update else None)]
    settled = promises.kept_rate(case.promises, month.first_day, day)
    row += [status.open_promises, settled.kept, settled.broken, counts.outside_agreement]
    sent = [r for r in then.referrals if r.referred_on is not None]
    row += [
        sum(month.first_day <= r.referred_on <= day for r in sent),  # type: ignore[operator]
        sum(r.ended_on is None or r.ended_on > day for r in sent),
        bool(then.goals),
    ]
    return row


def check_month(month: Month, today: dt.date) -> bool:
    """Refuse a month that has not begun; True when ``month`` is still in progress."""
    if month.first_day > today:
        raise InvalidInput(
            f"{month} has not begun yet, so there is nothing to summarise: choose "
            f"{Month.of(today)} or an earlier month."
        )
    return month.last_day > today


def in_progress_warning(month: Month, today: dt.date) -> str:
    return (f"{month} is not over: the figures are to date, as of {today.isoformat()}, "
            "and will change before the month ends.")


def monthly_rows(cases: list[CaseRecord], month: Month, today: dt.date) -> list[list[Cell]]:
    """Rows for every case open (or paused) on at least one day of ``month``."""
    check_month(month, today)
    day = as_of(month.last_day, today)
    chosen = [c for c in cases if open_during(c.survivor, month.first_day, day)]
    return [case_row(c, month, day) for c in sorted(chosen, key=lambda c: c.case_ref)]


def monthly_csv(session: Session, month: Month, today: dt.date) -> tuple[bytes, int]:
    with collector_paused():  # the loaded caseload lives only until the rows are made
        rows = monthly_rows(load_cases(session), month, today)
        return to_csv(HEADER, rows), len(rows)


def monthly_xlsx(session: Session, month: Month, today: dt.date) -> tuple[bytes, int]:
    from exports.monthly_workbook import monthly_workbook

    in_progress = check_month(month, today)
    with collector_paused():
        rows = monthly_rows(load_cases(session), month, today)
        data = monthly_workbook(rows, month, as_of(month.last_day, today), in_progress)
        return data, len(rows)


def write_monthly_summary(
    session: Session,
    month: Month | str,
    out: Path | str,
    force: bool = False,
    today: dt.date | None = None,
) -> MonthlyResult:
    """Write the monthly summary for ``month`` (a Month or "YYYY-MM") to ``out``: a
    spreadsheet when ``out`` ends in .xlsx, CSV otherwise.

    The file is owner-only; an existing ``out`` is replaced only with ``force``. Raises
    NavigatorError subclasses with a one-sentence ``message`` (bad month, a month not
    begun, file exists...).
    """
    if isinstance(month, str):
        month = Month.parse(month)
    make = monthly_xlsx if wants_workbook(out) else monthly_csv
    data, count = make(session, month, today or dt.date.today())
    return MonthlyResult(write_export(out, data, force), count)
