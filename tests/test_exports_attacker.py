"""The reader who has every funder file the vault can produce, and wants a small count.

A designed cohort of 22 survivors (the one an independent reader attacked): 20 taken
on in January to March, two women, both non-UK and referred through the NRM, taken on
in April; two under 18; one case closed in May; seven with an intake and a review, one
of whom improved. The reader is given the files of every period of whole months from
January to June, at thresholds 5, 6 and 10, unrounded and rounded to 5.

The attacker: every published count is a linear equation over the numbers of
survivors of each kind (an "atom": survivors who fall in exactly the same cells of
every file); the reader solves them exactly (rational Gaussian elimination) and
reads off every count the equations fix: of an atom, of a suppressed cell, or of a
group or sub-period that no file publishes. Told the atoms, this reader knows more
than a real one.

With every survivor weighing 1 (the funder file before record weights), the reader
recovers hidden counts from 1 to 4, each equal to the truth: the first test. With record
weights, a second vault that adds a weight-0 twin of every survivor gives byte-identical
files for the whole grid while every true count doubles: so no count is determined by
any reading of the files, by subtraction, bounds or anything else (the second test).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from fractions import Fraction

import pytest

from caseload.case import CaseRecord
from caseload.models import Survivor
from exports import funder, record_weights
from exports.csv_safety import to_csv
from exports.funder_measures import HEADER
from exports.periods import Month, Period
from tests.case_builders import assessment, case, survivor

TODAY = dt.date(2025, 7, 15)
MONTHS = [Month(2025, m) for m in range(1, 7)]
PERIODS = [Period(a, b) for a, b in itertools.combinations_with_replacement(MONTHS, 2)]
THRESHOLDS = (5, 6, 10)
ROUNDINGS = (0, 5)
COUNT_MEASURES = {
    "survivors_supported", "new_cases", "closed_cases", "excluded_declined_reporting",
    "assessments_completed",
}

Cell = tuple[str, str, str, str]  # period, measure, group, category


def _label(period: Period) -> str:
    return f"{period.start}/{period.end}"


def _cohort() -> list[CaseRecord]:
    """22 survivors with record keys of weight 1, 0 or 2 spread among them."""
    people: list[CaseRecord] = []
    sexes = ("female", "male")
    bands = ("25_34", "35_44", "18_24", "45_54")
    for i in range(20):
        intake = f"2025-{1 + i % 3:02d}-{5 + i % 20:02d}"
        s = survivor(
            intake,
            id=i + 1,
            case_ref=f"NAV-A{i + 1:03d}",
            sex=sexes[i % 2],
            age_band="17_and_under" if i in (3, 11) else bands[i % 4],
            nationality_group="uk" if i % 5 == 0 else "non_uk",
            referral_route="nrm" if i % 3 else "ms1",
            exploitation_types="labour" if i % 2 else "sexual",
            record_key=1 + i,
        )
        if i == 7:
            s.status = "closed"
            s.closed_on = dt.date(2025, 5, 20)
        parts = {}
        if i < 7:
            later = 4 if i == 0 else 3
            parts["assessments"] = [
                assessment(f"2025-0{1 + i % 3}-2{i % 5}", "intake", 3, 3),
                assessment("2025-05-10", "review", later, 3),
            ]
        people.append(case(s, **parts))
    for j in range(2):
        s = survivor(
            f"2025-04-{10 + j}", id=21 + j, case_ref=f"NAV-B{j + 1:03d}", sex="female",
            age_band="25_34", nationality_group="non_uk", referral_route="nrm",
            exploitation_types="sexual", record_key=21 + j,
        )
        people.append(case(s))
    return people


def _twin(record: CaseRecord, n: int) -> CaseRecord:
    """Another survivor with the same facts and history and a record key of weight 0."""
    key = n * record_weights.MODULUS + record_weights.ZERO_RESIDUE
    assert record_weights.weight(key) == 0
    twin = Survivor.model_validate(
        record.survivor.model_dump() | {"id": 1000 + n, "case_ref": f"NAV-Z{n:03d}",
                                        "record_key": key}
    )
    return replace(record, survivor=twin)


def _files(cases: Sequence[CaseRecord]) -> Iterator[tuple[tuple[Period, int, int], bytes]]:
    for period, threshold, rounding in itertools.product(PERIODS, THRESHOLDS, ROUNDINGS):
        rows = funder.funder_rows(cases, period, TODAY, threshold, rounding)
        yield (period, threshold, rounding), to_csv(HEADER, rows)


def _published_counts(cases: Sequence[CaseRecord]) -> dict[Cell, int]:
    """Every exactly published count of the unrounded files, by cell."""
    out: dict[Cell, int] = {}
    for period, threshold in itertools.product(PERIODS, THRESHOLDS):
        for row in funder.funder_rows(cases, period, TODAY, threshold, 0):
            measure, group, category, value, _base, suppressed = row
            if measure in COUNT_MEASURES and not suppressed:
                out[(_label(period), str(measure), str(group), str(category))] = int(value)
    return out


def _contributions(record: CaseRecord) -> dict[Cell, int]:
    """The cells a survivor counts in (weight 1), and how many times."""
    out: dict[Cell, int] = {}
    one = replace(record, survivor=record.survivor.model_copy(update={"record_key": 1}))
    for period in PERIODS:
        figures, _ = funder.build_figures([one], period, TODAY)
        for f in figures:
            if f.measure in COUNT_MEASURES and f.value:
                out[(_label(period), f.measure, f.group, f.category)] = int(f.value)
    return out


def _solve(equations: list[tuple[dict[int, int], int]],
           targets: dict[str, dict[int, int]]) -> dict[str, Fraction]:
    """The targets (linear forms over atoms) that the equations fix, with their values."""
    rows: list[tuple[dict[int, Fraction], Fraction]] = []  # reduced, by pivot
    pivots: list[int] = []

    def reduce(form: dict[int, Fraction], value: Fraction) -> tuple[dict[int, Fraction],
                                                                    Fraction]:
        form = dict(form)
        for pivot, (row, rv) in zip(pivots, rows, strict=True):
            factor = form.get(pivot, Fraction(0))
            if factor:
                for k, v in row.items():
                    form[k] = form.get(k, Fraction(0)) - factor * v
                value -= factor * rv
        return {k: v for k, v in form.items() if v}, value

    for coefs, value in equations:
        form, rv = reduce({k: Fraction(v) for k, v in coefs.items()}, Fraction(value))
        if not form:
            continue
        pivot = min(form)
        scale = form[pivot]
        form = {k: v / scale for k, v in form.items()}
        rv /= scale
        for i, (row, value_i) in enumerate(rows):  # keep the rows fully reduced
            factor = row.get(pivot, Fraction(0))
            if factor:
                new = {k: row.get(k, Fraction(0)) - factor * form.get(k, Fraction(0))
                       for k in set(row) | set(form)}
                rows[i] = ({k: v for k, v in new.items() if v}, value_i - factor * rv)
        rows.append((form, rv))
        pivots.append(pivot)
    fixed: dict[str, Fraction] = {}
    for name, target in targets.items():
        rest, value = reduce({k: Fraction(v) for k, v in target.items()}, Fraction(0))
        if not rest:
            fixed[name] = -value
    return fixed


def _attack(cases: Sequence[CaseRecord]) -> dict[str, tuple[Fraction, int]]:
    """Small counts the reader fixes from the files: name -> (value read, true count)."""
    signatures = [_contributions(c) for c in cases]
    atoms: list[dict[Cell, int]] = []
    members: list[list[int]] = []
    for i, sig in enumerate(signatures):
        if sig in atoms:
            members[atoms.index(sig)].append(i)
        else:
            atoms.append(sig)
            members.append([i])
    published = _published_counts(cases)
    every_cell = {cell for sig in atoms for cell in sig}

    def form(cell: Cell) -> dict[int, int]:
        return {a: sig[cell] for a, sig in enumerate(atoms) if cell in sig}

    equations = [(form(cell), published.get(cell, 0)) for cell in every_cell
                 if cell in published]
    equations += [({}, 0)]
    targets = {f"atom {a} ({len(m)} survivors)": {a: 1} for a, m in enumerate(members)}
    targets |= {" ".join(cell): form(cell) for cell in every_cell if cell not in published}
    truth = {name: sum(coef * len(members[a]) for a, coef in t.items())
             for name, t in targets.items()}
    fixed = _solve(equations, targets)
    return {name: (value, truth[name]) for name, value in fixed.items()
            if 0 < truth[name] < min(THRESHOLDS)}


@pytest.fixture
def every_weight_one(monkeypatch: pytest.MonkeyPatch) -> Callable[[int], int]:
    monkeypatch.setattr(record_weights, "weight", lambda key: 1)
    return record_weights.weight


def test_the_attacker_recovers_hidden_counts_when_every_survivor_weighs_one(
    every_weight_one: Callable[[int], int],
) -> None:
    """The funder file before record weights: the reader reads small counts exactly."""
    found = _attack(_cohort())
    right = {name: v for name, (v, true) in found.items() if v == true}
    assert right == {name: v for name, (v, _) in found.items()}
    new_in_april = "2025-04/2025-04 new_cases all all"
    assert found.get(new_in_april) == (2, 2), sorted(found)[:20]
    assert len(right) >= 5, right


def test_no_count_is_fixed_by_any_combination_of_funder_files() -> None:
    cohort = _cohort()
    assert {record_weights.weight(c.survivor.record_key) for c in cohort} == {0, 1, 2}
    doubled = cohort + [_twin(c, n) for n, c in enumerate(cohort, start=1)]
    alike = 0
    for (key, ours), (_, theirs) in zip(_files(cohort), _files(doubled), strict=True):
        assert ours == theirs, f"the files for {key} tell the two vaults apart"
        alike += 1
    assert alike == len(PERIODS) * len(THRESHOLDS) * len(ROUNDINGS)
    # What the reader reads off is the same in both vaults and every true count differs
    # between them (it doubles), so no value read is known to be right.
    read = _attack(cohort)
    assert read and all(true > 0 for _, true in read.values())


def test_a_weight_zero_survivor_added_to_a_small_group_changes_no_file() -> None:
    """One more woman taken on in April (2 become 3): no file shows the difference."""
    cohort = _cohort()
    april = next(c for c in cohort if c.survivor.case_ref == "NAV-B001")
    more = [*cohort, _twin(april, 99)]
    for (key, ours), (_, theirs) in zip(_files(cohort), _files(more), strict=True):
        assert ours == theirs, key


def test_the_weights_are_a_fixed_function_of_the_record_key() -> None:
    counts = {w: 0 for w in (0, 1, 2)}
    for key in range(16 * 1000):
        counts[record_weights.weight(key)] += 1
    assert counts == {0: 1000, 1: 14000, 2: 1000}
    assert [record_weights.weight(k) for k in (0, 1, 15, 16, 31, 2**32 - 1)] == [0, 1, 2, 0, 2, 2]
