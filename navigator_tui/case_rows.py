"""One plain row per survivor for the caseload table, with what the rules say about them.

Rows are built once per data change and kept in memory; the caseload screen filters
and sorts these rows (cheap) and only adds the visible ones to its DataTable.  Every
figure here comes from the rules in ``assessments/``: none is computed in the UI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assessments.case_status import CaseStatus
from assessments.scoring import overall
from caseload.categories import CASE_STATUS

#: Short words for the flags column (and the flag filter).
SIGNAL_FLAGS = {
    "unsuccessful_attempts": "attempts failing",
    "long_silence": "long silence",
    "safety_concern": "safety concern",
}
MILESTONE_FLAGS = {"prepare": "prepare milestone", "check_in": "check in after milestone"}


@dataclass
class CaseRow:
    """Figures for one survivor; the same row serves discreet and normal mode."""

    survivor_id: int
    case_ref: str
    display_name: str
    initials: str
    status: str
    next_assessment: dt.date | None = None
    next_update: dt.date | None = None
    open_promises: int = 0
    score_survivor: float | None = None
    score_navigator: float | None = None
    flags: tuple[str, ...] = ()
    #: Lower-cased text the filter matches: reference, officer and force ...
    search_public: str = field(default="", repr=False)
    #: ... and the names, searched only outside discreet mode.
    search_names: str = field(default="", repr=False)

    @property
    def status_label(self) -> str:
        return CASE_STATUS.label(self.status)

    def name(self, discreet: bool) -> str:
        """Initials in discreet mode (the reference has its own column), else the name."""
        return self.initials if discreet else self.display_name

    def matches(self, words: list[str], discreet: bool) -> bool:
        """Whether every word (no spaces: ``str.split``) is in the searchable text."""
        public = self.search_public
        if discreet:
            return all(word in public for word in words)
        names = self.search_names
        return all(word in public or word in names for word in words)


#: Flags of referrals that need the navigator (and the flag filter's choices).
REFERRAL_FLAGS = {
    "follow_up": "referral follow-up",
    "no_reply": "referral to chase",
    "long_wait": "referral waiting long",
}


def case_flags(status: CaseStatus) -> tuple[str, ...]:
    """The flags column, read from the case's evaluation (no rule runs again here)."""
    flags: list[str] = []
    if status.assessment is not None and status.assessment.overdue:
        flags.append("assessment overdue")
    if status.update is not None and status.update.overdue:
        flags.append("update overdue")
    flags += [SIGNAL_FLAGS.get(s.kind, s.kind) for s in status.signals]
    if status.promise_overdue:
        flags.append("promise overdue")
    if status.over_promising:
        flags.append("many open promises")
    if status.rating_gap:
        flags.append("rating gap")
    flags += [MILESTONE_FLAGS[flag] for _m, flag in status.milestones]
    flags += [REFERRAL_FLAGS[due.reason] for due in status.referrals_due]
    return tuple(dict.fromkeys(flags))


def build_row(status: CaseStatus) -> CaseRow:
    """The row for one evaluated case (:func:`assessments.case_status.evaluate`)."""
    case = status.case
    survivor = case.survivor
    public = [survivor.case_ref, survivor.officer_name, survivor.police_force]
    names = [survivor.given_name, survivor.family_name, survivor.preferred_name]
    due, update = status.assessment, status.update
    latest = case.assessments[-1] if case.assessments else None
    return CaseRow(
        survivor_id=case.survivor_id,
        case_ref=survivor.case_ref,
        display_name=survivor.display_name,
        initials=survivor.initials,
        status=survivor.status,
        next_assessment=due.due_on if due else None,
        next_update=update.due_on if update else None,
        open_promises=status.open_promises,
        score_survivor=overall(latest, "survivor") if latest else None,
        score_navigator=overall(latest, "navigator") if latest else None,
        flags=case_flags(status),
        search_public=" ".join(s for s in public if s).lower(),
        search_names=" ".join(s for s in names if s).lower(),
    )
