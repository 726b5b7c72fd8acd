"""Retention: which closed cases have been kept long enough to be reviewed.

Pure rules (no I/O): a closed case is due for review once ``years`` whole years have
passed since it closed (default 6). The navigator then deletes it or reduces it to an
anonymised record (see :mod:`storage.retention`); an anonymised record is not listed
again. What an anonymised record keeps and loses is decided here too, so the rule can
be read and tested in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from assessments.records import SurvivorRecord

DEFAULT_RETENTION_YEARS = 6
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


@dataclass(frozen=True)
class RetentionDue:
    survivor_id: int
    case_ref: str
    closed_on: dt.date
    #: The day the retention period ended.
    due_on: dt.date


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def closing_date(survivor: SurvivorRecord) -> dt.date | None:
    if survivor.status != "closed":
        return None
    return survivor.closed_on or survivor.status_changed_on


def is_anonymised(survivor: SurvivorRecord) -> bool:
    return ANONYMISED_KEY in (survivor.missing or {})


def due_for_review(
    survivors: Iterable[SurvivorRecord], today: dt.date, years: int = DEFAULT_RETENTION_YEARS
) -> list[RetentionDue]:
    """Closed, not yet anonymised cases whose retention period has ended, oldest first.

    A closed case without any closing date is not listed (its period cannot be known);
    the data-quality checks report a closed case without a date.
    """
    if years < 1:
        raise ValueError("The retention period is at least one year.")
    due = []
    for s in survivors:
        closed = closing_date(s)
        if closed is None or s.id is None or is_anonymised(s):
            continue
        ends = add_years(closed, years)
        if ends <= today:
            due.append(RetentionDue(s.id, s.case_ref, closed, ends))
    return sorted(due, key=lambda d: (d.closed_on, d.case_ref))


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band_at(born: dt.date, day: dt.date) -> str:
    """The AGE_BAND code of someone born on ``born``, on ``day``."""
    age = age_on(born, day)
    if age <= 17:
        return "17_and_under"
    for upper, band in ((24, "18_24"), (34, "25_34"), (44, "35_44"), (54, "45_54")):
        if age <= upper:
            return band
    return "55_plus"


def anonymised_values(survivor: SurvivorRecord, today: dt.date) -> dict[str, Any]:
    """The survivor's fields after anonymisation (only the ones that change).

    Kept: case reference, dates of the case (intake, closing, NRM decisions), every
    category (sex, nationality group, exploitation types, referral, NRM outcomes,
    engagement) and the age band as recorded (taken at intake from the date of birth
    when no band was recorded).
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
