"""CSV writing that is safe to open in a spreadsheet (OWASP CSV injection guidance).

Text cells that a spreadsheet could run as a formula - starting with ``=``, ``+``,
``-``, ``@``, tab, carriage return or NUL, also after a leading byte-order mark,
whitespace or control characters - get a single quote ``'`` in front and are
written inside double quotes (RFC 4180, embedded quotes doubled). Numbers are
written as numbers and never altered, so a count of -5 stays ``-5`` and loads as a
number; only text is neutralised. Booleans are written ``true`` / ``false``;
``None`` is an empty cell. Rows end with CRLF (RFC 4180).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

#: First characters that make a spreadsheet treat a cell as a formula.
DANGEROUS_FIRST = frozenset("=+-@\t\r\0")
#: Characters skipped before testing the first character: some spreadsheets ignore them.
_SKIPPED = "\ufeff\u200b\u00a0"

Cell = str | int | float | bool | None


def _first_meaningful(text: str) -> str:
    for ch in text:
        if ch in DANGEROUS_FIRST:
            return ch
        if ch in _SKIPPED or ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F:
            continue
        return ch
    return ""


def is_dangerous(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula."""
    return _first_meaningful(text) in DANGEROUS_FIRST and text != ""


def looks_like_formula(text: str) -> bool:
    """True when ``text`` starts (after spaces, a BOM ...) with ``=`` or ``@``.

    Narrower than :func:`is_dangerous`: a leading ``+`` or ``-`` is ordinary in real
    data (``+44 ...`` phone numbers, ``-`` for "none"), while ``=`` and ``@`` begin a
    formula and never a name, a place or a number. Exports neutralise every dangerous
    cell anyway.
    """
    return _first_meaningful(text) in ("=", "@")


def neutralise(text: str) -> str:
    """``text`` made inert for spreadsheets (a leading ``'``), or unchanged when safe."""
    return "'" + text if is_dangerous(text) else text


def format_cell(value: Cell) -> str:
    """One CSV field: numbers as numbers, text neutralised and quoted when needed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("only finite numbers can be written to a CSV export")
        return repr(value)
    text = str(value)
    safe = neutralise(text)
    if safe != text or any(ch in safe for ch in ',"\r\n') or safe != safe.strip():
        return '"' + safe.replace('"', '""') + '"'
    return safe


def format_row(values: Sequence[Cell]) -> str:
    cells = [format_cell(v) for v in values]
    if cells == [""]:
        cells = ['""']  # a lone empty field must not read back as an empty line
    return ",".join(cells) + "\r\n"


def to_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """A whole CSV file (UTF-8, no byte-order mark) as bytes."""
    parts = [format_row(header)]
    for row in rows:
        if len(row) != len(header):
            raise ValueError("row length does not match the header")
        parts.append(format_row(row))
    return "".join(parts).encode("utf-8")
