"""Caseload filtering: applied on the keystroke; kept cells follow saves and discreet mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session
from textual.widgets import DataTable

import navigator_tui.screens.caseload as caseload_module
from caseload.models import Survivor
from navigator_tui.screens.caseload import CaseloadScreen
from tests.app_support import SIZE, loaded, make_vault, open_app, wait_for


def table_column(screen: CaseloadScreen, index: int) -> list[str]:
    table = screen.query_one("#caseload-table", DataTable)
    return [str(table.get_row_at(i)[index]) for i in range(table.row_count)]


async def test_each_keystroke_filters_at_once_and_kept_cells_follow_changes(
    vault_path: Path,
) -> None:
    ids = make_vault(vault_path, demo=12)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.action_caseload()
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        await wait_for(pilot, lambda: len(screen.shown) == 15)
        first_cells = dict(screen._cells)

        # No delay after a keystroke: the table is filtered when the key is handled.
        await pilot.press("z")
        names = table_column(screen, 1)
        assert "Zephyrine" in names and len(names) < 15
        await pilot.press("e", "p", "h")
        assert table_column(screen, 1) == ["Zephyrine"]
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        assert len(table_column(screen, 1)) == 15
        # Rows brought back reuse the cells made for them before.
        assert all(screen._cells[sid][1] is kept[1] for sid, kept in first_cells.items())

        # A saved change makes that survivor's cells again, and only theirs.
        def rename(session: Session) -> None:
            survivor = session.get(Survivor, ids["Quillon"])
            assert survivor is not None
            survivor.preferred_name = "Quinn"
            session.add(survivor)

        app.save_changes(rename, lambda _r: None, lambda _m: None, survivor_id=ids["Quillon"])
        await wait_for(pilot, lambda: "Quinn" in table_column(screen, 1))
        assert "Quill" not in table_column(screen, 1)
        changed = [sid for sid, kept in first_cells.items() if screen._cells[sid][1] is not kept[1]]
        assert changed == [ids["Quillon"]]

        # Discreet mode makes every row's cells again (initials instead of names).
        await pilot.press("f2")
        await wait_for(pilot, lambda: "Quinn" not in table_column(screen, 1))
        assert "Q.T." in table_column(screen, 1)


async def test_a_large_caseload_is_added_after_the_screens_first_frame(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_vault(vault_path, demo=3)
    app = open_app(vault_path)
    scheduled: list[str] = []
    call_after_refresh = CaseloadScreen.call_after_refresh

    def recording(self: CaseloadScreen, callback: Any, *args: Any, **kwargs: Any) -> bool:
        scheduled.append(getattr(callback, "__name__", ""))
        return call_after_refresh(self, callback, *args, **kwargs)

    monkeypatch.setattr(CaseloadScreen, "call_after_refresh", recording)

    async def open_caseload(threshold: int) -> list[str]:
        monkeypatch.setattr(caseload_module, "FILL_AFTER_FIRST_FRAME", threshold)
        app.action_today()
        await pilot.pause()
        kept = app._homes.pop(CaseloadScreen, None)  # as if shown for the first time
        if kept is not None:
            app.uninstall_screen(kept)
            kept.remove()
        scheduled.clear()
        app.action_caseload()
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        await wait_for(pilot, lambda: len(screen.shown) == 6)
        assert len(table_column(screen, 0)) == 6
        return list(scheduled)

    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "refresh_data" not in await open_caseload(100)
        assert "refresh_data" in await open_caseload(5)  # 6 survivors: "large"


async def test_f3_and_f4_show_the_same_screens_again_as_they_were(vault_path: Path) -> None:
    """Kept alive (issue 18): the filter typed is still there, nothing is redrawn when
    nothing changed, and a change made meanwhile is drawn when the screen is shown."""
    from navigator_tui.screens.today import TodayScreen

    make_vault(vault_path, demo=3)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        today = app.screen
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        caseload = app.screen
        assert isinstance(caseload, CaseloadScreen)
        await wait_for(pilot, lambda: len(caseload.shown) == 6)
        await pilot.press(*"quil")
        await wait_for(pilot, lambda: len(caseload.shown) == 1)
        drawn = caseload.drawn_version
        await pilot.press("f3")
        await wait_for(pilot, lambda: app.screen is today)
        await pilot.press("f4")
        await wait_for(pilot, lambda: app.screen is caseload)
        assert caseload.drawn_version == drawn  # nothing changed: not redrawn
        assert len(caseload.shown) == 1  # the filter is kept
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        app.refresh_screens()  # what a save or a reload does
        await pilot.press("f4")
        await wait_for(pilot, lambda: app.screen is caseload)
        assert caseload.drawn_version == app.data_version  # redrawn once shown
