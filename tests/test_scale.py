"""The recovery scale is complete, plain, versioned data."""

from __future__ import annotations

import re

import pytest

from assessments.scale import (
    SCALE_VERSION,
    SCALES,
    UnknownScaleVersion,
    current_scale,
    scale_for,
)
from caseload.domains import DOMAINS

# Words that judge the person rather than describe the situation.
JUDGEMENTAL = re.compile(
    r"\b(fail\w*|refus\w*|non-?complian\w*|victim|weak|poor choices|unwilling|"
    r"chaotic|lazy|hopeless|blame\w*|illegal\w*|should|must|(dis|non-?)?engag\w*|"
    r"deserv\w*|addict\w*|manipulat\w*|lying|fault|irresponsib\w*|vulnerable)\b",
    re.IGNORECASE,
)


def test_version_one_is_current_with_five_named_levels() -> None:
    scale = current_scale()
    assert scale.version == SCALE_VERSION == 1
    assert scale.levels == (1, 2, 3, 4, 5)
    assert [scale.level_name(n) for n in scale.levels] == [
        "In crisis",
        "Struggling",
        "Getting by",
        "Doing well",
        "Thriving",
    ]
    assert scale.label(3) == "3 Getting by"
    assert (scale.lowest, scale.highest) == (1, 5)


@pytest.mark.parametrize("version", sorted(SCALES))
def test_every_domain_and_level_has_one_plain_sentence(version: int) -> None:
    scale = scale_for(version)
    assert set(scale.descriptors) == set(DOMAINS) == set(scale.domain_descriptions)
    seen = set()
    for domain in DOMAINS:
        assert set(scale.descriptors[domain]) == set(scale.levels)
        for level in scale.levels:
            text = scale.descriptor(domain, level)
            assert text[0].isupper() and text.endswith("."), text
            assert ". " not in text, f"one sentence only: {text}"
            assert 30 <= len(text) <= 140, text
            assert not JUDGEMENTAL.search(text), text
            assert "  " not in text
            seen.add(text)
    assert len(seen) == len(DOMAINS) * len(scale.levels)  # no copy-pasted descriptors


def test_legal_status_ends_match_the_brief() -> None:
    scale = current_scale()
    assert "removal is possible" in scale.descriptor("legal_status", 1)
    assert "settled status" in scale.descriptor("legal_status", 5)


def test_is_level_accepts_only_scale_integers() -> None:
    scale = current_scale()
    assert scale.is_level(1) and scale.is_level(5)
    assert not scale.is_level(0) and not scale.is_level(6)
    assert not scale.is_level(True) and not scale.is_level("3") and not scale.is_level(3.0)


def test_unknown_version_is_refused_with_a_sentence() -> None:
    with pytest.raises(UnknownScaleVersion) as info:
        scale_for(99)
    assert info.value.message.endswith(".") and "99" in info.value.message


def test_scale_data_cannot_be_changed_at_run_time() -> None:
    scale = current_scale()
    with pytest.raises(TypeError):
        scale.descriptors["safety"][1] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        scale.level_names[1] = "x"  # type: ignore[index]


@pytest.mark.parametrize("version", sorted(SCALES))
def test_level_names_and_domain_descriptions_are_plain_too(version: int) -> None:
    scale = scale_for(version)
    texts = [scale.level_name(n) for n in scale.levels] + list(scale.domain_descriptions.values())
    for text in texts:
        assert not JUDGEMENTAL.search(text), text
    assert JUDGEMENTAL.search("Not engaging with support.")  # the check can fail
