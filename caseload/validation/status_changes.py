"""A pause, resume or closure of a case, with its day and reason.

Checked against where the case stands (``context.extra``: ``current`` status and the
day of the ``last`` change): a case is paused or closed for a reason, and a change
cannot come before the one it follows (the history is what the schedule reads).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from caseload import categories as cat
from caseload.validation.records import Context, Field, Problems, RecordKind

FIELDS: tuple[Field, ...] = (
    Field("status", "choice", cat.CASE_STATUS, required=True),
    Field("changed_on", "date", required=True, after_intake=True),
    Field("reason", max_length=500),
    Field("closure_reason", "choice", cat.CLOSURE_REASON),
    Field("closure_reason_other"),
)


def _rules(values: dict[str, Any], context: Context) -> Problems:
    problems: Problems = {}
    status = values["status"]
    if status == context.extra.get("current"):
        problems["status"] = (
            f"The case is already {cat.CASE_STATUS.label(status).lower()}: "
            "choose what it becomes."
        )
    if status == "paused" and not values["reason"]:
        problems["reason"] = "Say why support is paused."
    if status == "closed":
        if not values["closure_reason"]:
            problems["closure_reason"] = "Say why the case was closed."
    else:
        values["closure_reason"] = ""
    last: dt.date | None = context.extra.get("last")
    day = values["changed_on"]
    if last is not None and day is not None and day < last:
        problems["changed_on"] = (
            f"The case last changed on {last:%d/%m/%Y}: this change cannot come before it."
        )
    return problems


STATUS_CHANGE = RecordKind(
    "case status change",
    FIELDS,
    _rules,
    other_text=(("closure_reason", "closure_reason_other"),),
)
