"""The service directory: which providers suit a referral.

Providers are ranked for a survivor: those offering the kind of service first (only
they are offered), then those whose staff speak one of the survivor's languages (a
navigator's words: "a directory where we can pick up the language that is suitable to
our clients"), then those in the survivor's area, then by name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from caseload.models import Provider


def split_list(text: str) -> list[str]:
    """A list separated by ';' (or ','), as written, blanks dropped."""
    return [part.strip() for part in re.split(r"[;,]", text or "") if part.strip()]


def _folded(words: Iterable[str]) -> set[str]:
    return {w.casefold() for w in words}


def speaks(provider: Provider, languages: Iterable[str]) -> bool:
    """Whether the provider's staff speak any of ``languages`` (any case)."""
    return bool(_folded(split_list(provider.languages)) & _folded(languages))


def matching_providers(
    providers: Sequence[Provider],
    service_kind: str,
    languages: Iterable[str] = (),
    area: str = "",
) -> list[Provider]:
    """Providers offering ``service_kind``, best first (see the module's docstring)."""
    wanted = list(languages)
    place = area.strip().casefold()
    offering = [p for p in providers if service_kind in split_list(p.service_kinds)]
    return sorted(
        offering,
        key=lambda p: (
            not speaks(p, wanted),
            not (place and place in (p.area or "").casefold()),
            p.name.casefold(),
        ),
    )

