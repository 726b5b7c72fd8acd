"""Disclosure control for published counts, percentages and means.

The rules (stated also in the README and the data dictionary):

1. **Primary suppression.** A count from 1 to ``threshold - 1`` is suppressed: its
   value is left empty and ``suppressed`` is true; it is never shown as 0. A true
   zero is shown as 0. A percentage or mean whose base (the number of people it
   is computed over) is below the threshold is suppressed, and so is that base.
2. **Secondary suppression.** In a breakdown whose cells add up to a published
   total (for example survivors supported by sex), suppression is extended until
   no suppressed cell can be worked out by subtraction: either no cell is
   suppressed, or at least two are and the part of the total they share (total
   minus the published cells) is at least the threshold and larger than the number
   of suppressed cells (so they cannot all be 1). The next cell suppressed is always
   the smallest published non-zero cell. If no cell is left, the total and every
   non-zero cell of every breakdown of that total are suppressed.
   Multiple-response breakdowns (a survivor counted under several exploitation
   types) do not add up to the total, so subtraction reveals nothing there and only
   primary suppression applies.
3. **Rounding (optional).** Published counts, including bases, are rounded to the
   nearest multiple of ``rounding`` (halves upwards); a non-zero count never rounds
   to 0 (it shows as ``rounding``). Percentages and means are computed from the
   unrounded counts, before rounding.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

DEFAULT_THRESHOLD = 5


@dataclass
class Figure:
    """One published number. ``base`` is set for percentages and means (kind 'rate')."""

    measure: str
    group: str
    category: str
    value: int | float | None
    base: int | None = None
    kind: str = "count"  # "count" or "rate"
    suppressed: bool = False

    @property
    def count(self) -> int:
        """The count this figure publishes (the value of a count, the base of a rate)."""
        number = self.value if self.kind == "count" else self.base
        return int(number or 0)


@dataclass
class Breakdown:
    """Cells that split a published total; ``additive`` when they add up to it."""

    total: Figure
    cells: list[Figure] = field(default_factory=list)
    additive: bool = True


def _is_small(count: int, threshold: int) -> bool:
    return 0 < count < threshold


def primary(figures: Iterable[Figure], threshold: int) -> None:
    for fig in figures:
        if _is_small(fig.count, threshold) or (fig.kind == "rate" and fig.count < threshold):
            fig.suppressed = True


def _hidden_enough(cells: Sequence[Figure], threshold: int) -> bool:
    hidden = [c for c in cells if c.suppressed]
    share = sum(c.count for c in hidden)
    return not hidden or (len(hidden) >= 2 and share >= threshold and share > len(hidden))


def secondary(breakdowns: Sequence[Breakdown], threshold: int) -> None:
    """Extend suppression inside additive breakdowns until subtraction reveals nothing."""
    changed = True
    while changed:
        changed = False
        for bd in breakdowns:
            if not bd.additive or bd.total.suppressed:
                continue
            while not _hidden_enough(bd.cells, threshold):
                candidates = [c for c in bd.cells if not c.suppressed and c.count > 0]
                if not candidates:
                    bd.total.suppressed = True
                    break
                min(candidates, key=lambda c: c.count).suppressed = True
                changed = True
            if bd.total.suppressed:
                changed = True
        for bd in breakdowns:
            if bd.total.suppressed:
                for cell in bd.cells:
                    if cell.count > 0 and not cell.suppressed:
                        cell.suppressed = True
                        changed = True


def round_count(count: int, rounding: int) -> int:
    if rounding <= 1 or count == 0:
        return count
    rounded = (count + rounding // 2) // rounding * rounding
    return rounded or rounding


def published(fig: Figure, rounding: int = 0) -> tuple[int | float | None, int | None]:
    """The (value, base) pair to write for ``fig``: empty when suppressed."""
    if fig.suppressed:
        return None, None
    base = None if fig.base is None else round_count(fig.base, rounding)
    if fig.kind == "count":
        return round_count(int(fig.value or 0), rounding), base
    return fig.value, base


def apply(
    figures: Sequence[Figure], breakdowns: Sequence[Breakdown], threshold: int
) -> None:
    """Primary then secondary suppression, in place."""
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    primary(figures, threshold)
    secondary(breakdowns, threshold)
