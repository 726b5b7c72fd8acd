"""navigator import activities: the work beyond the caseload from a CSV file, all rows or none.

Every activity is fictional (Testshire Police, Op Fictional).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from caseload.models import Activity
from caseload.vault import Vault
from exports import import_activities
from exports.import_activities import COLUMNS
from exports.import_common import ImportRejected
from navigator_tui.cli import app
from storage.vault_format import TEST_KDF
from tests.conftest import PASSPHRASE

runner = CliRunner()
ENV = {"NAVIGATOR_PASSPHRASE": PASSPHRASE}
TODAY = dt.date(2026, 12, 2)
HEADER = ("kind,date,force,reference,theme,site_kind,people_encountered,"
          "potential_victims_identified,referred,audience,organisation,attendees,"
          "improved_pct,note\n")
GOOD = (
    HEADER
    + "strategic_advice,2026-11-03,Testshire Police,Op Fictional,nrm,,,,,,,,,\n"
    + "day_of_action,10/11/2026,Testshire Police,,,car_wash,20,4,2,,,,,Fictional note\n"
    + "training,2026-11-20,,,,,,,,Response officers,Testshire Police,24,87.5,\n"
)


def _file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "activities.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_template_names_the_columns_asked_for() -> None:
    names = [c.name for c in COLUMNS]
    for name in ("kind", "date", "force", "reference", "theme", "site_kind",
                 "people_encountered", "potential_victims_identified", "referred", "audience",
                 "organisation", "attendees", "improved_pct", "note"):
        assert name in names
    assert "record_key" not in names  # drawn by Navigator, never given


def test_a_good_file_adds_every_activity(new_vault: Vault, tmp_path: Path) -> None:
    with new_vault.session() as s:
        done = import_activities.import_activities(s, _file(tmp_path, GOOD), TODAY)
        s.commit()
    assert done.imported == 3
    with new_vault.session() as s:
        rows = {a.kind: a for a in s.exec(select(Activity)).all()}
    assert rows["day_of_action"].date == dt.date(2026, 11, 10)
    assert rows["day_of_action"].potential_victims_identified == 4
    assert rows["training"].attendees == 24 and rows["training"].improved_pct == 87.5
    assert rows["strategic_advice"].theme == "nrm"


def test_any_problem_means_nothing_is_imported_and_each_is_reported(
    new_vault: Vault, tmp_path: Path
) -> None:
    bad = (
        HEADER
        + "strategic_advice,2026-11-03,Testshire Police,Op Fictional,nrm,,,,,,,,,\n"
        + "day_of_action,2026-11-10,,,,car_wash,3,4,,,,,,\n"
        + "training,2026-12-25,,,,,,,,=HYPERLINK(1),,0,120,\n"
        + "walk,2026-11-01,,,,,,,,,,,,\n"
    )
    with new_vault.session() as s:
        with pytest.raises(ImportRejected) as raised:
            import_activities.import_activities(s, _file(tmp_path, bad), TODAY)
        s.rollback()
        assert s.exec(select(Activity)).all() == []
    lines = [str(p) for p in raised.value.problems]
    assert "row 3, column potential_victims_identified: More than the people encountered (3)." \
        in lines
    assert any(x.startswith("row 4, column date:") for x in lines)
    assert any(x.startswith("row 4, column audience: Starts with = or @") for x in lines)
    assert any(x.startswith("row 5, column kind:") for x in lines)
    assert not any(x.startswith("row 2") for x in lines)


def test_the_counts_and_a_share_are_checked_on_an_otherwise_good_row(
    new_vault: Vault, tmp_path: Path
) -> None:
    bad = (HEADER + "training,2026-11-20,,,,,,,,Officers,,0,120,\n"
           + "day_of_action,2026-11-10,,,,nail_bar,-2,1.5,,,,,,\n")
    with new_vault.session() as s, pytest.raises(ImportRejected) as raised:
        import_activities.import_activities(s, _file(tmp_path, bad), TODAY)
    columns = [(p.row, p.column) for p in raised.value.problems]
    assert columns == [(2, "attendees"), (2, "improved_pct"), (3, "people_encountered"),
                       (3, "potential_victims_identified")]


def test_the_command_imports_and_writes_the_template(vault_path: Path, tmp_path: Path) -> None:
    created, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    created.close()
    template = runner.invoke(app, ["--vault", str(vault_path), "import", "activities",
                                   "--template"], env={})
    assert template.exit_code == 0, template.output
    assert next(csv.reader(io.StringIO(template.output))) == [c.name for c in COLUMNS]
    before = vault_path.read_bytes()
    bad = runner.invoke(app, ["--vault", str(vault_path), "import", "activities",
                              str(_file(tmp_path, HEADER + "training,2026-11-20,,,,,,,,,,,,\n"))],
                        env=ENV)
    assert bad.exit_code == 1 and "row 2, column attendees" in bad.output
    assert vault_path.read_bytes() == before
    result = runner.invoke(app, ["--vault", str(vault_path), "import", "activities",
                                 str(_file(tmp_path, GOOD))], env=ENV)
    assert result.exit_code == 0, result.output
    assert "Imported 3 activities." in result.output
    with Vault.open(vault_path, PASSPHRASE) as vault, vault.session() as s:
        assert len(s.exec(select(Activity)).all()) == 3
