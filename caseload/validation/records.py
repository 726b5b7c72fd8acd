"""One validator per kind of record: the fields it has, and the rules across them.

A :class:`RecordKind` lists a record's fields (kind, category, required, limits) and the
rules that need several fields at once.  :func:`check_record` takes the values as they
came in (text typed in a form, cells of a spreadsheet row, a handover's values), parses
every field with :mod:`caseload.validation.values`, applies the rules, and returns the
parsed values with every problem as (field, sentence).  A form shows each sentence
beside its field; an importer as ``row N, column X: sentence``; a change function
refuses the record whole.  Form and importer agree because both call this.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from caseload.categories import Category
from caseload.errors import InvalidInput
from caseload.validation import values as v

#: "note": free text that may run over several lines (a contact's summary).
FieldKind = Literal["text", "note", "date", "time", "choice", "multi", "flag"]

REQUIRED = "This is required."
CHOOSE = "Choose one."
#: Said beside the text field when "Other" is chosen and nothing says what it means.
OTHER_TEXT_MISSING = "Say what 'Other' means here."


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind = "text"
    category: Category | None = None
    required: bool = False
    #: Longest text accepted; 0 means :data:`values.DEFAULT_MAX_LENGTH`.
    max_length: int = 0
    #: Dates: may lie ahead (a review, a court date); otherwise today at the latest.
    future: bool = False
    #: Dates: not before the survivor's intake date.
    after_intake: bool = False

    @property
    def limit(self) -> int:
        return self.max_length or v.DEFAULT_MAX_LENGTH

    @property
    def empty(self) -> Any:
        return {"date": None, "time": None, "multi": [], "flag": False}.get(self.kind, "")


@dataclass(frozen=True)
class Context:
    """What a record is checked against besides its own values."""

    today: dt.date
    #: The survivor's intake date (a survivor record brings its own).
    intake_date: dt.date | None = None
    #: Anything else a kind's rules need (the day a promise was made, ...).
    extra: Mapping[str, Any] = field(default_factory=dict)


Problems = dict[str, str]
Rules = Callable[[dict[str, Any], Context], Problems]


def _no_rules(_values: dict[str, Any], _context: Context) -> Problems:
    return {}


@dataclass(frozen=True)
class RecordKind:
    name: str
    fields: tuple[Field, ...]
    #: Checks across fields, run once every field parsed: field -> sentence.
    rules: Rules = _no_rules
    #: (choice field, the text field that must say what its "other" means).
    other_text: tuple[tuple[str, str], ...] = ()

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


@dataclass(frozen=True)
class Checked:
    values: dict[str, Any]
    #: field -> sentence, in the order of the record's fields.
    problems: Problems

    @property
    def ok(self) -> bool:
        return not self.problems


class RecordInvalid(InvalidInput):
    """A change was refused: the record has problems (field -> sentence)."""

    def __init__(self, kind: str, problems: Problems) -> None:
        first = next(iter(problems.items()))
        super().__init__(f"The {kind} was not saved: {first[0]}: {first[1]}")
        self.problems = dict(problems)


def parse_field(spec: Field, raw: Any, today: dt.date) -> Any:
    """The value of one field; raises :class:`values.FieldError` with a sentence."""
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "" or (isinstance(raw, list | tuple) and not raw):
        if spec.required:
            raise v.FieldError(CHOOSE if spec.kind in ("choice", "multi") else REQUIRED)
        return spec.empty
    if spec.kind == "date":
        day = raw if isinstance(raw, dt.date) else v.parse_date(str(raw), today)
        return v.check_date(day, today, spec.future)
    if spec.kind == "time":
        return raw if isinstance(raw, dt.time) else v.parse_time(str(raw))
    if spec.kind == "choice":
        assert spec.category is not None
        return v.parse_choice(str(raw), spec.category)
    if spec.kind == "multi":
        assert spec.category is not None
        codes = v.parse_choices(raw, spec.category)
        if spec.required and not codes:
            raise v.FieldError(CHOOSE)
        return codes
    if spec.kind == "flag":
        return v.parse_flag(raw)
    return v.check_text(str(raw), spec.limit, multiline=spec.kind == "note")


def _other_chosen(value: object) -> bool:
    return "other" in value if isinstance(value, list | tuple) else value == "other"


def check_record(kind: RecordKind, raw: Mapping[str, Any], context: Context) -> Checked:
    """Parse and check one record; fields absent from ``raw`` count as empty.

    Text beside an "other" that is no longer chosen is emptied: words nobody sees (they
    can name a person) are not kept.
    """
    values: dict[str, Any] = {}
    problems: Problems = {}
    for spec in kind.fields:
        try:
            values[spec.name] = parse_field(spec, raw.get(spec.name), context.today)
        except v.FieldError as exc:
            problems[spec.name] = str(exc)
            values[spec.name] = spec.empty
    intake = values.get("intake_date") if "intake_date" in values else context.intake_date
    for spec in kind.fields:
        day = values.get(spec.name)
        if spec.after_intake and intake and day and spec.name not in problems and day < intake:
            problems[spec.name] = f"This date cannot be before the intake date ({intake:%d/%m/%Y})."
    if not problems:
        for name, sentence in kind.rules(values, context).items():
            problems.setdefault(name, sentence)
        for choice, text in kind.other_text:
            if _other_chosen(values.get(choice)) and not values.get(text):
                problems.setdefault(text, OTHER_TEXT_MISSING)
    for choice, text in kind.other_text:
        if not _other_chosen(values.get(choice)):
            values[text] = ""
    order = {f.name: i for i, f in enumerate(kind.fields)}
    ordered = dict(sorted(problems.items(), key=lambda item: order.get(item[0], len(order))))
    return Checked(values, ordered)


def require_valid(kind: RecordKind, raw: Mapping[str, Any], context: Context) -> dict[str, Any]:
    """The parsed values, or :class:`RecordInvalid` (the safety net of change functions)."""
    checked = check_record(kind, raw, context)
    if not checked.ok:
        raise RecordInvalid(kind.name, checked.problems)
    return checked.values
