"""Referral import: all or nothing, checked like the form, linked to the directory."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from caseload.changes.survivors import save_survivor
from caseload.models import Provider, Referral
from caseload.vault import Vault
from exports.import_common import ImportRejected
from exports.import_referrals import COLUMNS, import_referrals
from navigator_tui.cli import app
from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 12, 2)
HEADER = "case_ref,service_kind,provider,status,referred_on,started_on,ended_on,domains"


def _vault_with_a_case(vault: Vault) -> None:
    with vault.session() as s:
        save_survivor(s, {"given_name": "Quill", "intake_date": dt.date(2026, 9, 1)}, TODAY,
                      case_ref="NAV-IMP01")
        s.add(Provider(name="Example Housing Trust (demo)", service_kinds="housing"))
        s.commit()
    vault.save()


def _file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "referrals.csv"
    path.write_text("\r\n".join([HEADER, *rows]) + "\r\n", encoding="utf-8")
    return path


def test_a_designed_file_imports_and_links_the_directory(new_vault: Vault,
                                                        tmp_path: Path) -> None:
    _vault_with_a_case(new_vault)
    path = _file(
        tmp_path,
        "NAV-IMP01,Housing,EXAMPLE HOUSING TRUST (DEMO),referred,2026-11-01,,,safety",
        "nav-imp01,legal,Sample Legal Advice (demo),Completed,01/10/2026,05/10/2026,"
        "20/11/2026,legal_status;safety",
    )
    with new_vault.session() as s:
        result = import_referrals(s, path, TODAY)
        s.commit()
        rows = s.exec(select(Referral).order_by(Referral.id)).all()
        provider = s.exec(select(Provider)).one()
    assert result.imported == 2
    assert [(r.service_kind, r.status, r.provider_id) for r in rows] == [
        ("housing", "referred", provider.id), ("legal", "completed", None)]
    assert rows[1].domain_list == ["legal_status", "safety"]
    assert rows[1].ended_on == dt.date(2026, 11, 20)


def test_any_problem_and_nothing_is_imported(new_vault: Vault, tmp_path: Path) -> None:
    _vault_with_a_case(new_vault)
    path = _file(
        tmp_path,
        "NAV-IMP01,housing,Example Housing Trust (demo),referred,2026-11-01,,,",
        "NAV-NOPE1,housing,Example Housing Trust (demo),referred,2026-11-01,,,",
        "NAV-IMP01,magic,,started,2026-11-01,,,",
        "NAV-IMP01,legal,=HYPERLINK(1),referred,2026-11-01,,,",
        "NAV-IMP01,legal,,started,2026-11-01,,,",
    )
    with new_vault.session() as s, pytest.raises(ImportRejected) as info:
        import_referrals(s, path, TODAY)
    lines = [str(p) for p in info.value.problems]
    assert lines[0] == "row 3, column case_ref: NAV-NOPE1 is not in the vault (import the " \
        "survivors first)."
    assert any(line.startswith("row 4, column service_kind:") for line in lines)
    assert any(line.startswith("row 5, column provider: Starts with =") for line in lines)
    assert "row 6, column provider: Say which provider it was sent to." in lines
    assert "row 6, column started_on: Give the day the service started." in lines
    with new_vault.session() as s:
        assert s.exec(select(Referral)).all() == []


def test_the_command_imports_and_writes_the_template(vault_path: Path, tmp_path: Path) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, __import__(
        "storage.vault_format", fromlist=["TEST_KDF"]).TEST_KDF)
    _vault_with_a_case(vault)
    vault.close()
    runner = CliRunner()
    env = {"NAVIGATOR_PASSPHRASE": PASSPHRASE}
    template = tmp_path / "t.csv"
    made = runner.invoke(app, ["--vault", str(vault_path), "import", "referrals", "--template",
                               str(template)], env={})
    assert made.exit_code == 0, made.output
    assert template.read_text().strip().split(",") == [c.name for c in COLUMNS]
    path = _file(tmp_path, "NAV-IMP01,housing,Example Housing Trust (demo),referred,"
                 "2026-11-01,,,")
    done = runner.invoke(app, ["--vault", str(vault_path), "import", "referrals", str(path)],
                         env=env)
    assert done.exit_code == 0, done.output
    assert "Imported 1 referrals." in done.output
    bad = _file(tmp_path, "NAV-IMP01,housing,,referred,,,,")
    refused = runner.invoke(app, ["--vault", str(vault_path), "import", "referrals", str(bad)],
                            env=env)
    assert refused.exit_code == 1 and "row 2, column provider" in refused.output
