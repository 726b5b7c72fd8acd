"""Assessment amendments and contact-agreement versions keep their history."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from caseload.models import Assessment, Survivor
from caseload.record_history import (
    agreement_versions,
    amend_assessment,
    amendment_history,
    current_agreement,
    save_agreement_version,
)
from caseload.vault import Vault


def _survivor(vault: Vault) -> int:
    with vault.session() as s:
        survivor = Survivor(case_ref="NAV-HIST1", intake_date=dt.date(2026, 1, 5))
        s.add(survivor)
        s.commit()
        assert survivor.id is not None
        return survivor.id


def test_amending_an_assessment_records_who_changed_what(new_vault: Vault) -> None:
    sid = _survivor(new_vault)
    ratings = Assessment.build_ratings({("safety", "survivor"): 2, ("safety", "navigator"): 3})
    with new_vault.session() as s:
        a = Assessment(survivor_id=sid, date=dt.date(2026, 1, 10), kind="intake", ratings=ratings)
        s.add(a)
        s.commit()
        new_ratings = {**ratings, "safety": {"survivor": 4, "navigator": 3}}
        made = amend_assessment(s, a, {"ratings": new_ratings, "note": "", "kind": "intake"})
        s.commit()
        assert [m.field for m in made] == ["ratings"]
        history = amendment_history(s, a.id or 0)
    assert len(history) == 1
    assert json.loads(history[0].old_value)["safety"]["survivor"] == 2
    assert json.loads(history[0].new_value)["safety"]["survivor"] == 4
    assert history[0].changed_by == "navigator"
    new_vault.save()
    with new_vault.session() as s:
        stored = s.get(Assessment, a.id)
        assert stored is not None and stored.level("safety", "survivor") == 4


def test_amending_an_unknown_field_is_refused(new_vault: Vault) -> None:
    sid = _survivor(new_vault)
    with new_vault.session() as s:
        a = Assessment(survivor_id=sid, date=dt.date(2026, 1, 10))
        s.add(a)
        s.commit()
        with pytest.raises(ValueError, match="cannot be amended"):
            amend_assessment(s, a, {"survivor_id": 99})


def test_agreement_changes_add_versions(new_vault: Vault) -> None:
    sid = _survivor(new_vault)
    with new_vault.session() as s:
        assert current_agreement(s, sid) is None
        save_agreement_version(
            s, sid, {"agreed_on": dt.date(2026, 1, 5), "update_frequency": "weekly"}
        )
        s.commit()
        save_agreement_version(
            s, sid, {"agreed_on": dt.date(2026, 2, 5), "update_frequency": "fortnightly"}
        )
        s.commit()
        versions = agreement_versions(s, sid)
        current = current_agreement(s, sid)
    assert [v.version for v in versions] == [2, 1]
    assert current is not None and current.update_frequency == "fortnightly"
    assert versions[1].update_frequency == "weekly"
