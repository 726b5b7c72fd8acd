"""The recovery scale: levels, their names, and what each level looks like per domain.

This module is the one place the scale is defined. The assessment form shows
these words, the exports and the data dictionary read them, and every stored
assessment records the ``scale_version`` it used, so a later change of wording
or levels becomes a new version rather than silently changing old ratings.

The descriptors are written to be read aloud, or over the navigator's shoulder:
plain words, about the situation rather than the person's worth, and each level
names what is already in place as well as what is still hard. A survivor and a
navigator looking at the same situation should pick the same number.

Public API: :data:`SCALE_VERSION`, :class:`Scale`, :func:`scale_for`,
:func:`current_scale`, :data:`SCALES`, :class:`UnknownScaleVersion`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from caseload.domains import DOMAIN_LABELS, DOMAINS

#: The version new assessments use.
SCALE_VERSION = 1


class UnknownScaleVersion(ValueError):
    """An assessment refers to a scale version this program does not know."""

    def __init__(self, version: int) -> None:
        self.version = version
        self.message = (
            f"This assessment uses recovery scale version {version}, "
            "which this version of Navigator does not know; update Navigator."
        )
        super().__init__(self.message)


@dataclass(frozen=True)
class Scale:
    """One version of the recovery scale.

    ``levels`` are the allowed ratings, lowest first; ``level_names`` gives each a
    short name; ``descriptors[domain][level]`` is one sentence saying what that
    level looks like in that domain; ``domain_descriptions`` says what each
    domain covers.
    """

    version: int
    levels: tuple[int, ...]
    level_names: Mapping[int, str]
    descriptors: Mapping[str, Mapping[int, str]]
    domain_descriptions: Mapping[str, str]

    @property
    def lowest(self) -> int:
        return self.levels[0]

    @property
    def highest(self) -> int:
        return self.levels[-1]

    def is_level(self, value: object) -> bool:
        """True for an ``int`` (not a bool) that is one of the scale's levels."""
        return isinstance(value, int) and not isinstance(value, bool) and value in self.levels

    def level_name(self, level: int) -> str:
        return self.level_names[level]

    def descriptor(self, domain: str, level: int) -> str:
        return self.descriptors[domain][level]

    def label(self, level: int) -> str:
        """``"3 Getting by"``: the number and its name, as shown in forms."""
        return f"{level} {self.level_names[level]}"


def _freeze(table: dict[str, tuple[str, str, str, str, str]]) -> Mapping[str, Mapping[int, str]]:
    return MappingProxyType(
        {d: MappingProxyType(dict(enumerate(table[d], start=1))) for d in DOMAINS}
    )


_V1_NAMES = MappingProxyType(
    {1: "In crisis", 2: "Struggling", 3: "Getting by", 4: "Doing well", 5: "Thriving"}
)

_V1_DOMAINS = MappingProxyType(
    {
        "mental_health": "How they feel in themselves: mood, sleep, fear, memories, coping.",
        "physical_health": "Their body and health care: injuries, illness, GP, dentist, medicines.",
        "financial_stability": "Money and the basics: income, food, a bank account, ID, debts.",
        "social_connection": "Safe people around them: friends, family, community, belonging.",
        "safety": "Being and feeling safe: from the people who exploited them, at home, online.",
        "legal_status": "Their legal position: immigration status, NRM, legal advice, court.",
    }
)
assert set(_V1_DOMAINS) == set(DOMAINS) == set(DOMAIN_LABELS)

_V1_DESCRIPTORS = _freeze(
    {
        "mental_health": (
            "Distress feels overwhelming most days, and support to stay safe and cope is "
            "needed now.",
            "Fear, low mood, poor sleep or memories often get in the way of daily life, and "
            "support helps some of the time.",
            "Most days feel manageable, with some hard times, and they know where to turn "
            "when things get difficult.",
            "They feel steadier most of the time and use ways of coping that work for them.",
            "They feel well in themselves, recover from setbacks and look ahead with hope.",
        ),
        "physical_health": (
            "There is an urgent health need, injury or pain that is not being treated yet.",
            "Health problems make daily life hard, and care is not yet arranged or is hard to "
            "reach.",
            "Health needs are known and some care is in place, such as being registered with a GP.",
            "Health needs are mostly looked after, with regular care and any medicines they need.",
            "They feel physically well, or manage a long-term condition confidently with the "
            "care they need.",
        ),
        "financial_stability": (
            "There is no safe way to get money, food or essentials, or someone else controls "
            "their money.",
            "Some help with essentials is in place but it is uncertain, and things like debts "
            "or missing ID make life hard.",
            "Regular income or support covers the basics, and they have a bank account or "
            "another safe way to manage money.",
            "Money covers everyday needs with a little to spare, and they manage it themselves.",
            "They have a steady income from work, benefits or study support and are planning "
            "ahead.",
        ),
        "social_connection": (
            "They feel completely alone, or the only people around them are linked to the "
            "exploitation.",
            "There are very few safe people to turn to, and they often feel isolated.",
            "There are a few safe people or groups to turn to, such as a support worker, a "
            "class or a faith or community group.",
            "They have regular, trusted contact with friends, family or community and take "
            "part in things they enjoy.",
            "They have a strong circle of safe relationships and feel they belong where they live.",
        ),
        "safety": (
            "They are in danger now, or still in contact with the people who exploited them, "
            "and there is no safety plan yet.",
            "They feel unsafe much of the time; there are real risks and the safety plan is "
            "new or only partly in place.",
            "They live somewhere safe for now and have a safety plan, though some worries remain.",
            "They feel safe most of the time, know their safety plan well and know who to call.",
            "They feel safe and settled, with stable housing, and know how to keep themselves "
            "safe.",
        ),
        "legal_status": (
            "They have no permission to stay or removal is possible, and there is no legal "
            "advice yet.",
            "Their legal or immigration position is uncertain, and advice or an application "
            "is only just starting.",
            "They have legal advice and an application or decision in progress, with "
            "temporary permission or protection meanwhile.",
            "They have a positive decision or time-limited leave to remain and know the next "
            "steps.",
            "They have a secure, lasting status, such as settled status, indefinite leave to "
            "remain or citizenship.",
        ),
    }
)

SCALE_V1 = Scale(
    version=1,
    levels=(1, 2, 3, 4, 5),
    level_names=_V1_NAMES,
    descriptors=_V1_DESCRIPTORS,
    domain_descriptions=_V1_DOMAINS,
)

#: Every scale version this program can read, by version number.
SCALES: Mapping[int, Scale] = MappingProxyType({1: SCALE_V1})


def scale_for(version: int) -> Scale:
    """The scale an assessment of ``version`` was rated on; raises UnknownScaleVersion."""
    try:
        return SCALES[version]
    except KeyError:
        raise UnknownScaleVersion(version) from None


def current_scale() -> Scale:
    """The scale new assessments use."""
    return SCALES[SCALE_VERSION]
