"""Add, move on, correct and delete a referral.

Every change to a saved referral keeps the fields' old values in the case's history
(:mod:`caseload.corrections`), so a referral's path through its states can be read
back: when it was sent, accepted, started, and how it ended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, select

from caseload.changes.common import add, edit, existing
from caseload.corrections import delete_kept
from caseload.models import Provider, Referral, utcnow
from caseload.validation.referrals import REFERRAL


def _provider(session: Session, raw: Mapping[str, Any]) -> dict[str, Any]:
    """A directory entry chosen: its id, and its name unless one was typed. A name typed
    as a directory entry is spelled (any case) links that entry."""
    values = dict(raw)
    pid = values.pop("provider_id", None)
    name = str(values.get("provider_name") or "").strip()
    if pid in (None, "") and name:
        # Compared in Python: SQLite's lower() folds only ASCII (Ärzte, ärzte).
        wanted = name.casefold()
        same = next((p for p in session.exec(select(Provider)) if p.name.casefold() == wanted),
                    None)
        if same is not None:
            values["provider_id"] = same.id
        return values
    if pid in (None, ""):
        return values
    provider = session.get(Provider, int(pid))
    if provider is not None:
        values["provider_id"] = provider.id
        values.setdefault("provider_name", provider.name)
        if not values["provider_name"]:
            values["provider_name"] = provider.name
    return values


def add_referral(
    session: Session, survivor_id: int, raw: Mapping[str, Any], today: dt.date
) -> int:
    """A new referral; ``raw`` may carry ``provider_id``, a directory entry."""
    values = _provider(session, raw)
    row = Referral(survivor_id=survivor_id, service_kind="",
                   provider_id=values.pop("provider_id", None))
    return add(session, REFERRAL, row, values, today)


def edit_referral(
    session: Session, referral_id: int, raw: Mapping[str, Any], today: dt.date
) -> int:
    """Move a referral on or correct it; each changed field's old value is kept."""
    values = _provider(session, raw)
    row = existing(session, Referral, referral_id)
    if "provider_id" in values:
        row.provider_id = values.pop("provider_id")
    elif values.get("provider_name", row.provider_name) != row.provider_name:
        row.provider_id = None  # another provider, typed: not the directory entry
    row.updated_at = utcnow()
    return edit(session, REFERRAL, Referral, referral_id, values, today, keep_history=True)


def delete_referral(session: Session, referral_id: int) -> None:
    """Delete a referral added by mistake; it is kept whole in the case's history."""
    delete_kept(session, existing(session, Referral, referral_id))
