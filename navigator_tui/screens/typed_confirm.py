"""Confirm a dangerous, irreversible action by typing the case reference.

Used before deleting a survivor or reducing a case to an anonymised record.  The
dialog names the case by its reference only (never by name, so it is safe in
discreet mode), says exactly what will go, and offers to remove the older encrypted
backups as well.  The action button stays disabled until the reference is typed;
Enter in the box confirms only then; escape cancels.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static

from navigator_tui.screens.nav_screen import DismissOnce
from navigator_tui.widgets.ticks import TickBox


@dataclass(frozen=True)
class Confirmed:
    """The user typed the reference and confirmed."""

    #: Remove every older backup of the vault once the change is saved.
    purge_backups: bool


def reference_matches(typed: str, case_ref: str) -> bool:
    """The typed text is the case reference (spaces around it and letter case ignored)."""
    return bool(case_ref) and typed.strip().upper() == case_ref.strip().upper()


class TypedConfirmScreen(DismissOnce, ModalScreen[Confirmed | None]):
    """Dismisses with :class:`Confirmed`, or ``None`` when cancelled."""

    DEFAULT_CSS = """
    TypedConfirmScreen {
        align: center middle;
    }
    TypedConfirmScreen #typed-box {
        width: 80;
        max-width: 100%;
        border: thick $error;
    }
    TypedConfirmScreen #typed-title {
        text-style: bold;
        color: $error;
        margin: 0 0 1 0;
    }
    TypedConfirmScreen #typed-body {
        margin: 0 0 1 0;
    }
    TypedConfirmScreen #typed-hint {
        color: $text-muted;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="typed.cancel")]
    AUTO_FOCUS = "#typed-ref"

    def __init__(self, case_ref: str, title: str, body: Text | str, action_label: str) -> None:
        super().__init__()
        self.case_ref = case_ref
        self.title_text = title
        self.body = body
        self.action_label = action_label

    def compose(self) -> ComposeResult:
        with Vertical(id="typed-box", classes="dialog"):
            yield Static(self.title_text, id="typed-title")
            yield Static(self.body, id="typed-body")
            yield TickBox(
                "Also remove every older backup now",
                False,
                id="typed-purge",
            )
            yield Static(
                f"This cannot be undone. Type {self.case_ref} to confirm.", id="typed-hint"
            )
            yield Input(placeholder=self.case_ref, id="typed-ref")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.action_label, id="typed-go", variant="error", disabled=True)
                yield Button("Cancel (escape)", id="typed-cancel", variant="primary")

    @property
    def typed(self) -> str:
        return self.query_one("#typed-ref", Input).value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#typed-go", Button).disabled = not reference_matches(
            event.value, self.case_ref
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._confirm()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "typed-go":
            self._confirm()
        else:
            self.dismiss(None)

    def _confirm(self) -> None:
        if not reference_matches(self.typed, self.case_ref):
            self.query_one("#typed-hint", Static).update(
                f"That is not the case reference. Type {self.case_ref} to confirm, "
                "or press escape to cancel."
            )
            return
        self.dismiss(Confirmed(self.query_one("#typed-purge", Checkbox).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
