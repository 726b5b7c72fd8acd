"""Providers offered for a referral: the kind of service, then the survivor's languages."""

from __future__ import annotations

from caseload.directory import matching_providers, speaks, split_list
from caseload.models import Provider


def _provider(name: str, kinds: str, languages: str, area: str = "") -> Provider:
    return Provider(name=name, service_kinds=kinds, languages=languages, area=area)


def test_only_providers_of_the_kind_are_offered_those_speaking_the_language_first() -> None:
    providers = [
        _provider("Alpha Housing (demo)", "housing", "English"),
        _provider("Beta Housing (demo)", "housing;accommodation", "English; Albanian"),
        _provider("Gamma Legal (demo)", "legal", "Albanian"),
        _provider("Delta Housing (demo)", "housing", "Romanian", "Northvale"),
    ]
    found = matching_providers(providers, "housing", ["albanian"], "northvale")
    assert [p.name for p in found] == [
        "Beta Housing (demo)", "Delta Housing (demo)", "Alpha Housing (demo)",
    ]
    assert matching_providers(providers, "money") == []


def test_languages_are_read_as_written() -> None:
    assert split_list(" English ;; Tigrinya;") == ["English", "Tigrinya"]
    assert speaks(_provider("X", "legal", "Vietnamese"), ["VIETNAMESE"])
    assert not speaks(_provider("X", "legal", ""), ["English"])
