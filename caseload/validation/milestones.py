"""A milestone: a tipping point (interview, decision, court date, release).

Its date may lie before the intake (history) or ahead (to prepare for).
"""

from __future__ import annotations

from typing import Any

from caseload import categories as cat
from caseload.validation.records import Context, Field, Problems, RecordKind

FIELDS: tuple[Field, ...] = (
    Field("kind", "choice", cat.MILESTONE_KIND, required=True),
    Field("kind_other"),
    Field("date", "date", required=True, future=True),
    Field("prep_note", "note", max_length=1000),
)


def _rules(values: dict[str, Any], _context: Context) -> Problems:
    if values["kind"] == "other" and not values["kind_other"]:
        return {"kind_other": "Say what the milestone is."}
    return {}


MILESTONE = RecordKind("milestone", FIELDS, _rules, other_text=(("kind", "kind_other"),))
