"""The demo caseload generator and case references."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import SQLModel

from caseload import categories as cat
from caseload.case_refs import (
    ALPHABET,
    CaseRefError,
    issue_case_refs,
    new_case_ref,
    register_case_ref,
)
from caseload.domains import DOMAINS, RATERS
from caseload.migrations import V2_OTHER_COLUMNS
from caseload.models import (
    Assessment,
    CaseRefRegistry,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    Survivor,
)
from caseload.vault import Vault
from demo import generator as demo
from demo.generator import DEMO_FAMILY_NAMES, DEMO_GIVEN_NAMES, populate, write_demo_vault
from storage.vault_format import TEST_KDF
from tests.conftest import PASSPHRASE

TODAY = dt.date(2025, 6, 15)
TABLES: tuple[type[SQLModel], ...] = (
    Survivor,
    Assessment,
    ContactAgreement,
    ContactLog,
    Promise,
    Consent,
    Milestone,
    CaseRefRegistry,
)


def _dump(vault: Vault) -> dict[str, list[tuple[object, ...]]]:
    out = {}
    with vault.session() as s:
        for model in TABLES:
            table = model.__table__  # type: ignore[attr-defined]
            out[model.__name__] = [
                tuple(r) for r in s.execute(select(table).order_by(*table.primary_key))
            ]
    return out


def _make(tmp_path: Path, name: str, survivors: int, seed: int) -> Vault:
    vault, _ = Vault.create(tmp_path / f"{name}.vault", PASSPHRASE, TEST_KDF)
    with vault.session() as s:
        populate(s, survivors, seed, TODAY)
    return vault


@pytest.fixture(scope="module")
def demo_rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[object, ...]]]:
    vault = _make(tmp_path_factory.mktemp("demo"), "a", 150, 7)
    try:
        return _dump(vault)
    finally:
        vault.close()


def test_same_seed_gives_identical_rows_and_other_seed_differs(tmp_path: Path) -> None:
    a, b, c = (_make(tmp_path, n, 30, seed) for n, seed in (("a", 3), ("b", 3), ("c", 4)))
    try:
        da, db, dc = _dump(a), _dump(b), _dump(c)
    finally:
        for v in (a, b, c):
            v.close()
    assert da == db
    assert da["Survivor"] != dc["Survivor"]
    assert da["ContactLog"] != dc["ContactLog"]


def test_counts_and_every_kind_of_history(tmp_path: Path) -> None:
    vault = _make(tmp_path, "n", 120, 11)
    try:
        with vault.session() as s:

            def count(model: type[SQLModel], *where: object) -> int:
                q = select(func.count()).select_from(model)
                return int(s.execute(q.where(*where) if where else q).scalar() or 0)

            assert count(Survivor) == 120
            assert count(CaseRefRegistry) == 120
            for status in ("open", "paused", "closed"):
                assert count(Survivor, Survivor.status == status) > 0, status
            for kind in ("intake", "review", "closing"):
                assert count(Assessment, Assessment.kind == kind) > 0, kind
            for outcome in ("spoke", "message_left", "no_answer"):
                assert count(ContactLog, ContactLog.outcome == outcome) > 0, outcome
            assert count(ContactLog, ContactLog.safety_concern.is_(True)) > 0  # type: ignore[attr-defined]
            for status in ("open", "kept", "broken", "renegotiated"):
                assert count(Promise, Promise.status == status) > 0, status
            assert count(Milestone, Milestone.date < TODAY) > 0
            assert count(Milestone, Milestone.date >= TODAY) > 0
            assert count(ContactAgreement) >= 120
            assert count(Consent) >= 120 * 3
            intakes = [r for (r,) in s.execute(select(Survivor.intake_date))]
            assert min(intakes) >= TODAY - dt.timedelta(days=731)
            assert max(intakes) <= TODAY
            assert (max(intakes) - min(intakes)).days > 500
    finally:
        vault.close()


def test_populating_twice_adds_without_clashing(tmp_path: Path) -> None:
    vault = _make(tmp_path, "twice", 10, 1)
    try:
        with vault.session() as s:
            populate(s, 10, 1, TODAY)  # same seed: refs must still be new
            refs = [r for (r,) in s.execute(select(Survivor.case_ref))]
        assert len(refs) == len(set(refs)) == 20
    finally:
        vault.close()


def test_names_are_obviously_fictional(demo_rows: dict[str, list[tuple[object, ...]]]) -> None:
    cols = [c.name for c in Survivor.__table__.columns]  # type: ignore[attr-defined]
    for row in demo_rows["Survivor"]:
        r = dict(zip(cols, row, strict=True))
        assert r["given_name"] in DEMO_GIVEN_NAMES
        assert r["family_name"] in DEMO_FAMILY_NAMES
        assert r["officer_contact"].startswith("01632 960")  # Ofcom drama range
    cols = [c.name for c in ContactAgreement.__table__.columns]  # type: ignore[attr-defined]
    for row in demo_rows["ContactAgreement"]:
        for phone in dict(zip(cols, row, strict=True))["phones"]:
            assert phone["number"].startswith(("07700 900", "01632 960"))


def _rows(demo_rows: dict[str, list[tuple[object, ...]]], model: type[SQLModel]) -> list[dict]:
    cols = [c.name for c in model.__table__.columns]  # type: ignore[attr-defined]
    return [dict(zip(cols, row, strict=True)) for row in demo_rows[model.__name__]]


def test_every_value_fits_the_categories(demo_rows: dict[str, list[tuple[object, ...]]]) -> None:
    for s in _rows(demo_rows, Survivor):
        assert s["sex"] in cat.SEX
        assert s["age_band"] in cat.AGE_BAND
        assert s["nationality_group"] in cat.NATIONALITY_GROUP
        assert all(t in cat.EXPLOITATION_TYPE for t in s["exploitation_types"].split(";"))
        assert s["county_lines"] in cat.YES_NO_UNKNOWN
        assert s["interpreter_needed"] in cat.YES_NO_UNKNOWN
        assert s["exploitation_location"] in cat.EXPLOITATION_LOCATION
        assert s["referral_route"] in cat.REFERRAL_ROUTE
        assert s["referring_agency"] in cat.REFERRING_AGENCY
        assert s["nrm_reasonable_grounds"] in cat.NRM_DECISION
        assert s["nrm_conclusive_grounds"] in cat.NRM_DECISION
        assert s["status"] in cat.CASE_STATUS
        assert (s["closure_reason"] in cat.CLOSURE_REASON) == (s["status"] == "closed")
        assert (s["closed_on"] is not None) == (s["status"] == "closed")
        assert all(v in cat.MISSING_REASON for v in s["missing"].values())
        assert re.fullmatch(f"NAV-[{ALPHABET}]{{5}}", s["case_ref"])
    for a in _rows(demo_rows, Assessment):
        assert a["kind"] in cat.ASSESSMENT_KIND
        assert a["scale_version"] == 1
        assert a["date"] <= TODAY
        assert set(a["ratings"]) == set(DOMAINS)
        for domain in DOMAINS:
            assert set(a["ratings"][domain]) == set(RATERS)
            for value in a["ratings"][domain].values():
                assert value in range(1, 6) or value in cat.MISSING_REASON
    for g in _rows(demo_rows, ContactAgreement):
        assert g["update_frequency"] in cat.UPDATE_FREQUENCY
        assert g["detail_level"] in cat.DETAIL_LEVEL
        assert all(c in cat.CONTACT_CHANNEL for c in g["channels"].split(";"))
        assert all(d in cat.WEEKDAYS for d in g["safe_days"].split(";") if d)
        assert g["review_on"] > g["agreed_on"]
    for c in _rows(demo_rows, ContactLog):
        assert c["outcome"] in cat.CONTACT_OUTCOME
        assert c["channel"] in cat.CONTACT_CHANNEL
        assert c["who"] in cat.CONTACT_WHO
        assert c["contact_date"] <= TODAY
    for p in _rows(demo_rows, Promise):
        assert p["status"] in cat.PROMISE_STATUS
        assert p["by_whom"] in cat.PROMISE_BY
        assert p["made_on"] <= TODAY
    for k in _rows(demo_rows, Consent):
        assert k["kind"] in cat.CONSENT_KIND
        assert k["status"] in cat.CONSENT_STATUS
    for m in _rows(demo_rows, Milestone):
        assert m["kind"] in cat.MILESTONE_KIND


def test_ratings_mostly_improve_and_sometimes_disagree(
    demo_rows: dict[str, list[tuple[object, ...]]],
) -> None:
    by_survivor: dict[int, list[dict]] = {}
    for a in sorted(_rows(demo_rows, Assessment), key=lambda a: a["date"]):
        by_survivor.setdefault(a["survivor_id"], []).append(a)

    def mean(a: dict, rater: str) -> float:
        vals = [a["ratings"][d][rater] for d in DOMAINS]
        nums = [v for v in vals if isinstance(v, int)]
        return sum(nums) / len(nums) if nums else 0.0

    pairs = [(h[0], h[-1]) for h in by_survivor.values() if len(h) > 1]
    improved = sum(mean(last, "survivor") > mean(first, "survivor") for first, last in pairs)
    assert 0.5 < improved / len(pairs) < 0.98
    gaps = [
        abs(a["ratings"][d]["survivor"] - a["ratings"][d]["navigator"])
        for h in by_survivor.values()
        for a in h
        for d in DOMAINS
        if isinstance(a["ratings"][d]["survivor"], int)
        and isinstance(a["ratings"][d]["navigator"], int)
    ]
    assert any(g >= 2 for g in gaps)
    assert sum(g <= 1 for g in gaps) / len(gaps) > 0.85


def test_write_demo_vault_replaces_an_earlier_demo(tmp_path: Path) -> None:
    path = tmp_path / "demo" / "demo.vault"
    write_demo_vault(path, PASSPHRASE, survivors=5, seed=1, today=TODAY, kdf=TEST_KDF)
    first = path.read_bytes()
    write_demo_vault(path, PASSPHRASE, survivors=8, seed=2, today=TODAY, kdf=TEST_KDF)
    assert path.read_bytes() != first
    vault = Vault.open(path, PASSPHRASE)
    try:
        with vault.session() as s:
            assert s.execute(select(func.count()).select_from(Survivor)).scalar() == 8
    finally:
        vault.close()


def test_write_demo_vault_refuses_while_the_demo_is_open(tmp_path: Path) -> None:
    from caseload.errors import VaultInUse

    path = tmp_path / "demo.vault"
    write_demo_vault(path, PASSPHRASE, survivors=2, seed=1, today=TODAY, kdf=TEST_KDF)
    vault = Vault.open(path, PASSPHRASE)
    try:
        with pytest.raises(VaultInUse):
            write_demo_vault(path, PASSPHRASE, survivors=2, seed=1, today=TODAY, kdf=TEST_KDF)
        assert path.exists()
    finally:
        vault.close()


def test_case_refs_are_unique_sayable_and_never_reused(new_vault: Vault) -> None:
    with new_vault.session() as s:
        refs = issue_case_refs(s, 300, random.Random(5))
        assert len(set(refs)) == 300
        assert all(re.fullmatch(f"NAV-[{ALPHABET}]{{5}}", r) for r in refs)
        assert not set("0O1IL5SZ8BUV") & set(ALPHABET)
        # A deleted survivor's reference stays in the registry and is not issued again.
        ref = new_case_ref(s, random.Random(9))
        s.add(Survivor(case_ref=ref, intake_date=TODAY))
        s.commit()
        s.execute(Survivor.__table__.delete())  # type: ignore[attr-defined]
        s.commit()
        again = issue_case_refs(s, 1, random.Random(9))  # same RNG stream as before
        assert again[0] != ref
        with pytest.raises(CaseRefError):
            register_case_ref(s, ref.lower())
        assert register_case_ref(s, "OLD-SHEET-0042") == "OLD-SHEET-0042"
        with pytest.raises(CaseRefError):
            register_case_ref(s, "bad ref!")


#: The 'other' choices schema 2 added, which the demo fills: table -> (code, text field).
DEMO_OTHERS = {
    table: tuple(p for p in cat.OTHER_TEXT_FIELDS[table] if (table, p[1]) in V2_OTHER_COLUMNS)
    for table in {t for t, _ in V2_OTHER_COLUMNS}
}


def test_other_choices_are_specified_and_every_one_appears(
    demo_rows: dict[str, list[tuple[object, ...]]],
) -> None:
    models = {m.__tablename__: m for m in TABLES}  # type: ignore[attr-defined]
    for table, pairs in DEMO_OTHERS.items():
        rows = _rows(demo_rows, models[table])
        for code, text in pairs:
            chosen = [r for r in rows if "other" in r[code].split(";")]
            assert chosen, f"{table}.{code}: no 'other' in the demo"
            assert all(r[text] for r in chosen), f"{table}.{text}"
            assert not any(r[text] for r in rows if r not in chosen), f"{table}.{text}"


def test_the_other_choices_change_no_other_demo_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They replace values already drawn and take no random draw of their own."""
    with_others = _make(tmp_path, "with", 30, 3)
    monkeypatch.setattr(demo._Builder, "_others", lambda self, model, *swaps: self.rows[model][-1])
    without = _make(tmp_path, "without", 30, 3)
    try:
        a, b = _dump(with_others), _dump(without)
    finally:
        with_others.close()
        without.close()
    touched = {"update_frequency", "detail_level", "channels", "channel", "outcome", "method"}
    touched |= {text for pairs in DEMO_OTHERS.values() for _, text in pairs}
    for model in TABLES:
        cols = [c.name for c in model.__table__.columns]  # type: ignore[attr-defined]
        keep = [i for i, c in enumerate(cols) if c not in touched and c != "id"]
        rows_a = [r for r in a[model.__name__] if model is not Consent or r[cols.index("kind")]
                  != "other"]  # fmt: skip
        rows_b = [r for r in b[model.__name__] if model is not Consent or r[cols.index("kind")]
                  != "other"]  # fmt: skip
        assert [[r[i] for i in keep] for r in rows_a] == [[r[i] for i in keep] for r in rows_b]
    assert a != b  # the swaps did happen
