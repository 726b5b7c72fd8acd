"""Add or correct an activity: strategic advice, a day of action or training delivered.

Checked by the core's activity validator (:mod:`caseload.validation.activities`), the
same as ``navigator import activities``; written by :mod:`caseload.changes.activities`.
Only the fields of the chosen kind are shown (a field of another kind that holds
something stays shown, with what is wrong with it). No field names a survivor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from caseload import categories as cat
from caseload.changes.activities import add_activity, edit_activity
from caseload.records import ActivityRecord
from caseload.saving import Change, Session
from caseload.validation.activities import ACTIVITY, COMMON_FIELDS, applies
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.widgets.form_field import FieldSpec

NOT_A_NAME = "Never a survivor's name."

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "Kind of work", "choice", cat.ACTIVITY_KIND, required=True),
    FieldSpec("date", "Date", "date", required=True, help="Today at the latest."),
    FieldSpec("force", "Police force"),
    FieldSpec("reference", "Operation or reference", help=NOT_A_NAME),
    FieldSpec("theme", "What the advice was about", "choice", cat.ADVICE_THEME),
    FieldSpec("theme_other", "What it was about (if other)"),
    FieldSpec("site_kind", "Kind of site", "choice", cat.SITE_KIND),
    FieldSpec("site_other", "Kind of site (if other)"),
    FieldSpec("people_encountered", "People encountered", max_length=20),
    FieldSpec("potential_victims_identified", "Potential victims identified", max_length=20,
              help="At most the people encountered."),
    FieldSpec("referred", "Referred for support", max_length=20,
              help="At most the potential victims identified."),
    FieldSpec("audience", "Who was trained", placeholder="Response officers"),
    FieldSpec("organisation", "Organisation trained"),
    FieldSpec("attendees", "Attendees", max_length=20),
    FieldSpec("improved_pct", "Reporting improved ability (%)", max_length=20,
              help="Of those giving feedback, 0 to 100; empty when none was collected."),
    FieldSpec("note", "Note", "note", max_length=1000, help=NOT_A_NAME),
)

_OTHER_OF = {text: choice for choice, text in ACTIVITY.other_text}


def _is_other(value: object) -> bool:
    return value == "other"


class ActivityFormScreen(FormScreen[int]):
    """Dismisses with the activity's id once saved (None: cancelled)."""

    form_title = "Record the work beyond the caseload"
    record_kind = ACTIVITY

    def __init__(self, activity: ActivityRecord | None = None) -> None:
        """``activity``: correct that saved activity instead of adding one."""
        super().__init__()
        self.activity = activity
        self.record_id: int | None = activity.id if activity is not None else None
        if activity is not None:
            self.form_title = "Correct an activity"

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        if self.activity is None:
            return {"date": self.nav_app.today()}
        values = {spec.name: getattr(self.activity, spec.name) for spec in FIELDS}
        for name, value in values.items():
            # A count of 0 shows as 0, not as empty; a share as 87.5 or 90.
            if isinstance(value, float):
                values[name] = f"{value:g}"
            elif isinstance(value, int) and not isinstance(value, bool):
                values[name] = str(value)
        return values

    def conditional_fields(self) -> dict[str, Callable[[dict[str, Any]], bool]]:
        """Each field of a kind, shown once that kind is chosen ("if other" fields once
        their choice is "Other")."""
        conditions: dict[str, Callable[[dict[str, Any]], bool]] = {}
        for spec in FIELDS:
            name = spec.name
            if name in COMMON_FIELDS:
                continue

            def shown(raw: dict[str, Any], name: str = name) -> bool:
                if not applies(str(raw.get("kind") or ""), name):
                    return False
                choice = _OTHER_OF.get(name)
                return choice is None or _is_other(raw.get(choice))

            conditions[name] = shown
        return conditions

    def make_apply(self, values: dict[str, Any]) -> Change[int]:
        record_id, today = self.record_id, self.nav_app.today()

        def apply(session: Session) -> int:
            if record_id is None:
                return add_activity(session, values, today)
            return edit_activity(session, record_id, values, today)

        return apply

    def committed(self, result: Any) -> None:
        self.record_id = result
