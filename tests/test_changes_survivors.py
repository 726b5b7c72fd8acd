"""caseload.changes.survivors: the status date means a real status change, never entry."""

from __future__ import annotations

import datetime as dt

import pytest

from caseload.changes.survivors import save_survivor
from caseload.errors import InvalidInput
from caseload.models import Survivor
from caseload.vault import Vault

TODAY = dt.date(2026, 12, 2)
INTAKE = dt.date(2026, 10, 1)


def test_new_case_is_not_a_resume(new_vault: Vault) -> None:
    with new_vault.session() as s:
        open_id = save_survivor(s, {"given_name": "Quill", "intake_date": INTAKE}, TODAY)
        closed_id = save_survivor(
            s,
            {
                "given_name": "Wren",
                "intake_date": INTAKE,
                "status": "closed",
                "closed_on": dt.date(2026, 11, 1),
                "closure_reason": "relocated",
            },
            TODAY,
        )
        s.commit()
        opened, closed = s.get(Survivor, open_id), s.get(Survivor, closed_id)
        assert opened is not None and closed is not None
        assert opened.status_changed_on is None
        assert opened.case_ref.startswith("NAV-")
        assert closed.status_changed_on == dt.date(2026, 11, 1)


def test_editing_facts_keeps_the_status_date_and_a_status_change_moves_it(
    new_vault: Vault,
) -> None:
    with new_vault.session() as s:
        sid = save_survivor(s, {"given_name": "Quill", "intake_date": INTAKE}, TODAY)
        save_survivor(s, {"given_name": "Quill", "nationality": "Testland"}, TODAY, sid)
        survivor = s.get(Survivor, sid)
        assert survivor is not None and survivor.status_changed_on is None
        save_survivor(s, {"status": "paused"}, TODAY, sid)
        assert survivor.status_changed_on == TODAY


def test_a_missing_case_is_refused(new_vault: Vault) -> None:
    with new_vault.session() as s, pytest.raises(InvalidInput, match="no longer exists"):
        save_survivor(s, {"given_name": "Quill"}, TODAY, 999)
