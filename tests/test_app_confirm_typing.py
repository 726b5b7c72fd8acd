"""A confirmation is answered only on purpose, never by letters of a word being typed
when it appears, nor by the enter that ends it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from navigator_tui.screens.confirm import SETTLE_S, ConfirmScreen
from navigator_tui.screens.contact_form import ContactFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from tests.app_support import SIZE, answer, loaded, make_vault, open_app, screen_text, wait_for


async def _typed_form(pilot, app, survivor_id: int) -> TextArea:  # noqa: ANN001
    await loaded(pilot)
    app.open_survivor(survivor_id)
    await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
    summary = app.screen.query_one("#input-summary", TextArea)
    summary.focus()
    await pilot.press(*"Met at the library")
    return summary


async def test_letters_typed_as_the_question_appears_answer_nothing(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        summary = await _typed_form(pilot, app, ids["Quillon"])
        form = app.screen
        # Escape asks whether to discard; the word goes on being typed at typing speed,
        # a "y" in it, then the enter that ends it.
        await pilot.press("escape", *"yes I did", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Still typing?" in screen_text(app)
        assert summary.text == "Met at the library"

        await answer(pilot, "n")  # read, then answered: keep editing
        await wait_for(pilot, lambda: app.screen is form)
        assert summary.text == "Met at the library"


async def test_a_deliberate_key_answers_at_once(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await _typed_form(pilot, app, ids["Quillon"])
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause(SETTLE_S + 0.05)
        await pilot.press("y")  # discard
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))


async def test_escape_always_says_no(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        summary = await _typed_form(pilot, app, ids["Quillon"])
        form = app.screen
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: app.screen is form)
        assert summary.text == "Met at the library"
