"""What one typed value or spreadsheet cell may hold: dates, times, text, choices, flags.

Every form field and every import column is parsed here, so the same input gets the same
sentence wherever it was typed.  The limits:

- Dates are written as people in UK police areas write them, always day first:
  ``31/12/2026``, ``31/12/26``, ``31 Dec 2026``, ``31 December 2026`` (``.`` or ``-``
  may stand for ``/``); or ``2026-12-31`` (a spreadsheet's trailing midnight time is
  allowed); or ``today``, ``yesterday``, ``tomorrow``.  A two-digit year is this
  century's unless that would be more than :data:`MAX_YEARS_AHEAD` years ahead (a
  date of birth ``05/03/90`` is 1990).  Digits are ASCII 0-9 only (Arabic-Indic or
  fullwidth digits are refused with a sentence saying so, never converted silently);
  impossible dates (30/02/2026) are named as such; nothing before
  :data:`EARLIEST_DATE`; not after today unless the field looks ahead, and then at
  most :data:`MAX_YEARS_AHEAD` years.
- Times are on the 24-hour clock: ``19:30``, ``19.30`` or ``1930`` (and ``930``).
- Text is one line (a note may have line breaks): no control characters (tabs, line
  breaks, escape codes), no
  bidirectional overrides or isolates (they make a name display as something else) and
  no line or paragraph separators; at most the field's length.
- A choice is given as its code or as the label the form shows, in any letter case.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence

from caseload.categories import Category

#: The longest text a field takes unless its definition says otherwise.
DEFAULT_MAX_LENGTH = 200
#: No earlier date is accepted (a slip in the year, such as 0226 for 2026).
EARLIEST_DATE = dt.date(1900, 1, 1)
#: How far ahead a date that may lie in the future (a review, a court date) can be.
MAX_YEARS_AHEAD = 10

DATE_FORMAT = (
    "Type a date day first, as 31/12/2026, 31 Dec 2026 or YYYY-MM-DD, or 'today'."
)
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]00:00(?::00)?)?")
_UK = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4}|[0-9]{2})")
_WORDS = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)? ([a-z]+)\.?,? ([0-9]{4}|[0-9]{2})")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}
_TIME = re.compile(r"([0-9]{1,2})[:.]?([0-9]{2})")
#: Marks that reorder or hide text on screen: embeddings, overrides, isolates, marks.
_BIDI = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})


class FieldError(ValueError):
    """What is wrong with one value, as one sentence shown beside the field or cell."""


def _foreign_digits(text: str) -> bool:
    return any(ch.isdigit() and not ("0" <= ch <= "9") for ch in text)


def _year(text: str, today: dt.date) -> int:
    if len(text) == 4:
        return int(text)
    year = today.year // 100 * 100 + int(text)
    return year - 100 if year > today.year + MAX_YEARS_AHEAD else year


def parse_date(text: str, today: dt.date) -> dt.date:
    text = " ".join(text.strip().split())
    lowered = text.lower()
    if lowered in _RELATIVE:
        return today + dt.timedelta(days=_RELATIVE[lowered])
    if _foreign_digits(text):
        raise FieldError("Type the date with the digits 0-9 (this has digits of another script).")
    if match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _UK.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), _year(match[4], today)
    elif (match := _WORDS.fullmatch(lowered)) and match[2] in _MONTHS:
        day, month, year = int(match[1]), _MONTHS[match[2]], _year(match[3], today)
    else:
        raise FieldError(DATE_FORMAT)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise FieldError("There is no such date: check the day and the month.") from None


def years_ahead(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def check_date(day: dt.date, today: dt.date, future: bool) -> dt.date:
    """``day`` if it is within the bounds every date shares; else FieldError."""
    if day < EARLIEST_DATE:
        raise FieldError(f"Dates before {EARLIEST_DATE.year} are not accepted: check the year.")
    if not future and day > today:
        raise FieldError("This date cannot be in the future.")
    if future and day > years_ahead(today, MAX_YEARS_AHEAD):
        raise FieldError(f"That is more than {MAX_YEARS_AHEAD} years ahead: check the year.")
    return day


def parse_time(text: str) -> dt.time:
    text = text.strip()
    match = _TIME.fullmatch(text) if not _foreign_digits(text) else None
    try:
        if match is None:
            raise ValueError(text)
        return dt.time(int(match[1]), int(match[2]))
    except ValueError:
        raise FieldError("Type a time on the 24-hour clock, e.g. 14:30 or 1430.") from None


def check_text(text: str, limit: int = DEFAULT_MAX_LENGTH, multiline: bool = False) -> str:
    """``text`` if it fits the field; else FieldError saying what to change.

    One line, unless ``multiline`` (a note): then line breaks are kept (as ``\\n``)."""
    if multiline:  # every way of breaking a line becomes one ("\n")
        text = "\n".join(text.splitlines())
    if len(text) > limit:
        raise FieldError(f"Too long: at most {limit:,} characters (this has {len(text):,}).")
    allowed = "\n" if multiline else ""
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        raise FieldError("Remove the control characters (such as tabs or escape codes).")
    if any(ch in _BIDI or unicodedata.category(ch) in ("Zl", "Zp") for ch in text):
        raise FieldError(
            "Remove the hidden direction marks or line separators (they change how the text shows)."
        )
    return text


def choices_named(category: Category, allowed: Iterable[str] | None = None) -> str:
    """The choices as a form shows them, each with its code: "Open (open), Closed (closed)"."""
    wanted = set(allowed) if allowed is not None else None
    return ", ".join(
        f"{c.label.removesuffix(' (specify)')} ({c.code})"
        for c in category.choices
        if wanted is None or c.code in wanted
    )


def parse_choice(text: str, category: Category, allowed: Sequence[str] | None = None) -> str:
    """A category code, given as its code or its label (any letter case).

    The sentence names the choices, never the value given (a shifted spreadsheet row can
    put a name in any column).
    """
    wanted = text.strip().lower()
    for choice in category.choices:
        if wanted in (choice.code.lower(), choice.label.lower()) and (
            allowed is None or choice.code in allowed
        ):
            return choice.code
    raise FieldError(f"Not one of the choices: {choices_named(category, allowed)}.")


def parse_choices(value: str | Sequence[str], category: Category) -> list[str]:
    """Several codes, as a list (a form) or ';'-separated (a cell); repeats dropped."""
    if isinstance(value, str) and len(value) > DEFAULT_MAX_LENGTH:  # bounded work
        raise FieldError(
            f"Too long: at most {DEFAULT_MAX_LENGTH:,} characters (this has {len(value):,})."
        )
    parts = value.split(";") if isinstance(value, str) else list(value)
    codes: list[str] = []
    for position, part in enumerate(parts, start=1):
        if not part.strip():
            continue
        try:
            code = parse_choice(part, category)
        except FieldError:
            raise FieldError(
                f"Entry {position} is not one of the choices: {choices_named(category)}."
            ) from None
        if code not in codes:
            codes.append(code)
    return codes


def parse_flag(value: bool | str) -> bool:
    if isinstance(value, bool):
        return value
    wanted = value.strip().lower()
    if wanted in _YES:
        return True
    if wanted in _NO:
        return False
    raise FieldError("Give yes or no.")
