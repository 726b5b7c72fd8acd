"""Key bar rows are rebuilt only when the keys they show change, and then promptly."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from navigator_tui.screens.caseload import CaseloadScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.widgets import key_bar
from navigator_tui.widgets.key_bar import ScreenKeys
from tests.app_support import SIZE, loaded, make_vault, open_app, wait_for


def sort_key_shown(screen: CaseloadScreen) -> bool:
    keys = screen.query_one(ScreenKeys).shown
    return any(k.action == "next_sort" and k.enabled for k in keys)


async def test_key_rows_follow_the_bindings_without_rebuilding_for_nothing(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_vault(vault_path, demo=3)
    rebuilds: list[str | None] = []
    update = key_bar.KeyRow._update_if_changed

    def counted(self: key_bar.KeyRow) -> None:
        before = self._shown
        update(self)
        if self._shown != before:
            rebuilds.append(self.id)

    monkeypatch.setattr(key_bar.KeyRow, "_update_if_changed", counted)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.action_caseload()
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        await wait_for(pilot, lambda: len(screen.shown) == 6)
        await pilot.pause()

        # The filter has the focus and takes the letters: no "Sort by" (s) key until
        # the table has the focus.
        assert isinstance(app.focused, Input)
        assert not sort_key_shown(screen)
        screen.query_one("#caseload-table", DataTable).focus()
        await wait_for(pilot, lambda: sort_key_shown(screen))
        screen.query_one("#caseload-filter", Input).focus()
        await wait_for(pilot, lambda: not sort_key_shown(screen))

        # Opening a file: the key rows change a few times at most (Textual's footer
        # rebuilt them on every change of the bindings: sixteen times), and each is one
        # widget: no widget per key is mounted (24 for the file, twice, before).
        rebuilds.clear()
        app.open_survivor(ids["Quillon"])
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause(0.3)
        assert 2 <= len(rebuilds) <= 6
        rows = app.screen.query(key_bar.KeyRow)
        assert len(rows) == 2 and all(not row.children for row in rows)
        keys = app.screen.query_one(ScreenKeys).shown
        assert {"form('assessment')", "form('contact')"} <= {k.action for k in keys}


def _cut_or_missing(app) -> tuple[list[str], list[str]]:  # noqa: ANN001
    """The keys drawn past the right edge, and the descriptions of the keys shown."""
    width = app.size.width
    drawn = [span for row in app.screen.query(key_bar.KeyRow) for span in row.drawn()]
    cut = [key.description for key, _start, end in drawn if end > width]
    return cut, [key.description for key, _start, _end in drawn]


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_no_key_is_cut_and_lock_is_always_shown(
    vault_path: Path, size: tuple[int, int]
) -> None:
    ids = make_vault(vault_path, demo=3)
    app = open_app(vault_path)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        for opened in ("today", "caseload", "file"):
            if opened == "caseload":
                app.action_caseload()
                await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
            elif opened == "file":
                app.open_survivor(ids["Quillon"])
                await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
            await pilot.pause(0.3)
            cut, shown = _cut_or_missing(app)
            assert cut == [], (opened, cut)
            assert {"Lock", "Help", "palette"} <= set(shown), (opened, shown)
            if size[0] >= 160:  # room for every key of the app row
                assert {"Export", "Import", "Retention", "Quit"} <= set(shown), shown
        if size[0] == 80:  # the file's first keys stay, Delete goes before them
            assert {"Back", "Assessment", "Log contact"} <= set(shown)
            assert "Delete" not in shown


async def test_a_click_on_a_key_presses_it(
    vault_path: Path,
) -> None:
    from navigator_tui.screens.help import HelpScreen
    from navigator_tui.widgets.key_bar import AppKeys

    make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        row = app.screen.query_one(AppKeys)
        await wait_for(pilot, lambda: bool(row.shown))
        start = next(start for key, start, _ in row.drawn() if key.key == "f1")
        await pilot.click(AppKeys, offset=(start + 1, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
