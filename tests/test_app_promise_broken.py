"""Marking a promise broken asks whether the survivor has been told and offers a
follow-up promise; a broken promise stays in sight (the file, and Today until told)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import select
from textual.widgets import DataTable, Input, Select

from caseload.changes.promises import make_promise
from caseload.models import Promise
from navigator_tui.screens.confirm import ConfirmScreen
from navigator_tui.screens.promise_form import PromiseFormScreen
from navigator_tui.screens.promise_status import PromiseStatusScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.screens.today import TodayScreen
from tests.app_support import (
    SIZE,
    TODAY,
    answer,
    make_vault,
    open_app,
    reopen,
    saved_session,
    screen_text,
    wait_for,
)
from tests.test_app_forms import field_error, open_file

WHAT = "Fictional: ring the housing office by Friday"


def _with_promise(path: Path) -> int:
    sid = make_vault(path)["Quillon"]
    with saved_session(path) as s:
        made = TODAY - dt.timedelta(days=10)
        make_promise(s, sid, {"what": WHAT, "made_on": made, "due_on": made}, TODAY)
    return sid


async def _mark_broken(pilot, app, sid: int) -> PromiseStatusScreen:  # noqa: ANN001
    await open_file(pilot, app, sid, "promises")
    await pilot.press("k")
    await wait_for(pilot, lambda: isinstance(app.screen, PromiseStatusScreen))
    await pilot.pause()
    form = app.screen
    assert isinstance(form, PromiseStatusScreen)
    form.query_one("#input-status", Select).value = "broken"
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert app.screen is form  # not saved: whether they were told is asked first
    assert field_error(app, "survivor_told") == "Say whether they have been told it was broken."
    return form


async def test_a_broken_promise_asks_if_told_and_offers_a_follow_up(vault_path: Path) -> None:
    sid = _with_promise(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await _mark_broken(pilot, app, sid)
        form.query_one("#input-survivor_told", Select).value = "not_yet"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Make a follow-up promise now?" in screen_text(app)
        await answer(pilot, "y")
        await wait_for(pilot, lambda: isinstance(app.screen, PromiseFormScreen))
        await pilot.pause()
        assert f"Following up the broken promise: {WHAT}" in screen_text(app)
        app.screen.query_one("#input-what", Input).focus()
        await pilot.press(*"Fictional: call them back tomorrow at noon")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        table = app.screen.query_one("#promises-table", DataTable)
        statuses = [str(table.get_row_at(i)[4]) for i in range(table.row_count)]
        assert "Broken · NOT YET TOLD" in statuses and "Open" in statuses
        assert "1 open, 1 broken (1 not yet told) of 2 promises" in screen_text(app)
        # Today keeps it in sight until they are told.
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        await pilot.pause()
        assert "Promise broken and not yet explained" in screen_text(app)
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            rows = {p.what: p for p in s.exec(select(Promise)).all()}
    finally:
        vault.close()
    assert rows[WHAT].status == "broken" and rows[WHAT].survivor_told == "not_yet"
    assert rows["Fictional: call them back tomorrow at noon"].status == "open"


async def test_told_and_no_follow_up_leaves_today_clear(vault_path: Path) -> None:
    sid = _with_promise(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await _mark_broken(pilot, app, sid)
        form.query_one("#input-survivor_told", Select).value = "yes"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await answer(pilot, "n")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        table = app.screen.query_one("#promises-table", DataTable)
        assert table.row_count == 1  # a broken promise stays in the file
        assert str(table.get_row_at(0)[4]) == "Broken · they were told"
        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        await pilot.pause()
        assert "not yet explained" not in screen_text(app)
