"""The data dictionary, written from the definitions the code itself uses.

Every table field (:mod:`exports.field_docs`), every fixed list
(:mod:`caseload.categories`), the import columns, the monthly summary columns, the
funder measures and the disclosure rules (:mod:`exports.disclosure`) come from the
modules that implement them, so the dictionary cannot say something the code does not do.
Output is Markdown.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Iterable, Sequence
from pathlib import Path

from caseload.categories import ALL_CATEGORIES
from exports import (
    disclosure,
    field_docs,
    funder_measures,
    import_activities,
    import_assessments,
    import_referrals,
    monthly_columns,
)
from exports import import_providers as directory_import
from exports import import_survivors as survivors_import
from exports.csv_safety import __doc__ as CSV_SAFETY_DOC
from exports.files import write_export
from exports.import_common import ColumnSpec


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines + [""]


def _doc(module: object) -> str:
    return inspect.cleandoc(getattr(module, "__doc__", "") or "")


def _scale_section() -> list[str]:
    from assessments import scale as scales
    from caseload.domains import DOMAIN_LABELS, DOMAINS

    lines = ["## The recovery scale", "",
             "Each assessment records the scale version it used. A rating is a level, or the "
             "reason it is missing (`missing_reason`).", ""]
    for version, scale in sorted(scales.SCALES.items()):
        current = " (current)" if version == scales.SCALE_VERSION else ""
        lines += [f"### Version {version}{current}", ""]
        lines += _table(("level", "name"), ((lv, scale.level_name(lv)) for lv in scale.levels))
        for domain in DOMAINS:
            lines += [f"#### {DOMAIN_LABELS[domain]} (`{domain}`)", "",
                      scale.domain_descriptions.get(domain, ""), ""]
            lines += _table(("level", "what it looks like"),
                            ((lv, scale.descriptor(domain, lv)) for lv in scale.levels))
    return lines


def _model_section() -> list[str]:
    lines = ["## The data model (inside the encrypted vault)", ""]
    for model, fields in field_docs.TABLES.items():
        lines += [f"### {model.__name__} (table `{model.__tablename__}`)", ""]
        rows = []
        for name, doc in fields.items():
            allowed = ""
            if doc.category is not None:
                allowed = f"codes of `{doc.category.name}`"
                if doc.several:
                    allowed += ", several separated by ';'"
            rows.append((f"`{name}`", field_docs.type_name(model, name), doc.meaning, allowed))
        lines += _table(("field", "type", "meaning", "allowed values"), rows)
    return lines


def _category_section() -> list[str]:
    lines = ["## Fixed lists (categories)", "",
             "Codes are stored and exported; labels are shown on screen. Imports accept either.",
             ""]
    for category in ALL_CATEGORIES:
        lines += [f"### `{category.name}`", "", category.description, ""]
        lines += _table(("code", "label", "when it applies"),
                        ((f"`{c.code}`", c.label, c.description) for c in category.choices))
    return lines


def _import_columns(specs: Sequence[ColumnSpec]) -> list[str]:
    return _table(
        ("column", "in the header", "meaning", "accepted values"),
        ((f"`{s.name}`", "required" if s.required else "optional", s.description, s.allowed())
         for s in specs),
    )


def _import_section() -> list[str]:
    return [
        "## Import files", "",
        "UTF-8 CSV, with or without a byte-order mark (Excel's and LibreOffice's 'CSV UTF-8'). "
        "Category cells accept the code or the label, in any letter case. `navigator import "
        "... --template` writes the header row.", "",
        "### Survivors (`navigator import survivors FILE.csv`)", "",
        _doc(survivors_import), "",
        *_import_columns(survivors_import.COLUMNS),
        "### Assessments (`navigator import assessments FILE.csv`)", "",
        _doc(import_assessments), "",
        *_import_columns(import_assessments.COLUMNS),
        "### Referrals (`navigator import referrals FILE.csv`)", "",
        _doc(import_referrals), "",
        *_import_columns(import_referrals.COLUMNS),
        "### Service directory (`navigator directory import FILE.csv`)", "",
        _doc(directory_import), "",
        "`navigator directory export --out FILE.csv` writes the directory in these columns.",
        "",
        *_import_columns(directory_import.COLUMNS),
        "### Activities (`navigator import activities FILE.csv`)", "",
        _doc(import_activities), "",
        *_import_columns(import_activities.COLUMNS),
    ]


def _monthly_section() -> list[str]:
    return [
        "## Monthly recovery summary (`navigator export monthly --month YYYY-MM`)", "",
        "One row per survivor whose case was open (or paused) on at least one day of the "
        "month. Figures are taken on the as-of day: the month's last day, or today when the "
        "month is not over. No names, dates of birth or free text.", "",
        *_table(("column", "type", "meaning"),
                ((f"`{c.name}`", c.type, c.meaning) for c in monthly_columns.COLUMNS)),
    ]


def _funder_section() -> list[str]:
    header = ", ".join(f"`{h}`" for h in funder_measures.HEADER)
    return [
        "## Anonymised funder aggregates (`navigator export funder --from YYYY-MM --to YYYY-MM`)",
        "",
        f"Long-format CSV with the columns {header}. `value` is a number, or empty when "
        "suppressed; `base` is the number of survivors (or due dates, or promises) a "
        "percentage or mean is computed over; `suppressed` is `true` or `false`. "
        "No identifier, name, free text or date finer than a month appears in the file.", "",
        "### About the file", "",
        "The period, the threshold, the rounding and the scale version are rows with "
        "`group` = `about`, so the file loads as one table with a numeric `value` column; "
        "drop those rows (or read them) before analysis.", "",
        *_table(("measure", "meaning"),
                ((f"`{c.name}`", c.meaning) for c in funder_measures.ABOUT)),
        "### Measures", "",
        *_table(("measure", "kind", "how it is computed"),
                ((f"`{c.name}`", c.type, c.meaning) for c in funder_measures.MEASURES)),
        "### Breakdowns of `survivors_supported`", "",
        *_table(("group", "categories"),
                ((f"`{g}`", m) for g, m in funder_measures.BREAKDOWNS.items())),
        "### Breakdowns of `referrals_made`", "",
        *_table(("group", "categories"),
                ((f"`{g}`", m) for g, m in funder_measures.REFERRAL_BREAKDOWNS.items())),
        "### Disclosure control", "",
        _doc(disclosure), "",
        f"The default threshold is {disclosure.DEFAULT_THRESHOLD}.", "",
        "### Record weights: files that cannot be differenced", "",
        funder_measures.MECHANISM, "",
    ]


def _csv_section() -> list[str]:
    return ["## Every CSV export", "", inspect.cleandoc(CSV_SAFETY_DOC or ""), "",
            "Files are created readable by their owner only, and an existing file is not "
            "replaced without `--force`.", ""]


def render(generated_on: dt.date | None = None) -> str:
    lines = ["# Navigator data dictionary", ""]
    if generated_on is not None:
        lines += [f"Generated on {generated_on.isoformat()} by `navigator export dictionary`.", ""]
    lines += _scale_section()
    lines += _model_section()
    lines += _category_section()
    lines += _import_section()
    lines += _monthly_section()
    lines += _funder_section()
    lines += _csv_section()
    return "\n".join(lines).rstrip() + "\n"


def write_dictionary(out: Path | str, force: bool = False, today: dt.date | None = None) -> Path:
    """Write the data dictionary (Markdown) to ``out``."""
    return write_export(out, render(today).encode("utf-8"), force)
