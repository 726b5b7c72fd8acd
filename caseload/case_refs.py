"""Case references: short, unique, never reused, safe to say aloud.

A case reference looks like ``NAV-7KR3M``: the prefix and five characters from
:data:`ALPHABET`. The alphabet leaves out characters that are easy to confuse on
paper (0/O/Q/D, 1/I/L, 5/S, 2/Z, 8/B, U/V, G/6, E/F) and letters that rhyme when
spelled aloud (B/D/E/G/V/Z sound like C/P/T). 19 symbols give 2.4 million
references, far more than a programme will ever issue.

Every reference ever issued is recorded in :class:`~caseload.models.CaseRefRegistry`,
so deleting a survivor never frees their reference for somebody else.

Public functions: :func:`new_case_ref`, :func:`issue_case_refs`,
:func:`register_case_ref`, :func:`register_case_refs`,
:func:`used_case_refs`, :func:`is_valid_case_ref`.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import secrets

from sqlalchemy import insert, select
from sqlmodel import Session

from caseload.models import CaseRefRegistry, Survivor

PREFIX = "NAV-"
ALPHABET = "ACHJKMNPRTWXY234679"
LENGTH = 5

#: What an accepted case reference looks like (an import may bring its own).
CASE_REF_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$")

_MAX_ATTEMPTS = 10_000
_REGISTRY = CaseRefRegistry.__table__  # type: ignore[attr-defined]


class CaseRefError(ValueError):
    """A reference that cannot be issued; ``message`` is one plain sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_valid_case_ref(ref: str) -> bool:
    """Letters, digits and inner hyphens, at most 32 characters."""
    return bool(CASE_REF_PATTERN.match(ref))


def used_case_refs(session: Session) -> set[str]:
    """Every reference issued so far or held by a survivor (upper-cased)."""
    issued = session.execute(select(CaseRefRegistry.case_ref)).scalars()
    held = session.execute(select(Survivor.case_ref)).scalars()
    return {r.upper() for r in issued} | {r.upper() for r in held}


def issue_case_refs(
    session: Session,
    count: int,
    rng: random.Random | None = None,
    issued_at: dt.datetime | None = None,
) -> list[str]:
    """Issue ``count`` new references at once and record them in the registry.

    ``rng`` makes the references deterministic (demo data); by default they come
    from the operating system's random source. One query reads the references in
    use, one bulk insert records the new ones.
    """
    chooser: random.Random = rng if rng is not None else secrets.SystemRandom()
    used = used_case_refs(session)
    new: list[str] = []
    attempts = 0
    while len(new) < count:
        attempts += 1
        if attempts > _MAX_ATTEMPTS + count * 10:
            raise CaseRefError("No unused case reference could be found.")
        ref = PREFIX + "".join(chooser.choice(ALPHABET) for _ in range(LENGTH))
        if ref not in used:
            used.add(ref)
            new.append(ref)
    if new:
        when = issued_at or dt.datetime.now(dt.UTC)
        session.execute(insert(_REGISTRY), [{"case_ref": r, "issued_at": when} for r in new])
    return new


def new_case_ref(session: Session, rng: random.Random | None = None) -> str:
    """Issue one new, never-used case reference and record it in the registry."""
    return issue_case_refs(session, 1, rng)[0]


def register_case_ref(session: Session, ref: str) -> str:
    """Record a reference brought in from outside (an import); refuse one already used."""
    return register_case_refs(session, [ref])[0]


def register_case_refs(session: Session, refs: list[str]) -> list[str]:
    """Record several outside references at once: one query and one insert, however many.

    Refuses (before recording any) a malformed one, one already used, or one given twice.
    """
    refs = [ref.strip() for ref in refs]
    used = used_case_refs(session)
    for ref in refs:
        if not is_valid_case_ref(ref):
            raise CaseRefError(
                "A case reference may hold only letters, digits and hyphens (at most 32)."
            )
        if ref.upper() in used:
            raise CaseRefError(f"The case reference {ref} is already in use or was used before.")
        used.add(ref.upper())
    if refs:
        now = dt.datetime.now(dt.UTC)
        session.execute(insert(_REGISTRY), [{"case_ref": r, "issued_at": now} for r in refs])
    return refs
