"""Add, correct and delete a case note (free text on the file; never exported)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from caseload.changes.common import add, edit, existing
from caseload.corrections import delete_kept
from caseload.models import CaseNote
from caseload.validation.notes import CASE_NOTE


def add_note(session: Session, survivor_id: int, raw: Mapping[str, Any], today: dt.date) -> int:
    """A new note; its date defaults to today."""
    row = CaseNote(survivor_id=survivor_id, written_on=today, text="")
    return add(session, CASE_NOTE, row, raw, today)


def edit_note(session: Session, note_id: int, raw: Mapping[str, Any], today: dt.date) -> int:
    """Correct a note; each changed field's old value is kept in the case's history."""
    return edit(session, CASE_NOTE, CaseNote, note_id, raw, today, keep_history=True)


def delete_note(session: Session, note_id: int) -> None:
    """Delete a note written by mistake; it is kept whole in the case's history."""
    delete_kept(session, existing(session, CaseNote, note_id))
