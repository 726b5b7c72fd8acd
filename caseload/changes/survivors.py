"""Adding a survivor and editing their case facts: one write path for every way in.

Creating a case is not a resume: a new case's status date is left empty (or, for a
case entered as closed, its closing day), exactly as the importer does, so the intake
assessment is due 14 days after the intake date however the case was entered. Editing
the case facts moves the status date only when the status itself changes, and every
such change (a pause, a resume, a closure with its reason) is added to the case's
status history, which the schedule reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from caseload.case_refs import NAME_IN_REF, holds_a_name, new_case_ref
from caseload.changes.common import validated
from caseload.errors import InvalidInput
from caseload.models import CaseStatusChange, Survivor, utcnow
from caseload.validation.records import Context
from caseload.validation.survivors import SURVIVOR

#: The survivor's own names, which their case reference must not spell.
NAME_FIELDS = ("given_name", "family_name", "preferred_name")


def save_survivor(
    session: Session,
    raw: Mapping[str, Any],
    today: dt.date,
    survivor_id: int | None = None,
    *,
    case_ref: str | None = None,
    missing: Mapping[str, str] | None = None,
) -> int:
    """Add a survivor (``survivor_id`` None) or update one's case facts; returns the id.

    ``raw`` holds the survivor record's fields (:data:`caseload.validation.survivors.FIELDS`),
    checked by the one survivor validator.  A new case gets ``case_ref`` (already issued
    or registered by the caller) or a new reference; ``missing`` says why blank fields
    are blank (declined, not known).
    """
    survivor = session.get(Survivor, survivor_id) if survivor_id is not None else None
    if survivor_id is not None and survivor is None:
        raise InvalidInput("That case no longer exists; nothing was changed.")
    created = survivor is None
    if survivor is None:
        survivor = Survivor(case_ref="", intake_date=None)  # type: ignore[arg-type]
    values = validated(SURVIVOR, survivor, raw, Context(today))
    if created:
        names = [values.get(f) for f in NAME_FIELDS]
        if case_ref and holds_a_name(case_ref, names):
            raise InvalidInput(f"The case reference {case_ref} {NAME_IN_REF}.")
        survivor.case_ref = case_ref or new_case_ref(session, avoid=names)
    old_status = survivor.status
    for name, value in values.items():
        setattr(survivor, name, value)
    if missing is not None:
        survivor.missing = dict(missing)
    changed: dt.date | None = None
    if created:
        changed = survivor.closed_on if survivor.status == "closed" else None
        survivor.status_changed_on = changed
    elif survivor.status != old_status:
        changed = survivor.closed_on if survivor.status == "closed" else today
        survivor.status_changed_on = changed
    survivor.updated_at = utcnow()
    session.add(survivor)
    session.flush()
    assert survivor.id is not None
    if changed is not None:
        reason = survivor.closure_reason if survivor.status == "closed" else ""
        session.add(
            CaseStatusChange(
                survivor_id=survivor.id, changed_on=changed, status=survivor.status, reason=reason
            )
        )
        session.flush()
    return survivor.id
