"""The daily worklist: the whole caseload and ``today`` turned into ordered actions.

One function, :func:`build_worklist`. Each :class:`Action` names the survivor (id
and case reference, never a name), the reason in words, its urgency and the tab
of the survivor's file it relates to, so the app can open the right tab.

What goes on the list (rules from the other modules in ``assessments/``):

====================  ======================================  ==========
kind                  when                                    tab
====================  ======================================  ==========
safety_concern        a safety concern logged in 14 days      contacts
disengagement         unsuccessful attempts / long silence    contacts
milestone_check_in    milestone passed, no contact since      overview
assessment            intake or review due / overdue          recovery
update                update due today / overdue / tomorrow   contacts
promise               open promise due soon / today / overdue promises
milestone_prepare     milestone within 14 days                overview
agreement_review      contact agreement review date near      agreement
over_promising        too many promises open at once          promises
closing_assessment    case closed in the last 14 days         recovery
====================  ======================================  ==========

Open cases get every kind; paused cases only promises, milestones and safety
concerns (the survivor asked for a break: no cadence, no reviews); closed cases
only the closing-assessment offer.

Order: overdue first, then due today, then soon; within an urgency by the kind
order of the table above, then by date (oldest first), then case reference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from assessments.contact_cadence import (
    UNSUCCESSFUL_RUN,
    agreement_review_due,
    disengagement_signals,
    frequency_words,
    next_safe_window,
    next_update_due,
)
from assessments.milestones import flagged_milestones
from assessments.promises import OPEN_PROMISE_THRESHOLD, SOON_DAYS, due_promises, open_promises
from assessments.schedule import closing_assessment_offered, next_assessment
from assessments.wording import day_words, days_words
from caseload.case import CaseRecord
from caseload.categories import MILESTONE_KIND

URGENCIES: tuple[str, ...] = ("overdue", "today", "soon")
TABS: tuple[str, ...] = ("overview", "recovery", "agreement", "contacts", "promises")
KINDS: tuple[str, ...] = (
    "safety_concern",
    "disengagement",
    "milestone_check_in",
    "assessment",
    "update",
    "promise",
    "milestone_prepare",
    "agreement_review",
    "over_promising",
    "closing_assessment",
)
CLOSING_OFFER_DAYS = 14


@dataclass(frozen=True)
class WorklistSettings:
    """Thresholds a team may tune."""

    promise_soon_days: int = SOON_DAYS
    open_promise_threshold: int = OPEN_PROMISE_THRESHOLD
    unsuccessful_run: int = UNSUCCESSFUL_RUN
    update_soon_days: int = 1
    agreement_soon_days: int = 14
    closing_offer_days: int = CLOSING_OFFER_DAYS


@dataclass(frozen=True)
class Action:
    """One thing to do. ``record_id`` is the promise or milestone id, when there is one."""

    kind: str
    survivor_id: int
    case_ref: str
    reason: str
    urgency: str
    tab: str
    due_on: dt.date | None = None
    record_id: int | None = None

    def sort_key(self) -> tuple[int, int, dt.date, str, int]:
        return (
            URGENCIES.index(self.urgency),
            KINDS.index(self.kind),
            self.due_on or dt.date.max,
            self.case_ref,
            self.record_id or 0,
        )


def _ago(day: dt.date, today: dt.date) -> str:
    return days_words((today - day).days) + " ago"


def _assessment(case: CaseRecord, today: dt.date) -> Iterable[Action]:
    nxt = next_assessment(case, today)
    if nxt is None or nxt.state == "upcoming":
        return
    what = "Intake assessment" if nxt.kind == "intake" else f"Review {nxt.due.number} assessment"
    due = nxt.due
    if nxt.state == "overdue":
        urgency = "overdue"
        reason = f"{what} overdue: due {day_words(due.due_on, today)} ({_ago(due.due_on, today)})"
    elif today >= due.due_on:
        urgency = "today"
        reason = (
            f"{what} due {'today' if today == due.due_on else day_words(due.due_on, today)}; "
            f"counts until {day_words(due.window_end, today)}"
        )
    else:
        urgency = "soon"
        reason = f"{what} due {day_words(due.due_on, today)}"
    yield Action(
        "assessment", case.survivor_id, case.case_ref, reason, urgency, "recovery", due.due_on
    )


def _update(case: CaseRecord, today: dt.date, now: dt.time | None, soon: int) -> Iterable[Action]:
    upd = next_update_due(case, today)
    if upd is None or upd.due_on is None:
        return
    days = (upd.due_on - today).days
    if days > soon:
        return
    window = next_safe_window(case.agreement, today, now)
    safe = f"; next safe time: {window.describe(today)}" if window else "; no safe day agreed"
    agreed = frequency_words(case.agreement)
    if days < 0:
        urgency, when = "overdue", f"overdue since {day_words(upd.due_on, today)}"
    elif days == 0:
        urgency, when = "today", "due today"
    else:
        urgency, when = "soon", f"due {day_words(upd.due_on, today)}"
    reason = f"Update {when} (agreed: {agreed}){safe}"
    yield Action("update", case.survivor_id, case.case_ref, reason, urgency, "contacts", upd.due_on)


def _signals(case: CaseRecord, today: dt.date, run: int) -> Iterable[Action]:
    for signal in disengagement_signals(case, today, run=run):
        kind = "safety_concern" if signal.kind == "safety_concern" else "disengagement"
        yield Action(
            kind, case.survivor_id, case.case_ref, signal.reason, "today", "contacts", signal.since
        )


def _promises(case: CaseRecord, today: dt.date, settings: WorklistSettings) -> Iterable[Action]:
    for promise, urgency in due_promises(case.promises, today, settings.promise_soon_days):
        assert promise.due_on is not None
        if urgency == "overdue":
            when = f"overdue since {day_words(promise.due_on, today)}"
        elif urgency == "today":
            when = "due today"
        else:
            when = f"due {day_words(promise.due_on, today)}"
        yield Action(
            "promise",
            case.survivor_id,
            case.case_ref,
            f"Promise {when}: {promise.what}",
            urgency,
            "promises",
            promise.due_on,
            promise.id,
        )
    count = len(open_promises(case.promises))
    if count >= settings.open_promise_threshold:
        yield Action(
            "over_promising",
            case.survivor_id,
            case.case_ref,
            f"{count} promises open at once: check they are all realistic",
            "soon",
            "promises",
            today,
        )


def _milestones(case: CaseRecord, today: dt.date) -> Iterable[Action]:
    for milestone, flag in flagged_milestones(case.milestones, case.contacts, today):
        label = MILESTONE_KIND.label(milestone.kind)
        if milestone.kind == "other" and milestone.kind_other:
            label = milestone.kind_other
        when = day_words(milestone.date, today)
        if flag == "prepare":
            days = (milestone.date - today).days
            urgency = "today" if days == 0 else "soon"
            in_words = "today" if days == 0 else f"in {days_words(days)}"
            reason = f"Prepare: {label} on {when} ({in_words})"
            kind = "milestone_prepare"
        else:
            urgency = "today"
            reason = f"Check in: {label} was on {when}, no contact since"
            kind = "milestone_check_in"
        yield Action(
            kind,
            case.survivor_id,
            case.case_ref,
            reason,
            urgency,
            "overview",
            milestone.date,
            milestone.id,
        )


def _agreement(case: CaseRecord, today: dt.date, soon_days: int) -> Iterable[Action]:
    review = agreement_review_due(case.agreement, today, soon_days)
    if review is None:
        return
    if review.state == "overdue":
        reason = f"Contact agreement due for review since {day_words(review.due_on, today)}"
    elif review.state == "today":
        reason = "Contact agreement due for review today"
    else:
        reason = f"Contact agreement due for review {day_words(review.due_on, today)}"
    yield Action(
        "agreement_review",
        case.survivor_id,
        case.case_ref,
        reason,
        review.state,
        "agreement",
        review.due_on,
    )


def _closing(case: CaseRecord, today: dt.date, days: int) -> Iterable[Action]:
    closed = case.survivor.closed_on or case.survivor.status_changed_on
    if closed is None or not closing_assessment_offered(case):
        return
    if 0 <= (today - closed).days <= days:
        yield Action(
            "closing_assessment",
            case.survivor_id,
            case.case_ref,
            f"Case closed {day_words(closed, today)}: offer a closing assessment",
            "soon",
            "recovery",
            closed,
        )


def case_actions(
    case: CaseRecord,
    today: dt.date,
    now: dt.time | None = None,
    settings: WorklistSettings | None = None,
) -> list[Action]:
    """The actions for one case, unordered (see :func:`build_worklist`)."""
    settings = settings or WorklistSettings()
    status = case.survivor.status
    actions: list[Action] = []
    if status == "closed":
        actions.extend(_closing(case, today, settings.closing_offer_days))
        return actions
    actions.extend(_signals(case, today, settings.unsuccessful_run))
    actions.extend(_promises(case, today, settings))
    actions.extend(_milestones(case, today))
    if status == "open":
        actions.extend(_assessment(case, today))
        actions.extend(_update(case, today, now, settings.update_soon_days))
        actions.extend(_agreement(case, today, settings.agreement_soon_days))
    return actions


def build_worklist(
    cases: Iterable[CaseRecord],
    today: dt.date,
    now: dt.time | None = None,
    settings: WorklistSettings | None = None,
) -> list[Action]:
    """Every action for the caseload, overdue first, then due today, then soon.

    ``now`` (the time of day) only moves the "next safe time" of an update to a
    later day when today's safe window has already closed.
    """
    actions: list[Action] = []
    for case in cases:
        actions.extend(case_actions(case, today, now, settings))
    return sorted(actions, key=Action.sort_key)
