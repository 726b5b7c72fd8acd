"""A case reference never spells the survivor's own names: it is spoken aloud and exported."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from caseload.case_refs import holds_a_name, issue_case_refs
from caseload.changes.survivors import save_survivor
from caseload.errors import InvalidInput
from caseload.models import Survivor
from caseload.vault import Vault
from exports.import_common import ImportRejected
from exports.import_survivors import import_survivors

TODAY = dt.date(2026, 12, 2)
HEADER = ("case_ref,given_name,family_name,preferred_name,date_of_birth,sex,nationality,"
          "exploitation_types,referral_route,police_force,intake_date,status")
REST = ",,female,Albanian,labour,nrm,Testshire,2026-11-01,open"


@pytest.mark.parametrize(("ref", "names", "held"), [
    ("NAV-ANNA7", ["Anna"], True),
    ("TEST-ANNA", ["anna"], True),  # any case
    ("AN-NA-12", ["Anna"], True),  # spelled across a hyphen
    ("JOSE-12", ["José"], True),  # accents dropped
    ("REF-ANN9", ["Mary Ann"], True),  # any word of a name
    ("REF-WYN22", [None, "Example-Wyn", ""], True),  # a double-barrelled family name
    ("NAV-AL7KR", ["Al"], False),  # two letters: too short to look for
    ("NAV-7KR3M", ["Nav"], False),  # the prefix is everyone's
    ("TEST-001", ["Testa", "Example", "Tess"], False),
])
def test_names_are_found_in_any_case_and_spelling(ref: str, names: list[str | None],
                                                  held: bool) -> None:
    assert holds_a_name(ref, names) is held


class _Scripted(random.Random):
    """Chooses the given characters in turn: the first reference spells a name."""

    def __init__(self, text: str) -> None:
        super().__init__(0)
        self.text = iter(text)

    def choice(self, seq: Any) -> Any:
        return next(self.text)


def test_an_issued_reference_never_spells_the_survivor_s_name(new_vault: Vault) -> None:
    with new_vault.session() as s:
        refs = issue_case_refs(s, 1, _Scripted("AMY22" "K7RM3"), avoid=[["Amy", "Example"]])
        assert refs == ["NAV-K7RM3"]
        again = issue_case_refs(s, 1, _Scripted("AMY22"))  # nobody named Amy: issued
        assert again == ["NAV-AMY22"]


def test_the_change_function_refuses_a_reference_with_a_name(new_vault: Vault) -> None:
    with new_vault.session() as s:
        with pytest.raises(InvalidInput, match="contains one of the survivor's names"):
            save_survivor(s, {"given_name": "Quill", "intake_date": TODAY}, TODAY,
                          case_ref="REF-QUILL")
        assert s.exec(select(Survivor)).all() == []


def test_an_import_refuses_a_reference_with_a_name_and_adds_nothing(
    new_vault: Vault, tmp_path: Path
) -> None:
    path = tmp_path / "in.csv"
    path.write_text("\r\n".join([
        HEADER,
        "REF-001,Quill,Example," + REST,
        "EXAMPLE-2,Wren,Example," + REST,
        "REF-003,Sorrel,Fictio,Sorry" + REST,
        "r3-sorr-el,Sorrel,Fictio," + REST,
    ]) + "\r\n", encoding="utf-8")
    with new_vault.session() as s, pytest.raises(ImportRejected) as info:
        import_survivors(s, path, TODAY)
    lines = [str(p) for p in info.value.problems]
    assert [line.split(":")[0] for line in lines] == ["row 3, column case_ref",
                                                      "row 5, column case_ref"]
    assert all("contains one of the survivor's names" in line for line in lines)
    assert not any(name in line for line in lines for name in ("Wren", "Sorrel", "Example"))
    with new_vault.session() as s:
        assert s.exec(select(Survivor)).all() == []


def test_an_import_issues_references_that_spell_no_name(new_vault: Vault,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(HEADER + "\r\n" + ",Amy,Example," + REST + "\r\n", encoding="utf-8")
    with new_vault.session() as s:
        result = import_survivors(s, path, TODAY)
        s.commit()
    assert result.imported == 1 and not holds_a_name(result.case_refs[0], ["Amy", "Example"])
