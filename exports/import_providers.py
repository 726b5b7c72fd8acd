"""Import the service directory from a spreadsheet (CSV): all rows or none.

One row per provider. Every row is checked first with the provider's validator (the
one the app's form uses); any problem anywhere means nothing is imported, and every
problem is reported as ``row N, column X: what is wrong``. A name given twice in the
file (any letter case) is refused. A provider whose name is already in the directory
is updated in place: the columns the file has replace its values, the columns it
lacks are left as they were; every other row adds a provider.

Kinds of service are codes or labels, several separated by ';'. A cell that an export
made inert for spreadsheets (a ``'`` before a leading ``+`` or ``-``, as in
``'+44 ...``) is read back without the ``'``, so an exported directory imports again
as it was. Providers hold no survivor data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from caseload.categories import REFERRAL_SERVICE
from caseload.changes.providers import add_provider, edit_provider, same_name
from caseload.validation.providers import NAME_MAX, NOTE_MAX, PROVIDER
from caseload.validation.records import Context, check_record
from exports.csv_safety import is_dangerous, looks_like_formula
from exports.import_common import (
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
NOTE_VALUES = (f"text, at most {NOTE_MAX:,} characters (several lines allowed), not "
               "starting with = or @")

COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("name", "The provider's name, unique in the directory (any letter case). "
               "A name already in the directory updates that provider.", True,
               values=TEXT_VALUES.replace("200", str(NAME_MAX))),
    ColumnSpec("service_kinds", "The kinds of service it offers, several separated by ';' "
               "(codes or labels); at least one.", True, REFERRAL_SERVICE),
    ColumnSpec("languages", "The languages its staff speak, several separated by ';' (for "
               "example 'Albanian;Romanian'); the referral form offers those speaking the "
               "survivor's language first.", values=TEXT_VALUES),
    ColumnSpec("area", "Where it works (a town, a county, 'national').", values=TEXT_VALUES),
    ColumnSpec("how_to_refer", "How to refer someone (a form, an email, a phone call).",
               values=NOTE_VALUES),
    ColumnSpec("contact", "Who or where to contact (a service's phone or email; not a "
               "survivor's).", values=TEXT_VALUES),
    ColumnSpec("notes", "Anything else the team should know (opening times, waiting "
               "lists).", values=NOTE_VALUES),
    ColumnSpec("service_other", "The service in words, when service_kinds include 'other'.",
               values=TEXT_VALUES),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)


@dataclass(frozen=True)
class DirectoryImportResult:
    added: int
    updated: int
    #: The column separator the file used (',' or ';').
    separator: str = ","

    def sentence(self) -> str:
        return f"{self.added} added, {self.updated} updated"


def unneutralised(cell: str) -> str:
    """``cell`` without the ``'`` an export put before a leading ``+`` or ``-``."""
    rest = cell[1:]
    if cell.startswith("'") and is_dangerous(rest) and not looks_like_formula(rest):
        return rest
    return cell


@dataclass(frozen=True)
class _Parsed:
    values: dict[str, Any]


def validate(table: Table, today: dt.date) -> list[_Parsed]:
    """Check every row with the provider validator; raises ImportRejected."""
    problems = ProblemList()
    given = [name for name in COLUMN_NAMES if name in table.header]
    in_file: dict[str, int] = {}
    parsed: list[_Parsed] = []
    for number, raw_cells in table.rows:
        cells = {name: unneutralised(cell) for name, cell in raw_cells.items()}
        formulas = {name for name, cell in cells.items() if formula_problem(cell)}
        for name in sorted(formulas):
            problems.append(Problem(number, name, formula_problem(cells[name]) or ""))
        raw = {k: ("" if k in formulas else v) for k, v in cells.items()}
        checked = check_record(PROVIDER, raw, Context(today))
        for name, sentence in checked.problems.items():
            if name not in formulas:
                problems.append(Problem(number, name, sentence))
        name = checked.values["name"].casefold()
        if name and "name" not in checked.problems:
            if name in in_file:
                problems.append(
                    Problem(number, "name", f"The same name is also on row {in_file[name]}.")
                )
            else:
                in_file[name] = number
        parsed.append(_Parsed({k: checked.values[k] for k in given}))
    if problems:
        raise ImportRejected(in_file_order(problems, table.header))
    return parsed


def import_providers(
    session: Session, path: Path | str, today: dt.date | None = None
) -> DirectoryImportResult:
    """Validate the whole file, then add or update every provider through the change
    functions (the caller commits and saves)."""
    today = today or dt.date.today()
    table = read_table(path, COLUMNS)
    parsed = validate(table, today)
    added = updated = 0
    for row in parsed:
        found = same_name(session, row.values["name"])
        if found is not None and found.id is not None:
            edit_provider(session, found.id, row.values, today)
            updated += 1
        else:
            add_provider(session, row.values, today)
            added += 1
    return DirectoryImportResult(added, updated, table.separator)
