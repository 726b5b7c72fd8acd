"""Referrals: the validator, the change functions and the worklist's follow-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlmodel import select

from assessments.referrals import LONG_WAIT_DAYS, NO_REPLY_DAYS, referrals_due
from assessments.worklist import build_worklist
from caseload.changes.referrals import add_referral, delete_referral, edit_referral
from caseload.changes.survivors import save_survivor
from caseload.models import Provider, RecordCorrection, Referral
from caseload.validation.records import Context, RecordInvalid, check_record
from caseload.validation.referrals import REFERRAL
from caseload.vault import Vault
from tests.case_builders import case, d, survivor

TODAY = d("2026-12-02")
INTAKE = d("2026-09-01")


def _check(**raw: Any) -> dict[str, str]:
    return check_record(REFERRAL, raw, Context(TODAY, INTAKE)).problems


def test_a_referral_needs_what_its_state_implies() -> None:
    assert _check(service_kind="housing", status="planned") == {}
    assert _check(service_kind="housing", status="referred") == {
        "provider_name": "Say which provider it was sent to.",
        "referred_on": "Give the day it was sent.",
    }
    started = _check(service_kind="legal", status="started", provider_name="Sample Legal (demo)",
                     referred_on="2026-10-01")
    assert started == {"started_on": "Give the day the service started."}
    done = _check(service_kind="legal", status="completed", provider_name="Sample Legal (demo)",
                  referred_on="2026-10-01", started_on="2026-10-05")
    assert done == {"ended_on": "Give the day it ended or was settled."}
    assert _check(service_kind="other", status="planned") == {
        "service_other": "Say what 'Other' means here."}


def test_the_dates_run_in_order_and_only_the_follow_up_may_lie_ahead() -> None:
    base = {"service_kind": "housing", "provider_name": "Example Housing (demo)"}
    backwards = _check(**base, status="started", referred_on="2026-10-10",
                       started_on="2026-10-01")
    assert backwards == {"started_on": "This cannot be before the day it was referred."}
    ahead = _check(**base, status="referred", referred_on="2026-12-20")
    assert "referred_on" in ahead
    assert _check(**base, status="referred", referred_on="2026-11-20",
                  follow_up_on="2026-12-20") == {}
    early = _check(**base, status="referred", referred_on="2026-11-20", follow_up_on="2026-11-01")
    assert early == {"follow_up_on": "A follow-up comes after the day it was sent."}
    before_intake = _check(**base, status="referred", referred_on="2026-08-01")
    assert "referred_on" in before_intake
    settled = _check(**base, status="completed", referred_on="2026-10-01",
                     started_on="2026-10-02", ended_on="2026-11-01", follow_up_on="2026-12-10")
    assert settled == {"follow_up_on": "A settled referral needs no follow-up: leave this empty."}


def test_a_referral_is_followed_through_its_states_and_each_step_is_kept(
    new_vault: Vault,
) -> None:
    with new_vault.session() as s:
        sid = save_survivor(s, {"given_name": "Quill", "intake_date": INTAKE}, TODAY)
        provider = Provider(name="Example Housing Trust (demo)", service_kinds="housing")
        s.add(provider)
        s.flush()
        rid = add_referral(s, sid, {"service_kind": "housing", "status": "referred",
                                    "provider_id": provider.id, "domains": ["safety"],
                                    "referred_on": "2026-11-01"}, TODAY)
        row = s.get(Referral, rid)
        assert row is not None and row.provider_name == "Example Housing Trust (demo)"
        assert row.provider_id == provider.id and row.domains == "safety"
        edit_referral(s, rid, {"status": "accepted", "accepted_on": "2026-11-05"}, TODAY)
        edit_referral(s, rid, {"status": "started", "started_on": "2026-11-20"}, TODAY)
        with pytest.raises(RecordInvalid, match="ended_on"):
            edit_referral(s, rid, {"status": "completed"}, TODAY)
        assert s.get(Referral, rid).status == "started"  # type: ignore[union-attr]
        history = s.exec(select(RecordCorrection).where(RecordCorrection.record_id == rid)).all()
        assert [(h.field, h.new_value) for h in history if h.field == "status"] == [
            ("status", '"accepted"'), ("status", '"started"')]
        s.delete(provider)  # the directory entry goes: the referral keeps the name
        s.flush()
        s.refresh(row)
        assert row.provider_id is None and row.provider_name == "Example Housing Trust (demo)"
        delete_referral(s, rid)
        assert s.get(Referral, rid) is None
        kept = s.exec(select(RecordCorrection).where(RecordCorrection.action == "deleted")).one()
        assert kept.record_kind == "referral"


def _referral(status: str, referred: str | None, follow: str | None = None, **kw: Any
              ) -> Referral:
    return Referral(id=kw.pop("id", 1), survivor_id=kw.pop("survivor_id", 1),
                    service_kind="housing",
                    provider_name="Example Housing (demo)", status=status,
                    referred_on=d(referred) if referred else None,
                    follow_up_on=d(follow) if follow else None, **kw)


def test_follow_ups_no_replies_and_long_waits() -> None:
    sent = TODAY - dt.timedelta(days=NO_REPLY_DAYS)
    found = list(referrals_due([_referral("referred", str(sent))], TODAY))
    assert [(f.reason, f.urgency) for f in found] == [("no_reply", "today")]
    assert found[0].words == "Referral to housing: no reply 10 days after referring; chase"
    quiet = TODAY - dt.timedelta(days=NO_REPLY_DAYS - 1)
    assert list(referrals_due([_referral("referred", str(quiet))], TODAY)) == []
    waiting = TODAY - dt.timedelta(days=LONG_WAIT_DAYS)
    long = list(referrals_due([_referral("waiting", str(waiting))], TODAY))
    assert [(f.reason, f.urgency) for f in long] == [("long_wait", "soon")]
    planned = list(referrals_due([_referral("referred", str(sent), "2026-12-09")], TODAY))
    assert planned == []  # the navigator's own follow-up date replaces "no reply"
    for follow, urgency in (("2026-12-01", "overdue"), ("2026-12-02", "today"),
                            ("2026-12-04", "soon")):
        due = list(referrals_due([_referral("accepted", "2026-11-25", follow)], TODAY))
        assert [f.urgency for f in due] == [urgency]
    done = _referral("completed", "2026-06-01", ended_on=d("2026-07-01"))
    assert list(referrals_due([done], TODAY)) == []


def test_the_worklist_says_to_chase_and_names_the_provider_unless_discreet() -> None:
    s = survivor("2026-09-01", id=7, case_ref="NAV-R0007")
    record = case(s, referrals=[_referral("referred", "2026-11-10", id=3, survivor_id=7)])
    actions = [a for a in build_worklist([record], TODAY) if a.kind == "referral"]
    assert len(actions) == 1 and actions[0].record_id == 3
    assert actions[0].text(discreet=False) == (
        "Referral to housing: no reply 22 days after referring; chase · Example Housing (demo)")
    assert "Example Housing" not in actions[0].text(discreet=True)


def test_the_caseload_flags_a_referral_to_chase_for_its_filter() -> None:
    from assessments.case_status import evaluate
    from assessments.settings import WorklistSettings
    from navigator_tui.case_rows import case_flags

    s = survivor("2026-09-01", id=8, case_ref="NAV-R0008")
    chase = case(s, referrals=[_referral("referred", "2026-11-10", id=4, survivor_id=8)])
    assert "referral to chase" in case_flags(evaluate(chase, TODAY, WorklistSettings()))
    paused = case(survivor("2026-09-01", status="paused", id=9),
                  referrals=[_referral("referred", "2026-11-10", id=5, survivor_id=9)])
    assert "referral to chase" not in case_flags(evaluate(paused, TODAY, WorklistSettings()))


def test_a_provider_typed_in_any_case_links_the_directory_entry(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = save_survivor(s, {"given_name": "Quill", "intake_date": INTAKE}, TODAY)
        provider = Provider(name="Ärztehaus Beispiel (demo)", service_kinds="health")
        s.add(provider)
        s.flush()
        rid = add_referral(s, sid, {"service_kind": "health", "status": "referred",
                                    "provider_name": "ärztehaus beispiel (DEMO)",
                                    "referred_on": "2026-11-01"}, TODAY)
        row = s.get(Referral, rid)
        assert row is not None and row.provider_id == provider.id
        edit_referral(s, rid, {"provider_name": "Another Practice (demo)"}, TODAY)
        assert row.provider_id is None  # another provider typed: no longer that entry
