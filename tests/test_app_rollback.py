"""Unlocking an older copy (or another vault) asks what to do before anything is saved:
restore the newest backup, keep this copy, or lock. Read-only and synchronised folders
get a notice."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlmodel import select
from textual.widgets import Input, Static

from caseload.case_refs import new_case_ref
from caseload.models import Survivor
from caseload.vault import Vault
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.notice import NoticeScreen
from navigator_tui.screens.older_copy import OlderCopyScreen
from navigator_tui.screens.today import TodayScreen
from navigator_tui.screens.unlock import UnlockScreen
from storage import vault_format as fmt
from tests.app_support import (
    PASSPHRASE,
    SIZE,
    TODAY,
    answer,
    loaded,
    make_vault,
    reopen,
    screen_text,
    wait_for,
)


def save_another_survivor(path: Path, name: str = "Later") -> None:
    vault = reopen(path)
    try:
        with vault.session() as session:
            session.add(
                Survivor(
                    case_ref=new_case_ref(session),
                    given_name=name,
                    intake_date=TODAY - dt.timedelta(days=3),
                )
            )
            session.commit()
        vault.save()
    finally:
        vault.close()  # this computer now remembers the newer generation


def put_back_older_copy(vault_path: Path, tmp_path: Path) -> None:
    make_vault(vault_path)  # first save: three survivors
    old_copy = tmp_path / "old-copy.vault"
    shutil.copyfile(vault_path, old_copy)
    save_another_survivor(vault_path)  # the newer file's backup is the old copy's save
    save_another_survivor(vault_path, "Latest")
    shutil.copyfile(old_copy, vault_path)  # someone puts the older copy back


def names(path: Path) -> list[str]:
    with reopen(path) as vault, vault.session() as s:
        return sorted(x.given_name for x in s.exec(select(Survivor)))


async def unlock_to_dialog(app: NavigatorApp, pilot: object) -> OlderCopyScreen:
    assert isinstance(app.screen, UnlockScreen)
    await pilot.press(*PASSPHRASE, "enter")  # type: ignore[attr-defined]
    await wait_for(pilot, lambda: isinstance(app.screen, OlderCopyScreen))  # type: ignore[arg-type]
    assert isinstance(app.screen, OlderCopyScreen)
    return app.screen


async def test_older_copy_keep_it(vault_path: Path, tmp_path: Path) -> None:
    put_back_older_copy(vault_path, tmp_path)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await unlock_to_dialog(app, pilot)
        text = screen_text(app)
        assert "This vault is an older copy" in text and "Nothing is saved until you" in text
        assert "Restore newest backup (r)" in text and "Keep this copy (k)" in text
        await loaded(pilot)
        assert app.screen is dialog  # stays until answered; no save is possible meanwhile
        assert app.vault is not None and not app.vault.can_save()
        await answer(pilot, "k")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert app.vault.can_save()
        assert app.cases is not None and len(app.cases) == 3  # the old copy's caseload
        app.vault.save()
    kept = names(vault_path)
    assert len(kept) == 3 and "Later" not in kept  # the copy kept, saved without refusal
    with reopen(vault_path) as again:
        assert again.copy_warning is None  # kept: no warning from now on


async def test_older_copy_restore_the_newest_backup(vault_path: Path, tmp_path: Path) -> None:
    put_back_older_copy(vault_path, tmp_path)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await unlock_to_dialog(app, pilot)
        await answer(pilot, "r")
        field = app.screen.query_one("#older-passphrase", Input)
        assert field.has_focus
        await pilot.press(*"not the passphrase", "enter")
        await wait_for(
            pilot, lambda: "Wrong passphrase" in str(
                app.screen.query_one("#older-status", Static).render()
            ),
        )
        assert isinstance(app.screen, OlderCopyScreen)  # nothing changed
        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(
            pilot, lambda: isinstance(app.screen, TodayScreen) and app.cases is not None
        )
        assert app.vault is not None and app.vault.copy_warning is None
        assert app.cases is not None and len(app.cases) == 4  # the newest backup: "Later"
    assert "Later" in names(vault_path) and "Latest" not in names(vault_path)


async def test_older_copy_lock_changes_nothing(vault_path: Path, tmp_path: Path) -> None:
    put_back_older_copy(vault_path, tmp_path)
    before = vault_path.read_bytes()
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await unlock_to_dialog(app, pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
        assert app.vault is None
    assert vault_path.read_bytes() == before
    with reopen(vault_path) as again:
        assert again.copy_warning is not None  # still asked next time


async def test_keys_typed_on_from_the_unlock_answer_nothing(
    vault_path: Path, tmp_path: Path
) -> None:
    put_back_older_copy(vault_path, tmp_path)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await unlock_to_dialog(app, pilot)
        await pilot.press("k")  # at once, as if typed on after the passphrase
        assert isinstance(app.screen, OlderCopyScreen)
        assert app.vault is not None and app.vault.copy_warning is not None


async def test_a_different_vault_copied_into_place(vault_path: Path, tmp_path: Path) -> None:
    make_vault(vault_path)
    reopen(vault_path).close()  # this computer knows the vault at this path
    other = tmp_path / "other" / "other.vault"
    made, _ = Vault.create(other, PASSPHRASE, fmt.TEST_KDF)
    made.close()
    shutil.copyfile(other, vault_path)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await unlock_to_dialog(app, pilot)
        text = screen_text(app)
        assert "This is a different vault" in text
        assert "Restore newest backup" not in text  # its backups are not this vault's
        assert "No newer backup is beside it" in text


async def test_no_dialog_for_the_latest_copy(vault_path: Path) -> None:
    make_vault(vault_path)
    save_another_survivor(vault_path)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*PASSPHRASE, "enter")
        await loaded(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert app.vault is not None and app.vault.copy_warning is None


async def test_a_synchronised_folder_gets_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "OneDrive - Example Org" / "caseload.vault"
    make_vault(path)
    app = NavigatorApp(path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NoticeScreen))
        assert "OneDrive synchronises" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))


async def test_a_read_only_folder_opens_read_only_with_a_notice(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caseload.errors import FolderReadOnly
    from storage import vault as vault_module

    make_vault(vault_path)
    before = vault_path.read_bytes()

    def read_only_folder(_path: Path) -> object:
        raise FolderReadOnly("read-only")  # what a lock file on read-only media meets

    monkeypatch.setattr(vault_module, "acquire_lock", read_only_folder)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NoticeScreen))
        notice = app.screen
        assert isinstance(notice, NoticeScreen)
        assert notice.title_text == "Opened read-only"
        assert "nothing you change can be saved" in notice.message
        assert "Opened read-only" in screen_text(app)
        await pilot.press("enter")
        await loaded(pilot)
        assert app.cases is not None and len(app.cases) == 3  # reading works
        assert app.vault is not None and app.vault.read_only
    assert vault_path.read_bytes() == before
