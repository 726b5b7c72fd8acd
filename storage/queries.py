"""Loading the caseload as :class:`assessments.case.CaseRecord` bundles.

:func:`load_cases` reads the whole caseload with one query per table and groups
the rows by survivor id in Python (no query per survivor). :func:`load_case` does
the same for one survivor. Everything is loaded as read-only rows
(:mod:`assessments.records`), not ORM objects, because nothing edits records
through a loaded case: edit through the session (``session.get``), then load
again.
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from typing import Any, TypeVar

from sqlalchemy.sql import sqltypes
from sqlmodel import Session

from assessments.case import CaseRecord
from assessments.records import (
    AgreementRow,
    AssessmentRow,
    ConsentRow,
    ContactRow,
    MilestoneRow,
    PromiseRow,
    SurvivorRow,
)
from storage.models import (
    Assessment,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    Survivor,
)

R = TypeVar("R", bound=tuple[Any, ...])

#: Rows fetched at a time (see :func:`_rows`).
FETCH_ROWS = 2000

#: Column types whose processed values are immutable, so that rows may share them.
IMMUTABLE_RESULTS = (sqltypes.Date, sqltypes.Time, sqltypes.DateTime, sqltypes.Boolean)

_new_tuple = tuple.__new__


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


def _json_documents(stored: tuple[Any, ...], each: Callable[[Any], Any]) -> list[Any]:
    """A part's JSON documents parsed in one call, or one by one with ``each`` if need be.

    One call over ``[doc,doc,...]`` shares the parser's set-up and its dictionary keys
    between documents: at 2,000 survivors it parses the ratings, phones and missing
    reasons in 60% of the time. Only valid documents give as many values as there are
    documents; anything else (a NULL, a number, a malformed document) is parsed one by
    one, which gives what the ORM gives, or raises where it raises.
    """
    if set(map(type, stored)) == {str}:
        try:
            documents = json.loads("[" + ",".join(stored) + "]")
        except ValueError:
            documents = None
        if documents is not None and len(documents) == len(stored):
            return documents  # type: ignore[no-any-return]
    return list(map(each, stored))


@dataclass(frozen=True)
class _Column:
    """How one column's stored values become the values of a row field."""

    index: int
    #: SQLAlchemy's own result processor for the column's type (what the ORM applies).
    process: Callable[[Any], Any]
    #: Each stored value seen so far and its processed value, for types whose values are
    #: immutable (one date object per distinct day); ``None``: process every value.
    seen: dict[Any, Any] | None
    #: A JSON column read with the standard parser (as the ORM does unless told otherwise).
    json: bool

    def values(self, stored: tuple[Any, ...]) -> Iterable[Any]:
        """A part's stored values of this column, processed (column at a time, in C)."""
        if self.json:
            return _json_documents(stored, self.process)
        seen = self.seen
        if seen is None:
            return map(self.process, stored)
        process = self.process
        for value in set(stored).difference(seen):
            seen[value] = process(value)
        return map(seen.__getitem__, stored)


def _columns(session: Session, row_type: type[Any], table: Any) -> list[_Column]:
    """The row type's columns that need processing, each with its table type's processor."""
    dialect = session.get_bind().dialect
    # No deserializer configured on the engine: SQLAlchemy parses JSON with json.loads.
    standard_json = getattr(dialect, "_json_deserializer", None) is None
    columns = []
    for index, name in enumerate(row_type._fields):
        kind = table.c[name].type
        process = kind.dialect_impl(dialect).result_processor(dialect, None)
        if process is not None:
            shared = {} if isinstance(kind, IMMUTABLE_RESULTS) else None
            json_column = standard_json and isinstance(kind, sqltypes.JSON)
            columns.append(_Column(index, process, shared, json_column))
    return columns


def _made(row_type: type[R], part: list[tuple[Any, ...]], columns: list[_Column]) -> Iterator[R]:
    """``part``'s stored rows as ``row_type`` rows, each value processed as the ORM would."""
    if columns:
        values: list[Iterable[Any]] = list(zip(*part, strict=True))
        for column in columns:
            values[column.index] = column.values(values[column.index])  # type: ignore[arg-type]
        part = zip(*values, strict=True)  # type: ignore[assignment]
    return map(_new_tuple, repeat(row_type), part)  # type: ignore[arg-type]


def _rows(
    session: Session, row_type: type[R], model: type[Any], order_by: str = "", **equal: int
) -> list[R]:
    """The rows of ``model``'s table whose columns ``equal`` the values given, as ``row_type``.

    Only the row type's columns are read (not the ``created_at`` stamps, whose
    parsing alone cost more than the rest of the row), through the session's own
    sqlite3 connection (in its transaction), so that each stored row is a plain
    tuple; its values are then processed column by column with SQLAlchemy's own
    processors for the table's column types (:func:`_made`): the same values and
    types as a SQLAlchemy result gives, about 15% faster overall. The bare sqlite3
    fetch is now more than half of the loading time: at 2,000 survivors 0.13 to
    0.15 s for the 80,000 rows, about 130 ns per value, whatever the value.
    The rows are fetched :data:`FETCH_ROWS` at a time and made a part at a time:
    a fetch and the making of its rows run in C without letting another thread
    run, so fetching the 270,000 contacts of a 10,000-survivor caseload at once
    froze the app's interface for 0.3 s although the load runs in a worker
    thread; in parts the longest pause is a few ms.
    """
    table = model.__table__
    quote = session.get_bind().dialect.identifier_preparer.quote
    sql = f"SELECT {', '.join(map(quote, row_type._fields))} FROM {quote(table.name)}"  # type: ignore[attr-defined]
    if equal:
        sql += " WHERE " + " AND ".join(f"{quote(name)} = ?" for name in equal)
    if order_by:
        sql += f" ORDER BY {quote(order_by)}"
    columns = _columns(session, row_type, table)
    if session.autoflush:  # as a query through the session would: pending changes first
        session.flush()
    cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, tuple(equal.values()))
        rows: list[R] = []
        while part := cursor.fetchmany(FETCH_ROWS):
            rows.extend(_made(row_type, part, columns))
    finally:
        cursor.close()
    return rows


def _grouped_rows(
    session: Session, row_type: type[R], model: type[Any], survivor_id: int | None
) -> dict[int, list[R]]:
    """Every row of ``model``'s table (or one survivor's) as ``row_type``, by survivor id."""
    equal = {} if survivor_id is None else {"survivor_id": survivor_id}
    groups: dict[int, list[R]] = defaultdict(list)
    for record in _rows(session, row_type, model, **equal):
        groups[record.survivor_id].append(record)  # type: ignore[attr-defined]
    return groups


def _bundle(
    session: Session, survivors: Iterable[SurvivorRow], where: int | None
) -> list[CaseRecord]:
    assessments = _grouped_rows(session, AssessmentRow, Assessment, where)
    agreements = _grouped_rows(session, AgreementRow, ContactAgreement, where)
    contacts = _grouped_rows(session, ContactRow, ContactLog, where)
    promises = _grouped_rows(session, PromiseRow, Promise, where)
    milestones = _grouped_rows(session, MilestoneRow, Milestone, where)
    consents = _grouped_rows(session, ConsentRow, Consent, where)
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
    with collector_paused():
        return _bundle(session, _rows(session, SurvivorRow, Survivor, "case_ref"), None)


def load_case(session: Session, survivor_id: int) -> CaseRecord | None:
    """One survivor's case, or ``None`` when there is no such survivor."""
    found = _rows(session, SurvivorRow, Survivor, id=survivor_id)
    if not found:
        return None
    return _bundle(session, found, survivor_id)[0]
