"""Locking: on demand and after idle time, the vault closes and decrypted data is dropped."""

from __future__ import annotations

from pathlib import Path

from textual.css.query import NoMatches
from textual.widgets import Checkbox, Input, Select, Static, TextArea

from caseload.vault import Vault
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.agreement_form import AgreementFormScreen
from navigator_tui.screens.assessment_form import AssessmentFormScreen
from navigator_tui.screens.confirm import ConfirmScreen
from navigator_tui.screens.contact_form import ContactFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.screens.unlock import UnlockScreen
from navigator_tui.settings import Settings
from navigator_tui.widgets.phone_editor import PhoneEditor
from navigator_tui.widgets.rating_picker import RatingPicker
from tests.app_support import (
    PASSPHRASE,
    SIZE,
    answer,
    loaded,
    make_vault,
    open_app,
    screen_text,
    type_fast,
    wait_for,
)


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
        # Back where the navigator was: the same file, over the home screen.
        assert isinstance(app.screen, SurvivorFileScreen)
        assert app.screen.survivor_id == ids["Quillon"]
        assert [type(s).__name__ for s in app.screen_stack][1] == "TodayScreen"


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


async def test_lock_keeps_a_typed_form_and_the_place(vault_path: Path) -> None:
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
        app.screen.query_one("#input-channel", Select).value = "in_person"
        app.screen.query_one("#input-summary", TextArea).focus()
        await pilot.press(*"draft", "shift+tab", "shift+tab")
        app.screen.query_one("#input-update_given", Checkbox).value = True
        await pilot.press("ctrl+l")  # no question: nothing is lost
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await wait_for(pilot, lambda: vault._data_key == b"")
        assert_locked(app, vault)
        await wait_for(pilot, lambda: "form you were filling in is kept" in unlock_status(app))

        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        await loaded(pilot)
        form = app.screen
        await wait_for(pilot, lambda: form.query_one("#input-summary", TextArea).text == "draft")
        assert form.query_one("#input-update_given", Checkbox).value is True
        assert "Kept while the vault was locked" in screen_text(app)
        assert form.is_dirty
        kinds = [type(s).__name__ for s in app.screen_stack]
        assert kinds == ["Screen", "TodayScreen", "SurvivorFileScreen", "ContactFormScreen"]
        # Saved from there, it lands in the survivor's file as if never interrupted.
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        case = app.cases.get(ids["Zephyrine"]) if app.cases else None
        assert case is not None and [c.summary for c in case.contacts] == ["draft"]


async def test_idle_lock_keeps_an_assessment_half_taken(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path, settings=Settings(idle_timeout=1.0))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_survivor(ids["Marigold"])
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AssessmentFormScreen))
        await pilot.pause()
        await pilot.press("enter", "4", "3", "5")  # three ratings in
        form = app.screen
        note = form.query_one("#input-note", Input)
        note.value = "Talked about the new flat"
        before = {p.id: p.value for p in form.query(RatingPicker)}
        assert sum(v is not None for v in before.values()) == 3
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen), timeout=10)
        await wait_for(pilot, lambda: "form you were filling in is kept" in unlock_status(app))

        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AssessmentFormScreen))
        form = app.screen
        await wait_for(
            pilot, lambda: form.query_one("#input-note", Input).value == "Talked about the new flat"
        )
        assert {p.id: p.value for p in form.query(RatingPicker)} == before
        assert "Kept while the vault was locked" in screen_text(app)


async def test_lock_after_a_failed_save_asks_first(vault_path: Path) -> None:
    make_vault(vault_path)
    app = open_app(vault_path)
    vault = app._initial_vault
    assert vault is not None
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.unsaved = True  # what a save that failed leaves behind
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "last save failed" in screen_text(app)
        await answer(pilot, "n")  # keep working
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert app.vault is not None
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await answer(pilot, "y")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await wait_for(pilot, lambda: vault._data_key == b"")
        assert_locked(app, vault)


async def test_keys_typed_just_before_the_lock_key_are_kept(vault_path: Path) -> None:
    """As a terminal delivers fast typing: every key queued before ctrl+l is handled."""
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_survivor(ids["Zephyrine"])
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        app.screen.query_one("#input-summary", TextArea).focus()
        await pilot.pause()
        type_fast(app, *"draft", "ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        form = app.screen
        await wait_for(pilot, lambda: form.query_one("#input-summary", TextArea).text == "draft")


async def test_lock_keeps_the_phones_typed_into_an_agreement(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_survivor(ids["Quillon"])
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementFormScreen))
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press(*"Own mobile", "tab", *"07700 900123")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementFormScreen))
        form = app.screen
        editor = form.query_one(PhoneEditor)
        await wait_for(pilot, lambda: len(editor.rows()) == 1)
        await pilot.pause()
        row = editor.rows()[0]
        assert (row.label_input().value, row.number_input().value) == (
            "Own mobile",
            "07700 900123",
        )
        assert form.is_dirty
