"""Caseload table: type to filter, sort by any column, status filter, open a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Input, Select

from caseload.models import Survivor
from navigator_tui.case_rows import CaseRow
from navigator_tui.screens.caseload import CaseloadScreen, sorted_rows
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


def shown_refs(screen: CaseloadScreen) -> list[str]:
    return [row.case_ref for row in screen.shown]


def table_names(screen: CaseloadScreen) -> list[str]:
    table = screen.query_one("#caseload-table", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def test_filter_sort_and_open(vault_path: Path) -> None:
    ids = make_vault(vault_path, demo=30)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f4")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        await wait_for(pilot, lambda: len(screen.shown) == 33)

        # Type to filter, by name, by officer and by force.
        await pilot.press(*"quil")
        await wait_for(pilot, lambda: len(screen.shown) == 1)
        assert table_names(screen) == ["Quill"]
        filter_input = screen.query_one("#caseload-filter", Input)
        filter_input.value = ""
        await pilot.press(*"ds sample")
        await wait_for(pilot, lambda: table_names(screen) == ["Zephyrine"])
        filter_input.value = ""
        await pilot.press(*"kent (demo)")
        await wait_for(pilot, lambda: sorted(table_names(screen)) == ["Goldie", "Zephyrine"])

        # Sort by name with the keyboard (s cycles the column, r reverses).
        await pilot.press("down")  # into the table
        assert screen.query_one("#caseload-table", DataTable).has_focus
        await pilot.press("s")
        assert screen.sort_key == "name"
        assert table_names(screen) == ["Goldie", "Zephyrine"]
        await pilot.press("r")
        assert table_names(screen) == ["Zephyrine", "Goldie"]

        # Enter opens the selected survivor's file.
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        assert app.screen.survivor_id == ids["Zephyrine"]  # type: ignore[attr-defined]
        assert "Zephyrine Placeholder" in screen_text(app)


async def test_status_filter_and_header_sort(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    vault = reopen(vault_path)
    with vault.session() as session:
        survivor = session.get(Survivor, ids["Marigold"])
        assert survivor is not None
        survivor.status = "closed"
        survivor.closed_on = TODAY - dt.timedelta(days=1)
        survivor.closure_reason = "support_complete"
        session.add(survivor)
        session.commit()
    vault.save()
    vault.close()
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.action_caseload()
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        await wait_for(pilot, lambda: len(screen.shown) == 3)
        screen.query_one("#status-filter", Select).value = "closed"
        await wait_for(pilot, lambda: table_names(screen) == ["Goldie"])
        screen.query_one("#status-filter", Select).value = "open"
        await wait_for(pilot, lambda: sorted(table_names(screen)) == ["Quill", "Zephyrine"])
        # Clicking a column header sorts by it; clicking again reverses.
        await pilot.click("#caseload-table", offset=(14, 0))
        assert screen.sort_key == "name"
        assert table_names(screen) == ["Quill", "Zephyrine"]
        await pilot.click("#caseload-table", offset=(14, 0))
        assert table_names(screen) == ["Zephyrine", "Quill"]


async def test_thousands_of_survivors_stay_responsive(vault_path: Path) -> None:
    make_vault(vault_path, demo=1500, known=False)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.action_caseload()
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        await wait_for(pilot, lambda: len(screen.rows) == 1500)
        table = screen.query_one("#caseload-table", DataTable)
        assert table.row_count == 1000  # capped: the rest is reached by typing
        assert "first 1000 shown" in screen_text(app)
        ref = screen.rows[1234].case_ref
        screen.query_one("#caseload-filter", Input).value = ref.lower()
        await wait_for(pilot, lambda: shown_refs(screen) == [ref])


def test_status_sorts_in_the_order_a_case_lives_with_empty_values_last() -> None:
    rows = [
        CaseRow(i, f"NAV-{i}", name, name[0], status)
        for i, (name, status) in enumerate(
            [("Closedina", "closed"), ("Openella", "open"), ("Pausette", "paused")]
        )
    ]
    by_status = sorted_rows(rows, "status", reverse=False, discreet=False)
    assert [r.status for r in by_status] == ["open", "paused", "closed"]
    assert [r.status for r in sorted_rows(rows, "status", True, False)] == [
        "closed",
        "paused",
        "open",
    ]
    assert [r.status for r in sorted_rows(rows, "next_update", False, False)] == [
        "closed",
        "open",
        "paused",
    ]  # all empty: the order they came in
