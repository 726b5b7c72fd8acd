"""A yes/no question in a modal dialog (y / n / escape, or a click on its buttons).

A confirmation is answered only on purpose: a key that arrives while the navigator is
still typing (within :data:`SETTLE_S` of the dialog opening or of the key before it)
answers nothing, so an "n" or a "y" inside a word being typed when the dialog appears
cannot say yes or no for them, and its buttons take no focus, so neither can an enter
at the end of one.  The dialog says so while it waits.
"""

from __future__ import annotations

import time

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from navigator_tui.screens.nav_screen import DismissOnce

#: Seconds of quiet before a key counts as an answer (typing runs faster than this;
#: reading a question and deciding takes longer).
SETTLE_S = 0.4


class ConfirmScreen(DismissOnce, ModalScreen[bool]):
    """Dismisses with True (yes) or False (no)."""

    AUTO_FOCUS = None

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n", "answer(False)", "No", id="confirm.no"),
        # Escape only ever says no, so it needs no settling.
        Binding("escape", "dismiss(False)", "No", id="confirm.cancel", show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.no_label = no
        now = time.monotonic()
        #: When the key being handled arrived, and the one before it (or the opening).
        self._key_at = now
        self._quiet_since = now

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="dialog"):
            yield Static(self.question, id="confirm-question")
            with Horizontal(classes="dialog-buttons"):
                for label, button_id, variant in (
                    (f"{self.yes_label} (y)", "yes", "warning"),
                    (f"{self.no_label} (n)", "no", "primary"),
                ):
                    button = Button(label, id=button_id, variant=variant)  # type: ignore[arg-type]
                    # For the mouse: enter or space at the end of a typed word presses nothing.
                    button.can_focus = False
                    yield button
            yield Static("", id="confirm-typing")

    def on_key(self, event: events.Key) -> None:
        """Runs before the key's binding or button: remember how long it was quiet."""
        now = time.monotonic()
        self._quiet_since, self._key_at = self._key_at, now

    def _deliberate(self) -> bool:
        if self._key_at - self._quiet_since >= SETTLE_S:
            return True
        self.query_one("#confirm-typing", Static).update(
            "Still typing? Press y or n (or a button) to answer."
        )
        return False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        if self._deliberate():
            self.dismiss(yes)
