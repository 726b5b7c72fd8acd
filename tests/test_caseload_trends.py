"""Average first and latest level per domain across the caseload, by rater."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.caseload_trends import FirstLatest, caseload_trends
from assessments.scoring import caseload_figures
from caseload.case import CaseRecord
from caseload.domains import DOMAINS, RATERS
from tests.case_builders import assessment, case, d, survivor

MH, PH, FS, SC, SA, LS = DOMAINS
TODAY = d("2025-10-01")


def test_checked_by_hand() -> None:
    improving = case(
        survivor(intake="2025-01-10"),
        assessments=[
            assessment("2025-01-12", "intake", 2, 2),
            assessment("2025-05-12", "review", 3, 3),
            assessment("2025-09-12", "review", 4, 2),  # latest: survivor 4, navigator 2
        ],
    )
    worse = case(
        survivor(intake="2025-01-10"),
        assessments=[
            assessment("2025-01-12", "intake", {**{x: 3 for x in DOMAINS}, SA: "declined"}, 3),
            assessment("2025-06-20", "review", 2, 4),
        ],
    )
    intake_only = case(
        survivor(intake="2025-09-20"), assessments=[assessment("2025-09-25", "intake", 5, 5)]
    )
    unassessed = case(survivor(intake="2025-09-28"))
    trends = caseload_trends([improving, worse, intake_only, unassessed], TODAY)

    assert trends.survivors == 2  # an intake and a later assessment
    # Survivor, mental health: first (2 + 3) / 2, latest (4 + 2) / 2.
    assert trends.domains["survivor"][MH] == FirstLatest(2.5, 3.0, 2)
    assert trends.domains["survivor"][MH].change == pytest.approx(0.5)
    # Safety was declined at one intake: that survivor does not count for it.
    assert trends.domains["survivor"][SA] == FirstLatest(2.0, 4.0, 1)
    assert trends.domains["navigator"][MH] == FirstLatest(2.5, 3.0, 2)
    # Overall: survivor first (2 + 3) / 2, latest (4 + 2) / 2; navigator (2 + 3), (2 + 4).
    assert trends.overall["survivor"].first == pytest.approx(2.5)
    assert trends.overall["survivor"].latest == pytest.approx(3.0)
    assert trends.overall["navigator"].latest == pytest.approx(3.0)


def test_missing_ratings_and_incomplete_overall_scores_leave_gaps() -> None:
    partial = {MH: 2, PH: 2, FS: 2, SC: "not_discussed", SA: "declined", LS: "declined"}
    c = case(
        survivor(intake="2025-01-10"),
        assessments=[
            assessment("2025-01-12", "intake", partial, 3),
            assessment("2025-05-12", "review", 4, {MH: "declined"}),
        ],
    )
    trends = caseload_trends([c], TODAY)
    assert trends.overall["survivor"] == FirstLatest(None, None, 0)  # three at intake
    assert trends.domains["survivor"][PH] == FirstLatest(2.0, 4.0, 1)
    assert trends.domains["survivor"][SC].base == 0
    assert trends.domains["navigator"][MH] == FirstLatest(None, None, 0)
    assert trends.domains["navigator"][MH].change is None
    assert trends.overall["navigator"].base == 0  # one answered in the review


def test_assessments_after_today_are_ignored() -> None:
    c = case(
        survivor(intake="2025-01-10"),
        assessments=[
            assessment("2025-01-12", "intake", 2, 2),
            assessment("2025-05-12", "review", 3, 3),
            assessment("2025-12-12", "review", 5, 5),
        ],
    )
    assert caseload_trends([c], TODAY).domains["survivor"][MH] == FirstLatest(2.0, 3.0, 1)
    assert caseload_trends([c], d("2025-03-01")).survivors == 0


def test_empty_caseload() -> None:
    trends = caseload_trends([], TODAY)
    assert trends.survivors == 0
    assert all(trends.domains[r][x].first is None for r in RATERS for x in DOMAINS)


LEVEL = st.one_of(st.integers(1, 5), st.sampled_from(["declined", "not_discussed"]))
RATINGS = st.fixed_dictionaries({x: LEVEL for x in DOMAINS})
DAYS = st.sampled_from(["2025-01-12", "2025-03-01", "2025-05-12", "2025-09-12", "2025-11-01"])


@st.composite
def cases(draw: st.DrawFn) -> list[CaseRecord]:
    result = []
    for _ in range(draw(st.integers(0, 5))):
        history = [
            assessment(draw(DAYS), draw(st.sampled_from(["intake", "review"])), s, n)
            for s, n in draw(st.lists(st.tuples(RATINGS, RATINGS), max_size=4))
        ]
        result.append(case(survivor(intake="2025-01-10"), assessments=history))
    return result


@settings(max_examples=60, deadline=None)
@given(cases())
def test_latest_minus_first_is_the_mean_change_of_caseload_figures(
    caseload: list[CaseRecord],
) -> None:
    trends = caseload_trends(caseload, TODAY)
    figures = caseload_figures(caseload, TODAY)
    assert trends.survivors == figures.with_review
    for rater in RATERS:
        for x in DOMAINS:
            pair, mean = trends.domains[rater][x], figures.mean_change[rater][x]
            assert pair.base == mean.base
            if mean.mean is None:
                assert pair.change is None
            else:
                assert pair.change == pytest.approx(mean.mean)
                assert pair.first is not None and 1 <= pair.first <= 5
                assert pair.latest is not None and 1 <= pair.latest <= 5
