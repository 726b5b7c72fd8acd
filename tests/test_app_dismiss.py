"""A screen closes once, and only from the front (found by tests/test_app_monkey.py,
seed 31: an escape routed to the export screen just before F5 pushed another screen
over it closed the wrong screen, and the next escape set the export screen's result a
second time, which stopped the app)."""

from __future__ import annotations

from pathlib import Path

from navigator_tui.screens.caseload_recovery import CaseloadRecoveryScreen
from navigator_tui.screens.export import ExportScreen
from tests.app_support import SIZE, loaded, make_vault, open_app, wait_for


async def test_a_dismiss_from_behind_another_screen_waits_until_it_is_in_front(
    vault_path: Path,
) -> None:
    make_vault(vault_path)
    app = open_app(vault_path)
    results: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        export = ExportScreen()
        app.push_screen(export, results.append)
        await wait_for(pilot, lambda: app.screen is export)
        recovery = CaseloadRecoveryScreen()
        app.push_screen(recovery)
        await wait_for(pilot, lambda: app.screen is recovery)

        export.dismiss("from behind")
        export.dismiss("again")  # a second key for the same screen
        await pilot.pause()
        assert app.screen is recovery  # the screen in front was not closed in its place
        assert results == []

        await pilot.press("escape")  # the navigator leaves the recovery screen...
        await wait_for(pilot, lambda: export not in app.screen_stack)
        assert results == ["from behind"]  # ...and the export screen closes, once
        assert app.return_code is None
