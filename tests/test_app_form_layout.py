"""What a form shows when it opens: its title (naming the record it changes), the first
field's label, and on the assessment form the level descriptors whichever rating has
the focus."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import select
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from caseload.domains import DOMAIN_LABELS
from caseload.models import Assessment, ContactAgreement, Promise
from navigator_tui.screens.agreement_form import AgreementFormScreen
from navigator_tui.screens.assessment_form import AssessmentFormScreen
from navigator_tui.screens.contact_form import ContactFormScreen
from navigator_tui.screens.export import ExportScreen
from navigator_tui.screens.promise_status import PromiseStatusScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.widgets.key_bar import ScreenKeys
from navigator_tui.widgets.rating_picker import RatingPicker
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
from tests.test_app_forms import open_file


def add_promises(path: Path, survivor_id: int, *whats: str) -> None:
    vault = reopen(path)
    try:
        with vault.session() as session:
            for what in whats:
                session.add(
                    Promise(
                        survivor_id=survivor_id,
                        what=what,
                        by_whom="navigator",
                        made_on=TODAY - dt.timedelta(days=3),
                    )
                )
            session.commit()
        vault.save()
    finally:
        vault.close()


async def test_a_form_opens_at_its_title_and_first_label(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Quillon"])
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#input-contact_date").has_focus
        assert app.screen.query_one("#form-body", VerticalScroll).scroll_y == 0
        text = screen_text(app)
        assert "Log a contact" in text
        assert "Date *" in text


async def test_the_promise_form_names_the_selected_promise(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    add_promises(vault_path, ids["Quillon"], "Ring the GP surgery", "Find a swimming pool")
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Quillon"], "promises")
        # The tabs have the focus: down moves the promises' row cursor all the same.
        await pilot.press("down", "k")
        await wait_for(pilot, lambda: isinstance(app.screen, PromiseStatusScreen))
        await pilot.pause()
        title = str(app.screen.query_one("#form-title", Static).render())
        assert title == "Update a promise: Find a swimming pool"
        await pilot.press("ctrl+s")  # kept, today
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        case = app.cases.get(ids["Quillon"]) if app.cases else None
        assert case is not None
        assert {p.what: p.status for p in case.promises} == {
            "Ring the GP surgery": "open",
            "Find a swimming pool": "kept",
        }


async def test_descriptors_stay_in_view_while_rating(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Quillon"])
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AssessmentFormScreen))
        await pilot.press("enter")  # from the date to the first rating
        await pilot.pause()
        # The first rating has the focus, then (after ten digits) the last domain's.
        for digits, domain in (("", "mental_health"), ("3333333333", "legal_status")):
            await pilot.press(*digits)
            await pilot.pause()
            picker = app.focused
            assert isinstance(picker, RatingPicker) and picker.domain == domain
            label = DOMAIN_LABELS[domain]
            descriptors = app.screen.query_one("#descriptors", Static)
            assert str(descriptors.render()).startswith(label)
            assert app.screen.find_widget(descriptors).region.bottom <= app.screen.region.height
            assert f"{label} (survivor's rating" in screen_text(app)
        await pilot.press("3", "3", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            assert len(session.exec(select(Assessment)).all()) == 1
    finally:
        vault.close()


async def test_discreet_mode_hides_the_code_word(vault_path: Path, tmp_path: Path) -> None:
    ids = make_vault(vault_path)
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            session.add(
                ContactAgreement(
                    survivor_id=ids["Quillon"],
                    agreed_on=TODAY - dt.timedelta(days=20),
                    code_word="Zqlantern",
                )
            )
            session.commit()
        vault.save()
    finally:
        vault.close()
    app = open_app(vault_path, settings_file=tmp_path / "settings.json")
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, ids["Quillon"], "agreement")
        assert "Zqlantern" in screen_text(app)
        await pilot.press("f2")
        await pilot.pause()
        assert "Zqlantern" not in screen_text(app)
        assert "(hidden)" in screen_text(app)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, AgreementFormScreen))
        await pilot.pause()
        code_word = app.screen.query_one("#input-code_word", Input)
        assert code_word.password and code_word.value == "Zqlantern"


async def test_export_says_export_and_focuses_what_to_fix(vault_path: Path) -> None:
    make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.pause()
        keys = {key.key: key.description for key in app.screen.query_one(ScreenKeys).keys()}
        assert keys["ctrl+s"] == "Export"
        folder = app.screen.query_one("#input-folder", Input)
        folder.value = str(vault_path.parent / "no such folder")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert folder.has_focus
        assert "This folder does not exist." in screen_text(app)


async def test_new_survivor_shows_every_required_field_at_120x40(vault_path: Path) -> None:
    """Two short fields a line from 120 columns: the whole of New survivor's required
    part is on the first screen, nothing to scroll for."""
    from navigator_tui.screens.survivor_form import SurvivorFormScreen
    from navigator_tui.widgets.form_field import FormField

    make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFormScreen))
        await pilot.pause()
        body = app.screen.query_one("#form-body").region
        required = [f for f in app.screen.query(FormField) if f.spec.required]
        assert len(required) >= 14
        off_screen = [f.spec.name for f in required if f.region.bottom > body.bottom]
        assert off_screen == []
