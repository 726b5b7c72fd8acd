"""Import -> export through the navigator command, with every figure worked out by hand.

Six fictional survivors, all referred through the NRM for labour exploitation, with no
date of birth. RT-1..RT-5: intake 2024-09-02, intake assessment 2024-09-05 with every
domain at 2 by both raters, review on its due date 2025-01-05 (4 months later). RT-6:
male, British, intake 2025-01-10, no assessment; he declined anonymised reporting.

Review levels (all six domains the same):   survivor  navigator
  RT-1, RT-2, RT-3                            3         3
  RT-4                                        3         2
  RT-5                                        2         1
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from caseload.models import Consent, Survivor
from caseload.vault import Vault
from navigator_tui.cli import app
from storage.vault_format import TEST_KDF
from tests.conftest import PASSPHRASE

runner = CliRunner()
ENV = {"NAVIGATOR_PASSPHRASE": PASSPHRASE}
DOMAINS = ("mental_health", "physical_health", "financial_stability", "social_connection",
           "safety", "legal_status")

SURVIVORS = """case_ref,given_name,family_name,preferred_name,date_of_birth,sex,nationality,\
exploitation_types,referral_route,police_force,intake_date,status
RT-1,Testa,One,,,female,Albanian,labour,nrm,Testshire,2024-09-02,open
RT-2,Testa,Two,,,female,Albanian,labour,nrm,Testshire,2024-09-02,open
RT-3,Testa,Three,,,female,Albanian,labour,nrm,Testshire,2024-09-02,open
RT-4,Testa,Four,,,female,Albanian,labour,nrm,Testshire,2024-09-02,open
RT-5,Testa,Five,,,female,Albanian,labour,nrm,Testshire,2024-09-02,open
RT-6,Testo,Six,,,male,British,labour,nrm,Testshire,2025-01-10,open
"""

REVIEW = {"RT-1": (3, 3), "RT-2": (3, 3), "RT-3": (3, 3), "RT-4": (3, 2), "RT-5": (2, 1)}


def _assessment_csv() -> str:
    lines = ["case_ref,date,kind,rater," + ",".join(DOMAINS)]
    for ref, (by_survivor, by_navigator) in REVIEW.items():
        for rater in ("survivor", "navigator"):
            lines.append(f"{ref},2024-09-05,intake,{rater}," + ",".join(["2"] * 6))
        lines.append(f"{ref},2025-01-05,review,survivor," + ",".join([str(by_survivor)] * 6))
        lines.append(f"{ref},2025-01-05,review,navigator," + ",".join([str(by_navigator)] * 6))
    return "\r\n".join(lines) + "\r\n"


def _run(vault: Path, *args: str) -> object:
    return runner.invoke(app, ["--vault", str(vault), *args], env=ENV)


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


@pytest.fixture
def loaded(vault_path: Path, tmp_path: Path) -> Path:
    vault, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    vault.close()
    survivors = tmp_path / "survivors.csv"
    survivors.write_bytes(b"\xef\xbb\xbf" + SURVIVORS.replace("\n", "\r\n").encode())
    assessments = tmp_path / "assessments.csv"
    assessments.write_text(_assessment_csv(), encoding="utf-8")
    result = _run(vault_path, "import", "survivors", str(survivors))
    assert result.exit_code == 0, result.output
    assert "Imported 6 survivors" in result.output
    result = _run(vault_path, "import", "assessments", str(assessments))
    assert result.exit_code == 0, result.output
    assert "Imported 10 assessments from 20 rows" in result.output
    with Vault.open(vault_path, PASSPHRASE) as vault:
        with vault.session() as s:
            six = s.exec(select(Survivor).where(Survivor.case_ref == "RT-6")).one()
            s.add(Consent(survivor_id=six.id, kind="anonymised_reporting", status="declined",
                          recorded_on=dt.date(2025, 1, 10)))
            # Record keys are random at import; key 1 weighs 1, so the funder figures
            # below are the plain counts of these six survivors.
            for survivor in s.exec(select(Survivor)).all():
                survivor.record_key = 1
                s.add(survivor)
            s.commit()
        vault.save()
    return vault_path


def test_monthly_summary_figures(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "monthly.csv"
    result = _run(loaded, "export", "monthly", "--month", "2025-02", "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = {r["case_ref"]: r for r in _rows(out)}
    assert sorted(rows) == ["RT-1", "RT-2", "RT-3", "RT-4", "RT-5", "RT-6"]
    four = rows["RT-4"]
    assert four["status"] == "open" and four["intake_month"] == "2024-09"
    assert four["assessments_to_date"] == "2"
    assert four["latest_assessment_date"] == "2025-01-05"
    assert four["mental_health_survivor"] == "3" and four["legal_status_navigator"] == "2"
    assert (four["overall_survivor"], four["overall_navigator"]) == ("3.0", "2.0")
    assert four["change_since_intake_survivor"] == "1.0"
    assert four["change_since_intake_navigator"] == "0.0"
    # Review 2 is due 8 months after the intake assessment of 5 September.
    assert four["next_assessment_due"] == "2025-05-05" and four["assessment_overdue"] == "false"
    # No agreement: no update frequency is assumed (nothing was agreed), so none is due.
    assert four["next_update_due"] == ""
    assert (four["contacts_in_month"], four["promises_open"]) == ("0", "0")
    five = rows["RT-5"]
    assert five["change_since_intake_navigator"] == "-1.0"
    six = rows["RT-6"]
    # No intake assessment: due within 14 days of 10 January, overdue by 28 February.
    assert six["next_assessment_due"] == "2025-01-24" and six["assessment_overdue"] == "true"
    assert six["assessments_to_date"] == "0" and six["overall_survivor"] == ""
    text = out.read_text()
    for private in ("Testa", "Testo", "HYPERLINK", "Albanian", "Testshire"):
        assert private not in text


def test_funder_figures(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "funder.csv"
    result = _run(loaded, "export", "funder", "--from", "2025-01", "--to", "2025-02",
                  "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = {(r["measure"], r["group"], r["category"]): r for r in _rows(out)}

    def value(measure: str, group: str = "all", category: str = "all") -> tuple[str, str, str]:
        r = rows[(measure, group, category)]
        return r["value"], r["base"], r["suppressed"]

    # RT-6 declined: five survivors in every figure; the one left out is suppressed.
    assert value("survivors_supported") == ("5", "", "false")
    assert value("excluded_declined_reporting") == ("", "", "true")
    # All five are women, non-UK, of unknown age: each breakdown falls in one category,
    # so that category and its zeros are hidden (no fact about every survivor is told).
    for group, category in (("sex", "female"), ("sex", "male"),
                            ("nationality_group", "non_uk"), ("nationality_group", "uk"),
                            ("age_band", "not_known"), ("age_band", "18_24")):
        assert value("survivors_supported", group, category) == ("", "", "true")
    assert value("new_cases") == ("0", "", "false")
    assert value("assessments_completed") == ("5", "", "false")
    assert value("reviews_on_time_pct") == ("100.0", "5", "false")
    # Improved: survivor 4 of 5 (RT-1..4), navigator 3 of 5 (RT-1..3), both 3 of 5: each
    # would say how many did or did not improve (fewer than 5), so each is hidden.
    for rater in ("survivor", "navigator", "both"):
        assert value("improved_overall_pct", "rater", rater) == ("", "", "true")
    # Mean change per domain: survivor (1+1+1+1+0)/5, navigator (1+1+1+0-1)/5.
    for domain in DOMAINS:
        assert value("mean_change_survivor", "domain", domain) == ("0.8", "5", "false")
        assert value("mean_change_navigator", "domain", domain) == ("0.4", "5", "false")
    # No promises: the base is 0, below the threshold.
    assert value("promises_kept_pct") == ("", "", "true")
    assert value("period_from", "about", "2025-01")[2] == "false"
    assert value("threshold", "about") == ("5", "", "false")


def test_higher_threshold_suppresses_everything_small(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "funder.csv"
    result = _run(loaded, "export", "funder", "--from", "2025-01", "--to", "2025-02",
                  "--out", str(out), "--threshold", "6", "--round", "5")
    assert result.exit_code == 0, result.output
    for row in _rows(out):
        if row["group"] == "about":
            continue
        if row["suppressed"] == "true":
            assert row["value"] == "" and row["base"] == ""
        elif row["value"] and not row["measure"].endswith(("_pct",)) and "mean" not in row[
                "measure"]:
            assert int(row["value"]) == 0 or int(row["value"]) >= 6
    rows = {(r["measure"], r["category"]): r for r in _rows(out)}
    assert rows[("survivors_supported", "all")]["suppressed"] == "true"
    assert rows[("rounding", "all")]["value"] == "5"
