"""Overall scores, change, improvement, rater gaps and caseload figures."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.scoring import (
    caseload_figures,
    change_between,
    change_since_intake,
    change_since_previous,
    improved_overall,
    improvement,
    overall,
    rating_gaps,
)
from caseload.domains import DOMAINS
from tests.case_builders import assessment, case, d, survivor

MH, PH, FS, SC, SA, LS = DOMAINS


def test_overall_is_the_mean_of_answered_domains_with_at_least_four() -> None:
    four = {MH: 2, PH: 3, FS: 4, SC: 5, SA: "declined", LS: "not_applicable"}
    a = assessment("2025-01-12", "intake", four, {MH: 1, PH: 1, FS: 1, SA: "declined"})
    assert overall(a, "survivor") == pytest.approx(3.5)
    assert overall(a, "navigator") is None  # three answered: incomplete
    assert overall(assessment("2025-01-12", survivor_levels=4), "survivor") == 4


def test_change_since_intake_and_previous_per_rater_and_domain() -> None:
    history = [
        assessment("2025-01-12", "intake", 2, 3),
        assessment("2025-05-12", "review", {**{x: 3 for x in DOMAINS}, SA: "declined"}, 3),
        assessment("2025-09-12", "review", 4, {**{x: 3 for x in DOMAINS}, MH: 2}),
    ]
    since_intake = change_since_intake(history, "survivor")
    assert since_intake is not None
    assert since_intake.overall == pytest.approx(2.0)
    assert since_intake.domains == {x: 2 for x in DOMAINS}
    assert (since_intake.from_date, since_intake.to_date) == (d("2025-01-12"), d("2025-09-12"))
    since_previous = change_since_previous(history, "survivor")
    assert since_previous is not None and since_previous.domains[SA] is None  # declined before
    assert since_previous.domains[MH] == 1
    nav = change_since_intake(history, "navigator")
    assert nav is not None and nav.domains[MH] == -1 and nav.overall == pytest.approx(-1 / 6)
    assert change_since_intake(history[:1], "survivor") is None
    assert change_since_previous(history[:1], "survivor") is None


def test_improvement_by_survivor_navigator_and_both() -> None:
    history = [assessment("2025-01-12", "intake", 2, 3), assessment("2025-05-12", "review", 3, 3)]
    result = improvement(history)
    assert result is not None
    assert (result.survivor, result.navigator, result.both) == (True, False, False)
    assert improvement(history[:1]) is None
    incomplete = [history[0], assessment("2025-05-12", "review", 3, None)]
    result = improvement(incomplete)
    assert result is not None and result.navigator is None and result.both is None


def test_gaps_of_two_levels_are_flagged_for_a_conversation() -> None:
    a = assessment(
        "2025-01-12",
        survivor_levels={MH: 4, PH: 3, FS: 1, SC: 2, SA: "declined", LS: 5},
        navigator_levels={MH: 2, PH: 2, FS: 3, SC: 2, SA: 1, LS: 4},
    )
    gaps = rating_gaps(a)
    assert [(g.domain, g.survivor, g.navigator, g.size) for g in gaps] == [
        (MH, 4, 2, 2),
        (FS, 1, 3, 2),
    ]
    assert len(rating_gaps(a, threshold=1)) == 4


def test_caseload_figures_checked_by_hand() -> None:
    today = d("2025-10-01")
    improving = case(
        survivor(intake="2025-01-10"),
        assessments=[
            assessment("2025-01-12", "intake", 2, 2),
            assessment("2025-05-12", "review", 3, 3),
            assessment("2025-09-12", "review", 4, 2),
        ],
    )
    worse = case(
        survivor(intake="2025-01-10"),
        assessments=[
            assessment("2025-01-12", "intake", 3, 3),
            assessment("2025-06-20", "review", 2, 4),
        ],
    )
    intake_only = case(
        survivor(intake="2025-09-20"), assessments=[assessment("2025-09-25", "intake")]
    )
    unassessed = case(survivor(intake="2025-09-28"))
    figures = caseload_figures([improving, worse, intake_only, unassessed], today)
    assert (figures.survivors, figures.assessed, figures.with_review) == (4, 3, 2)
    assert (figures.improved["survivor"].count, figures.improved["survivor"].base) == (1, 2)
    assert figures.improved["survivor"].pct == pytest.approx(50.0)
    assert (figures.improved["navigator"].count, figures.improved["both"].count) == (1, 0)
    # Mean change per domain: survivor (+2, -1) / 2 = 0.5; navigator (0, +1) / 2 = 0.5.
    assert figures.mean_change["survivor"][MH].mean == pytest.approx(0.5)
    assert figures.mean_change["navigator"][MH].mean == pytest.approx(0.5)
    assert figures.mean_change["survivor"][MH].base == 2
    # Reviews decided by 1 Oct: improving 1 and 2 on time; worse 1 late (20 Jun), 2 missed
    # (due 12 Sep, window closed 26 Sep); intake_only has no review due yet.
    assert (figures.reviews_on_time.count, figures.reviews_on_time.base) == (2, 4)
    empty = caseload_figures([], today)
    assert empty.improved["both"].pct is None and empty.reviews_on_time.pct is None


def test_assessments_after_today_are_ignored_by_caseload_figures() -> None:
    c = case(
        survivor(intake="2025-01-10"),
        assessments=[
            assessment("2025-01-12", "intake", 2, 2),
            assessment("2025-05-12", "review", 3, 3),
        ],
    )
    assert caseload_figures([c], d("2025-03-01")).with_review == 0


levels = st.one_of(
    st.integers(1, 5), st.sampled_from(["declined", "not_discussed", "not_applicable"])
)
ratings = st.fixed_dictionaries({x: levels for x in DOMAINS})


@settings(max_examples=300, deadline=None)
@given(s1=ratings, n1=ratings, s2=ratings, n2=ratings)
def test_change_and_improvement_are_antisymmetric(s1: dict, n1: dict, s2: dict, n2: dict) -> None:
    a = assessment("2025-01-12", "intake", s1, n1)
    b = assessment("2025-05-12", "review", s2, n2)
    for rater in ("survivor", "navigator"):
        forward, backward = change_between(a, b, rater), change_between(b, a, rater)
        if forward.overall is None:
            assert backward.overall is None
        else:
            assert backward.overall == pytest.approx(-forward.overall)
        for x in DOMAINS:
            f, r = forward.domains[x], backward.domains[x]
            assert (f is None and r is None) or f == -r  # type: ignore[operator]
        up, down = improved_overall(a, b, rater), improved_overall(b, a, rater)
        assert (up is None) == (down is None)
        if up is not None:
            assert not (up and down)  # never improved both ways
            assert (up or down) == (overall(a, rater) != overall(b, rater))


@settings(max_examples=200, deadline=None)
@given(s=ratings)
def test_overall_is_within_the_scale_or_incomplete(s: dict) -> None:
    a = assessment("2025-01-12", "intake", s, None)
    answered = [v for v in s.values() if isinstance(v, int)]
    value = overall(a, "survivor")
    if len(answered) >= 4:
        assert value is not None and min(answered) <= value <= max(answered)
    else:
        assert value is None


@settings(max_examples=300, deadline=None)
@given(s1=ratings, n1=ratings, s2=ratings, n2=ratings)
def test_improvement_is_antisymmetric_when_intake_and_latest_swap(
    s1: dict, n1: dict, s2: dict, n2: dict
) -> None:
    forward = improvement(
        [assessment("2025-01-12", "intake", s1, n1), assessment("2025-05-12", "review", s2, n2)]
    )
    backward = improvement(
        [assessment("2025-01-12", "intake", s2, n2), assessment("2025-05-12", "review", s1, n1)]
    )
    assert forward is not None and backward is not None
    for group in ("survivor", "navigator", "both"):
        up, down = forward.by(group), backward.by(group)
        assert (up is None) == (down is None)
        assert not (up and down)  # never improved both ways
    for rater, first, second in (("survivor", s1, s2), ("navigator", n1, n2)):
        up, down = forward.by(rater), backward.by(rater)
        if up is not None:
            before = overall(assessment("2025-01-12", "intake", first, None), "survivor")
            after = overall(assessment("2025-05-12", "review", second, None), "survivor")
            assert (up or down) == (before != after)
            assert up == (after > before)  # type: ignore[operator]
