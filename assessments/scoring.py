"""Recovery scores: overall scores, change over time, rater gaps and caseload figures.

Rules (issue 3):

- **Overall score** for one rater = the mean of that rater's answered domains,
  reported only when at least :data:`MIN_ANSWERED` (4) of the 6 are answered;
  otherwise it is incomplete (``None``).
- **Change** between two assessments (later minus earlier), overall and per
  domain, for one rater. "Since intake" compares the latest assessment with the
  intake assessment (:func:`assessments.schedule.intake_assessment`); "since
  previous" compares it with the one before it.
- **Improved overall** for a rater: the latest overall score is higher than the
  intake overall score. Unknown (``None``) when there is no later assessment or
  either overall score is incomplete. "Both" means improved by the survivor's
  rating and by the navigator's.
- **Gaps**: a survivor and navigator rating of the same domain two or more
  levels apart (:data:`GAP_THRESHOLD`) is a prompt for a conversation, not a
  correction.
- **Caseload figures** (:func:`caseload_figures`): number assessed, number with
  a review, % improved overall by rater (base: survivors with an intake and a
  later assessment whose overall scores for that rater are both complete), mean
  change per domain by rater (from intake to latest, over survivors with both
  levels), and % of reviews done on time (on-time reviews / reviews whose
  outcome is decided; see :func:`assessments.schedule.review_outcomes`).

Public API: :func:`overall`, :func:`answered_count`, :class:`Change`,
:func:`change_between`, :func:`latest_assessment`, :func:`change_since_intake`,
:func:`change_since_previous`,
:func:`improved_overall`, :class:`Improvement`, :func:`improvement`,
:class:`Gap`, :func:`rating_gaps`, :class:`CaseloadFigures`, :func:`caseload_figures`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from statistics import fmean

from assessments.schedule import intake_assessment, review_outcomes
from caseload.case import CaseRecord, assessment_key
from caseload.domains import DOMAINS, RATERS
from caseload.records import AssessmentRecord

MIN_ANSWERED = 4
GAP_THRESHOLD = 2


def answered_count(assessment: AssessmentRecord, rater: str) -> int:
    return sum(1 for level in assessment.levels(rater).values() if level is not None)


def _overall_of(levels: Iterable[int | None]) -> float | None:
    answered = [v for v in levels if v is not None]
    if len(answered) < MIN_ANSWERED:
        return None
    return fmean(answered)


def overall(assessment: AssessmentRecord, rater: str) -> float | None:
    """Mean of the rater's answered domains, or ``None`` when fewer than 4 are answered."""
    return _overall_of(assessment.levels(rater).values())


@dataclass(frozen=True)
class Change:
    """Later minus earlier for one rater; ``None`` where either side is missing."""

    rater: str
    from_date: dt.date
    to_date: dt.date
    overall: float | None
    domains: dict[str, int | None]


Levels = dict[str, int | None]


def _change(
    rater: str, earlier: AssessmentRecord, later: AssessmentRecord, before: Levels, after: Levels
) -> Change:
    """:func:`change_between`, given each side's levels for ``rater`` (read once)."""
    domains = {
        d: (after[d] - before[d]) if after[d] is not None and before[d] is not None else None
        for d in DOMAINS
    }
    o_before, o_after = _overall_of(before.values()), _overall_of(after.values())
    total = o_after - o_before if o_before is not None and o_after is not None else None
    return Change(rater, earlier.date, later.date, total, domains)


def change_between(earlier: AssessmentRecord, later: AssessmentRecord, rater: str) -> Change:
    return _change(rater, earlier, later, earlier.levels(rater), later.levels(rater))


def _ordered(assessments: Sequence[AssessmentRecord]) -> list[AssessmentRecord]:
    return sorted(assessments, key=assessment_key)


def latest_assessment(assessments: Iterable[AssessmentRecord]) -> AssessmentRecord | None:
    """The last assessment in :func:`caseload.case.assessment_key` order (ties: the last
    given), found in one pass: what ``sorted(assessments, key=assessment_key)[-1]`` is."""
    latest: AssessmentRecord | None = None
    latest_key = None
    for a in assessments:
        key = assessment_key(a)
        if latest_key is None or key >= latest_key:
            latest, latest_key = a, key
    return latest


def _intake_and_latest(
    assessments: Sequence[AssessmentRecord],
) -> tuple[AssessmentRecord, AssessmentRecord] | None:
    """The intake and the latest assessment; ``None`` until there is one after the intake."""
    first = intake_assessment(assessments)
    latest = latest_assessment(assessments)
    if first is None or latest is None or latest is first:
        return None
    return first, latest


def change_since_intake(assessments: Sequence[AssessmentRecord], rater: str) -> Change | None:
    """Latest against intake; ``None`` until there is an assessment after the intake."""
    pair = _intake_and_latest(assessments)
    return None if pair is None else change_between(*pair, rater)


def change_since_previous(assessments: Sequence[AssessmentRecord], rater: str) -> Change | None:
    """Latest against the one before it; ``None`` with fewer than two assessments."""
    ordered = _ordered(assessments)
    if len(ordered) < 2:
        return None
    return change_between(ordered[-2], ordered[-1], rater)


def _improved(before: float | None, after: float | None) -> bool | None:
    if before is None or after is None:
        return None
    return after > before


def improved_overall(intake: AssessmentRecord, latest: AssessmentRecord, rater: str) -> bool | None:
    """True when the latest overall score is higher than the intake one; None if unknown."""
    return _improved(overall(intake, rater), overall(latest, rater))


@dataclass(frozen=True)
class Improvement:
    """Whether a survivor improved overall, by each rater and by both (None = unknown)."""

    survivor: bool | None
    navigator: bool | None

    @property
    def both(self) -> bool | None:
        if self.survivor is None or self.navigator is None:
            return None
        return self.survivor and self.navigator

    def by(self, rater: str) -> bool | None:
        """``rater`` is ``survivor``, ``navigator`` or ``both``."""
        return {"survivor": self.survivor, "navigator": self.navigator, "both": self.both}[rater]


def improvement(assessments: Sequence[AssessmentRecord]) -> Improvement | None:
    """Intake against latest; ``None`` until there is an assessment after the intake."""
    pair = _intake_and_latest(assessments)
    if pair is None:
        return None
    first, latest = pair
    return Improvement(
        improved_overall(first, latest, "survivor"), improved_overall(first, latest, "navigator")
    )


@dataclass(frozen=True)
class Gap:
    domain: str
    survivor: int
    navigator: int

    @property
    def size(self) -> int:
        return abs(self.survivor - self.navigator)


def rating_gaps(assessment: AssessmentRecord, threshold: int = GAP_THRESHOLD) -> list[Gap]:
    """Domains where the survivor and navigator are ``threshold`` or more levels apart."""
    gaps = []
    for d in DOMAINS:
        s, n = assessment.level(d, "survivor"), assessment.level(d, "navigator")
        if s is not None and n is not None and abs(s - n) >= threshold:
            gaps.append(Gap(d, s, n))
    return gaps


# --- caseload ---------------------------------------------------------------------

IMPROVEMENT_GROUPS: tuple[str, ...] = (*RATERS, "both")


@dataclass(frozen=True)
class Share:
    """``count`` out of ``base``; ``pct`` is ``None`` when the base is 0."""

    count: int
    base: int

    @property
    def pct(self) -> float | None:
        return 100.0 * self.count / self.base if self.base else None


@dataclass(frozen=True)
class MeanChange:
    """Mean change from intake to latest for one rater and domain, over ``base`` survivors."""

    mean: float | None
    base: int


@dataclass(frozen=True)
class CaseloadFigures:
    assessed: int
    with_review: int
    improved: dict[str, Share]  # "survivor" / "navigator" / "both"
    mean_change: dict[str, dict[str, MeanChange]]  # rater -> domain -> mean change
    reviews_on_time: Share
    survivors: int = 0


def reviews_on_time(
    cases: Iterable[CaseRecord],
    today: dt.date,
    due_within: Callable[[dt.date], bool] | None = None,
) -> Share:
    """On-time reviews out of reviews whose outcome is decided (on time, late or missed);
    with ``due_within``, only reviews whose due date it accepts (a reporting period)."""
    on_time = decided = 0
    for case in cases:
        for outcome in review_outcomes(case, today):
            if outcome.decided and (due_within is None or due_within(outcome.due.due_on)):
                decided += 1
                on_time += outcome.state == "on_time"
    return Share(on_time, decided)


def caseload_figures(
    cases: Iterable[CaseRecord],
    today: dt.date,
    due_within: Callable[[dt.date], bool] | None = None,
) -> CaseloadFigures:
    """Recovery figures for a set of cases, as of ``today`` (assessments after it ignored);
    ``due_within`` chooses the reviews counted for reviews on time (see above)."""
    cases = list(cases)
    assessed = with_review = 0
    improved = {g: [0, 0] for g in IMPROVEMENT_GROUPS}
    changes: dict[str, dict[str, list[int]]] = {r: {d: [] for d in DOMAINS} for r in RATERS}
    for case in cases:
        history = [a for a in case.assessments if a.date <= today]
        if not history:
            continue
        assessed += 1
        pair = _intake_and_latest(history)
        if pair is None:
            continue
        with_review += 1
        # improvement(history) and change_since_intake(history, rater), reading each
        # assessment's levels once.
        first, latest = pair
        levels = {r: (first.levels(r), latest.levels(r)) for r in RATERS}
        overalls = {
            r: (_overall_of(before.values()), _overall_of(after.values()))
            for r, (before, after) in levels.items()
        }
        result = Improvement(_improved(*overalls["survivor"]), _improved(*overalls["navigator"]))
        for group in IMPROVEMENT_GROUPS:
            value = result.by(group)
            if value is not None:
                improved[group][1] += 1
                improved[group][0] += value
        for rater in RATERS:
            change = _change(rater, first, latest, *levels[rater])
            for d, delta in change.domains.items():
                if delta is not None:
                    changes[rater][d].append(delta)
    return CaseloadFigures(
        assessed=assessed,
        with_review=with_review,
        improved={g: Share(c, b) for g, (c, b) in improved.items()},
        mean_change={
            r: {d: MeanChange(fmean(v) if v else None, len(v)) for d, v in by_d.items()}
            for r, by_d in changes.items()
        },
        reviews_on_time=reviews_on_time(cases, today, due_within),
        survivors=len(cases),
    )
