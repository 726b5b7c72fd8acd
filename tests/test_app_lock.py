"""Locking: on demand and after idle time, the vault closes and decrypted data is dropped."""

from __future__ import annotations

from pathlib import Path

from textual.css.query import NoMatches
from textual.widgets import Input, Static

from caseload.vault import Vault
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.confirm import ConfirmScreen
from navigator_tui.screens.contact_form import ContactFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.screens.today import TodayScreen
from navigator_tui.screens.unlock import UnlockScreen
from navigator_tui.settings import Settings
from tests.app_support import PASSPHRASE, SIZE, answer, loaded, make_vault, open_app, wait_for


def unlock_status(app: NavigatorApp) -> str:
    try:
        return str(app.screen.query_one("#unlock-status", Static).render())
    except NoMatches:  # the screen is still being composed
        return ""


def assert_locked(app: NavigatorApp, vault: Vault) -> None:
    assert isinstance(app.screen, UnlockScreen)
    assert app.vault is None and app.cases is None
    # Nothing left on the stack that could show a survivor.
    assert [type(s).__name__ for s in app.screen_stack] == ["Screen", "UnlockScreen"]
    # The vault object itself is closed: its data key is gone.
    assert vault._data_key == b""


async def test_lock_key_returns_to_unlock_and_drops_data(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    vault = app._initial_vault
    assert vault is not None
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_survivor(ids["Quillon"])
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await wait_for(pilot, lambda: vault._data_key == b"")
        assert_locked(app, vault)
        # The OS-level lock is released: the file can be opened again (by this app).
        await pilot.press(*PASSPHRASE, "enter")
        await loaded(pilot)
        assert isinstance(app.screen, TodayScreen)


async def test_idle_timeout_locks(vault_path: Path, tmp_path: Path) -> None:
    make_vault(vault_path)
    app = open_app(vault_path, settings=Settings(idle_timeout=1.0))
    vault = app._initial_vault
    assert vault is not None
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        # Key presses count as activity and keep it open past the timeout.
        await pilot.press("f4")
        for _ in range(5):
            await pilot.pause(0.3)
            await pilot.press("f4")
        assert app.vault is not None
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), timeout=10)
        await wait_for(pilot, lambda: vault._data_key == b"")
        assert_locked(app, vault)
        await wait_for(pilot, lambda: "without activity" in unlock_status(app))


async def test_lock_with_unsaved_form_input_asks_first(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    vault = app._initial_vault
    assert vault is not None
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_survivor(ids["Zephyrine"])
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        app.screen.query_one("#input-summary", Input).focus()
        await pilot.press(*"draft")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await answer(pilot, "n")  # keep working
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        assert app.screen.query_one("#input-summary", Input).value == "draft"
        assert app.vault is not None
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await answer(pilot, "y")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await wait_for(pilot, lambda: vault._data_key == b"")
        assert_locked(app, vault)
