"""A warning the user must acknowledge (enter, escape or the button) before going on.

Used for what must not scroll past in a toast: the vault file went back in time
(an older copy replaced it, so recent changes may be missing).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from navigator_tui.screens.nav_screen import DismissOnce


class NoticeScreen(DismissOnce, ModalScreen[None]):
    """A title, one or two sentences, and an "I understand" button."""

    AUTO_FOCUS = "#notice-ok"
    BINDINGS = [
        Binding("escape", "acknowledge", "I understand", id="notice.ok"),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="notice-box", classes="dialog"):
            yield Static(self.title_text, id="notice-title")
            yield Static(self.message, id="notice-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("I understand (enter)", id="notice-ok", variant="warning")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_acknowledge(self) -> None:
        self.dismiss(None)
