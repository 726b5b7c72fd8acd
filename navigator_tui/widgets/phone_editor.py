"""The phones of a contact agreement, edited in place: label, number and three flags.

Keyboard first: ctrl+o (a binding of the agreement form) adds a phone and puts the
cursor in its label; tab moves through label, number, the three flags (space ticks
one) and the phone's Remove button (enter removes it).  A phone left with neither a
label nor a number is dropped on saving.  A new phone has every flag unticked:
nothing is safe until it has been agreed.  Numbers are checked by
``assessments.phones.number_problem`` and the problem is shown under the phone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Static

from assessments.phones import PHONE_FLAGS, is_safe, make_phone, number_problem
from caseload.validation.values import FieldError, check_text
from navigator_tui.widgets.secret_input import SecretInput
from navigator_tui.widgets.ticks import TickBox

#: Longest label accepted.  The inputs have no ``max_length``: Textual would cut a longer
#: paste silently, so the length is checked on saving and explained instead.
LABEL_LIMIT = 60
NUMBER_LIMIT = 40

#: Checkbox labels: short, and the same words as the agreement tab uses.
FLAG_LABELS = {
    "safe_to_call": "Safe to call",
    "safe_to_text": "Safe to text",
    "safe_voicemail": "Safe to leave a voicemail",
}


class PhoneRow(Vertical):
    """One phone: label and number, the three flags, Remove, and the problem if any."""

    DEFAULT_CLASSES = "phone-row"

    def __init__(self, phone: Mapping[str, Any] | None = None, masked: bool = False) -> None:
        super().__init__()
        self.phone = dict(phone or {})
        #: Discreet mode: label and number typed and shown like a password.
        self.masked = masked
        #: The input holding the problem found by the last :meth:`check`.
        self.wrong_input: Input | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="phone-line"):
            yield SecretInput(
                str(self.phone.get("label", "")),
                password=self.masked,
                placeholder="Label, e.g. Own mobile",
                classes="phone-label",
                compact=True,
            )
            yield SecretInput(
                str(self.phone.get("number", "")),
                password=self.masked,
                placeholder="Number, e.g. 07700 900123",
                classes="phone-number",
                compact=True,
            )
        # One line on a wide screen; under 100 columns each flag on its own line.
        with Horizontal(classes="phone-line phone-flags"):
            for key, _, _ in PHONE_FLAGS:
                yield TickBox(
                    FLAG_LABELS[key], is_safe(self.phone, key), classes=f"-{key}", compact=True
                )
            yield Button("Remove", classes="phone-remove", variant="warning", compact=True)
        yield Static("", classes="field-error")

    def label_input(self) -> Input:
        return self.query_one(".phone-label", Input)

    def number_input(self) -> Input:
        return self.query_one(".phone-number", Input)

    def flag(self, key: str) -> Checkbox:
        return self.query_one(f".-{key}", Checkbox)

    @property
    def is_blank(self) -> bool:
        return not self.label_input().value.strip() and not self.number_input().value.strip()

    def value(self) -> dict[str, Any]:
        flags = {key: self.flag(key).value for key, _, _ in PHONE_FLAGS}
        return make_phone(self.label_input().value, self.number_input().value, **flags)

    def check(self) -> str | None:
        """Show and return what is wrong with this phone (None when it is fine or blank)."""
        problem, self.wrong_input = (None, None) if self.is_blank else self._problem()
        self.query_one(".field-error", Static).update(problem or "")
        self.set_class(problem is not None, "-invalid")
        return problem

    def _problem(self) -> tuple[str | None, Input | None]:
        """The first problem of this phone and the input that holds it."""
        label, number = self.label_input(), self.number_input()
        for name, field, limit in (("Label", label, LABEL_LIMIT), ("Number", number, NUMBER_LIMIT)):
            try:
                check_text(field.value, limit)
            except FieldError as exc:
                return f"{name}: {exc}", field
        problem = number_problem(number.value)
        return problem, (number if problem else None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.has_class("phone-remove"):
            event.stop()
            self.post_message(PhoneEditor.Removed(self))


class PhoneEditor(Vertical):
    """Every phone of the agreement; ``phones()`` gives them as stored, ``problems()`` checks."""

    DEFAULT_CSS = """
    PhoneEditor {
        height: auto;
    }
    """

    class Changed(Message):
        """A phone was added or removed (typing is reported by the inputs themselves)."""

    class Removed(Message):
        def __init__(self, row: PhoneRow) -> None:
            super().__init__()
            self.row = row

    def __init__(
        self,
        phones: Iterable[Mapping[str, Any]] = (),
        *,
        masked: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.initial = [dict(p) for p in phones]
        self.masked = masked

    def compose(self) -> ComposeResult:
        for phone in self.initial:
            yield PhoneRow(phone, self.masked)
        yield Button("Add a phone (ctrl+o)", id="add-phone")

    def rows(self) -> list[PhoneRow]:
        return list(self.query(PhoneRow))

    async def add_phone(self) -> PhoneRow:
        row = PhoneRow(masked=self.masked)
        await self.mount(row, before=self.query_one("#add-phone"))
        row.label_input().focus()
        self.post_message(self.Changed())
        return row

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add-phone":
            event.stop()
            await self.add_phone()

    async def on_phone_editor_removed(self, event: PhoneEditor.Removed) -> None:
        event.stop()
        rows = self.rows()
        index = rows.index(event.row)
        await event.row.remove()
        rest = self.rows()
        if rest:
            rest[min(index, len(rest) - 1)].label_input().focus()
        else:
            self.query_one("#add-phone", Button).focus()
        self.post_message(self.Changed())

    def typed(self) -> list[dict[str, Any]]:
        """Every row as typed, blank or not (kept across a lock)."""
        return [
            {
                "label": row.label_input().value,
                "number": row.number_input().value,
                **{key: row.flag(key).value for key, _, _ in PHONE_FLAGS},
            }
            for row in self.rows()
        ]

    def show_typed(self, typed: list[dict[str, Any]]) -> None:
        """Put back what :meth:`typed` gave: the rows as they were."""
        for row in self.rows():
            row.remove()
        button = self.query_one("#add-phone")
        for phone in typed:
            self.mount(PhoneRow(phone, self.masked), before=button)

    def phones(self) -> list[dict[str, Any]]:
        return [row.value() for row in self.rows() if not row.is_blank]

    def problems(self) -> list[str]:
        """Check every phone; one sentence per phone with a problem."""
        found = []
        for number, row in enumerate(self.rows(), start=1):
            problem = row.check()
            if problem is not None:
                found.append(f"Phone {number}: {problem}")
        return found

    def focus_first_problem(self) -> None:
        for row in self.rows():
            if row.wrong_input is not None:
                row.wrong_input.focus()
                return
