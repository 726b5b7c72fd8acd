"""Golden files: the monthly summary and the funder file of a fixed demo caseload.

The demo seed, the caseload size and the dates are fixed, so the files must not change
unless the demo, the rules or the exports change on purpose. To regenerate them
deliberately: ``NAVIGATOR_REGENERATE_GOLDEN=1 pytest tests/test_exports_golden.py``,
then read the diff before committing it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from caseload.vault import Vault
from demo.generator import populate
from exports.funder import write_funder_aggregates
from exports.monthly import write_monthly_summary
from exports.periods import Month, Period
from storage.vault_format import TEST_KDF
from tests.conftest import PASSPHRASE

GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2025, 3, 15)
SEED = 2026
SURVIVORS = 80


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    vault, _ = Vault.create(tmp_path_factory.mktemp("golden") / "demo.vault", PASSPHRASE, TEST_KDF)
    with vault.session() as s:
        populate(s, SURVIVORS, SEED, TODAY)
        s.commit()
    yield vault
    vault.close()


def _check(produced: Path, name: str) -> str:
    golden = GOLDEN / name
    data = produced.read_bytes()
    if os.environ.get("NAVIGATOR_REGENERATE_GOLDEN") == "1":
        golden.write_bytes(data)
    assert data == golden.read_bytes(), f"{name} changed; regenerate deliberately if intended"
    return data.decode("utf-8")


def test_monthly_golden(demo_vault: Vault, tmp_path: Path) -> None:
    with demo_vault.session() as s:
        result = write_monthly_summary(s, Month(2025, 2), tmp_path / "m.csv", today=TODAY)
    text = _check(result.path, "monthly_2025-02_seed2026.csv")
    assert result.rows == text.count("\r\n") - 1 > 20


def test_current_month_is_taken_as_of_today(demo_vault: Vault, tmp_path: Path) -> None:
    with demo_vault.session() as s:
        result = write_monthly_summary(s, Month(2025, 3), tmp_path / "m.csv", today=TODAY)
    _check(result.path, "monthly_2025-03_seed2026_asof_2025-03-15.csv")


def test_funder_golden(demo_vault: Vault, tmp_path: Path) -> None:
    with demo_vault.session() as s:
        path = write_funder_aggregates(
            s, Period(Month(2024, 10), Month(2025, 3)), tmp_path / "f.csv", today=TODAY
        )
    _check(path, "funder_2024-10_2025-03_seed2026.csv")


def test_funder_rounded_golden(demo_vault: Vault, tmp_path: Path) -> None:
    with demo_vault.session() as s:
        path = write_funder_aggregates(
            s, Period(Month(2025, 1), Month(2025, 3)), tmp_path / "f.csv", today=TODAY,
            threshold=10, rounding=5,
        )
    text = _check(path, "funder_2025-01_2025-03_seed2026_t10_r5.csv")
    for line in text.splitlines()[1:]:
        measure, group, _category, value, base, suppressed = line.split(",")
        if group != "about" and value and measure not in ("reviews_on_time_pct",):
            if not measure.endswith("_pct") and not measure.startswith("mean_"):
                assert int(value) % 5 == 0 and (int(value) == 0 or int(value) >= 10)
        if base:
            assert int(base) % 5 == 0 and int(base) >= 10


def test_funder_file_holds_nothing_identifying(demo_vault: Vault, tmp_path: Path) -> None:
    with demo_vault.session() as s:
        path = write_funder_aggregates(
            s, Period(Month(2024, 1), Month(2025, 3)), tmp_path / "f.csv", today=TODAY
        )
        from sqlmodel import select

        from caseload.models import Survivor

        people = list(s.exec(select(Survivor)))
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), "a date finer than a month"
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{4}", text)
    for person in people:
        for private in (person.case_ref, person.given_name, person.family_name,
                        person.nationality, person.police_force):
            if private and len(private) > 2:
                assert private not in text
    header, *rows = text.splitlines()
    assert header == "measure,group,category,value,base,suppressed"
    assert all(len(r.split(",")) == 6 for r in rows)
