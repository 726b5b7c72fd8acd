"""The survivor record (case facts): one validator for the form, the importer and handovers.

The age band is derived from the date of birth (age on the intake date) whenever the
date is known; a band given as well must agree with it.
"""

from __future__ import annotations

from typing import Any

from caseload import categories as cat
from caseload.ages import age_band_for, age_on
from caseload.validation.records import Context, Field, Problems, RecordKind

NAME_LENGTH = 100

FIELDS: tuple[Field, ...] = (
    Field("given_name", max_length=NAME_LENGTH),
    Field("family_name", max_length=NAME_LENGTH),
    Field("preferred_name", max_length=NAME_LENGTH),
    Field("intake_date", "date", required=True),
    Field("date_of_birth", "date"),
    Field("age_band", "choice", cat.AGE_BAND, required=True),
    Field("sex", "choice", cat.SEX, required=True),
    Field("sex_other"),
    Field("nationality"),
    Field("nationality_group", "choice", cat.NATIONALITY_GROUP, required=True),
    Field("languages"),
    Field("interpreter_needed", "choice", cat.YES_NO_UNKNOWN, required=True),
    Field("exploitation_types", "multi", cat.EXPLOITATION_TYPE),
    Field("exploitation_other"),
    Field("county_lines", "choice", cat.YES_NO_UNKNOWN, required=True),
    Field("exploitation_location", "choice", cat.EXPLOITATION_LOCATION, required=True),
    Field("referral_route", "choice", cat.REFERRAL_ROUTE, required=True),
    Field("referral_route_other"),
    Field("referring_agency", "choice", cat.REFERRING_AGENCY, required=True),
    Field("referring_agency_name"),
    Field("police_force"),
    Field("officer_name"),
    Field("officer_contact"),
    Field("nrm_reasonable_grounds", "choice", cat.NRM_DECISION, required=True),
    Field("nrm_reasonable_grounds_date", "date"),
    Field("nrm_conclusive_grounds", "choice", cat.NRM_DECISION, required=True),
    Field("nrm_conclusive_grounds_date", "date"),
    Field("status", "choice", cat.CASE_STATUS, required=True),
    Field("closed_on", "date", after_intake=True),
    Field("closure_reason", "choice", cat.CLOSURE_REASON),
    Field("closure_reason_other"),
    Field("support_offered", "choice", cat.YES_NO_UNKNOWN, required=True),
    Field("support_accepted", "choice", cat.YES_NO_UNKNOWN, required=True),
    Field("supports_police_action", "choice", cat.YES_NO_UNKNOWN, required=True),
)


def _rules(values: dict[str, Any], _context: Context) -> Problems:
    problems: Problems = {}
    if not (values["given_name"] or values["preferred_name"]):
        problems["given_name"] = "Give a given name or a preferred name."
    if values["referring_agency"] == "other_agency" and not values["referring_agency_name"]:
        problems["referring_agency_name"] = "Name the agency that referred."
    dob, intake = values["date_of_birth"], values["intake_date"]
    if dob is not None and dob >= intake:
        problems["date_of_birth"] = "The date of birth must be before the intake date."
    elif dob is not None:
        band = age_band_for(age_on(dob, intake))
        if values["age_band"] not in (band, "not_known"):
            problems["age_band"] = (
                f"The date of birth makes this {cat.AGE_BAND.label(band)} at intake: "
                "choose that band or check the date."
            )
        values["age_band"] = band
    if values["status"] == "closed":
        if not values["closure_reason"]:
            problems["closure_reason"] = "Say why the case was closed."
        if not values["closed_on"]:
            problems["closed_on"] = "Give the date the case was closed."
    else:
        if values["closed_on"]:
            problems["closed_on"] = "Only a closed case has a closing date: empty it."
        if values["closure_reason"]:
            problems["closure_reason"] = "Only a closed case has a closure reason: empty it."
    return problems


SURVIVOR = RecordKind(
    "survivor",
    FIELDS,
    _rules,
    other_text=(
        ("sex", "sex_other"),
        ("exploitation_types", "exploitation_other"),
        ("referral_route", "referral_route_other"),
        ("closure_reason", "closure_reason_other"),
    ),
)
