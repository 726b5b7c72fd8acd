"""Disclosure control for published counts, percentages and means.

Every figure reaching these rules is already a weighted count, or computed over
weighted counts (see "Record weights" in the data dictionary and
:mod:`exports.record_weights`): that is what stops files of overlapping periods,
thresholds or roundings from being differenced. On top of it, each file is protected
on its own. The rules (stated also in the README and the data
dictionary):

1. **Primary suppression.** A count from 1 to ``threshold - 1`` is suppressed: its
   value is left empty and ``suppressed`` is true. A percentage or mean whose base
   (the number it is computed over) is below the threshold is suppressed, and so is
   that base. A percentage is also suppressed with its base unless both its numerator
   and its complement (base minus numerator) are 0 or at least the threshold: 14.3%
   of 7 would say exactly 1.
2. **Secondary suppression.** In a breakdown whose cells add up to a published
   total (for example survivors supported by sex), suppression is extended until
   no suppressed cell can be worked out by subtraction: either no cell is
   suppressed, or at least two are and the part of the total they share (total
   minus the published cells) is at least the threshold and larger than the number
   of suppressed cells (so they cannot all be 1). The next cell suppressed is always
   the smallest published non-zero cell. If no cell is left, the total is suppressed.
   Multiple-response breakdowns (a survivor counted under several exploitation
   types) do not add up to the total, but they still give cells away: the survivors
   with at least one category are the total minus the 'none recorded' cell, no
   category holds more of them than that and all categories together hold at least
   that many. So the same rule applies to them (the hidden cells' own counts must
   add up to at least the threshold, and more than the number of hidden cells), and
   further cells are suppressed while the published ones pin down a small number of
   people: the total minus 'none recorded', or, when only two categories are
   non-zero, those in one of them only or in both. A suppressed 'none recorded' is
   at most the total minus the largest published category, so that category is
   suppressed too when the difference is below the threshold.
3. **Groups.** When a breakdown's total is suppressed, every cell of the breakdown is
   suppressed, zeros included. When all of a published total falls in one category
   (every other cell is 0), that category and the zeros are suppressed as well: "0
   UK" beside "all non-UK" would tell a fact about every survivor. So a suppressed
   cell may be 0.
4. **Rounding (optional).** Published counts, including bases, are rounded to the
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
    """One published number. ``base`` is set for percentages and means (kind 'rate');
    ``numerator`` for percentages (the count the percentage is of)."""

    measure: str
    group: str
    category: str
    value: int | float | None
    base: int | None = None
    kind: str = "count"  # "count" or "rate"
    suppressed: bool = False
    numerator: int | None = None

    @property
    def count(self) -> int:
        """The count this figure publishes (the value of a count, the base of a rate)."""
        number = self.value if self.kind == "count" else self.base
        return int(number or 0)


@dataclass
class Breakdown:
    """Cells that split a published total; ``additive`` when they add up to it.

    A multiple-response breakdown (``additive`` false) names its ``complement``, the
    cell of those in no category, which is also one of ``cells``.
    """

    total: Figure
    cells: list[Figure] = field(default_factory=list)
    additive: bool = True
    complement: Figure | None = None


def _is_small(count: int, threshold: int) -> bool:
    return 0 < count < threshold


def _rate_gives_a_count(fig: Figure, threshold: int) -> bool:
    if fig.kind != "rate":
        return False
    if fig.count < threshold:
        return True
    if fig.numerator is None:
        return False
    return _is_small(fig.numerator, threshold) or _is_small(fig.count - fig.numerator, threshold)


def primary(figures: Iterable[Figure], threshold: int) -> None:
    for fig in figures:
        if _is_small(fig.count, threshold) or _rate_gives_a_count(fig, threshold):
            fig.suppressed = True


def _hidden_enough(cells: Sequence[Figure], threshold: int) -> bool:
    hidden = [c for c in cells if c.suppressed]
    share = sum(c.count for c in hidden)
    return not hidden or (len(hidden) >= 2 and share >= threshold and share > len(hidden))


def _pins_small_count(bd: Breakdown, threshold: int) -> bool:
    """The published cells of a multiple-response breakdown fix a small number of people.

    With the complement published, the survivors in at least one category are known
    exactly; with only two non-zero categories, published too, so are those in one
    only and those in both.
    """
    spare = bd.complement
    if bd.additive or spare is None or spare.suppressed:
        return False
    anyone = bd.total.count - spare.count
    if _is_small(anyone, threshold):
        return True
    others = [c for c in bd.cells if c is not spare]
    if any(c.suppressed for c in others):
        return False
    nonzero = [c.count for c in others if c.count > 0]
    if len(nonzero) != 2:
        return False
    a, b = nonzero
    return any(_is_small(n, threshold) for n in (anyone - a, anyone - b, a + b - anyone))


def _crowds_complement(bd: Breakdown, threshold: int) -> Figure | None:
    """The largest published category, when it leaves a hidden complement too little room.

    Everyone in that category has one, so the complement is at most the total minus it.
    """
    spare = bd.complement
    if bd.additive or spare is None or not spare.suppressed:
        return None
    shown = [c for c in bd.cells if c is not spare and not c.suppressed and c.count > 0]
    if not shown:
        return None
    largest = max(shown, key=lambda c: c.count)
    return largest if bd.total.count - largest.count < threshold else None


def _next_to_hide(bd: Breakdown, threshold: int) -> Figure | None:
    """The cell to suppress next, or None when subtraction reveals nothing."""
    crowding = _crowds_complement(bd, threshold)
    if crowding is not None:
        return crowding
    if _hidden_enough(bd.cells, threshold) and not _pins_small_count(bd, threshold):
        return None
    candidates = [c for c in bd.cells if not c.suppressed and c.count > 0]
    if not candidates:
        bd.total.suppressed = True
        return None
    return min(candidates, key=lambda c: c.count)


def secondary(breakdowns: Sequence[Breakdown], threshold: int) -> None:
    """Extend suppression inside breakdowns until subtraction reveals nothing."""
    changed = True
    while changed:
        changed = False
        for bd in breakdowns:
            if bd.total.suppressed:
                continue
            while (cell := _next_to_hide(bd, threshold)) is not None:
                cell.suppressed = True
                changed = True
            if bd.total.suppressed:
                changed = True
        for bd in breakdowns:
            if bd.total.suppressed:
                for cell in bd.cells:
                    if not cell.suppressed:
                        cell.suppressed = True
                        changed = True


def one_category(breakdowns: Sequence[Breakdown]) -> None:
    """Hide a published breakdown whose total all falls in one category (rule 3)."""
    for bd in breakdowns:
        if bd.total.suppressed or bd.total.count == 0:
            continue
        nonzero = [c for c in bd.cells if c.count > 0]
        if len(nonzero) == 1 and nonzero[0].count == bd.total.count:
            for cell in bd.cells:
                cell.suppressed = True


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
    """Primary, secondary and group suppression, in place."""
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    primary(figures, threshold)
    secondary(breakdowns, threshold)
    one_category(breakdowns)
