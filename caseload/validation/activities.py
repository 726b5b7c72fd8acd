"""An activity: the work beyond the caseload (strategic advice, a day of action, training).

Never about one survivor, so never checked against an intake date; its date is today at
the latest. Each kind has its own fields (:data:`FIELDS_OF_KIND`); a field of another
kind must be left empty. Each kind needs its own few (:data:`REQUIRED_OF_KIND`): advice
what it was about, a day of action its site and numbers, training its attendees; a day
of action's numbers nest (referred <= identified <= encountered). Counts are whole
numbers, 0 or more; the share of a training's
attendees reporting improved ability is a percentage from 0 to 100, or empty when no
feedback was collected. The rules turn the counts into numbers (``int``, and ``float``
for the percentage) in the values they hand back.
"""

from __future__ import annotations

from typing import Any

from caseload import categories as cat
from caseload.validation.records import Context, Field, Problems, RecordKind

#: Longest count accepted, as typed (a million people is already far beyond any day).
MAX_COUNT = 1_000_000

FIELDS: tuple[Field, ...] = (
    Field("kind", "choice", cat.ACTIVITY_KIND, required=True),
    Field("date", "date", required=True),
    Field("force"),
    Field("reference"),
    Field("theme", "choice", cat.ADVICE_THEME),
    Field("theme_other"),
    Field("site_kind", "choice", cat.SITE_KIND),
    Field("site_other"),
    Field("people_encountered", max_length=20),
    Field("potential_victims_identified", max_length=20),
    Field("referred", max_length=20),
    Field("audience"),
    Field("organisation"),
    Field("attendees", max_length=20),
    Field("improved_pct", max_length=20),
    Field("note", "note", max_length=1000),
)

#: The fields every kind has.
COMMON_FIELDS = ("kind", "date", "force", "note")

#: Kind -> the fields that belong to it besides :data:`COMMON_FIELDS`.
FIELDS_OF_KIND: dict[str, tuple[str, ...]] = {
    "strategic_advice": ("reference", "theme", "theme_other"),
    "day_of_action": (
        "site_kind", "site_other", "people_encountered", "potential_victims_identified",
        "referred",
    ),
    "training": ("audience", "organisation", "attendees", "improved_pct"),
}

#: Fields holding a count of people (whole numbers, 0 or more).
COUNT_FIELDS = ("people_encountered", "potential_victims_identified", "referred", "attendees")

#: Fields each kind must have.
REQUIRED_OF_KIND: dict[str, tuple[str, ...]] = {
    "strategic_advice": ("theme",),
    "day_of_action": ("site_kind", "people_encountered", "potential_victims_identified"),
    "training": ("attendees",),
}

_KIND_WORDS = {
    "strategic_advice": "strategic advice",
    "day_of_action": "a day of action",
    "training": "training",
}

WHOLE_NUMBER = "Give a whole number, 0 or more (for example 12)."


def applies(kind: str, name: str) -> bool:
    """Whether the field ``name`` belongs to an activity of ``kind``."""
    return name in COMMON_FIELDS or name in FIELDS_OF_KIND.get(kind, ())


def _empty(value: Any) -> bool:
    return value is None or value == ""


def parse_count(value: Any) -> int | None:
    """A count as typed (text or a number), or None when empty; ValueError with a sentence."""
    if _empty(value):
        return None
    if isinstance(value, bool):
        raise ValueError(WHOLE_NUMBER)
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip().replace(",", "")
        if text.endswith(".0"):
            text = text[:-2]
        if not text.isascii() or not text.isdigit():
            raise ValueError(WHOLE_NUMBER)
        number = int(text)
    if number < 0:
        raise ValueError(WHOLE_NUMBER)
    if number > MAX_COUNT:
        raise ValueError(f"That is more than {MAX_COUNT:,}; check the number.")
    return number


def parse_percentage(value: Any) -> float | None:
    """A percentage from 0 to 100 (a '%' may follow), or None when empty."""
    if _empty(value):
        return None
    sentence = "Give a percentage from 0 to 100 (for example 85), or leave it empty."
    if isinstance(value, bool):
        raise ValueError(sentence)
    text = str(value).strip().removesuffix("%").strip()
    try:
        number = float(text)
    except ValueError:
        raise ValueError(sentence) from None
    if not text.isascii() or number != number or not 0 <= number <= 100:  # NaN too
        raise ValueError(sentence)
    return number


def _rules(values: dict[str, Any], _context: Context) -> Problems:
    kind = values["kind"]
    problems: Problems = {}
    for name in (*COUNT_FIELDS, "improved_pct"):
        try:
            parse = parse_percentage if name == "improved_pct" else parse_count
            values[name] = parse(values[name])
        except ValueError as exc:
            problems[name] = str(exc)
            values[name] = None
    words = _KIND_WORDS.get(kind, kind)
    for spec in FIELDS:
        if not applies(kind, spec.name) and not _empty(values[spec.name]):
            problems.setdefault(spec.name, f"This is not part of {words}; leave it empty.")
    for name in REQUIRED_OF_KIND.get(kind, ()):
        if _empty(values[name]):
            problems.setdefault(name, f"This is required for {words}.")
    met, found = values["people_encountered"], values["potential_victims_identified"]
    if met is not None and found is not None and found > met:
        problems.setdefault("potential_victims_identified",
                            f"More than the people encountered ({met}).")
    referred = values["referred"]
    if referred is not None and found is not None and referred > found:
        problems.setdefault("referred", f"More than the potential victims identified ({found}).")
    if kind == "training" and values["attendees"] == 0:
        problems.setdefault("attendees", "A training session has at least 1 attendee.")
    return problems


ACTIVITY = RecordKind(
    "activity", FIELDS, _rules, other_text=(("theme", "theme_other"), ("site_kind", "site_other"))
)
