"""Add a milestone (a tipping point: interview, decision, court date, release)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from caseload import categories as cat
from caseload.models import Milestone
from navigator_tui.screens.form_screen import SurvivorRecordForm
from navigator_tui.widgets.form_field import FieldSpec

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "Milestone", "choice", cat.MILESTONE_KIND, required=True),
    FieldSpec("kind_other", "Milestone (if other)"),
    FieldSpec(
        "date",
        "Date",
        "date",
        required=True,
        future=True,
        help="Future dates are flagged to prepare; past ones (before the intake too) are history.",
    ),
    FieldSpec("prep_note", "Preparation", max_length=1000),
)


class MilestoneFormScreen(SurvivorRecordForm):
    form_title = "Add a milestone"
    model = Milestone

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        if values["kind"] == "other" and not values["kind_other"]:
            return {"kind_other": "Say what the milestone is."}
        return {}
