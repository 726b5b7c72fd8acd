"""Record the contact agreement: every save is a new version, earlier ones are kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlmodel import Session

from caseload.changes.common import context_for, existing, validated, write
from caseload.errors import InvalidInput
from caseload.models import ContactAgreement
from caseload.record_history import current_agreement
from caseload.validation.agreements import AGREEMENT


def record_agreement(
    session: Session,
    survivor_id: int,
    raw: Mapping[str, Any],
    phones: Sequence[Mapping[str, Any]],
    today: dt.date,
    agreement_id: int | None = None,
) -> int:
    """Add the next version (``agreement_id`` None), or rewrite the version just added
    (a retry after a failed save, which must not add a second version)."""
    context = context_for(session, survivor_id, today, phones=list(phones))
    current: ContactAgreement | None = None
    if agreement_id is not None:
        row = existing(session, ContactAgreement, agreement_id)
        if row.survivor_id != survivor_id:
            raise InvalidInput("That agreement belongs to another case; nothing was changed.")
    else:
        current = current_agreement(session, survivor_id)
        version = current.version + 1 if current is not None else 1
        row = ContactAgreement(survivor_id=survivor_id, version=version, agreed_on=today)
    values = validated(AGREEMENT, row, raw, context)
    values["phones"] = [dict(phone) for phone in phones]
    if agreement_id is None and current is not None and _same(current, values):
        assert current.id is not None
        return current.id  # saved with no change: no new version
    return write(session, row, values)


def _same(current: ContactAgreement, values: Mapping[str, Any]) -> bool:
    """Whether ``values`` agree what ``current`` does (the day it is agreed on aside: an
    unchanged form carries today's date)."""
    return all(getattr(current, k) == v for k, v in values.items() if k != "agreed_on")
