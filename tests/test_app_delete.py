"""Deleting a survivor from their file: typed confirmation, every record gone, ref kept."""

from __future__ import annotations

import random
from pathlib import Path

from sqlmodel import col, func, select
from textual.widgets import Button, Checkbox, Input, Static

from caseload.case_refs import new_case_ref
from caseload.models import SURVIVOR_OWNED, AssessmentAmendment, CaseRefRegistry, Survivor
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.screens.typed_confirm import TypedConfirmScreen
from storage import backups
from storage.vault import read_header, unlock_bytes
from tests.app_support import (
    PASSPHRASE,
    SIZE,
    loaded,
    make_vault,
    open_app,
    reopen,
    screen_text,
    wait_for,
)
from tests.test_deletion import CANARY, add_case

#: The seed that issues the deleted survivor's reference (to show it is never issued again).
SEED = 20260302


def make_doomed_vault(path: Path) -> tuple[int, str]:
    """The KNOWN survivors plus one with a record of every kind, the canary in each."""
    make_vault(path)
    vault = reopen(path)
    try:
        with vault.session() as session:
            case_ref = new_case_ref(session, random.Random(SEED))
            survivor_id = add_case(session, case_ref, CANARY)
        vault.save()
    finally:
        vault.close()
    return survivor_id, case_ref


def owned_rows(session, survivor_id: int) -> int:  # noqa: ANN001
    total = 0
    for model in SURVIVOR_OWNED:
        column = model.survivor_id  # type: ignore[attr-defined]
        total += session.exec(
            select(func.count()).select_from(model).where(column == survivor_id)
        ).one()
    return total


async def open_delete_dialog(pilot, app: NavigatorApp, survivor_id: int) -> TypedConfirmScreen:  # noqa: ANN001
    await loaded(pilot)
    app.open_survivor(survivor_id)
    await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    await pilot.pause()
    assert "^d Delete" in screen_text(app)  # listed in the footer at an ordinary width
    await pilot.press("ctrl+d")
    await wait_for(pilot, lambda: isinstance(app.screen, TypedConfirmScreen))
    await pilot.pause()
    assert isinstance(app.screen, TypedConfirmScreen)
    return app.screen


def text(screen: TypedConfirmScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_cancel_keeps_everything(vault_path: Path) -> None:
    survivor_id, case_ref = make_doomed_vault(vault_path)
    generation = read_header(vault_path).generation
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_delete_dialog(pilot, app, survivor_id)
        # The dialog names the case reference, never the person, and says what goes.
        assert case_ref in text(dialog, "#typed-title")
        body = text(dialog, "#typed-body")
        for words in (
            "1 assessment",
            "amendment history",
            "1 contact agreement version",
            "1 contact log entry",
            "1 promise",
            "1 consent",
            "1 milestone",
            "backups",
        ):
            assert words in body
        assert CANARY not in body + text(dialog, "#typed-title")
        go = dialog.query_one("#typed-go", Button)
        # A wrong reference: the button stays disabled and Enter does nothing but explain.
        await pilot.press(*"NAV-WRONG", "enter")
        await pilot.pause()
        assert go.disabled and app.screen is dialog
        assert "not the case reference" in text(dialog, "#typed-hint")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        assert app.cases is not None and app.cases.get(survivor_id) is not None
        # The palette offers the same action; cancelling with the button keeps everything too.
        await pilot.press("ctrl+p")
        await pilot.press(*"Delete survivor")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TypedConfirmScreen))
        await pilot.click("#typed-cancel")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    assert read_header(vault_path).generation == generation
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            assert session.get(Survivor, survivor_id) is not None
            assert owned_rows(session, survivor_id) == 11  # a row of each kind
    finally:
        vault.close()


async def test_confirm_removes_every_record_and_the_ref_is_never_reissued(
    vault_path: Path,
) -> None:
    survivor_id, case_ref = make_doomed_vault(vault_path)
    generation = read_header(vault_path).generation
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_delete_dialog(pilot, app, survivor_id)
        go = dialog.query_one("#typed-go", Button)
        await pilot.press(*case_ref.lower())  # letter case does not matter
        assert not go.disabled
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.cases is not None and app.cases.get(survivor_id) is None)
        await wait_for(pilot, lambda: not isinstance(app.screen, SurvivorFileScreen))
        assert len(app.cases) == 3
    assert read_header(vault_path).generation == generation + 1
    # Not purged: the older backups still hold the case (encrypted) until they rotate out.
    assert backups.list_backups(vault_path)
    image = unlock_bytes(vault_path.read_bytes(), PASSPHRASE)[2]
    assert CANARY.encode() not in image
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            assert session.get(Survivor, survivor_id) is None
            assert owned_rows(session, survivor_id) == 0
            assert session.exec(select(func.count()).select_from(AssessmentAmendment)).one() == 0
            assert session.exec(select(func.count()).select_from(Survivor)).one() == 3
            assert session.get(CaseRefRegistry, case_ref) is not None
            # The same random sequence that issued the reference now issues another one.
            again = new_case_ref(session, random.Random(SEED))
            assert again != case_ref
            assert not session.exec(
                select(Survivor).where(col(Survivor.case_ref) == case_ref)
            ).all()
    finally:
        vault.close()


async def test_confirm_with_purge_removes_older_backups(vault_path: Path) -> None:
    survivor_id, case_ref = make_doomed_vault(vault_path)
    assert backups.list_backups(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_delete_dialog(pilot, app, survivor_id)
        await pilot.press("shift+tab", "space", "tab")  # tick "also remove every backup"
        assert dialog.query_one("#typed-purge", Checkbox).value
        assert dialog.query_one("#typed-ref", Input).has_focus
        await pilot.press(*case_ref, "enter")
        await wait_for(pilot, lambda: app.cases is not None and app.cases.get(survivor_id) is None)
        await wait_for(pilot, lambda: not backups.list_backups(vault_path))
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            assert session.get(Survivor, survivor_id) is None
    finally:
        vault.close()
