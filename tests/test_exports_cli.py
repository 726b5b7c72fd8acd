"""navigator import / export: exit codes, messages, templates, --force, real vaults."""

from __future__ import annotations

import csv
import io
import os
import stat
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caseload.vault import Vault
from exports import import_assessments, import_survivors
from navigator_tui.cli import app
from storage.vault_format import TEST_KDF
from tests.conftest import PASSPHRASE

runner = CliRunner()
ENV = {"NAVIGATOR_PASSPHRASE": PASSPHRASE}


def _run(vault: Path, *args: str, env: dict[str, str] | None = None) -> object:
    return runner.invoke(app, ["--vault", str(vault), *args], env=ENV if env is None else env)


@pytest.fixture
def vault(vault_path: Path) -> Path:
    created, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    created.close()
    return vault_path


def test_templates_list_every_accepted_column(vault: Path, tmp_path: Path) -> None:
    result = _run(vault, "import", "survivors", "--template", env={})
    assert result.exit_code == 0
    header = next(csv.reader(io.StringIO(result.output)))
    assert header == [c.name for c in import_survivors.COLUMNS]
    out = tmp_path / "a.csv"
    assert _run(vault, "import", "assessments", "--template", str(out), env={}).exit_code == 0
    assert out.read_text().strip().split(",") == [c.name for c in import_assessments.COLUMNS]
    again = _run(vault, "import", "assessments", "--template", str(out), env={})
    assert again.exit_code == 1 and "--force" in again.output
    forced = _run(vault, "import", "assessments", "--template", str(out), "--force", env={})
    assert forced.exit_code == 0


def test_bad_file_exits_1_lists_problems_and_leaves_the_vault_alone(
    vault: Path, tmp_path: Path
) -> None:
    before = vault.read_bytes()
    bad = tmp_path / "s.csv"
    bad.write_text(
        "case_ref,given_name,family_name,preferred_name,date_of_birth,sex,nationality,"
        "exploitation_types,referral_route,police_force,intake_date,status\n"
        "T-1,Testa,Example,,,female,,,,,2024-01-01,open\n"
        "T-2,Testa,Example,,,,,,,,2024-13-01,shut\n",
        encoding="utf-8",
    )
    result = _run(vault, "import", "survivors", str(bad))
    assert result.exit_code == 1
    assert "row 3, column intake_date: There is no such date" in result.output
    assert "row 3, column status: Not one of the choices: Open (open)," in result.output
    assert "Nothing was imported: the file has 2 problems." in result.output
    assert "Testa" not in result.output and "Traceback" not in result.output
    assert vault.read_bytes() == before


def test_usage_and_input_errors(vault: Path, tmp_path: Path) -> None:
    assert _run(vault, "import", "survivors").exit_code == 2
    missing = _run(vault, "import", "survivors", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 1 and "There is no file" in missing.output
    month = _run(vault, "export", "monthly", "--month", "March")
    assert month.exit_code == 1 and "YYYY-MM" in month.output
    order = _run(vault, "export", "funder", "--from", "2025-03", "--to", "2025-01",
                 "--out", str(tmp_path / "f.csv"))
    assert order.exit_code == 1 and "--to must not be earlier" in order.output
    assert _run(vault, "export", "funder", "--from", "2025-01").exit_code == 2
    assert _run(vault, "export", "funder", "--from", "2025-01", "--to", "2025-02",
                "--threshold", "1").exit_code == 2


def test_wrong_passphrase_exits_3(vault: Path, tmp_path: Path) -> None:
    result = _run(vault, "export", "monthly", "--month", "2025-01", "--out",
                  str(tmp_path / "m.csv"), env={"NAVIGATOR_PASSPHRASE": "not the passphrase"})
    assert result.exit_code == 3
    assert not (tmp_path / "m.csv").exists()


def test_vault_in_use_exits_5(vault: Path, tmp_path: Path) -> None:
    with Vault.open(vault, PASSPHRASE):
        result = _run(vault, "export", "monthly", "--month", "2025-01", "--out",
                      str(tmp_path / "m.csv"))
    assert result.exit_code == 5


def test_existing_output_refused_before_unlocking(vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.csv"
    out.write_text("keep me")
    result = _run(vault, "export", "monthly", "--month", "2025-01", "--out", str(out), env={})
    assert result.exit_code == 1 and "--force" in result.output
    assert out.read_text() == "keep me"
    forced = _run(vault, "export", "monthly", "--month", "2025-01", "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.output
    assert out.read_text().startswith("case_ref,status,")
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o600


def test_dictionary_needs_no_vault(tmp_path: Path) -> None:
    out = tmp_path / "dictionary.md"
    result = runner.invoke(app, ["export", "dictionary", "--out", str(out)], env={})
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# Navigator data dictionary")


def test_a_semicolon_separated_file_imports_and_the_command_says_so(
    vault: Path, tmp_path: Path
) -> None:
    european = tmp_path / "s.csv"
    european.write_text(
        "case_ref;given_name;family_name;preferred_name;date_of_birth;sex;nationality;"
        "exploitation_types;referral_route;police_force;intake_date;status\n"
        'T-9;Testa;Example;;;female;;"labour;sexual";;;01/06/2024;open\n',
        encoding="utf-8",
    )
    result = _run(vault, "import", "survivors", str(european))
    assert result.exit_code == 0, result.output
    assert "Imported 1 survivors." in result.output
    assert "separated by ';'" in result.output and "read that way" in result.output


def test_the_app_and_the_command_share_one_table_of_kinds() -> None:
    from exports.kinds import (
        EXPORT_KIND,
        EXPORT_KINDS,
        IMPORT_KIND,
        IMPORT_KINDS,
        ImportOutcome,
    )
    from navigator_tui.cli.data import export_app, import_app
    from navigator_tui.screens import export, import_data

    commands = {c.name for c in import_app.registered_commands}
    assert commands == set(IMPORT_KINDS) == set(IMPORT_KIND.codes)
    assert {c.name for c in export_app.registered_commands} == set(EXPORT_KINDS)
    assert set(EXPORT_KIND.codes) == {k.code for k in EXPORT_KINDS.values() if k.in_app}
    assert import_data.FIELDS[0].category is IMPORT_KIND
    assert export.FIELDS[0].category is EXPORT_KIND
    outcome = ImportOutcome("survivors", 2, 1, separator=";")
    assert outcome.sentence().startswith("2 survivors added to the caseload and saved")
    assert "separated by ';'" in outcome.sentence()
