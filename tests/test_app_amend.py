"""Amending a saved assessment from the Recovery tab: recorded per field, history visible."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlmodel import select
from textual.widgets import Static

from assessments.wording import day_words
from caseload.domains import DOMAINS, RATERS
from caseload.models import Assessment, AssessmentAmendment
from navigator_tui.amendment_words import AmendmentEntry, change_lines
from navigator_tui.screens.assessment_form import AssessmentFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.screens.survivor_form import SurvivorFormScreen
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

INTAKE_DAY = TODAY - dt.timedelta(days=20)


def add_intake(path: Path, survivor_id: int) -> int:
    vault = reopen(path)
    try:
        with vault.session() as session:
            ratings = Assessment.build_ratings({(d, r): 3 for d in DOMAINS for r in RATERS})
            row = Assessment(
                survivor_id=survivor_id, date=INTAKE_DAY, kind="intake", ratings=ratings
            )
            session.add(row)
            session.commit()
            assert row.id is not None
            assessment_id = row.id
        vault.save()
    finally:
        vault.close()
    return assessment_id


async def test_amend_a_rating_by_keys_records_one_amendment(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    assessment_id = add_intake(vault_path, ids["Quillon"])
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_survivor(ids["Quillon"])
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        file_screen = app.screen
        # On the overview "e" edits the survivor's facts...
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFormScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is file_screen)
        # ...on the Recovery tab it amends the selected assessment (and says so).
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert app.screen.active_bindings["e"].binding.action == "amend_assessment"
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, AssessmentFormScreen))
        form = app.screen
        assert isinstance(form, AssessmentFormScreen)
        assert day_words(INTAKE_DAY) in screen_text(app)  # pre-filled
        await wait_for(pilot, lambda: form.amendments is not None)
        assert "None yet" in str(form.query_one("#amendments", Static).render())
        # The first rating (mental health, survivor) was 3: type 4 and save.
        await pilot.press("enter", "4", "ctrl+s")  # from the date to the first rating
        await wait_for(pilot, lambda: app.screen is file_screen)
        await pilot.pause()
        assert "4 / 3" in screen_text(app)

        # Open it again with enter on the row: the change is listed with old and new.
        app.screen.query_one("#assessments-table").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AssessmentFormScreen))
        form = app.screen
        assert isinstance(form, AssessmentFormScreen)
        await wait_for(pilot, lambda: bool(form.amendments))
        history = str(form.query_one("#amendments", Static).render())
        assert "Mental health, survivor's rating: 3 -> 4" in history
        # Saving without a change records nothing more.
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is file_screen)

    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            stored = session.get(Assessment, assessment_id)
            amendments = session.exec(select(AssessmentAmendment)).all()
        assert stored is not None
        assert stored.ratings["mental_health"] == {"survivor": 4, "navigator": 3}
        assert stored.ratings["safety"] == {"survivor": 3, "navigator": 3}
        assert len(amendments) == 1
        amendment = amendments[0]
        assert (amendment.assessment_id, amendment.field) == (assessment_id, "ratings")
        assert json.loads(amendment.old_value)["mental_health"]["survivor"] == 3
        assert json.loads(amendment.new_value)["mental_health"]["survivor"] == 4
    finally:
        vault.close()


def test_change_lines_name_each_field_in_words() -> None:
    when = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
    old = {"safety": {"survivor": 2, "navigator": 3}}
    new = {"safety": {"survivor": "declined", "navigator": 3}}
    ratings = AmendmentEntry(when, "navigator", "ratings", json.dumps(old), json.dumps(new))
    assert change_lines(ratings) == ["Safety, survivor's rating: 2 -> missing (declined)"]
    kind = AmendmentEntry(when, "navigator", "kind", '"intake"', '"review"')
    assert change_lines(kind) == ["Kind: Intake -> Review"]
    day = AmendmentEntry(when, "navigator", "date", '"2026-01-01"', '"2026-01-03"')
    assert change_lines(day) == ["Date: 2026-01-01 -> 2026-01-03"]
