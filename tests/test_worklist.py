"""The daily worklist: every kind of action, its tab, and the order."""

from __future__ import annotations

import datetime as dt

from assessments.worklist import KINDS, URGENCIES, WorklistSettings, build_worklist
from navigator_tui.action_tabs import ACTION_TABS
from navigator_tui.screens.survivor_file import TABS
from tests.case_builders import (
    agreement,
    assessment,
    case,
    contact,
    d,
    milestone,
    promise,
    survivor,
)

TODAY = d("2025-06-16")  # a Monday


def _busy_case() -> object:
    """An open case with something of every kind to do."""
    return case(
        survivor(intake="2025-01-10", case_ref="NAV-BUSY1"),
        assessments=[assessment("2025-01-12", "intake")],  # review 1 due 12 May: overdue
        agreement_history=[
            agreement("weekly", review="2025-06-01", days="tue", start=dt.time(10), end=dt.time(12))
        ],
        contacts=[
            contact("2025-06-02", "spoke", concern=True),
            contact("2025-06-10", "no_answer"),
            contact("2025-06-11", "no_answer"),
            contact("2025-06-13", "message_left"),
        ],
        promises=[
            promise("2025-06-01", "2025-06-12", what="Call the housing team"),
            promise("2025-06-01", "2025-06-16", what="Send the GP letter"),
            promise("2025-06-01", "2025-06-18", what="Book the interpreter"),
            promise("2025-06-01", "2025-07-30"),
            promise("2025-06-01", "2025-07-30"),
        ],
        milestones=[milestone("2025-06-12", "charging_decision"), milestone("2025-06-20")],
    )


def test_every_kind_with_reason_urgency_and_tab() -> None:
    actions = build_worklist([_busy_case()], TODAY)
    got = {(a.kind, a.urgency, ACTION_TABS[a.kind]): a.text(False) for a in actions}
    assert got == {
        (
            "assessment",
            "overdue",
            "recovery",
        ): "Review 1 assessment overdue: due 12 May (35 days ago)",
        ("update", "overdue", "contacts"): "Update overdue since 9 Jun (agreed: weekly); "
        "next safe time: tomorrow, 10:00-12:00",
        ("promise", "overdue", "promises"): "Promise overdue since 12 Jun · Call the housing team",
        ("promise", "today", "promises"): "Promise due today · Send the GP letter",
        ("promise", "soon", "promises"): "Promise due 18 Jun · Book the interpreter",
        (
            "agreement_review",
            "overdue",
            "agreement",
        ): "Contact agreement due for review since 1 Jun",
        ("safety_concern", "today", "contacts"): "Safety concern logged 2 Jun",
        ("disengagement", "today", "contacts"): "3 attempts in a row without reaching them, "
        "since 10 Jun",
        ("milestone_check_in", "today", "overview"): "Check in: Charging decision was on 12 Jun, "
        "no contact since",
        ("milestone_prepare", "soon", "overview"): "Prepare: Court date on 20 Jun (in 4 days)",
        ("over_promising", "soon", "promises"): "5 promises open at once: check they are all "
        "realistic",
    }
    assert all(
        a.survivor_id == actions[0].survivor_id and a.case_ref == "NAV-BUSY1" for a in actions
    )
    assert {a.kind for a in actions} <= set(KINDS) == set(ACTION_TABS)
    assert set(ACTION_TABS.values()) <= set(TABS)
    promise_ids = {a.record_id for a in actions if a.kind == "promise"}
    assert None not in promise_ids and len(promise_ids) == 3


def test_overdue_first_then_today_then_soon() -> None:
    quiet = case(
        survivor(intake="2025-06-10", case_ref="NAV-AAAA1"),
        agreement_history=[agreement("weekly", agreed="2025-06-10")],
        contacts=[contact("2025-06-10", "spoke")],
    )  # intake assessment due 24 Jun: soon; update due 17 Jun: soon
    actions = build_worklist([quiet, _busy_case()], TODAY)
    ranks = [URGENCIES.index(a.urgency) for a in actions]
    assert ranks == sorted(ranks)
    assert actions[0].urgency == "overdue" and actions[-1].urgency == "soon"
    soon_for_quiet = [(a.kind, a.reason) for a in actions if a.case_ref == "NAV-AAAA1"]
    assert soon_for_quiet == [  # by date within the group, the soonest first
        ("update", "Update due 17 Jun (agreed: weekly); next safe time: today, any time"),
        ("assessment", "Intake assessment due 24 Jun"),
    ]
    today_kinds = [a.kind for a in actions if a.urgency == "today"]
    assert today_kinds[0] == "safety_concern"


def test_paused_case_keeps_promises_and_milestones_only() -> None:
    busy = _busy_case()
    busy.survivor.status = "paused"  # type: ignore[attr-defined]
    busy.survivor.status_changed_on = d("2025-06-01")  # type: ignore[attr-defined]
    kinds = {a.kind for a in build_worklist([busy], TODAY)}
    assert kinds == {
        "promise",
        "over_promising",
        "milestone_check_in",
        "milestone_prepare",
        "safety_concern",
    }


def test_closed_case_only_offers_a_closing_assessment_for_two_weeks() -> None:
    closed = case(
        survivor(intake="2025-01-10", status="closed", closed_on=d("2025-06-10")),
        assessments=[assessment("2025-01-12", "intake")],
        promises=[promise("2025-06-01", "2025-06-12")],
    )
    [action] = build_worklist([closed], TODAY)
    assert (action.kind, action.urgency) == ("closing_assessment", "soon")
    assert ACTION_TABS[action.kind] == "recovery"
    assert action.reason == "Case closed 10 Jun: offer a closing assessment"
    assert build_worklist([closed], d("2025-06-25")) == []


def test_settings_change_thresholds() -> None:
    busy = _busy_case()
    strict = WorklistSettings(open_promise_threshold=10, unsuccessful_run=4, promise_soon_days=0)
    actions = build_worklist([busy], TODAY, settings=strict)
    assert "over_promising" not in {a.kind for a in actions}
    assert [a.reason for a in actions if a.kind == "disengagement"] == [
        "No successful contact for 14 days (updates agreed: weekly)"
    ]  # three attempts in a row no longer fire
    assert ("promise", "soon") not in {
        (a.kind, a.urgency) for a in build_worklist([busy], TODAY, settings=strict)
    }


def test_safe_window_moves_to_the_next_day_after_todays_window() -> None:
    c = case(
        survivor(intake="2025-06-01"),
        agreement_history=[agreement("weekly", days="mon;wed", start=dt.time(9), end=dt.time(11))],
        contacts=[contact("2025-06-09", "spoke")],
    )
    morning = build_worklist([c], TODAY, now=dt.time(10))
    evening = build_worklist([c], TODAY, now=dt.time(18))
    [morning_update] = [a for a in morning if a.kind == "update"]
    [evening_update] = [a for a in evening if a.kind == "update"]
    assert morning_update.reason.endswith("next safe time: today, 09:00-11:00")
    assert evening_update.reason.endswith("next safe time: Wed 18 Jun, 09:00-11:00")


def test_empty_caseload_has_an_empty_worklist() -> None:
    assert build_worklist([], TODAY) == []


def test_an_update_frequency_other_still_reminds_with_the_specification_in_words() -> None:
    other = case(
        survivor(intake="2025-03-01", case_ref="NAV-OTHR1"),
        agreement_history=[agreement("other", update_frequency_other="After payday")],
        contacts=[contact("2025-05-17", "spoke")],  # + 30 days: due today
    )
    [update] = [a for a in build_worklist([other], TODAY) if a.kind == "update"]
    assert (update.urgency, update.due_on) == ("today", TODAY)
    assert update.text(False) == (
        "Update due today (agreed: other; reminded every 30 days); "
        'next safe time: today, any time · in their words: "After payday"'
    )
    assert "After payday" not in update.text(True)


def test_an_open_case_without_an_agreement_needs_one_not_an_invented_update() -> None:
    without = case(survivor(intake="2025-05-01", case_ref="NAV-NOAGR"))
    actions = build_worklist([without], TODAY)
    kinds = {a.kind for a in actions}
    assert "update" not in kinds
    (missing,) = [a for a in actions if a.kind == "agreement_missing"]
    assert missing.urgency == "today" and ACTION_TABS[missing.kind] == "agreement"
    assert "No contact agreement yet" in missing.reason
    assert all("agreed: weekly" not in a.reason and "any time" not in a.reason for a in actions)


def test_a_milestone_line_shows_its_preparation_note_except_in_discreet_mode() -> None:
    hearing = milestone("2025-06-18")
    hearing.prep_note = "Fictional: book the interpreter, arrange the screen"
    court = case(survivor(intake="2025-03-01"), milestones=[hearing])
    [prepare] = [a for a in build_worklist([court], TODAY) if a.kind == "milestone_prepare"]
    assert prepare.text(False) == (
        "Prepare: Court date on 18 Jun (in 2 days) · "
        "prepare: Fictional: book the interpreter, arrange the screen"
    )
    assert prepare.text(True) == "Prepare: Court date on 18 Jun (in 2 days)"
