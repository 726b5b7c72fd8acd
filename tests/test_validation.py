"""The checks every validator shares (caseload.validation)."""

from __future__ import annotations

import datetime as dt

import pytest

from caseload import categories as cat
from caseload.validation import (
    Problem,
    Rejected,
    choice_problem,
    date_problem,
    parse_choice,
    parse_date,
    reject_if,
    text_problem,
)

TODAY = dt.date(2026, 12, 2)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-11-03", dt.date(2026, 11, 3)),
        ("03/11/2026", dt.date(2026, 11, 3)),
        ("2026-11-03 00:00:00", dt.date(2026, 11, 3)),
        ("\u0660\u0663/\u0661\u0661/\u0662\u0660\u0662\u0666", dt.date(2026, 11, 3)),
        ("\uff12\uff10\uff12\uff16-\uff11\uff11-\uff10\uff13", dt.date(2026, 11, 3)),
        ("today", TODAY),
    ],
)
def test_dates_in_every_accepted_form(text: str, day: dt.date) -> None:
    assert parse_date(text, TODAY) == day


@pytest.mark.parametrize("text", ["20261103", "2026-W45", "3 Nov 2026", "today!", ""])
def test_other_date_forms_are_refused_with_the_format(text: str) -> None:
    with pytest.raises(ValueError, match="DD/MM/YYYY"):
        parse_date(text, TODAY)


def test_impossible_date_named() -> None:
    with pytest.raises(ValueError, match="no such date as 30/02/2026"):
        parse_date("30/02/2026")


def test_date_bounds() -> None:
    assert date_problem(dt.date(1899, 12, 31), TODAY) is not None
    assert date_problem(dt.date(1900, 1, 1), TODAY) is None
    assert date_problem(TODAY + dt.timedelta(days=1), TODAY) == "This date cannot be in the future."
    assert date_problem(dt.date(2036, 12, 2), TODAY, future=True) is None
    assert date_problem(dt.date(2036, 12, 3), TODAY, future=True) is not None


@pytest.mark.parametrize(
    "bad", ["Ayla\u202eosrep", "Ayla\u2028Test", "Ayla\u2066x", "a\tb", "a\x1b[2J"]
)
def test_one_line_text_refuses_controls_and_direction_characters(bad: str) -> None:
    assert text_problem(bad) is not None


def test_notes_keep_line_breaks_and_limits_are_counted() -> None:
    assert text_problem("first line\nsecond", one_line=False) is None
    assert text_problem("first line\nsecond") is not None
    assert text_problem("x" * 201) == "Too long: at most 200 characters (this has 201)."
    assert text_problem("Ayla Testperson-Ünal") is None


def test_choices_by_code_or_label() -> None:
    label = cat.SEX.choices[0].label
    assert parse_choice(label.upper(), cat.SEX) == cat.SEX.choices[0].code
    with pytest.raises(ValueError, match=label):
        parse_choice("nonsense", cat.SEX)
    assert choice_problem("", cat.SEX, required=False) is None
    assert choice_problem("nonsense", cat.SEX) is not None


def test_rejected_carries_every_problem() -> None:
    reject_if([])
    with pytest.raises(Rejected) as caught:
        reject_if([Problem("a", "First."), Problem("b", "Second."), Problem("a", "Third.")])
    assert caught.value.by_field() == {"a": "First.", "b": "Second."}
    assert caught.value.message == "First. (and 2 more to fix)"
