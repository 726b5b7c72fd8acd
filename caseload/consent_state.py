"""Where each consent stands: the survivor's latest answer about each thing asked.

Consents are kept as a history (a change is a new answer, never an overwrite), so the
current answer about a kind is the latest recorded one; a share with a named agency,
or an 'other' consent, is asked about that agency or thing.  A kind never asked has
no answer: 'not recorded' is not 'declined'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from caseload.records import ConsentRecord

#: (kind, the agency or the 'other' words, lower case): one question asked.
Question = tuple[str, str]


def question_of(consent: ConsentRecord) -> Question:
    if consent.kind == "share_with_agency":
        return (consent.kind, consent.agency_name.strip().lower())
    if consent.kind == "other":
        return (consent.kind, consent.kind_other.strip().lower())
    return (consent.kind, "")


def answer_order(consent: ConsentRecord) -> tuple[dt.date, int]:
    return (consent.recorded_on or dt.date.min, consent.id or 0)


def latest_consents(consents: Iterable[ConsentRecord]) -> dict[Question, ConsentRecord]:
    """The latest answer to each question asked."""
    latest: dict[Question, ConsentRecord] = {}
    for consent in sorted(consents, key=answer_order):
        latest[question_of(consent)] = consent
    return latest


def latest_answer(consents: Iterable[ConsentRecord], kind: str) -> ConsentRecord | None:
    """The latest answer about ``kind`` (one without an agency or 'other' words)."""
    return latest_consents(consents).get((kind, ""))
