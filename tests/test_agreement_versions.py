"""Saving the contact agreement with no change adds no version; any change adds one."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from caseload.changes.agreements import record_agreement
from caseload.models import ContactAgreement, Survivor
from caseload.vault import Vault

DAY = dt.date(2026, 3, 2)
RAW = {
    "agreed_on": DAY,
    "channels": ["phone_call"],
    "update_frequency": "weekly",
    "detail_level": "summary",
    "interpreter_needed": "no",
    "safe_time_from": "12:00",
    "safe_time_to": "14:00",
    "code_word": "Fictional lantern",
}
PHONES = [{"label": "Own mobile", "number": "07700 900123", "safe_to_call": True,
           "safe_to_text": False, "safe_voicemail": False}]


def _versions(vault: Vault) -> list[int]:
    with vault.session() as s:
        return sorted(s.exec(select(ContactAgreement.version)).all())


def test_an_unchanged_save_adds_no_version(new_vault: Vault) -> None:
    with new_vault.session() as s:
        survivor = Survivor(case_ref="NAV-AGR1", given_name="Testa", intake_date=DAY)
        s.add(survivor)
        s.flush()
        sid = survivor.id
        assert sid is not None
        first = record_agreement(s, sid, RAW, PHONES, DAY)
        # The same again, a week later (the form carries the new day): nothing changed.
        later = DAY + dt.timedelta(days=7)
        again = record_agreement(s, sid, {**RAW, "agreed_on": later}, PHONES, later)
        assert again == first
        # A phone flag changed: a new version.
        safer = [{**PHONES[0], "safe_to_text": True}]
        second = record_agreement(s, sid, {**RAW, "agreed_on": later}, safer, later)
        assert second != first
        # A field changed: another.
        record_agreement(s, sid, {**RAW, "safe_time_to": "15:00"}, safer, later)
        s.commit()
    assert _versions(new_vault) == [1, 2, 3]


def test_a_phone_channel_with_no_phone_safe_for_it_is_refused(new_vault: Vault) -> None:
    import pytest

    from caseload.validation.records import RecordInvalid

    unsafe = [{**PHONES[0], "safe_to_call": False, "safe_to_text": False}]
    with new_vault.session() as s:
        survivor = Survivor(case_ref="NAV-AGR2", given_name="Probe", intake_date=DAY)
        s.add(survivor)
        s.flush()
        assert survivor.id is not None
        raw = {**RAW, "channels": ["phone_call", "text_message"]}
        with pytest.raises(RecordInvalid) as refused:
            record_agreement(s, survivor.id, raw, unsafe, DAY)
        assert refused.value.problems["channels"] == (
            "Phone call and text message agreed, but no phone is marked safe to call or "
            "text: tick what is safe on a phone, or take the channel off."
        )
        # Safe to call only: texts still have no phone.
        call_only = [{**PHONES[0], "safe_to_text": False}]
        with pytest.raises(RecordInvalid) as refused:
            record_agreement(s, survivor.id, raw, call_only, DAY)
        assert "no phone is marked safe to text" in refused.value.problems["channels"]
        # With no phone recorded no number is safe to call or text either.
        with pytest.raises(RecordInvalid) as refused:
            record_agreement(s, survivor.id, raw, [], DAY)
        assert refused.value.problems["channels"] == (
            "Phone call and text message agreed, but no phone is recorded: add the phone "
            "(ctrl+o) with what is safe on it, or take the channel off."
        )
        # Without the phone channels, no phone is needed.
        assert record_agreement(s, survivor.id, {**raw, "channels": ["in_person"]}, [], DAY)
