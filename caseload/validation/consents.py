"""A consent the survivor gave, declined or withdrew."""

from __future__ import annotations

from typing import Any

from caseload import categories as cat
from caseload.validation.records import Context, Field, Problems, RecordKind

FIELDS: tuple[Field, ...] = (
    Field("kind", "choice", cat.CONSENT_KIND, required=True),
    Field("kind_other"),
    Field("agency_name"),
    Field("status", "choice", cat.CONSENT_STATUS, required=True),
    Field("recorded_on", "date", after_intake=True),
    Field("method", "choice", cat.CONSENT_METHOD),
    Field("method_other"),
    Field("withdrawn_on", "date", after_intake=True),
    Field("note", max_length=1000),
)


def _rules(values: dict[str, Any], _context: Context) -> Problems:
    problems: Problems = {}
    if values["kind"] == "share_with_agency" and not values["agency_name"]:
        problems["agency_name"] = "Name the agency the information may go to."
    if values["status"] in ("given", "declined", "withdrawn"):
        if not values["recorded_on"]:
            problems["recorded_on"] = "Give the day the survivor answered."
        if values["status"] != "declined" and not values["method"]:
            problems["method"] = "Say how consent was given."
    if values["status"] == "withdrawn":
        if not values["withdrawn_on"]:
            problems["withdrawn_on"] = "Give the day consent was withdrawn."
    elif values["withdrawn_on"]:
        problems["withdrawn_on"] = "Only withdrawn consent has a withdrawal date: empty it."
    recorded, withdrawn = values["recorded_on"], values["withdrawn_on"]
    if recorded and withdrawn and withdrawn < recorded:
        problems["withdrawn_on"] = "Consent cannot be withdrawn before it was given."
    return problems


CONSENT = RecordKind(
    "consent",
    FIELDS,
    _rules,
    other_text=(("kind", "kind_other"), ("method", "method_other")),
)
