"""A canary in every kind of record never appears in any file under the vault's folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import SQLModel, select

from storage.models import (
    Assessment,
    AssessmentAmendment,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    Survivor,
)
from storage.vault import Vault

CANARY = "ZZCANARYQX"
DAY = dt.date(2026, 3, 4)


def _every_kind_of_record(survivor_id: int) -> list[SQLModel]:
    c = CANARY
    return [
        Assessment(survivor_id=survivor_id, date=DAY, kind="intake", note=f"{c} note"),
        ContactAgreement(
            survivor_id=survivor_id,
            agreed_on=DAY,
            who_may_contact=f"{c} sister",
            phones=[{"label": c, "number": "07700 900000", "safe_to_call": True}],
            safe_places=c,
            unsafe_places=c,
            code_word=c,
            things_to_avoid=c,
        ),
        ContactLog(survivor_id=survivor_id, contact_date=DAY, summary=f"{c} summary"),
        Promise(survivor_id=survivor_id, what=f"{c} promise", made_on=DAY, outcome_note=c),
        Consent(survivor_id=survivor_id, kind="share_with_agency", agency_name=c, note=c),
        Milestone(survivor_id=survivor_id, kind="court_date", date=DAY, prep_note=c),
    ]


def _files_containing(folder: Path, needle: bytes) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_canary_in_every_record_never_reaches_disk(new_vault: Vault, vault_path: Path) -> None:
    with new_vault.session() as s:
        survivor = Survivor(
            case_ref="NAV-CANRY",
            given_name=CANARY,
            family_name=CANARY,
            preferred_name=CANARY,
            officer_name=CANARY,
            intake_date=DAY,
        )
        s.add(survivor)
        s.commit()
        assert survivor.id is not None
        records = _every_kind_of_record(survivor.id)
        s.add_all(records)
        s.commit()
        assessment = records[0]
        s.add(AssessmentAmendment(assessment_id=assessment.id, field="note", old_value=CANARY))
        s.commit()
    new_vault.save()
    # Several saves so that backups exist too.
    new_vault.save()
    assert _files_containing(vault_path.parent, CANARY.encode()) == []
    assert _files_containing(vault_path.parent, CANARY.encode("utf-16-le")) == []

    with new_vault.session() as s:
        for model in (Milestone, Promise, ContactLog):
            for row in s.exec(select(model)).all():
                s.delete(row)
        s.commit()
    new_vault.save()
    new_vault.close()
    assert _files_containing(vault_path.parent, CANARY.encode()) == []
    with Vault.open(vault_path, "correct horse battery staple") as reopened:
        with reopened.session() as s:
            assert s.exec(select(Promise)).all() == []
            assert s.exec(select(Survivor.given_name)).one() == CANARY
