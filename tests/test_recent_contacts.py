"""The app loads only the recent part of each contact log at unlock: the rules must
give exactly the answers they give on the whole log, and the count must stay true."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from assessments.case_status import CaseStatus, contacts_read, evaluate
from caseload.models import ContactLog, Survivor
from caseload.queries import load_case, load_cases
from caseload.vault import Vault
from demo.generator import populate
from storage.vault_format import TEST_KDF
from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Vault]:
    path = tmp_path_factory.mktemp("recent") / "demo.vault"
    vault, _ = Vault.create(path, PASSPHRASE, TEST_KDF)
    with vault.session() as s:
        populate(s, 150, 2026, TODAY)
        s.commit()
    yield vault
    vault.close()


def _answers(status: CaseStatus) -> dict[str, Any]:
    """Everything the rules said, without the case they said it about."""
    return {f.name: getattr(status, f.name) for f in fields(status) if f.name != "case"}


@pytest.mark.parametrize("offset", [-40, -1, 0, 3, 16, 31, 90])
def test_rules_answer_the_same_on_the_recent_log(demo_vault: Vault, offset: int) -> None:
    day = TODAY + dt.timedelta(days=offset)
    with demo_vault.session() as s:
        full = {c.survivor_id: c for c in load_cases(s)}
        recent = {c.survivor_id: c for c in load_cases(s, contacts_read(day))}
    assert full.keys() == recent.keys()
    left_out = 0
    for sid, case in full.items():
        light = recent[sid]
        assert not light.contacts_complete and case.contacts_complete
        assert light.contact_count == len(case.contacts) == case.contact_count
        assert set(light.contacts) <= set(case.contacts)
        left_out += len(case.contacts) - len(light.contacts)
        assert _answers(evaluate(light, day)) == _answers(evaluate(case, day)), case.case_ref
    # The point of it: most of the log is not loaded (else this test proves nothing).
    assert left_out > sum(len(c.contacts) for c in full.values()) / 2


def _log(s: Any, sid: int, day: dt.date, outcome: str) -> None:
    s.add(ContactLog(survivor_id=sid, contact_date=day, outcome=outcome, summary="Fictional"))


def test_failing_attempts_since_the_last_success_are_all_loaded(new_vault: Vault) -> None:
    """A run of failed attempts long before the window is the rules' business too."""
    with new_vault.session() as s:
        never = Survivor(case_ref="NAV-1", given_name="Testa", intake_date=dt.date(2025, 1, 6))
        once = Survivor(case_ref="NAV-2", given_name="Probe", intake_date=dt.date(2025, 1, 6))
        s.add_all([never, once])
        s.flush()
        assert never.id is not None and once.id is not None
        for week in range(6):
            _log(s, never.id, dt.date(2025, 2, 3) + dt.timedelta(weeks=week), "no_answer")
        _log(s, once.id, dt.date(2025, 2, 1), "spoke")
        _log(s, once.id, dt.date(2025, 3, 1), "spoke")
        for week in range(4):
            _log(s, once.id, dt.date(2025, 3, 3) + dt.timedelta(weeks=week), "no_answer")
        s.commit()
        cases = {c.case_ref: c for c in load_cases(s, contacts_read(TODAY))}
        whole = load_case(s, once.id)
    assert [c.outcome for c in cases["NAV-1"].contacts] == ["no_answer"] * 6
    assert [c.outcome for c in cases["NAV-2"].contacts] == ["spoke"] + ["no_answer"] * 4
    assert cases["NAV-2"].contact_count == 6
    assert whole is not None and whole.contacts_complete and len(whole.contacts) == 6
    kinds = {sig.kind for sig in evaluate(cases["NAV-1"], TODAY).signals}
    assert "unsuccessful_attempts" in kinds


def test_a_case_without_contacts_counts_none(new_vault: Vault, tmp_path: Path) -> None:
    with new_vault.session() as s:
        s.add(Survivor(case_ref="NAV-3", given_name="Nully", intake_date=dt.date(2026, 1, 5)))
        s.commit()
        (case,) = load_cases(s, contacts_read(TODAY))
    assert case.contacts == [] and case.contact_count == 0 and not case.contacts_complete
