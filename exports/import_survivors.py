"""Import survivors from a spreadsheet (CSV): all rows or none.

Every row is checked first; any problem anywhere means nothing is imported and every
problem is reported as ``row N, column X: what is wrong``. A given case reference
is kept (letters, digits, inner hyphens); a blank one is generated. A case reference
already in the vault, issued before (even if its survivor was deleted) or repeated
in the file is refused, never duplicated.

Derived fields: ``age_band`` comes from the date of birth (age on the intake date)
when the date is known, otherwise from the optional ``age_band`` column.
``nationality_group`` comes from its optional column, or else from ``nationality``
(UK for "UK", "United Kingdom", "British", "GB", "England", "Scotland", "Wales" or
"Northern Ireland"; non-UK for any other value; not known when blank).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session

from caseload import case_refs
from caseload.ages import age_band_for, age_on
from caseload.categories import (
    AGE_BAND,
    CASE_STATUS,
    CLOSURE_REASON,
    EXPLOITATION_LOCATION,
    EXPLOITATION_TYPE,
    NATIONALITY_GROUP,
    REFERRAL_ROUTE,
    REFERRING_AGENCY,
    SEX,
    YES_NO_UNKNOWN,
)
from caseload.models import Survivor
from exports.import_common import (
    DATE_FORMATS_HELP,
    MAX_TEXT_LENGTH,
    ColumnSpec,
    ImportRejected,
    Problem,
    ProblemList,
    Table,
    check_text,
    in_file_order,
    parse_choice,
    parse_date,
    parse_missing_reason,
    read_table,
)

UK_NATIONALITIES = frozenset(
    {"uk", "united kingdom", "british", "gb", "great britain", "england", "english", "scotland",
     "scottish", "wales", "welsh", "northern ireland", "northern irish"}
)
DOB_MISSING_REASONS = ("declined", "not_known")
TEXT_VALUES = ("one line of text, at most 200 characters, not starting with = or @ "
               "(a spreadsheet formula)")

COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("case_ref", "The case reference. Blank: Navigator issues a new one.", True,
               values="letters, digits and inner hyphens, at most 32; or blank"),
    ColumnSpec("given_name", "Given name.", True, values=TEXT_VALUES),
    ColumnSpec("family_name", "Family name.", True, values=TEXT_VALUES),
    ColumnSpec("preferred_name", "The name the survivor wants to be called.", True,
               values=TEXT_VALUES),
    ColumnSpec("date_of_birth", "Date of birth; blank or a reason when not known.", True,
               values=f"{DATE_FORMATS_HELP}; blank (not known); declined; not_known"),
    ColumnSpec("sex", "Sex as the survivor describes it. Blank: not_recorded.", True, SEX),
    ColumnSpec("sex_other", "The survivor's words when sex is 'other'.",
               values=TEXT_VALUES),
    ColumnSpec("nationality", "Nationality in words (for example 'Albanian').", True,
               values=TEXT_VALUES),
    ColumnSpec("nationality_group", "UK or non-UK. Blank: derived from nationality.",
               category=NATIONALITY_GROUP),
    ColumnSpec("exploitation_types", "Kinds of exploitation, several separated by ';'.", True,
               EXPLOITATION_TYPE),
    ColumnSpec("exploitation_other", "What the exploitation was when a type is 'other'.",
               values=TEXT_VALUES),
    ColumnSpec("county_lines", "County lines involvement. Blank: not_known.",
               category=YES_NO_UNKNOWN),
    ColumnSpec("exploitation_location", "Where the exploitation happened. Blank: not_known.",
               category=EXPLOITATION_LOCATION),
    ColumnSpec("referral_route", "How the survivor was referred. Blank: none.", True,
               REFERRAL_ROUTE),
    ColumnSpec("referral_route_other", "The route when referral_route is 'other'.",
               values=TEXT_VALUES),
    ColumnSpec("referring_agency", "Who made the referral. Blank: not_known.",
               category=REFERRING_AGENCY),
    ColumnSpec("police_force", "The police force the case is with.", True,
               values=TEXT_VALUES),
    ColumnSpec("intake_date", "The day the case opened (not in the future).", True,
               values=DATE_FORMATS_HELP),
    ColumnSpec("status", "Where the case stands. Blank: open.", True, CASE_STATUS),
    ColumnSpec("closed_on", "The day the case closed; needed when status is 'closed'.",
               values=f"{DATE_FORMATS_HELP}, not before intake_date; or blank"),
    ColumnSpec("closure_reason", "Why the case closed (when status is 'closed').",
               category=CLOSURE_REASON),
    ColumnSpec("age_band", "Age band when the date of birth is not known.", category=AGE_BAND),
)

_TEXT_COLUMNS = ("given_name", "family_name", "preferred_name", "sex_other", "nationality",
                 "exploitation_other", "referral_route_other", "police_force")
_SIMPLE_CHOICES = {
    "sex": (SEX, "not_recorded"),
    "nationality_group": (NATIONALITY_GROUP, ""),
    "county_lines": (YES_NO_UNKNOWN, "not_known"),
    "exploitation_location": (EXPLOITATION_LOCATION, "not_known"),
    "referral_route": (REFERRAL_ROUTE, "none"),
    "referring_agency": (REFERRING_AGENCY, "not_known"),
    "status": (CASE_STATUS, "open"),
    "closure_reason": (CLOSURE_REASON, ""),
    "age_band": (AGE_BAND, "not_known"),
}


@dataclass(frozen=True)
class ImportResult:
    imported: int
    generated_refs: int
    case_refs: list[str]


def nationality_group_for(nationality: str) -> str:
    if not nationality.strip():
        return "not_known"
    return "uk" if nationality.strip().lower() in UK_NATIONALITIES else "non_uk"


class _Row:
    """Parses one row, collecting problems instead of stopping at the first."""

    def __init__(self, number: int, cells: dict[str, str], problems: list[Problem]) -> None:
        self.number, self.cells, self.problems = number, cells, problems

    def bad(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.number, column, message))

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def parse(self, today: dt.date) -> dict[str, Any]:
        values: dict[str, Any] = {"missing": {}}
        for column in _TEXT_COLUMNS:
            try:
                values[column] = check_text(self.get(column))
            except ValueError as exc:
                self.bad(column, str(exc))
        for column, (category, default) in _SIMPLE_CHOICES.items():
            text = self.get(column)
            try:
                values[column] = parse_choice(text, category) if text else default
            except ValueError as exc:
                self.bad(column, str(exc))
        self._exploitation(values)
        self._dates(values, today)
        self._consistency(values)
        return values

    def _exploitation(self, values: dict[str, Any]) -> None:
        codes: list[str] = []
        text = self.get("exploitation_types")
        if len(text) > MAX_TEXT_LENGTH:  # at most five short codes; and bounded work
            self.bad("exploitation_types", f"longer than {MAX_TEXT_LENGTH} characters")
            return
        for position, part in enumerate(text.split(";"), start=1):
            if not part.strip():
                continue
            try:
                code = parse_choice(part, EXPLOITATION_TYPE)
            except ValueError as exc:
                # Named by position, not repeated: a shifted row can put a name here.
                self.bad("exploitation_types", f"entry {position} is {exc}")
                continue
            if code not in codes:
                codes.append(code)
        values["exploitation_types"] = ";".join(codes)

    def _date(self, column: str) -> dt.date | None:
        text = self.get(column)
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError as exc:
            self.bad(column, str(exc))
            return None

    def _dates(self, values: dict[str, Any], today: dt.date) -> None:
        intake = self._date("intake_date")
        if intake is None and not self.get("intake_date"):
            self.bad("intake_date", "is blank; every case needs its intake date")
        if intake is not None and intake > today:
            self.bad("intake_date", "is in the future")
        values["intake_date"] = intake
        dob_text = self.get("date_of_birth")
        dob: dt.date | None = None
        if not dob_text:
            values["missing"]["date_of_birth"] = "not_known"
        else:
            try:
                values["missing"]["date_of_birth"] = parse_missing_reason(
                    dob_text, DOB_MISSING_REASONS
                )
            except ValueError:
                dob = self._date("date_of_birth")
        values["date_of_birth"] = dob
        if dob is not None and dob > today:
            self.bad("date_of_birth", "is in the future")
        elif dob is not None and intake is not None and dob < intake:
            band = age_band_for(age_on(dob, intake))
            if self.get("age_band") and values.get("age_band") not in (band, None):
                self.bad("age_band", "does not match the date of birth")
            values["age_band"] = band
        elif dob is not None and intake is not None:
            self.bad("date_of_birth", "is not before the intake date")
        closed = self._date("closed_on")
        values["closed_on"] = closed
        if closed is not None and intake is not None and closed < intake:
            self.bad("closed_on", "is before the intake date")
        if closed is not None and closed > today:
            self.bad("closed_on", "is in the future")

    def _consistency(self, values: dict[str, Any]) -> None:
        status = values.get("status")
        if status == "closed" and not self.get("closed_on"):
            self.bad("closed_on", "is blank but the status is 'closed'")
        if status != "closed" and self.get("closed_on"):
            self.bad("closed_on", "is given but the status is not 'closed'")
        if status != "closed" and self.get("closure_reason"):
            self.bad("closure_reason", "is given but the status is not 'closed'")
        if status == "closed":
            values["status_changed_on"] = values.get("closed_on")
        if not values.get("nationality_group"):
            values["nationality_group"] = nationality_group_for(values.get("nationality", ""))
        if values["nationality_group"] == "not_known":
            values["missing"].setdefault("nationality", "not_known")


def validate(table: Table, session: Session, today: dt.date) -> list[tuple[str, dict[str, Any]]]:
    """Check every row; returns (case_ref or '', field values) or raises ImportRejected."""
    problems = ProblemList()
    used = case_refs.used_case_refs(session)
    in_file: dict[str, int] = {}
    parsed: list[tuple[str, dict[str, Any]]] = []
    for number, cells in table.rows:
        row = _Row(number, cells, problems)
        values = row.parse(today)
        ref = cells.get("case_ref", "")
        if ref:
            if not case_refs.is_valid_case_ref(ref):
                row.bad("case_ref", "may hold only letters, digits and inner hyphens (at most 32)")
            elif ref.upper() in used:
                row.bad("case_ref",
                        f"{ref} already exists or was used before; it is not duplicated")
            elif ref.upper() in in_file:
                row.bad("case_ref", f"{ref} is also on row {in_file[ref.upper()]}")
            else:
                in_file[ref.upper()] = number
        parsed.append((ref, values))
    if problems:
        raise ImportRejected(in_file_order(problems, table.header))
    return parsed


def import_survivors(
    session: Session, path: Path | str, today: dt.date | None = None
) -> ImportResult:
    """Validate the whole file, then add every survivor (the caller commits and saves)."""
    today = today or dt.date.today()
    table = read_table(path, COLUMNS)
    parsed = validate(table, session, today)
    blanks = sum(1 for ref, _ in parsed if not ref)
    new_refs = iter(case_refs.issue_case_refs(session, blanks) if blanks else [])
    # All given references are recorded at once: one per row made a large file quadratic.
    given = iter(case_refs.register_case_refs(session, [ref for ref, _ in parsed if ref]))
    refs: list[str] = []
    for ref, values in parsed:
        ref = next(given) if ref else next(new_refs)
        session.add(Survivor(case_ref=ref, **values))
        refs.append(ref)
    session.flush()
    return ImportResult(len(parsed), blanks, refs)
