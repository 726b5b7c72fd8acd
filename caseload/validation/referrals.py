"""A referral to a service: what kind, to whom, for which recovery domains, and where
it stands.

The dates follow the referral through its states: sent (``referred_on``), accepted,
started, and ended or otherwise settled. A state needs the dates that lead to it (a
started referral was referred and started), and the dates run in order. The follow-up
date may lie ahead: it is when to chase or check.
"""

from __future__ import annotations

from typing import Any

from caseload import categories as cat
from caseload.categories import Category, Choice
from caseload.domains import DOMAIN_LABELS, DOMAINS
from caseload.validation.records import Context, Field, Problems, RecordKind

#: The recovery domains as a category (the domains a referral serves).
RECOVERY_DOMAIN = Category(
    "recovery_domain",
    "The six domains of the recovery assessment.",
    tuple(Choice(d, DOMAIN_LABELS[d]) for d in DOMAINS),
)

#: Statuses that mean the referral was sent.
SENT = frozenset(cat.REFERRAL_STATUS.codes) - {"planned"}
#: Statuses reached through the provider's acceptance.
ACCEPTED = frozenset({"accepted", "waiting", "started", "completed"})
STARTED = frozenset({"started", "completed"})

FIELDS: tuple[Field, ...] = (
    Field("service_kind", "choice", cat.REFERRAL_SERVICE, required=True),
    Field("service_other", max_length=200),
    Field("provider_name", max_length=200),
    Field("domains", "multi", RECOVERY_DOMAIN),
    Field("status", "choice", cat.REFERRAL_STATUS, required=True),
    Field("referred_on", "date", after_intake=True),
    Field("accepted_on", "date", after_intake=True),
    Field("started_on", "date", after_intake=True),
    Field("ended_on", "date", after_intake=True),
    Field("follow_up_on", "date", future=True, after_intake=True),
    Field("note", "note", max_length=2000),
)

_ORDER = (
    ("referred_on", "referred"),
    ("accepted_on", "accepted"),
    ("started_on", "started"),
    ("ended_on", "ended"),
)


def _rules(values: dict[str, Any], _context: Context) -> Problems:
    problems: Problems = {}
    status = values["status"]
    if status in SENT and status != "declined" and not values["provider_name"]:
        problems["provider_name"] = "Say which provider it was sent to."
    if status in SENT and not values["referred_on"] and status != "declined":
        problems["referred_on"] = "Give the day it was sent."
    if status in STARTED and not values["started_on"]:
        problems["started_on"] = "Give the day the service started."
    if status in cat.REFERRAL_CLOSED and not values["ended_on"]:
        problems["ended_on"] = "Give the day it ended or was settled."
    if status == "planned":
        for name in ("accepted_on", "started_on", "ended_on"):
            if values[name]:
                problems[name] = "A planned referral has not been sent yet: leave this empty."
    if status not in ACCEPTED and status not in cat.REFERRAL_CLOSED and values["started_on"]:
        problems["started_on"] = "Only a started or completed referral has a start date."
    earlier: tuple[str, str] | None = None
    for name, word in _ORDER:
        day = values[name]
        if day is None:
            continue
        if earlier is not None and day < values[earlier[0]]:
            problems.setdefault(name, f"This cannot be before the day it was {earlier[1]}.")
        earlier = (name, word)
    follow = values["follow_up_on"]
    if follow is not None and values["referred_on"] and follow < values["referred_on"]:
        problems["follow_up_on"] = "A follow-up comes after the day it was sent."
    if follow is not None and status in cat.REFERRAL_CLOSED:
        problems["follow_up_on"] = "A settled referral needs no follow-up: leave this empty."
    return problems


REFERRAL = RecordKind("referral", FIELDS, _rules, other_text=(("service_kind", "service_other"),))
