"""The decrypted caseload as the app holds it in memory while the vault is unlocked.

Loaded in one pass in a worker thread (``storage.queries.load_cases``: one query per
table, grouped by survivor), so screens filter and sort plain Python objects instead
of querying on every key press.  Locking drops the whole snapshot.  Figures derived
from it (due dates, scores, flags) come from the rules in ``assessments/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from assessments.case import CaseRecord
from storage.models import Survivor
from storage.queries import load_cases


@dataclass
class Caseload:
    """Every case, keyed by survivor id, and the date the figures are computed for."""

    files: dict[int, CaseRecord]
    today: dt.date

    def __len__(self) -> int:
        return len(self.files)

    def get(self, survivor_id: int) -> CaseRecord | None:
        return self.files.get(survivor_id)


def load_caseload(session: Session, today: dt.date) -> Caseload:
    """Read the whole caseload (blocking: call from a worker thread)."""
    return Caseload({case.survivor_id: case for case in load_cases(session)}, today)


def shown_name(survivor: Survivor, discreet: bool) -> str:
    """The name to put on screen: in discreet mode the case reference and initials only."""
    if discreet:
        return f"{survivor.case_ref} {survivor.initials}"
    return survivor.display_name


def full_name(survivor: Survivor, discreet: bool) -> str:
    if discreet:
        return shown_name(survivor, True)
    name = " ".join(p for p in (survivor.given_name, survivor.family_name) if p)
    if survivor.preferred_name and survivor.preferred_name != survivor.given_name:
        name = f"{name} ({survivor.preferred_name})" if name else survivor.preferred_name
    return name or survivor.case_ref
