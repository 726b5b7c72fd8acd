"""The decrypted caseload as the app holds it in memory while the vault is unlocked.

Loaded in one pass in a worker thread (a query per table, grouped by survivor), so
screens filter and sort plain Python objects instead of querying on every key press.
Locking drops the whole snapshot.  Rule-derived figures (due dates, scores, flags)
come from :mod:`navigator_tui.case_rows`, which calls the rules in ``assessments/``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, select

from storage.models import (
    Assessment,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    Survivor,
)


@dataclass
class CaseFile:
    """One survivor and every record they own, each list in date order."""

    survivor: Survivor
    assessments: list[Assessment] = field(default_factory=list)
    agreements: list[ContactAgreement] = field(default_factory=list)
    contacts: list[ContactLog] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)

    @property
    def agreement(self) -> ContactAgreement | None:
        """The current contact agreement (highest version), if any."""
        return max(self.agreements, key=lambda a: a.version, default=None)

    @property
    def open_promises(self) -> list[Promise]:
        return [p for p in self.promises if p.status == "open"]


@dataclass
class Caseload:
    """Every case file, keyed by survivor id, and the date the figures are computed for."""

    files: dict[int, CaseFile]
    today: dt.date

    def __len__(self) -> int:
        return len(self.files)

    def get(self, survivor_id: int) -> CaseFile | None:
        return self.files.get(survivor_id)


def load_caseload(session: Session, today: dt.date) -> Caseload:
    """Read the whole caseload (blocking: call from a worker thread)."""
    files: dict[int, CaseFile] = {}
    for survivor in session.exec(select(Survivor)).all():
        assert survivor.id is not None
        files[survivor.id] = CaseFile(survivor)

    def grouped(model: type, order: object) -> dict[int, list]:
        out: dict[int, list] = defaultdict(list)
        for row in session.exec(select(model).order_by(order)).all():  # type: ignore[arg-type]
            out[row.survivor_id].append(row)
        return out

    tables = {
        "assessments": grouped(Assessment, Assessment.date),
        "agreements": grouped(ContactAgreement, ContactAgreement.version),
        "contacts": grouped(ContactLog, ContactLog.contact_date),
        "promises": grouped(Promise, Promise.made_on),
        "milestones": grouped(Milestone, Milestone.date),
        "consents": grouped(Consent, Consent.id),
    }
    for attr, by_survivor in tables.items():
        for survivor_id, rows in by_survivor.items():
            if survivor_id in files:
                setattr(files[survivor_id], attr, rows)
    return Caseload(files, today)


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
