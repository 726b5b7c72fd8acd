"""The caseload data model (SQLModel tables).

Category fields hold codes from :mod:`caseload.categories`; free text for "Other"
lives in the matching ``*_other`` field.  Optional facts whose absence matters
record why they are missing in ``Survivor.missing`` (field name -> reason code).
Datetimes are timezone-aware UTC; calendar facts (dates of contact, due dates)
are plain dates in the navigator's local calendar.

This module imports neither the vault nor Textual, so the rules in
``assessments/`` can use these classes as plain records.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer
from sqlmodel import Field, SQLModel

from caseload.domains import DOMAINS, RATERS

#: Version of the database schema inside the vault (``PRAGMA user_version``).
#: 2 added the ``*_other`` specifications of channels, frequency, detail, outcome, consent.
#: 5 added who may contact (as categories) to the agreement, whether a survivor was
#: told of a broken promise, and the history of corrections to contacts, milestones
#: and promises.
#: 6 added each survivor's permanent random record key (:data:`Survivor.record_key`).
#: 7 added referrals, the support plan's goals, case notes, the service directory and
#: the work beyond the caseload (activities).
SCHEMA_VERSION = 7

#: Record keys are drawn from ``range(RECORD_KEY_SPACE)``.
RECORD_KEY_SPACE = 2**32


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def new_record_key() -> int:
    """A survivor's permanent random record key (see :mod:`exports.record_weights`)."""
    return secrets.randbelow(RECORD_KEY_SPACE)


def _fk(target: str) -> Any:
    """A survivor-owned foreign key: deleting the survivor deletes the row."""
    return Field(
        sa_column=Column(
            Integer, ForeignKey(target, ondelete="CASCADE"), nullable=False, index=True
        )
    )


class CaseRefRegistry(SQLModel, table=True):
    """Every case reference ever issued, so that none is reused after a deletion."""

    case_ref: str = Field(primary_key=True)
    issued_at: dt.datetime = Field(default_factory=utcnow)


class Survivor(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    case_ref: str = Field(unique=True, index=True)
    given_name: str = ""
    family_name: str = ""
    preferred_name: str = ""
    date_of_birth: dt.date | None = None
    age_band: str = "not_known"
    sex: str = "not_recorded"
    sex_other: str = ""
    nationality: str = ""
    nationality_group: str = "not_known"
    languages: str = ""
    interpreter_needed: str = "not_known"
    exploitation_types: str = ""  # ';'-separated EXPLOITATION_TYPE codes
    exploitation_other: str = ""
    county_lines: str = "not_known"
    exploitation_location: str = "not_known"
    referral_route: str = "none"
    referral_route_other: str = ""
    referring_agency: str = "not_known"
    referring_agency_name: str = ""
    police_force: str = ""
    officer_name: str = ""
    officer_contact: str = ""
    nrm_reasonable_grounds: str = "not_applicable"
    nrm_reasonable_grounds_date: dt.date | None = None
    nrm_conclusive_grounds: str = "not_applicable"
    nrm_conclusive_grounds_date: dt.date | None = None
    intake_date: dt.date
    status: str = "open"
    status_changed_on: dt.date | None = None
    closed_on: dt.date | None = None
    closure_reason: str = ""
    closure_reason_other: str = ""
    support_offered: str = "not_known"
    support_accepted: str = "not_known"
    supports_police_action: str = "not_known"
    missing: dict[str, str] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    #: Random, made once and never changed or exported: the funder figures' record weight.
    record_key: int = Field(default_factory=new_record_key)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)

    @property
    def exploitation_type_list(self) -> list[str]:
        return [t for t in self.exploitation_types.split(";") if t]

    @property
    def display_name(self) -> str:
        return self.preferred_name or self.given_name or self.case_ref

    @property
    def initials(self) -> str:
        parts = [p for p in (self.given_name, self.family_name) if p]
        return "".join(p[0].upper() + "." for p in parts) or "?"


class Assessment(SQLModel, table=True):
    """One recovery assessment: each domain rated by the survivor and the navigator.

    ``ratings`` maps domain -> rater -> value, where an ``int`` is a level on the
    scale and a ``str`` is the reason the rating is missing.
    """

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = _fk("survivor.id")
    date: dt.date
    kind: str = "review"
    scale_version: int = 1
    ratings: dict[str, dict[str, int | str]] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    note: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)

    def level(self, domain: str, rater: str) -> int | None:
        value = self.ratings.get(domain, {}).get(rater)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def missing_reason(self, domain: str, rater: str) -> str | None:
        value = self.ratings.get(domain, {}).get(rater)
        if value is None:
            return "not_discussed"
        return value if isinstance(value, str) else None

    def levels(self, rater: str) -> dict[str, int | None]:
        return {d: self.level(d, rater) for d in DOMAINS}

    @staticmethod
    def build_ratings(
        values: dict[tuple[str, str], int | str],
    ) -> dict[str, dict[str, int | str]]:
        """Ratings from ``{(domain, rater): level or missing reason}``; gaps: 'not_discussed'."""
        return {d: {r: values.get((d, r), "not_discussed") for r in RATERS} for d in DOMAINS}


class AssessmentAmendment(SQLModel, table=True):
    """History of changes to an assessment: nothing is silently overwritten."""

    id: int | None = Field(default=None, primary_key=True)
    assessment_id: int = _fk("assessment.id")
    changed_at: dt.datetime = Field(default_factory=utcnow)
    changed_by: str = "navigator"
    field: str
    old_value: str = ""  # JSON text
    new_value: str = ""  # JSON text


class ContactAgreement(SQLModel, table=True):
    """The survivor's contact preferences (the "service level agreement").

    A change adds a new version; earlier versions stay as history. The current
    agreement is the highest ``version`` for the survivor.
    """

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = _fk("survivor.id")
    version: int = 1
    agreed_on: dt.date
    review_on: dt.date | None = None
    who_may_contact: str = ""
    #: ';'-separated CONTACT_WHO codes of who may make contact (schema 5; "" not said).
    may_contact: str = ""
    channels: str = ""  # ';'-separated CONTACT_CHANNEL codes
    channels_other: str = ""
    #: [{"label": str, "number": str, "safe_to_call": bool, "safe_to_text": bool,
    #:   "safe_voicemail": bool}]
    phones: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    #: Weekdays ("mon".."sun") on which contact is safe; empty means any day.
    safe_days: str = ""
    safe_time_from: dt.time | None = None
    safe_time_to: dt.time | None = None
    update_frequency: str = "weekly"
    update_frequency_other: str = ""
    detail_level: str = "summary"
    detail_level_other: str = ""
    language: str = ""
    interpreter_needed: str = "not_known"
    safe_places: str = ""
    unsafe_places: str = ""
    code_word: str = ""
    things_to_avoid: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)

    @property
    def channel_list(self) -> list[str]:
        return [c for c in self.channels.split(";") if c]

    @property
    def safe_day_list(self) -> list[str]:
        return [d for d in self.safe_days.split(";") if d]

    @property
    def may_contact_list(self) -> list[str]:
        return [w for w in self.may_contact.split(";") if w]


class ContactLog(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = _fk("survivor.id")
    contact_date: dt.date
    contact_time: dt.time | None = None
    channel: str = "phone_call"
    channel_other: str = ""
    who: str = "navigator"
    who_other: str = ""
    outcome: str = "spoke"
    outcome_other: str = ""
    update_given: bool = False
    safety_concern: bool = False
    summary: str = ""
    #: The agreement's phone used for a call or text (its number; "" when none).
    phone: str = ""
    #: Why a contact went outside the contact agreement (schema 4; "" when it did not).
    outside_agreement_reason: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)


class Promise(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = _fk("survivor.id")
    what: str
    to_whom: str = "survivor"
    by_whom: str = "navigator"
    by_whom_other: str = ""
    made_on: dt.date
    due_on: dt.date | None = None
    status: str = "open"
    status_changed_on: dt.date | None = None
    outcome_note: str = ""
    #: For a broken promise, whether the survivor has been told (PROMISE_TOLD; schema 5).
    survivor_told: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)


class Consent(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = _fk("survivor.id")
    kind: str
    kind_other: str = ""
    agency_name: str = ""
    status: str = "not_recorded"
    recorded_on: dt.date | None = None
    method: str = ""
    method_other: str = ""
    withdrawn_on: dt.date | None = None
    note: str = ""


class Milestone(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = _fk("survivor.id")
    kind: str
    kind_other: str = ""
    date: dt.date
    prep_note: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)


class CaseStatusChange(SQLModel, table=True):
    """One pause, resume, closure or reopening of a case, kept for good (schema 3).

    The survivor's ``status`` and ``status_changed_on`` are the latest of these; the
    history lets the schedule tell a review missed before a pause (still missed) from
    one that fell due while the case was paused (excused).
    """

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = _fk("survivor.id")
    changed_on: dt.date
    status: str
    reason: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)


class Provider(SQLModel, table=True):
    """A service in the team's directory (no survivor data; schema 7)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str
    #: REFERRAL_SERVICE codes, ";"-separated.
    service_kinds: str = ""
    #: The service, in words, when service_kinds include 'other'.
    service_other: str = ""
    #: Languages spoken, ";"-separated, as written (for example "Albanian;Romanian").
    languages: str = ""
    area: str = ""
    how_to_refer: str = ""
    contact: str = ""
    notes: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)


class Referral(SQLModel, table=True):
    """A referral of a survivor to a service, followed through its states (schema 7)."""

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = _fk("survivor.id")
    service_kind: str
    service_other: str = ""
    #: The directory entry, when chosen from it (kept as a name if the entry goes).
    provider_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("provider.id", ondelete="SET NULL"), index=True),
    )
    provider_name: str = ""
    #: The recovery domains it serves (DOMAINS codes, ";"-separated).
    domains: str = ""
    status: str = "planned"
    referred_on: dt.date | None = None
    accepted_on: dt.date | None = None
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    follow_up_on: dt.date | None = None
    note: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)

    @property
    def domain_list(self) -> list[str]:
        return [d for d in self.domains.split(";") if d]


class SupportGoal(SQLModel, table=True):
    """The support plan for one recovery domain: the survivor's goal in their own words
    and the actions agreed (schema 7)."""

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = _fk("survivor.id")
    domain: str
    goal: str = ""
    actions: str = ""
    agreed_on: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


class CaseNote(SQLModel, table=True):
    """A dated free-text note on the file, apart from contact summaries (schema 7)."""

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = _fk("survivor.id")
    written_on: dt.date
    text: str
    created_at: dt.datetime = Field(default_factory=utcnow)


class Activity(SQLModel, table=True):
    """The work beyond the caseload: strategic advice, a day of action or training
    delivered. Never names a survivor (schema 7)."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    date: dt.date
    force: str = ""
    #: Strategic advice: the operation or reference, and what it was about.
    reference: str = ""
    theme: str = ""
    theme_other: str = ""
    #: Day of action: the kind of site and what was found.
    site_kind: str = ""
    site_other: str = ""
    people_encountered: int | None = None
    potential_victims_identified: int | None = None
    referred: int | None = None
    #: Training: who, from where, how many, and the share reporting improved ability.
    audience: str = ""
    organisation: str = ""
    attendees: int | None = None
    improved_pct: float | None = None
    note: str = ""
    #: Permanent random number (never exported): the activity's weight in the funder
    #: figures, as a survivor's record key gives theirs.
    record_key: int = Field(default_factory=new_record_key)
    created_at: dt.datetime = Field(default_factory=utcnow)


class RecordCorrection(SQLModel, table=True):
    """A correction to a contact log entry, a milestone or a promise: nothing is silently
    overwritten.  An edit keeps each changed field's old and new value; a deletion
    keeps the whole record as it was (``field`` empty, ``old_value`` all of it)."""

    id: int | None = Field(default=None, primary_key=True)
    survivor_id: int = _fk("survivor.id")
    #: "contact", "milestone", "promise", "referral", "note" or "goal".
    record_kind: str
    record_id: int
    #: "edited" or "deleted".
    action: str
    changed_at: dt.datetime = Field(default_factory=utcnow)
    field: str = ""
    old_value: str = ""  # JSON text
    new_value: str = ""  # JSON text


#: Tables owned by a survivor, deleted with them.
SURVIVOR_OWNED: tuple[type[SQLModel], ...] = (
    Assessment,
    ContactAgreement,
    ContactLog,
    Promise,
    Consent,
    Milestone,
    CaseStatusChange,
    RecordCorrection,
    Referral,
    SupportGoal,
    CaseNote,
)
