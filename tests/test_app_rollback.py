"""Unlocking a vault that went back in time (an older copy put back) shows a warning."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from textual.widgets import Static

from caseload.case_refs import new_case_ref
from caseload.models import Survivor
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.notice import NoticeScreen
from navigator_tui.screens.today import TodayScreen
from navigator_tui.screens.unlock import UnlockScreen
from tests.app_support import PASSPHRASE, SIZE, TODAY, loaded, make_vault, reopen, wait_for


def save_another_survivor(path: Path) -> None:
    vault = reopen(path)
    try:
        with vault.session() as session:
            session.add(
                Survivor(
                    case_ref=new_case_ref(session),
                    given_name="Later",
                    intake_date=TODAY - dt.timedelta(days=3),
                )
            )
            session.commit()
        vault.save()
    finally:
        vault.close()  # this computer now remembers the newer generation


async def test_older_copy_put_back_is_warned_about_after_unlock(
    vault_path: Path, tmp_path: Path
) -> None:
    make_vault(vault_path)  # first save
    old_copy = tmp_path / "old-copy.vault"
    shutil.copyfile(vault_path, old_copy)
    save_another_survivor(vault_path)  # second save
    shutil.copyfile(old_copy, vault_path)  # someone puts the older copy back

    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press(*PASSPHRASE, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NoticeScreen))
        message = str(app.screen.query_one("#notice-message", Static).render())
        assert "older than the copy last used on this computer" in message
        assert "restore a backup" in message
        await loaded(pilot)
        assert isinstance(app.screen, NoticeScreen)  # stays until acknowledged
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert app.cases is not None and len(app.cases) == 3  # the old copy's caseload


async def test_no_warning_for_the_latest_copy(vault_path: Path) -> None:
    make_vault(vault_path)
    save_another_survivor(vault_path)
    app = NavigatorApp(vault_path, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*PASSPHRASE, "enter")
        await loaded(pilot)
        assert isinstance(app.screen, TodayScreen)
        assert app.vault is not None and app.vault.rollback_warning is None
