"""Set and remove the support plan's goal of a recovery domain (one per domain)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from caseload.changes.common import context_for, existing, validated, write
from caseload.corrections import delete_kept, record_edit, values_of
from caseload.models import SupportGoal, utcnow
from caseload.validation.goals import SUPPORT_GOAL


def goal_of(session: Session, survivor_id: int, domain: str) -> SupportGoal | None:
    """The survivor's goal for ``domain`` (the first, should there ever be two)."""
    return session.exec(
        select(SupportGoal)
        .where(col(SupportGoal.survivor_id) == survivor_id)
        .where(col(SupportGoal.domain) == domain)
        .order_by(col(SupportGoal.id))
    ).first()


def save_goal(session: Session, survivor_id: int, raw: Mapping[str, Any], today: dt.date) -> int:
    """Set the goal of the domain ``raw`` names (``raw`` is the whole goal): a domain
    with a goal has it updated, each changed field's old value kept in the case's
    history; a domain without one gets one."""
    context = context_for(session, survivor_id, today)
    values = validated(SUPPORT_GOAL, SupportGoal(survivor_id=survivor_id, domain=""), raw, context)
    row = goal_of(session, survivor_id, values["domain"])
    if row is None:
        return write(session, SupportGoal(survivor_id=survivor_id, domain=""), values)
    before = values_of(row, SUPPORT_GOAL)
    if any(getattr(row, name) != value for name, value in values.items()):
        values["updated_at"] = utcnow()
    result = write(session, row, values)
    record_edit(session, row, before)
    return result


def delete_goal(session: Session, goal_id: int) -> None:
    """Remove a goal from the support plan; it is kept whole in the case's history."""
    delete_kept(session, existing(session, SupportGoal, goal_id))
