"""Import referrals from a spreadsheet (CSV): all rows or none.

One row is one referral of a survivor already in the vault (import the survivors
first), checked by the same referral validator as the app's form
(:mod:`caseload.validation.referrals`). The provider is written as a name; a name the
service directory spells (any case) is linked to its entry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from caseload.categories import REFERRAL_SERVICE, REFERRAL_STATUS
from caseload.changes.referrals import add_referral
from caseload.models import Survivor
from caseload.validation.records import Context, check_record
from caseload.validation.referrals import REFERRAL
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

COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("case_ref", "The case reference of a survivor already in the vault.", True,
               values="an existing case reference"),
    ColumnSpec("service_kind", "The kind of service.", True, REFERRAL_SERVICE),
    ColumnSpec("service_other", "The service, when service_kind is 'other'.",
               values="one line of text, at most 200 characters"),
    ColumnSpec("provider", "The provider's name (as the service directory spells it, to link "
               "its entry).", True, values="one line of text, at most 200 characters"),
    ColumnSpec("status", "Where the referral stands.", True, REFERRAL_STATUS),
    ColumnSpec("referred_on", "The day it was sent (required once it was sent).", True,
               values=DATE_FORMATS_HELP),
    ColumnSpec("accepted_on", "The day the provider accepted it.", values=DATE_FORMATS_HELP),
    ColumnSpec("started_on", "The day the service started.", values=DATE_FORMATS_HELP),
    ColumnSpec("ended_on", "The day it ended or was settled.", values=DATE_FORMATS_HELP),
    ColumnSpec("follow_up_on", "When to chase or check on it (may lie ahead).",
               values=DATE_FORMATS_HELP),
    ColumnSpec("domains", "The recovery domains it serves, separated by ';'.",
               values="mental_health; physical_health; financial_stability; "
               "social_connection; safety; legal_status"),
    ColumnSpec("note", "A note on the referral (never exported).",
               values="one line of text, at most 2,000 characters"),
)


@dataclass(frozen=True)
class ReferralImportResult:
    imported: int
    separator: str = ","


def validate(table: Table, session: Session, today: dt.date) -> list[tuple[int, dict[str, Any]]]:
    """(survivor id, the referral's cells) for every row; raises ImportRejected."""
    survivors = {s.case_ref.upper(): s for s in session.exec(select(Survivor))}
    problems = ProblemList()
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, cells in table.rows:
        def bad(column: str, message: str, number: int = number) -> None:
            problems.append(Problem(number, column, message))

        cells, formulas = blank_formulas(cells, bad)
        survivor = case_of_row(cells, survivors, bad, formulas)
        raw: dict[str, Any] = {k: v for k, v in cells.items() if k != "provider"}
        raw["provider_name"] = cells.get("provider", "")
        raw["domains"] = [d.strip() for d in cells.get("domains", "").split(";") if d.strip()]
        intake = survivor.intake_date if survivor is not None else None
        checked = check_record(REFERRAL, raw, Context(today, intake))
        for name, sentence in checked.problems.items():
            column = "provider" if name == "provider_name" else name
            if column not in formulas:
                bad(column, sentence)
        if survivor is not None and survivor.id is not None and checked.ok:
            rows.append((survivor.id, raw))
    if problems:
        raise ImportRejected(in_file_order(problems, table.header))
    return rows


def import_referrals(
    session: Session, path: Path | str, today: dt.date | None = None
) -> ReferralImportResult:
    """Validate the whole file, then add every referral (the caller commits and saves)."""
    today = today or dt.date.today()
    table = read_table(path, COLUMNS)
    rows = validate(table, session, today)
    for survivor_id, raw in rows:
        add_referral(session, survivor_id, raw, today)
    return ReferralImportResult(len(rows), table.separator)
