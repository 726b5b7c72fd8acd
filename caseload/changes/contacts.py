"""Log, edit and delete a contact (or an attempt at one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, select

from caseload.changes.common import context_for, existing, validated, write
from caseload.corrections import delete_kept, record_edit, values_of
from caseload.models import ContactAgreement, ContactLog
from caseload.validation.contacts import CONTACT


def _write(session: Session, row: ContactLog, raw: Mapping[str, Any], today: dt.date) -> int:
    """Checked against the survivor's contact agreement in force on the contact's day."""
    versions = session.exec(
        select(ContactAgreement).where(ContactAgreement.survivor_id == row.survivor_id)
    ).all()
    context = context_for(session, row.survivor_id, today, agreements=list(versions))
    return write(session, row, validated(CONTACT, row, raw, context))


def log_contact(session: Session, survivor_id: int, raw: Mapping[str, Any], today: dt.date) -> int:
    return _write(session, ContactLog(survivor_id=survivor_id, contact_date=today), raw, today)


def edit_contact(session: Session, contact_id: int, raw: Mapping[str, Any], today: dt.date) -> int:
    """Correct a logged contact; each changed field's old value is kept."""
    row = existing(session, ContactLog, contact_id)
    before = values_of(row, CONTACT)
    result = _write(session, row, raw, today)
    record_edit(session, row, before)
    return result


def delete_contact(session: Session, contact_id: int) -> None:
    """Delete a contact logged by mistake; it is kept whole in the case's history."""
    delete_kept(session, existing(session, ContactLog, contact_id))
