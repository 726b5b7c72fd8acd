"""When assessments are due: intake, four-monthly reviews, windows, pauses, closing."""

from __future__ import annotations

import calendar
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.schedule import (
    WINDOW_DAYS,
    add_months,
    closing_assessment_offered,
    intake_assessment,
    intake_due,
    matching_review,
    next_assessment,
    review_due,
    review_due_dates,
    review_outcomes,
)
from tests.case_builders import assessment, case, d, survivor

INTAKE = "2025-01-12"  # review 1 due 12 May (window 28 Apr - 26 May), review 2 12 Sep


# --- month arithmetic ------------------------------------------------------------


def test_month_ends_are_clamped_and_leap_years_respected() -> None:
    assert add_months(d("2023-10-31"), 4) == d("2024-02-29")  # leap year
    assert add_months(d("2022-10-31"), 4) == d("2023-02-28")
    assert add_months(d("2023-10-31"), 8) == d("2024-06-30")
    assert add_months(d("2023-10-31"), 12) == d("2024-10-31")  # back to the 31st
    assert add_months(d("2024-02-29"), 12) == d("2025-02-28")
    assert add_months(d("2024-11-15"), 4) == d("2025-03-15")  # across the year end
    assert add_months(d("2025-03-31"), -1) == d("2025-02-28")


def test_reviews_count_from_the_intake_assessment_not_from_each_other() -> None:
    dues = review_due_dates(d("2023-10-31"), until=d("2024-12-31"))
    assert [x.due_on for x in dues] == [d("2024-02-29"), d("2024-06-30"), d("2024-10-31")]
    assert [x.number for x in dues] == [1, 2, 3]
    assert dues[0].window_start == d("2024-02-15") and dues[0].window_end == d("2024-03-14")


def test_intake_is_due_within_fourteen_days_of_intake() -> None:
    due = intake_due(d("2025-01-10"))
    assert (due.kind, due.due_on, due.window_start) == ("intake", d("2025-01-24"), d("2025-01-10"))


# --- next assessment -------------------------------------------------------------


def test_new_case_needs_an_intake_then_it_becomes_overdue() -> None:
    c = case(survivor(intake="2025-01-10"))
    due = next_assessment(c, d("2025-01-20"))
    assert due is not None and (due.kind, due.state, due.due_on) == (
        "intake",
        "due",
        d("2025-01-24"),
    )
    late = next_assessment(c, d("2025-01-25"))
    assert late is not None and late.overdue and late.days_overdue(d("2025-01-25")) == 1


def test_review_upcoming_then_due_in_its_window_then_overdue() -> None:
    c = case(survivor(intake="2025-01-10"), assessments=[assessment(INTAKE, "intake")])
    states = {
        day: next_assessment(c, d(day))
        for day in ("2025-04-27", "2025-04-28", "2025-05-26", "2025-05-27")
    }
    assert {k: (v.state if v else None) for k, v in states.items()} == {
        "2025-04-27": "upcoming",
        "2025-04-28": "due",
        "2025-05-26": "due",
        "2025-05-27": "overdue",
    }
    assert all(v is not None and v.due_on == d("2025-05-12") for v in states.values())


def test_review_inside_the_window_moves_on_to_the_next_due_date() -> None:
    c = case(
        survivor(intake="2025-01-10"),
        assessments=[assessment(INTAKE, "intake"), assessment("2025-05-20")],
    )
    nxt = next_assessment(c, d("2025-06-01"))
    assert nxt is not None and (nxt.due.number, nxt.due_on, nxt.state) == (
        2,
        d("2025-09-12"),
        "upcoming",
    )


def test_a_review_too_early_does_not_count_and_does_not_shift_dates() -> None:
    c = case(
        survivor(intake="2025-01-10"),
        assessments=[assessment(INTAKE, "intake"), assessment("2025-04-20")],
    )
    nxt = next_assessment(c, d("2025-05-01"))
    assert nxt is not None and (nxt.due.number, nxt.state) == (1, "due")


def test_a_late_review_clears_the_overdue_but_later_dates_stay_put() -> None:
    c = case(
        survivor(intake="2025-01-10"),
        assessments=[assessment(INTAKE, "intake"), assessment("2025-06-20")],
    )
    nxt = next_assessment(c, d("2025-07-01"))
    assert nxt is not None and (nxt.due.number, nxt.due_on) == (2, d("2025-09-12"))
    outcomes = review_outcomes(c, d("2025-07-01"))
    assert [(o.due.number, o.state, o.done_on) for o in outcomes] == [(1, "late", d("2025-06-20"))]


def test_review_outcomes_on_time_missed_and_open() -> None:
    c = case(
        survivor(intake="2024-01-05"),
        assessments=[
            assessment("2024-01-05", "intake"),
            assessment("2024-05-01"),  # review 1 (due 5 May): on time
            # review 2 (due 5 Sep): missed
            assessment("2025-01-15"),  # review 3 (due 5 Jan): on time, 10 days late
        ],
    )
    outcomes = review_outcomes(c, d("2025-05-10"))  # review 4 due 5 May, window open
    assert [(o.due.number, o.state) for o in outcomes] == [
        (1, "on_time"),
        (2, "missed"),
        (3, "on_time"),
        (4, "open"),
    ]
    assert [o.decided for o in outcomes] == [True, True, True, False]


def test_paused_case_accrues_nothing_overdue() -> None:
    paused = survivor(intake="2025-01-10", status="paused", status_changed_on=d("2025-03-01"))
    c = case(paused, assessments=[assessment(INTAKE, "intake")])
    assert next_assessment(c, d("2025-12-01")) is None
    assert review_outcomes(c, d("2025-12-01")) == []  # review 1 fell due after the pause


def test_resumed_case_skips_reviews_that_fell_due_before_resuming() -> None:
    resumed = survivor(intake="2025-01-10", status="open", status_changed_on=d("2025-07-01"))
    c = case(resumed, assessments=[assessment(INTAKE, "intake")])
    nxt = next_assessment(c, d("2025-07-05"))
    assert nxt is not None and (nxt.due.number, nxt.state) == (2, "upcoming")
    assert [o.state for o in review_outcomes(c, d("2025-07-05"))] == ["excused"]


def test_closing_offers_a_closing_assessment_once() -> None:
    closed = survivor(intake="2025-01-10", status="closed", closed_on=d("2025-06-01"))
    c = case(closed, assessments=[assessment(INTAKE, "intake")])
    assert next_assessment(c, d("2025-06-02")) is None
    assert closing_assessment_offered(c)
    c.assessments.append(assessment("2025-06-01", "closing"))
    assert not closing_assessment_offered(c)
    assert not closing_assessment_offered(case(survivor()))


def test_intake_assessment_prefers_the_intake_kind() -> None:
    a = assessment("2025-01-12", "review")
    b = assessment("2025-01-12", "intake")
    assert intake_assessment([a, b]) is b
    assert intake_assessment([assessment("2025-03-01"), a]) is a
    assert intake_assessment([]) is None


def test_intake_on_31_october_reviews_29_february_in_a_leap_year_then_30_june() -> None:
    c = case(survivor(intake="2023-10-20"), assessments=[assessment("2023-10-31", "intake")])
    first = next_assessment(c, d("2024-02-14"))
    assert first is not None and (first.due_on, first.state) == (d("2024-02-29"), "upcoming")
    assert first.due.window_start == d("2024-02-15") and first.due.window_end == d("2024-03-14")
    late = next_assessment(c, d("2024-03-15"))
    assert late is not None and late.overdue and late.days_overdue(d("2024-03-15")) == 15
    on_last_day = case(
        survivor(intake="2023-10-20"),
        assessments=[assessment("2023-10-31", "intake"), assessment("2024-03-14")],
    )
    nxt = next_assessment(on_last_day, d("2024-03-20"))
    assert nxt is not None and (nxt.due.number, nxt.due_on) == (2, d("2024-06-30"))
    assert [o.state for o in review_outcomes(on_last_day, d("2024-03-20"))] == ["on_time"]


def test_intake_on_a_leap_day_reviews_on_the_29th_and_28_february_next_year() -> None:
    dues = review_due_dates(d("2024-02-29"), until=d("2025-06-28"))
    assert [x.due_on for x in dues] == [d("2024-06-29"), d("2024-10-29"), d("2025-02-28")]
    assert review_due(d("2024-02-29"), 4).due_on == d("2025-06-29")  # not 28: from the anchor


def test_review_outcomes_ignore_assessments_dated_after_today() -> None:
    c = case(
        survivor(intake="2025-01-10"),
        assessments=[assessment(INTAKE, "intake"), assessment("2025-05-20")],
    )
    assert [o.state for o in review_outcomes(c, d("2025-05-15"))] == ["open"]
    assert [o.state for o in review_outcomes(c, d("2025-05-20"))] == ["on_time"]
    future_intake = case(survivor(intake="2025-01-10"), assessments=[assessment(INTAKE, "intake")])
    assert review_outcomes(future_intake, d("2025-01-11")) == []


# --- properties ------------------------------------------------------------------

anchors = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31))


@settings(max_examples=300, deadline=None)
@given(anchor=anchors, count=st.integers(1, 40))
def test_due_dates_strictly_increase_four_calendar_months_apart(
    anchor: dt.date, count: int
) -> None:
    dues = [review_due(anchor, n) for n in range(1, count + 1)]
    previous = anchor
    for n, due in enumerate(dues, start=1):
        months = (due.due_on.year - anchor.year) * 12 + due.due_on.month - anchor.month
        assert months == 4 * n
        last = calendar.monthrange(due.due_on.year, due.due_on.month)[1]
        assert due.due_on.day == min(anchor.day, last)
        assert 120 <= (due.due_on - previous).days <= 123
        assert due.due_on > previous
        previous = due.due_on
    for a, b in zip(dues, dues[1:], strict=False):
        assert a.window_end < b.window_start  # windows never overlap


@settings(max_examples=300, deadline=None)
@given(anchor=anchors, number=st.integers(1, 30), offset=st.integers(-WINDOW_DAYS, WINDOW_DAYS))
def test_a_review_inside_a_window_satisfies_exactly_one_due_date(
    anchor: dt.date, number: int, offset: int
) -> None:
    day = review_due(anchor, number).due_on + dt.timedelta(days=offset)
    satisfied = [n for n in range(1, number + 3) if review_due(anchor, n).contains(day)]
    assert satisfied == [number]
    assert matching_review(anchor, day) == number


@settings(max_examples=300, deadline=None)
@given(anchor=anchors, days=st.integers(0, 3650))
def test_matching_review_agrees_with_the_windows(anchor: dt.date, days: int) -> None:
    day = anchor + dt.timedelta(days=days)
    containing = [n for n in range(1, 32) if review_due(anchor, n).contains(day)]
    assert len(containing) <= 1
    assert matching_review(anchor, day) == (containing[0] if containing else None)


@settings(max_examples=200, deadline=None)
@given(
    anchor=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2050, 1, 1)),
    review_days=st.lists(st.integers(1, 1500), max_size=6),
    today_days=st.integers(0, 1600),
)
def test_reviews_early_or_late_never_shift_later_due_dates(
    anchor: dt.date, review_days: list[int], today_days: int
) -> None:
    c = case(
        survivor(intake=anchor.isoformat()),
        assessments=[assessment(anchor.isoformat(), "intake")]
        + [assessment((anchor + dt.timedelta(days=n)).isoformat()) for n in review_days],
    )
    today = anchor + dt.timedelta(days=today_days)
    nxt = next_assessment(c, today)
    assert nxt is not None and nxt.kind == "review"
    assert nxt.due == review_due(anchor, nxt.due.number)
    outcomes = review_outcomes(c, today)
    assert [o.due for o in outcomes] == review_due_dates(anchor, today)


def test_closing_inside_a_window_excuses_that_review() -> None:
    closed = survivor(intake="2025-01-10", status="closed", closed_on=d("2025-05-15"))
    c = case(closed, assessments=[assessment(INTAKE, "intake")])
    outcomes = review_outcomes(c, d("2025-08-01"))
    assert [(o.due.number, o.state, o.decided) for o in outcomes] == [(1, "excused", False)]
    c.assessments.append(assessment("2025-05-15", "closing"))  # counts as the review
    assert [o.state for o in review_outcomes(c, d("2025-08-01"))] == ["on_time"]
