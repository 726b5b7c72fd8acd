"""Retention: closed cases past the retention period are listed; deleting or anonymising them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from assessments import retention as rule
from caseload import ages, anonymising, retention
from caseload.errors import InvalidInput
from caseload.models import (
    Assessment,
    AssessmentAmendment,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    Survivor,
)
from caseload.queries import load_cases
from caseload.vault import Vault
from exports.funder import build_figures
from exports.periods import Month, Period
from storage.vault import unlock_bytes
from tests.conftest import PASSPHRASE
from tests.test_deletion import CANARY, add_case

TODAY = dt.date(2026, 1, 15)


def _survivor(
    sid: int, status: str = "closed", closed: dt.date | None = None, **kw: object
) -> Survivor:
    return Survivor(
        id=sid,
        case_ref=f"NAV-T{sid:04d}",
        intake_date=dt.date(2010, 1, 1),
        status=status,
        closed_on=closed,
        **kw,  # type: ignore[arg-type]
    )


# --- the pure rule ------------------------------------------------------------------------


def test_due_exactly_when_the_period_ends() -> None:
    on_the_day = _survivor(1, closed=dt.date(2020, 1, 15))
    a_day_short = _survivor(2, closed=dt.date(2020, 1, 16))
    due = rule.due_for_review([on_the_day, a_day_short], TODAY)
    assert [d.survivor_id for d in due] == [1]
    assert due[0].due_on == TODAY and due[0].closed_on == dt.date(2020, 1, 15)


def test_what_is_not_listed() -> None:
    survivors = [
        _survivor(1, status="open"),
        _survivor(2, status="paused", closed=dt.date(2001, 1, 1)),
        _survivor(3, closed=None),  # closed without any date: cannot tell
        _survivor(
            4, closed=dt.date(2001, 1, 1), missing={anonymising.ANONYMISED_KEY: "2020-01-01"}
        ),
        _survivor(5, closed=dt.date(2024, 1, 1)),
    ]
    assert rule.due_for_review(survivors, TODAY) == []


def test_status_date_stands_in_for_a_missing_closing_date_and_order_is_oldest_first() -> None:
    a = _survivor(1, closed=dt.date(2012, 5, 1))
    b = _survivor(2, closed=None, status_changed_on=dt.date(2011, 5, 1))
    assert [d.survivor_id for d in rule.due_for_review([a, b], TODAY)] == [2, 1]


def test_period_is_configurable() -> None:
    s = _survivor(1, closed=dt.date(2023, 1, 1))
    assert rule.due_for_review([s], TODAY) == []
    assert len(rule.due_for_review([s], TODAY, years=3)) == 1
    with pytest.raises(ValueError):
        rule.due_for_review([s], TODAY, years=0)


def test_age_band_from_the_date_of_birth_only_when_none_was_recorded() -> None:
    recorded = _survivor(1, date_of_birth=dt.date(1990, 5, 17), age_band="35_44")
    unknown = _survivor(2, date_of_birth=dt.date(1990, 5, 17), age_band="not_known")
    assert "age_band" not in anonymising.anonymised_values(recorded, TODAY)
    assert anonymising.anonymised_values(unknown, TODAY)["age_band"] == "18_24"  # at intake, 2010
    assert anonymising.anonymised_values(unknown, TODAY)["date_of_birth"] is None


def test_leap_day_closure() -> None:
    assert rule.add_years(dt.date(2020, 2, 29), 6) == dt.date(2026, 2, 28)
    assert rule.add_years(dt.date(2020, 3, 1), 6) == dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (dt.date(2008, 1, 2), "17_and_under"),
        (dt.date(2008, 1, 1), "18_24"),
        (dt.date(2001, 1, 2), "18_24"),
        (dt.date(2001, 1, 1), "25_34"),
        (dt.date(1971, 1, 2), "45_54"),
        (dt.date(1970, 1, 1), "55_plus"),
    ],
)
def test_age_band_at(born: dt.date, band: str) -> None:
    assert ages.age_band_at(born, dt.date(2026, 1, 1)) == band


# --- in the vault --------------------------------------------------------------------------

INTAKE = dt.date(2016, 3, 1)
CLOSED = dt.date(2018, 9, 30)


def _caseload(vault: Vault) -> dict[str, int]:
    with vault.session() as s:
        old = add_case(s, "NAV-OLDC1", CANARY, day=INTAKE)
        recent = add_case(s, "NAV-RCNT2", "Recentperson", day=INTAKE)
        still_open = add_case(s, "NAV-OPEN3", "Openperson", day=INTAKE)
        for sid, closed in ((old, CLOSED), (recent, dt.date(2023, 6, 1))):
            survivor = s.get(Survivor, sid)
            assert survivor is not None
            survivor.status, survivor.closed_on = "closed", closed
            s.add(survivor)
        for sid in (old, recent, still_open):
            s.add(
                Assessment(
                    survivor_id=sid,
                    date=dt.date(2016, 7, 1),
                    kind="review",
                    ratings=Assessment.build_ratings(
                        {("safety", "survivor"): 5, ("safety", "navigator"): 5}
                    ),
                    note=f"{CANARY}Review" if sid == old else "",
                )
            )
            promise = s.exec(select(Promise).where(col(Promise.survivor_id) == sid)).one()
            promise.status, promise.status_changed_on = "kept", dt.date(2016, 4, 1)
            s.add(promise)
        s.commit()
    vault.save()
    return {"old": old, "recent": recent, "open": still_open}


def _figures(vault: Vault) -> list[tuple[object, ...]]:
    with vault.session() as s:
        cases = load_cases(s)
    figures, _ = build_figures(cases, Period(Month(2016, 1), Month(2018, 12)), TODAY)
    return [(f.measure, f.group, f.category, f.value, f.base) for f in figures]


def test_review_list(new_vault: Vault) -> None:
    ids = _caseload(new_vault)
    with new_vault.session() as s:
        due = rule.due_for_review(retention.closed_survivors(s), TODAY)
        assert [(d.survivor_id, d.case_ref) for d in due] == [(ids["old"], "NAV-OLDC1")]
        closed = retention.closed_survivors(s)
        assert [d.case_ref for d in rule.due_for_review(closed, TODAY, years=2)] == [
            "NAV-OLDC1",
            "NAV-RCNT2",
        ]


def test_anonymised_record_keeps_aggregates_and_loses_everything_personal(
    new_vault: Vault, vault_path: Path
) -> None:
    ids = _caseload(new_vault)
    before = _figures(new_vault)
    assert CANARY.encode() in unlock_bytes(vault_path.read_bytes(), PASSPHRASE)[2]

    with new_vault.session() as s:
        assert retention.anonymise_case(s, ids["old"], TODAY) == "NAV-OLDC1"
    new_vault.save()

    # Still counted exactly as before in every aggregate.
    assert _figures(new_vault) == before
    # Nothing personal survives in the saved image (secure_delete zeroes old cells).
    image = unlock_bytes(vault_path.read_bytes(), PASSPHRASE)[2]
    assert CANARY.encode() not in image
    assert b"+44 7700 900123" in image  # the other cases' agreements are untouched

    with new_vault.session() as s:
        survivor = s.get(Survivor, ids["old"])
        assert survivor is not None
        assert survivor.date_of_birth is None and survivor.age_band == "35_44"  # as recorded
        assert survivor.exploitation_types == "labour;other"
        assert survivor.intake_date == INTAKE and survivor.closed_on == CLOSED
        assert anonymising.is_anonymised(survivor)
        assert all(getattr(survivor, f) == "" for f in anonymising.CLEARED_TEXT_FIELDS)
        sid = ids["old"]
        for model in (ContactAgreement, ContactLog):
            assert (
                s.exec(
                    select(func.count()).select_from(model).where(model.survivor_id == sid)
                ).one()
                == 0
            )  # type: ignore[attr-defined]
        assessments = s.exec(select(Assessment).where(col(Assessment.survivor_id) == sid)).all()
        assert len(assessments) == 2 and all(a.note == "" for a in assessments)
        assert assessments[0].level("safety", "survivor") == 3  # scores kept
        ids_a = [a.id for a in assessments]
        assert (
            s.exec(
                select(AssessmentAmendment).where(col(AssessmentAmendment.assessment_id).in_(ids_a))
            ).all()
            == []
        )
        consent = s.exec(select(Consent).where(col(Consent.survivor_id) == sid)).one()
        assert consent.status == "given" and consent.method == "other"  # the answer is kept
        assert consent.kind_other == consent.method_other == ""  # its free text is not
        assert (
            s.exec(select(Milestone).where(col(Milestone.survivor_id) == sid)).one().kind == "other"
        )
        # An anonymised record is not listed for review again.
        assert rule.due_for_review(retention.closed_survivors(s), TODAY) == []


def test_delete_cases_due_for_review(new_vault: Vault, vault_path: Path) -> None:
    ids = _caseload(new_vault)
    with new_vault.session() as s:
        due = rule.due_for_review(retention.closed_survivors(s), TODAY)
        assert retention.delete_cases(s, [d.survivor_id for d in due]) == ["NAV-OLDC1"]
    new_vault.save()
    assert CANARY.encode() not in unlock_bytes(vault_path.read_bytes(), PASSPHRASE)[2]
    with new_vault.session() as s:
        assert s.get(Survivor, ids["old"]) is None
        assert s.get(Survivor, ids["recent"]) is not None


def test_only_closed_cases_can_be_anonymised(new_vault: Vault) -> None:
    ids = _caseload(new_vault)
    with new_vault.session() as s:
        with pytest.raises(InvalidInput):
            retention.anonymise_case(s, ids["open"], TODAY)
        with pytest.raises(InvalidInput):
            retention.anonymise_case(s, 99999, TODAY)
