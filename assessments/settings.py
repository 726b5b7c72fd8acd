"""The thresholds a team may tune, read in one place (:mod:`assessments.case_status`)."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.contact_cadence import UNSUCCESSFUL_RUN
from assessments.promises import OPEN_PROMISE_THRESHOLD, SOON_DAYS

CLOSING_OFFER_DAYS = 14


@dataclass(frozen=True)
class WorklistSettings:
    """Thresholds a team may tune."""

    promise_soon_days: int = SOON_DAYS
    open_promise_threshold: int = OPEN_PROMISE_THRESHOLD
    unsuccessful_run: int = UNSUCCESSFUL_RUN
    update_soon_days: int = 1
    agreement_soon_days: int = 14
    closing_offer_days: int = CLOSING_OFFER_DAYS
