"""caseload.changes.providers: the service directory, written through checked functions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from caseload.changes.providers import add_provider, delete_provider, edit_provider
from caseload.changes.survivors import save_survivor
from caseload.errors import InvalidInput
from caseload.models import Provider, Referral
from caseload.queries import load_providers
from caseload.validation.providers import PROVIDER
from caseload.validation.records import Context, RecordInvalid, check_record
from caseload.vault import Vault

TODAY = dt.date(2026, 12, 2)


def test_a_provider_needs_a_name_and_a_known_kind_of_service() -> None:
    checked = check_record(PROVIDER, {"name": "", "service_kinds": ""}, Context(TODAY))
    assert set(checked.problems) == {"name", "service_kinds"}
    checked = check_record(
        PROVIDER, {"name": "Example Housing (demo)", "service_kinds": "housing;nonsense"},
        Context(TODAY),
    )
    assert "Entry 2 is not one of the choices" in checked.problems["service_kinds"]
    checked = check_record(
        PROVIDER, {"name": "x" * 101, "service_kinds": "Housing; legal", "notes": "a\nb"},
        Context(TODAY),
    )
    assert "at most 100" in checked.problems["name"]
    assert checked.values["service_kinds"] == ["housing", "legal"]  # labels accepted


def test_providers_are_added_edited_listed_by_name_and_deleted(new_vault: Vault) -> None:
    with new_vault.session() as s:
        zid = add_provider(
            s, {"name": "Zeta Legal (demo)", "service_kinds": ["legal"],
                "languages": " Albanian ;; Romanian "}, TODAY,
        )
        aid = add_provider(s, {"name": "alpha Housing (demo)", "service_kinds": "Housing"}, TODAY)
        row = s.get(Provider, zid)
        assert row is not None
        assert row.service_kinds == "legal" and row.languages == "Albanian;Romanian"
        edit_provider(s, zid, {"area": "Northvale", "service_kinds": ["legal", "advocacy"]}, TODAY)
        assert row.area == "Northvale" and row.service_kinds == "legal;advocacy"
        assert [p.name for p in load_providers(s)] == ["alpha Housing (demo)", "Zeta Legal (demo)"]
        with pytest.raises(RecordInvalid, match="already has a provider"):
            add_provider(s, {"name": "ALPHA housing (demo)", "service_kinds": "legal"}, TODAY)
        with pytest.raises(RecordInvalid, match="already has a provider"):
            edit_provider(s, zid, {"name": "Alpha Housing (demo)"}, TODAY)
        edit_provider(s, aid, {"name": "Alpha Housing (demo)"}, TODAY)  # its own name, recased
        add_provider(s, {"name": "Ärzte Beratung (demo)", "service_kinds": "health"}, TODAY)
        with pytest.raises(RecordInvalid, match="already has a provider"):
            add_provider(s, {"name": "ärzte beratung (demo)", "service_kinds": "health"}, TODAY)
        delete_provider(s, s.exec(select(Provider).where(Provider.name.startswith("Ä"))).one().id)
        with pytest.raises(RecordInvalid):
            edit_provider(s, zid, {"service_kinds": []}, TODAY)
        delete_provider(s, zid)
        assert s.get(Provider, zid) is None
        with pytest.raises(InvalidInput, match="no longer exists"):
            edit_provider(s, zid, {"area": "x"}, TODAY)
        s.commit()


def test_deleting_a_provider_keeps_its_referrals_with_the_name(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = save_survivor(s, {"given_name": "Quill", "intake_date": dt.date(2026, 10, 1)},
                            TODAY)
        pid = add_provider(s, {"name": "Eta Counselling (demo)",
                               "service_kinds": "counselling"}, TODAY)
        referral = Referral(survivor_id=sid, service_kind="counselling", provider_id=pid,
                            provider_name="Eta Counselling (demo)")
        s.add(referral)
        s.commit()
        rid = referral.id
    with new_vault.session() as s:
        delete_provider(s, pid)
        s.commit()
    with new_vault.session() as s:
        kept = s.get(Referral, rid)
        assert kept is not None
        assert kept.provider_id is None and kept.provider_name == "Eta Counselling (demo)"
