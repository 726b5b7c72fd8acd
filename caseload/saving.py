"""Applying a change to an open vault: the one place a session is committed for the app.

A change is a function of a session that calls the :mod:`caseload.changes` functions.
:func:`commit_change` runs it and commits (the vault's in-memory database now holds it);
the caller then saves the vault to disk.  A failure is told as a :class:`SaveFailed`,
which says whether the change had already been committed: then it is in the open vault
(and in the next save) and a retry must rewrite the same rows, not add them again.

The app imports no database library (an import-linter contract): it names ``Session``
from here only to annotate the changes it hands over, and opens none itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session

from caseload.errors import NavigatorError
from caseload.vault import Vault

__all__ = ["Change", "SaveFailed", "Session", "commit_change", "read"]

T = TypeVar("T")
#: A change to the caseload: runs inside a session, which is committed afterwards.
Change = Callable[[Session], T]


@dataclass(frozen=True)
class SaveFailed:
    """A save that did not reach the disk, with the sentence to show."""

    message: str
    #: The change was committed to the open vault before the failure.
    committed: bool = False
    #: What the change returned (the id it wrote), when it was committed.
    result: Any = None
    #: The refusal itself, when the change was refused (an import's list of problems).
    error: NavigatorError | None = None


def commit_change(vault: Vault, change: Change[T]) -> T:
    """Run ``change`` in a session of ``vault`` and commit it (not yet saved to disk)."""
    with vault.session() as session:
        result = change(session)
        session.commit()
    return result


def read(vault: Vault, query: Callable[[Session], T]) -> T:
    """Run a read-only ``query`` in a session of ``vault``."""
    with vault.session() as session:
        return query(session)
