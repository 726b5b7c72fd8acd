"""A logged contact or attempt, checked against the contact agreement in force on its day
(``context.extra["agreements"]``: every version; see :mod:`.contact_agreement`)."""

from __future__ import annotations

from typing import Any

from caseload import categories as cat
from caseload.validation.contact_agreement import breaches, in_force
from caseload.validation.records import Context, Field, Problems, RecordKind

FIELDS: tuple[Field, ...] = (
    Field("contact_date", "date", required=True, after_intake=True),
    Field("contact_time", "time"),
    Field("channel", "choice", cat.CONTACT_CHANNEL, required=True),
    Field("channel_other"),
    Field("phone", max_length=40),
    Field("who", "choice", cat.CONTACT_WHO, required=True),
    Field("who_other"),
    Field("outcome", "choice", cat.CONTACT_OUTCOME, required=True),
    Field("outcome_other"),
    Field("update_given", "flag"),
    Field("safety_concern", "flag"),
    Field("summary", "note", max_length=2000),
    Field("outside_agreement_reason", max_length=500),
)

REASON_NEEDED = "Outside the agreement: say why, and it is saved with the contact."


def agreement_breaches(values: dict[str, Any], context: Context) -> dict[str, str]:
    """What about the contact goes against the agreement in force on its day."""
    day = values.get("contact_date")
    agreements = context.extra.get("agreements", ())
    agreement = in_force(agreements, day) if day is not None else None
    return breaches(agreement, values)


def _rules(values: dict[str, Any], context: Context) -> Problems:
    problems: Problems = {}
    if values["who"] == "other" and not values["who_other"]:
        problems["who_other"] = "Say who made the contact."
    if values["channel"] not in ("phone_call", "text_message"):
        values["phone"] = ""  # no phone was used: nothing to keep
    found = agreement_breaches(values, context)
    if not found:
        values["outside_agreement_reason"] = ""  # nothing to explain
    elif not values["outside_agreement_reason"]:
        problems.update(found)
        problems["outside_agreement_reason"] = REASON_NEEDED
    return problems


CONTACT = RecordKind(
    "contact",
    FIELDS,
    _rules,
    other_text=(("channel", "channel_other"), ("who", "who_other"), ("outcome", "outcome_other")),
)
