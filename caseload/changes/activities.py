"""Add, edit and delete an activity (the work beyond the caseload).

An activity belongs to no survivor, so it is checked against today only, and an edit
or a deletion keeps no history: nothing in it is about one person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from caseload.changes.common import existing, validated, write
from caseload.models import Activity
from caseload.validation.activities import ACTIVITY
from caseload.validation.records import Context


def add_activity(session: Session, raw: Mapping[str, Any], today: dt.date) -> int:
    """Check a new activity and write it (with a new record key); its id."""
    row = Activity(kind="", date=today)
    return write(session, row, validated(ACTIVITY, row, raw, Context(today)))


def edit_activity(
    session: Session, activity_id: int, raw: Mapping[str, Any], today: dt.date
) -> int:
    """Correct an activity: ``raw`` over its saved values, checked whole. Its record key
    stays (its weight in the funder figures never changes)."""
    row = existing(session, Activity, activity_id)
    return write(session, row, validated(ACTIVITY, row, raw, Context(today)))


def delete_activity(session: Session, activity_id: int) -> None:
    """Delete an activity recorded by mistake."""
    session.delete(existing(session, Activity, activity_id))
    session.flush()
