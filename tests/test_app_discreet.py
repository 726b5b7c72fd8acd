"""Discreet mode: names replaced by case references and initials on every screen."""

from __future__ import annotations

from pathlib import Path

from navigator_tui.screens.caseload import CaseloadScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.settings import Settings
from tests.app_support import KNOWN, SIZE, loaded, make_vault, open_app, screen_text, wait_for

NAMES = [
    part for given, family, preferred, *_ in KNOWN for part in (given, family, preferred) if part
]


async def test_discreet_mode_hides_every_name(vault_path: Path, tmp_path: Path) -> None:
    ids = make_vault(vault_path)
    settings_file = tmp_path / "settings.json"
    app = open_app(vault_path, settings_file=settings_file)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.action_caseload()
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        await pilot.pause()
        assert "Quill" in screen_text(app)

        await pilot.press("f2")
        await pilot.pause()
        text = screen_text(app)
        assert not [name for name in NAMES if name in text]
        assert "Q.T." in text  # initials beside the case reference
        # Typing a name finds nobody: the filter only searches references, officers, forces.
        await pilot.press(*"quil")
        await pilot.pause(0.3)
        assert not app.screen.shown  # type: ignore[attr-defined]

        app.open_survivor(ids["Quillon"])
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        for tab in ("overview", "recovery", "agreement", "contacts", "promises"):
            app.screen.show_tab(tab)  # type: ignore[attr-defined]
            await pilot.pause()
            text = screen_text(app)
            assert not [name for name in NAMES if name in text], tab

        # The survivor form masks the names while discreet (e on the Overview).
        app.screen.show_tab("overview")  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        text = screen_text(app)
        assert not [name for name in NAMES if name in text]
        await pilot.press("escape")

        # Remembered in the settings file (and only the setting, never a name).
        assert Settings.load(settings_file).discreet is True
        assert not [n for n in NAMES if n in settings_file.read_text()]
        await pilot.press("f2")
        await pilot.pause()
        assert "Quillon Testcase" in screen_text(app)
        assert Settings.load(settings_file).discreet is False


async def test_discreet_default_comes_from_settings(vault_path: Path, tmp_path: Path) -> None:
    make_vault(vault_path)
    settings_file = tmp_path / "settings.json"
    Settings(discreet=True).save(settings_file)
    app = open_app(vault_path, settings_file=settings_file)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.action_caseload()
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        await pilot.pause()
        text = screen_text(app)
        assert app.discreet
        assert not [name for name in NAMES if name in text]
