"""Make a promise, edit it, and change its status (kept, broken, renegotiated, ...)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from caseload.changes.common import add, context_for, edit, existing, validated, write
from caseload.corrections import delete_kept
from caseload.models import Promise
from caseload.validation.promises import PROMISE, PROMISE_STATUS


def make_promise(session: Session, survivor_id: int, raw: Mapping[str, Any], today: dt.date) -> int:
    row = Promise(survivor_id=survivor_id, what="", made_on=today)
    return add(session, PROMISE, row, raw, today)


def edit_promise(session: Session, promise_id: int, raw: Mapping[str, Any], today: dt.date) -> int:
    """Correct a promise (its wording, its due date...); each changed field's old value
    is kept."""
    return edit(session, PROMISE, Promise, promise_id, raw, today, keep_history=True)


def delete_promise(session: Session, promise_id: int) -> None:
    """Delete a promise recorded by mistake; it is kept whole in the case's history.
    (A promise that was not kept is marked broken, not deleted.)"""
    delete_kept(session, existing(session, Promise, promise_id))


def set_promise_status(
    session: Session, promise_id: int, raw: Mapping[str, Any], today: dt.date
) -> int:
    """``raw``: status, status_changed_on and outcome_note."""
    row = existing(session, Promise, promise_id)
    context = context_for(session, row.survivor_id, today, made_on=row.made_on)
    return write(session, row, validated(PROMISE_STATUS, row, raw, context))
