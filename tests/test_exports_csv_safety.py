"""CSV injection neutralisation (OWASP) and number handling."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exports.csv_safety import format_cell, is_dangerous, neutralise, to_csv


@pytest.mark.parametrize(
    "text",
    [
        "=SUM(A1:A9)",
        "+1",
        "-1+2",
        "@cmd",
        "\tcalc",
        "\rcalc",
        "\0x",
        " =1",
        "\ufeff=HYPERLINK(\"x\")",
        "\u00a0@x",
        "\n+2",
        "\x01-3",
    ],
)
def test_dangerous_text_is_prefixed_and_quoted(text: str) -> None:
    assert is_dangerous(text)
    cell = format_cell(text)
    assert cell.startswith("\"'")
    parsed = next(csv.reader(io.StringIO(cell, newline="")))
    assert parsed == ["'" + text]


@pytest.mark.parametrize("text", ["", "Alpha", "NAV-7KQ3M", "2025-03", "a=b", "5-3", "'=x"])
def test_safe_text_is_unchanged(text: str) -> None:
    assert not is_dangerous(text)
    assert neutralise(text) == text


def test_numbers_stay_numbers() -> None:
    assert format_cell(-5) == "-5"
    assert format_cell(-0.5) == "-0.5"
    assert format_cell(0) == "0"
    assert format_cell(True) == "true"
    assert format_cell(None) == ""
    # The same characters as text are neutralised.
    assert format_cell("-5") == "\"'-5\""


def test_non_finite_numbers_refused() -> None:
    with pytest.raises(ValueError):
        format_cell(float("nan"))


def test_quotes_and_separators() -> None:
    data = to_csv(["a", "b"], [['say "hi", then go', "line\nbreak"]]).decode()
    assert data == 'a,b\r\n"say ""hi"", then go","line\nbreak"\r\n'


@given(st.lists(st.one_of(st.text(max_size=20), st.integers(), st.none()), min_size=1, max_size=6))
def test_every_text_cell_reads_back_inert(values: list) -> None:
    header = [f"c{i}" for i in range(len(values))]
    text = to_csv(header, [values]).decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == header
    for original, cell in zip(values, rows[1], strict=True):
        if isinstance(original, str):
            assert not is_dangerous(cell)
            assert cell in (original, "'" + original)
        elif isinstance(original, int):
            assert int(cell) == original
        else:
            assert cell == ""
