"""While locked, the keys shown are the ones that work there; help puts the screen's
own keys before the focused field's editing keys."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from navigator_tui.app import NavigatorApp
from navigator_tui.screens.help import HelpScreen
from navigator_tui.screens.unlock import UnlockScreen
from navigator_tui.widgets.key_bar import AppKeys, ScreenKeys
from tests.app_support import SIZE, TODAY, make_vault, wait_for


def key_bar(app: NavigatorApp) -> dict[str, str]:
    """Description by key of every key in the key bar."""
    keys: dict[str, str] = {}
    for row in (app.screen.query_one(ScreenKeys), app.screen.query_one(AppKeys)):
        for key in row.keys():
            keys[key.key] = key.description
    return keys


async def test_locked_shows_only_what_works_and_names_the_other_secret(
    vault_path: Path,
) -> None:
    make_vault(vault_path)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.pause()
        keys = key_bar(app)
        assert keys["ctrl+r"] == "Recovery key"
        assert {"f1", "f2", "ctrl+q"} <= set(keys)
        assert not {"f3", "f4", "f5", "f6", "f7", "f8", "ctrl+l"} & set(keys)
        await pilot.press("f4")  # does nothing while locked
        assert isinstance(app.screen, UnlockScreen)

        hint = app.screen.query_one("#unlock-hint", Static)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen.query_one("#recovery-key").has_focus
        assert "use the passphrase instead" in str(hint.render())
        assert key_bar(app)["ctrl+r"] == "Passphrase"
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert app.screen.query_one("#passphrase").has_focus
        assert "use the recovery key instead" in str(hint.render())
        assert key_bar(app)["ctrl+r"] == "Recovery key"

        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = str(app.screen.query_one("#help-text", Static).render())
        assert text.index("Recovery key") < text.index("Keys of the focused field")
        assert text.index("Help") < text.index("Move cursor left")
