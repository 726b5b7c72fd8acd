"""F5: the average first and latest level per domain, by rater, under the caseload figures."""

from __future__ import annotations

from pathlib import Path

from assessments.caseload_trends import caseload_trends
from navigator_tui.screens.caseload_recovery import CaseloadRecoveryScreen
from navigator_tui.widgets.caseload_trend_chart import CaseloadTrendChart, trend_text
from tests.app_support import SIZE, TODAY, loaded, make_vault, open_app, screen_text, wait_for


async def test_first_and_latest_averages_on_the_recovery_screen(vault_path: Path) -> None:
    make_vault(vault_path, demo=30)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f5")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadRecoveryScreen))
        chart = app.screen.query_one(CaseloadTrendChart)
        await wait_for(pilot, lambda: chart.trends is not None)
        assert app.cases is not None
        expected = caseload_trends(app.cases.files.values(), TODAY)
        assert chart.trends == expected
        assert expected.survivors > 0
        await pilot.press("end")  # scroll down to the averages
        await pilot.pause()
        text = screen_text(app)
        assert "Survivor's ratings" in text and "Navigator's ratings" in text
        survivor, navigator = expected.overall["survivor"], expected.overall["navigator"]
        assert survivor.first is not None and navigator.latest is not None
        assert "intake ░" in text and "latest █" in text
        assert f"{survivor.first:.1f} (n={survivor.base})" in text
        assert f"{navigator.latest:.1f}" in text


def test_trend_text_without_reviews_says_so() -> None:
    text = trend_text(caseload_trends([], TODAY)).plain
    assert "No survivor has a review after their intake yet." in text
