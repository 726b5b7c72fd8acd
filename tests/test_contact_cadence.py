"""Contact cadence: next update, safe windows, disengagement signals, agreement review."""

from __future__ import annotations

import datetime as dt

from assessments.contact_cadence import (
    agreement_review_due,
    contact_counts,
    disengagement_signals,
    frequency_words,
    next_safe_window,
    next_update_due,
    update_interval,
)
from caseload.categories import OTHER_UPDATE_INTERVAL_DAYS
from tests.case_builders import agreement, case, contact, d, survivor

TODAY = d("2025-06-16")  # a Monday


def test_only_a_successful_contact_resets_the_clock() -> None:
    c = case(
        survivor(intake="2025-05-01"),
        agreement_history=[agreement("weekly")],
        contacts=[
            contact("2025-06-02", "spoke"),
            contact("2025-06-10", "message_left"),
            contact("2025-06-12", "no_answer"),
        ],
    )
    due = next_update_due(c, TODAY)
    assert due is not None
    assert (due.due_on, due.state, due.last_success) == (
        d("2025-06-09"),
        "overdue",
        d("2025-06-02"),
    )
    assert due.days_overdue(TODAY) == 7
    c.contacts.append(contact("2025-06-16", "spoke"))
    due = next_update_due(c, TODAY)
    assert due is not None and (due.due_on, due.state) == (d("2025-06-23"), "upcoming")


def test_update_due_today_from_intake_when_nobody_has_spoken_yet() -> None:
    c = case(survivor(intake="2025-06-02"), agreement_history=[agreement("fortnightly")])
    due = next_update_due(c, TODAY)
    assert due is not None and (due.due_on, due.state) == (d("2025-06-16"), "today")


def test_only_news_has_no_cadence_and_paused_or_closed_have_none() -> None:
    c = case(survivor(intake="2025-01-01"), agreement_history=[agreement("only_news")])
    due = next_update_due(c, TODAY)
    assert due is not None and due.state == "no_cadence" and due.due_on is None
    assert next_update_due(case(survivor(status="paused")), TODAY) is None
    assert next_update_due(case(survivor(status="closed")), TODAY) is None


def test_no_agreement_invents_no_update_cadence() -> None:
    """Issue 12: nothing agreed is never shown as "agreed: weekly", nor as overdue."""
    due = next_update_due(case(survivor(intake="2025-06-01")), TODAY)
    assert due is not None and due.state == "no_agreement"
    assert due.due_on is None and not due.overdue and due.frequency == ""


def test_next_safe_window_respects_days_and_times() -> None:
    g = agreement(days="tue;thu", start=dt.time(10), end=dt.time(14))
    window = next_safe_window(g, TODAY)  # Monday: next is Tuesday
    assert window is not None and window.day == d("2025-06-17")
    assert window.describe(TODAY) == "tomorrow, 10:00-14:00"
    fri = next_safe_window(g, d("2025-06-20"))
    assert fri is not None and fri.describe(d("2025-06-20")) == "Tue 24 Jun, 10:00-14:00"
    # Today's window has closed: move to the next safe day.
    tue = next_safe_window(g, d("2025-06-17"), now=dt.time(15))
    assert tue is not None and tue.day == d("2025-06-19")
    inside = next_safe_window(g, d("2025-06-17"), now=dt.time(11))
    assert inside is not None and inside.day == d("2025-06-17")


def test_any_day_any_time_and_overnight_windows() -> None:
    anytime = next_safe_window(agreement(), TODAY, now=dt.time(23))
    assert anytime is not None and anytime.describe(TODAY) == "today, any time"
    evening = next_safe_window(agreement(start=dt.time(18), end=dt.time(1)), TODAY, dt.time(23))
    assert evening is not None and evening.describe(TODAY) == "today, 18:00-midnight"
    assert next_safe_window(None, TODAY) is None  # no agreement: no time is known to be safe
    assert next_safe_window(agreement(days="funday"), TODAY) is None


def test_three_unsuccessful_attempts_in_a_row_is_a_signal() -> None:
    attempts = [
        contact("2025-06-10", "spoke"),
        contact("2025-06-12", "no_answer"),
        contact("2025-06-13", "message_left"),
    ]
    c = case(survivor(intake="2025-05-01"), agreement_history=[agreement()], contacts=attempts)
    assert disengagement_signals(c, TODAY) == []
    c.contacts.append(contact("2025-06-15", "survivor_cancelled"))
    [signal] = disengagement_signals(c, TODAY)
    assert signal.kind == "unsuccessful_attempts" and signal.since == d("2025-06-12")
    assert signal.reason == "3 attempts in a row without reaching them, since 12 Jun"


def test_silence_for_twice_the_interval_is_a_signal() -> None:
    c = case(
        survivor(intake="2025-04-01"),
        agreement_history=[agreement("weekly")],
        contacts=[contact("2025-06-03", "spoke")],
    )
    assert disengagement_signals(c, d("2025-06-16")) == []  # 13 days
    [signal] = disengagement_signals(c, d("2025-06-17"))  # 14 days = twice weekly
    assert signal.kind == "long_silence" and signal.since == d("2025-06-03")
    assert signal.reason == "No successful contact for 14 days (updates agreed: weekly)"
    never = case(survivor(intake="2025-05-01"), agreement_history=[agreement("monthly")])
    [signal] = disengagement_signals(never, d("2025-06-30"))
    assert "since intake for 60 days" in signal.reason


def test_recent_safety_concern_is_a_signal_even_when_paused() -> None:
    concern = contact("2025-06-05", "spoke", concern=True)
    c = case(survivor(intake="2025-05-01", status="paused"), contacts=[concern])
    [signal] = disengagement_signals(c, TODAY)
    assert signal.kind == "safety_concern" and signal.reason == "Safety concern logged 5 Jun"
    assert disengagement_signals(c, d("2025-06-20")) == []  # older than 14 days
    closed = case(survivor(intake="2025-05-01", status="closed"), contacts=[concern])
    assert disengagement_signals(closed, TODAY) == []


def test_agreement_past_its_review_date_is_due() -> None:
    g = agreement(review="2025-06-10")
    review = agreement_review_due(g, TODAY)
    assert review is not None and (review.state, review.due_on) == ("overdue", d("2025-06-10"))
    today = agreement_review_due(agreement(review="2025-06-16"), TODAY)
    assert today is not None and today.state == "today"
    soon = agreement_review_due(agreement(review="2025-06-30"), TODAY)
    assert soon is not None and soon.state == "soon"
    assert agreement_review_due(agreement(review="2025-07-30"), TODAY) is None
    assert agreement_review_due(agreement(), TODAY) is None


def test_contact_counts_in_a_span() -> None:
    logs = [
        contact("2025-05-31", "spoke", update_given=True),
        contact("2025-06-01", "spoke", update_given=True),
        contact("2025-06-15", "no_answer"),
        contact("2025-06-30", "spoke"),
        contact("2025-07-01", "spoke", update_given=True),
    ]
    counts = contact_counts(logs, d("2025-06-01"), d("2025-06-30"))
    assert (counts.attempts, counts.successful, counts.updates) == (3, 2, 1)


def test_a_resumed_case_restarts_the_clock_on_the_day_it_was_resumed() -> None:
    resumed = survivor(intake="2025-01-10", status="open", status_changed_on=d("2025-06-10"))
    c = case(
        resumed,
        agreement_history=[agreement("weekly")],
        contacts=[contact("2025-02-03", "spoke")],  # the last call before the pause
    )
    due = next_update_due(c, TODAY)
    assert due is not None and (due.due_on, due.state) == (d("2025-06-17"), "upcoming")
    assert due.last_success == d("2025-02-03")
    assert disengagement_signals(c, TODAY) == []  # the pause is not a silence
    [signal] = disengagement_signals(c, d("2025-06-24"))
    assert signal.kind == "long_silence" and signal.since == d("2025-06-10")
    assert signal.reason == (
        "No successful contact for 14 days since the case was resumed on 10 Jun "
        "(updates agreed: weekly)"
    )
    c.contacts.append(contact("2025-06-12", "spoke"))  # spoken to after resuming
    due = next_update_due(c, TODAY)
    assert due is not None and due.due_on == d("2025-06-19")
    [signal] = disengagement_signals(c, d("2025-06-26"))
    assert signal.reason == "No successful contact for 14 days (updates agreed: weekly)"


# --- 'other' (issue 2) ------------------------------------------------------------------


def test_an_outcome_other_is_not_a_successful_contact() -> None:
    c = case(
        survivor(intake="2025-05-01"),
        agreement_history=[agreement("weekly")],
        contacts=[
            contact("2025-06-02", "spoke"),
            contact("2025-06-10", "other", outcome_other="Her sister answered"),
            contact("2025-06-11", "other", outcome_other="Line went dead"),
            contact("2025-06-12", "no_answer"),
        ],
    )
    due = next_update_due(c, TODAY)
    assert due is not None and (due.due_on, due.last_success) == (d("2025-06-09"), d("2025-06-02"))
    assert [s.kind for s in disengagement_signals(c, TODAY)] == [
        "unsuccessful_attempts",  # the two "other" outcomes count as attempts
        "long_silence",  # 14 days since 2 June: twice the weekly interval
    ]
    assert contact_counts(c.contacts, d("2025-06-01"), TODAY).successful == 1


def test_a_frequency_other_is_reminded_every_30_days_with_its_words() -> None:
    words = "After the rota comes out"
    other = agreement("other", update_frequency_other=words)
    c = case(
        survivor(intake="2025-03-01"),
        agreement_history=[other],
        contacts=[contact("2025-05-10", "spoke")],
    )
    due = next_update_due(c, TODAY)
    assert due is not None
    assert (due.due_on, due.state, due.frequency) == (d("2025-06-09"), "overdue", "other")
    assert update_interval(other) == OTHER_UPDATE_INTERVAL_DAYS == 30
    assert frequency_words(other) == f"other: {words}; reminded every 30 days"
    assert frequency_words(agreement("other")) == "other: not specified; reminded every 30 days"
    assert frequency_words(agreement("monthly")) == "monthly"
    # Silence is a signal after twice the interval (60 days), worded with the specification.
    quiet = case(survivor(intake="2025-03-01"), agreement_history=[other])
    [signal] = disengagement_signals(quiet, d("2025-04-30"))
    assert signal.kind == "long_silence"
    assert signal.reason == (
        f"No successful contact since intake for 60 days (updates agreed: other: {words}; "
        "reminded every 30 days)"
    )
    assert disengagement_signals(quiet, d("2025-04-29")) == []
