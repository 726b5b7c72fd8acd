"""The contact agreement (the survivor's contact preferences); each save is a new version.

Its phones (number, and whether calls, texts and voicemails are safe) are checked by
:mod:`assessments.phones`; this checks the agreement's other fields, and that they do
not contradict the phones (a phone channel agreed, no phone safe for it).
"""

from __future__ import annotations

from typing import Any

from caseload import categories as cat
from caseload.categories import Category, Choice
from caseload.validation.records import Context, Field, Problems, RecordKind

SAFE_DAY = Category(
    "safe_day",
    "A weekday on which contact is safe (none ticked: any day).",
    tuple(Choice(day, day.capitalize()) for day in cat.WEEKDAYS),
)

FIELDS: tuple[Field, ...] = (
    Field("agreed_on", "date", required=True, after_intake=True),
    Field("review_on", "date", future=True),
    Field("may_contact", "multi", cat.CONTACT_WHO),
    Field("who_may_contact"),
    Field("channels", "multi", cat.CONTACT_CHANNEL, required=True),
    Field("channels_other"),
    Field("safe_days", "multi", SAFE_DAY),
    Field("safe_time_from", "time"),
    Field("safe_time_to", "time"),
    Field("update_frequency", "choice", cat.UPDATE_FREQUENCY, required=True),
    Field("update_frequency_other"),
    Field("detail_level", "choice", cat.DETAIL_LEVEL, required=True),
    Field("detail_level_other"),
    Field("language"),
    Field("interpreter_needed", "choice", cat.YES_NO_UNKNOWN, required=True),
    Field("safe_places"),
    Field("unsafe_places"),
    Field("code_word"),
    Field("things_to_avoid", "note"),
)


#: A channel that needs a phone, the flag that makes a phone usable for it, and its verb.
PHONE_NEEDS = (("phone_call", "safe_to_call", "call"), ("text_message", "safe_to_text", "text"))


def _phone_contradictions(channels: list[str], phones: list[dict[str, Any]]) -> str | None:
    """An agreed phone channel that none of the recorded phones is safe for."""
    if not phones:
        needing = [c for c, _, _ in PHONE_NEEDS if c in channels]
        if not needing:
            return None
        names = " and ".join(cat.CONTACT_CHANNEL.label(c).lower() for c in needing)
        return (
            f"{names[0].upper()}{names[1:]} agreed, but no phone is recorded: add the "
            "phone (ctrl+o) with what is safe on it, or take the channel off."
        )
    wrong = [
        (channel, verb)
        for channel, flag, verb in PHONE_NEEDS
        if channel in channels and not any(p.get(flag) is True for p in phones)
    ]
    if not wrong:
        return None
    names = " and ".join(cat.CONTACT_CHANNEL.label(c).lower() for c, _ in wrong)
    verbs = " or ".join(verb for _, verb in wrong)
    return (
        f"{names[0].upper()}{names[1:]} agreed, but no phone is marked safe to {verbs}: "
        "tick what is safe on a phone, or take the channel off."
    )


def _rules(values: dict[str, Any], context: Context) -> Problems:
    problems: Problems = {}
    if "phones" in context.extra:  # the phones come with the agreement (form, change)
        clash = _phone_contradictions(values["channels"] or [], list(context.extra["phones"]))
        if clash:
            problems["channels"] = clash
    start, end = values["safe_time_from"], values["safe_time_to"]
    if (start is None) != (end is None):
        problems["safe_time_to" if end is None else "safe_time_from"] = (
            "Give both times of the safe window, or neither."
        )
    elif start is not None and end is not None and end <= start:
        problems["safe_time_to"] = "The window must end after it starts."
    if values["review_on"] and values["review_on"] < values["agreed_on"]:
        problems["review_on"] = "The review date cannot be before the agreement."
    may = values["may_contact"] or []
    if "other" in may and not values["who_may_contact"]:
        problems["who_may_contact"] = "Say who else may contact them, in their words."
    return problems


AGREEMENT = RecordKind(
    "contact agreement",
    FIELDS,
    _rules,
    other_text=(
        ("channels", "channels_other"),
        ("update_frequency", "update_frequency_other"),
        ("detail_level", "detail_level_other"),
    ),
)
