"""The Recovery tab's overall scores: change since intake, and since the previous one."""

from __future__ import annotations

from navigator_tui.screens.survivor_file import SurvivorFileScreen
from tests.case_builders import assessment, case


def summary(*assessments: object) -> str:
    return SurvivorFileScreen._score_summary(case(assessments=list(assessments))).plain


def test_two_assessments_say_the_change_since_intake_once() -> None:
    text = summary(
        assessment("2025-01-15", "intake", 2, 3), assessment("2025-05-15", "review", 4, 3)
    )
    assert "Survivor's overall score: 4.0  (+2.0 since intake)\n" in text
    assert "Navigator's overall score: 3.0  (+0.0 since intake)\n" in text
    assert "previous" not in text


def test_a_later_review_also_says_the_change_since_the_previous_one() -> None:
    text = summary(
        assessment("2025-01-15", "intake", 2, 2),
        assessment("2025-05-15", "review", 4, 3),
        assessment("2025-09-15", "review", 3, 4),
    )
    assert "Survivor's overall score: 3.0  (+1.0 since intake, -1.0 since the previous one)" in text
    assert (
        "Navigator's overall score: 4.0  (+2.0 since intake, +1.0 since the previous one)" in text
    )


def test_an_incomplete_rating_gives_no_change() -> None:
    text = summary(
        assessment("2025-01-15", "intake", 2, 2),
        assessment("2025-05-15", "review", None, 3),
        assessment("2025-09-15", "review", 3, 4),
    )
    assert "Survivor's overall score: 3.0  (+1.0 since intake)\n" in text
