"""Set the support plan's goal of one recovery domain: the survivor's goal in their own
words, the actions agreed and when (one goal a domain: saving one for a domain that has
a goal updates it, the old words kept in the case's history)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widgets import TextArea

from caseload.changes.goals import save_goal
from caseload.domains import DOMAIN_LABELS, DOMAINS
from caseload.saving import Change, Session
from caseload.validation.goals import GOAL_MAX_LENGTH, RECOVERY_DOMAIN, SUPPORT_GOAL
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.widgets.form_field import FieldSpec

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("domain", "Recovery domain", "choice", RECOVERY_DOMAIN, required=True),
    FieldSpec(
        "goal",
        "Their goal, in their words",
        "note",
        required=True,
        max_length=GOAL_MAX_LENGTH,
        help="As the survivor says it. Enter starts a new line; ctrl+s saves.",
    ),
    FieldSpec("actions", "Actions agreed", "note", max_length=GOAL_MAX_LENGTH),
    FieldSpec("agreed_on", "Agreed on", "date"),
)


class GoalFormScreen(FormScreen[int]):
    """The goal of ``domain`` (the one selected on the Support plan tab)."""

    form_title = "Support plan: set a goal"
    record_kind = SUPPORT_GOAL
    AUTO_FOCUS = "#input-goal"

    def __init__(self, survivor_id: int, domain: str = DOMAINS[0]) -> None:
        super().__init__()
        self.survivor_id = survivor_id
        self.domain = domain if domain in DOMAINS else DOMAINS[0]
        self.form_title = f"Support plan: the goal for {DOMAIN_LABELS[self.domain].lower()}"

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        case = self.case
        goal = next((g for g in case.goals if g.domain == self.domain), None) if case else None
        if goal is None:
            return {"domain": self.domain, "agreed_on": self.nav_app.today()}
        return {spec.name: getattr(goal, spec.name) for spec in FIELDS}

    def on_mount(self) -> None:
        self.call_after_refresh(self._to_the_end)

    def _to_the_end(self) -> None:
        """Their words go on from the end (a goal set before is changed, not retyped)."""
        found = self.query("#input-goal")
        area = found.first() if found else None
        if isinstance(area, TextArea):  # masked in discreet mode: a one-line field
            area.move_cursor(area.document.end)

    def make_apply(self, values: dict[str, Any]) -> Change[int]:
        survivor_id, today = self.survivor_id, self.nav_app.today()

        def apply(session: Session) -> int:
            return save_goal(session, survivor_id, values, today)  # one a domain: a retry updates

        return apply
