"""A canary in every kind of record never appears in any file under the vault's folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlmodel import SQLModel, select

from caseload.models import (
    Activity,
    Assessment,
    AssessmentAmendment,
    CaseNote,
    Consent,
    ContactAgreement,
    ContactLog,
    Milestone,
    Promise,
    Provider,
    Referral,
    SupportGoal,
    Survivor,
)
from caseload.vault import Vault

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
        CaseNote(survivor_id=survivor_id, written_on=DAY, text=f"{c} note"),
        SupportGoal(survivor_id=survivor_id, domain="safety", goal=c, actions=f"{c} actions"),
        Referral(survivor_id=survivor_id, service_kind="other", service_other=c,
                 provider_name=c, status="referred", referred_on=DAY, note=f"{c} referral"),
        # The service directory holds no survivor data, but its free text is typed by
        # navigators like any note (a name can slip in): it is encrypted the same.
        Provider(name=c, service_kinds="housing", languages=c, area=c, how_to_refer=c,
                 contact=c, notes=c),
        # The work beyond the caseload names no survivor, but its words are typed by
        # navigators too: encrypted the same.
        Activity(kind="strategic_advice", date=DAY, force=c, reference=c, theme="other",
                 theme_other=c, site_kind="other", site_other=c, audience=c,
                 organisation=c, note=c),
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


#: Tables of the team's service directory and of the work beyond the caseload: no
#: survivor's, so not deleted with a case.
DIRECTORY_TABLES = {"provider", "activity"}

#: Text and JSON columns that hold only category codes or values the app itself makes
#: (case references, missing-value reasons, ratings, the name of an amended field).
#: Every other text column may hold personal data, so the canary tests must reach it.
NOT_FREE_TEXT = {
    "caserefregistry": {"case_ref"},
    "survivor": {
        "case_ref", "age_band", "sex", "nationality_group", "interpreter_needed",
        "exploitation_types", "county_lines", "exploitation_location", "referral_route",
        "referring_agency", "nrm_reasonable_grounds", "nrm_conclusive_grounds", "status",
        "closure_reason", "support_offered", "support_accepted", "supports_police_action",
        "missing",
    },
    "assessment": {"kind", "ratings"},
    "assessmentamendment": {"field", "changed_by"},
    "consent": {"kind", "status", "method"},
    "casestatuschange": {"status"},
    "contactagreement": {
        "channels", "safe_days", "update_frequency", "detail_level", "interpreter_needed",
        "may_contact",
    },
    "contactlog": {"channel", "who", "outcome"},
    "milestone": {"kind"},
    "promise": {"by_whom", "status", "survivor_told"},
    "recordcorrection": {"record_kind", "action", "field"},
    "supportgoal": {"domain"},
    "referral": {"service_kind", "domains", "status"},
}  # fmt: skip


def test_the_canary_reaches_every_free_text_column_of_every_table(new_vault: Vault) -> None:
    """Guard for the canary tests (here, tests/test_deletion.py, test_canary_session.py).

    The directory's tables (:data:`DIRECTORY_TABLES`) belong to no case, so ``add_case``
    does not fill them: the test above puts the canary in each of their text columns.

    They put the canary in through ``tests.test_deletion.add_case``. A new table or a new
    text column that ``add_case`` does not fill would go unchecked: this fails until it is
    filled there, or listed above as holding no free text.
    """
    from sqlalchemy import JSON
    from sqlmodel.sql.sqltypes import AutoString

    from tests.test_deletion import CANARY as DELETION_CANARY
    from tests.test_deletion import add_case

    unreached = []
    with new_vault.session() as s:
        add_case(s, "NAV-CANRY", DELETION_CANARY)
        con = s.connection()
        for table in SQLModel.metadata.sorted_tables:
            if table.name in DIRECTORY_TABLES:
                continue
            rows = con.execute(table.select()).mappings().all()
            for column in table.columns:
                if not isinstance(column.type, AutoString | JSON):
                    continue
                if column.name in NOT_FREE_TEXT.get(table.name, set()):
                    continue
                if not any(DELETION_CANARY in str(row[column.name]) for row in rows):
                    unreached.append(f"{table.name}.{column.name}")
    assert unreached == []
