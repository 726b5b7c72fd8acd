"""The agreement form starts from the case facts, says every contradiction at once, and
its earlier versions can be read; who may contact is checked on the contact form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import select
from textual.widgets import DataTable, Input, Select, SelectionList

from caseload.changes.agreements import record_agreement
from caseload.models import ContactAgreement, ContactLog, Survivor
from navigator_tui.screens.agreement_form import AgreementFormScreen
from navigator_tui.screens.agreement_history import AgreementHistoryScreen
from navigator_tui.screens.contact_form import ContactFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from tests.app_support import (
    SIZE,
    TODAY,
    make_vault,
    open_app,
    reopen,
    saved_session,
    screen_text,
    wait_for,
)
from tests.test_app_forms import field_error, form_status, open_file

PHONE = {"label": "Own mobile", "number": "07700 900222", "safe_to_call": True,
         "safe_to_text": True, "safe_voicemail": False}  # fmt: skip


def _survivor_speaks(path: Path) -> int:
    """Quillon's facts: a language and an interpreter; no agreement yet."""
    ids = make_vault(path)
    with saved_session(path) as s:
        survivor = s.get(Survivor, ids["Quillon"])
        assert survivor is not None
        survivor.languages = "Fictionalese"
        survivor.interpreter_needed = "yes"
        s.add(survivor)
    return ids["Quillon"]


def _two_versions(path: Path, may_contact: list[str] | None = None) -> int:
    ids = make_vault(path)
    sid = ids["Quillon"]
    with saved_session(path) as s:
        first = TODAY - dt.timedelta(days=20)
        raw = {"agreed_on": first, "channels": ["phone_call"], "update_frequency": "weekly",
               "code_word": "Fictional kettle"}  # fmt: skip
        record_agreement(s, sid, raw, [PHONE], first)
        later = {**raw, "agreed_on": TODAY, "channels": ["phone_call", "secure_app"],
                 "safe_time_from": "12:00", "safe_time_to": "14:00",
                 "may_contact": may_contact or []}  # fmt: skip
        record_agreement(s, sid, later, [PHONE], TODAY)
    return sid


async def test_a_first_agreement_starts_from_the_case_facts(vault_path: Path) -> None:
    sid = _survivor_speaks(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementFormScreen))
        await pilot.pause()
        form = app.screen
        assert form.query_one("#input-language", Input).value == "Fictionalese"
        assert form.query_one("#input-interpreter_needed", Select).value == "yes"


async def test_every_contradiction_is_said_at_once(vault_path: Path) -> None:
    sid = make_vault(vault_path)["Quillon"]
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementFormScreen))
        await pilot.pause()
        form = app.screen
        form.query_one("#input-channels", SelectionList).select("text_message")
        form.query_one("#input-may_contact", SelectionList).select("other")
        for name, value in (("safe_time_from", "14:00"), ("safe_time_to", "12:00"),
                            ("review_on", "2026-02-20")):  # fmt: skip
            field = form.query_one(f"#input-{name}", Input)
            field.focus()
            await pilot.press(*value)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "no phone is recorded" in field_error(app, "channels")
        assert field_error(app, "safe_time_to") == "The window must end after it starts."
        assert "cannot be before the agreement" in field_error(app, "review_on")
        assert "in their words" in field_error(app, "who_may_contact")
        assert "Not saved: 4 things to fix" in form_status(app)
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            assert s.exec(select(ContactAgreement)).all() == []
    finally:
        vault.close()


async def test_earlier_versions_can_be_read_with_what_changed(vault_path: Path) -> None:
    sid = _two_versions(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid, "agreement")
        assert "1 earlier version: press v" in screen_text(app)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementHistoryScreen))
        await pilot.pause()
        table = app.screen.query_one("#versions-table", DataTable)
        assert table.row_count == 2
        newest = [str(cell) for cell in table.get_row_at(0)]
        assert newest[0] == "2 (current)"
        assert newest[2] == "Channels, Safe times"
        assert str(table.get_row_at(1)[2]) == "first version"
        text = screen_text(app)
        assert "Version 2 as agreed" in text and "12:00-14:00" in text
        await pilot.press("down")
        await pilot.pause()
        text = screen_text(app)
        assert "Version 1 as agreed" in text and "any time" in text
        assert "Fictional kettle" in text
        app.action_toggle_discreet()
        await pilot.pause()
        assert "Fictional kettle" not in screen_text(app)
        assert "Channels, Safe times" in screen_text(app)  # names of fields, not values
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))


async def test_a_contact_by_someone_not_agreed_needs_a_reason(vault_path: Path) -> None:
    sid = _two_versions(vault_path, may_contact=["navigator"])
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        await pilot.pause()
        form = app.screen
        assert "Who     Navigator\n" in screen_text(app)
        assert field_error(app, "who") == ""
        form.query_one("#input-contact_time", Input).focus()
        await pilot.press(*"12:30")
        form.query_one("#input-who", Select).value = "officer"
        await pilot.pause()
        assert field_error(app, "who") == "Not agreed to contact them (agreed: Navigator)."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        form.query_one("#input-outside_agreement_reason", Input).focus()
        await pilot.press(*"Fictional: the officer had the news first")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            saved = s.exec(select(ContactLog)).one()
            assert saved.who == "officer"
            assert saved.outside_agreement_reason == "Fictional: the officer had the news first"
    finally:
        vault.close()


async def test_a_passed_review_date_is_not_offered_again(vault_path: Path) -> None:
    sid = make_vault(vault_path)["Quillon"]
    with saved_session(vault_path) as s:
        agreed = TODAY - dt.timedelta(days=25)
        raw = {"agreed_on": agreed, "review_on": TODAY - dt.timedelta(days=5),
               "channels": ["in_person"], "update_frequency": "weekly"}  # fmt: skip
        record_agreement(s, sid, raw, [], agreed)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementFormScreen))
        await pilot.pause()
        assert app.screen.query_one("#input-review_on", Input).value == ""
        assert "has passed: this saves the reviewed agreement" in screen_text(app)
        await pilot.press("ctrl+s")  # reviewed, nothing else changed: saved, not refused
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            versions = s.exec(select(ContactAgreement).order_by(ContactAgreement.version)).all()
    finally:
        vault.close()
    assert [(v.version, v.review_on) for v in versions][-1] == (2, None)
