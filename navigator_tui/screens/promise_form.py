"""Record a promise made to a survivor, or correct one.  Dismisses with its id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Static

from caseload import categories as cat
from caseload.changes.promises import edit_promise, make_promise
from caseload.validation.promises import PROMISE
from navigator_tui.discreet import private
from navigator_tui.screens.form_screen import SurvivorRecordForm
from navigator_tui.widgets.form_field import FieldSpec

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("what", "What was promised", required=True, max_length=500),
    FieldSpec("to_whom", "To whom"),
    FieldSpec("by_whom", "Promised by", "choice", cat.PROMISE_BY, required=True),
    FieldSpec("by_whom_other", "Agency (if other)"),
    FieldSpec("made_on", "Made on", "date", required=True, after_intake=True),
    FieldSpec("due_on", "Due on", "date", help="Small, near promises build trust.", future=True),
)


class PromiseFormScreen(SurvivorRecordForm):
    form_title = "Add a promise"
    record_kind = PROMISE
    add_record = staticmethod(make_promise)
    edit_record = staticmethod(edit_promise)
    records_attr = "promises"
    correction_kind = "promise"
    correction_title = "Correct a promise (its wording, its dates; the old values are kept)"

    def __init__(
        self, survivor_id: int, record_id: int | None = None, follows: str | None = None
    ) -> None:
        """``follows``: the wording of the broken promise this one follows up."""
        super().__init__(survivor_id, record_id)
        self.follows = follows
        if follows is not None:
            self.form_title = "Add a follow-up promise"

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def compose_intro(self) -> ComposeResult:
        if self.follows is not None:
            yield Static(
                f"Following up the broken promise: {private(self.follows, self.nav_app.discreet)}"
                "\nSmall and near: something you are sure can be kept.",
                id="promise-follows",
                classes="field-help",
            )

    def initial_values(self) -> dict[str, Any]:
        saved = self.saved_values()
        if saved is not None:
            return saved
        return {"to_whom": "survivor", "by_whom": "navigator", "made_on": self.nav_app.today()}
