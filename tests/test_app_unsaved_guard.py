"""F3 / F4 (home screens) from a form with typed input ask before closing it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from navigator_tui.screens.caseload import CaseloadScreen
from navigator_tui.screens.confirm import ConfirmScreen
from navigator_tui.screens.contact_form import ContactFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from tests.app_support import SIZE, answer, loaded, make_vault, open_app, wait_for


async def test_going_home_from_a_typed_form_asks_first(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_survivor(ids["Quillon"])
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        form = app.screen
        summary = form.query_one("#input-summary", TextArea)
        summary.focus()
        await pilot.press(*"Met at the library")
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("f3")  # asking once is enough
        await pilot.pause()
        assert sum(isinstance(s, ConfirmScreen) for s in app.screen_stack) == 1
        await answer(pilot, "n")  # keep editing: nothing lost
        await wait_for(pilot, lambda: app.screen is form)
        assert summary.text == "Met at the library"
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await answer(pilot, "y")  # leave: the form goes, the caseload shows
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        assert not app.has_unsaved_input()
        assert not any(isinstance(s, ContactFormScreen) for s in app.screen_stack)
