"""The columns of the monthly recovery summary, with what each means.

Used by :mod:`exports.monthly` to write the file and by :mod:`exports.dictionary`
to document it, so the two cannot drift apart.
"""

from __future__ import annotations

from assessments import schedule, scoring
from caseload.categories import OTHER_UPDATE_INTERVAL_DAYS
from caseload.domains import DOMAIN_LABELS, DOMAINS, RATERS
from exports.docs import ColumnDoc

C = ColumnDoc

_HEAD = (
    C("case_ref", "text", "The case reference (no name, date of birth or free text is exported)."),
    C("status", "code (case_status)", "The case status on the as-of day (the month's last "
      "day, or today for the current month)."),
    C("intake_month", "YYYY-MM", "The month the case opened."),
    C("assessments_to_date", "number", "Assessments dated on or before the as-of day."),
    C("latest_assessment_date", "date", "Date of the latest of those assessments; empty if none."),
)

_LEVELS = tuple(
    C(f"{domain}_{rater}", "number 1-5, a missing reason, or empty",
      f"{DOMAIN_LABELS[domain]}: the {rater}'s level in the latest assessment to date; "
      "when that rating is missing, why: `declined`, `not_discussed` or `not_applicable`; "
      "empty when there is no assessment to date.")
    for domain in DOMAINS
    for rater in RATERS
)

_TAIL = (
    C("overall_survivor", "number (2 decimals) or empty",
      "The survivor's overall score in the latest assessment: the mean of the answered "
      f"domains, given when at least {scoring.MIN_ANSWERED} of the {len(DOMAINS)} are "
      "answered; otherwise empty (incomplete)."),
    C("overall_navigator", "number (2 decimals) or empty",
      "The navigator's overall score in the latest assessment, computed the same way."),
    C("change_since_intake_survivor", "number (2 decimals) or empty",
      "The survivor's latest overall score minus their intake overall score; empty without "
      "a complete intake and a later complete assessment."),
    C("change_since_intake_navigator", "number (2 decimals) or empty",
      "The same for the navigator's ratings."),
    C("next_assessment_due", "date or empty",
      "The next assessment not yet done on the as-of day, by the schedule (intake within "
      f"{schedule.INTAKE_DAYS} days of the intake date, then a review every "
      f"{schedule.REVIEW_MONTHS} calendar months from the intake assessment); empty for "
      "closed or paused cases."),
    C("assessment_overdue", "true/false",
      "That assessment's window (the intake period, or "
      f"{schedule.WINDOW_DAYS} days either side of a review date) had closed on the as-of "
      "day without an assessment."),
    C("contacts_in_month", "number", "Contacts and attempts logged in the month (up to the "
      "as-of day), successful or not."),
    C("updates_in_month", "number", "Of those, contacts in which an update on the case was given."),
    C("next_update_due", "date or empty",
      "When the next update is due under the contact agreement's frequency, counted from the "
      "last successful contact (or the intake date); a frequency 'other' counts as "
      f"every {OTHER_UPDATE_INTERVAL_DAYS} days; empty when no contact agreement is "
      "recorded (no frequency is assumed), when the survivor wants updates only when "
      "there is news, or when the case is paused or closed."),
    C("promises_open", "number", "Promises still open on the as-of day."),
    C("promises_kept_in_month", "number", "Promises settled as kept during the month (up to "
      "the as-of day)."),
    C("promises_broken_in_month", "number", "Promises settled as broken during the month."),
    # Added after the columns issue 5 names (issue 12), so those keep their places.
    C("contacts_outside_agreement", "number", "Contacts in the month made outside the "
      "contact agreement (a channel, phone, day or time not agreed), each saved with its "
      "reason (the reason is not exported)."),
    # Added by issue 16.
    C("referrals_made_in_month", "number", "Referrals to services sent during the month (up "
      "to the as-of day)."),
    C("referrals_open", "number", "Referrals sent and not yet ended or settled on the "
      "as-of day."),
    C("has_support_plan", "true/false", "A support plan goal is agreed for at least one "
      "recovery domain by the as-of day."),
)

COLUMNS: tuple[ColumnDoc, ...] = _HEAD + _LEVELS + _TAIL
HEADER: tuple[str, ...] = tuple(c.name for c in COLUMNS)

_WORDS = {
    "case_ref": "Case reference",
    "status": "Status",
    "intake_month": "Month taken on",
    "assessments_to_date": "Assessments to date",
    "latest_assessment_date": "Latest assessment",
    "overall_survivor": "Overall score (survivor)",
    "overall_navigator": "Overall score (navigator)",
    "change_since_intake_survivor": "Change since intake (survivor)",
    "change_since_intake_navigator": "Change since intake (navigator)",
    "next_assessment_due": "Next assessment due",
    "assessment_overdue": "Assessment overdue",
    "contacts_in_month": "Contacts in the month",
    "updates_in_month": "Updates given in the month",
    "next_update_due": "Next update due",
    "promises_open": "Promises open",
    "promises_kept_in_month": "Promises kept in the month",
    "promises_broken_in_month": "Promises broken in the month",
    "contacts_outside_agreement": "Contacts outside the agreement",
    "referrals_made_in_month": "Referrals made in the month",
    "referrals_open": "Referrals open",
    "has_support_plan": "Has a support plan",
} | {f"{d}_{r}": f"{DOMAIN_LABELS[d]} ({r})" for d in DOMAINS for r in RATERS}

#: Each column's label in words (the spreadsheet's header row), in :data:`HEADER` order.
LABELS: tuple[str, ...] = tuple(_WORDS[name] for name in HEADER)
