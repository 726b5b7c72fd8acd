"""Key bar rows are rebuilt only when the keys they show change, and then promptly."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input
from textual.widgets._footer import FooterKey

from navigator_tui.screens.caseload import CaseloadScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.widgets import key_bar
from navigator_tui.widgets.key_bar import ScreenKeys
from tests.app_support import SIZE, loaded, make_vault, open_app, wait_for


def sort_key_shown(screen: CaseloadScreen) -> bool:
    keys = screen.query_one(ScreenKeys).query(FooterKey)
    return any(k.action == "next_sort" and not k.disabled for k in keys)


async def test_key_rows_follow_the_bindings_without_rebuilding_for_nothing(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_vault(vault_path, demo=3)
    rebuilds: list[str | None] = []
    recompose = key_bar.KeyRow.recompose

    async def counted(self: key_bar.KeyRow) -> None:
        rebuilds.append(self.id)
        await recompose(self)

    monkeypatch.setattr(key_bar.KeyRow, "recompose", counted)
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

        # Opening a file: the key rows are built a few times at most (Textual's
        # footer rebuilt them on every change of the bindings: sixteen times).
        rebuilds.clear()
        app.open_survivor(ids["Quillon"])
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause(0.3)
        assert 2 <= len(rebuilds) <= 6
        keys = app.screen.query_one(ScreenKeys).query(FooterKey)
        assert {"form('assessment')", "form('contact')"} <= {k.action for k in keys}


def _cut_or_missing(app) -> tuple[list[str], list[str]]:  # noqa: ANN001
    """The keys drawn past the right edge, and the descriptions of the keys shown."""
    width = app.size.width
    keys = list(app.screen.query(FooterKey))
    cut = [k.description for k in keys if k.region.right > width]
    return cut, [k.description for k in keys]


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
