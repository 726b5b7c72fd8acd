"""Assessment import: raters paired into one assessment, levels of the scale, all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from assessments.scale import SCALE_VERSION
from caseload.models import Assessment, Survivor
from caseload.vault import Vault
from exports.import_assessments import import_assessments
from exports.import_common import ImportRejected

TODAY = dt.date(2025, 3, 15)
HEADER = ("case_ref,date,kind,rater,mental_health,physical_health,financial_stability,"
          "social_connection,safety,legal_status")


def _write(tmp_path: Path, lines: list[str], name: str = "a.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode())
    return path


@pytest.fixture
def vault(new_vault: Vault) -> Vault:
    with new_vault.session() as s:
        s.add(Survivor(case_ref="T-1", intake_date=dt.date(2024, 6, 1)))
        s.add(Survivor(case_ref="T-2", intake_date=dt.date(2024, 9, 1)))
        s.commit()
    return new_vault


def _assessments(vault: Vault) -> list[Assessment]:
    with vault.session() as s:
        return list(s.exec(select(Assessment).order_by(Assessment.date)))


def test_two_raters_form_one_assessment(vault: Vault, tmp_path: Path) -> None:
    path = _write(tmp_path, [
        HEADER,
        "T-1,2024-06-05,intake,survivor,2,3,1,2,2,1",
        "t-1,05/06/2024,Intake,Navigator,2,2,,declined,3.0,not applicable",
        "T-1,2024-10-04,review,survivor,3,3,2,3,3,2",
    ])
    with vault.session() as s:
        result = import_assessments(s, path, TODAY)
        s.commit()
    assert (result.imported, result.rows) == (2, 3)
    intake, review = _assessments(vault)
    assert intake.kind == "intake" and intake.scale_version == SCALE_VERSION
    assert intake.levels("survivor") == {
        "mental_health": 2, "physical_health": 3, "financial_stability": 1,
        "social_connection": 2, "safety": 2, "legal_status": 1,
    }
    assert intake.level("safety", "navigator") == 3
    assert intake.missing_reason("financial_stability", "navigator") == "not_discussed"
    assert intake.missing_reason("social_connection", "navigator") == "declined"
    assert intake.missing_reason("legal_status", "navigator") == "not_applicable"
    # The navigator has no row for the review: every domain is 'not discussed'.
    assert review.levels("navigator") == dict.fromkeys(review.levels("navigator"))
    assert review.missing_reason("safety", "navigator") == "not_discussed"


def test_problems_with_row_and_column_and_nothing_imported(vault: Vault, tmp_path: Path) -> None:
    path = _write(tmp_path, [
        HEADER,
        "T-1,2024-06-05,intake,survivor,2,3,1,2,2,1",
        "T-9,2024-06-05,intake,survivor,2,3,1,2,2,1",
        "T-1,2024-05-01,review,someone,6,0,2.5,maybe,3,3",
        "T-1,2024-06-05,intake,survivor,2,3,1,2,2,1",
        "T-2,2030-01-01,,navigator,1,1,1,1,1,1",
    ])
    with vault.session() as s, pytest.raises(ImportRejected) as info:
        import_assessments(s, path, TODAY)
    assert [str(p) for p in info.value.problems] == [
        "row 3, column case_ref: T-9 is not in the vault (import the survivors first).",
        "row 4, column date: This date cannot be before the intake date (01/06/2024).",
        "row 4, column rater: Not one of the choices: Survivor (survivor), Navigator (navigator).",
        "row 4, column mental_health: Not a level of the scale (1-5).",
        "row 4, column physical_health: Not a level of the scale (1-5).",
        "row 4, column financial_stability: Not a level of the scale (1-5).",
        "row 4, column social_connection: Not a level 1-5 or one of the reasons a rating is "
        "missing: Declined (declined), Not discussed (not_discussed), "
        "Not applicable (not_applicable).",
        "row 5, column rater: The survivor's ratings for this case, date and kind are also on "
        "row 2.",
        "row 6, column date: This date cannot be in the future.",
        "row 6, column kind: Choose one.",
    ]
    assert _assessments(vault) == []


def test_existing_assessment_and_second_intake_refused(vault: Vault, tmp_path: Path) -> None:
    first = _write(tmp_path, [HEADER, "T-1,2024-06-05,intake,survivor,2,3,1,2,2,1"])
    with vault.session() as s:
        import_assessments(s, first, TODAY)
        s.commit()
    again = _write(tmp_path, [
        HEADER,
        "T-1,2024-06-05,intake,navigator,2,3,1,2,2,1",
        "T-1,2024-06-20,intake,survivor,2,3,1,2,2,1",
        "T-2,2024-09-02,intake,survivor,2,3,1,2,2,1",
        "T-2,2024-09-03,intake,survivor,2,3,1,2,2,1",
    ], name="again.csv")
    with vault.session() as s, pytest.raises(ImportRejected) as info:
        import_assessments(s, again, TODAY)
    assert [str(p) for p in info.value.problems] == [
        "row 2, column date: T-1 already has an assessment (intake) on this date; "
        "it is not duplicated.",
        "row 3, column kind: T-1 already has an intake assessment in the vault.",
        "row 5, column kind: T-2 has another intake assessment in this file.",
    ]
    assert len(_assessments(vault)) == 1
