"""Case status history: every pause, resume and closure is kept, and the schedule reads
when each pause began, so a resume no longer excuses a review missed before the pause."""

from __future__ import annotations

import datetime as dt

from assessments.schedule import next_assessment, review_outcomes, stopped_periods
from caseload.changes.survivors import save_survivor
from caseload.models import CaseStatusChange
from caseload.queries import load_case
from caseload.vault import Vault
from tests.case_builders import assessment, case, d, survivor

INTAKE = d("2025-01-10")  # intake assessment 12 Jan: review 1 due 12 May


def _paused_and_resumed(pause: str, resume: str) -> object:
    return case(
        survivor(intake="2025-01-10", status="open", status_changed_on=d(resume)),
        assessments=[assessment("2025-01-12", "intake")],
        status_history=[
            CaseStatusChange(survivor_id=1, changed_on=d(pause), status="paused"),
            CaseStatusChange(survivor_id=1, changed_on=d(resume), status="open"),
        ],
    )


def test_a_review_missed_before_the_pause_stays_overdue_after_the_resume() -> None:
    missed_then_paused = _paused_and_resumed("2025-07-01", "2025-08-01")
    due = next_assessment(missed_then_paused, d("2025-08-10"))  # type: ignore[arg-type]
    assert due is not None and due.due.number == 1 and due.overdue
    states = [o.state for o in review_outcomes(missed_then_paused, d("2025-08-10"))]  # type: ignore[arg-type]
    assert states[0] == "missed"


def test_a_review_due_during_the_pause_is_excused() -> None:
    paused_over_review = _paused_and_resumed("2025-04-20", "2025-08-01")
    due = next_assessment(paused_over_review, d("2025-08-10"))  # type: ignore[arg-type]
    assert due is not None and due.due.number == 2 and not due.overdue
    states = [o.state for o in review_outcomes(paused_over_review, d("2025-08-10"))]  # type: ignore[arg-type]
    assert states[0] == "excused"


def test_without_a_history_a_resume_reads_as_before() -> None:
    legacy = case(
        survivor(intake="2025-01-10", status="open", status_changed_on=d("2025-08-01")),
        assessments=[assessment("2025-01-12", "intake")],
    )
    assert stopped_periods(legacy) == [(INTAKE, d("2025-08-01"))]  # type: ignore[arg-type]
    due = next_assessment(legacy, d("2025-08-10"))  # type: ignore[arg-type]
    assert due is not None and due.due.number == 2


def test_each_status_change_is_recorded_with_its_date_and_reason(new_vault: Vault) -> None:
    today = dt.date(2026, 12, 2)
    with new_vault.session() as s:
        sid = save_survivor(s, {"given_name": "Quill", "intake_date": "2026-06-01"}, today)
        save_survivor(s, {"status": "paused"}, dt.date(2026, 9, 1), sid)
        save_survivor(s, {"given_name": "Quill A."}, dt.date(2026, 9, 5), sid)  # no change
        save_survivor(s, {"status": "open"}, dt.date(2026, 10, 1), sid)
        closing = {"status": "closed", "closed_on": "2026-11-20", "closure_reason": "relocated"}
        save_survivor(s, closing, today, sid)
        s.commit()
        loaded = load_case(s, sid)
    assert loaded is not None
    assert [(c.changed_on, c.status, c.reason) for c in loaded.status_history] == [
        (dt.date(2026, 9, 1), "paused", ""),
        (dt.date(2026, 10, 1), "open", ""),
        (dt.date(2026, 11, 20), "closed", "relocated"),
    ]
    assert stopped_periods(loaded) == [
        (dt.date(2026, 9, 1), dt.date(2026, 10, 1)),
        (dt.date(2026, 11, 20), None),
    ]
