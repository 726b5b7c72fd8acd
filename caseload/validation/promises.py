"""A promise made to a survivor, and a change of its status."""

from __future__ import annotations

from typing import Any

from caseload import categories as cat
from caseload.validation.records import Context, Field, Problems, RecordKind

FIELDS: tuple[Field, ...] = (
    Field("what", required=True, max_length=500),
    Field("to_whom"),
    Field("by_whom", "choice", cat.PROMISE_BY, required=True),
    Field("by_whom_other"),
    Field("made_on", "date", required=True, after_intake=True),
    Field("due_on", "date", future=True),
)


def _rules(values: dict[str, Any], _context: Context) -> Problems:
    problems: Problems = {}
    if values["by_whom"] == "other_agency" and not values["by_whom_other"]:
        problems["by_whom_other"] = "Name the agency that made the promise."
    if values["due_on"] and values["due_on"] < values["made_on"]:
        problems["due_on"] = "The due date cannot be before the day it was made."
    if values["by_whom"] != "other_agency":
        values["by_whom_other"] = ""
    return problems


PROMISE = RecordKind("promise", FIELDS, _rules)

STATUS_FIELDS: tuple[Field, ...] = (
    Field("status", "choice", cat.PROMISE_STATUS, required=True),
    Field("status_changed_on", "date", required=True),
    Field("outcome_note", "note", max_length=1000),
    Field("survivor_told", "choice", cat.PROMISE_TOLD),
)


def _status_rules(values: dict[str, Any], context: Context) -> Problems:
    """``context.extra["made_on"]``: the day the promise was made."""
    problems: Problems = {}
    if values["status"] in ("renegotiated", "withdrawn") and not values["outcome_note"]:
        problems["outcome_note"] = "Say what changed, in a few words."
    if values["status"] == "broken":
        if not values["survivor_told"]:
            problems["survivor_told"] = "Say whether they have been told it was broken."
    else:
        values["survivor_told"] = ""  # asked only of a broken promise
    made_on = context.extra.get("made_on")
    if made_on is not None and values["status_changed_on"] < made_on:
        problems["status_changed_on"] = "The date cannot be before the promise was made."
    return problems


PROMISE_STATUS = RecordKind("promise status", STATUS_FIELDS, _status_rules)
