"""A referral is added on the file, shows on Today when it is time to follow up, and is
moved on through its states, each step kept in its history."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from textual.widgets import DataTable, Input, Select, TabbedContent

from caseload.models import Provider, RecordCorrection, Referral
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.referral_form import ReferralFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.screens.today import TodayScreen
from tests.app_support import SIZE, TODAY, make_vault, open_app, reopen, wait_for
from tests.test_app_forms import field_error, open_file, text_of


def _add_directory(vault_path: Path) -> None:
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            s.add(Provider(name="Example Housing Trust (demo)", service_kinds="housing",
                           languages="English;Albanian", area="Northvale"))
            s.add(Provider(name="Sample Legal Advice (demo)", service_kinds="legal",
                           languages="English"))
            s.commit()
        vault.save()
    finally:
        vault.close()


async def _type_into(pilot, app: NavigatorApp, name: str, text: str) -> None:  # noqa: ANN001
    field = app.screen.query_one(f"#input-{name}", Input)
    field.focus()
    await pilot.press("ctrl+u", *text)


async def test_add_a_referral_follow_it_up_from_today_and_move_it_on(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    _add_directory(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Marigold"])
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ReferralFormScreen))
        form = app.screen
        form.query_one("#input-service_kind", Select).focus()
        await pilot.press("enter", "down", "enter")  # the first service: Housing
        await wait_for(pilot, lambda: "Example Housing Trust" in text_of(
            app, "#referral-providers"))
        assert "Sample Legal" not in text_of(app, "#referral-providers")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert field_error(app, "provider_name") == "Say which provider it was sent to."
        await _type_into(pilot, app, "provider_name", "example housing trust (demo)")
        await _type_into(pilot, app, "follow_up_on", TODAY.isoformat())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        file_screen = app.screen
        assert file_screen.query_one("#file-tabs", TabbedContent).active == "referrals"
        assert "1 open of 1 referrals, 1 to chase or check" in text_of(app, "#referrals-summary")

        await pilot.press("f3")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        await pilot.pause()
        table = app.screen.query_one("#today-table", DataTable)
        rows = [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        assert any("Referral to housing: follow-up due today" in r for r in rows), rows

        await open_file(pilot, app, ids["Marigold"], "referrals")
        await pilot.press("enter")  # the selected referral: move it on
        await wait_for(pilot, lambda: isinstance(app.screen, ReferralFormScreen))
        app.screen.query_one("#input-status", Select).value = "started"
        await _type_into(pilot, app, "follow_up_on", "")
        await _type_into(pilot, app, "started_on", TODAY.isoformat())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        assert "1 open of 1 referrals." in text_of(app, "#referrals-summary")
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            referral = s.exec(select(Referral)).one()
            provider = s.exec(select(Provider).where(
                Provider.name == "Example Housing Trust (demo)")).one()
            steps = s.exec(select(RecordCorrection).where(
                RecordCorrection.record_kind == "referral")).all()
        assert (referral.status, referral.started_on, referral.referred_on) == (
            "started", TODAY, TODAY)
        assert referral.provider_id == provider.id and referral.follow_up_on is None
        assert {step.field for step in steps} >= {"status", "started_on", "follow_up_on"}
    finally:
        vault.close()
