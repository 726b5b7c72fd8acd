"""Import survivors from a spreadsheet (CSV): all rows or none.

Every row is checked first; any problem anywhere means nothing is imported and every
problem is reported as ``row N, column X: what is wrong``. A given case reference
is kept (letters, digits, inner hyphens); a blank one is generated. A case reference
already in the vault, issued before (even if its survivor was deleted) or repeated
in the file is refused, never duplicated.

Consent columns (``consent_anonymised_reporting``, ``consent_share_police``) take given,
declined or withdrawn, or blank for not asked; each answer is recorded as a consent
dated the day of the import, saying the file did not tell when or how it was given.

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
from caseload.categories import (
    AGE_BAND,
    CASE_STATUS,
    CLOSURE_REASON,
    CONSENT_STATUS,
    EXPLOITATION_LOCATION,
    EXPLOITATION_TYPE,
    MISSING_REASON,
    NATIONALITY_GROUP,
    NRM_DECISION,
    REFERRAL_ROUTE,
    REFERRING_AGENCY,
    SEX,
    YES_NO_UNKNOWN,
)
from caseload.changes.consents import record_consent
from caseload.changes.survivors import NAME_FIELDS, save_survivor
from caseload.models import Survivor
from caseload.validation.records import Context, check_record
from caseload.validation.survivors import SURVIVOR
from caseload.validation.values import FieldError, parse_choice
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

UK_NATIONALITIES = frozenset(
    {"uk", "united kingdom", "british", "gb", "great britain", "england", "english", "scotland",
     "scottish", "wales", "welsh", "northern ireland", "northern irish"}
)
DOB_MISSING_REASONS = ("declined", "not_known")
TEXT_VALUES = ("one line of text, at most 200 characters, not starting with = or @ "
               "(a spreadsheet formula)")
NAME_VALUES = TEXT_VALUES.replace("200", "100")
CONSENT_ANSWERS = ("given", "declined", "withdrawn")
CONSENT_VALUES = "given, declined, withdrawn; or blank (not asked)"
_DEFAULTS = Survivor(case_ref="", intake_date=dt.date(2000, 1, 1))


def _blank(name: str) -> str:
    return f"Blank: {getattr(_DEFAULTS, name)}."


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("case_ref", "The case reference. Blank: Navigator issues a new one. It may "
               "not spell any of the survivor's names (given, family or preferred, any word "
               "of 3 letters or more, in any case): references are spoken aloud and exported.",
               True,
               values="letters, digits and inner hyphens, at most 32; or blank"),
    ColumnSpec("given_name", "Given name (a given or a preferred name is needed).", True,
               values=NAME_VALUES),
    ColumnSpec("family_name", "Family name.", True, values=NAME_VALUES),
    ColumnSpec("preferred_name", "The name the survivor wants to be called.", True,
               values=NAME_VALUES),
    ColumnSpec("date_of_birth", "Date of birth, before the intake date; blank or a reason "
               "when not known.", True,
               values=f"{DATE_FORMATS_HELP}; blank (not known); declined; not_known"),
    ColumnSpec("sex", "Sex as the survivor describes it. " + _blank("sex"), True, SEX),
    ColumnSpec("sex_other", "The survivor's words when sex is 'other'.",
               values=TEXT_VALUES),
    ColumnSpec("nationality", "Nationality in words (for example 'Albanian').", True,
               values=TEXT_VALUES),
    ColumnSpec("nationality_group", "UK or non-UK. Blank: derived from nationality.",
               category=NATIONALITY_GROUP),
    ColumnSpec("languages", "The languages the survivor speaks.", values=TEXT_VALUES),
    ColumnSpec("interpreter_needed", "Whether an interpreter is needed. "
               + _blank("interpreter_needed"), category=YES_NO_UNKNOWN),
    ColumnSpec("exploitation_types", "Kinds of exploitation, several separated by ';'.", True,
               EXPLOITATION_TYPE),
    ColumnSpec("exploitation_other", "What the exploitation was when a type is 'other'.",
               values=TEXT_VALUES),
    ColumnSpec("county_lines", "County lines involvement. " + _blank("county_lines"),
               category=YES_NO_UNKNOWN),
    ColumnSpec("exploitation_location", "Where the exploitation happened. "
               + _blank("exploitation_location"), category=EXPLOITATION_LOCATION),
    ColumnSpec("referral_route", "How the survivor was referred. " + _blank("referral_route"),
               True, REFERRAL_ROUTE),
    ColumnSpec("referral_route_other", "The route when referral_route is 'other'.",
               values=TEXT_VALUES),
    ColumnSpec("referring_agency", "Who made the referral. " + _blank("referring_agency"),
               category=REFERRING_AGENCY),
    ColumnSpec("referring_agency_name", "The referring agency's name (needed when "
               "referring_agency is 'other_agency').", values=TEXT_VALUES),
    ColumnSpec("police_force", "The police force the case is with.", True,
               values=TEXT_VALUES),
    ColumnSpec("officer_name", "The officer in the case.", values=TEXT_VALUES),
    ColumnSpec("officer_contact", "How to reach the officer in the case.", values=TEXT_VALUES),
    ColumnSpec("nrm_reasonable_grounds", "The NRM reasonable grounds decision. "
               + _blank("nrm_reasonable_grounds"), category=NRM_DECISION),
    ColumnSpec("nrm_reasonable_grounds_date", "The day of the reasonable grounds decision.",
               values=f"{DATE_FORMATS_HELP}; or blank"),
    ColumnSpec("nrm_conclusive_grounds", "The NRM conclusive grounds decision. "
               + _blank("nrm_conclusive_grounds"), category=NRM_DECISION),
    ColumnSpec("nrm_conclusive_grounds_date", "The day of the conclusive grounds decision.",
               values=f"{DATE_FORMATS_HELP}; or blank"),
    ColumnSpec("intake_date", "The day the case opened (not in the future).", True,
               values=DATE_FORMATS_HELP),
    ColumnSpec("status", "Where the case stands. " + _blank("status"), True, CASE_STATUS),
    ColumnSpec("closed_on", "The day the case closed; needed when status is 'closed'.",
               values=f"{DATE_FORMATS_HELP}, not before intake_date; or blank"),
    ColumnSpec("closure_reason", "Why the case closed (when status is 'closed').",
               category=CLOSURE_REASON),
    ColumnSpec("closure_reason_other", "The reason when closure_reason is 'other'.",
               values=TEXT_VALUES),
    ColumnSpec("support_offered", "Whether support was offered. " + _blank("support_offered"),
               category=YES_NO_UNKNOWN),
    ColumnSpec("support_accepted", "Whether support was accepted. "
               + _blank("support_accepted"), category=YES_NO_UNKNOWN),
    ColumnSpec("supports_police_action", "Whether the survivor supports police action. "
               + _blank("supports_police_action"), category=YES_NO_UNKNOWN),
    ColumnSpec("age_band", "Age band when the date of birth is not known (derived from it "
               "when it is).", category=AGE_BAND),
    ColumnSpec("consent_anonymised_reporting", "The survivor's answer about being counted in "
               "anonymised reporting (a refusal leaves them out of the funder figures).",
               values=CONSENT_VALUES),
    ColumnSpec("consent_share_police", "The survivor's answer about information being "
               "shared with the police.", values=CONSENT_VALUES),
)

#: Import column -> the consent kind it answers.
CONSENT_COLUMNS = {
    "consent_anonymised_reporting": "anonymised_reporting",
    "consent_share_police": "share_with_police",
}


@dataclass(frozen=True)
class ImportResult:
    imported: int
    generated_refs: int
    case_refs: list[str]
    #: The column separator the file used (',' or ';').
    separator: str = ","


def nationality_group_for(nationality: str) -> str:
    if not nationality.strip():
        return "not_known"
    return "uk" if nationality.strip().lower() in UK_NATIONALITIES else "non_uk"


@dataclass(frozen=True)
class _Parsed:
    case_ref: str
    values: dict[str, Any]
    missing: dict[str, str]
    #: Consent kind -> the answer in the file (given, declined, withdrawn).
    consents: dict[str, str]


def _consent(kind: str, answer: str, today: dt.date) -> dict[str, Any]:
    """A consent from an import cell: the file says the answer, not when or how."""
    return {
        "kind": kind,
        "status": answer,
        "recorded_on": today,
        "method": "" if answer == "declined" else "other",
        "method_other": "" if answer == "declined" else "not in the imported file",
        "withdrawn_on": today if answer == "withdrawn" else None,
        "note": f"From the survivors import on {today.isoformat()}: the file gave the "
        "answer, not when or how it was given.",
    }


def _raw(cells: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The survivor record's values from a row: a blank cell is the documented default.

    A date of birth may name why it is not known instead (declined, not_known).
    """
    raw: dict[str, Any] = {}
    missing: dict[str, str] = {}
    for spec in SURVIVOR.fields:
        cell = cells.get(spec.name, "")
        raw[spec.name] = cell if cell or spec.kind != "choice" else getattr(_DEFAULTS, spec.name)
    dob = cells.get("date_of_birth", "")
    try:
        missing["date_of_birth"] = (
            parse_choice(dob, MISSING_REASON, DOB_MISSING_REASONS) if dob else "not_known"
        )
        raw["date_of_birth"] = ""
    except FieldError:
        pass  # a date, checked as one
    if not cells.get("nationality_group"):
        raw["nationality_group"] = nationality_group_for(cells.get("nationality", ""))
    if raw["nationality_group"] == "not_known":
        missing["nationality"] = "not_known"
    return raw, missing


def validate(table: Table, session: Session, today: dt.date) -> list[_Parsed]:
    """Check every row with the survivor validator; raises ImportRejected."""
    problems = ProblemList()
    used = case_refs.used_case_refs(session)
    in_file: dict[str, int] = {}
    parsed: list[_Parsed] = []
    for number, cells in table.rows:
        def bad(column: str, message: str, number: int = number) -> None:
            problems.append(Problem(number, column, message))

        formulas = {name for name, cell in cells.items() if formula_problem(cell)}
        for name in sorted(formulas):
            bad(name, formula_problem(cells[name]) or "")
        raw, missing = _raw({k: ("" if k in formulas else v) for k, v in cells.items()})
        checked = check_record(SURVIVOR, raw, Context(today))
        for name, sentence in checked.problems.items():
            if name not in formulas:
                bad(name, sentence)
        ref = cells.get("case_ref", "")
        if ref:
            if not case_refs.is_valid_case_ref(ref):
                bad("case_ref", "May hold only letters, digits and inner hyphens (at most 32).")
            elif ref.upper() in used:
                bad("case_ref", f"{ref} already exists or was used before; it is not duplicated.")
            elif ref.upper() in in_file:
                bad("case_ref", f"{ref} is also on row {in_file[ref.upper()]}.")
            elif case_refs.holds_a_name(ref, [cells.get(f, "") for f in NAME_FIELDS]):
                bad("case_ref", f"{ref} {case_refs.NAME_IN_REF}.")
            else:
                in_file[ref.upper()] = number
        consents: dict[str, str] = {}
        for column, kind in CONSENT_COLUMNS.items():
            cell = cells.get(column, "")
            if cell and column not in formulas:
                try:
                    consents[kind] = parse_choice(cell, CONSENT_STATUS, CONSENT_ANSWERS)
                except FieldError as exc:
                    bad(column, str(exc))
        parsed.append(_Parsed(ref, checked.values, missing, consents))
    if problems:
        raise ImportRejected(in_file_order(problems, table.header))
    return parsed


def import_survivors(
    session: Session, path: Path | str, today: dt.date | None = None
) -> ImportResult:
    """Validate the whole file, then add every survivor through the one change function
    (the caller commits and saves)."""
    today = today or dt.date.today()
    table = read_table(path, COLUMNS)
    parsed = validate(table, session, today)
    blanks = sum(1 for row in parsed if not row.case_ref)
    names = [[row.values.get(f) for f in NAME_FIELDS] for row in parsed if not row.case_ref]
    new_refs = iter(case_refs.issue_case_refs(session, blanks, avoid=names) if blanks else [])
    # All given references are recorded at once: one per row made a large file quadratic.
    given = iter(
        case_refs.register_case_refs(session, [row.case_ref for row in parsed if row.case_ref])
    )
    refs: list[str] = []
    for row in parsed:
        ref = next(given) if row.case_ref else next(new_refs)
        survivor_id = save_survivor(session, row.values, today, case_ref=ref, missing=row.missing)
        for kind, answer in row.consents.items():
            record_consent(session, survivor_id, _consent(kind, answer, today), today)
        refs.append(ref)
    return ImportResult(len(parsed), blanks, refs, table.separator)
