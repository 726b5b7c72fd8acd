"""Today: the worklist from the rules, grouped by urgency; enter opens the right tab."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from textual.widgets import DataTable, TabbedContent

from assessments.promises import OPEN_PROMISE_THRESHOLD
from assessments.worklist import build_worklist
from caseload.models import Promise
from navigator_tui.action_tabs import ACTION_TABS
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from navigator_tui.screens.today import TodayScreen
from navigator_tui.settings import Settings
from navigator_tui.snapshot import Caseload
from tests.app_support import (
    KNOWN,
    SIZE,
    TODAY,
    loaded,
    make_vault,
    open_app,
    reopen,
    screen_text,
    wait_for,
)


async def test_worklist_grouped_and_enter_opens_the_tab(vault_path: Path) -> None:
    make_vault(vault_path, demo=25)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        assert app.cases is not None
        expected = build_worklist(app.cases.files.values(), TODAY)
        assert expected and app.cases.worklist == expected
        table = screen.query_one("#today-table", DataTable)
        groups = [str(table.get_row_at(i)[0]) for i, t in enumerate(screen.targets) if t is None]
        assert groups[0].startswith("Overdue")
        # The first row after the first group title is the most urgent action.
        assert table.cursor_row == 1
        first = expected[0]
        assert str(table.get_row_at(1)[3]) == first.text(False)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        file_screen = app.screen
        assert file_screen.survivor_id == first.survivor_id  # type: ignore[attr-defined]
        assert file_screen.query_one("#file-tabs", TabbedContent).active == ACTION_TABS[first.kind]


async def test_today_in_discreet_mode(vault_path: Path) -> None:
    make_vault(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        text = screen_text(app)
        assert "Quill" in text  # every new case needs an intake assessment
        await pilot.press("f2")
        await pilot.pause()
        text = screen_text(app)
        names = [p for given, family, preferred, *_ in KNOWN for p in (given, family, preferred)]
        assert not [n for n in names if n and n in text]


def _add_open_promises(path: Path, survivor_id: int, count: int) -> None:
    vault = reopen(path)
    try:
        with vault.session() as session:
            for n in range(count):
                session.add(
                    Promise(
                        survivor_id=survivor_id,
                        what=f"Demo promise {n}",
                        made_on=TODAY - dt.timedelta(days=3),
                        due_on=TODAY + dt.timedelta(days=20),
                    )
                )
            session.commit()
        vault.save()
    finally:
        vault.close()


@pytest.mark.parametrize(("threshold", "warned"), [(2, True), (OPEN_PROMISE_THRESHOLD, False)])
async def test_over_promising_threshold_comes_from_the_settings(
    vault_path: Path, threshold: int, warned: bool
) -> None:
    ids = make_vault(vault_path)
    _add_open_promises(vault_path, ids["Quillon"], 2)
    app = open_app(vault_path, settings=Settings(open_promise_threshold=threshold))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.cases is not None

        def warnings(cases: Caseload) -> list[int]:
            return [a.survivor_id for a in cases.worklist if a.kind == "over_promising"]

        assert warnings(app.cases) == ([ids["Quillon"]] if warned else [])
        assert ("promises open at once" in screen_text(app)) is warned
        # The caseload's flag follows the same setting.
        assert ("many open promises" in app.cases.rows[ids["Quillon"]].flags) is warned
        # A one-survivor reload after a save keeps the same threshold.
        again = app.cases.with_case(ids["Quillon"], app.cases.get(ids["Quillon"]))
        assert warnings(again) == warnings(app.cases)
        assert again.rows[ids["Quillon"]].flags == app.cases.rows[ids["Quillon"]].flags


def test_threshold_setting_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    for bad in (1, 51, 2.5, True, "3"):
        path.write_text(json.dumps({"open_promise_threshold": bad}))
        assert Settings.load(path).open_promise_threshold == OPEN_PROMISE_THRESHOLD
    path.write_text(json.dumps({"open_promise_threshold": 3}))
    assert Settings.load(path).worklist_settings().open_promise_threshold == 3


async def test_the_selected_line_is_shown_in_full_at_80_columns(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    wording = "Fictional: ring the housing office about the lease " + "and the deposit " * 4
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            s.add(
                Promise(survivor_id=ids["Quillon"], what=wording.strip(), made_on=TODAY,
                        due_on=TODAY)  # fmt: skip
            )
            s.commit()
        vault.save()
    finally:
        vault.close()
    app = open_app(vault_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))
        screen = app.screen
        table = screen.query_one("#today-table", DataTable)
        row = next(i for i, d in enumerate(screen.details) if "housing office" in d)
        table.move_cursor(row=row)
        await pilot.pause()
        detail = " ".join(screen_text(app).split())
        assert wording.strip() in detail  # every word, wrapped under the list
        assert "Promise due today" in detail
