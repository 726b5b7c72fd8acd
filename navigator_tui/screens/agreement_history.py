"""Every version of a survivor's contact agreement, newest first, with what each changed.

Up and down pick a version; its whole text is shown under the list, as it was agreed.
Read only: an agreement is changed by saving a new version (g on the file).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from caseload.records import AgreementRecord
from navigator_tui.fact_lines import agreement_changes, agreement_facts, shown
from navigator_tui.screens.nav_screen import NavScreen
from navigator_tui.widgets.app_header import AppHeader
from navigator_tui.widgets.key_bar import KeyBar


class AgreementHistoryScreen(NavScreen[None]):
    BINDINGS = [Binding("escape", "back", "Back", id="agreement_history.back")]

    def __init__(self, survivor_id: int) -> None:
        super().__init__()
        self.survivor_id = survivor_id

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="history-title", classes="section-title")
        yield DataTable(id="versions-table", classes="file-table", cursor_type="row")
        with VerticalScroll(id="version-body"):
            yield Static("", id="version-facts", classes="file-facts")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#versions-table", DataTable)
        for label in ("Version", "Agreed", "What changed from the one before"):
            table.add_column(label)
        self.refresh_data()
        table.focus()

    def _versions(self) -> list[AgreementRecord]:
        case = self.case
        return sorted(case.agreement_history, key=lambda a: -a.version) if case else []

    def refresh_data(self) -> None:
        case, versions = self.case, self._versions()
        table = self.query_one("#versions-table", DataTable)
        table.clear()
        if case is None or not versions:
            self.query_one("#history-title", Static).update("No contact agreement yet.")
            return
        self.query_one("#history-title", Static).update(
            f"{case.case_ref}: contact agreement, {len(versions)} "
            f"version{'s' if len(versions) != 1 else ''} (newest first; up/down to read one)"
        )
        for index, version in enumerate(versions):
            older = versions[index + 1] if index + 1 < len(versions) else None
            changed = "first version" if older is None else ", ".join(
                agreement_changes(older, version)
            ) or "nothing (agreed again)"
            current = " (current)" if index == 0 else ""
            table.add_row(
                f"{version.version}{current}",
                shown(version.agreed_on),
                changed,
                key=str(version.version),
            )
        self._show(versions[0])

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        wanted = event.row_key.value
        version = next((v for v in self._versions() if str(v.version) == wanted), None)
        if version is not None:
            self._show(version)

    def _show(self, version: AgreementRecord) -> None:
        text = Text(f"Version {version.version} as agreed\n\n", style="bold")
        text.append_text(agreement_facts(version, self.nav_app.discreet))
        self.query_one("#version-facts", Static).update(text)

    def action_back(self) -> None:
        self.dismiss(None)
