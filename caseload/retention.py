"""Retention in the vault: list closed cases due for review, delete them or anonymise them.

What is due is :mod:`assessments.retention`'s rule; what an anonymised record keeps is
:mod:`caseload.anonymising`; this module applies it to the database. The caller saves
the vault afterwards; with ``secure_delete`` on, removed text does not survive in the
saved image (tests/test_retention.py checks the decrypted image).

An anonymised record keeps what the aggregates need - case dates, categories, the age
band, exploitation types, assessment scores, promise outcomes, consent answers,
milestone kinds and dates, referrals' kinds, states and dates, the domains of the
support plan's goals - and loses names, contact details, free text and notes: contact
agreements, contact logs, case notes and assessment amendment history are deleted.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, delete, select

from caseload import anonymising as rule
from caseload.categories import CLOSURE_REASON
from caseload.deletion import delete_survivor
from caseload.errors import InvalidInput
from caseload.models import (
    Assessment,
    AssessmentAmendment,
    CaseNote,
    CaseStatusChange,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    RecordCorrection,
    Referral,
    SupportGoal,
    Survivor,
    utcnow,
)


def closed_survivors(session: Session) -> list[Survivor]:
    """Every closed case (the retention review's candidates: see
    :func:`assessments.retention.due_for_review`)."""
    return list(session.exec(select(Survivor).where(col(Survivor.status) == "closed")).all())


def delete_cases(session: Session, survivor_ids: list[int]) -> list[str]:
    """Delete each case completely (see :func:`caseload.deletion.delete_survivor`)."""
    return [delete_survivor(session, sid) for sid in survivor_ids]


def anonymise_case(session: Session, survivor_id: int, today: dt.date) -> str:
    """Reduce a closed case to an anonymised record; commit and return its case reference."""
    survivor = session.get(Survivor, survivor_id)
    if survivor is None:
        raise InvalidInput("That case no longer exists; nothing was changed.")
    if survivor.status != "closed":
        raise InvalidInput("Only a closed case can be anonymised.")
    for field, value in rule.anonymised_values(survivor, today).items():
        setattr(survivor, field, value)
    survivor.updated_at = utcnow()
    session.add(survivor)

    assessment_ids = select(Assessment.id).where(col(Assessment.survivor_id) == survivor_id)
    session.exec(  # type: ignore[call-overload]
        delete(AssessmentAmendment).where(
            col(AssessmentAmendment.assessment_id).in_(assessment_ids)
        )
    )
    # The corrections' history holds the old free text of contacts, promises,
    # milestones and referrals: it goes with them. Case notes are free text whole: they
    # go too. A support plan goal keeps its domain and day (the funder figures count
    # survivors with a plan) and loses the survivor's words.
    for model in (ContactAgreement, ContactLog, RecordCorrection, CaseNote):
        session.exec(delete(model).where(col(model.survivor_id) == survivor_id))  # type: ignore[call-overload]
    goals = select(SupportGoal).where(col(SupportGoal.survivor_id) == survivor_id)
    for goal in session.exec(goals):
        goal.goal = ""
        goal.actions = ""
        session.add(goal)
    referrals = select(Referral).where(col(Referral.survivor_id) == survivor_id)
    for referral in session.exec(referrals):
        # Kept: the kind of service, its status, dates and domains; lost: where to and
        # every word about it.
        referral.provider_id = None
        referral.provider_name = ""
        referral.service_other = ""
        referral.note = ""
        session.add(referral)
    for assessment in session.exec(
        select(Assessment).where(col(Assessment.survivor_id) == survivor_id)
    ):
        assessment.note = ""
        session.add(assessment)
    for promise in session.exec(select(Promise).where(col(Promise.survivor_id) == survivor_id)):
        promise.what = ""
        promise.to_whom = ""  # free text: it can name a person
        promise.by_whom_other = ""
        promise.outcome_note = ""
        session.add(promise)
    for consent in session.exec(select(Consent).where(col(Consent.survivor_id) == survivor_id)):
        consent.kind_other = ""  # the 'other' specifications are free text
        consent.method_other = ""
        consent.agency_name = ""
        consent.note = ""
        session.add(consent)
    for milestone in session.exec(
        select(Milestone).where(col(Milestone.survivor_id) == survivor_id)
    ):
        milestone.kind_other = ""
        milestone.prep_note = ""
        session.add(milestone)
    for change in session.exec(
        select(CaseStatusChange).where(col(CaseStatusChange.survivor_id) == survivor_id)
    ):
        # The dates and statuses stay (the figures need them); a reason is kept only
        # when it is a closure reason's code, never words.
        if change.reason not in CLOSURE_REASON.codes:
            change.reason = ""
        session.add(change)
    case_ref = survivor.case_ref
    session.commit()
    return case_ref
