"""The pieces every validator shares: a problem, a rejection, and the checks of one value.

A validator (one per kind of record, in :mod:`caseload.validators`) returns its problems
as :class:`Problem` (field, sentence).  The app's forms show each sentence beside its
field; the importers report it as ``row N, column X: sentence``; a change function
raises :class:`Rejected` with them and writes nothing.  Because every way in uses the
same validator, a value refused in a form is refused in a file with the same words.

Sentences are whole, plain and name no personal data (they may be printed on stderr).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from caseload.categories import Category
from caseload.errors import InvalidInput

#: No earlier date is accepted (a slip in the year, such as 0226 for 2026).
EARLIEST_DATE = dt.date(1900, 1, 1)
#: How far ahead a date that may lie in the future (a review, a court date) can be.
MAX_YEARS_AHEAD = 10
#: The longest one-line text when a field gives no limit.
DEFAULT_MAX_LENGTH = 200

DATE_FORMAT = "Type a date as DD/MM/YYYY or YYYY-MM-DD (e.g. 31/03/2026), or 'today'."
_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ T]00:00(?::00)?)?")
_UK = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
#: Characters that reorder or break a line of text on screen and in files: bidi
#: embeddings, overrides and isolates, and the line and paragraph separators.
_INVISIBLE_LAYOUT = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029")


@dataclass(frozen=True)
class Problem:
    """What is wrong with one field of a record, as one sentence."""

    field: str
    sentence: str


class Rejected(InvalidInput):
    """A change refused by its validator: nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        first = self.problems[0].sentence if self.problems else "The record is not valid."
        more = len(self.problems) - 1
        super().__init__(first if more <= 0 else f"{first} (and {more} more to fix)")

    def by_field(self) -> dict[str, str]:
        """The first sentence for each field, in the validator's order."""
        out: dict[str, str] = {}
        for problem in self.problems:
            out.setdefault(problem.field, problem.sentence)
        return out


def reject_if(problems: Iterable[Problem]) -> None:
    """Raise :class:`Rejected` when there is any problem."""
    found = list(problems)
    if found:
        raise Rejected(found)


def to_ascii_digits(text: str) -> str:
    """Digits of other scripts (Arabic-Indic, fullwidth...) as ASCII; other text unchanged.

    A date typed on an Arabic or Persian keyboard, or pasted from a fullwidth source, is
    the same date: it is converted explicitly rather than refused or misread.
    """
    return "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text
    )


def years_ahead(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def parse_date(text: str, today: dt.date | None = None) -> dt.date:
    """A date written YYYY-MM-DD or DD/MM/YYYY (or 'today' when ``today`` is given).

    Raises ValueError with a whole sentence.  Bounds are :func:`date_problem`'s.
    """
    text = to_ascii_digits(text.strip())
    if today is not None and text.lower() == "today":
        return today
    iso = _ISO.fullmatch(text)
    uk = None if iso else _UK.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif uk:
        day, month, year = (int(g) for g in uk.groups())
    else:
        raise ValueError(DATE_FORMAT)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"There is no such date as {text}: check the month and day.") from None


def date_problem(day: dt.date, today: dt.date, future: bool = False) -> str | None:
    """Why ``day`` is outside the bounds every date shares, or None."""
    if day < EARLIEST_DATE:
        return f"Dates before {EARLIEST_DATE.year} are not accepted: check the year."
    if not future and day > today:
        return "This date cannot be in the future."
    if future and day > years_ahead(today, MAX_YEARS_AHEAD):
        return f"That is more than {MAX_YEARS_AHEAD} years ahead: check the year."
    return None


def text_problem(text: str, limit: int = DEFAULT_MAX_LENGTH, one_line: bool = True) -> str | None:
    """Why ``text`` cannot be kept as it is, or None.

    One-line fields refuse every control character; notes (``one_line=False``) allow
    line breaks.  Both refuse the characters that reorder or split text on screen.
    """
    if len(text) > limit:
        return f"Too long: at most {limit:,} characters (this has {len(text):,})."
    allowed = "" if one_line else "\n"
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        return "Remove the control characters (such as tabs or escape codes)."
    if any(ch in _INVISIBLE_LAYOUT for ch in text):
        return (
            "Remove the invisible direction or line-separator characters "
            "(they make text show in a different order)."
        )
    return None


def choice_problem(value: str, category: Category, required: bool = True) -> str | None:
    """Why ``value`` is not a code of ``category``, or None."""
    if not value:
        return f"Choose the {category.name.lower()}." if required else None
    if value not in category.codes:
        labels = ", ".join(c.label for c in category.choices)
        return f"Choose one of: {labels}."
    return None


def parse_choice(text: str, category: Category) -> str:
    """A category code given as its code or as the label the forms show (any case)."""
    wanted = text.strip().lower()
    for choice in category.choices:
        if wanted in (choice.code.lower(), choice.label.lower()):
            return choice.code
    labels = ", ".join(f"{c.label} ({c.code})" for c in category.choices)
    raise ValueError(f"Choose one of: {labels}.")
