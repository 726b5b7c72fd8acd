"""Calendar months as export periods, and which cases were open in a period."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from caseload.errors import InvalidInput
from caseload.records import SurvivorRecord

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str, option: str = "--month") -> Month:
        match = _MONTH.match(text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
            raise InvalidInput(f"{option} must be a month written YYYY-MM, for example 2025-03.")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class Period:
    """Whole months from ``start`` to ``end`` inclusive."""

    start: Month
    end: Month

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInput("--to must not be earlier than --from.")

    @property
    def first_day(self) -> dt.date:
        return self.start.first_day

    @property
    def last_day(self) -> dt.date:
        return self.end.last_day

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.first_day <= day <= self.last_day


def as_of(last_day: dt.date, today: dt.date) -> dt.date:
    """The day figures are taken on: the period's last day, or today if that is earlier."""
    return min(last_day, today)


def open_during(survivor: SurvivorRecord, first_day: dt.date, last_day: dt.date) -> bool:
    """The case was open (or paused) on at least one day from ``first_day`` to ``last_day``."""
    if survivor.intake_date > last_day:
        return False
    closed = survivor.closed_on
    if closed is None and survivor.status == "closed":
        closed = survivor.status_changed_on or survivor.intake_date
    return closed is None or closed >= first_day


def status_on(survivor: SurvivorRecord, day: dt.date) -> str:
    """The case status on ``day``, from the current status and the closing/change dates.

    Pause history is not kept: a case paused after ``day`` counts as open on ``day``.
    """
    if survivor.status == "closed":
        closed = survivor.closed_on or survivor.status_changed_on
        return "closed" if closed is None or closed <= day else "open"
    changed = survivor.status_changed_on
    if survivor.status == "paused" and changed is not None and changed > day:
        return "open"
    return survivor.status
