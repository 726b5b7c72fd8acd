"""Record weights: how the funder figures stop overlapping files from differencing.

Every survivor has a permanent random record key (:attr:`caseload.models.Survivor.
record_key`, drawn at intake and never exported). From it comes their weight in every
funder figure: 0 for one survivor in 16, 2 for one in 16, 1 for the rest. Each funder
figure is computed over the survivors counted as many times as their weight, before
suppression and rounding; so every published number - counts, bases, percentages and
means - is a function of the weighted caseload only.

Why this defeats differencing: subtracting any published numbers, from any files,
can at best give a *weighted* count of some group, and a weighted count never fixes
the true one. Adding a survivor of weight 0 to any group changes no funder file at all
(the files are byte for byte the same), while that group's true count goes up by one;
so no combination of files determines any count, small or not. The weight is the
same in every file (it is the survivor's, not the file's), so a reader cannot average
it away by asking for many files either.

This is a member of the cell-key family (ONS, ABS): the perturbation is a fixed
function of the contributors' record keys. It differs in being additive per record,
which is what makes differencing useless; see the data dictionary for the comparison
and what it costs the funder.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

#: Weight by ``record_key % MODULUS``: residue 0 weighs 0, the last residue weighs 2.
MODULUS = 16
ZERO_RESIDUE = 0
DOUBLE_RESIDUE = MODULUS - 1


class _Keyed(Protocol):
    @property
    def record_key(self) -> int: ...


class _HasSurvivor(Protocol):
    @property
    def survivor(self) -> _Keyed: ...


T = TypeVar("T", bound=_HasSurvivor)
K = TypeVar("K", bound=_Keyed)


def weight(record_key: int) -> int:
    """The survivor's weight in the funder figures: 0, 1 or 2."""
    residue = record_key % MODULUS
    if residue == ZERO_RESIDUE:
        return 0
    if residue == DOUBLE_RESIDUE:
        return 2
    return 1


def weighted(cases: Iterable[T]) -> list[T]:
    """Each case repeated as many times as its survivor's weight, in order."""
    out: list[T] = []
    for case in cases:
        out.extend([case] * weight(case.survivor.record_key))
    return out


def weighted_records(rows: Iterable[K]) -> list[K]:
    """Each row with its own record key (an activity) repeated as many times as its
    weight, in order: the same protection for the people it counts."""
    out: list[K] = []
    for row in rows:
        out.extend([row] * weight(row.record_key))
    return out


def weighted_count(keys: Sequence[int]) -> int:
    """The weighted number of survivors with these record keys."""
    return sum(weight(k) for k in keys)
