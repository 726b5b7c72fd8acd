"""Add, edit and delete a provider of the service directory.

Providers hold no survivor data, so they are not checked against a case and keep no
history of corrections. Names are unique in the directory (any letter case): the
directory import updates a provider found by name. Deleting a provider leaves each
referral to it as it was, with the provider's name, and unlinks it (the foreign key's
ON DELETE SET NULL, with SQLite's foreign keys on in every vault session).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, select

from caseload.changes.common import existing, validated, write
from caseload.directory import split_list
from caseload.models import Provider
from caseload.validation.providers import PROVIDER
from caseload.validation.records import Context, RecordInvalid

DUPLICATE_NAME = "The directory already has a provider of that name."


def same_name(session: Session, name: str, other_than: int | None = None) -> Provider | None:
    """The provider called ``name`` (any letter case), other than ``other_than``.

    Compared in Python: SQLite's ``lower`` folds only ASCII letters (a directory is small).
    """
    wanted = name.strip().casefold()
    for provider in session.exec(select(Provider)):
        if provider.id != other_than and provider.name.strip().casefold() == wanted:
            return provider
    return None


def _checked(session: Session, row: Provider, raw: Mapping[str, Any], today: dt.date
             ) -> dict[str, Any]:
    values = validated(PROVIDER, row, raw, Context(today))
    values["languages"] = ";".join(split_list(values["languages"]))
    if same_name(session, values["name"], row.id) is not None:
        raise RecordInvalid(
            "provider", {"name": DUPLICATE_NAME}
        )
    return values


def add_provider(session: Session, raw: Mapping[str, Any], today: dt.date) -> int:
    """Add a provider to the directory; returns its id."""
    row = Provider(name="")
    return write(session, row, _checked(session, row, raw, today))


def edit_provider(
    session: Session, provider_id: int, raw: Mapping[str, Any], today: dt.date
) -> int:
    """Change a provider (``raw`` may give only what changes); a deleted one is refused."""
    row = existing(session, Provider, provider_id)
    return write(session, row, _checked(session, row, raw, today))


def delete_provider(session: Session, provider_id: int) -> None:
    """Remove a provider; referrals to it keep its name and lose the link."""
    session.delete(existing(session, Provider, provider_id))
    session.flush()
