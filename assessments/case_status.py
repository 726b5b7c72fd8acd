"""Everything the rules say about one case on one day, worked out once.

:func:`evaluate` runs each rule once per case: the assessment due, the update due,
disengagement signals (failing attempts, long silence, safety concerns), promises due and
open, milestones to prepare for or check in after, the gap between the raters, the
agreement's review and the closing-assessment offer.  The caseload row and its flags,
the worklist, and the exports read the :class:`CaseStatus`; none of them runs a rule
again, and every setting (:class:`assessments.settings.WorklistSettings`) is read here.

Rules that depend on the case's status apply it themselves: an assessment and an update
are due only for open cases; a paused case keeps promises, milestones and safety
concerns; a closed case only the closing offer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assessments.contact_cadence import (
    SAFETY_LOOKBACK_DAYS,
    AgreementReview,
    Signal,
    UpdateDue,
    agreement_review_due,
    disengagement_signals,
    next_update_due,
)
from assessments.milestones import CHECK_IN_DAYS, flagged_milestones
from assessments.promises import due_promises, open_promises
from assessments.referrals import ReferralDue, referrals_due
from assessments.schedule import AssessmentDue, closing_assessment_offered, next_assessment
from assessments.scoring import rating_gaps
from assessments.settings import WorklistSettings
from caseload.case import CaseRecord, RecentContacts
from caseload.records import MilestoneRecord, PromiseRecord

DEFAULT_SETTINGS = WorklistSettings()

#: How far back :func:`evaluate` reads a contact log, besides everything since the
#: last successful contact: a safety concern counts for 14 days, a check-in after a
#: milestone looks back 30.
CONTACT_DAYS_READ = max(SAFETY_LOOKBACK_DAYS, CHECK_IN_DAYS)


def contacts_read(today: dt.date) -> RecentContacts:
    """The part of each contact log :func:`evaluate` reads on ``today`` (for
    ``caseload.queries.load_cases``): the rules give the same answers on it as on the
    whole log (``tests/test_recent_contacts.py`` checks this on the demo caseload)."""
    return RecentContacts(today=today, since=today - dt.timedelta(days=CONTACT_DAYS_READ))


@dataclass(frozen=True)
class CaseStatus:
    case: CaseRecord
    today: dt.date
    settings: WorklistSettings
    #: The next intake or review (open cases only).
    assessment: AssessmentDue | None
    #: The next update the agreement asks for (open cases only).
    update: UpdateDue | None
    signals: tuple[Signal, ...]
    #: Open promises due soon, today or overdue, most urgent first.
    promises_due: tuple[tuple[PromiseRecord, str], ...]
    open_promises: int
    milestones: tuple[tuple[MilestoneRecord, str], ...]
    #: The latest assessment's raters differ by two levels or more somewhere.
    rating_gap: bool
    agreement_review: AgreementReview | None
    #: The day the case closed, while a closing assessment is still to be offered.
    closing_offer: dt.date | None
    #: Open referrals to follow up, chase or check (open cases only).
    referrals_due: tuple[ReferralDue, ...] = ()

    @property
    def promise_overdue(self) -> bool:
        return any(urgency == "overdue" for _p, urgency in self.promises_due)

    @property
    def over_promising(self) -> bool:
        return self.open_promises >= self.settings.open_promise_threshold


def _closing_offer(case: CaseRecord, today: dt.date, days: int) -> dt.date | None:
    closed = case.survivor.closed_on or case.survivor.status_changed_on
    if closed is None or not closing_assessment_offered(case):
        return None
    return closed if 0 <= (today - closed).days <= days else None


def evaluate(
    case: CaseRecord, today: dt.date, settings: WorklistSettings = DEFAULT_SETTINGS
) -> CaseStatus:
    """The rules for ``case`` on ``today`` (call from a worker thread for many cases)."""
    status = case.survivor.status
    closed = status == "closed"
    latest = case.assessments[-1] if case.assessments else None
    return CaseStatus(
        case=case,
        today=today,
        settings=settings,
        assessment=next_assessment(case, today),
        update=next_update_due(case, today),
        signals=tuple(disengagement_signals(case, today, run=settings.unsuccessful_run)),
        promises_due=tuple(due_promises(case.promises, today, settings.promise_soon_days)),
        open_promises=len(open_promises(case.promises)),
        milestones=tuple(flagged_milestones(case.milestones, case.contacts, today)),
        rating_gap=bool(latest and rating_gaps(latest)),
        agreement_review=(
            agreement_review_due(case.agreement, today, settings.agreement_soon_days)
            if status == "open"
            else None
        ),
        closing_offer=(
            _closing_offer(case, today, settings.closing_offer_days) if closed else None
        ),
        referrals_due=tuple(referrals_due(case.referrals, today)) if status == "open" else (),
    )
