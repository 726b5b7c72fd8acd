"""The help screen: every key binding of the screen it was opened from, and the app's."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def binding_rows(screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """(key, description, where) for every described binding active on ``screen``.

    A binding's tooltip, when it has one, is added to its description: footer
    descriptions are kept short so that a screen's keys fit on one row.
    """
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description:
            continue
        where = "app" if active.node is screen.app else type(active.node).__name__
        display = screen.app.get_key_display(binding)
        if (display, binding.description) in seen:
            continue
        seen.add((display, binding.description))
        description = binding.description
        if binding.tooltip:
            description = f"{description}: {binding.tooltip}"
        rows.append((display or key, description, where))
    # The screen's keys and the app's first: the focused field's editing keys (an
    # Input has two dozen) came first and pushed the navigator's own off the box.
    rank = {type(screen).__name__: 0, "app": 1}
    return sorted(rows, key=lambda row: rank.get(row[2], 2))


class HelpScreen(ModalScreen[None]):
    """Lists the key bindings; escape, q or F1 closes it."""

    BINDINGS = [
        Binding("escape,q,f1", "dismiss", "Close help", id="help.close", priority=True),
    ]

    def __init__(self, origin: Screen[Any]) -> None:
        super().__init__()
        self.rows = binding_rows(origin)
        self.origin_name = type(origin).__name__

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("Keys\n\n", style="bold")
        widget_keys = False
        for key, description, where in self.rows:
            if where != "app" and where != self.origin_name and not widget_keys:
                widget_keys = True
                text.append("\nKeys of the focused field\n\n", style="bold")
            text.append(f"{key:>14}  ", style="bold")
            text.append(description)
            if where != "app":
                text.append(f"  ({where})", style="dim")
            text.append("\n")
        text.append(
            "\nctrl+p opens the command palette: new survivor, record assessment, log contact,\n"
            "add promise, lock, export, discreet mode, or type a case reference to open a file.\n"
            "Forms: tab moves between fields; dates are day first (31/12/2026, 31/12/26,\n"
            "31 Dec 2026), YYYY-MM-DD, or today, yesterday, tomorrow; ctrl+s saves.\n"
            "Assessment form: digits 1-5 rate the focused domain, m marks it missing (then d/n/a\n"
            "for declined / not discussed / not applicable).\n",
            style="dim",
        )
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(text, id="help-text")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
