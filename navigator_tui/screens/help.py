"""The help screen (F1), written for navigators: what the screen is for, its keys in
words, the keys that work everywhere, then the focused field's keys and a few tips."""

from __future__ import annotations

import textwrap
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from navigator_tui.screens.nav_screen import DismissOnce

#: Textual's own keys of every screen, said once in the tips instead of listed.
MOVING_AROUND = frozenset(
    {"app.focus_next", "app.focus_previous", "focus_next", "focus_previous",
     "screen.copy_text", "copy_text"}
)  # fmt: skip


def binding_rows(screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """(key, description, where) for every described binding active on ``screen``.

    A binding's tooltip, when it has one, is added to its description: footer
    descriptions are kept short so that a screen's keys fit on one row.
    """
    rows: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.action in MOVING_AROUND:
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


#: What each screen is for, in a navigator's words (by the screen's class name).
SCREEN_HELP: dict[str, tuple[str, str]] = {
    "TodayScreen": (
        "Today",
        "What to do today across the caseload: overdue first, then due today, then soon. "
        "Up and down pick a line (it is shown in full under the list); enter opens the "
        "file on the tab that line is about.",
    ),
    "CaseloadScreen": (
        "Caseload",
        "Every survivor in one table. Type to filter by any name, case reference, officer "
        "or police force; down goes into the table, s and r sort, enter opens a file.",
    ),
    "SurvivorFileScreen": (
        "A survivor's file",
        "One case: ] and [ move between its tabs, up and down pick a row. The keys below "
        "record what happened (an assessment, a contact, a promise...) for this survivor.",
    ),
    "UnlockScreen": (
        "Unlock",
        "Type the passphrase and press enter. Lost it? ctrl+r takes the recovery key.",
    ),
    "AgreementHistoryScreen": (
        "Contact agreement versions",
        "Every version of the agreement, newest first, with what each changed. Up and "
        "down pick a version: it is shown whole below, as it was agreed.",
    ),
    "CaseloadRecoveryScreen": (
        "Recovery across the caseload",
        "How survivors' recovery has moved, domain by domain, by each rater.",
    ),
}

TIPS = (
    "Forms: tab and shift+tab move between fields, ctrl+s saves, escape leaves (asking "
    "first if something was typed). Dates are day first: 31/12/2026, 31/12/26, 31 Dec "
    "2026, or today, yesterday, tomorrow. Times on the 24-hour clock: 19:30 or 1930.\n"
    "Assessments: digits 1-5 rate the focused domain and move on; m marks it missing, "
    "then d declined, n not discussed, a not applicable.\n"
    "ctrl+p, the command palette, finds any action of this screen by name, and opens a "
    "file by case reference, any name or the officer's name. ctrl+l locks at once."
)


def _title_and_intro(origin: Screen[Any]) -> tuple[str, str]:
    found = SCREEN_HELP.get(type(origin).__name__)
    if found is not None:
        return found
    title = getattr(origin, "form_title", "") or "This screen"
    return title, ""


class HelpScreen(DismissOnce, ModalScreen[None]):
    """The keys of the screen it was opened on, in words; escape, q or F1 closes it."""

    BINDINGS = [
        Binding("escape,q,f1", "dismiss", "Close help", id="help.close", priority=True),
    ]

    def __init__(self, origin: Screen[Any]) -> None:
        super().__init__()
        self.rows = binding_rows(origin)
        self.origin_name = type(origin).__name__
        self.title_text, self.intro = _title_and_intro(origin)

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(f"Help: {self.title_text}\n", style="bold")
        if self.intro:
            text.append(f"{self.intro}\n")
        sections = {
            self.origin_name: "On this screen",
            "app": "Everywhere",
        }
        current = None
        # The box is at most 92 wide, less its border and padding; descriptions wrap
        # under themselves, not under the keys.
        width = max(40, min(92, self.app.size.width) - 6) - 12
        for key, description, where in self.rows:
            section = sections.get(where, "Keys of the focused field")
            if section != current:
                current = section
                text.append(f"\n{section}\n", style="bold underline")
            text.append(f"{key:>10}  ", style="bold")
            lines = textwrap.wrap(description, width) or [""]
            text.append(lines[0] + "\n")
            for line in lines[1:]:
                text.append(f"{'':>12}{line}\n")
        text.append("\nTips\n", style="bold underline")
        text.append(TIPS)
        with VerticalScroll(id="help-box", classes="dialog"):
            yield Static(text, id="help-text")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
