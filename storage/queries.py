"""Loading the caseload as :class:`assessments.case.CaseRecord` bundles.

:func:`load_cases` reads the whole caseload with one query per table and groups
the rows by survivor id in Python (no query per survivor). :func:`load_case` does
the same for one survivor. Records are detached from the session's identity map
only in the sense that the rules never write through them: edit through the
session, then load again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

from assessments.case import CaseRecord
from storage.models import (
    Assessment,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    Survivor,
)

T = TypeVar("T", bound=SQLModel)


def _grouped(session: Session, model: type[T], where: Any = None) -> dict[int, list[T]]:
    query = select(model)
    if where is not None:
        query = query.where(where)
    groups: dict[int, list[T]] = defaultdict(list)
    for row in session.exec(query):
        groups[row.survivor_id].append(row)  # type: ignore[attr-defined]
    return groups


def _grouped_rows(
    session: Session, model: type[SQLModel], where: Any = None
) -> dict[int, list[Any]]:
    """Like :func:`_grouped`, as read-only rows (same attribute names as the model).

    Building an ORM object costs far more than reading its row, and contact logs are
    the bulk of a caseload (dozens per survivor), while nothing edits them through a
    loaded case: forms fetch the row they change with ``session.get``.
    """
    query = select(model.__table__)  # type: ignore[attr-defined]
    if where is not None:
        query = query.where(where)
    groups: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(query):
        groups[row.survivor_id].append(row)
    return groups


def _bundle(session: Session, survivors: Iterable[Survivor], where: Any = None) -> list[CaseRecord]:
    def cond(model: Any) -> Any:
        return None if where is None else model.survivor_id == where

    assessments = _grouped(session, Assessment, cond(Assessment))
    agreements = _grouped(session, ContactAgreement, cond(ContactAgreement))
    contacts = _grouped_rows(session, ContactLog, cond(ContactLog))
    promises = _grouped(session, Promise, cond(Promise))
    milestones = _grouped(session, Milestone, cond(Milestone))
    consents = _grouped(session, Consent, cond(Consent))
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
            )
        )
    return cases


def load_cases(session: Session) -> list[CaseRecord]:
    """Every survivor's case, ordered by case reference (seven queries in all)."""
    survivors = session.exec(select(Survivor).order_by(Survivor.case_ref)).all()
    return _bundle(session, survivors)


def load_case(session: Session, survivor_id: int) -> CaseRecord | None:
    """One survivor's case, or ``None`` when there is no such survivor."""
    survivor = session.get(Survivor, survivor_id)
    if survivor is None:
        return None
    return _bundle(session, [survivor], survivor_id)[0]
