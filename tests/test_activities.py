"""The work beyond the caseload: the activity validator, change functions and loading."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import select

from caseload.changes.activities import add_activity, delete_activity, edit_activity
from caseload.errors import InvalidInput
from caseload.models import Activity
from caseload.queries import load_activities
from caseload.records import ActivityRow, row_of
from caseload.validation.activities import ACTIVITY
from caseload.validation.records import Context, RecordInvalid, check_record
from caseload.vault import Vault

TODAY = dt.date(2026, 12, 2)

ADVICE = {"kind": "strategic_advice", "date": "2026-11-03", "force": "Testshire Police",
          "reference": "Op Fictional", "theme": "nrm"}
DAY = {"kind": "day_of_action", "date": "2026-11-10", "force": "Testshire Police",
       "site_kind": "car_wash", "people_encountered": "20",
       "potential_victims_identified": "4", "referred": "2"}
TRAINING = {"kind": "training", "date": "2026-11-20", "audience": "Response officers",
            "organisation": "Testshire Police", "attendees": "24", "improved_pct": "87.5"}


def _check(raw: dict[str, Any]) -> dict[str, str]:
    return check_record(ACTIVITY, raw, Context(TODAY)).problems


def test_each_kind_with_its_own_fields_is_accepted_and_counts_become_numbers() -> None:
    for raw in (ADVICE, DAY, TRAINING):
        assert _check(raw) == {}, raw["kind"]
    checked = check_record(ACTIVITY, DAY, Context(TODAY)).values
    assert checked["people_encountered"] == 20 and checked["referred"] == 2
    assert checked["date"] == dt.date(2026, 11, 10)
    training = check_record(ACTIVITY, TRAINING, Context(TODAY)).values
    assert training["attendees"] == 24 and training["improved_pct"] == 87.5
    assert check_record(ACTIVITY, {**TRAINING, "improved_pct": ""},
                        Context(TODAY)).values["improved_pct"] is None


def test_kind_and_date_are_required_and_the_date_is_not_ahead() -> None:
    problems = _check({})
    assert set(problems) == {"kind", "date"}
    assert "date" in _check({**ADVICE, "date": "2026-12-03"})
    assert _check({**ADVICE, "date": "2026-12-02"}) == {}


@pytest.mark.parametrize("value", ["-1", "1.5", "ten", "٣", "2000000"])
def test_counts_are_whole_numbers_of_zero_or_more(value: str) -> None:
    problems = _check({**DAY, "people_encountered": value, "potential_victims_identified": "0",
                       "referred": ""})
    assert list(problems) == ["people_encountered"]


def test_day_of_action_numbers_nest() -> None:
    over = _check({**DAY, "potential_victims_identified": "21"})
    assert over == {"potential_victims_identified": "More than the people encountered (20)."}
    assert _check({**DAY, "referred": "5"}) == {
        "referred": "More than the potential victims identified (4)."}
    assert _check({**DAY, "people_encountered": "0", "potential_victims_identified": "0",
                   "referred": ""}) == {}
    assert set(_check({**DAY, "site_kind": "", "people_encountered": ""})) == {
        "site_kind", "people_encountered"}


def test_training_needs_an_attendee_and_a_share_from_0_to_100() -> None:
    assert "attendees" in _check({**TRAINING, "attendees": "0"})
    assert "attendees" in _check({**TRAINING, "attendees": ""})
    for bad in ("101", "-5", "lots", "nan"):
        assert list(_check({**TRAINING, "improved_pct": bad})) == ["improved_pct"], bad
    assert _check({**TRAINING, "improved_pct": "90%"}) == {}


def test_fields_of_another_kind_must_be_empty_and_other_needs_words() -> None:
    problems = _check({**ADVICE, "attendees": "12", "site_kind": "airport"})
    assert set(problems) == {"site_kind", "attendees"}
    assert "not part of strategic advice" in problems["attendees"]
    assert "theme" in _check({**ADVICE, "theme": ""})
    assert "theme_other" in _check({**ADVICE, "theme": "other"})
    assert "site_other" in _check({**DAY, "site_kind": "other"})
    assert _check({**DAY, "site_kind": "other", "site_other": "Farm"}) == {}


def test_activities_are_added_edited_and_deleted(new_vault: Vault) -> None:
    with new_vault.session() as s:
        first = add_activity(s, DAY, TODAY)
        second = add_activity(s, TRAINING, TODAY)
        s.commit()
    with new_vault.session() as s:
        row = s.get(Activity, first)
        assert row is not None and row.potential_victims_identified == 4
        key = row.record_key
        edit_activity(s, first, {"referred": "3"}, TODAY)
        s.commit()
    with new_vault.session() as s:
        row = s.get(Activity, first)
        assert row is not None and row.referred == 3 and row.record_key == key
        with pytest.raises(RecordInvalid):
            edit_activity(s, first, {"referred": "9"}, TODAY)
        s.rollback()
        delete_activity(s, second)
        s.commit()
    with new_vault.session() as s:
        assert [a.id for a in s.exec(select(Activity)).all()] == [first]
        with pytest.raises(InvalidInput):
            delete_activity(s, second)
        with pytest.raises(InvalidInput):
            edit_activity(s, second, {}, TODAY)


def test_an_invalid_activity_is_refused_whole(new_vault: Vault) -> None:
    with new_vault.session() as s:
        with pytest.raises(RecordInvalid) as raised:
            add_activity(s, {**DAY, "people_encountered": "3"}, TODAY)
        assert "potential_victims_identified" in raised.value.problems
        s.rollback()
        assert s.exec(select(Activity)).all() == []


def test_load_activities_newest_first_with_every_field(new_vault: Vault) -> None:
    assert set(ActivityRow._fields) == {c.name for c in Activity.__table__.columns} - {  # type: ignore[attr-defined]
        "created_at"}
    with new_vault.session() as s:
        ids = [add_activity(s, raw, TODAY) for raw in (ADVICE, TRAINING, DAY)]
        s.commit()
    with new_vault.session() as s:
        loaded = load_activities(s)
        assert [a.kind for a in loaded] == ["training", "day_of_action", "strategic_advice"]
        for row in loaded:
            stored = s.get(Activity, row.id)
            assert row == row_of(ActivityRow, stored)
        assert sorted(r.id for r in loaded) == sorted(ids)
