"""Record an assessment, or amend one (every changed field is kept in its history).

The ratings map (domain, rater) to a level of the scale or a reason it is missing;
the levels of the scale in use come from the caller (the rules layer owns the scale).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from sqlmodel import Session

from caseload.categories import MISSING_REASON, RATER
from caseload.changes.common import context_for, existing, validated, write
from caseload.domains import DOMAINS
from caseload.errors import InvalidInput
from caseload.models import Assessment, AssessmentAmendment
from caseload.record_history import amend_assessment as record_amendments
from caseload.validation.assessments import ASSESSMENT

Ratings = Mapping[tuple[str, str], int | str]


def check_ratings(ratings: Ratings, levels: Collection[int]) -> dict[str, dict[str, int | str]]:
    """The stored form of ``ratings``; a gap is 'not_discussed'. Raises InvalidInput."""
    for (domain, rater), value in ratings.items():
        if domain not in DOMAINS or rater not in RATER.codes:
            raise InvalidInput(f"There is no rating of {domain} by {rater}.")
        if isinstance(value, bool) or not (
            (isinstance(value, int) and value in levels)
            or (isinstance(value, str) and value in MISSING_REASON.codes)
        ):
            raise InvalidInput(
                f"A rating is a level {min(levels)}-{max(levels)} or a reason it is missing."
            )
    return Assessment.build_ratings(dict(ratings))


def record_assessment(
    session: Session,
    survivor_id: int,
    raw: Mapping[str, Any],
    ratings: Ratings,
    scale: tuple[int, Collection[int]],
    today: dt.date,
    assessment_id: int | None = None,
) -> int:
    """A new assessment (``assessment_id``: the one a failed save already added).

    ``scale`` is (version, levels) of the scale the ratings use.
    """
    row = (
        existing(session, Assessment, assessment_id)
        if assessment_id is not None
        else Assessment(survivor_id=survivor_id, date=today, kind="")
    )
    values = validated(ASSESSMENT, row, raw, context_for(session, survivor_id, today))
    version, levels = scale
    values.update(scale_version=version, ratings=check_ratings(ratings, levels))
    return write(session, row, values)


def amend_assessment(
    session: Session,
    assessment_id: int,
    raw: Mapping[str, Any],
    ratings: Ratings,
    levels: Collection[int],
    today: dt.date,
) -> list[AssessmentAmendment]:
    """Amend a saved assessment; unchanged fields record nothing, so a retry is harmless."""
    row = existing(session, Assessment, assessment_id)
    values = validated(ASSESSMENT, row, raw, context_for(session, row.survivor_id, today))
    values["ratings"] = check_ratings(ratings, levels)
    amendments = record_amendments(session, row, values)
    session.flush()
    return amendments
