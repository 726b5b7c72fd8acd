"""Contact cadence: "no updates are still updates".

Rules (issue 3), functions of records and ``today``:

- **Next update due** = the last *successful* contact (outcome ``spoke``, see
  ``caseload.categories.SUCCESSFUL_OUTCOMES``), or the intake date when there is
  none, plus the interval of the agreed update frequency. A message left or an
  unanswered call does not reset the clock. "Only when there is news" has no
  fixed interval, so no update falls due. A frequency "other" (the survivor's own
  words) has no interval the rules can read, so it is reminded every
  ``caseload.categories.OTHER_UPDATE_INTERVAL_DAYS`` (30) days, like monthly, with
  those words shown (:func:`frequency_words`): a wish the list could not hold must
  not silence "no updates are still updates". An outcome "other" is not a successful
  contact. With no agreement recorded, the model's
  default frequency (weekly) applies. Paused and closed cases have no cadence;
  when a paused or closed case is opened again the clock restarts on that day
  (``assessments.schedule.resumed_on``), so the pause never shows up as an
  overdue update or as a long silence.
- **Safe window**: contact only on the agreed safe days (none listed = any day)
  and between the agreed times (none = any time of day; a "to" time at or before
  the "from" time runs to midnight).
- **Disengagement signals**, each saying why it fired:
  ``unsuccessful_attempts`` - the last :data:`UNSUCCESSFUL_RUN` (3) or more
  attempts in a row did not reach the survivor; ``long_silence`` - no successful
  contact for twice the agreed interval (:data:`NEWS_ONLY_SILENCE_DAYS` when the
  survivor only wants news); ``safety_concern`` - a safety concern logged in the
  last :data:`SAFETY_LOOKBACK_DAYS` days.
- **Agreement review**: an agreement whose review date has passed is due for
  review; within :data:`AGREEMENT_SOON_DAYS` of it, it is coming up.

Public API: :func:`is_successful`, :func:`last_successful_contact`,
:func:`update_interval`, :func:`frequency_words`, :class:`UpdateDue`, :func:`next_update_due`,
:class:`SafeWindow`, :func:`next_safe_window`, :class:`Signal`,
:func:`disengagement_signals`, :class:`AgreementReview`,
:func:`agreement_review_due`, :class:`ContactCounts`, :func:`contact_counts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assessments.schedule import resumed_on
from assessments.wording import day_words, weekday_words
from caseload.case import CaseRecord, contact_key
from caseload.categories import (
    OTHER_UPDATE_INTERVAL_DAYS,
    SUCCESSFUL_OUTCOMES,
    UPDATE_FREQUENCY,
    UPDATE_INTERVAL_DAYS,
    WEEKDAYS,
)
from caseload.records import AgreementRecord, ContactRecord

DEFAULT_FREQUENCY = "weekly"
UNSUCCESSFUL_RUN = 3
SILENCE_FACTOR = 2
NEWS_ONLY_SILENCE_DAYS = 42
SAFETY_LOOKBACK_DAYS = 14
AGREEMENT_SOON_DAYS = 14
SAFE_WINDOW_HORIZON_DAYS = 14


def is_successful(contact: ContactRecord) -> bool:
    return contact.outcome in SUCCESSFUL_OUTCOMES


def _up_to(contacts: Iterable[ContactRecord], today: dt.date) -> list[ContactRecord]:
    return sorted((c for c in contacts if c.contact_date <= today), key=contact_key)


def last_successful_contact(
    contacts: Sequence[ContactRecord], today: dt.date | None = None
) -> ContactRecord | None:
    """The latest successful contact up to ``today``, in contact-log order (ties: the last
    given), found in one pass rather than by sorting the log."""
    until = today or dt.date.max
    last: ContactRecord | None = None
    last_key = None
    for contact in contacts:
        if contact.contact_date <= until and is_successful(contact):
            key = contact_key(contact)
            if last_key is None or key >= last_key:
                last, last_key = contact, key
    return last


def frequency_of(agreement: AgreementRecord | None) -> str:
    return agreement.update_frequency if agreement is not None else DEFAULT_FREQUENCY


def update_interval(agreement: AgreementRecord | None) -> int | None:
    """Days between updates, or ``None`` for "only when there is news"."""
    return UPDATE_INTERVAL_DAYS.get(frequency_of(agreement), UPDATE_INTERVAL_DAYS["weekly"])


def frequency_words(agreement: AgreementRecord | None, own_words: bool = True) -> str:
    """The agreed frequency in words ("weekly"); for "other", the survivor's own words
    (unless ``own_words`` is false: discreet mode shows no free text) and how often
    they are reminded (shown on screen; free text is never exported)."""
    frequency = frequency_of(agreement)
    if frequency == "other":
        words = agreement.update_frequency_other.strip() if agreement is not None else ""
        if not own_words:
            return f"other; reminded every {OTHER_UPDATE_INTERVAL_DAYS} days"
        return (
            f"other: {words or 'not specified'}; "
            f"reminded every {OTHER_UPDATE_INTERVAL_DAYS} days"
        )
    return UPDATE_FREQUENCY.label(frequency).lower()


def _clock_start(case: CaseRecord, last_success: dt.date | None) -> dt.date:
    """The day the update clock runs from: the last successful contact, the intake
    date when there is none, or the day the case was resumed when that is later."""
    start = last_success or case.survivor.intake_date
    resumed = resumed_on(case)
    return max(start, resumed) if resumed is not None else start


@dataclass(frozen=True)
class UpdateDue:
    """When the next update is due. ``state``: upcoming, today, overdue, no_cadence
    ("only when there is news") or no_agreement (nothing was agreed: no update is
    invented, the case needs its agreement instead)."""

    due_on: dt.date | None
    state: str
    frequency: str
    last_success: dt.date | None

    @property
    def overdue(self) -> bool:
        return self.state == "overdue"

    def days_overdue(self, today: dt.date) -> int:
        if self.due_on is None or not self.overdue:
            return 0
        return (today - self.due_on).days


def next_update_due(case: CaseRecord, today: dt.date) -> UpdateDue | None:
    """The next update for an open case (``None`` when paused or closed)."""
    if case.survivor.status != "open":
        return None
    last = last_successful_contact(case.contacts, today)
    last_day = last.contact_date if last else None
    if case.agreement is None:
        # Never a default shown as if the survivor had agreed it.
        return UpdateDue(None, "no_agreement", "", last_day)
    interval = update_interval(case.agreement)
    frequency = frequency_of(case.agreement)
    if interval is None:
        return UpdateDue(None, "no_cadence", frequency, last_day)
    due = _clock_start(case, last_day) + dt.timedelta(days=interval)
    state = "overdue" if due < today else "today" if due == today else "upcoming"
    return UpdateDue(due, state, frequency, last_day)


# --- safe windows -------------------------------------------------------------------


@dataclass(frozen=True)
class SafeWindow:
    """A day and time span in which contact is safe (times ``None`` = any time)."""

    day: dt.date
    start: dt.time | None
    end: dt.time | None

    def describe(self, today: dt.date) -> str:
        if self.day == today:
            when = "today"
        elif self.day == today + dt.timedelta(days=1):
            when = "tomorrow"
        else:
            when = f"{weekday_words(self.day)} {day_words(self.day, today)}"
        if self.start is None and self.end is None:
            return f"{when}, any time"
        start = self.start.strftime("%H:%M") if self.start else "00:00"
        end = self.end.strftime("%H:%M") if self.end else "midnight"
        return f"{when}, {start}-{end}"


def _window_end(agreement: AgreementRecord) -> dt.time | None:
    start, end = agreement.safe_time_from, agreement.safe_time_to
    if end is not None and start is not None and end <= start:
        return None  # runs to midnight
    return end


def next_safe_window(
    agreement: AgreementRecord | None,
    today: dt.date,
    now: dt.time | None = None,
) -> SafeWindow | None:
    """The first safe window from ``today`` (at ``now``, if given) within two weeks.

    Returns ``None`` when there is no agreement (no time is known to be safe) or the
    agreement names no valid safe day.
    """
    if agreement is None:
        return None
    days = [d for d in agreement.safe_day_list if d in WEEKDAYS]
    if agreement.safe_day_list and not days:
        return None
    end = _window_end(agreement)
    for offset in range(SAFE_WINDOW_HORIZON_DAYS + 1):
        day = today + dt.timedelta(days=offset)
        if days and WEEKDAYS[day.weekday()] not in days:
            continue
        if offset == 0 and now is not None and end is not None and now >= end:
            continue  # today's window has closed
        return SafeWindow(day, agreement.safe_time_from, end)
    return None


# --- disengagement --------------------------------------------------------------


@dataclass(frozen=True)
class Signal:
    """A sign the survivor may be losing touch. ``kind``: unsuccessful_attempts,
    long_silence or safety_concern; ``reason`` says why in words; ``since`` is
    when it started (or the day of the concern)."""

    kind: str
    reason: str
    since: dt.date


def silence_limit(agreement: AgreementRecord | None) -> int:
    """Days without a successful contact after which silence is a signal."""
    interval = update_interval(agreement)
    return SILENCE_FACTOR * interval if interval is not None else NEWS_ONLY_SILENCE_DAYS


def disengagement_signals(
    case: CaseRecord, today: dt.date, *, run: int = UNSUCCESSFUL_RUN
) -> list[Signal]:
    """Signals for an open case (paused cases: safety concerns only; closed: none)."""
    status = case.survivor.status
    if status == "closed":
        return []
    logged = _up_to(case.contacts, today)
    signals: list[Signal] = []
    if status == "open":
        streak: list[ContactRecord] = []
        last: ContactRecord | None = None  # the latest successful contact
        for contact in reversed(logged):
            if is_successful(contact):
                last = contact
                break
            streak.append(contact)
        if len(streak) >= run:
            since = streak[-1].contact_date
            signals.append(
                Signal(
                    "unsuccessful_attempts",
                    f"{len(streak)} attempts in a row without reaching them, "
                    f"since {day_words(since, today)}",
                    since,
                )
            )
        since = _clock_start(case, last.contact_date if last else None)
        silent = (today - since).days
        limit = silence_limit(case.agreement)
        if silent >= limit:
            agreed = frequency_words(case.agreement)
            if last is None and since == case.survivor.intake_date:
                reason = f"No successful contact since intake for {silent} days"
            elif last is None or since > last.contact_date:
                reason = (
                    f"No successful contact for {silent} days since the case was resumed "
                    f"on {day_words(since, today)}"
                )
            else:
                reason = f"No successful contact for {silent} days"
            terms = f"updates agreed: {agreed}" if case.agreement else "no contact agreement yet"
            signals.append(Signal("long_silence", f"{reason} ({terms})", since))
    lookback = today - dt.timedelta(days=SAFETY_LOOKBACK_DAYS)
    concerns = [c for c in logged if c.safety_concern and c.contact_date >= lookback]
    if concerns:
        day = concerns[-1].contact_date
        signals.append(
            Signal("safety_concern", f"Safety concern logged {day_words(day, today)}", day)
        )
    return signals


# --- agreement review -------------------------------------------------------------


@dataclass(frozen=True)
class AgreementReview:
    """``state``: overdue (review date passed), today, or soon."""

    due_on: dt.date
    state: str


def agreement_review_due(
    agreement: AgreementRecord | None, today: dt.date, soon_days: int = AGREEMENT_SOON_DAYS
) -> AgreementReview | None:
    """The agreement's review when it is past, today or within ``soon_days``; else None."""
    if agreement is None or agreement.review_on is None:
        return None
    due = agreement.review_on
    if due < today:
        return AgreementReview(due, "overdue")
    if due == today:
        return AgreementReview(due, "today")
    if (due - today).days <= soon_days:
        return AgreementReview(due, "soon")
    return None


# --- counts -----------------------------------------------------------------------


@dataclass(frozen=True)
class ContactCounts:
    """Contacts logged between two dates: attempts, successful ones, updates given, and
    those made outside the contact agreement (each saved with its reason)."""

    attempts: int
    successful: int
    updates: int
    outside_agreement: int = 0


def contact_counts(
    contacts: Iterable[ContactRecord], start: dt.date, end: dt.date
) -> ContactCounts:
    """Counts for contacts dated ``start`` to ``end`` inclusive."""
    within = [c for c in contacts if start <= c.contact_date <= end]
    return ContactCounts(
        attempts=len(within),
        successful=sum(is_successful(c) for c in within),
        updates=sum(bool(c.update_given) for c in within),
        outside_agreement=sum(bool(c.outside_agreement_reason) for c in within),
    )
