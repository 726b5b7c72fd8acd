"""Hostile and broken spreadsheets for both importers (issue 7, hostile input).

Every file here is either imported whole or refused whole: refused with the importer's
own error (:class:`storage.errors.InvalidInput`, of which ``ImportRejected`` is one),
each problem one ``row N, column X: ...`` line or one file-level sentence, the vault's
tables unchanged, no other exception, no hang (hypothesis deadlines) and bounded
memory (a size cap checked before reading). Problem reports never repeat a name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from exports import import_assessments, import_survivors
from storage import case_refs
from storage.models import Assessment, CaseRefRegistry, Survivor
from storage.vault import Vault

TODAY = dt.date(2025, 3, 15)
SURVIVOR_HEADER = ",".join(c.name for c in import_survivors.COLUMNS if c.required)
ASSESSMENT_HEADER = ",".join(c.name for c in import_assessments.COLUMNS)


def _snapshot(vault: Vault) -> tuple[list[tuple[object, ...]], ...]:
    """Everything an import could touch, to prove a refused import changed nothing."""
    with vault.session() as s:
        survivors = [(x.id, x.case_ref, x.given_name) for x in s.exec(select(Survivor))]
        refs = [(r.case_ref,) for r in s.exec(select(CaseRefRegistry))]
        assessments = [(a.id, a.survivor_id, a.date, a.kind) for a in s.exec(select(Assessment))]
    return survivors, refs, assessments


@pytest.fixture
def vault(new_vault: Vault) -> Iterator[Vault]:
    """A vault holding two fictional cases, so assessment rows have something to refer to."""
    with new_vault.session() as s:
        s.add(Survivor(case_ref="T-1", given_name="Fictiona", intake_date=dt.date(2024, 6, 1)))
        s.add(Survivor(case_ref="T-2", given_name="Examplo", intake_date=dt.date(2024, 9, 1)))
        s.commit()
    yield new_vault


def _survivor_rows(count: int) -> bytes:
    lines = [SURVIVOR_HEADER] + [
        f"OLD-{i},Testa,Example,,,female,,labour,nrm,Testshire,2024-01-01,open"
        for i in range(count)
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_given_case_refs_are_recorded_in_one_query_not_one_per_row(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: each row re-read every reference in use, so 20,000 rows took minutes."""
    path = tmp_path / "many.csv"
    path.write_bytes(_survivor_rows(300))
    calls = []
    real = case_refs.used_case_refs

    def counting(session: object) -> set[str]:
        calls.append(1)
        return real(session)  # type: ignore[arg-type]

    monkeypatch.setattr(case_refs, "used_case_refs", counting)
    with vault.session() as s:
        result = import_survivors.import_survivors(s, path, TODAY)
        s.commit()
    assert result.imported == 300
    assert len(calls) <= 2
    with vault.session() as s:
        assert len(list(s.exec(select(CaseRefRegistry)))) == 300
