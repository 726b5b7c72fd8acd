"""Amendments of a saved assessment, in words: when, which field, from what, to what.

``caseload.record_history.amend_assessment`` stores each changed field's old and new
value as JSON text (the whole ratings mapping for a change of ratings); this module
turns one stored amendment into short lines a navigator can read, naming only the
ratings that changed.  Pure functions (no Textual), so they are tested directly.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from caseload import categories as cat
from caseload.domains import DOMAIN_LABELS, DOMAINS, RATERS

#: Notes are shown shortened in the history (the full text is in the form).
NOTE_CHARS = 40


@dataclass(frozen=True)
class AmendmentEntry:
    """A plain copy of one stored amendment (safe to hand from a worker to the UI)."""

    changed_at: dt.datetime
    changed_by: str
    field: str
    old_value: str
    new_value: str


def load_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _rating(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value in cat.MISSING_REASON.codes:
        return f"missing ({cat.MISSING_REASON.label(value).lower()})"
    return "-"


def short_text(text: Any) -> str:
    text = " ".join(str(text or "").split())
    if not text:
        return "(empty)"
    return text if len(text) <= NOTE_CHARS else text[: NOTE_CHARS - 3] + "..."


def _ratings_lines(old: Any, new: Any) -> list[str]:
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    lines = []
    for domain in DOMAINS:
        for rater in RATERS:
            before = (old.get(domain) or {}).get(rater)
            after = (new.get(domain) or {}).get(rater)
            if before != after:
                lines.append(
                    f"{DOMAIN_LABELS[domain]}, {rater}'s rating: "
                    f"{_rating(before)} -> {_rating(after)}"
                )
    return lines or ["Ratings: rewritten with the same levels"]


def change_lines(entry: AmendmentEntry) -> list[str]:
    """What changed, one line per field (one per rating for a change of ratings)."""
    old, new = load_value(entry.old_value), load_value(entry.new_value)
    if entry.field == "ratings":
        return _ratings_lines(old, new)
    if entry.field == "kind":
        return [f"Kind: {cat.ASSESSMENT_KIND.label(old)} -> {cat.ASSESSMENT_KIND.label(new)}"]
    if entry.field == "note":
        return [f"Note: {short_text(old)} -> {short_text(new)}"]
    return [f"{entry.field.capitalize()}: {old} -> {new}"]


def when_words(moment: dt.datetime) -> str:
    """The local date and time of a stored UTC moment (SQLite gives it back without a zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")
