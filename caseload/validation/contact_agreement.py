"""A contact checked against the contact agreement in force on its day.

What the survivor agreed is checked at the moment of contact: a channel not agreed, a
call or text to a number marked unsafe for it, a voicemail where one is not safe, a day
or a time outside the agreed safe ones, a contact made by someone the survivor did not
agree to (when the agreement says who may contact).  Each breach is one sentence about one field of
the contact form.  A contact in breach is saved only with a reason (kept on the contact,
shown in its log, counted in the monthly summary): sometimes the safest thing to do
breaks the routine, and the record says why.

Who may contact is checked by category (navigator, officer, other); the agreement's
words about it ("not her brother's friend Sam") are shown on the form, not read by a
rule.  An agreement that does not say who may contact checks no one.  Pure functions:
no I/O, no vault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from caseload import categories as cat
from caseload.records import AgreementRecord

#: Channels that use one of the agreement's phones, and the flag each needs.
PHONE_CHANNELS = {"phone_call": "safe_to_call", "text_message": "safe_to_text"}
DAY_NAMES = dict(zip(cat.WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))


def in_force(agreements: Iterable[AgreementRecord], day: dt.date) -> AgreementRecord | None:
    """The latest version agreed on or before ``day`` (None: nothing agreed yet then)."""
    earlier = [a for a in agreements if a.agreed_on <= day]
    return max(earlier, key=lambda a: a.version) if earlier else None


def phone_of(agreement: AgreementRecord, number: str) -> Mapping[str, Any] | None:
    wanted = "".join(number.split())
    for phone in agreement.phones:
        if "".join(str(phone.get("number", "")).split()) == wanted:
            return phone
    return None


def _hhmm(value: dt.time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""


def _outside_times(agreement: AgreementRecord, at: dt.time) -> bool:
    start, end = agreement.safe_time_from, agreement.safe_time_to
    if start is None and end is None:
        return False
    if start is not None and end is not None and end <= start:
        return at < start  # the window runs on to midnight
    return (start is not None and at < start) or (end is not None and at >= end)


def breaches(agreement: AgreementRecord | None, contact: Mapping[str, Any]) -> dict[str, str]:
    """Field -> what about the contact goes against ``agreement`` (empty: nothing)."""
    if agreement is None:
        return {}
    found: dict[str, str] = {}
    channel = contact.get("channel") or ""
    agreed = agreement.channel_list
    if channel and agreed and channel not in agreed:
        names = ", ".join(cat.CONTACT_CHANNEL.label(c) for c in agreed)
        found["channel"] = f"Not an agreed way of contact (agreed: {names})."
    who, allowed = contact.get("who") or "", agreement.may_contact_list
    if who and allowed and who not in allowed:
        names = ", ".join(cat.CONTACT_WHO.label(w) for w in allowed)
        found["who"] = f"Not agreed to contact them (agreed: {names})."
    number = str(contact.get("phone") or "")
    phone = phone_of(agreement, number) if number else None
    if channel in PHONE_CHANNELS and number:
        if phone is None:
            found["phone"] = "Not one of the agreement's phones."
        elif phone.get(PHONE_CHANNELS[channel]) is not True:
            verb = "call" if channel == "phone_call" else "text"
            found["phone"] = f"This number is marked do NOT {verb}."
    if (
        channel == "phone_call"
        and contact.get("outcome") == "message_left"
        and phone is not None
        and phone.get("safe_voicemail") is not True
    ):
        found["outcome"] = "A voicemail on this number is not safe (do NOT leave a voicemail)."
    day = contact.get("contact_date")
    days = [d for d in agreement.safe_day_list if d in cat.WEEKDAYS]
    if isinstance(day, dt.date) and days and cat.WEEKDAYS[day.weekday()] not in days:
        found["contact_date"] = (
            f"Not an agreed safe day (agreed: {', '.join(DAY_NAMES[d] for d in days)})."
        )
    at = contact.get("contact_time")
    if isinstance(at, dt.time) and _outside_times(agreement, at):
        window = f"{_hhmm(agreement.safe_time_from) or '00:00'}-"
        window += _hhmm(agreement.safe_time_to) or "midnight"
        found["contact_time"] = f"Outside the agreed safe times ({window})."
    return found
