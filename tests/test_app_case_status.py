"""Case status as actions from the survivor file: pause (with a reason), resume, close
(with a reason, then the closing assessment at once); the Overview shows the history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import select
from textual.widgets import Input, Select

from caseload.models import CaseStatusChange
from navigator_tui.screens.assessment_form import AssessmentFormScreen
from navigator_tui.screens.status_form import StatusFormScreen
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


async def test_pause_resume_then_close_from_the_file(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    sid = ids["Marigold"]
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_survivor(sid)
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        file = app.screen
        await pilot.pause()

        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusFormScreen))
        form = app.screen
        await pilot.pause()
        assert form.query_one("#input-status", Select).value == "paused"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert field_error(app, "reason") == "Say why support is paused."
        form.query_one("#input-changed_on", Input).value = str(TODAY - dt.timedelta(days=3))
        reason = form.query_one("#input-reason", Input)
        reason.focus()
        await pilot.press(*"Fictional: asked for a break")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is file)
        await pilot.pause()
        assert "Paused" in screen_text(app)
        assert "paused 27 Feb 2026 (Fictional: asked for a break)" in screen_text(app)

        await pilot.press("s")  # resume: what it becomes starts as open
        await wait_for(pilot, lambda: isinstance(app.screen, StatusFormScreen))
        await pilot.pause()
        assert app.screen.query_one("#input-status", Select).value == "open"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is file)

        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusFormScreen))
        form = app.screen
        form.query_one("#input-status", Select).value = "closed"
        form.query_one("#input-closure_reason", Select).value = "support_complete"
        await pilot.press("ctrl+s")
        # Closing offers the closing assessment at once.
        await wait_for(pilot, lambda: isinstance(app.screen, AssessmentFormScreen))
        await pilot.pause()
        assert app.screen.query_one("#input-kind", Select).value == "closing"
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is file)
        file.show_tab("overview")  # type: ignore[attr-defined]
        await pilot.pause()
        text = screen_text(app)
        assert "resumed 2 Mar 2026" in text and "closed 2 Mar 2026" in text

    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            rows = s.exec(
                select(CaseStatusChange.changed_on, CaseStatusChange.status)
                .where(CaseStatusChange.survivor_id == sid)
                .order_by(CaseStatusChange.id)
            ).all()
    finally:
        vault.close()
    assert [(str(d), st) for d, st in rows] == [
        ("2026-02-27", "paused"), ("2026-03-02", "open"), ("2026-03-02", "closed")
    ]


async def test_a_change_before_the_last_is_refused(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    sid = ids["Zephyrine"]
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        app.open_survivor(sid)
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.pause()
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusFormScreen))
        form = app.screen
        form.query_one("#input-reason", Input).value = "Fictional: in hospital"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, StatusFormScreen))
        form = app.screen
        form.query_one("#input-changed_on", Input).value = str(TODAY - dt.timedelta(days=1))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "this change cannot come before it" in field_error(app, "changed_on")
