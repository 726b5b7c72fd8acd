"""Correcting or deleting a contact, a milestone or a promise keeps the old values
(caseload/corrections.py), through the same change functions every form uses."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import select

from caseload.changes.contacts import delete_contact, edit_contact, log_contact
from caseload.changes.milestones import add_milestone, delete_milestone, edit_milestone
from caseload.changes.promises import delete_promise, edit_promise, make_promise
from caseload.changes.survivors import save_survivor
from caseload.corrections import corrections_of, deleted_records
from caseload.deletion import delete_survivor
from caseload.models import ContactLog, Promise, RecordCorrection
from caseload.validation.records import RecordInvalid
from caseload.vault import Vault

TODAY = dt.date(2026, 12, 2)
INTAKE = dt.date(2026, 10, 1)


def _survivor(session: object) -> int:
    return save_survivor(session, {"given_name": "Quill", "intake_date": INTAKE}, TODAY)  # type: ignore[arg-type]


def test_a_corrected_contact_keeps_each_old_value_once(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = _survivor(s)
        cid = log_contact(
            s, sid, {"channel": "email", "update_given": True, "summary": "Fictional first"},
            TODAY,
        )  # fmt: skip
        edit_contact(s, cid, {"update_given": False, "summary": "Fictional fixed"}, TODAY)
        edit_contact(s, cid, {"update_given": False, "summary": "Fictional fixed"}, TODAY)
        s.commit()
        history = corrections_of(s, "contact", cid)
        assert [(c.action, c.field) for c in history] == [
            ("edited", "update_given"),
            ("edited", "summary"),
        ]  # the retry with the same values kept nothing more
        values = {c.field: (json.loads(c.old_value), json.loads(c.new_value)) for c in history}
        assert values == {
            "update_given": (True, False),
            "summary": ("Fictional first", "Fictional fixed"),
        }
        row = s.get(ContactLog, cid)
        assert row is not None and row.update_given is False


def test_a_refused_correction_changes_nothing_and_keeps_nothing(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = _survivor(s)
        cid = log_contact(s, sid, {"channel": "email"}, TODAY)
        s.commit()
        with pytest.raises(RecordInvalid):
            edit_contact(s, cid, {"contact_date": "2099-01-01"}, TODAY)
        s.rollback()
        row = s.get(ContactLog, cid)
        assert row is not None and row.contact_date == TODAY
        assert s.exec(select(RecordCorrection)).all() == []


def test_a_deleted_record_is_kept_whole_in_the_history(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = _survivor(s)
        mid = add_milestone(s, sid, {"kind": "court_date", "date": "2027-01-20",
                                     "prep_note": "Fictional prep"}, TODAY)  # fmt: skip
        pid = make_promise(s, sid, {"what": "Fictional call back", "made_on": TODAY}, TODAY)
        edit_milestone(s, mid, {"date": "2027-01-27"}, TODAY)
        edit_promise(s, pid, {"what": "Fictional call back on Friday"}, TODAY)
        delete_milestone(s, mid)
        delete_promise(s, pid)
        s.commit()
        assert s.get(Promise, pid) is None
        deleted = deleted_records(s, sid)
        assert [(c.record_kind, c.record_id) for c in deleted] == [
            ("milestone", mid),
            ("promise", pid),
        ]
        milestone = json.loads(deleted[0].old_value)
        assert milestone["date"] == "2027-01-27" and milestone["prep_note"] == "Fictional prep"
        assert json.loads(deleted[1].old_value)["what"] == "Fictional call back on Friday"
        edited = corrections_of(s, "milestone", mid)
        assert [(c.action, json.loads(c.old_value)) for c in edited][0] == (
            "edited",
            "2027-01-20",
        )
        # Deleting the survivor deletes their history too.
        delete_survivor(s, sid)
        assert s.exec(select(RecordCorrection)).all() == []


def test_deleting_a_contact_that_is_gone_is_refused(new_vault: Vault) -> None:
    from caseload.errors import InvalidInput

    with new_vault.session() as s:
        sid = _survivor(s)
        cid = log_contact(s, sid, {"channel": "email"}, TODAY)
        delete_contact(s, cid)
        with pytest.raises(InvalidInput):
            delete_contact(s, cid)
