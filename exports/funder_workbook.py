"""The funder figures as a workbook (``navigator export funder --out FILE.xlsx``).

The same controlled figures as the funder CSV (:func:`exports.funder_words.
funder_figures` reads them from :func:`exports.funder.funder_rows`), laid out for
people: a front sheet saying what the file is, one sheet per table with labels in
words, and a sheet of what each measure means. A suppressed figure is the text ``c``
(its base too); every other number is a number. Every text cell goes through
:func:`exports.csv_safety.neutralise`, so nothing can start a formula.

The workbook is made in memory and written by :func:`exports.files.write_export`
(owner-only, complete or absent). openpyxl is imported here only, when a workbook is
written.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import Session

from caseload.domains import DOMAINS, RATERS
from exports import disclosure, funder_measures
from exports.csv_safety import neutralise
from exports.files import write_export
from exports.funder_words import (
    ACTIVITY_MEASURES,
    BREAKDOWN_GROUPS,
    EXPLOITATION_NOTE,
    GROUP_TITLES,
    HIDDEN,
    HIDDEN_MEANING,
    MEASURE_TITLES,
    TITLE,
    FunderFigures,
    Published,
    category_label,
    date_words,
    figures_in_vault,
    period_words,
    rounding_words,
    rules_paragraph,
    threshold_words,
)
from exports.periods import Period

SHEET_ABOUT = "About these figures"
SHEET_SUPPORTED = "Survivors supported"
SHEET_CASES = "Cases and assessments"
SHEET_REFERRALS = "Referrals and support plans"
SHEET_RECOVERY = "Recovery"
SHEET_REVIEWS = "Reviews on time"
SHEET_PROMISES = "Promises kept"
SHEET_ACTIVITIES = "Work beyond the caseload"
SHEET_MEANINGS = "What each measure means"

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_WRAP = Alignment(wrap_text=True, vertical="top")
_FORMATS = {"count": "0", "pct": "0.0", "mean": "+0.00;-0.00;0.00"}

CellValue = str | int | float | None


class _Sheet:
    """Writes rows one after another; every text cell neutralised."""

    def __init__(self, sheet: Worksheet, widths: tuple[int, ...]) -> None:
        self.sheet = sheet
        self.row = 1
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width

    def put(self, values: list[CellValue], font: Font | None = None,
            formats: tuple[str | None, ...] = (), wrap: bool = False) -> None:
        for col, value in enumerate(values, start=1):
            cell = self.sheet.cell(row=self.row, column=col)
            if isinstance(value, str):
                cell.value = neutralise(value)
                cell.data_type = "s"  # never a formula, whatever the text
            else:
                cell.value = value
                fmt = formats[col - 1] if col - 1 < len(formats) else None
                if fmt and value is not None:
                    cell.number_format = _FORMATS[fmt]
            if font is not None:
                cell.font = font
            if wrap:
                cell.alignment = _WRAP
        self.row += 1

    def gap(self) -> None:
        self.row += 1

    def note(self, text: str, columns: int) -> None:
        """A paragraph across the first ``columns`` columns, wrapped, tall enough to read."""
        self.put([text], wrap=True)
        row = self.row - 1
        if columns > 1:
            self.sheet.merge_cells(start_row=row, start_column=1, end_row=row,
                                   end_column=columns)
        width = sum(self.sheet.column_dimensions[chr(ord("A") + i)].width or 10
                    for i in range(columns))
        lines = -(-len(text) // max(int(width * 1.1), 1))
        self.sheet.row_dimensions[row].height = 15 * max(lines, 1) + 3


def _value(fig: Published) -> CellValue:
    return HIDDEN if fig.suppressed else fig.value


def _base(fig: Published) -> CellValue:
    return HIDDEN if fig.suppressed else fig.base


def _front(ws: _Sheet, figures: FunderFigures) -> None:
    ws.put([TITLE], _TITLE)
    ws.gap()
    for label, value in (
        ("Period", period_words(figures.period)),
        ("Small numbers", threshold_words(figures.threshold)),
        ("Rounding", rounding_words(figures.rounding)),
        ("What c means", HIDDEN_MEANING),
        ("Recovery scale version", figures.scale_version),
        ("Made on", date_words(figures.made_on)),
    ):
        ws.put([label, value], formats=(None, "count"), wrap=True)
        ws.sheet.cell(row=ws.row - 1, column=1).font = _BOLD
    ws.gap()
    ws.put(["How the figures are protected"], _BOLD)
    ws.note(rules_paragraph(figures), 2)
    ws.gap()
    ws.note("Each table has its own sheet; the last sheet says what each measure means.", 2)


def _supported(ws: _Sheet, figures: FunderFigures) -> None:
    ws.put([MEASURE_TITLES["survivors_supported"]], _TITLE)
    ws.put([period_words(figures.period)])
    ws.gap()
    ws.put(["Survivors", "Number"], _BOLD)
    ws.put(["All survivors supported", _value(figures.get("survivors_supported"))],
           formats=(None, "count"))
    for group in BREAKDOWN_GROUPS:
        ws.gap()
        ws.put([GROUP_TITLES[group], "Survivors"], _BOLD)
        for fig in figures.breakdown(group):
            ws.put([category_label(group, fig.category), _value(fig)], formats=(None, "count"))
        if group == "exploitation_type":
            ws.note(EXPLOITATION_NOTE, 2)


def _cases(ws: _Sheet, figures: FunderFigures) -> None:
    ws.put([SHEET_CASES], _TITLE)
    ws.put([period_words(figures.period)])
    ws.gap()
    ws.put(["Measure", "Number"], _BOLD)
    for measure in ("new_cases", "closed_cases", "excluded_declined_reporting",
                    "assessments_completed"):
        ws.put([MEASURE_TITLES[measure], _value(figures.get(measure))], formats=(None, "count"))


def _referrals(ws: _Sheet, figures: FunderFigures) -> None:
    ws.put([SHEET_REFERRALS], _TITLE)
    ws.put([period_words(figures.period)])
    ws.gap()
    ws.put(["Measure", "Number"], _BOLD)
    for measure in ("referrals_made", "survivors_with_support_plan"):
        ws.put([MEASURE_TITLES[measure], _value(figures.get(measure))], formats=(None, "count"))
    ws.gap()
    ws.put(["Referrals by kind of service", "Referrals"], _BOLD)
    for fig in figures.breakdown("service_kind", "referrals_made"):
        ws.put([category_label("service_kind", fig.category), _value(fig)],
               formats=(None, "count"))
    ws.gap()
    ws.put([MEASURE_TITLES["referrals_started_pct"], "Percentage", "Base (referrals made)"],
           _BOLD)
    fig = figures.get("referrals_started_pct")
    ws.put(["All", _value(fig), _base(fig)], formats=(None, "pct", "count"))


def _recovery(ws: _Sheet, figures: FunderFigures) -> None:
    ws.put([SHEET_RECOVERY], _TITLE)
    ws.put([period_words(figures.period)])
    ws.gap()
    ws.put(["Improved overall (intake to latest)", "Improved (%)", "Base (survivors)"], _BOLD)
    for group in (*RATERS, "both"):
        fig = figures.get("improved_overall_pct", "rater", group)
        ws.put([category_label("rater", group), _value(fig), _base(fig)],
               formats=(None, "pct", "count"))
    ws.gap()
    ws.put(["Mean change in level per domain", "Survivor's rating", "Base (survivors)",
            "Navigator's rating", "Base (survivors)"], _BOLD)
    for domain in DOMAINS:
        row: list[CellValue] = [category_label("domain", domain)]
        for rater in RATERS:
            fig = figures.get(f"mean_change_{rater}", "domain", domain)
            row += [_value(fig), _base(fig)]
        ws.put(row, formats=(None, "mean", "count", "mean", "count"))


def _rate(ws: _Sheet, figures: FunderFigures, measure: str, title: str, base: str) -> None:
    ws.put([title], _TITLE)
    ws.put([period_words(figures.period)])
    ws.gap()
    ws.put([MEASURE_TITLES[measure], "Percentage", base], _BOLD)
    fig = figures.get(measure)
    ws.put(["All", _value(fig), _base(fig)], formats=(None, "pct", "count"))


def _activities(ws: _Sheet, figures: FunderFigures) -> None:
    ws.put([SHEET_ACTIVITIES], _TITLE)
    ws.put([period_words(figures.period)])
    ws.gap()
    ws.put(["Measure", "Number"], _BOLD)
    for measure in ACTIVITY_MEASURES:
        ws.put([MEASURE_TITLES[measure], _value(figures.get(measure))], formats=(None, "count"))
    ws.gap()
    ws.put(["Training feedback", "Percentage", "Base (attendees)"], _BOLD)
    fig = figures.get("training_improved_pct")
    ws.put([MEASURE_TITLES["training_improved_pct"], _value(fig), _base(fig)],
           formats=(None, "pct", "count"))
    ws.note("Each activity counts as many times as its fixed random weight, as survivors "
            "do (see 'Record weights'): these are weighted counts.", 3)


def _plain(markdown: str) -> list[str]:
    """Paragraphs of the mechanism text without Markdown marks (bullets as •)."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", markdown):
        for item in re.split(r"\n(?=- )", block.strip()):
            text = " ".join(line.strip() for line in item.splitlines())
            text = text.replace("**", "").replace("*", "").replace("`", "")
            if text.startswith("- "):
                text = "\u2022 " + text[2:]
            paragraphs.append(text)
    return paragraphs


def _meanings(ws: _Sheet, figures: FunderFigures) -> None:
    ws.put([SHEET_MEANINGS], _TITLE)
    ws.gap()
    ws.put(["Name in the CSV", "Kind", "Meaning"], _BOLD)
    for doc in (*funder_measures.ABOUT, *funder_measures.MEASURES):
        ws.put([doc.name, doc.type, doc.meaning.replace("`", "")], wrap=True)
    ws.gap()
    ws.put(["Breakdown of survivors supported", "Title", "Meaning"], _BOLD)
    for group, meaning in funder_measures.BREAKDOWNS.items():
        ws.put([group, GROUP_TITLES[group], meaning], wrap=True)
    ws.gap()
    ws.put(["How small numbers are protected"], _BOLD)
    ws.note(rules_paragraph(figures), 3)
    ws.note(HIDDEN_MEANING, 3)
    ws.gap()
    ws.put(["Record weights"], _BOLD)
    for paragraph in _plain(funder_measures.MECHANISM):
        ws.note(paragraph, 3)


def workbook_bytes(figures: FunderFigures) -> bytes:
    """The whole workbook as .xlsx bytes (made in memory: nothing touches the disk)."""
    book = Workbook()
    first = book.active
    assert first is not None
    first.title = SHEET_ABOUT
    _front(_Sheet(first, (26, 70)), figures)
    for title, fill, widths in (
        (SHEET_SUPPORTED, _supported, (34, 12)),
        (SHEET_CASES, _cases, (52, 12)),
        (SHEET_REFERRALS, _referrals, (40, 12, 22)),
        (SHEET_RECOVERY, _recovery, (36, 18, 16, 18, 16)),
        (SHEET_REVIEWS, lambda ws, f: _rate(ws, f, "reviews_on_time_pct", SHEET_REVIEWS,
                                            "Base (reviews due)"), (30, 12, 18)),
        (SHEET_PROMISES, lambda ws, f: _rate(ws, f, "promises_kept_pct", SHEET_PROMISES,
                                             "Base (promises kept or broken)"), (30, 12, 30)),
        (SHEET_ACTIVITIES, _activities, (48, 12, 18)),
        (SHEET_MEANINGS, _meanings, (34, 22, 90)),
    ):
        fill(_Sheet(book.create_sheet(title), widths), figures)
    # No author and a fixed time of making: the file says nothing about who made it.
    made = dt.datetime.combine(figures.made_on, dt.time())
    book.properties.creator = "Navigator"
    book.properties.lastModifiedBy = None
    book.properties.created = made
    book.properties.modified = made
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_funder_workbook(
    session: Session,
    period: Period | tuple[str, str],
    out: Path | str,
    force: bool = False,
    today: dt.date | None = None,
    threshold: int = disclosure.DEFAULT_THRESHOLD,
    rounding: int = 0,
) -> Path:
    """Write the funder workbook for ``period`` (or ("YYYY-MM", "YYYY-MM")) to ``out``.

    The same figures as :func:`exports.funder.write_funder_aggregates` with the same
    threshold and rounding. Owner-only; an existing ``out`` is replaced only with
    ``force``. Raises NavigatorError subclasses with a one-sentence ``message``.
    """
    figures = figures_in_vault(session, period, today, threshold, rounding)
    return write_export(out, workbook_bytes(figures), force)
