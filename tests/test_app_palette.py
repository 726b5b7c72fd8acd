"""The palette finds a survivor by any name or their officer, and offers what the
screen it is opened on can do: the case actions on a file, the screen's keys elsewhere."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette

from navigator_tui.app import NavigatorApp
from navigator_tui.screens.caseload import CaseloadScreen
from navigator_tui.screens.contact_form import ContactFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from tests.app_support import SIZE, loaded, make_vault, open_app, wait_for
from tests.test_app_forms import open_file


async def _search(pilot, app: NavigatorApp, words: str) -> str:  # noqa: ANN001
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*words)
    await pilot.pause(0.4)  # the palette searches in the background
    found = app.screen.query_one(CommandList)
    return "\n".join(str(found.get_option_at_index(i).prompt) for i in range(found.option_count))


async def _close(pilot, app: NavigatorApp) -> None:  # noqa: ANN001
    await pilot.press("escape")
    await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))


async def test_a_survivor_is_found_by_family_name_or_officer(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        text = await _search(pilot, app, "testcase")
        assert "Quillon Testcase (Quill)" in text  # every name, so two Quills differ
        await _close(pilot, app)
        text = await _search(pilot, app, "ds sample")
        assert "Zephyrine Placeholder" in text and "Officer: DS Sample" in text
        assert "Quillon" not in text
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        assert app.screen.survivor_id == ids["Zephyrine"]

        app.action_toggle_discreet()  # names are not searched in discreet mode
        await pilot.pause()
        text = await _search(pilot, app, "testcase")
        assert "Testcase" not in text and "Open NAV" not in text
        await _close(pilot, app)


async def test_case_actions_on_a_file_and_screen_keys_elsewhere(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        text = await _search(pilot, app, "log contact")
        assert "Log contact" not in text  # no file open: no case to log it for
        await _close(pilot, app)

        app.action_caseload()
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        await pilot.pause()
        app.screen.query_one("#caseload-table").focus()
        await pilot.pause()
        text = await _search(pilot, app, "sort by")
        assert "Sort by (s)" in text  # the screen's own keys, by name
        await _close(pilot, app)

        await open_file(pilot, app, ids["Quillon"])
        text = await _search(pilot, app, "kept or broken")
        assert "Mark a promise kept or broken" in text
        await _close(pilot, app)
        await _search(pilot, app, "log contact")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        assert app.screen.survivor_id == ids["Quillon"]
