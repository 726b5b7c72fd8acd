"""Corrections to a contact log entry, a milestone, a promise, a case note or a support
plan goal, kept as history.

A navigator corrects a record (a wrong "update given" tick, a promise's wording, a
milestone's date) or deletes one logged by mistake.  Nothing is silently overwritten:
each changed field's old and new value is kept (:class:`caseload.models.RecordCorrection`),
and a deleted record is kept whole, as it was.  The history lives in the vault with
the case: deleting the survivor deletes it, anonymising the case removes it (it holds
the free text the anonymising clears).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, SQLModel, col, select

from caseload.models import (
    CaseNote,
    ContactLog,
    Milestone,
    Promise,
    RecordCorrection,
    Referral,
    SupportGoal,
)
from caseload.validation.records import RecordKind

#: The records that can be corrected, by the name their history gives them.
CORRECTABLE: dict[type[SQLModel], str] = {
    ContactLog: "contact",
    Milestone: "milestone",
    Promise: "promise",
    Referral: "referral",
    CaseNote: "note",
    SupportGoal: "goal",
}


def _json(value: Any) -> str:
    if isinstance(value, dt.date | dt.time):
        value = value.isoformat()
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def values_of(row: SQLModel, kind: RecordKind) -> dict[str, Any]:
    """The row's values of the fields ``kind`` checks (what a form can change)."""
    return {f.name: getattr(row, f.name) for f in kind.fields}


def _kept(
    session: Session, row: SQLModel, action: str, field: str = "", old: str = "", new: str = ""
) -> None:
    session.add(
        RecordCorrection(
            survivor_id=getattr(row, "survivor_id"),  # noqa: B009
            record_kind=CORRECTABLE[type(row)],
            record_id=getattr(row, "id"),  # noqa: B009
            action=action,
            field=field,
            old_value=old,
            new_value=new,
        )
    )


def record_edit(session: Session, row: SQLModel, before: Mapping[str, Any]) -> int:
    """Keep each field of ``row`` that differs from ``before``; the number kept.

    Saving unchanged values (a retry after a failed save) keeps nothing."""
    changed = [(name, old) for name, old in before.items() if getattr(row, name) != old]
    for name, old in changed:
        _kept(session, row, "edited", name, _json(old), _json(getattr(row, name)))
    session.flush()
    return len(changed)


def record_deletion(session: Session, row: SQLModel) -> None:
    """Keep the whole of ``row`` as it was, before it is deleted."""
    whole = {
        name: getattr(row, name)
        for name in type(row).model_fields
        if name not in ("id", "survivor_id", "created_at")
    }
    _kept(session, row, "deleted", old=_json(whole))
    session.flush()


def delete_kept(session: Session, row: SQLModel) -> None:
    """Delete ``row``, keeping it whole in its case's history first."""
    record_deletion(session, row)
    session.delete(row)
    session.flush()


def corrections_of(session: Session, kind: str, record_id: int) -> list[RecordCorrection]:
    """A record's corrections, oldest first."""
    return list(
        session.exec(
            select(RecordCorrection)
            .where(col(RecordCorrection.record_kind) == kind)
            .where(col(RecordCorrection.record_id) == record_id)
            .order_by(col(RecordCorrection.changed_at), col(RecordCorrection.id))
        ).all()
    )


def deleted_records(session: Session, survivor_id: int) -> list[RecordCorrection]:
    """The records of a case deleted so far, each kept whole, oldest deletion first."""
    return list(
        session.exec(
            select(RecordCorrection)
            .where(col(RecordCorrection.survivor_id) == survivor_id)
            .where(col(RecordCorrection.action) == "deleted")
            .order_by(col(RecordCorrection.changed_at), col(RecordCorrection.id))
        ).all()
    )
