"""Pause, resume or close a case: the survivor's status and the history entry together."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, func, select

from caseload.changes.common import survivor as survivor_of
from caseload.models import CaseStatusChange, utcnow
from caseload.validation.records import Context, require_valid
from caseload.validation.status_changes import STATUS_CHANGE


def change_case_status(
    session: Session, survivor_id: int, raw: Mapping[str, Any], today: dt.date
) -> int:
    """Record a pause, resume or closure (checked whole); returns the history entry's id."""
    survivor = survivor_of(session, survivor_id)
    last = session.exec(
        select(func.max(CaseStatusChange.changed_on)).where(
            CaseStatusChange.survivor_id == survivor_id
        )
    ).one()
    context = Context(
        today, survivor.intake_date, {"current": survivor.status, "last": last}
    )
    values = require_valid(STATUS_CHANGE, raw, context)
    status, day = values["status"], values["changed_on"]
    survivor.status = status
    survivor.status_changed_on = day
    closed = status == "closed"
    survivor.closed_on = day if closed else None
    survivor.closure_reason = values["closure_reason"] if closed else ""
    survivor.closure_reason_other = values["closure_reason_other"] if closed else ""
    survivor.updated_at = utcnow()
    session.add(survivor)
    entry = CaseStatusChange(
        survivor_id=survivor_id,
        changed_on=day,
        status=status,
        reason=values["closure_reason"] if closed else values["reason"],
    )
    session.add(entry)
    session.flush()
    assert entry.id is not None
    return entry.id
