"""A support plan goal: for one recovery domain, the survivor's goal in their own words
and the actions agreed. One goal per domain per survivor (saving a goal for a domain
that has one updates it: :func:`caseload.changes.goals.save_goal`)."""

from __future__ import annotations

from caseload.categories import Category, Choice
from caseload.domains import DOMAIN_LABELS, DOMAINS
from caseload.validation.records import Field, RecordKind

#: The recovery domains as a list to choose from (the domains' own order and labels;
#: not a category of the data dictionary: the domains are fixed by the assessment).
RECOVERY_DOMAIN = Category(
    "recovery_domain",
    "The recovery domain a support plan goal is for.",
    tuple(Choice(domain, DOMAIN_LABELS[domain]) for domain in DOMAINS),
)

GOAL_MAX_LENGTH = 2000

FIELDS: tuple[Field, ...] = (
    Field("domain", "choice", RECOVERY_DOMAIN, required=True),
    Field("goal", "note", required=True, max_length=GOAL_MAX_LENGTH),
    Field("actions", "note", max_length=GOAL_MAX_LENGTH),
    Field("agreed_on", "date"),
)

SUPPORT_GOAL = RecordKind("support plan goal", FIELDS)
