"""Phone numbers in a contact agreement: what a valid number is, and what is safe.

A contact agreement holds each phone as ``{"label", "number", "safe_to_call",
"safe_to_text", "safe_voicemail"}`` (see ``caseload.models.ContactAgreement.phones``).
A navigator reads these flags before every call: a voicemail or a text on a phone
someone else can see may put the survivor in danger.  A flag that is not recorded
counts as *not safe*: nothing is assumed safe that was not agreed.

Rules:

- A number holds only digits, spaces, ``+``, ``-`` and round brackets, and has
  :data:`MIN_DIGITS` to :data:`MAX_DIGITS` digits.
- Every flag is shown in words, an unsafe one as "do NOT ..." (:func:`flag_words`).

Pure functions: no I/O, no Textual, no vault.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MIN_DIGITS = 6
MAX_DIGITS = 20
ALLOWED_CHARACTERS = frozenset("0123456789 +-()")

#: (flag key, words when safe, words when not safe), in the order they are shown.
PHONE_FLAGS: tuple[tuple[str, str, str], ...] = (
    ("safe_to_call", "safe to call", "do NOT call"),
    ("safe_to_text", "safe to text", "do NOT text"),
    ("safe_voicemail", "safe to leave a voicemail", "do NOT leave a voicemail"),
)
FLAG_KEYS: tuple[str, ...] = tuple(key for key, _, _ in PHONE_FLAGS)


def tidy_number(text: str) -> str:
    """The number as typed, with surrounding space removed and inner runs collapsed."""
    return " ".join(text.split())


def number_problem(text: str) -> str | None:
    """One sentence saying what is wrong with a phone number, or None when it is valid."""
    number = tidy_number(text)
    if not number:
        return "Type the phone number."
    if any(ch not in ALLOWED_CHARACTERS for ch in number):
        return "A phone number holds only digits, spaces, +, - and brackets."
    digits = sum(ch.isdigit() for ch in number)
    if not MIN_DIGITS <= digits <= MAX_DIGITS:
        return f"A phone number has {MIN_DIGITS} to {MAX_DIGITS} digits (this one has {digits})."
    return None


def make_phone(label: str, number: str, **flags: bool) -> dict[str, Any]:
    """A phone as stored in the agreement; flags not given are not safe."""
    unknown = set(flags) - set(FLAG_KEYS)
    if unknown:
        raise ValueError(f"Unknown phone flags: {', '.join(sorted(unknown))}")
    phone: dict[str, Any] = {"label": " ".join(label.split()), "number": tidy_number(number)}
    phone.update({key: bool(flags.get(key, False)) for key in FLAG_KEYS})
    return phone


def is_safe(phone: Mapping[str, Any], flag: str) -> bool:
    """Whether ``flag`` was agreed as safe; a missing or odd value is not safe."""
    return phone.get(flag) is True


def flag_words(phone: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """Each flag in words with whether it is safe, e.g. ("do NOT leave a voicemail", False)."""
    return [
        (yes if is_safe(phone, key) else no, is_safe(phone, key)) for key, yes, no in PHONE_FLAGS
    ]
