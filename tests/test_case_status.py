"""One evaluation per case per day: the row, its flags and the worklist read the same
CaseStatus, so each rule runs once per case and every setting reaches both."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from assessments import case_status
from assessments.case_status import evaluate
from assessments.worklist import WorklistSettings, actions_for
from navigator_tui.case_rows import build_row
from tests.case_builders import assessment, case, contact, d, promise, survivor
from tests.test_worklist import TODAY, _busy_case

RULES = ("next_assessment", "next_update_due", "disengagement_signals", "due_promises",
         "flagged_milestones", "rating_gaps", "agreement_review_due")


def _counting(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    calls = dict.fromkeys(RULES, 0)
    for name in RULES:
        real: Callable[..., Any] = getattr(case_status, name)

        def counted(*args: Any, _name: str = name, _real: Callable[..., Any] = real,
                    **kwargs: Any) -> Any:
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(case_status, name, counted)
    return calls


def test_each_rule_runs_once_for_the_row_and_the_worklist(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _counting(monkeypatch)
    status = evaluate(_busy_case(), TODAY)  # type: ignore[arg-type]
    row, actions = build_row(status), actions_for(status)
    assert calls == dict.fromkeys(RULES, 1)
    assert "assessment overdue" in row.flags and "attempts failing" in row.flags
    assert {a.kind for a in actions} >= {"assessment", "disengagement", "promise"}


def test_the_loaded_caseload_evaluates_each_case_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from navigator_tui import snapshot

    cases = [_busy_case() for _ in range(3)]
    for number, item in enumerate(cases, start=1):
        item.survivor.id = number  # type: ignore[attr-defined]
    monkeypatch.setattr(snapshot, "load_cases", lambda _session, _recent=None: cases)
    calls = _counting(monkeypatch)
    loaded = snapshot.load_caseload(None, TODAY)  # type: ignore[arg-type]
    assert len(loaded.rows) == 3 and loaded.worklist
    assert calls == dict.fromkeys(RULES, 3)


def test_a_setting_reaches_the_row_flags_and_the_worklist_alike() -> None:
    """The run of failed attempts that counts as failing was read by the worklist only."""
    two_failed = case(
        survivor(intake="2025-05-01"),
        assessments=[assessment("2025-05-02", "intake")],
        contacts=[contact("2025-06-12", "no_answer"), contact("2025-06-13", "no_answer")],
        promises=[promise("2025-06-01", "2025-06-30")] * 2,
    )
    default = evaluate(two_failed, TODAY)
    assert "attempts failing" not in build_row(default).flags
    strict = evaluate(two_failed, TODAY, WorklistSettings(unsuccessful_run=2,
                                                          open_promise_threshold=2))
    assert "attempts failing" in build_row(strict).flags
    assert "many open promises" in build_row(strict).flags
    kinds = {a.kind for a in actions_for(strict)}
    assert {"disengagement", "over_promising"} <= kinds
    assert d("2025-06-16") == TODAY
