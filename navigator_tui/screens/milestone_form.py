"""Add a milestone (a tipping point: interview, decision, court date, release)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlmodel import Session

from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.widgets.form_field import FieldSpec
from storage import categories as cat
from storage.models import Milestone

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


class MilestoneFormScreen(FormScreen[int]):
    form_title = "Add a milestone"

    def __init__(self, survivor_id: int) -> None:
        super().__init__()
        self.survivor_id = survivor_id
        self.record_id: int | None = None

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        if values["kind"] == "other" and not values["kind_other"]:
            return {"kind_other": "Say what the milestone is."}
        return {}

    def make_apply(self, values: dict[str, Any]) -> Callable[[Session], int]:
        def apply(session: Session) -> int:
            row = session.get(Milestone, self.record_id) if self.record_id else None
            if row is None:
                row = Milestone(
                    survivor_id=self.survivor_id, kind=values["kind"], date=values["date"]
                )
            for name, value in values.items():
                setattr(row, name, value)
            session.add(row)
            session.flush()
            assert row.id is not None
            self.record_id = row.id
            return row.id

        return apply
