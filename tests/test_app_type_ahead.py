"""Keys typed fast go where the user meant (navigator_tui/key_gate.py).

Every burst here is sent as a terminal sends fast typing: all keys queued at once,
nothing waited for between them (``type_fast``), not ``pilot.press``, which waits for
each key to be handled.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, TabbedContent

from navigator_tui.screens.caseload import CaseloadScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.screens.survivor_form import SurvivorFormScreen
from tests.app_support import SIZE, loaded, make_vault, open_app, type_fast, wait_for


async def test_words_typed_across_tabs_land_in_their_own_fields(vault_path: Path) -> None:
    make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFormScreen))
        await pilot.pause()
        form = app.screen
        type_fast(app, *"Ayla", "tab", *"Testperson", "tab", *"Ay")
        preferred = form.query_one("#input-preferred_name", Input)
        await wait_for(pilot, lambda: preferred.value == "Ay")
        assert form.query_one("#input-given_name", Input).value == "Ayla"
        assert form.query_one("#input-family_name", Input).value == "Testperson"
        assert form.focused is preferred


async def test_keys_typed_while_a_file_opens_reach_it(vault_path: Path) -> None:
    make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        await pilot.pause()
        app.screen.query_one("#caseload-table", DataTable).focus()
        await pilot.pause()
        # Enter opens the file; the two tab keys come before it is on screen.
        type_fast(app, "enter", "right_square_bracket", "right_square_bracket")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        tabs = app.screen.query_one("#file-tabs", TabbedContent)
        await wait_for(pilot, lambda: tabs.active == "agreement")
        await pilot.pause(0.2)
        assert tabs.active == "agreement"  # neither dropped nor one too many


async def test_a_burst_of_tabs_and_shift_tabs_moves_as_typed(vault_path: Path) -> None:
    make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFormScreen))
        await pilot.pause()
        form = app.screen
        type_fast(app, "tab", "tab", "tab", "shift+tab", *"Q")
        family = form.query_one("#input-family_name", Input)
        preferred = form.query_one("#input-preferred_name", Input)
        await wait_for(pilot, lambda: preferred.value == "Q")
        assert family.value == "" and form.focused is preferred


async def test_tab_after_the_last_field_goes_round_not_to_an_invisible_stop(
    vault_path: Path,
) -> None:
    from navigator_tui.screens.promise_form import PromiseFormScreen
    from tests.test_app_forms import open_file

    sid = make_vault(vault_path)["Quillon"]
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PromiseFormScreen))
        await pilot.pause()
        form = app.screen
        form.query_one("#input-due_on", Input).focus()
        await pilot.pause()
        type_fast(app, "tab", *"zz")
        what = form.query_one("#input-what", Input)
        await wait_for(pilot, lambda: what.value == "zz")  # typed where it can be seen
        assert form.focused is what


async def test_a_save_typed_right_after_a_word_saves_the_whole_word(
    vault_path: Path, tmp_path: Path
) -> None:
    """ctrl+s (a priority key the app handles itself) waits for the characters before it:
    a funder report typed fast was refused for a last month still being typed."""
    from navigator_tui.screens.export import ExportScreen

    make_vault(vault_path, demo=5)
    out = tmp_path / "out"
    out.mkdir()
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.pause()
        screen = app.screen
        screen.query_one("#input-folder", Input).value = str(out)
        type_fast(app, "enter", "down", "enter", "tab", "ctrl+u", *"2025-10", "tab",
                  *"2026-02", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is not screen, timeout=20)
    assert (out / "navigator-funder-2025-10-to-2026-02.csv").exists()
