"""Consent from the survivor file: record, change (withdraw) with the history kept, seen
at a glance on the Overview; the funder file honours a refusal recorded this way."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import select
from textual.widgets import DataTable, Input, Select

from caseload.models import Consent
from navigator_tui.screens.consent_form import ConsentFormScreen
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


async def _open_file(pilot, app, survivor_id: int, tab: str = "overview") -> SurvivorFileScreen:  # noqa: ANN001
    await loaded(pilot)
    app.open_survivor(survivor_id, tab)
    await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    screen = app.screen
    await wait_for(pilot, lambda: bool(screen.query("#file-tabs")))
    await pilot.pause()
    return screen


async def test_record_then_withdraw_a_consent(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    sid = ids["Quillon"]
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        file = await _open_file(pilot, app, sid)
        assert "not recorded: Support" in screen_text(app)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentFormScreen))
        await pilot.pause()
        form = app.screen
        kind = form.query_one("#input-kind", Select)
        assert app.focused is kind
        # Choose "Information shared with the police" from the list, as a user does.
        await pilot.press("enter", "down", "down", "enter")
        await wait_for(pilot, lambda: kind.value == "share_with_police")
        # Given (the default), today: how it was given is still needed.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsentFormScreen)
        assert "Say how consent was given." in screen_text(app)
        form.query_one("#input-method", Select).value = "verbal"
        form.query_one("#input-note", Input).value = "Fictional: agreed in the interview room"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is file)
        file.show_tab("overview")
        await pilot.pause()
        text = screen_text(app)
        assert "Sharing with police: given 2 Mar 2026" in text

        # Change it: on the Consent tab, o on the answer starts from it, as withdrawn.
        file.show_tab("consents")
        await pilot.pause()
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentFormScreen))
        await pilot.pause()
        assert app.screen.query_one("#input-status", Select).value == "withdrawn"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is file)
        await pilot.pause()
        table = file.query_one("#consents-table", DataTable)
        assert table.row_count == 2  # the history: both answers
        assert str(table.get_row_at(0)[2]) == "Withdrawn"
        file.show_tab("overview")
        await pilot.pause()
        assert "Sharing with police: withdrawn 2 Mar 2026" in screen_text(app)

    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            rows = s.exec(select(Consent).order_by(Consent.id)).all()
    finally:
        vault.close()
    assert [(r.kind, r.status, r.recorded_on, r.withdrawn_on) for r in rows] == [
        ("share_with_police", "given", TODAY, None),
        ("share_with_police", "withdrawn", TODAY, TODAY),
    ]


async def test_a_withdrawal_before_the_answer_is_refused(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await _open_file(pilot, app, ids["Zephyrine"])
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ConsentFormScreen))
        form = app.screen
        form.query_one("#input-kind", Select).value = "anonymised_reporting"
        form.query_one("#input-status", Select).value = "withdrawn"
        form.query_one("#input-method", Select).value = "written"
        form.query_one("#input-withdrawn_on", Input).value = str(TODAY - dt.timedelta(days=5))
        form.query_one("#input-recorded_on", Input).value = str(TODAY)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsentFormScreen)
        assert "Consent cannot be withdrawn before it was given." in screen_text(app)
