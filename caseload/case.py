"""One survivor's case as plain records: the unit every rule in ``assessments/`` works on.

:class:`CaseRecord` bundles a survivor with their assessments, contact agreement
(current version and history), contact log, promises, milestones and consents.
Lists are sorted oldest first. Build them with ``caseload.queries.load_cases`` /
``load_case`` (which give read-only rows, see :mod:`caseload.records`), or by
hand in tests with models: the rules never touch the database.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any

from caseload.records import (
    AgreementRecord,
    AssessmentRecord,
    CaseNoteRecord,
    ConsentRecord,
    ContactRecord,
    MilestoneRecord,
    PromiseRecord,
    ReferralRecord,
    StatusChangeRecord,
    SupportGoalRecord,
    SurvivorRecord,
)

MIDNIGHT = dt.time(0)


def assessment_key(a: AssessmentRecord) -> tuple[dt.date, int, int]:
    """The order of assessments: by date, an intake before a review of the same day."""
    return (a.date, 0 if a.kind == "intake" else 1, a.id or 0)


def contact_key(c: ContactRecord) -> tuple[dt.date, dt.time, int]:
    """The order of a contact log: by day, then time (none = midnight), then as entered."""
    return (c.contact_date, c.contact_time or MIDNIGHT, c.id or 0)


@dataclass(frozen=True)
class RecentContacts:
    """The part of each contact log to load: from its last successful contact up to
    ``today`` (everything when there is none), and at least every contact from
    ``since`` on; later contacts too. The caseload rules read no more than this (the
    rules say which ``since`` they need), so the app loads the rest when a file opens.
    """

    today: dt.date
    since: dt.date


@dataclass
class CaseRecord:
    """A survivor and everything the caseload rules need about them.

    ``agreement`` is the current contact agreement (highest version) or ``None``;
    ``agreement_history`` holds every version, oldest first; ``status_history`` every
    change of the case's status.
    """

    survivor: SurvivorRecord
    assessments: list[AssessmentRecord] = field(default_factory=list)
    agreement: AgreementRecord | None = None
    agreement_history: list[AgreementRecord] = field(default_factory=list)
    contacts: list[ContactRecord] = field(default_factory=list)
    promises: list[PromiseRecord] = field(default_factory=list)
    milestones: list[MilestoneRecord] = field(default_factory=list)
    consents: list[ConsentRecord] = field(default_factory=list)
    #: Every pause, resume and closure, oldest first (empty: none recorded).
    status_history: list[StatusChangeRecord] = field(default_factory=list)
    #: How many contacts the log holds when ``contacts`` is only its recent part
    #: (``caseload.queries.load_cases`` with ``recent_contacts``); ``None``: all loaded.
    contacts_logged: int | None = None
    #: Referrals to services, oldest first (schema 7).
    referrals: list[ReferralRecord] = field(default_factory=list)
    #: The support plan: one goal per recovery domain at most.
    goals: list[SupportGoalRecord] = field(default_factory=list)
    #: Case notes, oldest first. Loaded only with one case (``load_case``): they are
    #: free text no rule reads; empty in ``load_cases``.
    notes: list[CaseNoteRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.status_history = sorted(
            self.status_history, key=lambda c: (c.changed_on, c.id or 0)
        )
        self.assessments = sorted(self.assessments, key=assessment_key)
        self.contacts = sorted(self.contacts, key=contact_key)
        self.promises = sorted(self.promises, key=lambda p: (p.made_on, p.id or 0))
        self.milestones = sorted(self.milestones, key=lambda m: (m.date, m.id or 0))
        self.referrals = sorted(
            self.referrals, key=lambda r: (r.referred_on or dt.date.min, r.id or 0)
        )
        self.notes = sorted(self.notes, key=lambda n: (n.written_on, n.id or 0))
        self.agreement_history = sorted(
            self.agreement_history, key=lambda g: (g.version, g.id or 0)
        )
        if self.agreement is None and self.agreement_history:
            self.agreement = self.agreement_history[-1]
        elif self.agreement is not None and not self.agreement_history:
            self.agreement_history = [self.agreement]

    def restricted(self, **changes: Any) -> CaseRecord:
        """A copy with some fields replaced, without sorting its lists again.

        For views of this case (as it stood on a past day, say): each list given must
        hold this case's records of that kind, or copies with the same sort keys, in
        this case's order; ``agreement`` is taken as given.
        """
        unknown = set(changes) - {f.name for f in fields(self)}
        if unknown:
            raise TypeError(f"CaseRecord has no field {sorted(unknown)[0]!r}")
        view = copy.copy(self)
        for name, value in changes.items():
            setattr(view, name, value)
        return view

    @property
    def survivor_id(self) -> int:
        assert self.survivor.id is not None, "a CaseRecord needs a stored survivor"
        return self.survivor.id

    @property
    def case_ref(self) -> str:
        return self.survivor.case_ref

    @property
    def status(self) -> str:
        return self.survivor.status

    @property
    def is_open(self) -> bool:
        return self.survivor.status == "open"

    @property
    def contacts_complete(self) -> bool:
        """Whether ``contacts`` is the whole contact log (not only what the rules read)."""
        return self.contacts_logged is None

    @property
    def contact_count(self) -> int:
        """How many contacts are logged, whether or not all of them are loaded."""
        return len(self.contacts) if self.contacts_logged is None else self.contacts_logged
