"""No side doors out of the vault: no screenshot, no copying a masked secret, and the
lock screen cannot change how the next session shows names (issue 12, first part)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from navigator_tui.app import NavigatorApp
from navigator_tui.screens.unlock import UnlockScreen
from tests.app_support import PASSPHRASE, SIZE, TODAY, loaded, make_vault, open_app, wait_for

SECRET = "correct horse battery"


async def test_the_palette_offers_no_screenshot_and_none_is_written(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(home / "Downloads"))
    make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles and "Keys" not in titles
        assert {"Theme", "Quit", "Lock"} <= set(titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Screenshot", "enter")
        await pilot.pause(0.3)
        assert app.save_screenshot() is None  # and the method itself refuses
        await pilot.pause(0.3)
    assert not list(home.rglob("*.svg")) and not list(Path.cwd().glob("*.svg"))


async def test_a_masked_passphrase_cannot_be_copied_or_cut(vault_path: Path) -> None:
    make_vault(vault_path)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        field = app.screen.query_one("#passphrase", Input)
        await pilot.press(*SECRET, "shift+home", "ctrl+c", "ctrl+x")
        await pilot.pause()
        assert app.clipboard == ""
        assert field.value == SECRET  # nothing was cut out either
        field.password = False  # unmasked, the same input copies as usual
        await pilot.press("end", "shift+home", "ctrl+c")
        await pilot.pause()
        assert app.clipboard == SECRET


async def test_discreet_mode_cannot_be_changed_at_the_lock_screen(vault_path: Path) -> None:
    make_vault(vault_path)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        before = app.discreet
        await pilot.press("f2")
        await pilot.pause()
        assert app.discreet == before
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Toggle discreet mode" not in titles
        await pilot.press(*PASSPHRASE, "enter")
        await loaded(pilot)
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.discreet != before)  # unlocked, F2 works
