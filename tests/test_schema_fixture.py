"""A vault written by schema version 1 (committed, never regenerated) still opens and migrates."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from sqlmodel import func, select

from assessments.worklist import build_worklist
from storage import models
from storage.migrations import SCHEMA_VERSION
from storage.queries import load_cases
from storage.vault import Vault

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_schema_v1_fixture_opens_migrates_and_reads(tmp_path: Path) -> None:
    expected = json.loads((FIXTURES / "schema_v1.json").read_text(encoding="utf-8"))
    path = tmp_path / "schema_v1.vault"
    shutil.copyfile(FIXTURES / "schema_v1.vault", path)
    with Vault.open(path, expected["passphrase"]) as vault:
        assert vault.schema_version == SCHEMA_VERSION
        if SCHEMA_VERSION > 1:
            assert vault.migrated_from == 1
        with vault.session() as s:
            for table, count in expected["counts"].items():
                model = getattr(models, table)
                assert s.exec(select(func.count()).select_from(model)).one() == count, table
            cases = load_cases(s)
        assert sorted(c.case_ref for c in cases) == expected["case_refs"]
        assert build_worklist(cases, dt.date(2026, 11, 22))
        assert vault.integrity_problems() == []
