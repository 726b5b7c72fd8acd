"""What discreet mode puts in place of anything that identifies or locates a survivor.

Discreet mode is for working where others can see the screen (a train, a shared
office). It hides names (initials stand in), phone numbers, places, the code word,
dates of birth and every free-text field; what stays is what cannot identify anyone:
case references, categories, dates, counts and scores.
"""

from __future__ import annotations

#: Shown in place of a hidden value (an empty value stays empty: nothing to hide).
HIDDEN = "(hidden)"


def private(value: str, discreet: bool) -> str:
    """``value``, or :data:`HIDDEN` in discreet mode when there is anything to hide."""
    return HIDDEN if discreet and value.strip() else value


def one_line(text: str) -> str:
    """A note on one line (a table cell, a fact): its lines joined with " / "."""
    return " / ".join(line.strip() for line in text.splitlines() if line.strip())
