"""Deleting a survivor removes every record of theirs and leaves no trace in the saved vault.

The saved vault is decrypted (unlock_bytes) and the raw SQLite image, free pages
included, is searched for a canary string that was put into every kind of record.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from caseload.deletion import delete_survivor, purge_backups
from caseload.errors import InvalidInput
from caseload.models import (
    SURVIVOR_OWNED,
    Assessment,
    AssessmentAmendment,
    CaseNote,
    CaseRefRegistry,
    CaseStatusChange,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    RecordCorrection,
    Referral,
    SupportGoal,
    Survivor,
)
from caseload.record_history import amend_assessment
from caseload.vault import Vault
from storage import backups
from storage import vault_format as fmt
from storage.vault import unlock_bytes
from tests.conftest import PASSPHRASE

CANARY = "Zqcanary7Fictional"


def add_case(session: Session, case_ref: str, text: str, day: dt.date = dt.date(2025, 6, 2)) -> int:
    """A survivor with one record of every kind, ``text`` in every free-text field.

    The ``*_other`` specifications are filled even where the code beside them is not
    "other" (the codes stay the defaults, so the rules see an ordinary case).
    """
    survivor = Survivor(
        case_ref=case_ref,
        given_name=f"{text}Given",
        family_name=f"{text}Family",
        preferred_name=f"{text}Pref",
        date_of_birth=dt.date(1990, 5, 17),
        age_band="35_44",
        sex="other",
        sex_other=f"{text}Sex",
        nationality=f"{text}Nationality",
        languages=f"{text}Languages",
        exploitation_types="labour;other",
        exploitation_other=f"{text}Exploit",
        referral_route="other",
        referral_route_other=f"{text}Route",
        referring_agency_name=f"{text}Agency",
        police_force=f"{text}Force",
        officer_name=f"{text}Officer",
        officer_contact=f"{text}@police.example",
        intake_date=day,
        closure_reason_other=f"{text}Closure",
        missing={"date_of_birth": "declined"},
    )
    session.add(survivor)
    session.commit()
    sid = survivor.id
    assert sid is not None
    ratings = Assessment.build_ratings({("safety", "survivor"): 3, ("safety", "navigator"): 4})
    assessment = Assessment(
        survivor_id=sid, date=day, kind="intake", ratings=ratings, note=f"{text}Note"
    )
    session.add(assessment)
    session.add(
        CaseStatusChange(survivor_id=sid, changed_on=day, status="paused", reason=f"{text}Reason")
    )
    session.commit()
    amend_assessment(session, assessment, {"note": f"{text}AmendedNote"})
    session.add_all(
        [
            ContactAgreement(
                survivor_id=sid,
                agreed_on=day,
                who_may_contact=f"{text}Who",
                channels_other=f"{text}Channels",
                update_frequency_other=f"{text}Frequency",
                detail_level_other=f"{text}Detail",
                phones=[
                    {
                        "label": f"{text}Phone",
                        "number": "+44 7700 900123",
                        "safe_to_call": True,
                        "safe_to_text": False,
                        "safe_voicemail": False,
                    }
                ],
                language=f"{text}Lang",
                safe_places=f"{text}Safe",
                unsafe_places=f"{text}Unsafe",
                code_word=f"{text}Code",
                things_to_avoid=f"{text}Avoid",
            ),
            ContactLog(
                survivor_id=sid,
                contact_date=day,
                channel_other=f"{text}Channel",
                phone=f"{text}Phone",
                outside_agreement_reason=f"{text}Outside",
                who_other=f"{text}WhoOther",
                outcome_other=f"{text}OutcomeOther",
                summary=f"{text}Sum",
            ),
            Promise(
                survivor_id=sid,
                what=f"{text}What",
                to_whom=f"{text}ToWhom",
                by_whom_other=f"{text}ByWhom",
                made_on=day,
                outcome_note=f"{text}Outcome",
            ),
            Consent(
                survivor_id=sid,
                kind="share_with_agency",
                kind_other=f"{text}ConsentKind",
                agency_name=f"{text}ConsentAgency",
                status="given",
                method="other",
                method_other=f"{text}ConsentMethod",
                note=f"{text}ConsentNote",
            ),
            Milestone(
                survivor_id=sid,
                kind="other",
                kind_other=f"{text}Milestone",
                date=day,
                prep_note=f"{text}Prep",
            ),
            CaseNote(survivor_id=sid, written_on=day, text=f"{text}CaseNote"),
            Referral(
                survivor_id=sid,
                service_kind="housing",
                service_other=f"{text}Service",
                provider_name=f"{text}Provider",
                domains="safety",
                status="referred",
                referred_on=day,
                note=f"{text}ReferralNote",
            ),
            SupportGoal(
                survivor_id=sid,
                domain="safety",
                goal=f"{text}Goal",
                actions=f"{text}Actions",
                agreed_on=day,
            ),
            # A corrected summary: its history holds the old words.
            RecordCorrection(
                survivor_id=sid,
                record_kind="contact",
                record_id=0,
                action="edited",
                field="summary",
                old_value=f'"{text}OldSummary"',
                new_value=f'"{text}NewSummary"',
            ),
        ]
    )
    session.commit()
    return sid


def _image(vault_path: Path) -> bytes:
    return unlock_bytes(vault_path.read_bytes(), PASSPHRASE)[2]


def _count_owned(session: Session, sid: int) -> int:
    total = 0
    for model in SURVIVOR_OWNED:
        total += session.exec(
            select(func.count()).select_from(model).where(model.survivor_id == sid)  # type: ignore[attr-defined]
        ).one()
    return total


def test_delete_survivor_leaves_no_trace_in_the_saved_vault(
    new_vault: Vault, vault_path: Path
) -> None:
    with new_vault.session() as s:
        gone = add_case(s, "NAV-DLTX1", CANARY)
        kept = add_case(s, "NAV-KEPT2", "Ordinaryperson")
    new_vault.save()
    image = _image(vault_path)
    assert image.count(CANARY.encode()) >= 25  # the canary really is in every record

    with new_vault.session() as s:
        assert delete_survivor(s, gone) == "NAV-DLTX1"
    new_vault.save()

    image = _image(vault_path)
    assert CANARY.encode() not in image
    assert CANARY.encode("utf-16-le") not in image and CANARY.encode("utf-16-be") not in image
    # The image's free pages (where deleted content would linger) are zeroed too.
    con = sqlite3.connect(":memory:")
    con.deserialize(image)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    for page in _freelist_pages(image, page_size):
        assert CANARY.encode() not in image[(page - 1) * page_size : page * page_size]

    with new_vault.session() as s:
        assert s.get(Survivor, gone) is None
        assert _count_owned(s, gone) == 0
        assert s.exec(select(func.count()).select_from(AssessmentAmendment)).one() == 1  # kept's
        assert s.get(CaseRefRegistry, "NAV-DLTX1") is not None  # never reused
        assert s.get(Survivor, kept) is not None and _count_owned(s, kept) == 11
    assert b"Ordinaryperson" in image


def _freelist_pages(image: bytes, page_size: int) -> list[int]:
    """Page numbers on SQLite's freelist (trunk and leaf pages), read from the file format."""
    pages: list[int] = []
    trunk = int.from_bytes(image[32:36], "big")
    while trunk:
        pages.append(trunk)
        start = (trunk - 1) * page_size
        nxt = int.from_bytes(image[start : start + 4], "big")
        count = int.from_bytes(image[start + 4 : start + 8], "big")
        for i in range(count):
            off = start + 8 + 4 * i
            pages.append(int.from_bytes(image[off : off + 4], "big"))
        trunk = nxt
    return pages


def test_without_secure_delete_the_scan_would_find_the_canary(
    new_vault: Vault, vault_path: Path
) -> None:
    """Control: proves the image scan above can fail (deleted cells linger without it)."""
    with new_vault.session() as s:
        gone = add_case(s, "NAV-DLTX1", CANARY)
        add_case(s, "NAV-KEPT2", "Ordinaryperson")
        s.connection().exec_driver_sql("PRAGMA secure_delete = OFF")
        delete_survivor(s, gone)
        s.connection().exec_driver_sql("PRAGMA secure_delete = ON")
    new_vault.save()
    assert CANARY.encode() in _image(vault_path)


def test_confirmation_names_the_case_reference_only(new_vault: Vault) -> None:
    with new_vault.session() as s:
        sid = add_case(s, "NAV-DLTX1", CANARY)
        ref = delete_survivor(s, sid)
    assert ref == "NAV-DLTX1" and CANARY not in ref


def test_deleting_a_missing_survivor_is_refused(new_vault: Vault) -> None:
    with new_vault.session() as s, pytest.raises(InvalidInput):
        delete_survivor(s, 12345)


def test_deleted_case_reference_is_never_issued_again(new_vault: Vault) -> None:
    from caseload.case_refs import used_case_refs

    with new_vault.session() as s:
        sid = add_case(s, "NAV-DLTX1", CANARY)
        delete_survivor(s, sid)
        assert "NAV-DLTX1" in used_case_refs(s)


def test_purge_backups_after_deletion(new_vault: Vault, vault_path: Path) -> None:
    with new_vault.session() as s:
        sid = add_case(s, "NAV-DLTX1", CANARY)
    new_vault.save()
    with new_vault.session() as s:
        delete_survivor(s, sid)
    new_vault.save()
    found = backups.list_backups(vault_path)
    assert any(CANARY.encode() in unlock_bytes(b.path.read_bytes(), PASSPHRASE)[2] for b in found)
    assert purge_backups(vault_path) == len(found)
    for path in vault_path.parent.rglob("*"):
        if path.is_file() and path.read_bytes().startswith(fmt.MAGIC):
            assert CANARY.encode() not in unlock_bytes(path.read_bytes(), PASSPHRASE)[2]
    new_vault.close()
    with Vault.open(vault_path, PASSPHRASE) as reopened, reopened.session() as s:
        assert s.exec(select(func.count()).select_from(Survivor)).one() == 0
        assert s.exec(
            select(CaseRefRegistry).where(col(CaseRefRegistry.case_ref) == "NAV-DLTX1")
        ).first()
