"""What an anonymised record keeps and loses (the retention review's second choice).

Kept: what the aggregates need (case dates, categories, the age band, scores, outcomes);
lost: names, contact details and free text. :mod:`caseload.retention` applies it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from caseload.ages import age_band_at
from caseload.records import SurvivorRecord

#: Key in ``Survivor.missing`` marking an anonymised record (value: ISO date it was done).
ANONYMISED_KEY = "anonymised_on"

#: Survivor fields emptied by anonymisation: names, contact details and free text.
CLEARED_TEXT_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "sex_other",
    "nationality",
    "languages",
    "exploitation_other",
    "referral_route_other",
    "referring_agency_name",
    "police_force",
    "officer_name",
    "officer_contact",
    "closure_reason_other",
)


def is_anonymised(survivor: SurvivorRecord) -> bool:
    return ANONYMISED_KEY in (survivor.missing or {})


def anonymised_values(survivor: SurvivorRecord, today: dt.date) -> dict[str, Any]:
    """The survivor's fields after anonymisation (only the ones that change).

    Kept: case reference, dates of the case (intake, closing, NRM decisions), every
    category (sex, nationality group, exploitation types, referral, NRM outcomes,
    engagement) and the age band as recorded (taken at intake from the date of birth
    when no band was recorded), and the record key, so the survivor keeps their weight in
    the funder figures.
    """
    values: dict[str, Any] = {f: "" for f in CLEARED_TEXT_FIELDS}
    # The recorded band is what every aggregate already used: keep it, derive one only
    # when none was recorded.
    if survivor.date_of_birth is not None and survivor.age_band in ("", "not_known"):
        values["age_band"] = age_band_at(survivor.date_of_birth, survivor.intake_date)
    values["date_of_birth"] = None
    missing = {k: v for k, v in (survivor.missing or {}).items() if k != "date_of_birth"}
    missing[ANONYMISED_KEY] = today.isoformat()
    values["missing"] = missing
    return values
