"""Adding a survivor and editing their case facts: one write path for every way in.

Creating a case is not a resume: a new case's status date is left empty (or, for a
case entered as closed, its closing day), exactly as the importer does, so the intake
assessment is due 14 days after the intake date however the case was entered. Editing
the case facts moves the status date only when the status itself changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from caseload.case_refs import new_case_ref
from caseload.errors import InvalidInput
from caseload.models import Survivor, utcnow


def save_survivor(
    session: Session, fields: Mapping[str, Any], today: dt.date, survivor_id: int | None = None
) -> int:
    """Add a survivor (``survivor_id`` None) or update one's case facts; returns the id.

    ``fields`` are Survivor column values (``exploitation_types`` ';'-joined).
    """
    survivor = session.get(Survivor, survivor_id) if survivor_id is not None else None
    if survivor_id is not None and survivor is None:
        raise InvalidInput("That case no longer exists; nothing was changed.")
    created = survivor is None
    if survivor is None:
        survivor = Survivor(case_ref=new_case_ref(session), intake_date=fields["intake_date"])
    old_status = survivor.status
    for name, value in fields.items():
        setattr(survivor, name, value)
    if created:
        survivor.status_changed_on = survivor.closed_on if survivor.status == "closed" else None
    elif survivor.status != old_status:
        survivor.status_changed_on = today
    survivor.updated_at = utcnow()
    session.add(survivor)
    session.flush()
    assert survivor.id is not None
    return survivor.id
