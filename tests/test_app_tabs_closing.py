"""Tabs survive being taken down while they mount (navigator_tui/widgets/file_tabs.py):
Textual's own raised from their mount handler and stopped the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Tab, Tabs

from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.widgets.file_tabs import guard_tabs
from tests.app_support import SIZE, loaded, make_vault, open_app, wait_for


class TabsApp(App[None]):
    def compose(self) -> ComposeResult:
        # The tab it should make active is gone, as when the screen is being taken down.
        tabs = Tabs(Tab("Overview", id="overview"), active="overview")
        tabs._first_active = "gone"
        yield tabs


async def test_tabs_whose_first_tab_is_gone_do_not_stop_the_app() -> None:
    guard_tabs()
    app = TabsApp()
    async with app.run_test() as pilot:
        await pilot.pause()
    assert app.return_code in (None, 0)


async def test_without_the_guard_textual_stops_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: the failure the guard prevents (if a Textual release fixes it, this
    test says the guard can go)."""
    guard_tabs()
    monkeypatch.setattr(Tabs, "_on_mount", Tabs._on_mount.__wrapped__)  # type: ignore[attr-defined]
    app = TabsApp()
    with pytest.raises(ValueError, match="No Tab with id"):
        async with app.run_test() as pilot:
            await pilot.pause()


async def test_the_file_tabs_still_work_with_the_guard(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_survivor(ids["Quillon"], "contacts")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        screen = app.screen
        await wait_for(pilot, lambda: bool(screen.query("#contacts-table")))
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: bool(screen.query("#promises-table")))
