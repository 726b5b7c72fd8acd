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
        "row 3, column case_ref: May hold only letters, digits and inner hyphens (at most 32).",
        "row 3, column date_of_birth: There is no such date: check the day and the month.",
        "row 3, column sex: Not one of the choices: Female (female), Male (male), "
        "Other (other), Not recorded (not_recorded).",
        "row 3, column exploitation_types: Entry 2 is not one of the choices: "
        "Criminal (criminal), Labour (labour), Sexual (sexual), "
        "Domestic servitude (domestic_servitude), Other (other).",
        "row 3, column intake_date: This date cannot be in the future.",
        "row 4, column case_ref: TEST-001 is also on row 2.",
        "row 4, column intake_date: This is required.",
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
        "row 2, column case_ref: test-7 already exists or was used before; it is not duplicated."
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
        "row 2, column closed_on: Give the date the case was closed.",
        "row 2, column closure_reason: Say why the case was closed.",
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


def test_every_field_the_form_records_imports(new_vault: Vault, tmp_path: Path) -> None:
    header = [c.name for c in COLUMNS]
    row = dict.fromkeys(header, "")
    row.update(
        case_ref="T-50", given_name="Testa", intake_date="01/03/2025", date_of_birth="1990-01-02",
        languages="Albanian; Italian", interpreter_needed="Yes", officer_name="DC Example",
        officer_contact="01632 960000", referring_agency="other_agency",
        referring_agency_name="Fictional Helpline", nrm_reasonable_grounds="positive",
        nrm_reasonable_grounds_date="10/02/2025", nrm_conclusive_grounds="pending",
        support_offered="yes", support_accepted="Yes", supports_police_action="no",
    )
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header)
    writer.writeheader()
    writer.writerow(row)
    path = tmp_path / "all.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    with new_vault.session() as s:
        import_survivors(s, path, TODAY)
        s.commit()
    (survivor,) = _survivors(new_vault)
    assert survivor.languages == "Albanian; Italian" and survivor.interpreter_needed == "yes"
    assert (survivor.officer_name, survivor.officer_contact) == ("DC Example", "01632 960000")
    assert survivor.referring_agency_name == "Fictional Helpline"
    assert survivor.nrm_reasonable_grounds == "positive"
    assert survivor.nrm_reasonable_grounds_date == dt.date(2025, 2, 10)
    assert survivor.nrm_conclusive_grounds == "pending"
    assert (survivor.support_offered, survivor.support_accepted) == ("yes", "yes")
    assert survivor.supports_police_action == "no"
    assert survivor.age_band == "35_44"  # derived from the date of birth at intake


def test_a_semicolon_separated_file_is_read_and_said_so(new_vault: Vault, tmp_path: Path) -> None:
    path = _write(tmp_path, [
        HEADER.replace(",", ";"),
        'T-60;Testa;Example;;;female;Albanian;"labour;sexual";nrm;Testshire;01/06/2024;open',
    ])
    with new_vault.session() as s:
        result = import_survivors(s, path, TODAY)
        s.commit()
    assert result.separator == ";"
    (survivor,) = _survivors(new_vault)
    assert survivor.exploitation_type_list == ["labour", "sexual"]
    assert survivor.intake_date == dt.date(2024, 6, 1)


def test_other_digits_early_years_and_hidden_marks_are_refused(
    new_vault: Vault, tmp_path: Path
) -> None:
    path = _write(tmp_path, [
        HEADER,
        "T-70,Tes\u202eta,Example,,,female,,labour,nrm,Testshire,0201-06-01,open",
        "T-71,Testa,Exa\u2028mple,,,female,,labour,nrm,Testshire,"
        "\u0662\u0660\u0662\u0664-06-01,open",
        "T-72,Testa,Example,,2024-06-01,female,,labour,nrm,Testshire,2024-06-01,open",
    ])
    with new_vault.session() as s, pytest.raises(ImportRejected) as info:
        import_survivors(s, path, TODAY)
    columns = [(p.row, p.column) for p in info.value.problems]
    assert columns == [
        (2, "given_name"), (2, "intake_date"), (3, "family_name"), (3, "intake_date"),
        (4, "date_of_birth"),
    ]
    messages = [p.message for p in info.value.problems]
    assert "direction marks" in messages[0] and "before 1900" in messages[1]
    assert "digits 0-9" in messages[3] and "before the intake date" in messages[4]


def test_a_backdated_intake_imported_is_overdue(new_vault: Vault, tmp_path: Path) -> None:
    from assessments.schedule import next_assessment
    from caseload.queries import load_case

    intake = TODAY - dt.timedelta(days=30)
    path = _write(tmp_path, [
        HEADER, f"T-80,Testa,Example,,,female,,labour,nrm,Testshire,{intake.isoformat()},open"
    ])
    with new_vault.session() as s:
        import_survivors(s, path, TODAY)
        s.commit()
    (survivor,) = _survivors(new_vault)
    assert survivor.status_changed_on is None  # entry is not a resume
    with new_vault.session() as s:
        assert survivor.id is not None
        case = load_case(s, survivor.id)
    assert case is not None
    due = next_assessment(case, TODAY)
    assert due is not None and due.state == "overdue"
    assert due.due.kind == "intake"


def test_consent_columns_become_consents_and_the_funder_file_honours_them(
    new_vault: Vault, tmp_path: Path
) -> None:
    from caseload.models import Consent
    from caseload.queries import load_cases
    from exports.funder import declined_reporting

    header = HEADER + ",consent_anonymised_reporting,consent_share_police"
    row = ",Example,,,female,Albanian,labour,nrm,Testshire,2024-06-01,open,"
    path = _write(tmp_path, [
        header,
        "TEST-101,Testa" + row + "declined,given",
        "TEST-102,Probe" + row + ",Withdrawn",
        "TEST-103,Nully" + row + ",",
    ])
    with new_vault.session() as s:
        import_survivors(s, path, TODAY)
        s.commit()
        rows = {(c.survivor_id, c.kind): c for c in s.exec(select(Consent))}
        cases = {c.case_ref: c for c in load_cases(s)}
    assert len(rows) == 3  # blank: not asked, nothing recorded
    refused = [c for c in rows.values() if c.kind == "anonymised_reporting"]
    assert [(c.status, c.recorded_on, c.method) for c in refused] == [("declined", TODAY, "")]
    withdrawn = rows[(cases["TEST-102"].survivor_id, "share_with_police")]
    assert (withdrawn.status, withdrawn.withdrawn_on, withdrawn.method) == (
        "withdrawn", TODAY, "other"
    )
    assert "import" in withdrawn.note
    assert declined_reporting(cases["TEST-101"])
    assert not declined_reporting(cases["TEST-102"]) and not declined_reporting(cases["TEST-103"])


def test_a_consent_cell_that_is_not_an_answer_is_refused(new_vault: Vault, tmp_path: Path) -> None:
    path = _write(tmp_path, [
        HEADER + ",consent_share_police",
        "TEST-111,Testa,Example,,,female,Albanian,labour,nrm,Testshire,2024-06-01,open,maybe later",
    ])
    with new_vault.session() as s, pytest.raises(ImportRejected) as caught:
        import_survivors(s, path, TODAY)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "consent_share_police")]
    assert _survivors(new_vault) == []
