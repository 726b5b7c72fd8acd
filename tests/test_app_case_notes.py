"""The file's Notes and Plan tabs and the review view, driven by keys: a note typed,
found by search, corrected and deleted; a goal set for the selected domain; the review
view read at 80x24; discreet mode hides the notes' and the goals' words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import select
from textual.widgets import DataTable, Input, TextArea

from caseload.models import Assessment, CaseNote, SupportGoal
from navigator_tui.app import NavigatorApp
from navigator_tui.screens.confirm import ConfirmScreen
from navigator_tui.screens.goal_form import GoalFormScreen
from navigator_tui.screens.note_form import NoteFormScreen
from navigator_tui.screens.review_view import ReviewViewScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from tests.app_support import (
    SIZE,
    TODAY,
    answer,
    make_vault,
    open_app,
    reopen,
    saved_session,
    screen_text,
    type_fast,
    wait_for,
)
from tests.test_app_forms import open_file


def _notes(app: NavigatorApp, sid: int) -> list[str]:
    """The notes as saved and read back (the file draws from them)."""
    case = app.cases.get(sid) if app.cases is not None else None
    return [n.text for n in case.notes] if case is not None else []


def _rows(screen: SurvivorFileScreen, table_id: str) -> list[list[str]]:
    table = screen.query_one(f"#{table_id}", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_a_note_typed_found_corrected_and_deleted(vault_path: Path) -> None:
    sid = make_vault(vault_path)["Quillon"]
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid, "notes")
        file = app.screen
        assert isinstance(file, SurvivorFileScreen)
        await wait_for(pilot, lambda: "No notes yet" in screen_text(app))
        for words in ("Fictional: rang the GP surgery", "Fictional: housing visit went well"):
            await pilot.press("n")
            await wait_for(pilot, lambda: isinstance(app.screen, NoteFormScreen))
            await wait_for(pilot, lambda: isinstance(app.screen.focused, TextArea))
            type_fast(app, *words, "ctrl+s")
            await wait_for(pilot, lambda: app.screen is file)
            await wait_for(pilot, lambda w=words: w in _notes(app, sid))  # type: ignore[misc]
        assert _notes(app, sid) == [
            "Fictional: rang the GP surgery", "Fictional: housing visit went well",
        ]  # fmt: skip
        assert [row[0] for row in _rows(file, "notes-table")] == ["2 Mar 2026"] * 2
        # The note just written is selected, shown in full below the list.
        assert "housing visit" in str(file.query_one("#notes-detail").render())

        # The search: any words, any letter case; enter goes back to the list.
        await pilot.press("slash")
        search = file.query_one("#notes-search", Input)
        assert file.focused is search
        type_fast(app, *"gp RANG")
        await wait_for(pilot, lambda: search.value == "gp RANG")
        await wait_for(pilot, lambda: len(_rows(file, "notes-table")) == 1)
        assert _rows(file, "notes-table")[0][1] == "Fictional: rang the GP surgery"
        assert "1 of 2 notes" in screen_text(app)
        await pilot.press("enter")
        assert file.focused is not search

        # Correct it (e), the form starting from its words.
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, NoteFormScreen))
        form = app.screen
        await wait_for(pilot, lambda: isinstance(form.focused, TextArea))
        await pilot.pause()
        type_fast(app, *" and the pharmacy", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is file)
        await wait_for(pilot, lambda: "pharmacy" in screen_text(app))
        assert isinstance(form, NoteFormScreen)
        assert "Fictional: rang the GP surgery and the pharmacy" in _notes(app, sid)
        detail = str(file.query_one("#notes-detail").render())
        assert "Fictional: rang the GP surgery and the pharmacy" in detail

        # Delete it (x), once asked.
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await answer(pilot, "y")
        await wait_for(pilot, lambda: len(_notes(app, sid)) == 1)
        await wait_for(pilot, lambda: _rows(file, "notes-table") == [])  # still filtered
        assert _notes(app, sid) == ["Fictional: housing visit went well"]
        # Escape in the search empties nothing and leaves the file open.
        await pilot.press("slash")
        await pilot.press("escape")
        assert app.screen is file and file.focused is not search


async def test_a_goal_set_on_the_plan_tab_for_the_selected_domain(vault_path: Path) -> None:
    sid = make_vault(vault_path)["Quillon"]
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid, "plan")
        file = app.screen
        assert isinstance(file, SurvivorFileScreen)
        await wait_for(pilot, lambda: "0 of 6 domains have a goal" in screen_text(app))
        await pilot.press("down")  # physical health
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalFormScreen))
        await wait_for(pilot, lambda: isinstance(app.screen.focused, TextArea))
        type_fast(app, *"Fictional: walk to the shops", "tab", *"Book the GP", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is file)
        await wait_for(pilot, lambda: "1 of 6 domains have a goal" in screen_text(app))
        rows = _rows(file, "plan-table")
        assert rows[1][:3] == ["Physical health", "Fictional: walk to the shops", "2 Mar 2026"]
        assert rows[1][4] == "Book the GP"
        assert "Fictional: walk to the shops" in str(file.query_one("#plan-detail").render())
        # Setting it again updates the domain's one goal.
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, GoalFormScreen))
        await wait_for(pilot, lambda: isinstance(app.screen.focused, TextArea))
        await pilot.pause()
        type_fast(app, *" daily", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is file)
        await wait_for(pilot, lambda: "walk to the shops daily" in screen_text(app))
        # x on a domain with no goal has nothing to remove; on one with a goal, asks.
        await pilot.press("down")
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is file
        await pilot.press("up")
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "the goal for physical health" in screen_text(app)
        await answer(pilot, "n")
        await wait_for(pilot, lambda: app.screen is file)
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            goals = s.exec(select(SupportGoal)).all()
    finally:
        vault.close()
    assert [(g.domain, g.goal, g.actions) for g in goals] == [
        ("physical_health", "Fictional: walk to the shops daily", "Book the GP")
    ]


def _assessed(path: Path, sid: int) -> None:
    def ratings(levels: dict[str, tuple[int, int]]) -> dict[str, dict[str, int | str]]:
        return Assessment.build_ratings(
            {(d, r): level for d, pair in levels.items() for r, level in zip(
                ("survivor", "navigator"), pair, strict=True)}  # fmt: skip
        )

    with saved_session(path) as s:
        s.add(Assessment(survivor_id=sid, date=TODAY - dt.timedelta(days=28), kind="intake",
                         ratings=ratings({"safety": (1, 2), "mental_health": (3, 3)})))  # fmt: skip
        s.add(Assessment(survivor_id=sid, date=TODAY, kind="review",
                         ratings=ratings({"safety": (4, 3), "mental_health": (2, 3)})))  # fmt: skip
        s.add(SupportGoal(survivor_id=sid, domain="safety", goal="Fictional: a safe flat"))


async def test_the_review_view_at_80x24(vault_path: Path) -> None:
    sid = make_vault(vault_path)["Quillon"]
    _assessed(vault_path, sid)
    app = open_app(vault_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_file(pilot, app, sid)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewViewScreen))
        await pilot.pause()
        lines = screen_text(app).splitlines()
        safety = next(line for line in lines if line.strip().startswith("Safety"))
        assert "1→4" in safety and "+3" in safety and "2→3" in safety
        mental = next(line for line in lines if line.strip().startswith("Mental health"))
        assert "3→2" in mental and "-1" in mental
        text = screen_text(app)
        assert "Goal: Fictional: a safe flat" in text
        assert "Legal status" in text and "Overall" in text  # all six on one screen
        body = app.screen.query_one("#review-body")
        assert body.max_scroll_y == 0  # nothing to scroll at 80x24
        await pilot.press("f2")  # discreet: the goal's words are hidden
        await pilot.pause()
        assert "safe flat" not in screen_text(app) and "Goal: (hidden)" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))


async def test_discreet_mode_hides_notes_and_goals(vault_path: Path) -> None:
    sid = make_vault(vault_path)["Quillon"]
    with saved_session(vault_path) as s:
        s.add(CaseNote(survivor_id=sid, written_on=TODAY, text="CanaryNoteWords"))
        s.add(SupportGoal(survivor_id=sid, domain="safety", goal="CanaryGoal",
                          actions="CanaryActions"))  # fmt: skip
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid, "notes")
        file = app.screen
        assert isinstance(file, SurvivorFileScreen)
        await wait_for(pilot, lambda: "CanaryNoteWords" in screen_text(app))
        await pilot.press("slash")
        type_fast(app, *"canary", "enter")
        await wait_for(pilot, lambda: file.query_one("#notes-search", Input).value == "canary")
        await pilot.press("f2")
        await pilot.pause()
        text = screen_text(app)
        assert "Canary" not in text and "canary" not in text and "(hidden)" in text
        file.show_tab("plan")
        await wait_for(pilot, lambda: bool(file.query("#plan-table")))
        await pilot.press("up", "up", "up", "up", "up", "down", "down", "down", "down")
        await pilot.pause()
        assert "Canary" not in screen_text(app)
        await pilot.press("e")  # the goal form masks its words too
        await wait_for(pilot, lambda: isinstance(app.screen, GoalFormScreen))
        await pilot.pause()
        assert "Canary" not in screen_text(app)


async def test_the_palette_offers_the_notes_the_goal_and_the_review(vault_path: Path) -> None:
    sid = make_vault(vault_path)["Quillon"]
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid)
        file = app.screen
        for words, opened in (
            ("Review view", ReviewViewScreen),
            ("Write a note", NoteFormScreen),
            ("Set a support plan goal", GoalFormScreen),
        ):
            await pilot.press("ctrl+p")
            await pilot.press(*words)
            await pilot.pause(0.3)
            await pilot.press("enter")
            await wait_for(pilot, lambda o=opened: isinstance(app.screen, o))  # type: ignore[misc]
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is file)
        await pilot.press("ctrl+p")
        await pilot.press(*"Search the notes")
        await pilot.pause(0.3)
        await pilot.press("enter")
        assert isinstance(file, SurvivorFileScreen)
        await wait_for(pilot, lambda: bool(file.query("#notes-search")))
        await wait_for(pilot, lambda: file.focused is file.query_one("#notes-search", Input))
