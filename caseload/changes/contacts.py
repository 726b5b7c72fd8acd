"""Log, edit and delete a contact (or an attempt at one)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from caseload.changes.common import add, edit, existing
from caseload.models import ContactLog
from caseload.validation.contacts import CONTACT


def log_contact(session: Session, survivor_id: int, raw: Mapping[str, Any], today: dt.date) -> int:
    row = ContactLog(survivor_id=survivor_id, contact_date=today)
    return add(session, CONTACT, row, raw, today)


def edit_contact(session: Session, contact_id: int, raw: Mapping[str, Any], today: dt.date) -> int:
    return edit(session, CONTACT, ContactLog, contact_id, raw, today)


def delete_contact(session: Session, contact_id: int) -> None:
    session.delete(existing(session, ContactLog, contact_id))
    session.flush()
