"""Shared pieces of the spreadsheet importers: reading the file, parsing cells, problems.

Row numbers in problem reports are spreadsheet rows: the header is row 1, the first
data row is row 2, so a navigator can go straight to the cell in Excel or LibreOffice.
Problem reports name the column and say what is wrong; they never repeat a name or
other personal data from the file (a case reference may be named).

Hostile or broken files are refused whole, never half-imported: a folder, device or pipe
(before opening), more than 20 MB (checked before and while reading), UTF-16 or other
non-UTF-8 text, NUL bytes, a quote left open, a first row that names no known column
(most likely a sheet without its header row), more than 200 columns or 100,000 rows.
No cell may start with = or @ (also after white space or a byte-order mark), which a
spreadsheet would run as a formula; a leading + or - is kept (``+44`` phone numbers), and
exports neutralise it. Every field is then checked by the record's own validator
(:mod:`caseload.validation`), the one the forms use, so a cell gets the same sentence a
form would show. At most 1,000 problems are kept; the rest are counted.

A file whose columns are separated by ';' (what spreadsheets set to most European
languages save as "CSV") is recognised from its header row and read as such; the import
says so.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from caseload import case_refs
from caseload.categories import Category
from caseload.errors import InvalidInput
from exports.csv_safety import format_row, looks_like_formula

T = TypeVar("T")

#: Larger files are refused before parsing (a caseload file is far smaller).
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
#: The survivor import knows 22 columns; far more is not a caseload file.
MAX_COLUMNS = 200
MAX_TEXT_LENGTH = 200
#: Problems listed in full; the rest are counted.
MAX_LISTED_PROBLEMS = 50
#: Problems kept in memory (in file order, so the listed ones are among them); the rest
#: are counted.
MAX_KEPT_PROBLEMS = 1000

DATE_FORMATS_HELP = "a date written DD/MM/YYYY or YYYY-MM-DD"
SEMICOLON_NOTE = (
    "The file's columns are separated by ';' (as spreadsheets set to a European language "
    "save CSV); it was read that way."
)
_EDGES = re.compile(r"^[\s\ufeff]+|[\s\ufeff]+$")


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


class ProblemList(list[Problem]):
    """Problems in the order they are found. Past :data:`MAX_KEPT_PROBLEMS` they are only
    counted (``total``): a 20 MB file wrong in every cell would otherwise hold millions."""

    def __init__(self, problems: Iterable[Problem] = (), total: int | None = None) -> None:
        super().__init__()
        self.total = 0
        for problem in problems:
            self.append(problem)
        if total is not None:
            self.total = total

    def append(self, problem: Problem) -> None:
        self.total += 1
        if len(self) < MAX_KEPT_PROBLEMS:
            super().append(problem)


class ImportRejected(InvalidInput):
    """The file has problems; nothing was imported.

    ``problems`` lists them (the first :data:`MAX_KEPT_PROBLEMS`), ``total`` counts them all.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        count = getattr(problems, "total", len(problems))
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"Nothing was imported: the file has {count} {noun}.")
        self.problems = list(problems)
        self.total = count

    def report_lines(self) -> list[str]:
        lines = [str(p) for p in self.problems[:MAX_LISTED_PROBLEMS]]
        extra = self.total - MAX_LISTED_PROBLEMS
        if extra > 0:
            lines.append(f"... and {extra} more problems.")
        lines.append(self.message)
        return lines


@dataclass(frozen=True)
class ColumnSpec:
    """One accepted column of an import file (also documented in the data dictionary)."""

    name: str
    description: str
    required: bool = False
    category: Category | None = None
    values: str = ""

    def allowed(self) -> str:
        if self.category is not None:
            return ", ".join(self.category.codes)
        return self.values


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (spreadsheet row number, column -> cell)
    #: The column separator the file uses: ',' or ';'.
    separator: str = ","


def read_table(path: Path | str, specs: Sequence[ColumnSpec]) -> Table:
    """Read a CSV file (UTF-8, with or without BOM) and check its header against ``specs``."""
    return parse_table(read_limited(Path(path)), specs)


def read_limited(path: Path) -> bytes:
    """The file's bytes, never more than :data:`MAX_FILE_BYTES`.

    A folder, a device or a pipe is refused before opening (``/dev/zero`` would never
    end, a pipe could wait for ever); the read itself is bounded too, since a file can
    grow between the size check and the read.
    """
    too_large = InvalidInput(
        "The file is too large to be a caseload spreadsheet "
        f"(over {MAX_FILE_BYTES // (1024 * 1024)} MB)."
    )
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(f"{path} is not a regular file (a device or a pipe?).")
        if info.st_size > MAX_FILE_BYTES:
            raise too_large
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InvalidInput(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder, not a CSV file.") from None
    except OSError as exc:
        raise InvalidInput(f"The file cannot be read ({exc.strerror}).") from None
    if len(raw) > MAX_FILE_BYTES:
        raise too_large
    return raw


def decode(raw: bytes) -> str:
    """UTF-8 text (a leading BOM dropped); UTF-16 files and binary files are named as such."""
    advice = "in your spreadsheet choose 'CSV UTF-8' when saving."
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InvalidInput(f"The file is UTF-16 (Unicode) text, not UTF-8; {advice}")
    if b"\x00" in raw:  # UTF-16 without a BOM decodes as 'UTF-8' full of NULs
        raise InvalidInput(f"The file holds NUL bytes, so it is not UTF-8 CSV text; {advice}")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"The file is not UTF-8 text; {advice}") from None


def parse_table(raw: bytes, specs: Sequence[ColumnSpec]) -> Table:
    """Parse CSV text and check its header; raises InvalidInput or ImportRejected.

    Rows are read one at a time and counted as they come (blank ones too), so neither a
    file of millions of empty lines nor a header of many thousands of columns can make
    the parse slow or large. Quotes are strict: a quote left open is a file-level problem,
    not the rest of the file swallowed into one cell.
    """
    text = decode(raw)
    separator = sniff_separator(text, specs)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    try:
        table = _parse_records(reader, specs)
        return Table(table.header, table.rows, separator)
    except csv.Error:
        raise InvalidInput(
            f"The file is not a valid CSV file: near line {reader.line_num} a quote is not "
            "closed properly or a cell is far too long."
        ) from None


def _parse_records(reader: Iterator[list[str]], specs: Sequence[ColumnSpec]) -> Table:
    first = [clean_cell(cell) for cell in next(reader, [])]
    if not any(first):
        raise InvalidInput("The file is empty: the first row must name the columns.")
    while not first[-1]:
        first.pop()  # empty cells that spreadsheets leave after the last column
    if len(first) > MAX_COLUMNS:
        raise InvalidInput(
            f"The first row has {len(first)} columns; an import file has at most {MAX_COLUMNS}."
        )
    header = [cell.lower() for cell in first]
    known = {s.name for s in specs}
    if not known.intersection(header):
        # Most likely a sheet without its header row: its first row would be a person's
        # details, which a problem report must not repeat.
        raise InvalidInput(
            "The first row names none of the columns this import knows; it must be the "
            "header row (see --template)."
        )
    problems = ProblemList()
    seen: set[str] = set()
    for index, name in enumerate(header, start=1):
        if not name:
            continue
        plain = len(name) <= 40 and name.isprintable() and ":" not in name
        label = name if plain else f"number {index}"  # ':' would blur "column X: problem"
        if name not in known:
            problems.append(Problem(1, label, "not a column this import knows (see --template)"))
        elif name in seen:
            problems.append(Problem(1, label, "appears twice"))
        seen.add(name)
    for spec in specs:
        if spec.required and spec.name not in seen:
            problems.append(Problem(1, spec.name, "this column is missing"))
    named = [(i, name) for i, name in enumerate(header) if name]
    unnamed = [i for i, name in enumerate(header) if not name]
    rows: list[tuple[int, dict[str, str]]] = []
    for number, record in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            raise InvalidInput(f"The file has more than {MAX_ROWS} rows.")
        record = [clean_cell(cell) for cell in record]
        if not any(record):
            continue  # blank lines that spreadsheets leave at the end
        if any(record[len(header) :]):
            problems.append(Problem(number, "(beyond the last named column)", "unexpected value"))
        for i in unnamed:
            if i < len(record) and record[i]:
                problems.append(
                    Problem(number, f"number {i + 1}", "holds a value but the column has no name")
                )
        cells = {name: (record[i] if i < len(record) else "") for i, name in named}
        rows.append((number, cells))
    if problems:
        raise ImportRejected(problems)
    return Table(header, rows)


def sniff_separator(text: str, specs: Sequence[ColumnSpec]) -> str:
    """';' when the header row names known columns only when split at ';', else ','."""
    first = text.split("\n", 1)[0]
    known = {s.name for s in specs}

    def names(separator: str) -> set[str]:
        return {clean_cell(cell).strip('"').lower() for cell in first.split(separator)}

    if ";" in first and not known & names(",") and known & names(";"):
        return ";"
    return ","


def clean_cell(text: str) -> str:
    """A cell without surrounding white space or byte-order marks (joined files keep theirs)."""
    return _EDGES.sub("", text)


def in_file_order(problems: Sequence[Problem], header: Sequence[str]) -> ProblemList:
    """Problems by row, then in the order of the file's columns (the total kept)."""
    position = {name: i for i, name in enumerate(header)}
    ordered = sorted(problems, key=lambda p: (p.row, position.get(p.column, len(position))))
    return ProblemList(ordered, total=getattr(problems, "total", len(problems)))


def formula_problem(cell: str) -> str | None:
    """The sentence for a cell a spreadsheet would run as a formula, else None.

    A formula is never a name or a place: most likely a hostile or broken sheet.
    Leading + and - are kept (phone numbers); exports neutralise them on the way out.
    """
    if looks_like_formula(cell):
        return "Starts with = or @, which a spreadsheet would run as a formula: remove it."
    return None


def template(specs: Sequence[ColumnSpec]) -> bytes:
    """The header row of an import file, every accepted column in order."""
    return format_row([s.name for s in specs]).encode("utf-8")


def blank_formulas(
    cells: dict[str, str], bad: Callable[[str, str], None]
) -> tuple[dict[str, str], set[str]]:
    """Each formula cell reported once, as a formula, and read as blank."""
    formulas = set()
    for name, cell in cells.items():
        if problem := formula_problem(cell):
            bad(name, problem)
            formulas.add(name)
    return {name: "" if name in formulas else cell for name, cell in cells.items()}, formulas


def case_of_row(
    cells: dict[str, str],
    survivors: Mapping[str, T],
    bad: Callable[[str, str], None],
    formulas: set[str],
) -> T | None:
    """The survivor a row's ``case_ref`` names (``survivors`` by upper-case reference),
    or None with the problem said."""
    ref = cells.get("case_ref", "")
    if not ref:
        if "case_ref" not in formulas:
            bad("case_ref", "This is required.")
        return None
    if not case_refs.is_valid_case_ref(ref):
        # Checked before the reference is named in a report: it could be anything.
        bad("case_ref", "May hold only letters, digits and inner hyphens (at most 32).")
        return None
    found = survivors.get(ref.upper())
    if found is None:
        bad("case_ref", f"{ref} is not in the vault (import the survivors first).")
    return found
