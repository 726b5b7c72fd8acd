"""Milestones: tipping points to prepare for, and to check in after.

Rules (issue 3):

- A milestone from today up to :data:`PREPARE_DAYS` (14) days ahead is flagged
  ``prepare``: bad news without warning does harm, so the navigator plans to be
  there.
- A milestone that has passed with no successful contact logged after it (a
  contact on a later day; a call on the day itself may have come before the
  event) is flagged ``check_in``. Only milestones in the last
  :data:`CHECK_IN_DAYS` (30) days are flagged, so old history does not crowd
  the worklist. An unanswered call is not a check-in.

Public API: :func:`milestone_flag`, :func:`flagged_milestones`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from caseload.categories import SUCCESSFUL_OUTCOMES
from caseload.records import ContactRecord, MilestoneRecord

PREPARE_DAYS = 14
CHECK_IN_DAYS = 30


def milestone_flag(
    milestone: MilestoneRecord, contacts: Sequence[ContactRecord], today: dt.date
) -> str | None:
    """``prepare``, ``check_in`` or ``None``."""
    days = (milestone.date - today).days
    if 0 <= days <= PREPARE_DAYS:
        return "prepare"
    if -CHECK_IN_DAYS <= days < 0:
        spoke_after = any(
            milestone.date < c.contact_date <= today and c.outcome in SUCCESSFUL_OUTCOMES
            for c in contacts
        )
        return None if spoke_after else "check_in"
    return None


def flagged_milestones(
    milestones: Iterable[MilestoneRecord], contacts: Sequence[ContactRecord], today: dt.date
) -> list[tuple[MilestoneRecord, str]]:
    """Milestones with a flag, in date order."""
    out = []
    for m in sorted(milestones, key=lambda m: (m.date, m.id or 0)):
        flag = milestone_flag(m, contacts, today)
        if flag is not None:
            out.append((m, flag))
    return out
