"""The service directory's CSV: import (all or nothing, updates by name), export, CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from caseload.changes.providers import add_provider
from caseload.queries import load_providers
from caseload.vault import Vault
from exports.directory_export import directory_csv, write_directory
from exports.import_common import ImportRejected
from exports.import_providers import COLUMN_NAMES, import_providers
from navigator_tui.cli import app
from storage.vault_format import TEST_KDF
from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 12, 2)
HEADER = ",".join(COLUMN_NAMES)
runner = CliRunner()
ENV = {"NAVIGATOR_PASSPHRASE": PASSPHRASE}


def _file(tmp_path: Path, text: str, name: str = "d.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def test_a_file_adds_providers_and_updates_those_of_the_same_name(
    new_vault: Vault, tmp_path: Path
) -> None:
    with new_vault.session() as s:
        add_provider(s, {"name": "Alpha Housing (demo)", "service_kinds": "housing",
                         "notes": "Kept: not in the file"}, TODAY)
        s.commit()
    path = _file(tmp_path, "name,service_kinds,languages,contact\n"
                 "alpha housing (demo),Housing;accommodation,Albanian; Romanian,+44 1632 960000\n"
                 'Beta Legal (demo),legal,"Vietnamese",\n', bom=True)
    with new_vault.session() as s:
        result = import_providers(s, path, TODAY)
        s.commit()
    assert (result.added, result.updated) == (1, 1)
    assert result.sentence() == "1 added, 1 updated"
    with new_vault.session() as s:
        alpha, beta = load_providers(s)
        assert alpha.name == "alpha housing (demo)"
        assert alpha.service_kinds == "housing;accommodation"
        assert alpha.languages == "Albanian;Romanian" and alpha.contact == "+44 1632 960000"
        assert alpha.notes == "Kept: not in the file"  # a column the file lacks is kept
        assert beta.service_kinds == "legal" and beta.languages == "Vietnamese"


def test_any_problem_means_nothing_is_imported(new_vault: Vault, tmp_path: Path) -> None:
    path = _file(tmp_path, HEADER + "\n"
                 "Gamma Health (demo),health,,,,,\n"
                 ",housing,,,,,\n"
                 "Delta (demo),nonsense,,,,,\n"
                 "GAMMA health (demo),health,,,,,\n"
                 "Eps (demo),legal,,=HYPERLINK(1),,,\n")
    with new_vault.session() as s, pytest.raises(ImportRejected) as refused:
        import_providers(s, path, TODAY)
    lines = [str(p) for p in refused.value.problems]
    assert lines == [
        "row 3, column name: This is required.",
        "row 4, column service_kinds: Entry 1 is not one of the choices: "
        + lines[1].split("choices: ", 1)[1],
        "row 5, column name: The same name is also on row 2.",
        "row 6, column area: Starts with = or @, which a spreadsheet would run as a "
        "formula: remove it.",
    ]
    with new_vault.session() as s:
        assert load_providers(s) == []


def test_a_semicolon_file_is_read(new_vault: Vault, tmp_path: Path) -> None:
    path = _file(tmp_path, "name;service_kinds;languages\nZeta (demo);legal,advocacy;Polish\n")
    with new_vault.session() as s, pytest.raises(ImportRejected):
        import_providers(s, path, TODAY)  # ',' inside a cell of a ';' file is no separator
    path = _file(tmp_path, "name;service_kinds;languages\n"
                 "Zeta (demo);Legal or immigration advice;Polish\n")
    with new_vault.session() as s:
        assert import_providers(s, path, TODAY).separator == ";"


def test_the_export_imports_again_as_it_was(new_vault: Vault, tmp_path: Path) -> None:
    with new_vault.session() as s:
        add_provider(s, {"name": "Theta Advice (demo)", "service_kinds": ["money", "legal"],
                         "languages": "Urdu;English", "area": "Northvale",
                         "how_to_refer": "Email the form,\nthen call", "contact": "-",
                         "notes": '+ "quotes"'}, TODAY)
        add_provider(s, {"name": "Iota (demo)", "service_kinds": "health"}, TODAY)
        s.commit()
        data, count = directory_csv(s)
        done = write_directory(s, tmp_path / "out.csv")
    assert count == 2 and done.rows == 2
    assert stat.S_IMODE(done.path.stat().st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(data.decode())))
    assert rows[0] == list(COLUMN_NAMES)
    assert rows[1][0] == "Iota (demo)" and rows[2][6] == "'+ \"quotes\""  # formula-safe
    with new_vault.session() as s:
        before = [p.model_dump(exclude={"id", "created_at"}) for p in load_providers(s)]
        result = import_providers(s, done.path, TODAY)
        assert (result.added, result.updated) == (0, 2)
        after = [p.model_dump(exclude={"id", "created_at"}) for p in load_providers(s)]
    assert after == before


@pytest.fixture
def vault(vault_path: Path) -> Path:
    created, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    created.close()
    return vault_path


def _run(vault: Path, *args: str, env: dict[str, str] | None = None) -> object:
    return runner.invoke(app, ["--vault", str(vault), *args], env=ENV if env is None else env)


def test_cli_template_import_and_export(vault: Path, tmp_path: Path) -> None:
    shown = _run(vault, "directory", "import", "--template", env={})
    assert shown.exit_code == 0 and shown.output.strip() == HEADER
    template = tmp_path / "t.csv"
    assert _run(vault, "directory", "import", "--template", str(template), env={}).exit_code == 0
    assert template.read_text().strip() == HEADER
    again = _run(vault, "directory", "import", "--template", str(template), env={})
    assert again.exit_code == 1 and "--force" in again.output

    good = _file(tmp_path, HEADER + "\nKappa (demo),housing,,,,,\nLambda (demo),legal,,,,,\n")
    result = _run(vault, "directory", "import", str(good))
    assert result.exit_code == 0, result.output
    assert "Service directory imported: 2 added, 0 updated." in result.output
    result = _run(vault, "directory", "import", str(good))
    assert "0 added, 2 updated" in result.output

    before = vault.read_bytes()
    bad = _file(tmp_path, HEADER + "\nMu (demo),,,,,,\n", name="bad.csv")
    refused = _run(vault, "directory", "import", str(bad))
    assert refused.exit_code == 1
    assert "row 2, column service_kinds: Choose one." in refused.output
    assert "Nothing was imported: the file has 1 problem." in refused.output
    assert vault.read_bytes() == before

    assert _run(vault, "directory", "import").exit_code == 2
    missing = _run(vault, "directory", "import", str(tmp_path / "nope.csv"))
    assert missing.exit_code == 1 and "There is no file" in missing.output

    out = tmp_path / "dir.csv"
    exported = _run(vault, "directory", "export", "--out", str(out))
    assert exported.exit_code == 0 and "(2 providers)" in exported.output
    assert out.read_text().splitlines()[1].startswith("Kappa (demo),housing")
    exists = _run(vault, "directory", "export", "--out", str(out))
    assert exists.exit_code == 1 and "--force" in exists.output
    assert _run(vault, "directory", "export", "--out", str(out), "--force").exit_code == 0


def test_the_data_dictionary_documents_the_directory_file() -> None:
    from exports import dictionary

    text = dictionary.render(TODAY)
    section = text[text.index("### Service directory (`navigator directory import"):]
    for name in COLUMN_NAMES:
        assert f"| `{name}` |" in section
