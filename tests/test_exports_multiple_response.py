"""The exploitation_type breakdown counts a survivor under every kind they suffered, so its
cells do not add up to the total; it can still give suppressed cells away.

What anyone reading the file knows: the total T, the published cells, that a hidden cell is
at least 1 (a true zero is shown as 0), and that the people with at least one kind,
U = T - none_recorded, satisfy max(kind cells) <= U <= sum(kind cells). Those bounds are
exact for any caseload (a survivor may have any set of kinds). The tests below check, with
that knowledge alone, that every suppressed cell has at least two possible values and that
no small count of people can be pinned exactly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from caseload import categories as cat
from caseload.case import CaseRecord
from caseload.models import Survivor
from exports.csv_safety import to_csv
from exports.disclosure import Breakdown, Figure, apply
from exports.funder import NO_EXPLOITATION_RECORDED, funder_rows
from exports.funder_measures import HEADER
from exports.periods import Month, Period

TODAY = dt.date(2025, 3, 15)
PERIOD = Period(Month(2025, 1), Month(2025, 2))
KINDS = cat.EXPLOITATION_TYPE.codes


def _cases(kind_lists: list[list[str]]) -> list[CaseRecord]:
    return [
        # Record key 1 weighs 1: the figures are the counts the rules are shown here.
        CaseRecord(survivor=Survivor(id=i, case_ref=f"P-{i}", intake_date=dt.date(2024, 12, 1),
                                     exploitation_types=";".join(kinds), record_key=1))
        for i, kinds in enumerate(kind_lists, start=1)
    ]


def _published(kind_lists: list[list[str]], threshold: int = 5) -> tuple[int | None, dict]:
    """(total or None when suppressed, {category: value or None}) of the funder file."""
    rows = funder_rows(_cases(kind_lists), PERIOD, TODAY, threshold)
    table = list(csv.DictReader(io.StringIO(to_csv(HEADER, rows).decode(), newline="")))
    total = next(r for r in table if r["measure"] == "survivors_supported" and r["group"] == "all")
    cells = {r["category"]: (int(r["value"]) if r["value"] else None) for r in table
             if r["measure"] == "survivors_supported" and r["group"] == "exploitation_type"}
    for r in table:
        if r["group"] == "exploitation_type":
            assert (r["value"] == "") == (r["suppressed"] == "true")
    return (int(total["value"]) if total["value"] else None), cells


def _feasible(total: int, kinds: dict[str, int | None], none: int | None) -> bool:
    """Some caseload gives these cells (None = a hidden cell still free, at least 1)."""
    nones = range(1, total + 1) if none is None else [none]
    for n in nones:
        anyone = total - n
        if anyone < 0:
            continue
        fixed = [v for v in kinds.values() if v is not None]
        free = sum(v is None for v in kinds.values())
        if any(v > anyone for v in fixed) or (free and anyone < 1):
            continue
        if sum(fixed) + free * anyone >= anyone:
            return True
    return False


def _possible_values(total: int, cells: dict[str, int | None], hidden: str) -> list[int]:
    """Every value the hidden cell could take, given the published file."""
    values = []
    for guess in range(1, total + 1):
        trial = dict(cells)
        trial[hidden] = guess
        none = trial.pop(NO_EXPLOITATION_RECORDED)
        if _feasible(total, {k: trial[k] for k in KINDS}, none):
            values.append(guess)
    return values


def _assert_nothing_pinned(total: int, cells: dict[str, int | None], threshold: int) -> None:
    if all(v is None for v in cells.values()):
        return  # all in one category: category and zeros hidden, only the total is said
    for category, value in cells.items():
        if value is None:
            options = _possible_values(total, cells, category)
            assert len(options) >= 2, f"{category} can only be {options}"
    none = cells[NO_EXPLOITATION_RECORDED]
    kinds = [cells[k] for k in KINDS]
    if none is not None:
        anyone = total - none
        assert not 0 < anyone < threshold, "total - none_recorded is a small count"
        nonzero = [v for v in kinds if v != 0]
        if len(nonzero) == 2 and None not in nonzero:
            a, b = nonzero
            # Two kinds and the people with any kind known: every part of the Venn diagram is.
            for part in (anyone - a, anyone - b, a + b - anyone):
                assert not 0 < part < threshold, "a part of two kinds is a small count"


def test_the_three_subtractions_found_in_the_audit_are_closed() -> None:
    # 9 people: 5 labour, 4 criminal, none without a kind: criminal was >= 9 - 5 = 4.
    total, cells = _published([["labour"]] * 5 + [["criminal"]] * 4)
    assert total == 9 and cells["criminal"] is None and cells["labour"] is None
    # 10 people, 8 criminal, the other 2 with no kind recorded: none_recorded was 10 - 8.
    total, cells = _published([["criminal"]] * 8 + [[]] * 2)
    assert total == 10 and cells[NO_EXPLOITATION_RECORDED] is None and cells["criminal"] is None
    # 10 people, 7 with no kind, 3 sexual: sexual was 10 - 7.
    total, cells = _published([[]] * 7 + [["sexual"]] * 3)
    assert total == 10 and cells["sexual"] is None and cells[NO_EXPLOITATION_RECORDED] is None


def test_people_with_any_kind_not_pinned_when_small() -> None:
    # 2 people with all five kinds (cells 2 each, hidden, sharing 10) and 8 with none:
    # 10 - 8 = 2 people with a kind would be a small count worked out by subtraction.
    total, cells = _published([list(KINDS)] * 2 + [[]] * 8)
    assert total == 10 and cells[NO_EXPLOITATION_RECORDED] is None
    _assert_nothing_pinned(10, cells, 5)


def test_two_kinds_do_not_give_their_overlap_away() -> None:
    # 10 people: 7 criminal, 6 labour, so 3 both, 4 criminal only, 3 labour only.
    people = [["criminal", "labour"]] * 3 + [["criminal"]] * 4 + [["labour"]] * 3
    total, cells = _published(people)
    assert total == 10
    assert None in (cells["criminal"], cells["labour"], cells[NO_EXPLOITATION_RECORDED])
    _assert_nothing_pinned(10, cells, 5)


def test_a_large_breakdown_is_left_alone() -> None:
    people = [["criminal"]] * 12 + [["labour", "sexual"]] * 6 + [[]] * 5 + [["other"]] * 7
    total, cells = _published(people)
    assert total == 30
    assert cells == {"criminal": 12, "labour": 6, "sexual": 6, "domestic_servitude": 0,
                     "other": 7, NO_EXPLOITATION_RECORDED: 5}


def test_unit_rule_on_figures() -> None:
    total = Figure("m", "all", "all", 9)
    cells = [Figure("m", "g", "a", 5), Figure("m", "g", "b", 4), Figure("m", "g", "none", 0)]
    apply([total, *cells], [Breakdown(total, cells, additive=False, complement=cells[2])], 5)
    assert [c.suppressed for c in cells] == [True, True, False] and not total.suppressed


kind_lists = st.lists(
    st.one_of(
        st.just([]),
        st.lists(st.sampled_from(KINDS[:2]), max_size=2, unique=True),
        st.lists(st.sampled_from(KINDS), max_size=3, unique=True),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(kind_lists, st.integers(min_value=2, max_value=8))
def test_no_exploitation_cell_can_be_worked_out(people: list[list[str]], threshold: int) -> None:
    total, cells = _published(people, threshold)
    if total is None:
        assert all(v is None for v in cells.values())
        return
    assert total == len(people)
    for value in cells.values():
        assert value is None or not 0 < value < threshold
    _assert_nothing_pinned(total, cells, threshold)
