"""'Other (specify)' in the agreement and contact forms: refused without its words next
to the field, saved with them, and the words shown on the survivor file's tabs."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from textual.widgets import DataTable, Input, Select, SelectionList, TabbedContent

from caseload.models import ContactAgreement, ContactLog
from caseload.validation.records import OTHER_TEXT_MISSING
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.agreement_form import AgreementFormScreen
from navigator_tui.screens.contact_form import ContactFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from tests.app_support import SIZE, make_vault, open_app, reopen, wait_for
from tests.test_app_forms import field_error, form_status, open_file, text_of


def _input(app: NavigatorApp, name: str) -> Input:
    return app.screen.query_one(f"#input-{name}", Input)


async def test_agreement_other_choices_need_their_words(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Quillon"])
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementFormScreen))
        channels = app.screen.query_one("#input-channels", SelectionList)
        channels.select("in_person")
        channels.select("other")
        app.screen.query_one("#input-update_frequency", Select).value = "other"
        app.screen.query_one("#input-detail_level", Select).value = "other"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AgreementFormScreen)
        for name in ("channels_other", "update_frequency_other", "detail_level_other"):
            assert field_error(app, name) == OTHER_TEXT_MISSING, name
        assert "Not saved: 3 things to fix." in form_status(app)
        assert _input(app, "channels_other").has_focus  # the first of them, in form order
        assert app.cases is not None and app.cases.get(ids["Quillon"]).agreement is None

        _input(app, "channels_other").value = "Through her support worker"
        _input(app, "update_frequency_other").value = "After payday"
        _input(app, "detail_level_other").value = "Dates only"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        app.screen.query_one("#file-tabs", TabbedContent).active = "agreement"
        await pilot.pause()
        facts = text_of(app, "#agreement-facts")
        assert "In person, Through her support worker" in facts
        assert "Other: After payday; reminded every 30 days" in facts
        assert "Dates only" in facts
        assert "Other (specify)" not in facts
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            row = s.exec(select(ContactAgreement)).one()
    finally:
        vault.close()
    assert (row.channels, row.update_frequency, row.detail_level) == (
        "in_person;other", "other", "other"
    )
    assert (row.channels_other, row.update_frequency_other, row.detail_level_other) == (
        "Through her support worker", "After payday", "Dates only"
    )


async def test_contact_other_channel_and_outcome_need_their_words(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Quillon"])
        before = text_of(app, "#overview-facts")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        app.screen.query_one("#input-channel", Select).value = "other"
        app.screen.query_one("#input-outcome", Select).value = "other"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ContactFormScreen)
        assert field_error(app, "channel_other") == OTHER_TEXT_MISSING
        assert field_error(app, "outcome_other") == OTHER_TEXT_MISSING
        assert field_error(app, "who_other") == ""
        assert _input(app, "channel_other").has_focus

        _input(app, "channel_other").value = "Video call"
        _input(app, "outcome_other").value = "Line dropped"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        # An outcome 'other' is not a successful contact: the update is still overdue.
        assert text_of(app, "#overview-facts") == before
        row = app.screen.query_one("#contacts-table", DataTable).get_row_at(0)
        assert "Video call" in row and "Line dropped" in row
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            contact = s.exec(select(ContactLog)).one()
    finally:
        vault.close()
    assert (contact.channel, contact.channel_other) == ("other", "Video call")
    assert (contact.outcome, contact.outcome_other) == ("other", "Line dropped")


async def test_words_of_an_other_no_longer_chosen_are_not_kept(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Quillon"])
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        app.screen.query_one("#input-channel", Select).value = "other"
        _input(app, "channel_other").value = "Video call with Demo Person"
        app.screen.query_one("#input-channel", Select).value = "phone_call"  # changed mind
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            contact = s.exec(select(ContactLog)).one()
    finally:
        vault.close()
    assert (contact.channel, contact.channel_other) == ("phone_call", "")


async def test_an_if_other_field_shows_only_once_other_is_chosen(vault_path: Path) -> None:
    from navigator_tui.screens.survivor_form import SurvivorFormScreen

    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Quillon"])
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        await pilot.pause()
        form = app.screen
        other = form.query_one("#field-channel_other")
        assert not other.display and not form.query_one("#field-outcome_other").display
        form.query_one("#input-channel", Select).value = "other"
        await wait_for(pilot, lambda: other.display)
        _input(app, "channel_other").value = "Fictional: through her support worker"
        form.query_one("#input-channel", Select).value = "email"
        await pilot.pause()
        assert other.display  # what was typed is never hidden
        await pilot.press("escape")
        await pilot.pause()
        app.screen.dismiss(True)  # discard (the question itself is tested elsewhere)
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        app.screen.show_tab("overview")  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("e")  # the case facts: closure fields only for a closed case
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFormScreen))
        await pilot.pause()
        facts = app.screen
        closed_on = facts.query_one("#field-closed_on")
        assert not closed_on.display and not facts.query_one("#field-closure_reason").display
        facts.query_one("#input-status", Select).value = "closed"
        await wait_for(pilot, lambda: closed_on.display)
        assert facts.query_one("#field-closure_reason").display
        assert not facts.query_one("#field-closure_reason_other").display
