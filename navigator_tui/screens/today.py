"""Today: the daily worklist, grouped by urgency; enter opens the survivor at the right tab."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

if TYPE_CHECKING:
    from navigator_tui.app import NavigatorApp


class TodayScreen(Screen[None]):
    """The worklist from the rules (``assessments.worklist``); nothing is computed here."""

    AUTO_FOCUS = "#today-table"
    BINDINGS = [
        Binding("ctrl+n", "app.new_survivor", "New survivor", id="today.new", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: (survivor id, tab) for each table row, in row order.
        self.targets: list[tuple[int, str] | None] = []

    @property
    def nav_app(self) -> NavigatorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="today-summary")
        table: DataTable[Any] = DataTable(id="today-table", cursor_type="row")
        yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#today-table", DataTable)
        table.add_column("When", key="urgency")
        table.add_column("Survivor", key="survivor")
        table.add_column("What", key="what")
        self.refresh_data()

    def refresh_data(self) -> None:
        summary = self.query_one("#today-summary", Static)
        table = self.query_one("#today-table", DataTable)
        table.clear()
        self.targets = []
        cases = self.nav_app.cases
        if cases is None:
            summary.update("Loading the caseload...")
            return
        today = self.nav_app.today()
        summary.update(
            f"Today, {today:%A %d %B %Y} · {len(cases)} survivors. "
            "F4 opens the caseload; ctrl+n adds a survivor."
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        index = event.cursor_row
        if 0 <= index < len(self.targets):
            target = self.targets[index]
            if target is not None:
                self.nav_app.open_survivor(*target)
