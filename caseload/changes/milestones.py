"""Add, edit and delete a milestone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from caseload.changes.common import add, edit, existing
from caseload.corrections import delete_kept
from caseload.models import Milestone
from caseload.validation.milestones import MILESTONE


def add_milestone(
    session: Session, survivor_id: int, raw: Mapping[str, Any], today: dt.date
) -> int:
    row = Milestone(survivor_id=survivor_id, kind="", date=today)
    return add(session, MILESTONE, row, raw, today)


def edit_milestone(
    session: Session, milestone_id: int, raw: Mapping[str, Any], today: dt.date
) -> int:
    """Correct a milestone; each changed field's old value is kept."""
    return edit(session, MILESTONE, Milestone, milestone_id, raw, today, keep_history=True)


def delete_milestone(session: Session, milestone_id: int) -> None:
    """Delete a milestone added by mistake; it is kept whole in the case's history."""
    delete_kept(session, existing(session, Milestone, milestone_id))
