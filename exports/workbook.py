"""Spreadsheet (.xlsx) files, written with openpyxl: the same safety as every CSV export.

openpyxl would store a text starting with ``=`` as a formula, so every text cell goes
through :func:`exports.csv_safety.neutralise` first. The workbook is made in memory and
written with :func:`exports.files.write_export` (owner-only, atomic): no temporary file
holds it in plain view.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exports.csv_safety import neutralise
from exports.files import write_export

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

XLSX = ".xlsx"
DATE_FORMAT = "yyyy-mm-dd"


def wants_workbook(path: Path | str) -> bool:
    return Path(path).suffix.lower() == XLSX


def safe_value(value: Any) -> Any:
    """A cell's value as the workbook stores it: text neutralised, numbers and dates kept."""
    if isinstance(value, str):
        return neutralise(value)
    return value


def new_workbook() -> Workbook:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    return book


def add_table(book: Workbook, title: str, header: Sequence[str],
              rows: Sequence[Sequence[Any]]) -> Worksheet:
    """A sheet with a bold header row, frozen under it, and columns wide enough to read."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    sheet.append([safe_value(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_value(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    for i, label in enumerate(header, start=1):
        widest = max([len(str(label)), *(len(str(r[i - 1] or "")) for r in rows)])
        sheet.column_dimensions[get_column_letter(i)].width = min(max(widest + 2, 8), 60)
    return sheet


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_workbook(out: Path | str, book: Workbook, force: bool = False) -> Path:
    return write_export(out, workbook_bytes(book), force)
