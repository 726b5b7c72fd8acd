"""Milestones: prepare within 14 days, check in when one passed without contact."""

from __future__ import annotations

from assessments.milestones import flagged_milestones, milestone_flag
from tests.case_builders import contact, d, milestone

TODAY = d("2025-06-16")


def test_prepare_from_today_up_to_fourteen_days_ahead() -> None:
    assert milestone_flag(milestone("2025-06-16"), [], TODAY) == "prepare"
    assert milestone_flag(milestone("2025-06-30"), [], TODAY) == "prepare"
    assert milestone_flag(milestone("2025-07-01"), [], TODAY) is None


def test_check_in_after_a_milestone_until_someone_has_spoken_to_them() -> None:
    court = milestone("2025-06-10")
    assert milestone_flag(court, [], TODAY) == "check_in"
    same_day = [contact("2025-06-10", "spoke")]  # may have been before the hearing
    assert milestone_flag(court, same_day, TODAY) == "check_in"
    unanswered = [contact("2025-06-12", "no_answer")]
    assert milestone_flag(court, unanswered, TODAY) == "check_in"
    assert milestone_flag(court, [contact("2025-06-11", "spoke")], TODAY) is None


def test_old_milestones_are_history_not_actions() -> None:
    assert milestone_flag(milestone("2025-05-17"), [], TODAY) == "check_in"  # 30 days
    assert milestone_flag(milestone("2025-05-16"), [], TODAY) is None


def test_flagged_milestones_in_date_order() -> None:
    later, earlier, far = milestone("2025-06-20"), milestone("2025-06-12"), milestone("2025-09-01")
    assert [(m.date, f) for m, f in flagged_milestones([later, far, earlier], [], TODAY)] == [
        (d("2025-06-12"), "check_in"),
        (d("2025-06-20"), "prepare"),
    ]
