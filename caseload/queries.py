"""Loading the caseload as :class:`caseload.case.CaseRecord` bundles.

:func:`load_cases` reads the whole caseload with one query per table and groups
the rows by survivor id in Python (no query per survivor). :func:`load_case` does
the same for one survivor. Everything is loaded as read-only rows
(:mod:`caseload.records`), not ORM objects, because nothing edits records
through a loaded case: edit through the session (``session.get``), then load
again.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import func, or_
from sqlmodel import Session, select

from caseload.case import CaseRecord, RecentContacts
from caseload.categories import SUCCESSFUL_OUTCOMES
from caseload.models import (
    Activity,
    Assessment,
    CaseNote,
    CaseStatusChange,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    Referral,
    SupportGoal,
    Survivor,
)
from caseload.records import (
    ActivityRow,
    AgreementRow,
    AssessmentRow,
    CaseNoteRow,
    ConsentRow,
    ContactRow,
    MilestoneRow,
    PromiseRow,
    ReferralRow,
    StatusChangeRow,
    SupportGoalRow,
    SurvivorRow,
)

R = TypeVar("R", bound=tuple[Any, ...])

#: Rows fetched at a time (see :func:`_rows`).
FETCH_ROWS = 2000


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a caseload is built or worked on.

    Loading creates a few hundred thousand objects that all stay alive; each one
    counts towards the collector's next pass, which then walks every live object,
    so at 2,000 survivors its passes took about half of the loading time, and as
    much again in an export that loads, computes and drops a caseload. The records
    hold no reference cycles; any cyclic garbage made meanwhile is collected by the
    first pass after. Nesting and threads are safe: only the outermost pause (the
    one that found the collector enabled) enables it again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _rows(
    session: Session, row_type: type[R], model: type[Any], order_by: str = "", **equal: int
) -> list[R]:
    """The rows of ``model``'s table whose columns ``equal`` the values given, as ``row_type``.

    Only the row type's columns are read (not the ``created_at`` stamps, whose
    parsing alone cost more than the rest of the row). The rows are fetched
    :data:`FETCH_ROWS` at a time: SQLAlchemy makes a whole fetch into rows in C
    without letting another thread run, so fetching the 270,000 contacts of a
    10,000-survivor caseload at once froze the app's interface for 0.3 s although
    the load runs in a worker thread; in parts the longest pause is a few ms.
    """
    table = model.__table__
    query = select(*(table.c[name] for name in row_type._fields))  # type: ignore[attr-defined]
    for name, value in equal.items():
        query = query.where(table.c[name] == value)
    if order_by:
        query = query.order_by(table.c[order_by])
    make = row_type._make  # type: ignore[attr-defined]
    rows: list[R] = []
    for part in session.execute(query).partitions(FETCH_ROWS):
        rows.extend(map(make, part))
    return rows


def _grouped_rows(
    session: Session, row_type: type[R], model: type[Any], survivor_id: int | None
) -> dict[int, list[R]]:
    """Every row of ``model``'s table (or one survivor's) as ``row_type``, by survivor id."""
    equal = {} if survivor_id is None else {"survivor_id": survivor_id}
    return _group(_rows(session, row_type, model, **equal))


def _group(rows: Iterable[R]) -> dict[int, list[R]]:
    groups: dict[int, list[R]] = defaultdict(list)
    for record in rows:
        groups[record.survivor_id].append(record)  # type: ignore[attr-defined]
    return groups


def _recent_contacts(session: Session, recent: RecentContacts) -> dict[int, list[ContactRow]]:
    """Each survivor's recent contacts (see :class:`RecentContacts`), in one query."""
    log = ContactLog.__table__  # type: ignore[attr-defined]
    last = (
        select(log.c.survivor_id, func.max(log.c.contact_date).label("day"))
        .where(log.c.outcome.in_(sorted(SUCCESSFUL_OUTCOMES)))
        .where(log.c.contact_date <= recent.today)
        .group_by(log.c.survivor_id)
        .subquery()
    )
    query = (
        select(*(log.c[name] for name in ContactRow._fields))
        .select_from(log.outerjoin(last, last.c.survivor_id == log.c.survivor_id))
        .where(
            or_(
                last.c.day.is_(None),
                log.c.contact_date >= last.c.day,
                log.c.contact_date >= recent.since,
            )
        )
    )
    rows: list[ContactRow] = []
    for part in session.execute(query).partitions(FETCH_ROWS):
        rows.extend(map(ContactRow._make, part))
    return _group(rows)


def _contact_counts(session: Session) -> dict[int, int]:
    log = ContactLog.__table__  # type: ignore[attr-defined]
    query = select(log.c.survivor_id, func.count()).group_by(log.c.survivor_id)
    return {sid: count for sid, count in session.execute(query)}


def _bundle(
    session: Session,
    survivors: Iterable[SurvivorRow],
    where: int | None,
    recent: RecentContacts | None = None,
) -> list[CaseRecord]:
    assessments = _grouped_rows(session, AssessmentRow, Assessment, where)
    agreements = _grouped_rows(session, AgreementRow, ContactAgreement, where)
    if recent is None:
        contacts = _grouped_rows(session, ContactRow, ContactLog, where)
        counts: dict[int, int] | None = None
    else:
        contacts = _recent_contacts(session, recent)
        counts = _contact_counts(session)
    promises = _grouped_rows(session, PromiseRow, Promise, where)
    milestones = _grouped_rows(session, MilestoneRow, Milestone, where)
    consents = _grouped_rows(session, ConsentRow, Consent, where)
    changes = _grouped_rows(session, StatusChangeRow, CaseStatusChange, where)
    referrals = _grouped_rows(session, ReferralRow, Referral, where)
    goals = _grouped_rows(session, SupportGoalRow, SupportGoal, where)
    # Free text no rule reads: only with one case (the file opened).
    notes = {} if where is None else _grouped_rows(session, CaseNoteRow, CaseNote, where)
    cases = []
    for survivor in survivors:
        sid = survivor.id
        assert sid is not None
        cases.append(
            CaseRecord(
                survivor=survivor,
                assessments=assessments.get(sid, []),
                agreement_history=agreements.get(sid, []),
                contacts=contacts.get(sid, []),
                promises=promises.get(sid, []),
                milestones=milestones.get(sid, []),
                consents=consents.get(sid, []),
                status_history=changes.get(sid, []),
                contacts_logged=None if counts is None else counts.get(sid, 0),
                referrals=referrals.get(sid, []),
                goals=goals.get(sid, []),
                notes=notes.get(sid, []),
            )
        )
    return cases


def load_cases(session: Session, recent_contacts: RecentContacts | None = None) -> list[CaseRecord]:
    """Every survivor's case, ordered by case reference (ten queries in all).

    With ``recent_contacts`` each contact log holds only that part of it (a tenth of
    the rows in the demo caseload): the case's ``contacts_complete`` is then false and
    its ``contact_count`` still counts the whole log.
    """
    with collector_paused():
        survivors = _rows(session, SurvivorRow, Survivor, "case_ref")
        return _bundle(session, survivors, None, recent_contacts)


def load_case(session: Session, survivor_id: int) -> CaseRecord | None:
    """One survivor's case, or ``None`` when there is no such survivor."""
    found = _rows(session, SurvivorRow, Survivor, id=survivor_id)
    if not found:
        return None
    return _bundle(session, found, survivor_id)[0]


# --- the service directory (no survivor data) ---------------------------------------

from caseload.models import Provider  # noqa: E402 - kept with the query that reads it


def load_providers(session: Session) -> list[Provider]:
    """The service directory, ordered by name (any letter case, as Python folds it)."""
    providers = session.exec(select(Provider)).all()
    return sorted(providers, key=lambda p: (p.name.casefold(), p.id or 0))


def load_activities(session: Session) -> list[ActivityRow]:
    """Every activity (the work beyond the caseload), newest first."""
    rows = _rows(session, ActivityRow, Activity)
    return sorted(rows, key=lambda a: (a.date, a.id or 0), reverse=True)
