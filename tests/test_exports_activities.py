"""The funder figures of the work beyond the caseload, checked by hand on designed sets.

Every activity here is fictional. Record keys are chosen for their weight: 1 weighs
1, 15 weighs 2 and 16 weighs 0 (exports.record_weights).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from caseload.changes.activities import add_activity
from caseload.models import Activity
from caseload.vault import Vault
from exports import funder_workbook
from exports.funder import funder_rows, write_funder_aggregates
from exports.funder_measures import MEASURES
from exports.funder_words import activities_sentence, funder_figures
from exports.periods import Month, Period
from exports.record_weights import weight, weighted_records

PERIOD = Period(Month(2024, 10), Month(2025, 3))
TODAY = dt.date(2025, 4, 15)
ONE, TWO, ZERO = 1, 15, 16
NEW = ("strategic_advice_cases", "days_of_action", "potential_victims_identified",
       "training_sessions", "people_trained", "training_improved_pct")


def _advice(day: str, key: int = ONE) -> Activity:
    return Activity(kind="strategic_advice", date=dt.date.fromisoformat(day),
                    reference="Op Fictional", theme="nrm", record_key=key)


def _day(day: str, met: int, found: int, key: int = ONE) -> Activity:
    return Activity(kind="day_of_action", date=dt.date.fromisoformat(day), site_kind="car_wash",
                    people_encountered=met, potential_victims_identified=found, record_key=key)


def _training(day: str, attendees: int, pct: float | None, key: int = ONE) -> Activity:
    return Activity(kind="training", date=dt.date.fromisoformat(day), audience="Officers",
                    attendees=attendees, improved_pct=pct, record_key=key)


def _designed() -> list[Activity]:
    return [
        *(_advice(f"2024-1{m}-05") for m in (0, 1, 2)),
        _advice("2025-01-05", TWO),
        _advice("2024-09-30"),  # before the period
        _day("2024-10-10", 30, 6), _day("2024-11-10", 20, 3, TWO),
        *(_day(f"2025-0{m}-10", 10, 0) for m in (1, 2)),
        _training("2024-10-20", 20, 90.0), _training("2024-12-20", 10, 50.0, TWO),
        _training("2025-02-20", 15, None), _training("2025-03-20", 5, 100.0),
        _training("2025-03-21", 8, 100.0),
        _training("2025-04-10", 99, 0.0),  # after the period
    ]


def _values(activities: list[Activity], threshold: int = 5, rounding: int = 0
            ) -> dict[str, tuple[Any, Any, bool]]:
    rows = funder_rows([], PERIOD, TODAY, threshold, rounding, activities)
    return {str(r[0]): (r[3], r[4], bool(r[5])) for r in rows if r[0] in NEW}


def test_weighted_records_repeat_each_row_by_its_weight() -> None:
    rows = [_advice("2024-10-01", k) for k in (ONE, TWO, ZERO)]
    assert [weight(r.record_key) for r in rows] == [1, 2, 0]
    assert [r.record_key for r in weighted_records(rows)] == [ONE, TWO, TWO]


def test_the_figures_worked_by_hand() -> None:
    got = _values(_designed())
    # 3 + 2 x 1 pieces of advice in the period (the September one is outside).
    assert got["strategic_advice_cases"] == (5, None, False)
    # Days: 1 + 2 + 1 + 1; potential victims 6 + 2 x 3 + 0 + 0.
    assert got["days_of_action"] == (5, None, False)
    assert got["potential_victims_identified"] == (12, None, False)
    # Sessions 1 + 2 + 1 + 1 + 1 (April's is after the period); 20 + 2 x 10 + 15 + 5 + 8.
    assert got["training_sessions"] == (6, None, False)
    assert got["people_trained"] == (68, None, False)
    # With feedback: 20 at 90%, 2 x 10 at 50%, 5 and 8 at 100%: (18 + 10 + 13) / 53.
    assert got["training_improved_pct"] == (round(41 / 53 * 100, 1), 53, False)


def test_small_counts_are_suppressed() -> None:
    few = [_day("2024-10-10", 30, 3), *(_day(f"2024-1{m}-10", 4, 0) for m in (1, 2)),
           _day("2025-01-10", 9, 0), _day("2025-02-10", 9, 0)]
    got = _values(few)
    assert got["days_of_action"] == (5, None, False)
    assert got["potential_victims_identified"] == (None, None, True)  # 3: below 5
    assert got["strategic_advice_cases"] == (0, None, False)  # 0 is not small
    # No feedback: a base of 0 is below the threshold, hidden as every such rate is.
    assert got["training_improved_pct"] == (None, None, True)
    # A share of few attendees is hidden with its base; so is one giving a count away.
    assert _values([_training("2024-10-20", 4, 75.0)])["training_improved_pct"] == (
        None, None, True)
    # 19 of 20 improved: the 1 who did not would be told.
    assert _values([_training("2024-10-20", 20, 95.0)])["training_improved_pct"] == (
        None, None, True)
    assert _values([_training("2024-10-20", 20, 75.0)])["training_improved_pct"] == (
        75.0, 20, False)


def test_rounding_applies_to_the_counts() -> None:
    got = _values(_designed(), threshold=5, rounding=5)
    assert got["potential_victims_identified"] == (10, None, False)
    assert got["people_trained"] == (70, None, False)
    assert got["training_improved_pct"][1] == 55


def test_an_activity_of_weight_zero_changes_no_file(new_vault: Vault, tmp_path: Path) -> None:
    base = _designed()
    again = [*base, _day("2024-12-12", 40, 7, ZERO), _training("2024-11-11", 30, 10.0, ZERO),
             _advice("2025-02-02", ZERO)]
    for threshold, rounding in ((5, 0), (10, 5), (2, 0)):
        assert funder_rows([], PERIOD, TODAY, threshold, rounding, base) == funder_rows(
            [], PERIOD, TODAY, threshold, rounding, again)
    # Through the vault too: the written file is byte for byte the same.
    with new_vault.session() as s:
        for activity in base:
            s.add(activity)
        s.commit()
        before = write_funder_aggregates(s, PERIOD, tmp_path / "a.csv", today=TODAY).read_bytes()
        s.add(Activity(kind="day_of_action", date=dt.date(2024, 12, 12), site_kind="airport",
                       people_encountered=40, potential_victims_identified=7, record_key=ZERO))
        s.commit()
        after = write_funder_aggregates(s, PERIOD, tmp_path / "b.csv", today=TODAY).read_bytes()
    assert before == after
    assert b"potential_victims_identified,all,all,12,,false" in before


def test_the_file_from_the_vault_counts_activities_added_through_the_core(
    new_vault: Vault, tmp_path: Path
) -> None:
    with new_vault.session() as s:
        for n in range(5):
            add_activity(s, {"kind": "training", "date": f"2024-11-0{n + 1}",
                             "audience": "Officers", "attendees": "10"}, TODAY)
        s.commit()
        text = write_funder_aggregates(s, PERIOD, tmp_path / "f.csv", today=TODAY).read_text()
    # Record keys are random: the weighted numbers lie between 0 and twice the true ones.
    line = next(x for x in text.splitlines() if x.startswith("people_trained,"))
    value = line.split(",")[3]
    assert value == "" or 0 <= int(value) <= 100


def test_workbook_and_report_line_say_what_the_csv_says() -> None:
    figures = funder_figures([], PERIOD, TODAY, 5, 0, _designed())
    book = load_workbook(io.BytesIO(funder_workbook.workbook_bytes(figures)))
    sheet = book[funder_workbook.SHEET_ACTIVITIES]
    values = {row[0]: row[1:3] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert values["Potential victims identified on days of action"][0] == 12
    assert values["People trained"][0] == 68
    assert values["Attendees reporting improved ability"] == (77.4, 53)
    few = funder_figures([], PERIOD, TODAY, 10, 0, _designed())
    sentence = activities_sentence(few)
    assert "c training sessions" in sentence and "68 people trained" in sentence


def test_every_new_measure_is_documented() -> None:
    names = [m.name for m in MEASURES]
    assert names[-len(NEW):] == list(NEW)
