"""Disclosure control: primary and secondary suppression, rounding."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from exports.disclosure import Breakdown, Figure, apply, published, round_count


def _breakdown(values: list[int]) -> tuple[Figure, list[Figure], Breakdown]:
    total = Figure("survivors_supported", "all", "all", sum(values))
    cells = [Figure("survivors_supported", "sex", f"c{i}", v) for i, v in enumerate(values)]
    return total, cells, Breakdown(total, cells)


def test_small_counts_suppressed_zero_kept() -> None:
    total, cells, bd = _breakdown([0, 3, 10, 12])
    apply([total, *cells], [bd], 5)
    assert [c.suppressed for c in cells] == [False, True, True, False]
    assert published(cells[0]) == (0, None)
    assert published(cells[1]) == (None, None)
    assert published(total) == (25, None)


def test_rate_with_small_base_suppressed() -> None:
    rate = Figure("improved_overall_pct", "rater", "survivor", 75.0, base=4, kind="rate")
    ok = Figure("improved_overall_pct", "rater", "navigator", 60.0, base=5, kind="rate")
    apply([rate, ok], [], 5)
    assert published(rate) == (None, None)
    assert published(ok) == (60.0, 5)


def test_all_ones_breakdown_suppresses_the_total() -> None:
    total, cells, bd = _breakdown([1, 1, 1, 1, 1])
    other = [Figure("survivors_supported", "nationality_group", "uk", 5),
             Figure("survivors_supported", "nationality_group", "non_uk", 0)]
    bd2 = Breakdown(total, other)
    apply([total, *cells, *other], [bd, bd2], 5)
    assert total.suppressed and all(c.suppressed for c in cells)
    assert other[0].suppressed and other[1].suppressed, "zeros beside a hidden total say too much"


def _pct(numerator: int, base: int) -> Figure:
    return Figure("improved_overall_pct", "rater", "survivor", round(100 * numerator / base, 1),
                  base=base, kind="rate", numerator=numerator)


def test_a_percentage_that_gives_its_numerator_or_complement_away_is_suppressed() -> None:
    one_of_seven, six_of_seven, all_seven, none_of_seven = (
        _pct(1, 7), _pct(6, 7), _pct(7, 7), _pct(0, 7))
    six_of_ten, five_of_ten = _pct(6, 10), _pct(5, 10)
    figures = [one_of_seven, six_of_seven, all_seven, none_of_seven, six_of_ten, five_of_ten]
    apply(figures, [], 5)
    assert published(one_of_seven) == (None, None)  # 14.3% of 7: exactly 1
    assert published(six_of_seven) == (None, None)  # 1 did not improve
    assert published(six_of_ten) == (None, None)  # 4 did not
    assert published(all_seven) == (100.0, 7)
    assert published(none_of_seven) == (0.0, 7)
    assert published(five_of_ten) == (50.0, 10)


def test_a_mean_keeps_the_base_rule_only() -> None:
    mean = Figure("mean_change_survivor", "domain", "safety", 0.4, base=6, kind="rate")
    apply([mean], [], 5)
    assert published(mean) == (0.4, 6)


def test_a_total_all_in_one_category_hides_the_category_and_its_zeros() -> None:
    total, cells, bd = _breakdown([0, 20, 0])
    apply([total, *cells], [bd], 5)
    assert published(total) == (20, None)
    assert all(published(c) == (None, None) for c in cells)


def test_a_breakdown_across_two_categories_keeps_its_zeros() -> None:
    total, cells, bd = _breakdown([0, 20, 6])
    apply([total, *cells], [bd], 5)
    assert [published(c)[0] for c in cells] == [0, 20, 6]


def test_rounding() -> None:
    assert [round_count(n, 5) for n in (0, 1, 2, 3, 7, 8, 12, 13)] == [0, 5, 5, 5, 5, 10, 10, 15]
    assert round_count(7, 0) == 7


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=8),
    st.integers(min_value=2, max_value=11),
)
def test_nothing_small_survives_and_nothing_recoverable(values: list[int], threshold: int) -> None:
    total, cells, bd = _breakdown(values)
    apply([total, *cells], [bd], threshold)
    for fig in (total, *cells):
        value, _ = published(fig)
        if fig.suppressed:
            assert value is None
        else:
            assert not 0 < value < threshold
    if total.suppressed:
        assert all(c.suppressed for c in cells)
        return
    hidden = [c for c in cells if c.suppressed]
    if len([v for v in values if v]) == 1:
        assert len(hidden) == len(cells), "all in one category: category and zeros hidden"
        return
    if hidden:
        # What subtraction from the published total reveals: the hidden cells' sum.
        remainder = total.value - sum(c.value for c in cells if not c.suppressed)
        assert len(hidden) >= 2
        # Each hidden cell is at least 1 (zeros are shown), so one of them lies anywhere
        # in [1, remainder - (k - 1)]: more than one possibility.
        assert remainder - (len(hidden) - 1) > 1
        assert remainder >= threshold


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=40),
    st.integers(min_value=2, max_value=8),
    st.integers(min_value=1, max_value=4),
)
def test_two_breakdowns_of_one_total(groups: list[int], threshold: int, split: int) -> None:
    """The same people split two ways (like sex and nationality): both breakdowns stay safe."""
    first = [0] * 4
    second = [0] * 4
    for i, g in enumerate(groups):
        first[g - 1] += 1
        second[(i * split) % 4] += 1
    total = Figure("survivors_supported", "all", "all", len(groups))
    a = [Figure("survivors_supported", "sex", str(i), v) for i, v in enumerate(first)]
    b = [Figure("survivors_supported", "nationality_group", str(i), v)
         for i, v in enumerate(second)]
    apply([total, *a, *b], [Breakdown(total, a), Breakdown(total, b)], threshold)
    for cells in (a, b):
        for cell in cells:
            if not cell.suppressed:
                assert not 0 < cell.value < threshold
        hidden = [c for c in cells if c.suppressed]
        if total.suppressed:
            assert all(c.suppressed for c in cells)
        elif len([c for c in cells if c.value]) == 1:
            assert len(hidden) == len(cells), "all in one category: category and zeros hidden"
        elif hidden:
            remainder = total.value - sum(c.value for c in cells if not c.suppressed)
            assert len(hidden) >= 2 and remainder >= threshold and remainder > len(hidden)
