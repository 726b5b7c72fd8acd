"""One form field: label, input widget, and the sentence saying what is wrong with it.

A :class:`FieldSpec` describes how a field looks (label, help, masking) and what it
takes (kind, category, required, limits); :class:`FormField` builds the widget and hands
back what was typed (:meth:`FormField.raw`).  Parsing and checking are the core's
(:mod:`caseload.validation`), the same for every form and every importer.  The input
widget itself is not capped: Textual silently drops a paste that would go over a cap,
so the text is kept and the form says what is wrong instead.
"""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets.select import InvalidSelectValueError

from assessments.wording import day_words
from caseload.categories import Category
from caseload.validation.records import Field, FieldKind
from caseload.validation.values import DEFAULT_MAX_LENGTH
from navigator_tui.widgets.secret_input import SecretInput
from navigator_tui.widgets.ticks import TickBox, TickList


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: FieldKind = "text"
    category: Category | None = None
    required: bool = False
    help: str = ""
    placeholder: str = ""
    #: Longest text accepted; 0 means :data:`DEFAULT_MAX_LENGTH`.
    max_length: int = 0
    #: Masked like a password while discreet mode is on, as every free-text field is
    #: (a date of birth: a date that identifies).
    sensitive: bool = False
    #: Dates: may lie in the future (a planned review); otherwise today at the latest.
    future: bool = False
    #: Dates: not before the survivor's intake date (checked by the form).
    after_intake: bool = False
    #: A heading shown above this field: it starts a section of the form.
    section: str = ""

    @property
    def limit(self) -> int:
        return self.max_length or DEFAULT_MAX_LENGTH

    def as_field(self) -> Field:
        """What the core checks of this field (forms that are not a record's)."""
        return Field(
            self.name,
            self.kind,
            self.category,
            required=self.required,
            max_length=self.max_length,
            future=self.future,
            after_intake=self.after_intake,
        )


class FormField(Vertical):
    """Label + input widget + error line, for one :class:`FieldSpec`."""

    DEFAULT_CLASSES = "form-field"

    def __init__(self, spec: FieldSpec, value: Any = None, masked: bool = False) -> None:
        super().__init__(id=f"field-{spec.name}")
        self.spec = spec
        self.initial = value
        self.masked = masked

    def compose(self) -> ComposeResult:
        """One line a simple field: the label beside its input (above it on a screen
        under 100 columns, see forms.tcss), the help and any error under the input."""
        spec = self.spec
        label = spec.label + (" *" if spec.required else "")
        with Horizontal(classes="field-row"):
            if spec.kind != "flag":
                yield Label(label, classes="field-label")
            else:  # the tick box carries its label; this keeps it in the input column
                yield Label("", classes="field-label -blank")
            widget = self._make_input(label)
            widget.add_class("field-input")
            if hasattr(widget, "compact"):
                widget.compact = True  # type: ignore[attr-defined]
            yield widget
        if spec.help:
            yield Static(spec.help, classes="field-help")
        yield Static("", classes="field-error -empty")

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
            assert spec.category is not None
            options = [(c.label, c.code) for c in spec.category.choices]
            chosen = set(value or ())
            return TickList(
                *[(text, code, code in chosen) for text, code in options], id=widget_id
            )
        if spec.kind == "flag":
            return TickBox(label, bool(value), id=widget_id)
        if spec.kind == "date":
            # As people write dates ("2 Mar 2026"); every form reads that back.
            text = day_words(value) if isinstance(value, dt.date) else (value or "")
            if self.masked:
                return SecretInput(text, password=True, placeholder="31/12/2026", id=widget_id)
            example = spec.placeholder or "31/12/2026 or today"
            return Input(text, placeholder=example, id=widget_id)
        if spec.kind == "time":
            text = value.strftime("%H:%M") if isinstance(value, dt.time) else (value or "")
            return Input(text, placeholder=spec.placeholder or "HH:MM", id=widget_id)
        if spec.kind == "note" and not self.masked:
            # Several lines, wrapped, read back whole; tab still moves to the next field.
            return TextArea(
                str(value or ""),
                soft_wrap=True,
                tab_behavior="focus",
                show_line_numbers=False,
                id=widget_id,
            )
        return SecretInput(
            str(value or ""), password=self.masked, placeholder=spec.placeholder, id=widget_id
        )

    @property
    def input_widget(self) -> Widget:
        return self.query_one(f"#input-{self.spec.name}")

    @property
    def has_input(self) -> bool:
        """Whether the input is mounted (not yet, or no more, while its form opens or
        closes at once: an escape typed as the form appeared, found by the monkey test)."""
        return bool(self.query(f"#input-{self.spec.name}"))

    def raw(self) -> Any:
        widget = self.input_widget
        if isinstance(widget, Select):
            return None if widget.value is Select.NULL else widget.value
        if isinstance(widget, SelectionList):
            return list(widget.selected)
        if isinstance(widget, Checkbox):
            return widget.value
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def restore(self, raw: Any) -> None:
        """Put back what :meth:`raw` gave (a form kept across a lock)."""
        widget = self.input_widget
        if isinstance(widget, Select):
            with suppress(InvalidSelectValueError):  # a choice no longer offered stays as is
                if raw is None:
                    widget.clear()
                else:
                    widget.value = raw
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for code in raw or ():
                widget.select(code)
        elif isinstance(widget, Checkbox):
            widget.value = bool(raw)
        elif isinstance(widget, TextArea):
            widget.load_text(str(raw or ""))
        elif isinstance(widget, Input):
            widget.value = str(raw or "")

    def set_error(self, message: str | None) -> None:
        error = self.query_one(".field-error", Static)
        error.update(message or "")
        error.set_class(not message, "-empty")
        self.set_class(bool(message), "-invalid")

    def focus_input(self) -> None:
        self.input_widget.focus()
