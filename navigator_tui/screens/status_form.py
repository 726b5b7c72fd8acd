"""Pause, resume or close a case, with the day and the reason.  Dismisses with the
history entry's id; closing then offers the closing assessment at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from caseload import categories as cat
from caseload.changes.case_status import change_case_status
from caseload.saving import Session
from caseload.validation.records import Context
from caseload.validation.status_changes import STATUS_CHANGE
from navigator_tui.screens.form_screen import SurvivorRecordForm
from navigator_tui.widgets.form_field import FieldSpec

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("status", "The case becomes", "choice", cat.CASE_STATUS, required=True),
    FieldSpec("changed_on", "On", "date", required=True, after_intake=True),
    FieldSpec(
        "reason",
        "Why (a pause)",
        max_length=500,
        help="Needed for a pause: reviews that fall due while paused are excused.",
    ),
    FieldSpec("closure_reason", "Why (a closure)", "choice", cat.CLOSURE_REASON),
    FieldSpec("closure_reason_other", "Why (if other)"),
)


def _already_recorded(_session: Session, entry_id: int, _values: dict[str, Any],
                      _today: dt.date) -> int:
    """A retry after a save that failed once the change was committed: it is recorded."""
    return entry_id


class StatusFormScreen(SurvivorRecordForm):
    form_title = "Pause, resume or close the case"
    record_kind = STATUS_CHANGE
    add_record = staticmethod(change_case_status)
    edit_record = staticmethod(_already_recorded)

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def _status(self) -> str:
        case = self.case
        return case.survivor.status if case is not None else "open"

    def initial_values(self) -> dict[str, Any]:
        current = self._status()
        self.form_title = (
            f"The case is {cat.CASE_STATUS.label(current).lower()}: pause, resume or close it"
        )
        return {"status": "paused" if current == "open" else "open",
                "changed_on": self.nav_app.today()}

    def check_context(self) -> Context:
        case = self.case
        last = case.status_history[-1].changed_on if case and case.status_history else None
        return Context(
            self.nav_app.today(), self.intake_date(), {"current": self._status(), "last": last}
        )
