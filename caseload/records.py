"""Read-only records of a case, as :func:`caseload.queries.load_cases` returns them.

Loading the caseload builds one small immutable row per database row instead of an
ORM object: an ORM object costs ten times more to build and to read, and nothing
edits records through a loaded case (forms fetch the row they change with
``session.get(Model, id)``). Each ``*Row`` has the fields of its model in
:mod:`caseload.models`, with the same names and types, except the ``created_at`` /
``updated_at`` stamps, which no rule or screen reads; rows whose model has methods
or properties carry the model's own functions (not copies), so a rule or a screen
reads a row and a model the same way. A changed copy is ``row._replace(...)``.

The rules accept either: the ``*Record`` aliases (``Promise | PromiseRow`` ...)
name what a rule may be given. Tests and forms build models; loading gives rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple, TypeVar

from caseload.models import (
    Activity,
    Assessment,
    CaseNote,
    CaseStatusChange,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    Referral,
    SupportGoal,
    Survivor,
)


class SurvivorRow(NamedTuple):
    id: int | None
    case_ref: str
    given_name: str
    family_name: str
    preferred_name: str
    date_of_birth: dt.date | None
    age_band: str
    sex: str
    sex_other: str
    nationality: str
    nationality_group: str
    languages: str
    interpreter_needed: str
    exploitation_types: str
    exploitation_other: str
    county_lines: str
    exploitation_location: str
    referral_route: str
    referral_route_other: str
    referring_agency: str
    referring_agency_name: str
    police_force: str
    officer_name: str
    officer_contact: str
    nrm_reasonable_grounds: str
    nrm_reasonable_grounds_date: dt.date | None
    nrm_conclusive_grounds: str
    nrm_conclusive_grounds_date: dt.date | None
    intake_date: dt.date
    status: str
    status_changed_on: dt.date | None
    closed_on: dt.date | None
    closure_reason: str
    closure_reason_other: str
    support_offered: str
    support_accepted: str
    supports_police_action: str
    missing: dict[str, str]
    record_key: int

    # The model's own properties: one definition of each.
    exploitation_type_list = Survivor.exploitation_type_list
    display_name = Survivor.display_name
    initials = Survivor.initials


class AssessmentRow(NamedTuple):
    id: int | None
    survivor_id: int
    date: dt.date
    kind: str
    scale_version: int
    ratings: dict[str, dict[str, int | str]]
    note: str

    # The model's own functions: one definition of how ratings are read.
    level = Assessment.level
    missing_reason = Assessment.missing_reason
    levels = Assessment.levels


class AgreementRow(NamedTuple):
    id: int | None
    survivor_id: int
    version: int
    agreed_on: dt.date
    review_on: dt.date | None
    who_may_contact: str
    may_contact: str
    channels: str
    channels_other: str
    phones: list[dict[str, Any]]
    safe_days: str
    safe_time_from: dt.time | None
    safe_time_to: dt.time | None
    update_frequency: str
    update_frequency_other: str
    detail_level: str
    detail_level_other: str
    language: str
    interpreter_needed: str
    safe_places: str
    unsafe_places: str
    code_word: str
    things_to_avoid: str

    channel_list = ContactAgreement.channel_list
    safe_day_list = ContactAgreement.safe_day_list
    may_contact_list = ContactAgreement.may_contact_list


class ContactRow(NamedTuple):
    id: int | None
    survivor_id: int
    contact_date: dt.date
    contact_time: dt.time | None
    channel: str
    channel_other: str
    who: str
    who_other: str
    outcome: str
    outcome_other: str
    update_given: bool
    safety_concern: bool
    summary: str
    phone: str
    outside_agreement_reason: str


class PromiseRow(NamedTuple):
    id: int | None
    survivor_id: int
    what: str
    to_whom: str
    by_whom: str
    by_whom_other: str
    made_on: dt.date
    due_on: dt.date | None
    status: str
    status_changed_on: dt.date | None
    outcome_note: str
    survivor_told: str


class MilestoneRow(NamedTuple):
    id: int | None
    survivor_id: int
    kind: str
    kind_other: str
    date: dt.date
    prep_note: str


class ConsentRow(NamedTuple):
    id: int | None
    survivor_id: int
    kind: str
    kind_other: str
    agency_name: str
    status: str
    recorded_on: dt.date | None
    method: str
    method_other: str
    withdrawn_on: dt.date | None
    note: str


class StatusChangeRow(NamedTuple):
    id: int | None
    survivor_id: int
    changed_on: dt.date
    status: str
    reason: str


class ReferralRow(NamedTuple):
    id: int | None
    survivor_id: int
    service_kind: str
    service_other: str
    provider_id: int | None
    provider_name: str
    domains: str
    status: str
    referred_on: dt.date | None
    accepted_on: dt.date | None
    started_on: dt.date | None
    ended_on: dt.date | None
    follow_up_on: dt.date | None
    note: str

    domain_list = Referral.domain_list


class SupportGoalRow(NamedTuple):
    id: int | None
    survivor_id: int
    domain: str
    goal: str
    actions: str
    agreed_on: dt.date | None


class CaseNoteRow(NamedTuple):
    id: int | None
    survivor_id: int
    written_on: dt.date
    text: str


class ActivityRow(NamedTuple):
    """An activity (no survivor's: not part of any case, loaded by
    :func:`caseload.queries.load_activities`, so not in :data:`ROW_MODELS`)."""

    id: int | None
    kind: str
    date: dt.date
    force: str
    reference: str
    theme: str
    theme_other: str
    site_kind: str
    site_other: str
    people_encountered: int | None
    potential_victims_identified: int | None
    referred: int | None
    audience: str
    organisation: str
    attendees: int | None
    improved_pct: float | None
    note: str
    record_key: int


#: What a rule may be given: the model (built by hand, or by a form) or its loaded row.
SurvivorRecord = Survivor | SurvivorRow
AssessmentRecord = Assessment | AssessmentRow
AgreementRecord = ContactAgreement | AgreementRow
ContactRecord = ContactLog | ContactRow
PromiseRecord = Promise | PromiseRow
MilestoneRecord = Milestone | MilestoneRow
ConsentRecord = Consent | ConsentRow
StatusChangeRecord = CaseStatusChange | StatusChangeRow
ReferralRecord = Referral | ReferralRow
SupportGoalRecord = SupportGoal | SupportGoalRow
CaseNoteRecord = CaseNote | CaseNoteRow
ActivityRecord = Activity | ActivityRow

#: Each row type and the model it mirrors (``caseload.queries`` reads these columns).
ROW_MODELS: tuple[tuple[type[Any], type[Any]], ...] = (
    (SurvivorRow, Survivor),
    (AssessmentRow, Assessment),
    (AgreementRow, ContactAgreement),
    (ContactRow, ContactLog),
    (PromiseRow, Promise),
    (MilestoneRow, Milestone),
    (ConsentRow, Consent),
    (StatusChangeRow, CaseStatusChange),
    (ReferralRow, Referral),
    (SupportGoalRow, SupportGoal),
    (CaseNoteRow, CaseNote),
)

R = TypeVar("R", bound=tuple[Any, ...])


def row_of(row_type: type[R], record: object) -> R:
    """A ``row_type`` row with the fields of ``record`` (a model, or a row of that type)."""
    fields = row_type._fields  # type: ignore[attr-defined]
    return row_type(*(getattr(record, name) for name in fields))
