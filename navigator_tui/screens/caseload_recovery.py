"""Recovery across the caseload: share improved and mean change per domain, by rater."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header

from assessments.case import CaseRecord
from assessments.scoring import CaseloadFigures, caseload_figures
from navigator_tui.widgets.caseload_chart import CaseloadChart

if TYPE_CHECKING:
    from navigator_tui.app import NavigatorApp


class CaseloadRecoveryScreen(Screen[None]):
    BINDINGS = [Binding("escape", "back", "Back", id="recovery.back")]

    @property
    def nav_app(self) -> NavigatorApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield CaseloadChart(id="caseload-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        cases = self.nav_app.cases
        if cases is not None:
            self._figures_worker(list(cases.files.values()), cases.today)

    @work(thread=True, exclusive=True, group="caseload-figures", exit_on_error=False)
    def _figures_worker(self, cases: list[CaseRecord], today: dt.date) -> None:
        figures = caseload_figures(cases, today)
        self.app.call_from_thread(self._show, figures)

    def _show(self, figures: CaseloadFigures) -> None:
        if self.is_attached:
            self.query_one(CaseloadChart).show(figures)

    def action_back(self) -> None:
        self.dismiss(None)
