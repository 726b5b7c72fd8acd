"""Form, importer and change function agree by construction: the same bad values get the
same sentences, because all three call the record's one validator.

Each table row is (field, bad value, other fields set first).  The survivor and
assessment rows are typed into the app's form through the pilot and written into a CSV
file for the importer; the other record kinds (no importer yet) go to the form and to
the change function a handover will call.  Every sentence must be the same.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from caseload.changes.agreements import record_agreement
from caseload.changes.contacts import log_contact
from caseload.changes.milestones import add_milestone
from caseload.changes.promises import make_promise, set_promise_status
from caseload.domains import DOMAINS
from caseload.validation.records import RecordInvalid
from exports.import_assessments import import_assessments
from exports.import_common import ImportRejected
from exports.import_survivors import COLUMNS, import_survivors
from navigator_tui.screens.form_screen import FormScreen
from tests.app_support import SIZE, TODAY, open_app, reopen, wait_for
from tests.test_app_form_boundaries import (
    INTAKE,
    PLANS,
    make_boundary_vault,
    open_form,
    set_widget,
)
from tests.test_app_forms import field_error

Row = tuple[str, str, dict[str, Any]]
BEFORE_INTAKE = (INTAKE - dt.timedelta(days=1)).isoformat()
RTL_OVERRIDE = "Quill\u202eon"
LINE_SEPARATOR = "Quill\u2028on"
ARABIC_DIGITS = "\u0662\u0660\u0662\u0666-01-01"
FULLWIDTH_DIGITS = "\uff12\uff10\uff12\uff16-01-01"

SURVIVOR_ROWS: tuple[Row, ...] = (
    ("intake_date", "2026-02-30", {}),
    ("intake_date", "1899-12-31", {}),
    ("intake_date", ARABIC_DIGITS, {}),
    ("intake_date", "Dec 2025", {}),
    ("intake_date", (TODAY + dt.timedelta(days=1)).isoformat(), {}),
    ("given_name", RTL_OVERRIDE, {}),
    ("family_name", LINE_SEPARATOR, {}),
    ("family_name", "x" * 101, {}),
    ("given_name", "", {"preferred_name": ""}),
    ("date_of_birth", INTAKE.isoformat(), {}),
    ("date_of_birth", FULLWIDTH_DIGITS, {}),
    ("age_band", "18_24", {"date_of_birth": "1960-05-01"}),
    ("closed_on", "", {"status": "closed", "closure_reason": "support_complete"}),
    ("closure_reason", "", {"status": "closed", "closed_on": TODAY.isoformat()}),
    ("closed_on", TODAY.isoformat(), {"status": "open"}),
    ("closed_on", BEFORE_INTAKE, {"status": "closed", "closure_reason": "support_complete"}),
    ("referring_agency_name", "", {"referring_agency": "other_agency"}),
    ("sex_other", "", {"sex": "other"}),
    ("nrm_reasonable_grounds_date", "2026-13-01", {}),
)
SURVIVOR_BASE = {"given_name": "Quill", "intake_date": INTAKE.isoformat()}

ASSESSMENT_ROWS: tuple[Row, ...] = (
    ("date", "2026-02-30", {}),
    ("date", BEFORE_INTAKE, {}),
    ("date", ARABIC_DIGITS, {}),
    ("date", (TODAY + dt.timedelta(days=1)).isoformat(), {}),
    ("note", "Ratings\u202eagreed", {}),
)

CHANGE_ROWS: dict[str, tuple[Row, ...]] = {
    "contact": (
        ("contact_date", BEFORE_INTAKE, {}),
        ("contact_date", FULLWIDTH_DIGITS, {}),
        ("contact_time", "25:00", {}),
        ("who_other", "", {"who": "other"}),
        ("summary", "Spoke\u202ebriefly", {}),  # a note may break lines, not reorder text
    ),
    "promise": (
        ("made_on", BEFORE_INTAKE, {}),
        ("due_on", INTAKE.isoformat(), {"made_on": TODAY.isoformat()}),
        ("by_whom_other", "", {"by_whom": "other_agency"}),
        ("what", "", {}),
    ),
    "promise status": (
        ("outcome_note", "", {"status": "withdrawn", "status_changed_on": TODAY.isoformat()}),
        ("status_changed_on", BEFORE_INTAKE, {}),
    ),
    "milestone": (
        ("kind_other", "", {"kind": "other"}),
        ("date", "2099-01-01", {}),
    ),
    "agreement": (
        ("safe_time_to", "09:00", {"safe_time_from": "09:00"}),
        ("review_on", INTAKE.isoformat(), {"agreed_on": TODAY.isoformat()}),
        ("agreed_on", "1899-12-31", {}),
    ),
}


async def form_sentences(vault_path: Path, plan_name: str, rows: tuple[Row, ...],
                         base: dict[str, Any]) -> list[str]:
    """Type each row into the form (valid values first) and read the sentence shown."""
    survivor_id = make_boundary_vault(vault_path)
    plan = PLANS[plan_name]
    sentences = []
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_form(pilot, app, plan, survivor_id)
        form = app.screen
        assert isinstance(form, FormScreen)
        if plan_name == "assessment":
            await pilot.press(*"333333333333")
        initial = {name: form.field(name).raw() for name in (s.name for s in plan.specs)}
        for name, bad, setup in rows:
            for field, value in {**initial, **plan.valid, **base, **setup}.items():
                set_widget(form, field, value)
            set_widget(form, name, bad)
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda n=name: bool(field_error(app, n)))
            assert app.screen is form
            sentences.append(field_error(app, name))
    return sentences


def write_csv(path: Path, header: list[str], rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(
            {k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()} for row in rows
        )
    return path


def import_sentence(vault_path: Path, do_import: Callable[..., Any], path: Path,
                    column: str) -> str:
    vault = reopen(vault_path)
    try:
        with vault.session() as session, pytest.raises(ImportRejected) as refused:
            do_import(session, path, TODAY)
    finally:
        vault.close()
    found = [p.message for p in refused.value.problems if p.column == column]
    assert found, refused.value.report_lines()
    return found[0]


async def test_survivor_form_and_importer_say_the_same(vault_path: Path, tmp_path: Path) -> None:
    shown = await form_sentences(vault_path, "survivor", SURVIVOR_ROWS, SURVIVOR_BASE)
    header = [c.name for c in COLUMNS]
    for (name, bad, setup), sentence in zip(SURVIVOR_ROWS, shown, strict=True):
        path = write_csv(tmp_path / "s.csv", header, [{**SURVIVOR_BASE, **setup, name: bad}])
        assert import_sentence(vault_path, import_survivors, path, name) == sentence, name


async def test_assessment_form_and_importer_say_the_same(
    vault_path: Path, tmp_path: Path
) -> None:
    shown = await form_sentences(vault_path, "assessment", ASSESSMENT_ROWS, {})
    vault = reopen(vault_path)
    with vault.session() as session:
        from caseload.models import Survivor

        case_ref = session.get(Survivor, 1).case_ref  # type: ignore[union-attr]
    vault.close()
    header = ["case_ref", "date", "kind", "rater", *DOMAINS, "note"]
    for (name, bad, setup), sentence in zip(ASSESSMENT_ROWS, shown, strict=True):
        row = {"case_ref": case_ref, "date": TODAY.isoformat(), "kind": "review",
               "rater": "survivor", **dict.fromkeys(DOMAINS, "3"), **setup, name: bad}
        path = write_csv(tmp_path / "a.csv", header, [row])
        assert import_sentence(vault_path, import_assessments, path, name) == sentence, name


#: Valid values of the fields the form leaves empty.
BASES: dict[str, dict[str, Any]] = {
    "promise": {"what": "Call back on Friday", "made_on": TODAY.isoformat()},
    "milestone": {"date": TODAY.isoformat()},
    # No agreement: the contact form assumes no channel.
    "contact": {"channel": "phone_call"},
}

CHANGES: dict[str, Callable[..., Any]] = {
    "contact": lambda s, sid, raw: log_contact(s, sid, raw, TODAY),
    "promise": lambda s, sid, raw: make_promise(s, sid, raw, TODAY),
    "promise status": lambda s, sid, raw: set_promise_status(s, 1, raw, TODAY),
    "milestone": lambda s, sid, raw: add_milestone(s, sid, raw, TODAY),
    "agreement": lambda s, sid, raw: record_agreement(s, sid, raw, [], TODAY),
}


@pytest.mark.parametrize("kind", sorted(CHANGE_ROWS))
async def test_form_and_change_function_say_the_same(vault_path: Path, kind: str) -> None:
    rows = CHANGE_ROWS[kind]
    base = BASES.get(kind, {})
    shown = await form_sentences(vault_path, kind, rows, base)
    plan = PLANS[kind]
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            from caseload.models import Promise

            promise = session.get(Promise, 1)
            assert promise is not None
            for (name, bad, setup), sentence in zip(rows, shown, strict=True):
                raw = {**plan.valid, **base, **setup, name: bad}
                with pytest.raises(RecordInvalid) as refused:
                    CHANGES[kind](session, promise.survivor_id, raw)
                assert refused.value.problems.get(name) == sentence, (name, bad)
    finally:
        vault.close()
