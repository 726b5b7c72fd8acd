"""Ages and age bands: the one rule every form, import, demo and anonymisation uses."""

from __future__ import annotations

import datetime as dt

#: (oldest age in the band, AGE_BAND code), youngest first; older than all is 55_plus.
_BANDS = ((17, "17_and_under"), (24, "18_24"), (34, "25_34"), (44, "35_44"), (54, "45_54"))


def age_on(born: dt.date, day: dt.date) -> int:
    """Whole years from ``born`` to ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band_for(age: int) -> str:
    """The AGE_BAND code of an age in whole years."""
    for upper, band in _BANDS:
        if age <= upper:
            return band
    return "55_plus"


def age_band_at(born: dt.date, day: dt.date) -> str:
    """The AGE_BAND code of someone born on ``born``, on ``day``."""
    return age_band_for(age_on(born, day))
