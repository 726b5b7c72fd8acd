"""Work of a load kept off the UI thread: the caseload table's opening cells, the warm-up."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

import navigator_tui.app as app_module
import navigator_tui.screens.caseload as caseload_module
from navigator_tui.screens.caseload import CaseloadScreen
from tests.app_support import loaded, make_vault, open_app, wait_for


async def test_opening_cells_are_made_by_the_loading_worker(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_vault(vault_path, demo=12)
    threads: list[str] = []
    table_row = caseload_module.table_row

    def recording(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return table_row(*args, **kwargs)

    monkeypatch.setattr(caseload_module, "table_row", recording)
    app = open_app(vault_path)
    async with app.run_test() as pilot:
        await loaded(pilot)
        opening = app.opening_cells
        assert opening is not None and len(opening.cells) == 15
        assert threads and "MainThread" not in threads
        threads.clear()
        app.action_caseload()
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        await wait_for(pilot, lambda: len(screen.shown) == 15)
        # The first fill makes no cell: it adds the worker's.
        assert threads == []
        assert all(screen._cells[sid][1] is kept[1] for sid, kept in opening.cells.items())

        # Cells made for the other mode are not used: discreet mode makes its own.
        await pilot.press("f2")
        await wait_for(pilot, lambda: len(threads) == 15)
        assert set(threads) == {"MainThread"}

        app.lock_now()
        assert app.opening_cells is None


async def test_the_warm_up_waits_for_a_moment_without_input(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "WARM_UP_DELAY", 0.05)
    monkeypatch.setattr(app_module, "WARM_UP_WHEN_IDLE_FOR", 0.3)
    make_vault(vault_path)
    app = open_app(vault_path)
    started: list[float] = []
    monkeypatch.setattr(app, "_warm_up", lambda: started.append(time.monotonic()))
    async with app.run_test() as pilot:
        await loaded(pilot)
        # Keys keep coming: no warm-up while they do.
        for _ in range(6):
            await pilot.press("f3")
            await pilot.pause(0.1)
        assert started == []
        await wait_for(pilot, lambda: started)
        assert started[0] - app._last_activity >= 0.29
