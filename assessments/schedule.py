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

INTAKE_DAYS = 14
REVIEW_MONTHS = 4
WINDOW_DAYS = 14


def add_months(start: dt.date, months: int) -> dt.date:
    """``start`` moved by whole calendar months, clamping to the month's last day."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(start.day, last))
