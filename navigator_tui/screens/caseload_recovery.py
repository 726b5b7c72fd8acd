"""Recovery across the caseload: share improved, mean change and average first and latest
level per domain, by rater (scroll down for the averages)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from assessments.caseload_trends import CaseloadTrends, caseload_trends
from assessments.scoring import CaseloadFigures, caseload_figures
from caseload.case import CaseRecord
from navigator_tui.screens.nav_screen import NavScreen
from navigator_tui.widgets.app_header import AppHeader
from navigator_tui.widgets.caseload_chart import CaseloadChart
from navigator_tui.widgets.caseload_trend_chart import CaseloadTrendChart
from navigator_tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    pass


class CaseloadRecoveryScreen(NavScreen[None]):
    BINDINGS = [Binding("escape", "back", "Back", id="recovery.back")]


    def compose(self) -> ComposeResult:
        yield AppHeader()
        with VerticalScroll(id="caseload-recovery-body"):
            yield CaseloadChart(id="caseload-chart")
            yield CaseloadTrendChart(id="caseload-trends")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        cases = self.nav_app.cases
        if cases is not None:
            self._figures_worker(list(cases.files.values()), cases.today)

    # A description: Textual's default is the repr of every case (seconds at 10,000).
    @work(
        thread=True,
        exclusive=True,
        group="caseload-figures",
        exit_on_error=False,
        description="caseload figures",
    )
    def _figures_worker(self, cases: list[CaseRecord], today: dt.date) -> None:
        figures = caseload_figures(cases, today)
        trends = caseload_trends(cases, today)
        self.app.call_from_thread(self._show, figures, trends)

    def _show(self, figures: CaseloadFigures, trends: CaseloadTrends) -> None:
        if self.is_attached:
            self.query_one(CaseloadChart).show(figures)
            self.query_one(CaseloadTrendChart).show(trends)

    def action_back(self) -> None:
        self.dismiss(None)
