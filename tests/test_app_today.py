"""Today: the worklist from the rules, grouped by urgency; enter opens the right tab."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, TabbedContent

from assessments.worklist import build_worklist
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.screens.today import TodayScreen
from tests.app_support import (
    KNOWN,
    SIZE,
    TODAY,
    loaded,
    make_vault,
    open_app,
    screen_text,
    wait_for,
)


async def test_worklist_grouped_and_enter_opens_the_tab(vault_path: Path) -> None:
    make_vault(vault_path, demo=25)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        assert app.cases is not None
        expected = build_worklist(app.cases.files.values(), TODAY)
        assert expected and app.cases.worklist == expected
        table = screen.query_one("#today-table", DataTable)
        groups = [str(table.get_row_at(i)[0]) for i, t in enumerate(screen.targets) if t is None]
        assert groups[0].startswith("Overdue")
        # The first row after the first group title is the most urgent action.
        assert table.cursor_row == 1
        first = expected[0]
        assert str(table.get_row_at(1)[3]) == first.reason
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        file_screen = app.screen
        assert file_screen.survivor_id == first.survivor_id  # type: ignore[attr-defined]
        assert file_screen.query_one("#file-tabs", TabbedContent).active == first.tab


async def test_today_in_discreet_mode(vault_path: Path) -> None:
    make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        text = screen_text(app)
        assert "Quill" in text  # every new case needs an intake assessment
        await pilot.press("f2")
        await pilot.pause()
        text = screen_text(app)
        names = [p for given, family, preferred, *_ in KNOWN for p in (given, family, preferred)]
        assert not [n for n in names if n and n in text]
