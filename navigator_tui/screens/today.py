"""Today: the daily worklist, grouped by urgency; enter opens the survivor at the right tab.

The selected line is shown in full under the list: on a narrow terminal the table's
"What" column is cut, and a reason cut mid-word could not be read any other way.

The list itself comes from ``assessments.worklist.build_worklist`` (computed in the
loading worker, see :mod:`navigator_tui.snapshot`); this screen only lays it out.
"""

from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from assessments.wording import day_words
from navigator_tui.action_tabs import ACTION_TABS
from navigator_tui.discreet import one_line
from navigator_tui.screens.nav_screen import NavScreen
from navigator_tui.widgets.app_header import AppHeader
from navigator_tui.widgets.key_bar import KeyBar
from navigator_tui.widgets.plain_table import PlainRow, PlainTable

if TYPE_CHECKING:
    pass

#: Most actions listed at once (a whole programme can have thousands).
MAX_ACTIONS = 1000
URGENCY_TITLES = {"overdue": "Overdue", "today": "Due today", "soon": "Soon"}
URGENCY_STYLES = {"overdue": "bold red", "today": "bold yellow", "soon": "bold"}


class TodayScreen(NavScreen[None]):
    """Overdue first, then due today, then soon; enter opens the file at the right tab."""

    AUTO_FOCUS = "#today-table"
    BINDINGS = [
        Binding("ctrl+n", "app.new_survivor", "New survivor", id="today.new", priority=True),
        Binding("enter", "open_selected", "Open", id="today.open", show=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: (survivor id, tab) for each table row, in row order; None for group titles.
        self.targets: list[tuple[int, str] | None] = []
        #: The whole line of each table row ("" for group titles), shown when selected.
        self.details: list[str] = []


    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="today-summary")
        yield PlainTable(id="today-table", cursor_type="row")
        yield Static("", id="today-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#today-table", DataTable)
        table.add_column("Due", key="due")
        table.add_column("Ref", key="ref")
        table.add_column("Survivor", key="survivor")
        table.add_column("What", key="what")
        self.refresh_data()

    def refresh_data(self) -> None:
        summary = self.query_one("#today-summary", Static)
        table = self.query_one("#today-table", PlainTable)
        table.clear()
        self.targets = []
        self.details = []
        cases = self.nav_app.cases
        if cases is None:
            summary.update("Loading the caseload...")
            return
        today = self.nav_app.today()
        discreet = self.nav_app.discreet
        actions = cases.worklist[:MAX_ACTIONS]
        counts = {u: sum(1 for a in cases.worklist if a.urgency == u) for u in URGENCY_TITLES}
        text = f"{today:%A} {day_words(today)} · " + ", ".join(
            f"{counts[u]} {URGENCY_TITLES[u].lower()}" for u in URGENCY_TITLES
        )
        if len(cases.worklist) > MAX_ACTIONS:
            text += f" (first {MAX_ACTIONS} listed)"
        if not cases.worklist:
            text += " · Nothing is due: F4 opens the caseload."
        summary.update(text)
        lines: list[PlainRow] = []
        for urgency, group in groupby(actions, key=lambda a: a.urgency):
            items = list(group)
            title = Text(
                f"{URGENCY_TITLES.get(urgency, urgency)} ({counts.get(urgency, len(items))})",
                style=URGENCY_STYLES.get(urgency, "bold"),
            )
            lines.append(PlainRow.of(title, "", "", ""))
            self.targets.append(None)
            self.details.append("")
            for action in items:
                row = cases.rows.get(action.survivor_id)
                name = row.name(discreet) if row is not None else ""
                due = day_words(action.due_on, today) if action.due_on else ""
                if action.urgency == "today" and action.due_on and action.due_on < today:
                    due = f"since {due}"  # to act on today, about something older
                what = one_line(action.text(discreet))
                lines.append(PlainRow.of(due, action.case_ref, name, what))
                self.targets.append((action.survivor_id, ACTION_TABS[action.kind]))
                when = f"{due} · " if due else ""
                self.details.append(f"{when}{action.case_ref} {name}: {what}")
        table.add_plain_rows(lines)
        if len(self.targets) > 1:
            table.move_cursor(row=1)
        self._show_detail(table.cursor_row)

    def _show_detail(self, index: int) -> None:
        detail = self.details[index] if 0 <= index < len(self.details) else ""
        self.query_one("#today-detail", Static).update(detail)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def action_open_selected(self) -> None:
        table = self.query_one("#today-table", DataTable)
        index = table.cursor_row
        if 0 <= index < len(self.targets):
            target = self.targets[index]
            if target is not None:
                self.nav_app.open_survivor(*target)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_selected()
