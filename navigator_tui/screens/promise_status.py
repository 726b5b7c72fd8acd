"""Mark a promise kept, broken, renegotiated or withdrawn (or open again)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlmodel import Session

from caseload import categories as cat
from caseload.models import Promise
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.widgets.form_field import FieldSpec

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("status", "Status", "choice", cat.PROMISE_STATUS, required=True),
    FieldSpec("status_changed_on", "On", "date", required=True),
    FieldSpec(
        "outcome_note",
        "Outcome note",
        max_length=1000,
        help="Needed when a promise is renegotiated or withdrawn.",
    ),
)


class PromiseStatusScreen(FormScreen[int]):
    form_title = "Update a promise"

    def __init__(self, survivor_id: int, promise_id: int) -> None:
        super().__init__()
        self.survivor_id = survivor_id
        self.promise_id = promise_id

    def _promise(self) -> Promise | None:
        cases = self.nav_app.cases
        case = cases.get(self.survivor_id) if cases else None
        if case is None:
            return None
        return next((p for p in case.promises if p.id == self.promise_id), None)

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        promise = self._promise()
        status = promise.status if promise else "open"
        if promise is not None:
            self.form_title = f"Update a promise: {promise.what}"
        return {
            "status": "kept" if status == "open" else status,
            "status_changed_on": self.nav_app.today(),
            "outcome_note": promise.outcome_note if promise else "",
        }

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        promise = self._promise()
        if values["status"] in ("renegotiated", "withdrawn") and not values["outcome_note"]:
            errors["outcome_note"] = "Say what changed, in a few words."
        if promise is not None and values["status_changed_on"] < promise.made_on:
            errors["status_changed_on"] = "The date cannot be before the promise was made."
        return errors

    def make_apply(self, values: dict[str, Any]) -> Callable[[Session], int]:
        def apply(session: Session) -> int:
            row = session.get(Promise, self.promise_id)
            if row is None:
                raise LookupError("promise not found")
            for name, value in values.items():
                setattr(row, name, value)
            session.add(row)
            return self.promise_id

        return apply
