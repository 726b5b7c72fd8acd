"""What every change function shares: finding the survivor and writing one row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel

from caseload.corrections import record_edit, values_of
from caseload.errors import InvalidInput
from caseload.models import Survivor
from caseload.validation.records import Context, RecordKind, require_valid

M = TypeVar("M", bound=SQLModel)

GONE_CASE = "That case no longer exists; nothing was changed."
GONE_RECORD = "That record no longer exists (deleted elsewhere?); nothing was changed."


def survivor(session: Session, survivor_id: int) -> Survivor:
    found = session.get(Survivor, survivor_id)
    if found is None:
        raise InvalidInput(GONE_CASE)
    return found


def context_for(session: Session, survivor_id: int, today: dt.date, **extra: Any) -> Context:
    """A survivor's record is checked against today and their intake date."""
    return Context(today, survivor(session, survivor_id).intake_date, extra)


def existing(session: Session, model: type[M], record_id: int) -> M:
    found = session.get(model, record_id)
    if found is None:
        raise InvalidInput(GONE_RECORD)
    return found


def validated(
    kind: RecordKind, row: SQLModel, raw: Mapping[str, Any], context: Context
) -> dict[str, Any]:
    """``raw`` over the row's current values (a new row's defaults), checked whole.

    So an edit may give only what changes, and a handover only what it knows; the
    record saved is always one the validator accepts.
    """
    values = {f.name: getattr(row, f.name) for f in kind.fields}
    values.update(raw)
    checked = require_valid(kind, values, context)
    for spec in kind.fields:
        if spec.kind == "multi":  # stored as ';'-joined codes
            checked[spec.name] = ";".join(checked[spec.name])
    return checked


def write(session: Session, row: M, values: Mapping[str, Any]) -> int:
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    session.flush()
    row_id = getattr(row, "id", None)
    assert isinstance(row_id, int)
    return row_id


def add(session: Session, kind: RecordKind, row: SQLModel, raw: Mapping[str, Any], today: dt.date
        ) -> int:
    """Check a new survivor-owned ``row`` (its defaults under ``raw``) and write it."""
    survivor_id = getattr(row, "survivor_id")  # noqa: B009 - every survivor-owned model has it
    return write(session, row, validated(kind, row, raw, context_for(session, survivor_id, today)))


def edit(
    session: Session,
    kind: RecordKind,
    model: type[M],
    record_id: int,
    raw: Mapping[str, Any],
    today: dt.date,
    keep_history: bool = False,
) -> int:
    """Check ``raw`` over a saved row and write it; a row deleted meanwhile is refused.

    ``keep_history``: each changed field's old value is kept (a correction)."""
    row = existing(session, model, record_id)
    survivor_id = getattr(row, "survivor_id")  # noqa: B009
    before = values_of(row, kind) if keep_history else None
    context = context_for(session, survivor_id, today)
    result = write(session, row, validated(kind, row, raw, context))
    if before is not None:
        record_edit(session, row, before)
    return result
