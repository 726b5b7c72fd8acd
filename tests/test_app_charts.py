"""Recovery charts: per survivor (plotext, both raters, overall) and across the caseload."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from assessments.scoring import caseload_figures
from caseload.models import Assessment
from navigator_tui.screens.caseload_recovery import CaseloadRecoveryScreen
from navigator_tui.widgets.caseload_chart import CaseloadChart
from navigator_tui.widgets.recovery_chart import build_chart
from tests.app_support import SIZE, TODAY, loaded, make_vault, open_app, screen_text, wait_for


def test_survivor_chart_draws_both_raters_at_the_requested_size() -> None:
    def assessment(day: dt.date, survivor: int, navigator: int) -> Assessment:
        values = {}
        for domain in ("mental_health", "safety", "legal_status", "physical_health"):
            values[(domain, "survivor")] = survivor
            values[(domain, "navigator")] = navigator
        return Assessment(survivor_id=1, date=day, ratings=Assessment.build_ratings(values))

    history = [assessment(dt.date(2025, 1, 10), 2, 3), assessment(dt.date(2025, 5, 10), 4, 3)]
    overall = {"survivor": [(a.date, 3.0) for a in history], "navigator": []}
    text = build_chart(history, 100, 16, overall)
    lines = text.splitlines()
    assert len(lines) == 16
    assert "Survivor's ratings" in lines[0] and "Navigator's ratings" in lines[0]
    assert "Jan 25" in text and "May 25" in text


async def test_caseload_recovery_screen(vault_path: Path) -> None:
    make_vault(vault_path, demo=30)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadRecoveryScreen))
        chart = app.screen.query_one(CaseloadChart)
        await wait_for(pilot, lambda: chart.figures is not None)
        assert app.cases is not None
        expected = caseload_figures(app.cases.files.values(), TODAY)
        assert chart.figures == expected
        await pilot.pause()
        share = expected.improved["survivor"]
        assert f"({share.count} of {share.base})" in screen_text(app)
        assert "Mean change in level since intake" in screen_text(app)
