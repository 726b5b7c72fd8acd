"""Case notes and the support plan's goals: their validators and change functions
(a note's corrections and deletion are kept in the case's history; one goal a domain)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import select

from caseload.changes.case_status import change_case_status
from caseload.changes.goals import delete_goal, save_goal
from caseload.changes.notes import add_note, delete_note, edit_note
from caseload.changes.survivors import save_survivor
from caseload.corrections import corrections_of, deleted_records
from caseload.models import CaseNote, SupportGoal
from caseload.queries import load_case, load_cases
from caseload.validation.goals import SUPPORT_GOAL
from caseload.validation.notes import CASE_NOTE, NOTE_MAX_LENGTH
from caseload.validation.records import Context, RecordInvalid, check_record
from caseload.vault import Vault

TODAY = dt.date(2026, 12, 2)
INTAKE = dt.date(2026, 10, 1)
CONTEXT = Context(TODAY, INTAKE)


def _survivor(session: object) -> int:
    return save_survivor(session, {"given_name": "Quill", "intake_date": INTAKE}, TODAY)  # type: ignore[arg-type]


def test_a_note_needs_words_and_a_day_not_ahead() -> None:
    ok = check_record(CASE_NOTE, {"written_on": "1/12/2026", "text": "Fictional: rang"}, CONTEXT)
    assert ok.ok and ok.values["written_on"] == dt.date(2026, 12, 1)
    empty = check_record(CASE_NOTE, {"written_on": TODAY, "text": "  "}, CONTEXT)
    assert set(empty.problems) == {"text"}
    ahead = check_record(CASE_NOTE, {"written_on": "2026-12-03", "text": "x"}, CONTEXT)
    assert set(ahead.problems) == {"written_on"}
    long = check_record(CASE_NOTE, {"written_on": TODAY, "text": "a" * (NOTE_MAX_LENGTH + 1)},
                        CONTEXT)  # fmt: skip
    assert set(long.problems) == {"text"}
    lines = check_record(CASE_NOTE, {"written_on": TODAY, "text": "one\ntwo"}, CONTEXT)
    assert lines.ok and lines.values["text"] == "one\ntwo"


def test_a_goal_needs_a_domain_and_the_survivors_words() -> None:
    ok = check_record(SUPPORT_GOAL, {"domain": "Safety", "goal": "Feel safe at home"}, CONTEXT)
    assert ok.ok and ok.values["domain"] == "safety" and ok.values["actions"] == ""
    assert set(check_record(SUPPORT_GOAL, {"domain": "housing", "goal": "x"}, CONTEXT).problems
               ) == {"domain"}  # fmt: skip
    assert set(check_record(SUPPORT_GOAL, {"domain": "safety"}, CONTEXT).problems) == {"goal"}
    ahead = check_record(
        SUPPORT_GOAL, {"domain": "safety", "goal": "x", "agreed_on": "2027-01-01"}, CONTEXT
    )
    assert set(ahead.problems) == {"agreed_on"}


def test_notes_are_added_corrected_and_deleted_with_their_history(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = _survivor(s)
        nid = add_note(s, sid, {"text": "Fictional: first words"}, TODAY)
        note = s.get(CaseNote, nid)
        assert note is not None and note.written_on == TODAY
        edit_note(s, nid, {"text": "Fictional: better words"}, TODAY)
        edit_note(s, nid, {"text": "Fictional: better words"}, TODAY)  # a retry keeps nothing
        history = corrections_of(s, "note", nid)
        assert [(c.action, c.field, json.loads(c.old_value)) for c in history] == [
            ("edited", "text", "Fictional: first words")
        ]
        with pytest.raises(RecordInvalid):
            edit_note(s, nid, {"text": ""}, TODAY)
        s.commit()
        case = load_case(s, sid)
        assert case is not None and [n.text for n in case.notes] == ["Fictional: better words"]
        assert [c.notes for c in load_cases(s)] == [[]]  # only with the one case opened
        delete_note(s, nid)
        s.commit()
        assert s.exec(select(CaseNote)).all() == []
        kept = deleted_records(s, sid)
        assert [k.record_kind for k in kept] == ["note"]
        assert json.loads(kept[0].old_value)["text"] == "Fictional: better words"


def test_one_goal_a_domain_saving_again_updates_it(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = _survivor(s)
        first = save_goal(s, sid, {"domain": "safety", "goal": "Fictional: a safe flat"}, TODAY)
        other = save_goal(s, sid, {"domain": "legal_status", "goal": "Fictional: papers"}, TODAY)
        again = save_goal(
            s, sid,
            {"domain": "safety", "goal": "Fictional: a safe flat", "actions": "Ring housing",
             "agreed_on": TODAY},
            TODAY,
        )  # fmt: skip
        assert again == first != other
        goals = s.exec(select(SupportGoal).order_by(SupportGoal.id)).all()  # type: ignore[arg-type]
        assert [(g.domain, g.actions, g.agreed_on) for g in goals] == [
            ("safety", "Ring housing", TODAY),
            ("legal_status", "", None),
        ]
        assert [c.field for c in corrections_of(s, "goal", first)] == ["actions", "agreed_on"]
        with pytest.raises(RecordInvalid):
            save_goal(s, sid, {"domain": "safety", "goal": ""}, TODAY)
        delete_goal(s, other)
        s.commit()
        case = load_case(s, sid)
        assert case is not None and [g.domain for g in case.goals] == ["safety"]
        assert [k.record_kind for k in deleted_records(s, sid)] == ["goal"]


def test_anonymising_a_case_removes_its_notes_and_its_goals_words(new_vault: Vault) -> None:
    """The notes go; a goal keeps its domain (survivors with a support plan are counted)
    and loses the survivor's words; a referral keeps its kind, state and dates and loses
    where to and every word about it."""
    from caseload import retention
    from caseload.changes.referrals import add_referral
    from caseload.models import Referral

    with new_vault.session() as s:
        sid = _survivor(s)
        add_note(s, sid, {"text": "Fictional note"}, TODAY)
        save_goal(s, sid, {"domain": "safety", "goal": "Fictional goal",
                           "actions": "Fictional actions"}, TODAY)
        add_referral(s, sid, {"service_kind": "other", "service_other": "Fictional service",
                              "status": "referred", "provider_name": "Fictional Provider",
                              "referred_on": TODAY, "note": "Fictional referral note",
                              "domains": ["safety"]}, TODAY)
        change_case_status(s, sid, {"status": "closed", "changed_on": TODAY,
                                    "closure_reason": "support_complete"}, TODAY)  # fmt: skip
        s.commit()
        retention.anonymise_case(s, sid, TODAY)
        assert s.exec(select(CaseNote)).all() == []
        goal = s.exec(select(SupportGoal)).one()
        assert (goal.domain, goal.goal, goal.actions) == ("safety", "", "")
        referral = s.exec(select(Referral)).one()
        assert (referral.service_kind, referral.status, referral.referred_on,
                referral.domains) == ("other", "referred", TODAY, "safety")
        assert (referral.provider_name, referral.service_other, referral.note,
                referral.provider_id) == ("", "", "", None)


def test_no_export_reads_the_case_notes() -> None:
    """Notes are free text no report needs: no export module names them (the data
    dictionary only documents their table)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "exports"
    naming = [
        path.name
        for path in sorted(root.rglob("*.py"))
        if path.name != "field_docs.py"
        and any(word in path.read_text(encoding="utf-8") for word in ("CaseNote", ".notes"))
    ]
    assert naming == []
