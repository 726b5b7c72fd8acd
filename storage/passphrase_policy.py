"""Which passphrases are too weak to protect a caseload, and why.

A stolen vault can be attacked offline for as long as the thief likes, so length
matters most: a few unusual words beat a short password with symbols.
"""

from __future__ import annotations

MIN_LENGTH = 12
MIN_DISTINCT = 6

_COMMON_PARTS = (
    "password",
    "passw0rd",
    "qwerty",
    "letmein",
    "navigator",
    "welcome",
    "123456",
    "abcdef",
    "iloveyou",
    "changeme",
)


def weakness(passphrase: str) -> str | None:
    """One sentence saying why ``passphrase`` is too weak, or None if it is acceptable."""
    if len(passphrase) < MIN_LENGTH:
        return (
            f"That passphrase is too short: use at least {MIN_LENGTH} characters, "
            "for example four unrelated words."
        )
    if passphrase.strip() != passphrase:
        return "A passphrase may not start or end with a space (it is too easy to mistype)."
    if len(set(passphrase.lower())) < MIN_DISTINCT:
        return "That passphrase repeats too few characters; use several unrelated words."
    if passphrase.isdigit():
        return "A passphrase of digits only is quick to guess; use words."
    lowered = passphrase.lower()
    for part in _COMMON_PARTS:
        if part in lowered and len(lowered) - len(part) < MIN_LENGTH:
            return f"That passphrase is built on a common password ('{part}'); choose other words."
    return None
