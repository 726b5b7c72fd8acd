"""Every field of every form at its boundaries: bad input is refused next to the field and
nothing is saved; values exactly at the limits are accepted and saved as typed.

One app per form (parametrised), many inputs per app: each refused input is typed (or
pasted, as a user enters 10,000 characters) into the real widget and ctrl+s pressed.
The vault file's generation must not move while the form refuses, and the final save
with every field at its limit must add exactly one row to the reopened vault.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import SQLModel, func, select
from textual import events
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select, SelectionList, TextArea

from caseload.models import (
    Assessment,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    Survivor,
)
from caseload.validation.values import (
    DEFAULT_MAX_LENGTH,
    MAX_YEARS_AHEAD,
    check_text,
    parse_date,
    parse_time,
)
from navigator_tui.app import NavigatorApp
from navigator_tui.screens import (
    agreement_form,
    assessment_form,
    contact_form,
    milestone_form,
    promise_form,
    promise_status,
    survivor_form,
)
from navigator_tui.screens.caseload import CaseloadScreen
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.widgets.form_field import FieldSpec
from storage.vault import read_header
from tests.app_support import SIZE, TODAY, loaded, make_vault, open_app, reopen, wait_for
from tests.test_app_forms import field_error, form_status

INTAKE = TODAY - dt.timedelta(days=30)  # the KNOWN survivors' intake date
TOMORROW = TODAY + dt.timedelta(days=1)
LIMIT_AHEAD = TODAY.replace(year=TODAY.year + MAX_YEARS_AHEAD)
#: A pasted wall of text (what a user does to put 10,000 characters in a field).
WALL = "Lorem ipsum dolor " * 556  # 10,008 characters

TOO_LONG = "Too long"
FORMAT = "YYYY-MM-DD"
NO_SUCH = "no such date"
TIME_FORMAT = "24-hour clock, e.g. 14:30 or 1430"
REQUIRED = "This is required."
CHOOSE = "Choose one."


@dataclass(frozen=True)
class Case:
    """Type ``text`` into ``name`` (after ``setup``); expect ``expect`` under the field."""

    name: str
    text: str
    expect: str
    setup: dict[str, Any] = field(default_factory=dict)
    #: Typed key by key (short ASCII only); otherwise pasted, as a user enters long text.
    typed: bool = False
    #: Saved on its own, not in a round with the other fields' cases.
    alone: bool = False

    def __str__(self) -> str:
        return f"{self.name}={self.text[:30]!r} {self.setup or ''}"


def spread(texts: tuple[str, ...], specs: list[FieldSpec]) -> Iterator[tuple[FieldSpec, str]]:
    """Deal the texts out over the fields in turn: every field gets at least one when there
    are enough, every text is tried once per form (the parsing is shared by every field)."""
    for index, text in enumerate(texts):
        if specs:
            yield specs[index % len(specs)], text


def text_cases(specs: tuple[FieldSpec, ...]) -> Iterator[Case]:
    """One character over the limit for every text field, and empty when required; a wall
    of text and control characters dealt out over the text fields."""
    texts = [spec for spec in specs if spec.kind in ("text", "note")]
    for spec in texts:
        yield Case(spec.name, "x" * (spec.limit + 1), f"at most {spec.limit:,} characters")
        if spec.required:
            yield Case(spec.name, "   ", REQUIRED, typed=True)
    for spec, text in spread((WALL, "ab\x1b[2Jcd"), texts[1:] or texts):
        yield Case(spec.name, text, TOO_LONG if text is WALL else "control characters")


#: Not dates: letters, other formats, ISO forms the form does not take, other digits.
NOT_DATES = (
    "12/31/2025x",
    "2026-03-0x",
    "next week",
    "20260302",
    "2026-W10-1",
    "2026-3-2",
    WALL,
)
#: Digits of other scripts are refused with a sentence of their own, never converted.
OTHER_DIGITS = ("\u0662\u0660\u0662\u0666-01-01", "\uff12\uff10\uff12\uff16-01-01")
#: Impossible days.
NO_SUCH_DATES = ("2026-02-30", "2025-02-29", "2026-13-01", "2026-04-31", "2026-00-10")


def date_cases(specs: tuple[FieldSpec, ...]) -> Iterator[Case]:
    """Wrong formats and impossible days dealt out over the date fields; every bound of
    every date field (too early, in the future or too far ahead, before the intake)."""
    dates = [spec for spec in specs if spec.kind == "date"]
    for spec, text in spread(NOT_DATES, dates):
        yield Case(spec.name, text, FORMAT, typed=text == NOT_DATES[0])
    for spec, text in spread(NO_SUCH_DATES, dates):
        yield Case(spec.name, text, NO_SUCH, typed=text == NO_SUCH_DATES[0])
    for spec, text in spread(OTHER_DIGITS, dates):
        yield Case(spec.name, text, "digits 0-9")
    # Alone when the intake date is a field of the same form (a bad one in the same
    # round leaves nothing to compare with).
    alone = any(spec.name == "intake_date" for spec in specs)
    for spec in dates:
        yield Case(spec.name, "1899-12-31", "before 1900")
        if spec.future:
            ahead = LIMIT_AHEAD + dt.timedelta(days=1)
            yield Case(spec.name, ahead.isoformat(), "years ahead")
            yield Case(spec.name, "9999-12-31", "years ahead")
        else:
            yield Case(spec.name, TOMORROW.isoformat(), "cannot be in the future")
        if spec.after_intake:
            before = INTAKE - dt.timedelta(days=1)
            yield Case(spec.name, before.isoformat(), "before the intake date", alone=alone)
        if spec.required:
            yield Case(spec.name, "", REQUIRED)


NOT_TIMES = (
    "24:00",
    "12:60",
    "ab:cd",
    "noon",
    "14300",
    "14:30Z",
    "14:30+01:00",
    "14:30:15",
    "T14:30",
    "-1:30",
    WALL,
)


def time_cases(specs: tuple[FieldSpec, ...]) -> Iterator[Case]:
    times = [spec for spec in specs if spec.kind == "time"]
    for spec, text in spread(NOT_TIMES, times):
        yield Case(spec.name, text, TIME_FORMAT, typed=text == NOT_TIMES[0])


def all_cases(specs: tuple[FieldSpec, ...], extra: tuple[Case, ...]) -> list[Case]:
    return [*text_cases(specs), *date_cases(specs), *time_cases(specs), *extra]


TYPED_KINDS = ("text", "date", "time")


def rounds(cases: list[Case]) -> list[list[Case]]:
    """Saves to try: round i holds the i-th case of every field at once (each field says
    what is wrong with it on its own); a case with a set-up, or marked alone, is tried
    by itself (the checks across fields only run once every field is valid)."""
    per_field: dict[str, list[Case]] = {}
    single: list[list[Case]] = []
    for case in cases:
        if case.setup or case.alone:
            single.append([case])
        else:
            per_field.setdefault(case.name, []).append(case)
    batched = [
        [case for case in row if case is not None]
        for row in itertools.zip_longest(*per_field.values())
    ]
    return batched + single


def limit_values(specs: tuple[FieldSpec, ...], intake: dt.date) -> dict[str, str]:
    """Every text field exactly at its limit; dates at the edge each field allows."""
    values: dict[str, str] = {}
    for spec in specs:
        if spec.kind in ("text", "note"):
            values[spec.name] = ("Fictional " * 200)[: spec.limit - 1] + "."
        elif spec.kind == "date":
            day = LIMIT_AHEAD if spec.future else (intake if spec.after_intake else TODAY)
            values[spec.name] = day.isoformat()
    return values


# --- the forms ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    key: str
    screen: type[FormScreen[Any]]
    specs: tuple[FieldSpec, ...]
    model: type[SQLModel]
    #: Values a valid save needs besides the limit values (choices, "other" texts...).
    valid: dict[str, Any]
    extra: tuple[Case, ...] = ()
    check_saved: Callable[[Any], None] = lambda row: None


def _saved_survivor(row: Survivor) -> None:
    assert len(row.given_name) == 100 and len(row.officer_contact) == DEFAULT_MAX_LENGTH
    assert row.date_of_birth == dt.date(1900, 1, 1) and row.intake_date == TODAY


def _saved_contact(row: ContactLog) -> None:
    assert row.contact_date == INTAKE and row.contact_time == dt.time(23, 59)
    assert len(row.summary) == 2000


def _saved_agreement(row: ContactAgreement) -> None:
    assert row.agreed_on == INTAKE and row.review_on == LIMIT_AHEAD
    assert (row.safe_time_from, row.safe_time_to) == (dt.time(0, 0), dt.time(23, 59))
    assert len(row.things_to_avoid) == DEFAULT_MAX_LENGTH


PLANS = {
    "survivor": Plan(
        "ctrl+n",
        survivor_form.SurvivorFormScreen,
        survivor_form.FIELDS,
        Survivor,
        {"date_of_birth": "1900-01-01", "closed_on": ""},
        extra=(
            Case("given_name", "", "given name or a preferred name", {"preferred_name": ""}),
            Case(
                "date_of_birth",
                TODAY.isoformat(),
                "must be before the intake date",
                {"intake_date": (TODAY - dt.timedelta(days=1)).isoformat()},
            ),
            Case(
                "date_of_birth",
                INTAKE.isoformat(),
                "must be before the intake date",
                {"intake_date": INTAKE.isoformat()},
            ),
            Case(
                "closed_on",
                "",
                "Give the date",
                {"status": "closed", "closure_reason": "support_complete"},
            ),
            Case("closure_reason", "", "Say why", {"status": "closed"}),
            Case("sex_other", "", "Say what", {"sex": "other"}),
            Case(
                "referring_agency_name", "", "Name the agency", {"referring_agency": "other_agency"}
            ),
            Case("exploitation_other", "", "Say what", {"exploitation_types": ["other"]}),
        ),
        check_saved=_saved_survivor,
    ),
    "assessment": Plan(
        "a",
        assessment_form.AssessmentFormScreen,
        assessment_form.FIELDS,
        Assessment,
        {},
        check_saved=lambda row: (row.date == INTAKE and len(row.note) == 2000) or _fail(row),
    ),
    "contact": Plan(
        "c",
        contact_form.ContactFormScreen,
        contact_form.FIELDS,
        ContactLog,
        {"contact_time": "23:59", "channel": "phone_call"},
        extra=(
            Case("who_other", "", "Say who", {"who": "other"}),
            Case("channel_other", "", "Say what", {"channel": "other"}),
            Case("outcome_other", "", "Say what", {"outcome": "other"}),
        ),
        check_saved=_saved_contact,
    ),
    "promise": Plan(
        "p",
        promise_form.PromiseFormScreen,
        promise_form.FIELDS,
        Promise,
        {},
        extra=(
            Case(
                "due_on",
                (INTAKE - dt.timedelta(days=1)).isoformat(),
                "before the day it was",
                {"made_on": INTAKE.isoformat()},
            ),
            Case("by_whom_other", "", "Name the agency", {"by_whom": "other_agency"}),
        ),
        check_saved=lambda row: (row.due_on == LIMIT_AHEAD and len(row.what) == 500) or _fail(row),
    ),
    "promise status": Plan(
        "k",
        promise_status.PromiseStatusScreen,
        promise_status.FIELDS,
        Promise,
        {},
        extra=(
            Case("outcome_note", "", "Say what changed", {"status": "renegotiated"}),
            Case(
                "status_changed_on",
                (INTAKE - dt.timedelta(days=1)).isoformat(),
                "before the promise was made",
            ),
        ),
        check_saved=lambda row: (
            (row.status == "kept" and len(row.outcome_note) == 1000) or _fail(row)
        ),
    ),
    "milestone": Plan(
        "m",
        milestone_form.MilestoneFormScreen,
        milestone_form.FIELDS,
        Milestone,
        {"kind": "court_date"},
        extra=(
            Case("kind", "", CHOOSE),
            Case("kind_other", "", "Say what the milestone is", {"kind": "other"}),
        ),
        check_saved=lambda row: (
            (row.date == LIMIT_AHEAD and len(row.prep_note) == 1000) or _fail(row)
        ),
    ),
    "agreement": Plan(
        "g",
        agreement_form.AgreementFormScreen,
        agreement_form.FIELDS,
        ContactAgreement,
        {"channels": ["in_person"], "safe_time_from": "00:00", "safe_time_to": "23:59"},
        extra=(
            Case("channels", "", CHOOSE, {"channels": []}),
            Case("safe_time_to", "", "both times", {"safe_time_from": "09:00"}),
            Case("safe_time_to", "09:00", "end after it starts", {"safe_time_from": "09:00"}),
            Case(
                "review_on",
                (TODAY - dt.timedelta(days=1)).isoformat(),
                "before the agreement",
                {"agreed_on": TODAY.isoformat()},
            ),
            Case("channels_other", "", "Say what", {"channels": ["in_person", "other"]}),
            Case("who_may_contact", "", "in their words", {"may_contact": ["other"]}),
            Case("update_frequency_other", "", "Say what", {"update_frequency": "other"}),
            Case("detail_level_other", "", "Say what", {"detail_level": "other"}),
        ),
        check_saved=_saved_agreement,
    ),
}


def _fail(row: Any) -> None:
    raise AssertionError(f"saved row does not hold the limit values: {row!r}")


# --- driving the form ---------------------------------------------------------------------


def set_widget(form: FormScreen[Any], name: str, value: Any) -> None:
    """Put a value straight into a widget (set-up only; the value under test is typed)."""
    widget = form.field(name).input_widget
    if isinstance(widget, Select):
        if value in ("", None):
            widget.clear()
        else:
            widget.value = value
    elif isinstance(widget, SelectionList):
        widget.deselect_all()
        for code in value:
            widget.select(code)
    elif isinstance(widget, Checkbox):
        widget.value = bool(value)
    elif isinstance(widget, TextArea):
        widget.load_text(value)
    else:
        assert isinstance(widget, Input)
        widget.value = value


async def enter(
    pilot: Pilot[Any], form: FormScreen[Any], name: str, text: str, typed: bool = False
) -> None:
    """Put ``text`` in the field as a user would: typed key by key, or pasted (the paste
    is handled at the next pause, so a round of pastes costs one layout, not one each)."""
    widget = form.field(name).input_widget
    if isinstance(widget, TextArea):  # a note: typed, or put in whole (line breaks too)
        widget.load_text("")
        if typed and len(text) <= 12 and text.isascii() and text.isprintable():
            widget.focus()
            await pilot.press(*text)
        elif text:
            # What a paste does, without the paste's taking of the focus (a round of
            # pastes into several fields at once would leave it on the last note).
            widget.insert(text)
        return
    if not isinstance(widget, Input):
        assert text == "", "only text goes into an input"
        set_widget(form, name, [] if isinstance(widget, SelectionList) else None)
        return
    widget.value = ""
    if not text:
        return
    if typed and len(text) <= 12 and text.isascii() and text.isprintable():
        widget.focus()
        await pilot.press(*text)
    else:
        widget.post_message(events.Paste(text))


def holds(form: FormScreen[Any], name: str, text: str) -> bool:
    """The field holds what was entered (a paste keeps only the first line)."""
    widget = form.field(name).input_widget
    if isinstance(widget, TextArea):
        return widget.text == text
    return not isinstance(widget, Input) or widget.value == (text.splitlines() or [""])[0]


def rows(path: Path, model: type[SQLModel]) -> int:
    vault = reopen(path)
    try:
        with vault.session() as session:
            return session.exec(select(func.count()).select_from(model)).one()
    finally:
        vault.close()


def newest(path: Path, model: type[SQLModel]) -> Any:
    vault = reopen(path)
    try:
        with vault.session() as session:
            order = model.id.desc()  # type: ignore[attr-defined]
            return session.exec(select(model).order_by(order)).first()
    finally:
        vault.close()


def make_boundary_vault(path: Path) -> int:
    """The KNOWN survivors; Quillon has one open promise made on the intake day."""
    ids = make_vault(path)
    vault = reopen(path)
    try:
        with vault.session() as session:
            session.add(Promise(survivor_id=ids["Quillon"], what="Call back", made_on=INTAKE))
            session.commit()
        vault.save()
    finally:
        vault.close()
    return ids["Quillon"]


async def open_form(pilot: Pilot[Any], app: NavigatorApp, plan: Plan, survivor_id: int) -> None:
    await loaded(pilot)
    if plan.screen is survivor_form.SurvivorFormScreen:
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
    else:
        app.open_survivor(survivor_id)
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    await pilot.press(plan.key)
    await wait_for(pilot, lambda: isinstance(app.screen, plan.screen))
    await pilot.pause()


@pytest.mark.parametrize("form_name", list(PLANS))
async def test_every_field_refuses_bad_input_and_saves_nothing(
    vault_path: Path, form_name: str
) -> None:
    plan = PLANS[form_name]
    survivor_id = make_boundary_vault(vault_path)
    rows_before = rows(vault_path, plan.model)
    generation = read_header(vault_path).generation
    intake = TODAY if form_name == "survivor" else INTAKE
    valid = {**limit_values(plan.specs, intake), **plan.valid}
    cases = all_cases(plan.specs, plan.extra)
    assert {c.name for c in cases} >= {s.name for s in plan.specs if s.kind in TYPED_KINDS}
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, app, plan, survivor_id)
        form = app.screen
        assert isinstance(form, FormScreen)
        if form_name == "assessment":
            await pilot.press("enter", *"333333333333")  # from the date, the twelve ratings
        baseline = {name: form.field(name).raw() for name in (s.name for s in plan.specs)}
        for name, value in valid.items():
            set_widget(form, name, value)
        for batch in rounds(cases):
            for case in batch:
                for name, value in case.setup.items():
                    set_widget(form, name, value)
                await enter(pilot, form, case.name, case.text, case.typed)
            await pilot.pause()
            assert all(holds(form, case.name, case.text) for case in batch), batch
            await pilot.press("ctrl+s")
            assert app.screen is form, f"saved: {batch}"
            for case in batch:
                error = field_error(app, case.name)
                assert case.expect in error, f"{case}: {error!r}"
            assert "Not saved" in form_status(app), batch
            assert not app.saving and not app.unsaved
            for name in {n for case in batch for n in (case.name, *case.setup)}:
                set_widget(form, name, valid.get(name, baseline[name]))
        assert read_header(vault_path).generation == generation  # nothing written
        # Every field exactly at its limit is accepted and saved as typed.
        for name, value in valid.items():
            if isinstance(value, str) and isinstance(form.field(name).input_widget, Input):
                await enter(pilot, form, name, value)
        await pilot.pause()
        assert all(holds(form, name, value) for name, value in valid.items())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is not form)
    assert read_header(vault_path).generation == generation + 1
    added = 0 if form_name == "promise status" else 1
    assert rows(vault_path, plan.model) == rows_before + added
    plan.check_saved(newest(vault_path, plan.model))


# --- the parsing rules on their own (fast, and the edge of each) ----------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", TODAY),
        (" TODAY ", TODAY),
        ("2024-02-29", dt.date(2024, 2, 29)),
        ("1900-01-01", dt.date(1900, 1, 1)),
        ("9999-12-31", dt.date(9999, 12, 31)),
    ],
)
def test_dates_accepted(text: str, day: dt.date) -> None:
    assert parse_date(text, TODAY) == day


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("0:00", dt.time(0, 0)),
        ("00:00", dt.time(0, 0)),
        ("23:59", dt.time(23, 59)),
        (" 9:05 ", dt.time(9, 5)),
        ("1430", dt.time(14, 30)),
        ("19.30", dt.time(19, 30)),
    ],
)
def test_times_accepted(text: str, time: dt.time) -> None:
    assert parse_time(text) == time


@pytest.mark.parametrize("text", ["Ünïcödé名前", "O'Brien-Smith", "x" * 200, "emoji 🙂"])
def test_text_accepted(text: str) -> None:
    assert check_text(text, 200) == text
