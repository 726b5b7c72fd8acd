"""Export from the app: the monthly summary is written where the navigator chose."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from navigator_tui.screens.export import ExportScreen
from tests.app_support import SIZE, loaded, make_vault, open_app, wait_for


async def test_export_monthly_summary(vault_path: Path, tmp_path: Path) -> None:
    make_vault(vault_path, demo=10)
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        screen = app.screen
        screen.query_one("#input-start", Input).value = "2026-13"
        screen.query_one("#input-folder", Input).value = str(out_dir)
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(screen.query_one("#field-start .field-error", Static).render())
        assert "YYYY-MM" in error
        assert list(out_dir.iterdir()) == []
        screen.query_one("#input-start", Input).value = "2026-02"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportScreen))
    written = out_dir / "navigator-monthly-2026-02.csv"
    assert written.exists()
    assert written.read_text(encoding="utf-8").count("\n") >= 2
