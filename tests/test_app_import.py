"""Import from a spreadsheet in the app (F8 / palette): problems listed, all or nothing, saved.

Files are typed as a navigator would, as ``~/...`` paths (HOME is a folder in tmp_path,
see conftest), which also checks that ``~`` is expanded.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

import pytest
from sqlmodel import select
from textual.widgets import Static

from caseload.models import Assessment, Survivor
from exports import import_survivors
from exports.import_common import template
from navigator_tui.screens.caseload import CaseloadScreen
from navigator_tui.screens.confirm import ConfirmScreen
from navigator_tui.screens.import_data import ImportScreen, template_name
from navigator_tui.screens.import_report import ImportReportScreen
from storage import safe_io
from tests.app_support import (
    SIZE,
    answer,
    loaded,
    make_vault,
    open_app,
    reopen,
    screen_text,
    wait_for,
)

SURVIVORS_HEADER = (
    "case_ref,given_name,family_name,preferred_name,date_of_birth,sex,nationality,"
    "exploitation_types,referral_route,police_force,intake_date,status"
)
ASSESSMENTS_HEADER = (
    "case_ref,date,kind,rater,mental_health,physical_health,financial_stability,"
    "social_connection,safety,legal_status"
)


def home() -> Path:
    path = Path(os.environ["HOME"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_csv(name: str, lines: list[str]) -> Path:
    path = home() / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def survivor_refs(vault_path: Path) -> list[str]:
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            return sorted(session.exec(select(Survivor.case_ref)))
    finally:
        vault.close()


def report_text(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ImportReportScreen)
    parts = [screen.query_one(f"#import-report-{part}", Static) for part in ("title", "message")]
    lines = screen.query("#import-report-lines")
    return "\n".join(str(widget.render()) for widget in [*parts, *lines])


async def test_bad_file_lists_every_problem_and_imports_nothing(vault_path: Path) -> None:
    make_vault(vault_path)
    before = survivor_refs(vault_path)
    write_csv("bad.csv", [
        SURVIVORS_HEADER,
        "TEST-BAD-1,Wrongrowname,Example,,31/02/1990,female,Albanian,labour,nrm,Testshire,"
        "2026-01-15,open",
        "TEST-BAD-2,Fineperson,Example,,,female,Albanian,labour,nrm,Testshire,2026-01-15,open",
        ",Secondrowname,Person,,,alien,British,criminal,ms1,Testshire,2026-02-10,",
    ])
    (home() / "folder.csv").mkdir()
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        screen = app.screen
        assert isinstance(screen, ImportScreen)

        # A path that is not a file is refused next to the field, before anything runs.
        await pilot.press("tab", *"~/missing.csv", "ctrl+s")
        assert "There is no file" in str(screen.query_one("#field-file .field-error").render())
        screen.query_one("#input-file").clear()  # type: ignore[attr-defined]
        await pilot.press(*"~/folder.csv", "ctrl+s")
        assert "folder" in str(screen.query_one("#field-file .field-error").render())
        assert not isinstance(app.screen, ImportReportScreen)

        screen.query_one("#input-file").clear()  # type: ignore[attr-defined]
        await pilot.press(*"~/bad.csv", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportReportScreen))
        text = report_text(app)
        assert "Nothing was imported: the file has 2 problems." in text
        assert "row 2, column date_of_birth: There is no such date" in text
        assert "row 4, column sex: Not one of the choices" in text
        assert "Wrongrowname" not in screen_text(app)
        assert "Secondrowname" not in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        status = str(screen.query_one("#form-status", Static).render())
        assert "The caseload is unchanged" in status
        assert app.cases is not None and len(app.cases.files) == len(before)
    assert survivor_refs(vault_path) == before


async def test_survivors_then_assessments_are_imported_saved_and_shown(vault_path: Path) -> None:
    make_vault(vault_path)
    before = survivor_refs(vault_path)
    write_csv("survivors.csv", [
        SURVIVORS_HEADER,
        "TEST-IMP-1,Testa,Example,Tessimport,02/01/1990,female,Albanian,labour;sexual,nrm,"
        "Testshire (demo),2026-01-15,open",
        ",Fictio,Person,Ficimport,,male,British,criminal,ms1,Testshire (demo),2026-02-10,",
    ])
    write_csv("assessments.csv", [
        ASSESSMENTS_HEADER,
        "TEST-IMP-1,2026-01-20,intake,survivor,2,3,1,2,2,1",
        "TEST-IMP-1,2026-01-20,intake,navigator,2,2,2,2,3,1",
    ])
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        await pilot.press("tab", *"~/survivors.csv", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportReportScreen))
        assert "2 survivors added to the caseload and saved (1 new case reference issued)." in (
            report_text(app)
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CaseloadScreen))
        caseload = app.screen
        assert isinstance(caseload, CaseloadScreen)
        await wait_for(pilot, lambda: len(caseload.shown) == len(before) + 2)
        assert "TEST-IMP-1" in [row.case_ref for row in caseload.shown]
        shown = screen_text(app)
        assert "Tessimport" in shown and "Ficimport" in shown

        # Assessments, for a survivor the first import added: choose the kind with keys.
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        await pilot.press("tab", *"~/assessments.csv", "ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportReportScreen))
        assert "1 assessment added from 2 rows and saved." in report_text(app)
        await pilot.press("escape")
        assert not app.unsaved

    refs = survivor_refs(vault_path)
    assert len(refs) == len(before) + 2 and "TEST-IMP-1" in refs
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            survivor = session.exec(select(Survivor).where(Survivor.case_ref == "TEST-IMP-1")).one()
            assessments = list(
                session.exec(select(Assessment).where(Assessment.survivor_id == survivor.id))
            )
    finally:
        vault.close()
    assert [(a.kind, str(a.date)) for a in assessments] == [("intake", "2026-01-20")]


async def test_template_from_the_palette_and_not_replaced_without_confirmation(
    vault_path: Path,
) -> None:
    make_vault(vault_path, known=False)
    target = home() / template_name("survivors")
    expected = template(import_survivors.COLUMNS)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("ctrl+p", *"import from", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        screen = app.screen
        assert isinstance(screen, ImportScreen)
        await pilot.press("tab", "tab", "~", "ctrl+t")  # a folder: the standard name in it
        await wait_for(pilot, target.exists)
        assert target.read_bytes() == expected
        if sys.platform != "win32":
            assert stat.S_IMODE(target.stat().st_mode) == 0o600

        target.write_bytes(b"my own notes\n")
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await answer(pilot, "n")
        await wait_for(pilot, lambda: app.screen is screen)
        assert target.read_bytes() == b"my own notes\n"
        assert "was kept" in str(screen.query_one("#form-status", Static).render())

        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await answer(pilot, "y")
        await wait_for(pilot, lambda: target.read_bytes() == expected)


async def test_failed_save_keeps_the_import_and_retry_adds_it_once(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_vault(vault_path, known=False)
    write_csv("survivors.csv", [
        SURVIVORS_HEADER,
        ",Fictio,Person,Ficimport,,male,British,criminal,ms1,Testshire (demo),2026-02-10,",
    ])

    def disk_full(step: str, when: str) -> None:
        if step == "temp_write":
            raise OSError(errno.ENOSPC, "No space left on device")

    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        screen = app.screen
        monkeypatch.setattr(safe_io, "fault_hook", disk_full)
        await pilot.press("tab", *"~/survivors.csv", "ctrl+s")
        status = screen.query_one("#form-status", Static)
        await wait_for(pilot, lambda: "disk is full" in str(status.render()))
        assert "press ctrl+s to try saving again" in str(status.render())
        assert "NOT SAVED" in app.sub_title
        monkeypatch.setattr(safe_io, "fault_hook", lambda step, when: None)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportReportScreen))
        assert "1 survivor added" in report_text(app)
    assert len(survivor_refs(vault_path)) == 1  # the blank case reference issued once
