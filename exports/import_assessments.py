"""Import recovery assessments from a spreadsheet (CSV): all rows or none.

One row holds one rater's ratings of the six domains. The survivor's row and the
navigator's row with the same ``case_ref``, ``date`` and ``kind`` form one
assessment; a rater without a row has every domain recorded as 'not_discussed'.
A domain cell holds a level of the current scale, or is blank ('not_discussed'), or
names why the rating is missing (declined, not_discussed, not_applicable).
The case must already be in the vault (import survivors first). An assessment of the
same case, date and kind that is already in the vault is refused, never duplicated;
so is a second intake assessment.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, select

from caseload.categories import ASSESSMENT_KIND, MISSING_REASON, RATER
from caseload.changes.assessments import record_assessment
from caseload.domains import DOMAIN_LABELS, DOMAINS
from caseload.models import Assessment, Survivor
from caseload.validation.assessments import ASSESSMENT
from caseload.validation.records import Context, check_record
from caseload.validation.values import FieldError, parse_choice
from exports.import_common import (
    DATE_FORMATS_HELP,
    ColumnSpec,
    ImportRejected,
    Problem,
    ProblemList,
    Table,
    blank_formulas,
    case_of_row,
    in_file_order,
    read_table,
)

RATING_MISSING_REASONS = ("declined", "not_discussed", "not_applicable")
#: A plain number as a spreadsheet writes one. float() alone would also take '+3' (a
#: formula-looking cell), '0_3', '3e0' and digits of other scripts.
_NUMBER = re.compile(r"^[0-9]{1,9}(?:\.[0-9]{1,9})?$")


def current_scale() -> tuple[int, tuple[int, ...]]:
    """(version, levels) of the scale new assessments use, from :mod:`assessments.scale`."""
    from assessments import scale

    current = scale.current_scale()
    return current.version, tuple(current.levels)


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("case_ref", "The case reference of a survivor already in the vault.", True,
               values="an existing case reference"),
    ColumnSpec("date", "The day of the assessment (not in the future, not before intake).",
               True, values=DATE_FORMATS_HELP),
    ColumnSpec("kind", "Which point in the case the assessment belongs to.", True,
               ASSESSMENT_KIND),
    ColumnSpec("rater", "Whose ratings this row holds.", True, RATER),
    *(
        ColumnSpec(d, f"{DOMAIN_LABELS[d]}: this rater's level.", True,
                   values="a level of the current scale; blank; "
                   + ", ".join(RATING_MISSING_REASONS))
        for d in DOMAINS
    ),
    ColumnSpec("note", "A note on the assessment (either rater's row may hold it).",
               values="one line of text, at most 2,000 characters"),
)


@dataclass(frozen=True)
class AssessmentImportResult:
    imported: int  # assessments (a survivor row and a navigator row make one)
    rows: int
    #: The column separator the file used (',' or ';').
    separator: str = ","


@dataclass
class _Group:
    survivor_id: int
    date: dt.date
    kind: str
    first_row: int
    ratings: dict[tuple[str, str], int | str]
    raters: dict[str, int]
    note: str = ""


def _rating(text: str, levels: tuple[int, ...]) -> int | str:
    if not text:
        return "not_discussed"
    span = f"{min(levels)}-{max(levels)}"
    if _NUMBER.match(text):  # spreadsheets may write 3 as 3.0
        number = float(text)
        if not number.is_integer() or int(number) not in levels:
            raise ValueError(f"Not a level of the scale ({span}).")
        return int(number)
    try:
        return parse_choice(text, MISSING_REASON, RATING_MISSING_REASONS)
    except FieldError:
        raise ValueError(
            f"Not a level {span} or one of the reasons a rating is missing: "
            + ", ".join(f"{MISSING_REASON.label(c)} ({c})" for c in RATING_MISSING_REASONS)
            + "."
        ) from None


def validate(table: Table, session: Session, today: dt.date) -> list[_Group]:
    _, levels = current_scale()
    survivors = {s.case_ref.upper(): s for s in session.exec(select(Survivor))}
    existing = {
        (a.survivor_id, a.date, a.kind) for a in session.exec(select(Assessment))
    }
    intakes: dict[int, str] = {
        a.survivor_id: "vault" for a in session.exec(select(Assessment)) if a.kind == "intake"
    }
    problems = ProblemList()
    groups: dict[tuple[int, dt.date, str], _Group] = {}
    for number, cells in table.rows:
        def bad(column: str, message: str, number: int = number) -> None:
            problems.append(Problem(number, column, message))

        cells, formulas = blank_formulas(cells, bad)
        ref = cells.get("case_ref", "")
        survivor = case_of_row(cells, survivors, bad, formulas)
        intake = survivor.intake_date if survivor is not None else None
        checked = check_record(ASSESSMENT, cells, Context(today, intake))
        for name, sentence in checked.problems.items():
            if name not in formulas:
                bad(name, sentence)
        day: dt.date | None = None if "date" in checked.problems else checked.values["date"]
        choices: dict[str, str] = {}
        if "kind" not in checked.problems:
            choices["kind"] = checked.values["kind"]
        try:
            choices["rater"] = parse_choice(cells.get("rater", ""), RATER)
        except FieldError as exc:
            if "rater" not in formulas:
                bad("rater", "Choose one." if not cells.get("rater") else str(exc))
        ratings: dict[tuple[str, str], int | str] = {}
        for domain in DOMAINS:
            try:
                ratings[(domain, choices.get("rater", ""))] = _rating(cells.get(domain, ""), levels)
            except ValueError as exc:
                bad(domain, str(exc))
        if survivor is None or day is None or len(choices) < 2:
            continue
        assert survivor.id is not None
        key = (survivor.id, day, choices["kind"])
        if key in existing:
            bad("date", f"{ref} already has an assessment ({choices['kind']}) on this date; "
                "it is not duplicated.")
            continue
        if choices["kind"] == "intake":
            earlier = intakes.get(survivor.id)
            if earlier == "vault":
                bad("kind", f"{ref} already has an intake assessment in the vault.")
                continue
            if earlier is not None and earlier != str(day):
                bad("kind", f"{ref} has another intake assessment in this file.")
                continue
            intakes[survivor.id] = str(day)
        group = groups.setdefault(
            key, _Group(survivor.id, day, choices["kind"], number, {}, {})
        )
        rater = choices["rater"]
        if rater in group.raters:
            bad("rater", f"The {rater}'s ratings for this case, date and kind are also on "
                f"row {group.raters[rater]}.")
            continue
        group.raters[rater] = number
        group.ratings.update(ratings)
        if checked.values["note"] and group.note and checked.values["note"] != group.note:
            bad("note", f"A different note for this assessment is on row {group.first_row}.")
        group.note = group.note or checked.values["note"]
    if problems:
        raise ImportRejected(in_file_order(problems, table.header))
    return list(groups.values())


def import_assessments(
    session: Session, path: Path | str, today: dt.date | None = None
) -> AssessmentImportResult:
    """Validate the whole file, then add every assessment (the caller commits and saves)."""
    today = today or dt.date.today()
    table = read_table(path, COLUMNS)
    groups = validate(table, session, today)
    version, levels = current_scale()
    for group in sorted(groups, key=lambda g: (g.first_row, g.date)):
        record_assessment(
            session,
            group.survivor_id,
            {"date": group.date, "kind": group.kind, "note": group.note},
            group.ratings,
            (version, levels),
            today,
        )
    return AssessmentImportResult(len(groups), len(table.rows), table.separator)
