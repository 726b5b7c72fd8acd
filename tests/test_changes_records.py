"""caseload.changes: every record kind is written through one checked function."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from caseload.changes.agreements import record_agreement
from caseload.changes.assessments import amend_assessment, record_assessment
from caseload.changes.cases import delete_case
from caseload.changes.consents import record_consent
from caseload.changes.contacts import delete_contact, edit_contact, log_contact
from caseload.changes.milestones import add_milestone, delete_milestone, edit_milestone
from caseload.changes.promises import make_promise, set_promise_status
from caseload.changes.survivors import save_survivor
from caseload.errors import InvalidInput
from caseload.models import (
    Assessment,
    AssessmentAmendment,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
)
from caseload.validation.records import RecordInvalid
from caseload.vault import Vault

TODAY = dt.date(2026, 12, 2)
INTAKE = dt.date(2026, 10, 1)
SCALE = (1, (1, 2, 3, 4, 5))


def _survivor(session: object) -> int:
    return save_survivor(session, {"given_name": "Quill", "intake_date": INTAKE}, TODAY)  # type: ignore[arg-type]


def test_contacts_are_logged_edited_and_deleted(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = _survivor(s)
        cid = log_contact(s, sid, {"contact_date": "01/12/2026", "channel": "Email"}, TODAY)
        row = s.get(ContactLog, cid)
        assert row is not None and row.contact_date == dt.date(2026, 12, 1)
        assert row.channel == "email" and row.outcome == "spoke"
        edit_contact(s, cid, {"outcome": "no_answer"}, TODAY)
        assert row.outcome == "no_answer" and row.channel == "email"
        delete_contact(s, cid)
        assert s.get(ContactLog, cid) is None
        with pytest.raises(InvalidInput, match="no longer exists"):
            edit_contact(s, cid, {"outcome": "spoke"}, TODAY)


def test_a_contact_before_the_intake_or_with_other_unsaid_is_refused(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = _survivor(s)
        with pytest.raises(RecordInvalid) as refused:
            log_contact(s, sid, {"contact_date": INTAKE - dt.timedelta(days=1)}, TODAY)
        assert "before the intake date" in refused.value.problems["contact_date"]
        with pytest.raises(RecordInvalid) as refused:
            log_contact(s, sid, {"contact_date": TODAY, "who": "other"}, TODAY)
        assert refused.value.problems == {"who_other": "Say who made the contact."}
        assert s.exec(select(ContactLog)).all() == []


def test_promises_are_made_and_change_status(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = _survivor(s)
        pid = make_promise(s, sid, {"what": "Call back on Friday", "made_on": TODAY}, TODAY)
        with pytest.raises(RecordInvalid, match="few words"):
            set_promise_status(s, pid, {"status": "withdrawn", "status_changed_on": TODAY}, TODAY)
        early = {"status": "kept", "status_changed_on": TODAY - dt.timedelta(days=1)}
        with pytest.raises(RecordInvalid, match="before the promise was made"):
            set_promise_status(s, pid, early, TODAY)
        set_promise_status(s, pid, {"status": "kept", "status_changed_on": TODAY}, TODAY)
        promise = s.get(Promise, pid)
        assert promise is not None and promise.status == "kept"
        with pytest.raises(RecordInvalid, match="due date"):
            make_promise(
                s, sid, {"what": "x", "made_on": TODAY, "due_on": dt.date(2026, 11, 1)}, TODAY
            )


def test_milestones_are_added_edited_and_deleted(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = _survivor(s)
        before_intake = dt.date(2026, 9, 1)  # a milestone may be history before the intake
        mid = add_milestone(s, sid, {"kind": "court_date", "date": before_intake}, TODAY)
        edit_milestone(s, mid, {"date": dt.date(2027, 1, 15)}, TODAY)
        row = s.get(Milestone, mid)
        assert row is not None and row.date == dt.date(2027, 1, 15) and row.kind == "court_date"
        delete_milestone(s, mid)
        assert s.get(Milestone, mid) is None


def test_agreement_versions_and_a_retry_rewrites_the_same_version(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = _survivor(s)
        raw = {"agreed_on": TODAY, "channels": ["secure_app"], "safe_days": "mon;tue"}
        phone = {"label": "Own", "number": "07700 900123", "safe_to_call": True}
        first = record_agreement(s, sid, raw, [phone], TODAY)
        again = record_agreement(s, sid, raw, [phone], TODAY, agreement_id=first)
        second = record_agreement(s, sid, raw, [], TODAY)
        rows = s.exec(select(ContactAgreement)).all()
        assert first == again and second != first
        assert sorted(r.version for r in rows) == [1, 2]
        first_row = s.get(ContactAgreement, first)
        assert first_row is not None and first_row.safe_days == "mon;tue"
        assert first_row.phones == [phone] and first_row.channels == "secure_app"
        window = {**raw, "safe_time_from": "14:00", "safe_time_to": "12:00"}
        with pytest.raises(RecordInvalid, match="end after it starts"):
            record_agreement(s, sid, window, [], TODAY)


def test_assessments_are_recorded_and_amended_with_history(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = _survivor(s)
        ratings = {("safety", "survivor"): 3, ("safety", "navigator"): "declined"}
        aid = record_assessment(s, sid, {"date": TODAY, "kind": "intake"}, ratings, SCALE, TODAY)
        row = s.get(Assessment, aid)
        assert row is not None and row.ratings["safety"] == {"survivor": 3, "navigator": "declined"}
        assert row.ratings["legal_status"]["survivor"] == "not_discussed"
        with pytest.raises(InvalidInput, match="level 1-5"):
            record_assessment(
                s, sid, {"date": TODAY, "kind": "review"}, {("safety", "survivor"): 9}, SCALE, TODAY
            )
        changed = {("safety", "survivor"): 4, ("safety", "navigator"): "declined"}
        amend_assessment(s, aid, {"note": "Corrected"}, changed, SCALE[1], TODAY)
        fields = {a.field for a in s.exec(select(AssessmentAmendment))}
        assert fields == {"note", "ratings"}
        assert amend_assessment(s, aid, {"note": "Corrected"}, changed, SCALE[1], TODAY) == []


def test_consents_need_their_dates_and_method(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = _survivor(s)
        with pytest.raises(RecordInvalid) as refused:
            record_consent(s, sid, {"kind": "share_with_agency", "status": "given"}, TODAY)
        assert set(refused.value.problems) == {"agency_name", "recorded_on", "method"}
        raw = {"kind": "share_with_police", "status": "given", "recorded_on": TODAY,
               "method": "verbal"}
        cid = record_consent(s, sid, raw, TODAY)
        withdrawn = {**raw, "status": "withdrawn", "withdrawn_on": TODAY - dt.timedelta(days=1)}
        with pytest.raises(RecordInvalid, match="before it was given"):
            record_consent(s, sid, withdrawn, TODAY, consent_id=cid)
        record_consent(s, sid, {**withdrawn, "withdrawn_on": TODAY}, TODAY, consent_id=cid)
        consent = s.get(Consent, cid)
        assert consent is not None and consent.status == "withdrawn"


def test_deleting_a_case_twice_is_harmless(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = _survivor(s)
        log_contact(s, sid, {"contact_date": TODAY}, TODAY)
        assert delete_case(s, sid) is not None
        assert delete_case(s, sid) is None
        assert s.exec(select(ContactLog)).all() == []
        with pytest.raises(InvalidInput, match="no longer exists"):
            log_contact(s, sid, {"contact_date": TODAY}, TODAY)
