"""Import the work beyond the caseload (activities) from a spreadsheet (CSV): all rows or none.

One row is one activity: a piece of strategic advice to an investigation, a day of
action or a training session. Every row is checked with the same validator as the
app's form (:mod:`caseload.validation.activities`); any problem anywhere means nothing
is imported and every problem is reported as ``row N, column X: what is wrong``. A
column that does not belong to the row's kind must be left blank. No column names a
survivor: an activity is never about one person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from caseload.categories import ACTIVITY_KIND, ADVICE_THEME, SITE_KIND
from caseload.changes.activities import add_activity
from caseload.validation.activities import ACTIVITY
from caseload.validation.records import Context, check_record
from exports.import_common import (
    DATE_FORMATS_HELP,
    ColumnSpec,
    ImportRejected,
    Problem,
    ProblemList,
    Table,
    formula_problem,
    in_file_order,
    read_table,
)

TEXT_VALUES = ("one line of text, at most 200 characters, not starting with = or @ "
               "(a spreadsheet formula)")
COUNT_VALUES = "a whole number, 0 or more; or blank"

COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("kind", "What the activity was.", True, ACTIVITY_KIND),
    ColumnSpec("date", "The day of the advice, the day of action or the training (not in "
               "the future).", True, values=DATE_FORMATS_HELP),
    ColumnSpec("force", "The police force it was with or for.", values=TEXT_VALUES),
    ColumnSpec("reference", "Strategic advice: the operation or reference (never a "
               "survivor's name).", values=TEXT_VALUES),
    ColumnSpec("theme", "Strategic advice: what it was about (needed for advice).",
               category=ADVICE_THEME),
    ColumnSpec("theme_other", "What the advice was about, when theme is 'other'.",
               values=TEXT_VALUES),
    ColumnSpec("site_kind", "Day of action: the kind of site visited (needed for a day of "
               "action).", category=SITE_KIND),
    ColumnSpec("site_other", "The kind of site, when site_kind is 'other'.",
               values=TEXT_VALUES),
    ColumnSpec("people_encountered", "Day of action: people encountered (needed).",
               values=COUNT_VALUES),
    ColumnSpec("potential_victims_identified", "Day of action: potential victims "
               "identified, at most people_encountered (needed).", values=COUNT_VALUES),
    ColumnSpec("referred", "Day of action: of those, how many were referred for support "
               "(at most potential_victims_identified).", values=COUNT_VALUES),
    ColumnSpec("audience", "Training: who was trained (for example response officers).",
               values=TEXT_VALUES),
    ColumnSpec("organisation", "Training: the organisation trained.", values=TEXT_VALUES),
    ColumnSpec("attendees", "Training: how many attended (needed, at least 1).",
               values="a whole number, 1 or more"),
    ColumnSpec("improved_pct", "Training: the share of those giving feedback who reported an "
               "improved ability to identify and assist potential victims.",
               values="a percentage from 0 to 100; or blank (no feedback collected)"),
    ColumnSpec("note", "A note (never a survivor's name).", values="text, at most 1000 "
               "characters, not starting with = or @"),
)


@dataclass(frozen=True)
class ImportResult:
    imported: int
    #: The column separator the file used (',' or ';').
    separator: str = ","


def validate(table: Table, today: dt.date) -> list[dict[str, Any]]:
    """Check every row with the activity validator; raises ImportRejected."""
    problems = ProblemList()
    parsed: list[dict[str, Any]] = []
    for number, cells in table.rows:
        formulas = {name for name, cell in cells.items() if formula_problem(cell)}
        for name in sorted(formulas):
            problems.append(Problem(number, name, formula_problem(cells[name]) or ""))
        raw = {k: ("" if k in formulas else v) for k, v in cells.items()}
        checked = check_record(ACTIVITY, raw, Context(today))
        for name, sentence in checked.problems.items():
            if name not in formulas:
                problems.append(Problem(number, name, sentence))
        parsed.append(checked.values)
    if problems:
        raise ImportRejected(in_file_order(problems, table.header))
    return parsed


def import_activities(
    session: Session, path: Path | str, today: dt.date | None = None
) -> ImportResult:
    """Validate the whole file, then add every activity through the change function
    (the caller commits and saves)."""
    today = today or dt.date.today()
    table = read_table(path, COLUMNS)
    parsed = validate(table, today)
    for values in parsed:
        add_activity(session, values, today)
    return ImportResult(len(parsed), table.separator)
