"""Record a promise made to a survivor.  Dismisses with the promise's id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from caseload import categories as cat
from caseload.changes.promises import edit_promise, make_promise
from caseload.validation.promises import PROMISE
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

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        return {"to_whom": "survivor", "by_whom": "navigator", "made_on": self.nav_app.today()}
