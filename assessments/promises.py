"""Promises: what is due, what was kept, and when too much is open at once.

Rules (issue 3):

- An **open** promise with a due date is ``overdue`` after it, ``today`` on it,
  ``soon`` within :data:`SOON_DAYS` (3) days of it, otherwise ``later``; one
  without a due date is ``no_date``. Kept, broken, renegotiated and withdrawn
  promises are no longer due.
- **Kept rate** = kept / (kept + broken), per survivor and across the caseload.
  Renegotiated and withdrawn promises count in neither (they were changed or
  dropped with the survivor's knowledge); ``None`` when nothing was kept or broken.
- **Over-promising**: a warning when a survivor has
  :data:`OPEN_PROMISE_THRESHOLD` (5) or more open promises at once; the
  threshold is a parameter so a team can choose its own.

Public API: :data:`CLOSED_STATUSES`, :func:`is_open`, :func:`promise_urgency`,
:func:`open_promises`, :func:`due_promises`, :class:`KeptRate`, :func:`kept_rate`,
:func:`caseload_kept_rate`, :func:`over_promising`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from caseload.records import PromiseRecord

SOON_DAYS = 3
OPEN_PROMISE_THRESHOLD = 5
CLOSED_STATUSES = frozenset({"kept", "broken", "renegotiated", "withdrawn"})


def is_open(promise: PromiseRecord) -> bool:
    return promise.status == "open"


def promise_urgency(
    promise: PromiseRecord, today: dt.date, soon_days: int = SOON_DAYS
) -> str | None:
    """overdue / today / soon / later / no_date for an open promise; ``None`` otherwise."""
    if not is_open(promise):
        return None
    if promise.due_on is None:
        return "no_date"
    days = (promise.due_on - today).days
    if days < 0:
        return "overdue"
    if days == 0:
        return "today"
    if days <= soon_days:
        return "soon"
    return "later"


def open_promises(promises: Iterable[PromiseRecord]) -> list[PromiseRecord]:
    return [p for p in promises if is_open(p)]


def due_promises(
    promises: Iterable[PromiseRecord], today: dt.date, soon_days: int = SOON_DAYS
) -> list[tuple[PromiseRecord, str]]:
    """Open promises that are overdue, due today or due soon, most urgent first."""
    rank = {"overdue": 0, "today": 1, "soon": 2}
    found = [(p, u) for p in promises if (u := promise_urgency(p, today, soon_days)) in rank]
    return sorted(found, key=lambda pu: (rank[pu[1]], pu[0].due_on, pu[0].id or 0))


@dataclass(frozen=True)
class KeptRate:
    kept: int
    broken: int

    @property
    def base(self) -> int:
        return self.kept + self.broken

    @property
    def rate(self) -> float | None:
        """Kept as a fraction of kept + broken (0..1), ``None`` when both are 0."""
        return self.kept / self.base if self.base else None

    @property
    def pct(self) -> float | None:
        return None if self.rate is None else 100.0 * self.rate

    def __add__(self, other: KeptRate) -> KeptRate:
        return KeptRate(self.kept + other.kept, self.broken + other.broken)


def kept_rate(
    promises: Iterable[PromiseRecord],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> KeptRate:
    """Kept and broken promises; with ``start``/``end``, only those settled in that span.

    A promise is settled on its ``status_changed_on`` date (or its due date when
    that is not recorded).
    """
    kept = broken = 0
    for p in promises:
        if p.status not in ("kept", "broken"):
            continue
        if start is not None or end is not None:
            settled = p.status_changed_on or p.due_on or p.made_on
            if (start is not None and settled < start) or (end is not None and settled > end):
                continue
        kept += p.status == "kept"
        broken += p.status == "broken"
    return KeptRate(kept, broken)


def caseload_kept_rate(
    promise_lists: Iterable[Iterable[PromiseRecord]],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> KeptRate:
    """Kept rate across many survivors (pooled: every promise weighs the same)."""
    total = KeptRate(0, 0)
    for promises in promise_lists:
        total = total + kept_rate(promises, start, end)
    return total


def over_promising(
    promises: Iterable[PromiseRecord], threshold: int = OPEN_PROMISE_THRESHOLD
) -> bool:
    """True when ``threshold`` or more promises are open at once."""
    return len(open_promises(promises)) >= threshold
