"""A record's facts as aligned "label  value" lines (the survivor file, the agreement's
versions).  Free text goes through :func:`navigator_tui.discreet.private`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text

from assessments.contact_cadence import frequency_words
from assessments.phones import flag_words
from assessments.wording import day_words
from caseload import categories as cat
from caseload.records import AgreementRecord
from navigator_tui.discreet import one_line, private


def shown(value: Any) -> str:
    """A value as the file shows it: a date as ``3 Dec 2026`` (CSV exports keep ISO), a
    time as ``19:30``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return f"{day_words(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return day_words(value)
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    return str(value)


def specified(category: cat.Category, code: str, text: str, discreet: bool = False) -> str:
    """The choice's label, or for "other" the words that say what it is (free text:
    only the label in discreet mode)."""
    return text if code == "other" and text and not discreet else category.label(code)


def fact_lines(pairs: list[tuple[str, str]]) -> Text:
    text = Text()
    width = max((len(label) for label, _ in pairs), default=0)
    for label, value in pairs:
        text.append(f"{label:<{width}}  ", style="bold")
        text.append(f"{value or '-'}\n")
    return text


def phone_lines(phones: list[dict[str, Any]], discreet: bool) -> Text:
    """Each phone with its flags; what is not safe stands out (checked before every call).
    In discreet mode the number and its label are hidden, the flags stay."""
    text = Text()
    text.append("Phones\n", style="bold underline")
    if not phones:
        text.append("  No phone agreed: press g to add one.\n\n")
        return text
    for phone in phones:
        label = private(str(phone.get("label") or ""), discreet) or "Phone"
        text.append(f"  {label}  ", style="bold")
        text.append(f"{private(str(phone.get('number', '')), discreet)}\n")
        text.append("    ")
        for index, (words, safe) in enumerate(flag_words(phone)):
            if index:
                text.append(" · ")
            text.append(words, style="green" if safe else "bold reverse red")
        text.append("\n")
    text.append("\n")
    return text


def agreement_pairs(agreement: AgreementRecord, discreet: bool) -> list[tuple[str, str]]:
    """What a version of the agreement says, field by field (its phones aside)."""
    p = lambda value: private(value, discreet)  # noqa: E731
    channels = ", ".join(
        specified(cat.CONTACT_CHANNEL, c, agreement.channels_other, discreet)
        for c in agreement.channel_list
    )
    updates = cat.UPDATE_FREQUENCY.label(agreement.update_frequency)
    if agreement.update_frequency == "other" and not discreet:  # their own words
        words = frequency_words(agreement)
        updates = words[0].upper() + words[1:]
    times = ""
    if agreement.safe_time_from or agreement.safe_time_to:
        times = f"{shown(agreement.safe_time_from)}-{shown(agreement.safe_time_to)}"
    who = ", ".join(cat.CONTACT_WHO.label(w) for w in agreement.may_contact_list)
    return [
        ("Version", f"{agreement.version} agreed {shown(agreement.agreed_on)}"),
        ("Review on", shown(agreement.review_on)),
        ("Who may contact", who or "not said"),
        ("In their words", p(agreement.who_may_contact)),
        ("Channels", channels),
        ("Safe days", ", ".join(agreement.safe_day_list) or "any day"),
        ("Safe times", times or "any time"),
        ("Updates", updates),
        (
            "Detail",
            specified(
                cat.DETAIL_LEVEL, agreement.detail_level, agreement.detail_level_other, discreet
            ),
        ),
        ("Language", p(agreement.language)),
        ("Interpreter", cat.YES_NO_UNKNOWN.label(agreement.interpreter_needed)),
        ("Safe places", p(agreement.safe_places)),
        ("Unsafe places", p(agreement.unsafe_places)),
        ("Code word", p(agreement.code_word)),
        ("Never", p(one_line(agreement.things_to_avoid))),
    ]


def agreement_facts(agreement: AgreementRecord, discreet: bool) -> Text:
    text = phone_lines(agreement.phones, discreet)
    text.append_text(fact_lines(agreement_pairs(agreement, discreet)))
    return text


def agreement_changes(older: AgreementRecord, newer: AgreementRecord) -> list[str]:
    """The labels of what ``newer`` changed from ``older`` (names of fields only: safe
    to show in discreet mode)."""
    changed = [
        label
        for (label, before), (_, after) in zip(
            agreement_pairs(older, False), agreement_pairs(newer, False), strict=True
        )
        if label != "Version" and before != after
    ]
    if older.phones != newer.phones:
        changed.insert(0, "Phones")
    return changed
