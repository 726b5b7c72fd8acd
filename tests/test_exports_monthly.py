"""The monthly summary: months not begun, the month in progress, missing reasons, .xlsx."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from caseload.domains import DOMAINS
from caseload.errors import InvalidInput
from caseload.vault import Vault
from exports.monthly import monthly_rows, write_monthly_summary
from exports.monthly_columns import HEADER, LABELS
from exports.periods import Month
from navigator_tui.cli import app
from storage.vault_format import TEST_KDF
from tests.case_builders import assessment, case, survivor
from tests.conftest import PASSPHRASE

runner = CliRunner()
ENV = {"NAVIGATOR_PASSPHRASE": PASSPHRASE}
TODAY = dt.date(2025, 3, 15)


def _levels(reason_for_safety: str) -> dict[str, int | str]:
    return {d: (reason_for_safety if d == "safety" else 3) for d in DOMAINS}


def _cases() -> list:
    s = survivor("2025-01-06", case_ref="NAV-M001")
    return [case(s, assessments=[
        assessment("2025-01-08", "intake", _levels("declined"), _levels("not_applicable")),
    ])]


def _run(vault: Path, *args: str) -> object:
    return runner.invoke(app, ["--vault", str(vault), *args], env=ENV)


@pytest.fixture
def filled_vault(vault_path: Path) -> Path:
    vault, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    with vault.session() as s:
        record = _cases()[0]
        s.add(record.survivor)
        s.flush()
        for a in record.assessments:
            a.survivor_id = record.survivor.id
            s.add(a)
        s.commit()
    vault.save()
    vault.close()
    return vault_path


def test_a_missing_rating_carries_its_reason() -> None:
    row = dict(zip(HEADER, monthly_rows(_cases(), Month(2025, 2), TODAY)[0], strict=True))
    assert row["safety_survivor"] == "declined"
    assert row["safety_navigator"] == "not_applicable"
    assert row["legal_status_survivor"] == 3


def test_a_case_without_assessments_leaves_the_levels_empty() -> None:
    rows = monthly_rows([case(survivor("2025-01-06"))], Month(2025, 2), TODAY)
    row = dict(zip(HEADER, rows[0], strict=True))
    assert row["safety_survivor"] is None and row["assessments_to_date"] == 0


def test_a_month_not_begun_is_refused() -> None:
    with pytest.raises(InvalidInput, match="2025-04 has not begun"):
        monthly_rows(_cases(), Month(2025, 4), TODAY)
    assert monthly_rows(_cases(), Month(2025, 3), TODAY)  # the month in progress is fine


def test_cli_refuses_a_month_not_begun_in_one_sentence(vault_path: Path, tmp_path: Path) -> None:
    Vault.create(vault_path, PASSPHRASE, TEST_KDF)[0].close()
    coming = Month.of(dt.date.today().replace(day=28) + dt.timedelta(days=5))
    out = tmp_path / "m.csv"
    result = _run(vault_path, "export", "monthly", "--month", str(coming), "--out", str(out))
    assert result.exit_code == 1
    assert f"{coming} has not begun" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert not out.exists()


def test_cli_warns_that_the_month_in_progress_is_to_date(filled_vault: Path,
                                                         tmp_path: Path) -> None:
    this_month = Month.of(dt.date.today())
    out = tmp_path / "m.csv"
    result = _run(filled_vault, "export", "monthly", "--month", str(this_month), "--out",
                  str(out))
    assert result.exit_code == 0, result.output
    assert "is not over: the figures are to date" in result.stderr
    assert "not over" not in result.stdout
    past = _run(filled_vault, "export", "monthly", "--month", "2025-02", "--out",
                str(tmp_path / "past.csv"))
    assert past.exit_code == 0 and "not over" not in past.output
    table = list(csv.DictReader(io.StringIO((tmp_path / "past.csv").read_text())))
    assert table[0]["safety_survivor"] == "declined"


def test_the_summary_as_a_workbook_reads_in_words(filled_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    with Vault.open(filled_vault, PASSPHRASE) as vault, vault.session() as s:
        result = write_monthly_summary(s, Month(2025, 3), out, today=TODAY)
    assert result.rows == 1
    book = load_workbook(out)
    assert book.sheetnames == ["Summary", "Cases", "What the columns mean"]
    about = {r[0]: r[1] for r in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert about["Month"] == "March 2025"
    assert "not over" in about["Note"]
    cases = list(book["Cases"].iter_rows(values_only=True))
    assert list(cases[0]) == list(LABELS)
    assert "Safety (survivor)" in LABELS and "Case reference" == LABELS[0]
    row = dict(zip(HEADER, cases[1], strict=True))
    assert row["case_ref"] == "NAV-M001"
    assert row["status"] == "Open"
    assert row["safety_survivor"] == "Declined"
    assert row["safety_navigator"] == "Not applicable"
    assert row["mental_health_survivor"] == 3  # a number, not text
    assert row["latest_assessment_date"] == dt.datetime(2025, 1, 8)
    assert row["assessment_overdue"] in ("Yes", "No")
    meanings = list(book["What the columns mean"].iter_rows(min_row=2, values_only=True))
    assert [m[0] for m in meanings] == list(LABELS)


def test_a_workbook_month_not_begun_writes_nothing(filled_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    with Vault.open(filled_vault, PASSPHRASE) as vault, vault.session() as s:
        with pytest.raises(InvalidInput):
            write_monthly_summary(s, Month(2025, 5), out, today=TODAY)
    assert not out.exists()


def test_a_formula_in_a_workbook_cell_is_neutralised(tmp_path: Path) -> None:
    from exports.monthly_workbook import monthly_workbook

    row = monthly_rows(_cases(), Month(2025, 2), TODAY)[0]
    row[0] = "=HYPERLINK(\"http://example.invalid\")"
    path = tmp_path / "w.xlsx"
    path.write_bytes(monthly_workbook([row], Month(2025, 2), dt.date(2025, 2, 28), False))
    cell = load_workbook(path)["Cases"]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_referral_and_support_plan_columns_by_hand() -> None:
    from caseload.models import Referral, SupportGoal

    s = survivor("2025-01-06", case_ref="NAV-M002", id=42)
    sent = [
        Referral(survivor_id=42, service_kind="housing", status="started",
                 referred_on=dt.date(2025, 2, 3), started_on=dt.date(2025, 2, 20)),
        Referral(survivor_id=42, service_kind="legal", status="completed",
                 referred_on=dt.date(2025, 1, 10), ended_on=dt.date(2025, 2, 10)),
        Referral(survivor_id=42, service_kind="money", status="referred",
                 referred_on=dt.date(2025, 3, 5)),  # after February
    ]
    goals = [SupportGoal(survivor_id=42, domain="safety", goal="Safe (fictional)",
                         agreed_on=dt.date(2025, 2, 25))]
    record = case(s, referrals=sent, goals=goals)
    row = dict(zip(HEADER, monthly_rows([record], Month(2025, 2), TODAY)[0], strict=True))
    assert (row["referrals_made_in_month"], row["referrals_open"],
            row["has_support_plan"]) == (1, 1, True)
    january = dict(zip(HEADER, monthly_rows([record], Month(2025, 1), TODAY)[0], strict=True))
    assert (january["referrals_made_in_month"], january["referrals_open"],
            january["has_support_plan"]) == (1, 1, False)
