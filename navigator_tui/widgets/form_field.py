"""One form field: label, input widget, and the sentence saying what is wrong with it.

A :class:`FieldSpec` describes a field (kind, category, whether it is required);
:class:`FormField` builds the widget for it and turns what was typed into a value,
raising :class:`FieldError` with one plain sentence when it cannot.

The limits every field of every form shares live here, in one place:

- Text is at most ``spec.max_length`` characters (:data:`DEFAULT_MAX_LENGTH` unless the
  spec says otherwise) and holds no control characters.  The input widget itself is not
  capped: Textual silently drops a paste that would go over a cap, so the text is kept
  and the form says what is wrong instead.
- Dates are ``YYYY-MM-DD`` (ASCII digits, nothing else: not ``20260302``, not an ISO
  week) or ``today``; impossible dates (2026-02-30) are named as such; nothing before
  :data:`EARLIEST_DATE`; not after today unless ``spec.future`` (then at most
  :data:`MAX_YEARS_AHEAD` years ahead).  ``spec.after_intake`` (not before the
  survivor's intake date) is checked by the form, which knows the survivor.
- Times are ``HH:MM`` on the 24-hour clock (no seconds, no time zone).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static

from caseload.categories import Category

FieldKind = Literal["text", "date", "time", "choice", "multi", "flag"]


#: The longest text a field takes when its spec gives no ``max_length``.
DEFAULT_MAX_LENGTH = 200
#: No earlier date is accepted (a slip in the year, such as 0226 for 2026).
EARLIEST_DATE = dt.date(1900, 1, 1)
#: How far ahead a date that may lie in the future (a review, a court date) can be.
MAX_YEARS_AHEAD = 10

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{1,2}:[0-9]{2}")
DATE_FORMAT = "Type a date as YYYY-MM-DD (e.g. 2026-03-31) or 'today'."


class FieldError(ValueError):
    """What is wrong with a field's input, as one sentence shown next to it."""


def parse_date(text: str, today: dt.date) -> dt.date:
    text = text.strip()
    if text.lower() == "today":
        return today
    if not _DATE.fullmatch(text):
        raise FieldError(DATE_FORMAT)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError(f"There is no such date as {text}: check the month and day.") from None


def parse_time(text: str) -> dt.time:
    text = text.strip()
    try:
        if not _TIME.fullmatch(text):
            raise ValueError(text)
        hours, minutes = text.split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise FieldError("Type a time as HH:MM (24-hour clock, e.g. 14:30).") from None


def years_ahead(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def check_date(day: dt.date, today: dt.date, future: bool) -> dt.date:
    """``day`` if it is within the bounds every date field shares; else FieldError."""
    if day < EARLIEST_DATE:
        raise FieldError(f"Dates before {EARLIEST_DATE.year} are not accepted: check the year.")
    if not future and day > today:
        raise FieldError("This date cannot be in the future.")
    if future and day > years_ahead(today, MAX_YEARS_AHEAD):
        raise FieldError(f"That is more than {MAX_YEARS_AHEAD} years ahead: check the year.")
    return day


def check_text(text: str, limit: int) -> str:
    """``text`` if it fits the field; else FieldError saying what to change."""
    if len(text) > limit:
        raise FieldError(f"Too long: at most {limit:,} characters (this has {len(text):,}).")
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise FieldError("Remove the control characters (such as tabs or escape codes).")
    return text


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: FieldKind = "text"
    category: Category | None = None
    #: For "multi" fields without a category: (label, code) pairs.
    options: tuple[tuple[str, str], ...] = ()
    required: bool = False
    help: str = ""
    placeholder: str = ""
    #: Longest text accepted; 0 means :data:`DEFAULT_MAX_LENGTH`.
    max_length: int = 0
    #: A name: masked like a password while discreet mode is on.
    sensitive: bool = False
    #: Dates: may lie in the future (a planned review); otherwise today at the latest.
    future: bool = False
    #: Dates: not before the survivor's intake date (checked by the form).
    after_intake: bool = False

    @property
    def limit(self) -> int:
        return self.max_length or DEFAULT_MAX_LENGTH


def _empty(kind: FieldKind) -> Any:
    return {"text": "", "date": None, "time": None, "multi": [], "flag": False}.get(kind)


class FormField(Vertical):
    """Label + input widget + error line, for one :class:`FieldSpec`."""

    DEFAULT_CLASSES = "form-field"

    def __init__(self, spec: FieldSpec, value: Any = None, masked: bool = False) -> None:
        super().__init__(id=f"field-{spec.name}")
        self.spec = spec
        self.initial = value
        self.masked = masked

    def compose(self) -> ComposeResult:
        spec = self.spec
        label = spec.label + (" *" if spec.required else "")
        if spec.kind != "flag":
            yield Label(label, classes="field-label")
        yield self._make_input(label)
        if spec.help:
            yield Static(spec.help, classes="field-help")
        yield Static("", classes="field-error")

    def _make_input(self, label: str) -> Widget:
        spec, value = self.spec, self.initial
        widget_id = f"input-{spec.name}"
        if spec.kind == "choice":
            assert spec.category is not None
            options = [(c.label, c.code) for c in spec.category.choices]
            if value in spec.category.codes:
                return Select(options, value=value, allow_blank=not spec.required, id=widget_id)
            return Select(options, allow_blank=True, id=widget_id, prompt="Choose...")
        if spec.kind == "multi":
            options = (
                [(c.label, c.code) for c in spec.category.choices]
                if spec.category is not None
                else list(spec.options)
            )
            chosen = set(value or ())
            return SelectionList[str](
                *[(text, code, code in chosen) for text, code in options], id=widget_id
            )
        if spec.kind == "flag":
            return Checkbox(label, bool(value), id=widget_id)
        if spec.kind == "date":
            text = value.isoformat() if isinstance(value, dt.date) else (value or "")
            return Input(text, placeholder=spec.placeholder or "YYYY-MM-DD or today", id=widget_id)
        if spec.kind == "time":
            text = value.strftime("%H:%M") if isinstance(value, dt.time) else (value or "")
            return Input(text, placeholder=spec.placeholder or "HH:MM", id=widget_id)
        return Input(
            str(value or ""), password=self.masked, placeholder=spec.placeholder, id=widget_id
        )

    @property
    def input_widget(self) -> Widget:
        return self.query_one(f"#input-{self.spec.name}")

    def raw(self) -> Any:
        widget = self.input_widget
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, SelectionList):
            return list(widget.selected)
        if isinstance(widget, Checkbox):
            return widget.value
        assert isinstance(widget, Input)
        return widget.value

    def value(self, today: dt.date) -> Any:
        """The parsed value; raises FieldError with a sentence when the input is not valid."""
        spec, raw = self.spec, self.raw()
        if spec.kind in ("text", "date", "time"):
            raw = raw.strip()
        if raw in (None, "", []):
            if spec.required:
                raise FieldError(
                    "Choose one." if spec.kind in ("choice", "multi") else "This is required."
                )
            return _empty(spec.kind)
        if spec.kind == "date":
            return check_date(parse_date(raw, today), today, spec.future)
        if spec.kind == "time":
            return parse_time(raw)
        if spec.kind == "text":
            return check_text(raw, spec.limit)
        return raw

    def set_error(self, message: str | None) -> None:
        self.query_one(".field-error", Static).update(message or "")
        self.set_class(bool(message), "-invalid")

    def focus_input(self) -> None:
        self.input_widget.focus()
