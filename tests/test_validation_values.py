"""caseload.validation.values: what one typed value or cell may hold."""

from __future__ import annotations

import datetime as dt

import pytest

from caseload import categories as cat
from caseload.validation.values import (
    FieldError,
    check_date,
    check_text,
    parse_choice,
    parse_choices,
    parse_date,
    parse_flag,
    parse_time,
)

TODAY = dt.date(2026, 12, 3)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-03-31", dt.date(2026, 3, 31)),
        ("31/03/2026", dt.date(2026, 3, 31)),
        ("1/3/2026", dt.date(2026, 3, 1)),
        ("2026-03-31 00:00:00", dt.date(2026, 3, 31)),
        (" today ", TODAY),
        ("TODAY", TODAY),
        ("yesterday", dt.date(2026, 12, 2)),
        ("Tomorrow", dt.date(2026, 12, 4)),
        ("31/12/26", dt.date(2026, 12, 31)),
        ("05/03/90", dt.date(1990, 3, 5)),  # two digits more than ten years ahead: last century
        ("31.12.2026", dt.date(2026, 12, 31)),
        ("31-12-2026", dt.date(2026, 12, 31)),
        ("31 Dec 2026", dt.date(2026, 12, 31)),
        ("31 december 2026", dt.date(2026, 12, 31)),
        ("3rd Nov 2026", dt.date(2026, 11, 3)),
        ("1 Sept, 2026", dt.date(2026, 9, 1)),
        ("03/11/2026", dt.date(2026, 11, 3)),  # day first, always
    ],
)
def test_dates_people_and_spreadsheets_write(text: str, day: dt.date) -> None:
    assert parse_date(text, TODAY) == day


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("\u0662\u0660\u0662\u0666-03-31", "digits 0-9"),  # Arabic-Indic
        ("\uff12\uff10\uff12\uff16-03-31", "digits 0-9"),  # fullwidth
        ("\u0968\u0966\u0968\u096c-03-31", "digits 0-9"),  # Devanagari
        ("31/02/2026", "no such date"),
        ("2026-3-31", "day first"),
        ("03/31/2026x", "day first"),
        ("20260331", "day first"),
        ("31/12", "31 Dec 2026"),  # no year: refused with an example
        ("Dec 31 2026", "day first"),
        ("31 Smarch 2026", "day first"),
        ("31/12-2026", "day first"),
        ("31 Feb 2026", "no such date"),
    ],
)
def test_dates_refused_with_a_sentence(text: str, sentence: str) -> None:
    with pytest.raises(FieldError, match=sentence):
        parse_date(text, TODAY)


def test_date_bounds() -> None:
    with pytest.raises(FieldError, match="before 1900"):
        check_date(dt.date(1, 1, 1), TODAY, future=False)
    with pytest.raises(FieldError, match="before 1900"):
        check_date(dt.date(1899, 12, 31), TODAY, future=True)
    assert check_date(dt.date(1900, 1, 1), TODAY, future=False) == dt.date(1900, 1, 1)
    with pytest.raises(FieldError, match="future"):
        check_date(TODAY + dt.timedelta(days=1), TODAY, future=False)
    assert check_date(dt.date(2036, 12, 3), TODAY, future=True) == dt.date(2036, 12, 3)
    with pytest.raises(FieldError, match="years ahead"):
        check_date(dt.date(2036, 12, 4), TODAY, future=True)


@pytest.mark.parametrize(
    "text",
    [
        "Quill\u202eon",  # right-to-left override
        "Quill\u2066on",  # left-to-right isolate
        "Quill\u200fon",  # right-to-left mark
        "Quill\u2028on",  # line separator
        "Quill\u2029on",  # paragraph separator
    ],
)
def test_hidden_direction_marks_and_separators_are_refused(text: str) -> None:
    with pytest.raises(FieldError, match="direction marks or line separators"):
        check_text(text)


@pytest.mark.parametrize("text", ["Quill\ton", "Quill\non", "Quill\x1b[2Jon", "Quill\x85on"])
def test_control_characters_are_refused(text: str) -> None:
    with pytest.raises(FieldError, match="control characters"):
        check_text(text)


def test_real_names_in_many_scripts_pass() -> None:
    for name in ("Zoë", "محمد", "\u0645\u0647\u200c\u0633\u0627", "Nguyễn", "Ørsted", "李"):
        assert check_text(name) == name


def test_choices_by_code_or_label_and_the_sentence_names_both() -> None:
    assert parse_choice("Paused", cat.CASE_STATUS) == "paused"
    assert parse_choice(" closed ", cat.CASE_STATUS) == "closed"
    with pytest.raises(FieldError) as refused:
        parse_choice("Shut", cat.CASE_STATUS)
    assert str(refused.value) == (
        "Not one of the choices: Open (open), Paused (paused), Closed (closed)."
    )
    assert "Shut" not in str(refused.value)
    assert parse_choices("labour;Sexual;labour", cat.EXPLOITATION_TYPE) == ["labour", "sexual"]
    assert parse_choices(["criminal"], cat.EXPLOITATION_TYPE) == ["criminal"]


def test_flags_and_times() -> None:
    assert parse_flag("Yes") is True and parse_flag("0") is False and parse_flag(True) is True
    with pytest.raises(FieldError, match="yes or no"):
        parse_flag("maybe")
    assert parse_time("9:05") == dt.time(9, 5)
    # As typed in a hurry: no colon, or a dot.
    assert parse_time("1930") == parse_time("19.30") == dt.time(19, 30)
    assert parse_time("930") == dt.time(9, 30)
    for bad in ("24:00", "\u0661\u0664:30", "14:30:00", "2400", "1260", "19", "19:3", "19 30"):
        with pytest.raises(FieldError, match="24-hour clock, e.g. 14:30 or 1430"):
            parse_time(bad)


def test_a_note_keeps_its_line_breaks_and_nothing_else_that_moves_text() -> None:
    assert check_text("one\r\ntwo\u2029three", 100, multiline=True) == "one\ntwo\nthree"
    for bad in ("tab\there", "esc\x1b[2J", "over\u202eride"):
        with pytest.raises(FieldError):
            check_text(bad, 100, multiline=True)
    with pytest.raises(FieldError, match="control characters"):
        check_text("one\ntwo", 100)  # a one-line field still refuses a line break
