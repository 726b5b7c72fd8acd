"""What can be imported and exported: one table, read by the ``navigator`` command and the app.

Each kind has its code (the CLI's sub-command, the app's choice), the label the app
shows, its default file name, and for imports the function that checks and adds a file
(through the core's change functions) and the template of its columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from caseload.categories import Category, Choice
from exports.import_common import SEMICOLON_NOTE, template
from exports.periods import Month, Period

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass(frozen=True)
class ImportOutcome:
    """How many records a committed import added (counts only: no personal data)."""

    kind: str
    imported: int
    generated_refs: int = 0
    rows: int = 0
    separator: str = ","

    def sentence(self) -> str:
        note = f" {SEMICOLON_NOTE}" if self.separator == ";" else ""
        if self.kind == "survivors":
            noun = "survivor" if self.imported == 1 else "survivors"
            text = f"{self.imported} {noun} added to the caseload and saved"
            if self.generated_refs:
                refs = "reference" if self.generated_refs == 1 else "references"
                text += f" ({self.generated_refs} new case {refs} issued)"
            return text + "." + note
        if self.kind == "referrals":
            noun = "referral" if self.imported == 1 else "referrals"
            return f"{self.imported} {noun} added and saved.{note}"
        if self.kind == "activities":
            noun = "activity" if self.imported == 1 else "activities"
            return f"{self.imported} {noun} of the work beyond the caseload added and saved.{note}"
        noun = "assessment" if self.imported == 1 else "assessments"
        rows = "row" if self.rows == 1 else "rows"
        return f"{self.imported} {noun} added from {self.rows} {rows} and saved.{note}"


def _import_survivors(session: Session, path: Path, today: dt.date) -> ImportOutcome:
    from exports.import_survivors import import_survivors

    done = import_survivors(session, path, today)
    return ImportOutcome("survivors", done.imported, done.generated_refs, separator=done.separator)


def _import_assessments(session: Session, path: Path, today: dt.date) -> ImportOutcome:
    from exports.import_assessments import import_assessments

    done = import_assessments(session, path, today)
    return ImportOutcome("assessments", done.imported, rows=done.rows, separator=done.separator)


def _import_referrals(session: Session, path: Path, today: dt.date) -> ImportOutcome:
    from exports.import_referrals import import_referrals

    done = import_referrals(session, path, today)
    return ImportOutcome("referrals", done.imported, separator=done.separator)


def _referral_template() -> bytes:
    from exports.import_referrals import COLUMNS

    return template(COLUMNS)


def _import_activities(session: Session, path: Path, today: dt.date) -> ImportOutcome:
    from exports.import_activities import import_activities

    done = import_activities(session, path, today)
    return ImportOutcome("activities", done.imported, rows=done.imported,
                         separator=done.separator)


def _activity_template() -> bytes:
    from exports.import_activities import COLUMNS

    return template(COLUMNS)


def _survivor_template() -> bytes:
    from exports.import_survivors import COLUMNS

    return template(COLUMNS)


def _assessment_template() -> bytes:
    from exports.import_assessments import COLUMNS

    return template(COLUMNS)


@dataclass(frozen=True)
class ImportKind:
    code: str
    label: str
    help: str
    run: Callable[[Session, Path, dt.date], ImportOutcome]
    template: Callable[[], bytes]

    @property
    def template_name(self) -> str:
        return f"navigator-import-{self.code}-template.csv"


IMPORT_KINDS: dict[str, ImportKind] = {
    kind.code: kind
    for kind in (
        ImportKind(
            "survivors",
            "Survivors (one row per survivor)",
            "Add survivors from a CSV file (see --template and the data dictionary).",
            _import_survivors,
            _survivor_template,
        ),
        ImportKind(
            "assessments",
            "Recovery assessments (one row per rater; survivors first)",
            "Add recovery assessments from a CSV file (one row per rater).",
            _import_assessments,
            _assessment_template,
        ),
        ImportKind(
            "referrals",
            "Referrals to services (survivors first)",
            "Add referrals to services from a CSV file (survivors first).",
            _import_referrals,
            _referral_template,
        ),
        ImportKind(
            "activities",
            "The work beyond the caseload (one row per advice, day of action or training)",
            "Add activities (strategic advice, days of action, training) from a CSV file.",
            _import_activities,
            _activity_template,
        ),
    )
}


@dataclass(frozen=True)
class ExportKind:
    code: str
    label: str
    help: str
    #: Offered by the app's export screen too.
    in_app: bool = True


EXPORT_KINDS: dict[str, ExportKind] = {
    kind.code: kind
    for kind in (
        ExportKind(
            "monthly",
            "Monthly recovery summary (for managers: one row per case)",
            "One row per case open in the month: levels, changes, due dates, contacts, "
            "promises.",
        ),
        ExportKind(
            "funder",
            "Funder aggregates (anonymised, small numbers suppressed)",
            "Anonymised aggregates for funders, with small numbers suppressed.",
        ),
        ExportKind(
            "dictionary",
            "Data dictionary (every field, column and measure; no personal data)",
            "The data dictionary (Markdown): every field, category, column and measure.",
        ),
        ExportKind(
            "report",
            "Funder report (PDF summary of the anonymised figures)",
            "A one- or two-page PDF summary of the funder figures, small numbers suppressed.",
        ),
    )
}

DICTIONARY_NAME = "navigator-data-dictionary.md"


def monthly_name(month: Month) -> str:
    return f"navigator-monthly-{month}.csv"


def funder_name(period: Period) -> str:
    return f"navigator-funder-{period.start}-to-{period.end}.csv"


def report_name(period: Period) -> str:
    return f"navigator-funder-report-{period.start}-to-{period.end}.pdf"


def _category(name: str, description: str, kinds: dict[str, ImportKind] | dict[str, ExportKind]
              ) -> Category:
    return Category(name, description, tuple(
        Choice(k.code, k.label) for k in kinds.values() if getattr(k, "in_app", True)
    ))


IMPORT_KIND = _category("import_kind", "What the spreadsheet holds.", IMPORT_KINDS)
#: The exports the app offers (every kind is a ``navigator export`` command).
EXPORT_KIND = _category("export_kind", "What to export.", EXPORT_KINDS)

#: The file format of a monthly summary or funder figures (the report is always PDF and
#: the dictionary Markdown).
EXPORT_FORMAT = Category("export_format", "The file to write.", (
    Choice("csv", "CSV (for analysis)"),
    Choice("xlsx", "Spreadsheet (.xlsx, labels in words)"),
))


def with_format(name: str, file_format: str) -> str:
    """A default file name with the chosen format's suffix."""
    return str(Path(name).with_suffix(f".{file_format}"))
