"""Referrals that need the navigator: a follow-up date reached, no reply from the
provider, or a long wait.

Pure rules over a case's referrals and ``today``:

- a referral not settled (completed, declined, refused, withdrawn) whose follow-up
  date has come (overdue after it, due on it, soon in the two days before);
- a referral still only *referred* :data:`NO_REPLY_DAYS` or more after it was sent,
  with no follow-up date set: no reply, chase;
- a referral accepted or on a waiting list, not started :data:`LONG_WAIT_DAYS` or more
  after it was sent: a long wait, check with the provider and the survivor.

A follow-up date, when set, is the navigator's own plan and replaces the other two.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from assessments.wording import day_words, days_words
from caseload.categories import REFERRAL_CLOSED, REFERRAL_SERVICE
from caseload.records import ReferralRecord

#: Days after sending with no answer before the worklist says to chase.
NO_REPLY_DAYS = 10
#: Days after sending, accepted or waiting but not started, before a wait is long.
LONG_WAIT_DAYS = 42
#: Days before a follow-up date that it shows as coming soon.
SOON_DAYS = 2


@dataclass(frozen=True)
class ReferralDue:
    referral: ReferralRecord
    #: "follow_up", "no_reply" or "long_wait".
    reason: str
    urgency: str
    due_on: dt.date
    words: str


def is_open(referral: ReferralRecord) -> bool:
    """Not settled: planned, referred, accepted, waiting or started."""
    return referral.status not in REFERRAL_CLOSED


def service_words(referral: ReferralRecord) -> str:
    if referral.service_kind == "other":
        return "another service"
    return REFERRAL_SERVICE.label(referral.service_kind).lower()


def _due(referral: ReferralRecord, today: dt.date) -> ReferralDue | None:
    what = f"Referral to {service_words(referral)}"
    follow, sent = referral.follow_up_on, referral.referred_on
    if follow is not None:
        days = (follow - today).days
        if days > SOON_DAYS:
            return None
        urgency = "overdue" if days < 0 else "today" if days == 0 else "soon"
        when = (f"follow-up overdue since {day_words(follow, today)}" if days < 0
                else "follow-up due today" if days == 0
                else f"follow-up due {day_words(follow, today)}")
        return ReferralDue(referral, "follow_up", urgency, follow, f"{what}: {when}")
    if sent is None:
        return None
    waited = (today - sent).days
    if referral.status == "referred" and waited >= NO_REPLY_DAYS:
        return ReferralDue(referral, "no_reply", "today", sent + dt.timedelta(NO_REPLY_DAYS),
                           f"{what}: no reply {days_words(waited)} after referring; chase")
    if referral.status in ("accepted", "waiting") and waited >= LONG_WAIT_DAYS:
        weeks = waited // 7
        return ReferralDue(referral, "long_wait", "soon", sent + dt.timedelta(LONG_WAIT_DAYS),
                           f"{what}: waiting {weeks} weeks since referring; check with the "
                           "provider and the survivor")
    return None


def referrals_due(referrals: Iterable[ReferralRecord], today: dt.date) -> Iterator[ReferralDue]:
    """Every open referral of a case that needs the navigator today (see above)."""
    for referral in referrals:
        if is_open(referral):
            found = _due(referral, today)
            if found is not None:
                yield found


def open_referrals(referrals: Iterable[ReferralRecord]) -> int:
    return sum(1 for r in referrals if is_open(r) and r.status != "planned")
