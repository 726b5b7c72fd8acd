"""Record a consent (given, declined, withdrawn), or correct one recorded before."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from caseload.changes.common import context_for, existing, validated, write
from caseload.models import Consent
from caseload.validation.consents import CONSENT


def record_consent(
    session: Session,
    survivor_id: int,
    raw: Mapping[str, Any],
    today: dt.date,
    consent_id: int | None = None,
) -> int:
    row = (
        existing(session, Consent, consent_id)
        if consent_id is not None
        else Consent(survivor_id=survivor_id, kind="")
    )
    context = context_for(session, survivor_id, today)
    return write(session, row, validated(CONSENT, row, raw, context))


def edit_consent(
    session: Session, consent_id: int, raw: Mapping[str, Any], today: dt.date
) -> int:
    """Correct a consent recorded before (a changed answer is a new one: record_consent)."""
    row = existing(session, Consent, consent_id)
    return record_consent(session, row.survivor_id, raw, today, consent_id)
