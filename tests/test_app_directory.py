"""The service directory screen: add a provider by typing, filter by language, delete."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, SelectionList

from caseload.changes.providers import add_provider
from caseload.queries import load_providers
from caseload.saving import read
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.confirm import ConfirmScreen
from navigator_tui.screens.directory import DirectoryScreen
from navigator_tui.screens.provider_form import ProviderFormScreen
from tests.app_support import (
    SIZE,
    TODAY,
    answer,
    loaded,
    make_vault,
    open_app,
    reopen,
    saved_session,
    screen_text,
    wait_for,
)
from tests.test_app_forms import field_error, form_status


def listed(app: NavigatorApp) -> list[str]:
    table = app.screen.query_one("#directory-table", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


def saved_names(path: Path) -> list[str]:
    vault = reopen(path)
    try:
        with vault.session() as s:
            return [p.name for p in load_providers(s)]
    finally:
        vault.close()


def make_directory_vault(path: Path) -> None:
    make_vault(path)
    with saved_session(path) as s:
        add_provider(s, {"name": "Alpha Housing (demo)", "service_kinds": "housing",
                         "languages": "English;Albanian", "area": "Northvale"}, TODAY)
        add_provider(s, {"name": "Beta Legal (demo)", "service_kinds": "legal",
                         "languages": "Vietnamese", "area": "Southmere"}, TODAY)


async def open_directory(pilot, app: NavigatorApp) -> None:  # noqa: ANN001
    await loaded(pilot)
    await pilot.press("ctrl+p", *"Service directory")
    await pilot.pause(0.3)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, DirectoryScreen))
    screen = app.screen
    assert isinstance(screen, DirectoryScreen)
    await wait_for(pilot, lambda: screen.entries is not None)
    await pilot.pause()


async def test_add_a_provider_by_typing(vault_path: Path) -> None:
    make_directory_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_directory(pilot, app)
        assert listed(app) == ["Alpha Housing (demo)", "Beta Legal (demo)"]
        assert "Housing" in screen_text(app) and "Vietnamese" in screen_text(app)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ProviderFormScreen))
        await pilot.pause()
        # A name already in the directory is refused beside the field.
        await pilot.press(*"alpha housing (demo)", "ctrl+s")
        await pilot.pause()
        assert "already has a provider" in field_error(app, "name")
        app.screen.query_one("#input-name", Input).value = ""
        await pilot.press(*"Gamma Counselling (demo)", "ctrl+s")
        await pilot.pause()
        assert field_error(app, "name") == ""
        # Nothing ticked: the core's validator says so beside the field.
        await pilot.pause()
        assert "Not saved" in form_status(app)
        assert field_error(app, "service_kinds") == "Choose one."
        app.screen.query_one("#input-service_kinds", SelectionList).focus()
        await pilot.press("down", "space")  # the second choice: Counselling or therapy
        await pilot.press("tab")
        languages = app.screen.query_one("#input-languages", Input)
        assert languages.has_focus
        await pilot.press(*"Tigrinya; Arabic", "tab", *"Eastdale", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DirectoryScreen))
        await wait_for(pilot, lambda: len(listed(app)) == 3)
        assert listed(app)[2] == "Gamma Counselling (demo)"
        table = app.screen.query_one("#directory-table", DataTable)
        await wait_for(pilot, lambda: table.cursor_row == 2)  # the new one is selected
    assert saved_names(vault_path)[2] == "Gamma Counselling (demo)"
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            gamma = load_providers(s)[2]
            assert gamma.service_kinds == "counselling"
            assert gamma.languages == "Tigrinya;Arabic" and gamma.area == "Eastdale"
    finally:
        vault.close()


async def test_filter_by_language_edit_and_delete_with_confirmation(vault_path: Path) -> None:
    make_directory_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_directory(pilot, app)
        await pilot.press("slash", *"albanian")
        assert listed(app) == ["Alpha Housing (demo)"]
        filter_input = app.screen.query_one("#directory-filter", Input)
        filter_input.value = ""
        await pilot.press(*"legal")  # a kind of service's label or code
        assert listed(app) == ["Beta Legal (demo)"]
        filter_input.value = ""
        await pilot.press(*"nobody speaks this")
        assert listed(app) == []
        filter_input.value = ""
        await pilot.press(*"vietnam", "enter")  # enter moves to the table
        assert app.screen.query_one("#directory-table", DataTable).has_focus
        # e changes the selected provider.
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ProviderFormScreen))
        await pilot.pause()
        area = app.screen.query_one("#input-area", Input)
        assert area.value == "Southmere"
        area.value = "Westfold"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, DirectoryScreen))
        screen = app.screen
        await wait_for(pilot, lambda: screen.entries is not None
                       and any(e.area == "Westfold" for e in screen.entries))
        # x asks first; "Keep" changes nothing.
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Delete Beta Legal (demo)" in screen_text(app)
        await answer(pilot, "n")
        await wait_for(pilot, lambda: isinstance(app.screen, DirectoryScreen))
        assert app.vault is not None
        assert len(read(app.vault, load_providers)) == 2
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await answer(pilot, "y")
        await wait_for(pilot, lambda: isinstance(app.screen, DirectoryScreen))
        await wait_for(pilot, lambda: listed(app) == [])  # the filter still says vietnam
        filter_input = app.screen.query_one("#directory-filter", Input)
        filter_input.value = ""
        await wait_for(pilot, lambda: listed(app) == ["Alpha Housing (demo)"])
        await pilot.press("escape")
        assert not isinstance(app.screen, DirectoryScreen)
    assert saved_names(vault_path) == ["Alpha Housing (demo)"]


async def test_the_directory_shows_its_keys_and_help_lists_them(vault_path: Path) -> None:
    from tests.test_app_keys import check_screen, visible_keys

    make_directory_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_directory(pilot, app)
        await check_screen(pilot, app, DirectoryScreen)
        shown = visible_keys(app).values()
        assert {"New provider", "Edit", "Delete", "Back"} <= set(shown)
        await pilot.press("enter")  # enter changes the selected provider
        await check_screen(pilot, app, ProviderFormScreen)
        assert app.screen.query_one("#input-name", Input).value == "Alpha Housing (demo)"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DirectoryScreen))
