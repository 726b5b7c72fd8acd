"""The contact form uses the agreement: shows it, starts from it, says at once what goes
against it, and saves a breach only with a reason (kept, shown, counted)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import select
from textual.widgets import DataTable, Input, Select

from caseload.models import ContactAgreement, ContactLog
from exports.monthly import monthly_rows
from exports.monthly_columns import HEADER
from exports.periods import Month
from navigator_tui.screens.contact_form import ContactFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from tests.app_support import (
    SIZE,
    TODAY,
    loaded,
    make_vault,
    open_app,
    reopen,
    screen_text,
    wait_for,
)
from tests.test_app_other_text import field_error

CARER = "07700 900111"
OWN = "07700 900222"


def _with_agreement(path: Path) -> int:
    ids = make_vault(path)
    vault = reopen(path)
    try:
        with vault.session() as s:
            s.add(
                ContactAgreement(
                    survivor_id=ids["Quillon"],
                    agreed_on=TODAY - dt.timedelta(days=20),
                    channels="secure_app;phone_call",
                    phones=[
                        {"label": "Foster carer's phone", "number": CARER, "safe_to_call": False,
                         "safe_to_text": False, "safe_voicemail": False},
                        {"label": "Own mobile", "number": OWN, "safe_to_call": True,
                         "safe_to_text": True, "safe_voicemail": False},
                    ],
                    safe_time_from=dt.time(12),
                    safe_time_to=dt.time(14),
                    things_to_avoid="Never through the foster carer",
                )
            )
            s.commit()
        vault.save()
    finally:
        vault.close()
    return ids["Quillon"]


async def _contact_form(pilot, app, sid: int) -> ContactFormScreen:  # noqa: ANN001
    await loaded(pilot)
    app.open_survivor(sid)
    await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    await pilot.press("c")
    await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
    await pilot.pause()
    form = app.screen
    assert isinstance(form, ContactFormScreen)
    return form


async def test_a_call_against_the_agreement_needs_a_reason(vault_path: Path) -> None:
    sid = _with_agreement(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await _contact_form(pilot, app, sid)
        text = screen_text(app)
        # The agreement, on top: what is not safe stands out.
        assert "Secure messaging app, Phone call" in text and "12:00-14:00" in text
        assert "do NOT call" in text and "Never through the foster carer" in text
        # Started from it: the first agreed channel (no phone for secure messaging).
        assert form.query_one("#input-channel", Select).value == "secure_app"

        # A 19:30 call to the foster carer's phone, a voicemail left.
        form.query_one("#input-channel", Select).value = "phone_call"
        form.query_one("#input-phone", Select).value = CARER
        form.query_one("#input-outcome", Select).value = "message_left"
        time = form.query_one("#input-contact_time", Input)
        time.focus()
        await pilot.press(*"19:30")
        await pilot.pause()
        # Said beside each field as it is typed, before any save.
        assert field_error(app, "phone") == "This number is marked do NOT call."
        assert field_error(app, "contact_time") == "Outside the agreed safe times (12:00-14:00)."
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Outside the agreement: say why" in field_error(app, "outside_agreement_reason")
        assert "do NOT leave a voicemail" in field_error(app, "outcome")

        reason = form.query_one("#input-outside_agreement_reason", Input)
        reason.focus()
        await pilot.press(*"Fictional: they asked for this call")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        file = app.screen
        file.show_tab("contacts")  # type: ignore[attr-defined]
        await pilot.pause()
        table = file.query_one("#contacts-table", DataTable)
        assert "Foster carer's phone" in str(table.get_row_at(0)[2])
        assert "outside: Fictional: they asked for this call" in str(table.get_row_at(0)[7])
        case = app.cases.get(sid) if app.cases else None
        assert case is not None

    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            saved = s.exec(select(ContactLog)).one()
    finally:
        vault.close()
    assert (saved.phone, saved.contact_time) == (CARER, dt.time(19, 30))
    assert saved.outside_agreement_reason == "Fictional: they asked for this call"
    [row] = [r for r in monthly_rows([case], Month.of(TODAY), TODAY)]
    assert row[HEADER.index("contacts_outside_agreement")] == 1


async def test_a_contact_within_the_agreement_saves_without_a_word(vault_path: Path) -> None:
    sid = _with_agreement(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await _contact_form(pilot, app, sid)
        form.query_one("#input-channel", Select).value = "phone_call"
        await pilot.pause()
        # The phone safe to call is the one offered first... once chosen: the own mobile.
        form.query_one("#input-phone", Select).value = OWN
        form.query_one("#input-contact_time", Input).value = "12:30"
        await pilot.pause()
        assert field_error(app, "phone") == "" and field_error(app, "contact_time") == ""
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            saved = s.exec(select(ContactLog)).one()
    finally:
        vault.close()
    assert (saved.phone, saved.outside_agreement_reason) == (OWN, "")


async def test_without_an_agreement_no_channel_is_assumed(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        form = await _contact_form(pilot, app, ids["Zephyrine"])
        assert form.query_one("#input-channel", Select).value is Select.NULL
        assert "No contact agreement yet: nothing is known to be safe" in screen_text(app)
