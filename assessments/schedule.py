"""When recovery assessments are due.

Rules (issue 3), all functions of records and ``today`` passed in:

- The **intake** assessment is due within :data:`INTAKE_DAYS` (14) days of the
  case's intake date.
- **Reviews** are due every :data:`REVIEW_MONTHS` (4) calendar months from the
  date of the intake assessment: 4, 8, 12 ... months. Each due date is computed
  from the intake assessment, never from the previous review, so a review done
  early or late does not shift later due dates.
- **Month ends** are clamped: when the target month is shorter, the due date is
  its last day (intake 31 October -> review 28 February, or 29 in a leap year;
  the next review is still computed from 31 October, so it is 30 June).
- A review **counts** for a due date when it falls within :data:`WINDOW_DAYS`
  (14) days either side of it. Consecutive due dates are at least 120 days apart,
  so the windows never overlap and a review satisfies at most one due date.
  A due date is **overdue** once its window has closed without a review.
- **Paused** cases accrue no overdue reviews: while a case is paused nothing is
  due. **Closed** cases have nothing due; closing offers a closing assessment.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from caseload.case import CaseRecord
    from caseload.records import AssessmentRecord

INTAKE_DAYS = 14
REVIEW_MONTHS = 4
WINDOW_DAYS = 14


def add_months(start: dt.date, months: int) -> dt.date:
    """``start`` moved by whole calendar months, clamping to the month's last day."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(start.day, last))


# --- due dates -------------------------------------------------------------------


@dataclass(frozen=True)
class DueDate:
    """An assessment due date and the window in which an assessment counts for it.

    ``number`` is 0 for the intake assessment and k for the k-th review (due
    4k months after the intake assessment). For the intake the window runs from
    the intake date to the due date; for a review, ``WINDOW_DAYS`` either side.
    """

    kind: str
    number: int
    due_on: dt.date
    window_start: dt.date
    window_end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.window_start <= day <= self.window_end


def intake_due(intake_date: dt.date) -> DueDate:
    """The intake assessment: due within ``INTAKE_DAYS`` of the case's intake date."""
    due = intake_date + dt.timedelta(days=INTAKE_DAYS)
    return DueDate("intake", 0, due, intake_date, due)


@functools.lru_cache(maxsize=8192)
def review_due(anchor: dt.date, number: int) -> DueDate:
    """The ``number``-th review (1, 2, ...) after an intake assessment on ``anchor``.

    Cached: every export and the worklist ask for the same few due dates of each case
    again and again, and a DueDate is immutable.
    """
    if number < 1:
        raise ValueError("review numbers start at 1")
    due = add_months(anchor, REVIEW_MONTHS * number)
    window = dt.timedelta(days=WINDOW_DAYS)
    return DueDate("review", number, due, due - window, due + window)


def review_due_dates(anchor: dt.date, until: dt.date) -> list[DueDate]:
    """Every review due on or before ``until`` for an intake assessment on ``anchor``."""
    out: list[DueDate] = []
    number = 1
    while (due := review_due(anchor, number)).due_on <= until:
        out.append(due)
        number += 1
    return out


def matching_review(anchor: dt.date, day: dt.date) -> int | None:
    """The review number whose window contains ``day``, or ``None`` (too early or late)."""
    months = (day.year - anchor.year) * 12 + (day.month - anchor.month)
    guess = round(months / REVIEW_MONTHS)
    for number in (guess - 1, guess, guess + 1):
        if number >= 1 and review_due(anchor, number).contains(day):
            return number
    return None


# --- a case's schedule ------------------------------------------------------------


def intake_assessment(assessments: Sequence[AssessmentRecord]) -> AssessmentRecord | None:
    """The assessment the schedule and "change since intake" count from.

    The earliest assessment marked ``intake``; when none is (for example reviews
    imported from a spreadsheet), the earliest assessment of any kind.
    """
    if not assessments:
        return None
    intakes = [a for a in assessments if a.kind == "intake"]
    # min() keeps the first of equal dates, as a stable sort by date would.
    return min(intakes or assessments, key=lambda a: a.date)


def schedule_end(case: CaseRecord, today: dt.date) -> dt.date:
    """The last day on which assessments fall due: today, or when the case closed or paused."""
    s = case.survivor
    if s.status == "closed":
        return min(today, s.closed_on or s.status_changed_on or today)
    if s.status == "paused":
        return min(today, s.status_changed_on or today)
    return today


Stop = tuple[dt.date, dt.date | None]


def stopped_periods(case: CaseRecord) -> list[Stop]:
    """The spans the case was paused or closed: (from, until the day it was resumed or
    reopened; None while it still is), oldest first, from its status history.

    A resume with no pause recorded before it (a vault kept before the history, or a
    case entered as paused) counts as stopped from the intake until that resume, as the
    schedule read it when only the latest change was kept.
    """
    history = case.status_history
    if not history:
        resumed = resumed_on(case)
        return [(case.survivor.intake_date, resumed)] if resumed is not None else []
    periods: list[Stop] = []
    start: dt.date | None = None
    for change in history:
        if change.status != "open":
            start = change.changed_on if start is None else start
        elif start is not None:
            periods.append((start, change.changed_on))
            start = None
        elif not periods and change.changed_on > case.survivor.intake_date:
            periods.append((case.survivor.intake_date, change.changed_on))
    if start is not None and case.survivor.status != "open":
        periods.append((start, None))
    return periods


def stopped_on(periods: Sequence[Stop], day: dt.date) -> Stop | None:
    """The stop during which ``day`` fell (the case paused or closed), or None."""
    for start, until in periods:
        if start <= day and (until is None or day < until):
            return (start, until)
    return None


def resumed_on(case: CaseRecord) -> dt.date | None:
    """When an open case last changed status (resumed or reopened), if after intake."""
    s = case.survivor
    if s.status == "open" and s.status_changed_on and s.status_changed_on > s.intake_date:
        return s.status_changed_on
    return None


@dataclass(frozen=True)
class ReviewOutcome:
    """What happened about one review due date.

    ``state``: ``on_time`` (an assessment inside the window), ``late`` (none in
    the window, one after it and before the next window opens), ``missed`` (none
    at all), ``open`` (window still open, not done yet), ``excused`` (fell due
    before a paused or closed case was resumed, or the case was paused or closed
    while the window was still open: no overdue accrues).
    """

    due: DueDate
    state: str
    done_on: dt.date | None = None

    @property
    def decided(self) -> bool:
        """True when the outcome is final (counts towards "% reviews on time")."""
        return self.state in ("on_time", "late", "missed")


def review_outcomes(case: CaseRecord, today: dt.date) -> list[ReviewOutcome]:
    """Every review due so far while the case was open, with what happened about it.

    Assessments dated after ``today`` have not happened yet as of ``today``: they are
    ignored, as :func:`assessments.scoring.caseload_figures` ignores them.
    """
    history = [a for a in case.assessments if a.date <= today]
    anchor_assessment = intake_assessment(history)
    if anchor_assessment is None:
        return []
    anchor = anchor_assessment.date
    later = sorted(a.date for a in history if a is not anchor_assessment and a.date > anchor)
    periods = stopped_periods(case)
    end = schedule_end(case, today)
    stopped = end < today  # closed or paused: the schedule stopped on ``end``
    dues = review_due_dates(anchor, end)
    out: list[ReviewOutcome] = []
    for i, due in enumerate(dues):
        next_start = (
            dues[i + 1].window_start
            if i + 1 < len(dues)
            else review_due(anchor, due.number + 1).window_start
        )
        inside = [d for d in later if due.contains(d)]
        after = [d for d in later if due.window_end < d < next_start]
        if inside:
            out.append(ReviewOutcome(due, "on_time", inside[0]))
        elif today <= due.window_end:
            out.append(ReviewOutcome(due, "open"))
        elif stopped and end <= due.window_end:
            out.append(ReviewOutcome(due, "excused"))  # closed or paused inside the window
        elif stopped_on(periods, due.window_end) is not None:
            # The window closed while the case was paused or closed; one missed before
            # a pause stays missed (the history keeps when each pause began).
            out.append(ReviewOutcome(due, "excused", after[0] if after else None))
        elif after:
            out.append(ReviewOutcome(due, "late", after[0]))
        else:
            out.append(ReviewOutcome(due, "missed"))
    return out


@dataclass(frozen=True)
class AssessmentDue:
    """The next assessment a case needs.

    ``state``: ``upcoming`` (window not open yet), ``due`` (inside the window,
    not overdue yet) or ``overdue`` (window closed without an assessment).
    """

    due: DueDate
    state: str

    @property
    def kind(self) -> str:
        return self.due.kind

    @property
    def due_on(self) -> dt.date:
        return self.due.due_on

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    def days_overdue(self, today: dt.date) -> int:
        """Days since the due date (0 when not overdue)."""
        return max(0, (today - self.due.due_on).days) if self.overdue else 0


def _state(due: DueDate, today: dt.date) -> str:
    if today > due.window_end:
        return "overdue"
    if today >= due.window_start:
        return "due"
    return "upcoming"


def next_assessment(case: CaseRecord, today: dt.date) -> AssessmentDue | None:
    """The next intake or review due for an open case; ``None`` for paused or closed cases.

    A due date is dealt with once any assessment falls on or after the start of
    its window (an on-time or a late review). The next assessment is the first
    due date not dealt with; reviews whose window closed while the case was paused
    or closed are skipped, so a pause never leaves a review overdue, while one
    missed before the pause began is still overdue.
    """
    s = case.survivor
    if s.status != "open":
        return None
    anchor_assessment = intake_assessment(case.assessments)
    periods = stopped_periods(case)
    if anchor_assessment is None:
        due = intake_due(s.intake_date)
        for _ in range(len(periods)):
            stop = stopped_on(periods, due.window_end)
            if stop is None or stop[1] is None:
                break
            due = intake_due(stop[1])  # a resumed case without an intake: 14 days from resuming
        return AssessmentDue(due, _state(due, today))
    anchor = anchor_assessment.date
    last = max(a.date for a in case.assessments)
    number = 1
    while True:
        due = review_due(anchor, number)
        dealt_with = last >= due.window_start
        excused = stopped_on(periods, due.window_end) is not None
        if not dealt_with and not excused:
            return AssessmentDue(due, _state(due, today))
        number += 1


def closing_assessment_offered(case: CaseRecord) -> bool:
    """True when the case is closed and no closing assessment has been recorded.

    Closing a case offers a closing assessment; it is never overdue, since the
    survivor may not want one.
    """
    if case.survivor.status != "closed":
        return False
    return not any(a.kind == "closing" for a in case.assessments)
