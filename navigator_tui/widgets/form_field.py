"""One form field: label, input widget, and the sentence saying what is wrong with it.

A :class:`FieldSpec` describes a field (kind, category, whether it is required);
:class:`FormField` builds the widget for it and turns what was typed into a value,
raising :class:`FieldError` with one plain sentence when it cannot.
Dates accept ``YYYY-MM-DD`` or ``today``; times ``HH:MM``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static

from storage.categories import Category

FieldKind = Literal["text", "date", "time", "choice", "multi", "flag"]


class FieldError(ValueError):
    """What is wrong with a field's input, as one sentence shown next to it."""


def parse_date(text: str, today: dt.date) -> dt.date:
    text = text.strip()
    if text.lower() == "today":
        return today
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FieldError("Type a date as YYYY-MM-DD (e.g. 2026-03-31) or 'today'.") from None


def parse_time(text: str) -> dt.time:
    try:
        return dt.time.fromisoformat(text.strip())
    except ValueError:
        raise FieldError("Type a time as HH:MM (24-hour clock, e.g. 14:30).") from None


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
    max_length: int = 0
    #: A name: masked like a password while discreet mode is on.
    sensitive: bool = False


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
            str(value or ""),
            password=self.masked,
            placeholder=spec.placeholder,
            max_length=spec.max_length,
            id=widget_id,
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
            return parse_date(raw, today)
        if spec.kind == "time":
            return parse_time(raw)
        return raw

    def set_error(self, message: str | None) -> None:
        self.query_one(".field-error", Static).update(message or "")
        self.set_class(bool(message), "-invalid")

    def focus_input(self) -> None:
        self.input_widget.focus()
