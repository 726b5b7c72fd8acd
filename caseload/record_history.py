"""Changes that keep their history: assessment amendments and contact-agreement versions.

Nothing is silently overwritten: amending an assessment records who changed which
field, from what, to what and when; changing a contact agreement adds a new version
and keeps the earlier ones.
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select

from caseload.models import Assessment, AssessmentAmendment, ContactAgreement, utcnow

AMENDABLE_FIELDS = ("date", "kind", "ratings", "note")


def _as_json(value: Any) -> str:
    return json.dumps(value, default=str, sort_keys=True)


def amend_assessment(
    session: Session, assessment: Assessment, changes: dict[str, Any], changed_by: str = "navigator"
) -> list[AssessmentAmendment]:
    """Apply ``changes`` to ``assessment`` and record one amendment per changed field.

    The caller commits. Unknown fields are refused (ValueError) so that a typo cannot
    silently change nothing.
    """
    unknown = set(changes) - set(AMENDABLE_FIELDS)
    if unknown:
        raise ValueError(f"Assessment fields that cannot be amended: {', '.join(sorted(unknown))}")
    if assessment.id is None:
        raise ValueError("Only a saved assessment can be amended.")
    amendments = []
    now = utcnow()
    for field, new in changes.items():
        old = getattr(assessment, field)
        if old == new:
            continue
        amendments.append(
            AssessmentAmendment(
                assessment_id=assessment.id,
                changed_at=now,
                changed_by=changed_by,
                field=field,
                old_value=_as_json(old),
                new_value=_as_json(new),
            )
        )
        setattr(assessment, field, dict(new) if isinstance(new, dict) else new)
    if amendments:
        assessment.updated_at = now
        session.add(assessment)
        session.add_all(amendments)
    return amendments


def amendment_history(session: Session, assessment_id: int) -> list[AssessmentAmendment]:
    return list(
        session.exec(
            select(AssessmentAmendment)
            .where(AssessmentAmendment.assessment_id == assessment_id)
            .order_by(col(AssessmentAmendment.changed_at), col(AssessmentAmendment.id))
        ).all()
    )


def agreement_versions(session: Session, survivor_id: int) -> list[ContactAgreement]:
    """Every version of a survivor's contact agreement, newest first."""
    return list(
        session.exec(
            select(ContactAgreement)
            .where(ContactAgreement.survivor_id == survivor_id)
            .order_by(col(ContactAgreement.version).desc())
        ).all()
    )


def current_agreement(session: Session, survivor_id: int) -> ContactAgreement | None:
    versions = agreement_versions(session, survivor_id)
    return versions[0] if versions else None


def save_agreement_version(
    session: Session, survivor_id: int, fields: dict[str, Any]
) -> ContactAgreement:
    """Add a new version of the survivor's contact agreement; earlier versions are kept."""
    current = current_agreement(session, survivor_id)
    version = (current.version + 1) if current else 1
    agreement = ContactAgreement(survivor_id=survivor_id, version=version, **fields)
    session.add(agreement)
    return agreement
