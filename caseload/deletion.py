"""Deleting a survivor: every record of theirs goes, and no trace stays in the saved vault.

Removed: the survivor row, their assessments and every amendment of those assessments,
contact agreements (all versions), contact logs, promises, consents, milestones, the
case status history and the history of corrections.
Kept: their case reference in :class:`~caseload.models.CaseRefRegistry`, so that it is
never issued to anybody else (it carries no personal data).

The database runs with ``secure_delete`` on (see :data:`storage.vault.PRAGMAS`), so
SQLite overwrites deleted cells and freed pages with zeros; the next
:meth:`~storage.vault.Vault.save` writes an image without them. Earlier generations in
the ``backups`` folder still hold the record (encrypted) until they are rotated out
(at most 30 days) or removed with :func:`purge_backups` - the app should say so.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, col, delete, select

from caseload.errors import InvalidInput
from caseload.models import (
    SURVIVOR_OWNED,
    Assessment,
    AssessmentAmendment,
    CaseRefRegistry,
    Survivor,
)
from storage import backups


def delete_survivor(session: Session, survivor_id: int) -> str:
    """Delete the survivor and everything of theirs, commit, and return their case reference.

    The caller saves the vault afterwards. The returned reference is what a
    confirmation names ("NAV-7KR3M deleted"): never the person's name.
    """
    survivor = session.get(Survivor, survivor_id)
    if survivor is None:
        raise InvalidInput("That case no longer exists; nothing was deleted.")
    case_ref = survivor.case_ref
    if session.get(CaseRefRegistry, case_ref) is None:
        session.add(CaseRefRegistry(case_ref=case_ref))
    assessment_ids = select(Assessment.id).where(col(Assessment.survivor_id) == survivor_id)
    session.exec(  # type: ignore[call-overload]
        delete(AssessmentAmendment).where(
            col(AssessmentAmendment.assessment_id).in_(assessment_ids)
        )
    )
    for model in SURVIVOR_OWNED:
        session.exec(delete(model).where(model.survivor_id == survivor_id))  # type: ignore[call-overload,attr-defined]
    session.exec(delete(Survivor).where(col(Survivor.id) == survivor_id))  # type: ignore[call-overload]
    session.commit()
    session.expunge_all()
    return case_ref


def purge_backups(vault_path: Path) -> int:
    """Remove every backup of the vault (after a deletion that must be complete at once).

    Call it only after a successful save: the vault itself is then the only copy left.
    Returns how many backups were removed.
    """
    removed = 0
    for backup in backups.list_backups(Path(vault_path)):
        backup.path.unlink(missing_ok=True)
        removed += 1
    return removed
