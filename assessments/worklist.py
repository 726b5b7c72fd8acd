"""The daily worklist: the whole caseload and ``today`` turned into ordered actions.

One function, :func:`build_worklist`. Each :class:`Action` names the survivor (id
and case reference, never a name), the reason in words, its kind and its urgency;
the app decides which tab of the survivor's file a kind opens.  The actions are
worded from each case's :class:`assessments.case_status.CaseStatus` (the rules run
once per case, for the caseload row and the worklist alike).

What goes on the list:

====================  ======================================
kind                  when
====================  ======================================
safety_concern        a safety concern logged in 14 days
disengagement         unsuccessful attempts / long silence
milestone_check_in    milestone passed, no contact since
assessment            intake or review due / overdue
update                update due today / overdue / tomorrow
promise               open promise due soon / today / overdue;
                      a broken one they have not been told of
referral              follow-up date near or passed; no reply
                      10 days after referring; a long wait
milestone_prepare     milestone within 14 days
agreement_review      contact agreement review date near
agreement_missing     open case with no contact agreement
over_promising        too many promises open at once
closing_assessment    case closed in the last 14 days
====================  ======================================

Open cases get every kind; paused cases only promises, milestones and safety
concerns (the survivor asked for a break: no cadence, no reviews); closed cases
only the closing-assessment offer.

Order: overdue first, then due today, then soon; within an urgency by date (oldest
first: what has waited longest, or comes soonest), then by the kind order of the table
above, then case reference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from assessments.case_status import CaseStatus, evaluate
from assessments.contact_cadence import frequency_of, frequency_words, next_safe_window
from assessments.settings import CLOSING_OFFER_DAYS, WorklistSettings
from assessments.wording import day_words, days_words
from caseload.case import CaseRecord
from caseload.categories import MILESTONE_KIND

__all__ = [
    "CLOSING_OFFER_DAYS",
    "KINDS",
    "URGENCIES",
    "Action",
    "WorklistSettings",
    "actions_for",
    "build_worklist",
    "case_actions",
    "worklist_of",
]

URGENCIES: tuple[str, ...] = ("overdue", "today", "soon")
KINDS: tuple[str, ...] = (
    "safety_concern",
    "disengagement",
    "milestone_check_in",
    "assessment",
    "update",
    "promise",
    "referral",
    "milestone_prepare",
    "agreement_review",
    "agreement_missing",
    "over_promising",
    "closing_assessment",
)


@dataclass(frozen=True)
class Action:
    """One thing to do. ``record_id`` is the promise, milestone or referral id, when there
    is one.

    ``reason`` holds no free text (it is shown in discreet mode too); ``detail`` is
    what was written in someone's own words (a promise's wording, a milestone's name
    and preparation note, an agreed frequency), shown after it unless discreet.
    """

    kind: str
    survivor_id: int
    case_ref: str
    reason: str
    urgency: str
    due_on: dt.date | None = None
    record_id: int | None = None
    detail: str = ""

    def text(self, discreet: bool) -> str:
        """The line to show: the reason, then the detail unless discreet."""
        return self.reason if discreet or not self.detail else f"{self.reason} · {self.detail}"

    def sort_key(self) -> tuple[int, dt.date, int, str, int]:
        return (
            URGENCIES.index(self.urgency),
            self.due_on or dt.date.max,
            KINDS.index(self.kind),
            self.case_ref,
            self.record_id or 0,
        )


def _ago(day: dt.date, today: dt.date) -> str:
    return days_words((today - day).days) + " ago"


def _assessment(status: CaseStatus) -> Iterable[Action]:
    case, today, nxt = status.case, status.today, status.assessment
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
    yield Action("assessment", case.survivor_id, case.case_ref, reason, urgency, due.due_on)


def _update(status: CaseStatus, now: dt.time | None) -> Iterable[Action]:
    case, today, upd = status.case, status.today, status.update
    soon = status.settings.update_soon_days
    if upd is None or upd.due_on is None:
        return
    days = (upd.due_on - today).days
    if days > soon:
        return
    window = next_safe_window(case.agreement, today, now)
    safe = f"; next safe time: {window.describe(today)}" if window else "; no safe day agreed"
    agreed = frequency_words(case.agreement, own_words=False)
    words = case.agreement.update_frequency_other.strip() if case.agreement else ""
    other = frequency_of(case.agreement) == "other"
    detail = f'in their words: "{words}"' if words and other else ""
    if days < 0:
        urgency, when = "overdue", f"overdue since {day_words(upd.due_on, today)}"
    elif days == 0:
        urgency, when = "today", "due today"
    else:
        urgency, when = "soon", f"due {day_words(upd.due_on, today)}"
    reason = f"Update {when} (agreed: {agreed}){safe}"
    yield Action(
        "update",
        case.survivor_id,
        case.case_ref,
        reason,
        urgency,
        upd.due_on,
        detail=detail,
    )


def _signals(status: CaseStatus) -> Iterable[Action]:
    case = status.case
    for signal in status.signals:
        kind = "safety_concern" if signal.kind == "safety_concern" else "disengagement"
        yield Action(kind, case.survivor_id, case.case_ref, signal.reason, "today", signal.since)


def _promises(status: CaseStatus) -> Iterable[Action]:
    case, today = status.case, status.today
    for promise, urgency in status.promises_due:
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
            f"Promise {when}",
            urgency,
            promise.due_on,
            promise.id,
            detail=promise.what,
        )
    for promise in case.promises:
        if promise.status == "broken" and promise.survivor_told == "not_yet":
            yield Action(
                "promise",
                case.survivor_id,
                case.case_ref,
                "Promise broken and not yet explained: tell them, and what happens now",
                "today",
                promise.status_changed_on,
                promise.id,
                detail=promise.what,
            )
    if status.over_promising:
        yield Action(
            "over_promising",
            case.survivor_id,
            case.case_ref,
            f"{status.open_promises} promises open at once: check they are all realistic",
            "soon",
            today,
        )


def _referrals(status: CaseStatus) -> Iterable[Action]:
    case = status.case
    for due in status.referrals_due:
        yield Action(
            "referral",
            case.survivor_id,
            case.case_ref,
            due.words,
            due.urgency,
            due.due_on,
            due.referral.id,
            detail=due.referral.provider_name,
        )


def _milestones(status: CaseStatus) -> Iterable[Action]:
    case, today = status.case, status.today
    for milestone, flag in status.milestones:
        label = MILESTONE_KIND.label(milestone.kind)
        own = [milestone.kind_other] if milestone.kind == "other" and milestone.kind_other else []
        if milestone.prep_note.strip():
            own.append(f"prepare: {milestone.prep_note.strip()}")
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
            milestone.date,
            milestone.id,
            detail="; ".join(own),
        )


def _agreement(status: CaseStatus) -> Iterable[Action]:
    case, today, review = status.case, status.today, status.agreement_review
    if case.agreement is None:
        yield Action(
            "agreement_missing",
            case.survivor_id,
            case.case_ref,
            "No contact agreement yet: agree how, when and how often to make contact",
            "today",
            case.survivor.intake_date,
        )
        return
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
        review.due_on,
    )


def _closing(status: CaseStatus) -> Iterable[Action]:
    case, today, closed = status.case, status.today, status.closing_offer
    if closed is None:
        return
    yield Action(
        "closing_assessment",
        case.survivor_id,
        case.case_ref,
        f"Case closed {day_words(closed, today)}: offer a closing assessment",
        "soon",
        closed,
    )


def actions_for(status: CaseStatus, now: dt.time | None = None) -> list[Action]:
    """The actions for one evaluated case, unordered (see :func:`build_worklist`)."""
    state = status.case.survivor.status
    if state == "closed":
        return list(_closing(status))
    actions = [*_signals(status), *_promises(status), *_milestones(status)]
    if state == "open":
        actions += [*_assessment(status), *_update(status, now), *_agreement(status),
                    *_referrals(status)]
    return actions


def case_actions(
    case: CaseRecord,
    today: dt.date,
    now: dt.time | None = None,
    settings: WorklistSettings | None = None,
) -> list[Action]:
    """The actions for one case, unordered (see :func:`build_worklist`)."""
    return actions_for(evaluate(case, today, settings or WorklistSettings()), now)


def worklist_of(statuses: Iterable[CaseStatus], now: dt.time | None = None) -> list[Action]:
    """Every action of the evaluated cases, overdue first, then due today, then soon."""
    actions: list[Action] = []
    for status in statuses:
        actions.extend(actions_for(status, now))
    return sorted(actions, key=Action.sort_key)


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
    chosen = settings or WorklistSettings()
    return worklist_of((evaluate(case, today, chosen) for case in cases), now)
