"""Add, edit and delete a milestone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from caseload.changes.common import add, edit, existing
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
    return edit(session, MILESTONE, Milestone, milestone_id, raw, today)


def delete_milestone(session: Session, milestone_id: int) -> None:
    session.delete(existing(session, Milestone, milestone_id))
    session.flush()
