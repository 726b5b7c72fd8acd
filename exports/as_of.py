"""A case as it stood on a given day, so that past months are reported as they were.

The rules in ``assessments/`` take ``today`` and a :class:`CaseRecord`. For a past
month, exports pass the month's last day and a copy of the case holding only what
existed on that day: assessments, contacts, promises, consents, referrals and support
plan goals dated up to it,
the contact agreement version in force then, and the case status then (see
:func:`exports.periods.status_on`). A promise resolved after that day is shown as
still open on it. The rules themselves are not changed or re-implemented.
"""

from __future__ import annotations

import datetime as dt

from caseload.case import CaseRecord
from caseload.records import PromiseRecord, PromiseRow, SurvivorRecord, SurvivorRow, row_of
from exports.periods import status_on


def _survivor_on(survivor: SurvivorRecord, day: dt.date) -> SurvivorRecord:
    status = status_on(survivor, day)
    if status == survivor.status:
        return survivor
    changes: dict[str, object] = {"status": status}
    if status != "closed":
        changes.update(closed_on=None, closure_reason="")
    if survivor.status_changed_on is not None and survivor.status_changed_on > day:
        changes["status_changed_on"] = None
    return row_of(SurvivorRow, survivor)._replace(**changes)


def _promise_on(promise: PromiseRecord, day: dt.date) -> PromiseRecord:
    changed = promise.status_changed_on
    if promise.status == "open" or changed is None or changed <= day:
        return promise
    return row_of(PromiseRow, promise)._replace(status="open", status_changed_on=None)


def case_as_of(case: CaseRecord, day: dt.date) -> CaseRecord:
    agreements = [g for g in case.agreement_history if g.agreed_on <= day]
    # Filtered lists keep the case's order: no need to sort them again.
    return case.restricted(
        survivor=_survivor_on(case.survivor, day),
        assessments=[a for a in case.assessments if a.date <= day],
        agreement=agreements[-1] if agreements else None,
        agreement_history=agreements,
        contacts=[c for c in case.contacts if c.contact_date <= day],
        promises=[_promise_on(p, day) for p in case.promises if p.made_on <= day],
        milestones=list(case.milestones),
        consents=[c for c in case.consents if c.recorded_on is None or c.recorded_on <= day],
        referrals=[r for r in case.referrals if r.referred_on is None or r.referred_on <= day],
        goals=[g for g in case.goals if g.agreed_on is None or g.agreed_on <= day],
    )
