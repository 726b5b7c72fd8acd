"""Case references: short, unique, never reused, safe to say aloud.

A case reference looks like ``NAV-7KR3M``: the prefix and five characters from
:data:`ALPHABET`. The alphabet leaves out characters that are easy to confuse on
paper (0/O/Q/D, 1/I/L, 5/S, 2/Z, 8/B, U/V, G/6, E/F) and letters that rhyme when
spelled aloud (B/D/E/G/V/Z sound like C/P/T). 19 symbols give 2.4 million
references, far more than a programme will ever issue.

Every reference ever issued is recorded in :class:`~caseload.models.CaseRefRegistry`,
so deleting a survivor never frees their reference for somebody else.

A reference never contains the survivor's own names (given, family or preferred, any
word of three letters or more, in any case): references are spoken aloud and exported.
Issued references avoid them, and a reference brought by an import is refused.

Public functions: :func:`new_case_ref`, :func:`issue_case_refs`,
:func:`register_case_ref`, :func:`register_case_refs`,
:func:`used_case_refs`, :func:`is_valid_case_ref`, :func:`holds_a_name`.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import secrets
import unicodedata
from collections.abc import Iterable

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


#: Name words shorter than this are not looked for (they turn up in references by chance).
MIN_NAME_LETTERS = 3

NAME_IN_REF = (
    "contains one of the survivor's names (given, family or preferred); references are "
    "spoken aloud and exported, so leave it blank for Navigator to issue one"
)


def _letters(text: str) -> str:
    """Lower-case letters and digits only, accents dropped: 'José-Ann' -> 'joseann'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def holds_a_name(ref: str, names: Iterable[str | None]) -> bool:
    """True when ``ref`` spells any word (3+ letters) of the survivor's ``names``.

    The standard prefix is left out of the search: it is the same for everyone.
    """
    body = ref[len(PREFIX):] if ref.upper().startswith(PREFIX) else ref
    spelled = _letters(body)
    for name in names:
        for word in _words(name or ""):
            letters = _letters(word)
            if len(letters) >= MIN_NAME_LETTERS and letters in spelled:
                return True
    return False


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\-'.,]+", text) if w]


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
    avoid: list[Iterable[str | None]] | None = None,
) -> list[str]:
    """Issue ``count`` new references at once and record them in the registry.

    ``rng`` makes the references deterministic (demo data); by default they come
    from the operating system's random source. ``avoid`` gives, for each reference in
    turn, the names of the survivor it is for: a reference spelling one is not issued.
    One query reads the references in use, one bulk insert records the new ones.
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
        names = list(avoid[len(new)]) if avoid else []
        if ref not in used and not holds_a_name(ref, names):
            used.add(ref)
            new.append(ref)
    if new:
        when = issued_at or dt.datetime.now(dt.UTC)
        session.execute(insert(_REGISTRY), [{"case_ref": r, "issued_at": when} for r in new])
    return new


def new_case_ref(
    session: Session, rng: random.Random | None = None, avoid: Iterable[str | None] = ()
) -> str:
    """Issue one new, never-used case reference, spelling none of the names in ``avoid``,
    and record it in the registry."""
    return issue_case_refs(session, 1, rng, avoid=[list(avoid)])[0]


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
