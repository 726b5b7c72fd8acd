"""The monthly recovery summary as a spreadsheet: the same rows as the CSV, in words.

Column labels, case statuses and missing-rating reasons are words; dates are dates and
numbers numbers. A first sheet says which month it is, the day the figures were taken
on (and that they are to date while the month is in progress); a last sheet says what
each column means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from caseload.categories import CASE_STATUS, MISSING_REASON
from exports.csv_safety import Cell
from exports.monthly_columns import COLUMNS, HEADER, LABELS
from exports.periods import Month
from exports.workbook import add_table, new_workbook, workbook_bytes

_DATES = frozenset({"latest_assessment_date", "next_assessment_due", "next_update_due"})
_LEVELS = frozenset(c.name for c in COLUMNS if c.type.startswith("number 1-5"))


def _in_words(name: str, value: Cell) -> Cell | dt.date:
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in _DATES and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if name == "status" and isinstance(value, str):
        return CASE_STATUS.label(value)
    if name in _LEVELS and isinstance(value, str):
        return MISSING_REASON.label(value)
    return value


def month_in_words(month: Month) -> str:
    return month.first_day.strftime("%B %Y")


def monthly_workbook(rows: Sequence[Sequence[Cell]], month: Month, day: dt.date,
                     in_progress: bool) -> bytes:
    """The workbook's bytes for the summary ``rows`` of ``month`` taken on ``day``."""
    book = new_workbook()
    about = [
        ["Month", month_in_words(month)],
        ["Figures taken on", day],
        ["Cases", len(rows)],
        ["Note", "The month is not over: the figures are to date and will change."
         if in_progress else "The month is over: the figures are final."],
        ["Contents", "One row per case open (or paused) on at least one day of the month. "
         "No names, dates of birth or free text."],
    ]
    add_table(book, "Summary", ["Monthly recovery summary", ""], about)
    words = [[_in_words(name, v) for name, v in zip(HEADER, row, strict=True)] for row in rows]
    add_table(book, "Cases", LABELS, words)
    add_table(book, "What the columns mean", ["Column", "Meaning"],
              [[label, c.meaning] for label, c in zip(LABELS, COLUMNS, strict=True)])
    return workbook_bytes(book)
