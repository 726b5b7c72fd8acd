"""Add or correct a milestone (a tipping point: interview, decision, court date, release)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from caseload import categories as cat
from caseload.changes.milestones import add_milestone, edit_milestone
from caseload.validation.milestones import MILESTONE
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
    FieldSpec("prep_note", "Preparation", "note", max_length=1000),
)


class MilestoneFormScreen(SurvivorRecordForm):
    form_title = "Add a milestone"
    record_kind = MILESTONE
    add_record = staticmethod(add_milestone)
    edit_record = staticmethod(edit_milestone)
    records_attr = "milestones"
    correction_kind = "milestone"
    correction_title = "Correct a milestone (the old values are kept in its history)"

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        return self.saved_values() or {}
