"""Forms: validation next to the field, nothing saved until valid, saved to the vault file."""

from __future__ import annotations

import datetime as dt
import errno
from pathlib import Path

import pytest
from sqlmodel import select
from textual.widgets import Input, Select, Static, TextArea

from assessments.wording import day_words
from caseload.changes.agreements import record_agreement
from caseload.models import Assessment, ContactLog, Promise, Survivor
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.assessment_form import AssessmentFormScreen
from navigator_tui.screens.caseload import CaseloadScreen
from navigator_tui.screens.contact_form import ContactFormScreen
from navigator_tui.screens.promise_form import PromiseFormScreen
from navigator_tui.screens.promise_status import PromiseStatusScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.screens.survivor_form import SurvivorFormScreen
from navigator_tui.widgets.recovery_chart import RecoveryChart
from storage import safe_io
from tests.app_support import (
    SIZE,
    TODAY,
    loaded,
    make_vault,
    open_app,
    reopen,
    type_fast,
    wait_for,
)


def field_error(app: NavigatorApp, name: str) -> str:
    return str(app.screen.query_one(f"#field-{name} .field-error", Static).render())


def form_status(app: NavigatorApp) -> str:
    return str(app.screen.query_one("#form-status", Static).render())


def text_of(app: NavigatorApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_file(  # noqa: ANN001
    pilot, app: NavigatorApp, survivor_id: int, tab: str = "overview"
) -> None:
    await loaded(pilot)
    app.open_survivor(survivor_id, tab)
    await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    await pilot.pause()


async def test_add_survivor_invalid_then_valid(vault_path: Path) -> None:
    make_vault(vault_path)
    generation = reopen_generation(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.action_caseload()
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFormScreen))
        # No name, and a date in the wrong format.
        await pilot.press("tab", "tab", "tab")  # given, family, preferred -> intake date
        date_input = app.screen.query_one("#input-intake_date", Input)
        assert date_input.has_focus
        date_input.value = ""
        await pilot.press(*"2025.12.31", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SurvivorFormScreen)
        assert "YYYY-MM-DD" in field_error(app, "intake_date")
        assert "Not saved" in form_status(app)
        assert date_input.has_focus  # the first problem gets the focus
        # Fix the date: the cross-field check now asks for a name.
        date_input.value = ""
        await pilot.press(*"today", "ctrl+s")
        await pilot.pause()
        assert field_error(app, "intake_date") == ""
        assert "given name or a preferred name" in field_error(app, "given_name")
        assert app.cases is not None and len(app.cases) == 3  # nothing saved yet
        assert app.screen.query_one("#input-given_name", Input).has_focus
        await pilot.press(*"Ember", "tab", *"Example", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        assert "Ember Example" in text_of(app, "#file-header")
    vault = reopen(vault_path)
    try:
        assert vault.generation == generation + 1
        with vault.session() as session:
            ember = session.exec(select(Survivor).where(Survivor.given_name == "Ember")).one()
        assert ember.family_name == "Example"
        assert ember.intake_date == TODAY
        assert ember.case_ref.startswith("NAV-")
    finally:
        vault.close()


def reopen_generation(path: Path) -> int:
    vault = reopen(path)
    try:
        return vault.generation
    finally:
        vault.close()


async def test_record_intake_and_review_by_keys(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Quillon"])
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AssessmentFormScreen))
        # The form opens on its date (today); enter goes on to the first rating.
        await pilot.press("enter")
        # The descriptors of the focused domain are on screen while choosing.
        await pilot.press("3")
        assert "Getting by" in text_of(app, "#descriptors")
        await pilot.press(*"33333333333", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        scores = text_of(app, "#recovery-scores")
        assert "Survivor's overall score: 3.0" in scores

        # A review: a missing rating needs a reason before anything is saved.
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AssessmentFormScreen))
        await pilot.press("enter", "m", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentFormScreen)
        assert "needs a reason" in form_status(app)
        await pilot.press("d", *"45454545454", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        scores = text_of(app, "#recovery-scores")
        # Survivor: declined, then 5 in the five other domains; navigator: 4 everywhere.
        assert "Survivor's overall score: 5.0  (+2.0 since intake)" in scores
        assert "Navigator's overall score: 4.0  (+1.0 since intake)" in scores
        chart = app.screen.query_one(RecoveryChart)
        assert len(chart.assessments) == 2
        assert chart.overall is not None and [v for _, v in chart.overall["survivor"]] == [3.0, 5.0]
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            rows = session.exec(select(Assessment).order_by(Assessment.id)).all()
        assert [a.kind for a in rows] == ["intake", "review"]
        assert rows[1].ratings["mental_health"] == {"survivor": "declined", "navigator": 4}
        assert rows[1].scale_version == 1
    finally:
        vault.close()


async def test_log_contact_moves_update_due(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    vault = reopen(vault_path)
    try:
        with vault.session() as session:  # weekly updates agreed on the intake day
            intake = TODAY - dt.timedelta(days=30)
            weekly = {"agreed_on": intake, "channels": ["phone_call"], "update_frequency": "weekly"}
            phone = {"label": "Own", "number": "07700 900123", "safe_to_call": True}
            record_agreement(session, ids["Quillon"], weekly, [phone], TODAY)
            session.commit()
        vault.save()
    finally:
        vault.close()
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Quillon"])
        before = text_of(app, "#overview-facts")
        weekly_from_intake = TODAY - dt.timedelta(days=30) + dt.timedelta(days=7)
        assert f"{day_words(weekly_from_intake)} (overdue)" in before
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        await pilot.press("ctrl+s")  # defaults: today, phone call, navigator, spoke
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        after = text_of(app, "#overview-facts")
        assert f"{day_words(TODAY + dt.timedelta(days=7))} (upcoming)" in after


async def test_add_promise_and_mark_it_kept(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Marigold"])
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PromiseFormScreen))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert field_error(app, "what") == "This is required."
        await pilot.press(*"Ring the GP", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        assert "1 open of 1 promises" in text_of(app, "#promises-summary")
        await pilot.press("k")
        await wait_for(pilot, lambda: isinstance(app.screen, PromiseStatusScreen))
        await pilot.press("ctrl+s")  # "kept", today
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        assert "0 open of 1 promises" in text_of(app, "#promises-summary")
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            promise = session.exec(select(Promise)).one()
        assert (promise.what, promise.status, promise.status_changed_on) == (
            "Ring the GP",
            "kept",
            TODAY,
        )
    finally:
        vault.close()


async def test_failed_save_keeps_input_and_retry_saves_once(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)

    def disk_full(step: str, when: str) -> None:
        if step == "temp_write":
            raise OSError(errno.ENOSPC, "No space left on device")

    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Quillon"])
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        app.screen.query_one("#input-channel", Select).value = "phone_call"
        summary = app.screen.query_one("#input-summary", TextArea)
        summary.focus()
        await pilot.press(*"Met at the library")
        monkeypatch.setattr(safe_io, "fault_hook", disk_full)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "disk is full" in form_status(app))
        assert isinstance(app.screen, ContactFormScreen)
        assert summary.text == "Met at the library"
        assert "NOT SAVED" in app.sub_title
        monkeypatch.setattr(safe_io, "fault_hook", lambda step, when: None)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        assert "NOT SAVED" not in app.sub_title
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            contacts = session.exec(select(ContactLog)).all()
        assert [c.summary for c in contacts] == ["Met at the library"]  # saved once
    finally:
        vault.close()


async def test_assessment_form_refuses_future_date(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Zephyrine"])
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AssessmentFormScreen))
        await pilot.press("enter", *"222222222222")
        app.screen.query_one("#input-date", Input).value = "2099-01-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "future" in field_error(app, "date")
        assert app.cases is not None
        case = app.cases.get(ids["Zephyrine"])
        assert case is not None and case.assessments == []


async def test_backdated_intake_typed_is_overdue_as_when_imported(vault_path: Path) -> None:
    """A case typed in a month after its intake is not "resumed today": its intake
    assessment is overdue on Today (it was due 14 days after the intake date)."""
    make_vault(vault_path)
    app = open_app(vault_path)
    intake = TODAY - dt.timedelta(days=30)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.action_caseload()
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFormScreen))
        await pilot.press(*"Quill", "tab", "tab", "tab")
        date_input = app.screen.query_one("#input-intake_date", Input)
        assert date_input.has_focus
        date_input.value = ""
        await pilot.press(*intake.isoformat(), "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await wait_for(pilot, lambda: app.cases is not None and len(app.cases) == 4)
        assert app.cases is not None
        quill = next(f for f in app.cases.files.values() if f.survivor.given_name == "Quill")
        row = app.cases.rows[quill.survivor.id]
        assert row.next_assessment == intake + dt.timedelta(days=14) < TODAY
        assert quill.survivor.status_changed_on is None


async def test_keys_typed_just_before_ctrl_s_are_saved(vault_path: Path) -> None:
    """ctrl+s right after fast typing saves every letter typed, not the first few."""
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Zephyrine"])
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        app.screen.query_one("#input-channel", Select).value = "in_person"
        app.screen.query_one("#input-summary", TextArea).focus()
        await pilot.pause()
        type_fast(app, *"Met at the library, all well", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        case = app.cases.get(ids["Zephyrine"]) if app.cases else None
        assert case is not None
        assert [c.summary for c in case.contacts] == ["Met at the library, all well"]


async def test_the_assessment_form_opens_on_its_date(vault_path: Path) -> None:
    """A date typed at once goes into Date, not digit by digit into the ratings; enter
    then goes on to the first rating, and a burst of digits rates in order."""
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Quillon"])
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AssessmentFormScreen))
        await pilot.pause()
        form = app.screen
        assert form.focused is form.query_one("#input-date", Input)
        type_fast(app, *"1/3/2026", "enter", *"345")
        await wait_for(pilot, lambda: list(form.query("RatingPicker"))[2].value is not None)
        assert form.query_one("#input-date", Input).value == "1/3/2026"
        pickers = [p.value for p in form.query("RatingPicker")]
        assert pickers[:4] == [3, 4, 5, None]
        assert field_error(app, "date") == ""
