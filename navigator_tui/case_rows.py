"""One plain row per survivor for the caseload table, with what the rules say about them.

Rows are built once per data change and kept in memory; the caseload screen filters
and sorts these rows (cheap) and only adds the visible ones to its DataTable.  Every
figure here comes from the rules in ``assessments/``: none is computed in the UI.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from assessments.contact_cadence import UpdateDue, disengagement_signals, next_update_due
from assessments.milestones import flagged_milestones
from assessments.promises import (
    OPEN_PROMISE_THRESHOLD,
    open_promises,
    over_promising,
    promise_urgency,
)
from assessments.schedule import AssessmentDue, next_assessment
from assessments.scoring import overall, rating_gaps
from caseload.case import CaseRecord
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


def case_flags(
    case: CaseRecord,
    today: dt.date,
    due: AssessmentDue | None,
    update: UpdateDue | None,
    promise_threshold: int = OPEN_PROMISE_THRESHOLD,
) -> tuple[str, ...]:
    """The flags column; ``due`` and ``update`` as the rules give them (worked out once);
    ``promise_threshold`` as the worklist uses it (a setting)."""
    flags: list[str] = []
    if due is not None and due.overdue:
        flags.append("assessment overdue")
    if update is not None and update.overdue:
        flags.append("update overdue")
    flags += [SIGNAL_FLAGS.get(s.kind, s.kind) for s in disengagement_signals(case, today)]
    if any(promise_urgency(p, today) == "overdue" for p in case.promises):
        flags.append("promise overdue")
    if over_promising(case.promises, promise_threshold):
        flags.append("many open promises")
    if case.assessments and rating_gaps(case.assessments[-1]):
        flags.append("rating gap")
    flags += [
        MILESTONE_FLAGS[flag]
        for _m, flag in flagged_milestones(case.milestones, case.contacts, today)
    ]
    return tuple(dict.fromkeys(flags))


def build_row(
    case: CaseRecord, today: dt.date, promise_threshold: int = OPEN_PROMISE_THRESHOLD
) -> CaseRow:
    """The row for one case (rules included: call from a worker thread for many cases)."""
    survivor = case.survivor
    public = [survivor.case_ref, survivor.officer_name, survivor.police_force]
    names = [survivor.given_name, survivor.family_name, survivor.preferred_name]
    due = next_assessment(case, today)
    update = next_update_due(case, today)
    latest = case.assessments[-1] if case.assessments else None
    return CaseRow(
        survivor_id=case.survivor_id,
        case_ref=survivor.case_ref,
        display_name=survivor.display_name,
        initials=survivor.initials,
        status=survivor.status,
        next_assessment=due.due_on if due else None,
        next_update=update.due_on if update else None,
        open_promises=len(open_promises(case.promises)),
        score_survivor=overall(latest, "survivor") if latest else None,
        score_navigator=overall(latest, "navigator") if latest else None,
        flags=case_flags(case, today, due, update, promise_threshold),
        search_public=" ".join(s for s in public if s).lower(),
        search_names=" ".join(s for s in names if s).lower(),
    )
