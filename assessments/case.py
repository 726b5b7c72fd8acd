"""One survivor's case as plain records: the unit every rule in ``assessments/`` works on.

:class:`CaseRecord` bundles a survivor with their assessments, contact agreement
(current version and history), contact log, promises, milestones and consents.
Lists are sorted oldest first. Build them with ``storage.queries.load_cases`` /
``load_case``, or by hand in tests: the rules never touch the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from storage.models import (
    Assessment,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    Survivor,
)


def _assessment_key(a: Assessment) -> tuple[dt.date, int, int]:
    # An intake sorts before a review of the same day.
    return (a.date, 0 if a.kind == "intake" else 1, a.id or 0)


def _contact_key(c: ContactLog) -> tuple[dt.date, dt.time, int]:
    return (c.contact_date, c.contact_time or dt.time(0), c.id or 0)


@dataclass
class CaseRecord:
    """A survivor and everything the caseload rules need about them.

    ``agreement`` is the current contact agreement (highest version) or ``None``;
    ``agreement_history`` holds every version, oldest first.
    """

    survivor: Survivor
    assessments: list[Assessment] = field(default_factory=list)
    agreement: ContactAgreement | None = None
    agreement_history: list[ContactAgreement] = field(default_factory=list)
    contacts: list[ContactLog] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.assessments = sorted(self.assessments, key=_assessment_key)
        self.contacts = sorted(self.contacts, key=_contact_key)
        self.promises = sorted(self.promises, key=lambda p: (p.made_on, p.id or 0))
        self.milestones = sorted(self.milestones, key=lambda m: (m.date, m.id or 0))
        self.agreement_history = sorted(
            self.agreement_history, key=lambda g: (g.version, g.id or 0)
        )
        if self.agreement is None and self.agreement_history:
            self.agreement = self.agreement_history[-1]
        elif self.agreement is not None and not self.agreement_history:
            self.agreement_history = [self.agreement]

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
