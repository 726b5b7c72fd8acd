"""The decrypted caseload as the app holds it in memory while the vault is unlocked.

Loaded in a worker thread (``caseload.queries.load_cases``: one query per table,
grouped by survivor), together with everything the screens show that the rules
compute: a :class:`CaseRow` per survivor and the day's worklist.  Screens then
filter and sort plain Python objects; nothing heavy runs on the UI thread.
After a save only the changed survivor is reloaded (:meth:`Caseload.with_case`).
A :class:`Caseload` is never changed in place: the worker builds a new one and
hands it over, so the UI thread never sees a half-updated caseload.
Locking drops the whole snapshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from assessments.case_status import contacts_read, evaluate
from assessments.worklist import Action, WorklistSettings, actions_for, worklist_of
from caseload.case import CaseRecord
from caseload.models import Survivor
from caseload.queries import collector_paused, load_case, load_cases
from caseload.saving import Session
from navigator_tui.case_rows import CaseRow, build_row
from navigator_tui.collector import freeze_loaded


@dataclass(frozen=True)
class Caseload:
    """Every case and its row, keyed by survivor id; the worklist; the day it is for."""

    files: dict[int, CaseRecord]
    rows: dict[int, CaseRow]
    worklist: list[Action]
    today: dt.date
    #: The thresholds the worklist was built with (kept for single-case reloads).
    settings: WorklistSettings = WorklistSettings()

    def __len__(self) -> int:
        return len(self.files)

    def get(self, survivor_id: int) -> CaseRecord | None:
        return self.files.get(survivor_id)

    def release(self) -> None:
        """Empty this caseload a survivor at a time (only once nothing reads it any more).

        Freeing a caseload is one long call into the interpreter when its last
        reference goes (0.4 s for 10,000 survivors, every other thread waiting);
        emptied from a worker thread in small steps, the interface keeps its turns.
        """
        for table in (self.rows, self.files):
            while table:
                table.popitem()
        while self.worklist:
            del self.worklist[-500:]

    def with_case(self, survivor_id: int, case: CaseRecord | None) -> Caseload:
        """A copy with one survivor's case replaced (or removed when ``case`` is None)."""
        files = dict(self.files)
        rows = dict(self.rows)
        worklist = [a for a in self.worklist if a.survivor_id != survivor_id]
        if case is None:
            files.pop(survivor_id, None)
            rows.pop(survivor_id, None)
        else:
            files[survivor_id] = case
            status = evaluate(case, self.today, self.settings)
            rows[survivor_id] = build_row(status)
            worklist = sorted(worklist + actions_for(status), key=Action.sort_key)
        return Caseload(files, rows, worklist, self.today, self.settings)


def load_caseload(
    session: Session, today: dt.date, settings: WorklistSettings | None = None
) -> Caseload:
    """Read the whole caseload and apply the rules (blocking: call from a worker thread).

    The collector stays paused until everything is built, then the result is frozen
    (:mod:`navigator_tui.collector`) so that its passes never walk it.
    """
    with collector_paused():
        # Only the recent part of each contact log: a file loads the rest when it opens.
        loaded = load_cases(session, contacts_read(today))
        files = {case.survivor_id: case for case in loaded}
        settings = settings or WorklistSettings()
        # Each case's rules run once, for its row and its worklist actions alike.
        statuses = [evaluate(case, today, settings) for case in files.values()]
        rows = {status.case.survivor_id: build_row(status) for status in statuses}
        worklist = worklist_of(statuses)
        del statuses
        cases = Caseload(files, rows, worklist, today, settings)
        freeze_loaded()
    return cases


def reload_case(session: Session, cases: Caseload, survivor_id: int) -> Caseload:
    """The caseload with one survivor read again after a change (worker thread)."""
    return cases.with_case(survivor_id, load_case(session, survivor_id))


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
