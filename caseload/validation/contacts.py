"""A logged contact or attempt."""

from __future__ import annotations

from typing import Any

from caseload import categories as cat
from caseload.validation.records import Context, Field, Problems, RecordKind

FIELDS: tuple[Field, ...] = (
    Field("contact_date", "date", required=True, after_intake=True),
    Field("contact_time", "time"),
    Field("channel", "choice", cat.CONTACT_CHANNEL, required=True),
    Field("channel_other"),
    Field("who", "choice", cat.CONTACT_WHO, required=True),
    Field("who_other"),
    Field("outcome", "choice", cat.CONTACT_OUTCOME, required=True),
    Field("outcome_other"),
    Field("update_given", "flag"),
    Field("safety_concern", "flag"),
    Field("summary", max_length=2000),
)


def _rules(values: dict[str, Any], _context: Context) -> Problems:
    if values["who"] == "other" and not values["who_other"]:
        return {"who_other": "Say who made the contact."}
    return {}


CONTACT = RecordKind(
    "contact",
    FIELDS,
    _rules,
    other_text=(("channel", "channel_other"), ("who", "who_other"), ("outcome", "outcome_other")),
)
