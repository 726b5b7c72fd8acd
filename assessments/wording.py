"""Dates in words for reasons shown to navigators ("3 Jun", "3 Jun 2024", "Tue").

Portable (no ``%-d``, which Windows lacks) and independent of the locale, so
reasons read the same on every machine and in every test.
"""

from __future__ import annotations

import datetime as dt

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day_words(day: dt.date, today: dt.date | None = None) -> str:
    """``3 Jun``; the year is added when it differs from ``today``'s (or always, without today)."""
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    if today is None or day.year != today.year:
        text += f" {day.year}"
    return text


def weekday_words(day: dt.date) -> str:
    return _WEEKDAYS[day.weekday()]


def days_words(n: int) -> str:
    """``1 day`` / ``5 days``."""
    return f"{n} day" if n == 1 else f"{n} days"
