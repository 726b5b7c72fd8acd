"""Keys: every binding has an id and a description, shows in the key bar, and F1 lists it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from textual.binding import Binding
from textual.dom import DOMNode
from textual.widgets import Static

import navigator_tui.screens
import navigator_tui.widgets
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.agreement_form import AgreementFormScreen
from navigator_tui.screens.assessment_form import AssessmentFormScreen
from navigator_tui.screens.caseload import CaseloadScreen
from navigator_tui.screens.caseload_recovery import CaseloadRecoveryScreen
from navigator_tui.screens.help import MOVING_AROUND, HelpScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.screens.today import TodayScreen
from navigator_tui.screens.unlock import UnlockScreen
from navigator_tui.widgets.key_bar import AppKeys, ScreenKeys
from tests.app_support import SIZE, TODAY, loaded, make_vault, open_app, wait_for


def classes_with_bindings() -> Iterator[type[DOMNode]]:
    yield NavigatorApp
    for package in (navigator_tui.screens, navigator_tui.widgets):
        for info in pkgutil.iter_modules(package.__path__, package.__name__ + "."):
            module = importlib.import_module(info.name)
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and "BINDINGS" in cls.__dict__:
                    yield cls


def test_every_binding_has_an_id_and_a_description() -> None:
    checked = 0
    for cls in classes_with_bindings():
        for binding in cls.__dict__["BINDINGS"]:
            assert isinstance(binding, Binding), f"{cls.__name__}: use Binding(...)"
            assert binding.id, f"{cls.__name__} {binding.key}: no id"
            assert binding.description, f"{cls.__name__} {binding.key}: no description"
            checked += 1
    assert checked > 40


def test_binding_ids_are_unique() -> None:
    ids = [b.id for cls in classes_with_bindings() for b in cls.__dict__["BINDINGS"]]
    assert len(ids) == len(set(ids))


def visible_keys(app: NavigatorApp) -> dict[str, str]:
    """Description by action of every key drawn whole in the key bar (none cut off)."""
    shown: dict[str, str] = {}
    for row in (app.screen.query_one(ScreenKeys), app.screen.query_one(AppKeys)):
        drawn = row.drawn()
        right = next((start for key, start, _ in drawn if key.palette), row.region.width)
        for key, _start, end in drawn:
            if key.palette:
                continue
            assert end <= right, f"{key.description!r} is cut off"
            shown[key.action] = key.description
    return shown


def help_text(app: NavigatorApp) -> str:
    return str(app.screen.query_one("#help-text", Static).render())


async def check_screen(pilot: Any, app: NavigatorApp, screen_type: type) -> None:
    """The screen's shown keys and the app's are in the key bar, and F1 lists them."""
    await wait_for(pilot, lambda: isinstance(app.screen, screen_type))
    await pilot.pause()
    screen = app.screen
    shown = visible_keys(app)
    active = screen.active_bindings
    expected = {
        entry.binding.action: entry.binding.description
        for entry in active.values()
        if entry.binding.show and entry.binding.key != app.COMMAND_PALETTE_BINDING
    }
    assert shown == expected, f"{screen_type.__name__}: key bar differs"
    await pilot.press("f1")
    await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
    listed = help_text(app)
    for entry in active.values():
        if entry.binding.description and entry.binding.action not in MOVING_AROUND:
            assert entry.binding.description in listed, entry.binding.description
    assert "(TodayScreen)" not in listed and "Screen)" not in listed  # no class names
    await pilot.press("escape")
    await wait_for(pilot, lambda: app.screen is screen)


async def test_each_main_screen_shows_its_keys_and_help_lists_them(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await check_screen(pilot, app, UnlockScreen)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await check_screen(pilot, app, TodayScreen)
        await pilot.press("f4")
        await check_screen(pilot, app, CaseloadScreen)
        app.open_survivor(ids["Quillon"])
        await check_screen(pilot, app, SurvivorFileScreen)
        await pilot.press("right_square_bracket")  # Recovery: "e" amends
        await check_screen(pilot, app, SurvivorFileScreen)
        assert "Amend" in visible_keys(app).values()
        await pilot.press("a")
        await check_screen(pilot, app, AssessmentFormScreen)
        await pilot.press("enter")  # from the date to the first rating
        assert "Rate" in visible_keys(app).values()  # the focused rating's keys
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.press("g")
        await check_screen(pilot, app, AgreementFormScreen)
        assert "Add phone" in visible_keys(app).values()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.press("f5")
        await check_screen(pilot, app, CaseloadRecoveryScreen)
