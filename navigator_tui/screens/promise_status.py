"""Mark a promise kept, broken, renegotiated or withdrawn (or open again).

A broken promise asks whether the survivor has been told (one not told stays on the
worklist until they are); the file then offers a follow-up promise.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from caseload import categories as cat
from caseload.changes.promises import set_promise_status
from caseload.models import Promise
from caseload.saving import Change
from caseload.validation.promises import PROMISE_STATUS
from caseload.validation.records import Context
from navigator_tui.discreet import private
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.widgets.form_field import FieldSpec

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("status", "Status", "choice", cat.PROMISE_STATUS, required=True),
    FieldSpec("status_changed_on", "On", "date", required=True),
    FieldSpec(
        "outcome_note",
        "Outcome note",
        "note",
        max_length=1000,
        help="Needed when a promise is renegotiated or withdrawn.",
    ),
    FieldSpec(
        "survivor_told",
        "Have they been told?",
        "choice",
        cat.PROMISE_TOLD,
        help="Asked when a promise is broken: 'Not yet' keeps it on Today until they are.",
    ),
)


class PromiseStatusScreen(FormScreen[int]):
    form_title = "Update a promise"
    record_kind = PROMISE_STATUS

    def __init__(self, survivor_id: int, promise_id: int) -> None:
        super().__init__()
        self.survivor_id = survivor_id
        self.promise_id = promise_id

    def _promise(self) -> Promise | None:
        case = self.case
        if case is None:
            return None
        return next((p for p in case.promises if p.id == self.promise_id), None)

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        promise = self._promise()
        status = promise.status if promise else "open"
        if promise is not None:
            self.form_title = f"Update a promise: {private(promise.what, self.nav_app.discreet)}"
        return {
            "status": "kept" if status == "open" else status,
            "status_changed_on": self.nav_app.today(),
            "outcome_note": promise.outcome_note if promise else "",
            "survivor_told": promise.survivor_told if promise else "",
        }

    def check_context(self) -> Context:
        promise = self._promise()
        extra = {"made_on": promise.made_on} if promise is not None else {}
        return Context(self.nav_app.today(), self.intake_date(), extra)

    def make_apply(self, values: dict[str, Any]) -> Change[int]:
        promise_id, today = self.promise_id, self.nav_app.today()
        return lambda session: set_promise_status(session, promise_id, values, today)
