"""At a review the assessment form shows the support plan beside the ratings: the
focused domain's goal in the survivor's words and the actions agreed (hidden when
discreet)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from caseload.changes.goals import save_goal
from navigator_tui.screens.assessment_form import AssessmentFormScreen
from tests.app_support import SIZE, TODAY, make_vault, open_app, reopen, wait_for
from tests.test_app_forms import open_file


def _with_goal(vault_path: Path, survivor_id: int) -> None:
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            save_goal(s, survivor_id, {"domain": "mental_health", "goal": "Sleep better",
                                       "actions": "GP appointment"}, TODAY)
            s.commit()
        vault.save()
    finally:
        vault.close()


async def _descriptors(vault_path: Path, survivor_id: int, discreet: bool) -> str:
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, survivor_id)
        if discreet:
            await pilot.press("f2")
            await pilot.pause()
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, AssessmentFormScreen))
        await pilot.pause()
        await pilot.press("enter")  # from the date to the first rating: mental health
        await pilot.pause()
        return str(app.screen.query_one("#descriptors", Static).render())


async def test_the_focused_domain_shows_its_goal_and_actions(vault_path: Path) -> None:
    ids = make_vault(vault_path)
    _with_goal(vault_path, ids["Marigold"])
    shown = await _descriptors(vault_path, ids["Marigold"], discreet=False)
    assert "Mental health" in shown
    assert "Their goal: Sleep better · agreed: GP appointment" in shown
    hidden = await _descriptors(vault_path, ids["Marigold"], discreet=True)
    assert "Their goal:" in hidden and "Sleep better" not in hidden
