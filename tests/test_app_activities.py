"""The work beyond the caseload in the app: opened from the palette, added by typing,
shown in the table and the totals, corrected, filtered and deleted (asked first)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import select
from textual.widgets import DataTable, Input, Select, Static

from caseload.models import Activity
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.activities import ActivitiesScreen, totals
from navigator_tui.screens.activity_form import ActivityFormScreen
from navigator_tui.widgets.form_field import FormField
from tests.app_support import (
    SIZE,
    TODAY,
    answer,
    loaded,
    make_vault,
    open_app,
    reopen,
    saved_session,
    wait_for,
)


def _table(app: NavigatorApp) -> DataTable:
    return app.screen.query_one("#activities-table", DataTable)


def _rows(app: NavigatorApp) -> int:
    """The table's rows (-1 while the activities screen is not drawn)."""
    found = app.screen.query("#activities-table")
    return found.first(DataTable).row_count if found else -1


def _totals(app: NavigatorApp) -> str:
    return str(app.screen.query_one("#activities-totals", Static).render())


async def _type_into(pilot, app: NavigatorApp, name: str,  # noqa: ANN001
                     text: str | list[str]) -> None:
    field = app.screen.query_one(f"#input-{name}", Input)
    field.focus()
    await pilot.pause()
    await pilot.press(*text)


async def test_add_see_and_delete_an_activity(vault_path: Path) -> None:
    make_vault(vault_path)
    with saved_session(vault_path) as s:  # older than 12 months: in the table, not the totals
        s.add(Activity(kind="strategic_advice", date=TODAY - dt.timedelta(days=400),
                       reference="Op Oldfiction", theme="nrm"))
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p", *"work beyond")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivitiesScreen))
        await wait_for(pilot, lambda: _table(app).row_count == 1)
        assert "0 training sessions" in _totals(app)
        assert "0 pieces of strategic advice" in _totals(app)

        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivityFormScreen))
        await pilot.pause()
        form = app.screen
        form.query_one("#input-kind", Select).value = "training"
        await pilot.pause()
        # Only training's fields are shown.
        assert form.query_one("#field-attendees", FormField).display
        assert not form.query_one("#field-site_kind", FormField).display
        await _type_into(pilot, app, "audience", "Response officers")
        await _type_into(pilot, app, "organisation", "Testshire Police")
        await _type_into(pilot, app, "attendees", "0")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "at least 1 attendee" in str(
            form.query_one("#field-attendees .field-error", Static).render()))
        await pilot.press("backspace", "2", "4")
        await _type_into(pilot, app, "improved_pct", "87.5")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivitiesScreen))
        await wait_for(pilot, lambda: _table(app).row_count == 2)
        assert "1 training session, 24 people trained" in _totals(app)
        first = _table(app).get_row_at(0)
        assert first[1] == "Training" and "Response officers" in first[3]
        assert first[4] == "24 attended, 87.5% improved"

        # The filter shows one kind at a time.
        await pilot.press("f")  # strategic advice only
        assert _table(app).row_count == 1 and _table(app).get_row_at(0)[1] == "Strategic advice"
        await pilot.press("f", "f")  # training only
        assert _table(app).row_count == 1 and _table(app).get_row_at(0)[1] == "Training"
        await pilot.press("f")  # every kind again
        assert _table(app).row_count == 2

        # Corrected from the table (e), then deleted (x asks first).
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivityFormScreen))
        await pilot.pause()
        attendees = app.screen.query_one("#input-attendees", Input)
        assert attendees.value == "24"
        attendees.focus()
        await pilot.press("end", "backspace", "5")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivitiesScreen))
        await wait_for(pilot, lambda: "25 people trained" in _totals(app))

        await pilot.press("x")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConfirmScreen")
        await answer(pilot, "y")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivitiesScreen)
                       and _rows(app) == 1)
        await wait_for(pilot, lambda: "0 training sessions" in _totals(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ActivitiesScreen))
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            assert [a.kind for a in s.exec(select(Activity)).all()] == ["strategic_advice"]
    finally:
        vault.close()


def test_totals_count_the_last_12_months_only() -> None:
    from caseload.records import ActivityRow, row_of

    rows = [row_of(ActivityRow, a) for a in (
        Activity(id=1, kind="training", date=TODAY, attendees=10, record_key=1),
        Activity(id=2, kind="day_of_action", date=TODAY - dt.timedelta(days=364),
                 people_encountered=9, potential_victims_identified=3, record_key=1),
        Activity(id=3, kind="day_of_action", date=dt.date(2025, 3, 2),
                 people_encountered=9, potential_victims_identified=5, record_key=1),
    )]
    got = totals(rows, TODAY)
    assert (got.sessions, got.people_trained, got.days_of_action, got.potential_victims) == (
        1, 10, 1, 3)


async def test_the_screen_and_its_form_show_their_keys_and_help_lists_them(
    vault_path: Path,
) -> None:
    from tests.test_app_keys import check_screen

    make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.action_activities()
        await check_screen(pilot, app, ActivitiesScreen)
        await pilot.press("n")
        await check_screen(pilot, app, ActivityFormScreen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivitiesScreen))
        # Nothing to correct or delete: said, not an error.
        await wait_for(pilot, lambda: app.screen.activities is not None)  # type: ignore[attr-defined]
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ActivitiesScreen)


async def test_a_day_of_action_with_no_victims_found_is_corrected_as_it_was(
    vault_path: Path,
) -> None:
    make_vault(vault_path)
    with saved_session(vault_path) as s:
        s.add(Activity(kind="day_of_action", date=TODAY - dt.timedelta(days=3),
                       site_kind="nail_bar", people_encountered=12,
                       potential_victims_identified=0, referred=0))
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.action_activities()
        await wait_for(pilot, lambda: isinstance(app.screen, ActivitiesScreen)
                       and _rows(app) == 1)
        assert "0 potential victims identified" in _totals(app)
        assert _table(app).get_row_at(0)[4] == "12 met, 0 identified, 0 referred"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivityFormScreen))
        await pilot.pause()
        form = app.screen
        assert form.query_one("#input-potential_victims_identified", Input).value == "0"
        assert not form.query_one("#field-attendees", FormField).display
        await _type_into(pilot, app, "people_encountered", ["end", "0"])  # 120
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ActivitiesScreen))
        await wait_for(pilot, lambda: _table(app).get_row_at(0)[4].startswith("120 met"))
