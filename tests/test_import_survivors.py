"""Survivor import: all or nothing, row/column problems, BOM files, case references."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select

from caseload.errors import InvalidInput
from caseload.models import CaseRefRegistry, Survivor
from caseload.vault import Vault
from exports.import_common import ImportRejected
from exports.import_survivors import COLUMNS, import_survivors

TODAY = dt.date(2025, 3, 15)
HEADER = ("case_ref,given_name,family_name,preferred_name,date_of_birth,sex,nationality,"
          "exploitation_types,referral_route,police_force,intake_date,status")


def _write(tmp_path: Path, lines: list[str], bom: bool = False, name: str = "in.csv") -> Path:
    path = tmp_path / name
    text = "\r\n".join(lines) + "\r\n"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def _survivors(vault: Vault) -> list[Survivor]:
    with vault.session() as s:
        return list(s.exec(select(Survivor).order_by(Survivor.id)))


def test_excel_bom_file_imports_with_labels_and_uk_dates(new_vault: Vault, tmp_path: Path) -> None:
    path = _write(tmp_path, [
        HEADER,
        "TEST-001,Testa,Example,Tess,02/01/1990,Female,Albanian,labour;Sexual,NRM,Testshire,"
        "2024-06-01,open",
        ",Fictio,Person,,,male,British,criminal,ms1,Testshire,2024-07-10,",
    ], bom=True)
    with new_vault.session() as s:
        result = import_survivors(s, path, TODAY)
        s.commit()
    assert result.imported == 2 and result.generated_refs == 1
    first, second = _survivors(new_vault)
    assert first.case_ref == "TEST-001"
    assert first.date_of_birth == dt.date(1990, 1, 2)
    assert first.age_band == "25_34"  # 34 on the intake date
    assert first.sex == "female" and first.exploitation_types == "labour;sexual"
    assert first.nationality_group == "non_uk" and first.referral_route == "nrm"
    assert second.case_ref.startswith("NAV-") and second.case_ref in result.case_refs
    assert second.status == "open" and second.nationality_group == "uk"
    assert second.missing == {"date_of_birth": "not_known"} and second.age_band == "not_known"
    with new_vault.session() as s:
        registry = set(s.exec(select(CaseRefRegistry.case_ref)))
    assert {"TEST-001", second.case_ref} <= registry


def test_every_problem_reported_and_nothing_imported(new_vault: Vault, tmp_path: Path) -> None:
    path = _write(tmp_path, [
        HEADER,
        "TEST-001,Good,Row,,,female,Albanian,labour,nrm,Testshire,2024-06-01,open",
        "bad ref!,A,B,,31/02/1990,femal,,labour;magic,,Testshire,2026-01-01,open",
        "TEST-001,C,D,,,,,,,,,",
    ])
    with new_vault.session() as s, pytest.raises(ImportRejected) as info:
        import_survivors(s, path, TODAY)
    lines = [str(p) for p in info.value.problems]
    assert lines == [
        "row 3, column case_ref: may hold only letters, digits and inner hyphens (at most 32)",
        "row 3, column date_of_birth: not a real calendar date",
        "row 3, column sex: not one of female, male, other, not_recorded",
        "row 3, column exploitation_types: entry 2 is not one of criminal, labour, sexual, "
        "domestic_servitude, other",
        "row 3, column intake_date: is in the future",
        "row 4, column case_ref: TEST-001 is also on row 2",
        "row 4, column intake_date: is blank; every case needs its intake date",
    ]
    assert info.value.exit_code == 1
    assert "Nothing was imported" in info.value.report_lines()[-1]
    assert _survivors(new_vault) == []


def test_existing_case_ref_refused(new_vault: Vault, tmp_path: Path) -> None:
    path = _write(tmp_path, [HEADER, "TEST-7,A,B,,,,,,,,2024-01-01,"])
    with new_vault.session() as s:
        import_survivors(s, path, TODAY)
        s.commit()
    again = _write(tmp_path, [HEADER, "test-7,C,D,,,,,,,,2024-01-01,"], name="again.csv")
    with new_vault.session() as s, pytest.raises(ImportRejected) as info:
        import_survivors(s, again, TODAY)
    assert str(info.value.problems[0]) == (
        "row 2, column case_ref: test-7 already exists or was used before; it is not duplicated"
    )
    assert len(_survivors(new_vault)) == 1


def test_header_problems(new_vault: Vault, tmp_path: Path) -> None:
    path = _write(tmp_path, ["case_ref,given_name,colour,given_name", "X,A,blue,A"])
    with new_vault.session() as s, pytest.raises(ImportRejected) as info:
        import_survivors(s, path, TODAY)
    lines = [str(p) for p in info.value.problems]
    assert "row 1, column colour: not a column this import knows (see --template)" in lines
    assert "row 1, column given_name: appears twice" in lines
    assert "row 1, column intake_date: this column is missing" in lines


def test_closed_case_needs_closing_date(new_vault: Vault, tmp_path: Path) -> None:
    path = _write(tmp_path, [HEADER + ",closed_on,closure_reason",
                             "T-1,A,B,,,,,,,,2024-01-01,closed,,",
                             "T-2,A,B,,,,,,,,2024-01-01,closed,2024-05-01,relocated"])
    with new_vault.session() as s, pytest.raises(ImportRejected) as info:
        import_survivors(s, path, TODAY)
    assert [str(p) for p in info.value.problems] == [
        "row 2, column closed_on: is blank but the status is 'closed'"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"\xff\xfec\x00", "not UTF-8"), (b"", "empty"), (b"\r\n\r\n", "empty")],
)
def test_unreadable_files(new_vault: Vault, tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    with new_vault.session() as s, pytest.raises(InvalidInput, match=message):
        import_survivors(s, path, TODAY)


def test_required_header_matches_the_issue() -> None:
    assert [c.name for c in COLUMNS if c.required] == HEADER.split(",")
