"""Promises: due soon / today / overdue, kept rate, over-promising."""

from __future__ import annotations

import pytest

from assessments.promises import (
    caseload_kept_rate,
    due_promises,
    kept_rate,
    over_promising,
    promise_urgency,
)
from tests.case_builders import d, promise

TODAY = d("2025-06-16")


def test_urgency_of_open_promises() -> None:
    assert promise_urgency(promise("2025-06-01", "2025-06-15"), TODAY) == "overdue"
    assert promise_urgency(promise("2025-06-01", "2025-06-16"), TODAY) == "today"
    assert promise_urgency(promise("2025-06-01", "2025-06-19"), TODAY) == "soon"
    assert promise_urgency(promise("2025-06-01", "2025-06-20"), TODAY) == "later"
    assert promise_urgency(promise("2025-06-01", "2025-06-20"), TODAY, soon_days=7) == "soon"
    assert promise_urgency(promise("2025-06-01", None), TODAY) == "no_date"
    for status in ("kept", "broken", "renegotiated", "withdrawn"):
        assert promise_urgency(promise("2025-06-01", "2025-06-02", status), TODAY) is None


def test_due_promises_most_urgent_first() -> None:
    later = promise("2025-06-01", "2025-06-18", what="Book the interpreter")
    overdue = promise("2025-06-01", "2025-06-10", what="Call the housing team")
    today = promise("2025-06-01", "2025-06-16", what="Send the GP letter")
    done = promise("2025-06-01", "2025-06-09", "kept")
    found = due_promises([later, overdue, today, done], TODAY)
    assert [(p.what, u) for p, u in found] == [
        ("Call the housing team", "overdue"),
        ("Send the GP letter", "today"),
        ("Book the interpreter", "soon"),
    ]


def test_kept_rate_ignores_renegotiated_withdrawn_and_open() -> None:
    ps = [
        promise("2025-01-01", "2025-01-05", "kept", status_changed_on=d("2025-01-05")),
        promise("2025-01-01", "2025-01-05", "kept", status_changed_on=d("2025-02-03")),
        promise("2025-01-01", "2025-01-05", "broken", status_changed_on=d("2025-02-10")),
        promise("2025-01-01", "2025-01-05", "renegotiated"),
        promise("2025-01-01", "2025-01-05", "withdrawn"),
        promise("2025-01-01", "2025-01-05", "open"),
    ]
    rate = kept_rate(ps)
    assert (rate.kept, rate.broken, rate.base) == (2, 1, 3)
    assert rate.rate == pytest.approx(2 / 3) and rate.pct == pytest.approx(200 / 3)
    february = kept_rate(ps, d("2025-02-01"), d("2025-02-28"))
    assert (february.kept, february.broken) == (1, 1)
    assert kept_rate([]).rate is None


def test_caseload_kept_rate_pools_every_promise() -> None:
    a = [promise("2025-01-01", "2025-01-05", "kept")] * 3
    b = [promise("2025-01-01", "2025-01-05", "broken")]
    rate = caseload_kept_rate([a, b, []])
    assert (rate.kept, rate.broken, rate.rate) == (3, 1, 0.75)


def test_over_promising_threshold_is_configurable() -> None:
    ps = [promise("2025-06-01", "2025-06-30") for _ in range(4)]
    ps.append(promise("2025-06-01", "2025-06-30", "kept"))
    assert not over_promising(ps)  # 4 open, default threshold 5
    assert over_promising(ps, threshold=4)
    ps.append(promise("2025-06-01", None))
    assert over_promising(ps)
