"""Correct and delete contacts, promises and milestones from the survivor file; the old
values stay in the case's history."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlmodel import select
from textual.widgets import Checkbox, DataTable, Input, TextArea

from caseload.changes.contacts import log_contact
from caseload.changes.milestones import add_milestone
from caseload.changes.promises import make_promise
from caseload.models import ContactLog, Milestone, Promise, RecordCorrection
from navigator_tui.screens.confirm import ConfirmScreen
from navigator_tui.screens.contact_form import ContactFormScreen
from navigator_tui.screens.milestone_form import MilestoneFormScreen
from navigator_tui.screens.promise_form import PromiseFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
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
from tests.test_app_forms import open_file

YESTERDAY = TODAY - dt.timedelta(days=1)


def _with_records(path: Path) -> int:
    sid = make_vault(path)["Quillon"]
    with saved_session(path) as s:
        log_contact(s, sid, {"contact_date": YESTERDAY, "channel": "email",
                             "update_given": True, "summary": "Fictional chat"}, TODAY)
        make_promise(s, sid, {"what": "Fictional: ring the GP", "made_on": YESTERDAY}, TODAY)
        add_milestone(s, sid, {"kind": "court_date", "date": TODAY + dt.timedelta(days=9)},
                      TODAY)  # fmt: skip
    return sid


async def test_a_wrong_update_tick_is_corrected_and_its_old_value_kept(
    vault_path: Path,
) -> None:
    sid = _with_records(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid, "contacts")
        table = app.screen.query_one("#contacts-table", DataTable)
        assert str(table.get_row_at(0)[5]) == "yes"
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        await pilot.pause()
        form = app.screen
        assert "Correct a contact" in screen_text(app)
        assert form.query_one("#input-summary", TextArea).text == "Fictional chat"
        tick = form.query_one("#input-update_given", Checkbox)
        assert tick.value is True
        tick.focus()
        await pilot.press("space", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        table = app.screen.query_one("#contacts-table", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[5]) == ""
        # Corrected again later: the form lists the correction made before.
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        await wait_for(pilot, lambda: "-> no" in screen_text(app))
        assert "An update on the case was given: yes -> no" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            contacts = s.exec(select(ContactLog)).all()
            history = s.exec(select(RecordCorrection)).all()
    finally:
        vault.close()
    assert len(contacts) == 1 and contacts[0].update_given is False  # corrected, not added
    assert [(h.record_kind, h.action, h.field, json.loads(h.old_value)) for h in history] == [
        ("contact", "edited", "update_given", True)
    ]


async def test_a_contact_logged_by_mistake_is_deleted_once_asked(vault_path: Path) -> None:
    sid = _with_records(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid, "contacts")
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Delete this contact of" in screen_text(app)
        await answer(pilot, "n")  # kept
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        assert app.screen.query_one("#contacts-table", DataTable).row_count == 1
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await answer(pilot, "y")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        table = app.screen.query_one("#contacts-table", DataTable)
        await wait_for(pilot, lambda: table.row_count == 0)
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            assert s.exec(select(ContactLog)).all() == []
            (kept,) = s.exec(select(RecordCorrection)).all()
    finally:
        vault.close()
    assert kept.action == "deleted" and json.loads(kept.old_value)["summary"] == "Fictional chat"


async def test_a_promise_wording_and_a_milestone_date_are_corrected(vault_path: Path) -> None:
    sid = _with_records(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid, "promises")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PromiseFormScreen))
        await pilot.pause()
        what = app.screen.query_one("#input-what", Input)
        assert what.value == "Fictional: ring the GP"
        what.focus()
        await pilot.press("end", *" and the pharmacy", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        app.screen.show_tab("overview")  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("enter")  # the selected milestone
        await wait_for(pilot, lambda: isinstance(app.screen, MilestoneFormScreen))
        await pilot.pause()
        date = app.screen.query_one("#input-date", Input)
        date.value = ""
        date.focus()
        await pilot.press(*"20/3/2026", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            promise = s.exec(select(Promise)).one()
            milestone = s.exec(select(Milestone)).one()
            fields = sorted((h.record_kind, h.field) for h in s.exec(select(RecordCorrection)))
    finally:
        vault.close()
    assert promise.what == "Fictional: ring the GP and the pharmacy"
    assert milestone.date == dt.date(2026, 3, 20)
    assert fields == [("milestone", "date"), ("promise", "what")]
