"""Delete a case, or reduce it to an anonymised record."""

from __future__ import annotations

from sqlmodel import Session

from caseload.deletion import delete_survivor
from caseload.models import Survivor
from caseload.retention import anonymise_case

__all__ = ["anonymise_case", "delete_case"]


def delete_case(session: Session, survivor_id: int) -> str | None:
    """Delete the survivor and everything theirs; their case reference, or None when
    they are already gone (a retry after a save that failed once the delete was done)."""
    if session.get(Survivor, survivor_id) is None:
        return None
    return delete_survivor(session, survivor_id)
