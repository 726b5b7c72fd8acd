"""Across the caseload: the average first and latest level per domain, by rater.

The recovery screen (F5) shows, for each domain and for the overall score, where
the caseload started (the intake assessment) and where it is now (the latest
assessment), as the survivors rate themselves and as their navigators rate them.

Rules, all from :mod:`assessments.scoring` so that nothing is defined twice:

- Which assessment is "first" is :func:`assessments.schedule.intake_assessment`;
  which is "latest", and the change between them, is
  :func:`assessments.scoring.change_since_intake`.  The latest level is the intake
  level plus that change, so a survivor counts for a domain and rater exactly when
  :func:`assessments.scoring.caseload_figures` counts them in its mean change, and
  ``latest - first`` of the averages equals its mean change per domain.
- The overall score is :func:`assessments.scoring.overall` (incomplete with fewer
  than four answered domains); a survivor counts for the overall averages of a
  rater when both overall scores are complete.
- As in ``caseload_figures``, assessments dated after ``today`` are ignored, and
  only survivors with an intake and a later assessment count (the base).

Pure functions: no I/O, no Textual, no vault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean

from assessments.schedule import intake_assessment
from assessments.scoring import change_since_intake, overall
from caseload.case import CaseRecord
from caseload.domains import DOMAINS, RATERS


@dataclass(frozen=True)
class FirstLatest:
    """Average first (intake) and latest value over ``base`` survivors (None when 0)."""

    first: float | None
    latest: float | None
    base: int

    @property
    def change(self) -> float | None:
        if self.first is None or self.latest is None:
            return None
        return self.latest - self.first


@dataclass(frozen=True)
class CaseloadTrends:
    """``domains[rater][domain]`` and ``overall[rater]``; ``survivors``: with a review."""

    domains: dict[str, dict[str, FirstLatest]]
    overall: dict[str, FirstLatest]
    survivors: int


def _averaged(pairs: list[tuple[float, float]]) -> FirstLatest:
    if not pairs:
        return FirstLatest(None, None, 0)
    return FirstLatest(fmean(p[0] for p in pairs), fmean(p[1] for p in pairs), len(pairs))


def caseload_trends(cases: Iterable[CaseRecord], today: dt.date) -> CaseloadTrends:
    """Average first and latest level per domain and overall score, by rater, as of ``today``."""
    levels: dict[str, dict[str, list[tuple[float, float]]]] = {
        rater: {d: [] for d in DOMAINS} for rater in RATERS
    }
    overall_scores: dict[str, list[tuple[float, float]]] = {rater: [] for rater in RATERS}
    survivors = 0
    for case in cases:
        history = [a for a in case.assessments if a.date <= today]
        first = intake_assessment(history)
        if first is None:
            continue
        counted = False
        for rater in RATERS:
            change = change_since_intake(history, rater)
            if change is None:
                break  # no assessment after the intake yet
            counted = True
            for d in DOMAINS:
                start, delta = first.level(d, rater), change.domains[d]
                if start is not None and delta is not None:
                    levels[rater][d].append((start, start + delta))
            start_overall = overall(first, rater)
            if start_overall is not None and change.overall is not None:
                overall_scores[rater].append((start_overall, start_overall + change.overall))
        survivors += counted
    return CaseloadTrends(
        domains={r: {d: _averaged(p) for d, p in by_d.items()} for r, by_d in levels.items()},
        overall={r: _averaged(p) for r, p in overall_scores.items()},
        survivors=survivors,
    )
