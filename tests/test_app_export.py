"""Export from the app: the monthly summary is written where the navigator chose."""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from navigator_tui.app import NavigatorApp
from navigator_tui.screens.confirm import ConfirmScreen
from navigator_tui.screens.export import DICTIONARY_NAME, ExportScreen
from tests.app_support import SIZE, answer, loaded, make_vault, open_app, wait_for


async def open_export(pilot: Pilot[None], app: NavigatorApp) -> ExportScreen:
    """F6 from a loaded app: the export screen."""
    await loaded(pilot)
    await pilot.press("f6")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
    screen = app.screen
    assert isinstance(screen, ExportScreen)
    return screen


async def test_export_monthly_summary(vault_path: Path, tmp_path: Path) -> None:
    make_vault(vault_path, demo=10)
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot, app)
        screen.query_one("#input-start", Input).value = "2026-13"
        screen.query_one("#input-folder", Input).value = str(out_dir)
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(screen.query_one("#field-start .field-error", Static).render())
        assert "YYYY-MM" in error
        assert list(out_dir.iterdir()) == []
        screen.query_one("#input-start", Input).value = "2026-02"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportScreen))
    written = out_dir / "navigator-monthly-2026-02.csv"
    assert written.exists()
    assert written.read_text(encoding="utf-8").count("\n") >= 2


async def test_data_dictionary_from_the_export_screen_replaced_only_when_confirmed(
    vault_path: Path,
) -> None:
    make_vault(vault_path, known=False)
    out_dir = Path(os.environ["HOME"]) / "out"
    out_dir.mkdir(parents=True)
    written = out_dir / DICTIONARY_NAME
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)

        async def export_dictionary() -> ExportScreen:
            await pilot.press("f6")
            await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
            screen = app.screen
            assert isinstance(screen, ExportScreen)
            await pilot.press("enter", "down", "down", "enter")  # Export: Data dictionary
            await pilot.press("tab", "ctrl+u", "tab", "tab", "ctrl+u", *"~/out")
            assert screen.query_one("#input-start", Input).value == ""
            assert screen.query_one("#input-folder", Input).value == "~/out"
            await pilot.press("ctrl+s")
            return screen

        await export_dictionary()  # the month was cleared: not needed for the dictionary
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportScreen))
        first = written.read_text(encoding="utf-8")
        assert first.startswith("# Navigator data dictionary")
        assert "exploitation_types" in first
        if sys.platform != "win32":
            assert stat.S_IMODE(written.stat().st_mode) == 0o600

        written.write_text("my own notes\n", encoding="utf-8")
        screen = await export_dictionary()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await answer(pilot, "n")
        await wait_for(pilot, lambda: app.screen is screen)
        assert "was kept" in str(screen.query_one("#form-status", Static).render())
        assert written.read_text(encoding="utf-8") == "my own notes\n"

        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await answer(pilot, "y")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportScreen))
    assert written.read_text(encoding="utf-8") == first


async def test_export_funder_aggregates(vault_path: Path, tmp_path: Path) -> None:
    make_vault(vault_path, demo=30)
    out_dir = tmp_path / "funder"
    out_dir.mkdir()
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot, app)
        await pilot.press("enter", "down", "enter")  # Export: Funder aggregates
        screen.query_one("#input-start", Input).value = "2026-01"
        screen.query_one("#input-folder", Input).value = str(out_dir)
        await pilot.press("ctrl+s")  # the last month is missing
        await pilot.pause()
        assert "last month" in str(screen.query_one("#field-end .field-error", Static).render())
        screen.query_one("#input-end", Input).value = "2025-06"  # before the first month
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "before the first month" in str(
            screen.query_one("#field-end .field-error", Static).render()
        )
        assert app.screen is screen
        assert list(out_dir.iterdir()) == []
        screen.query_one("#input-end", Input).value = "2026-06"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportScreen))
    written = out_dir / "navigator-funder-2026-01-to-2026-06.csv"
    lines = written.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "measure,group,category,value,base,suppressed"
    assert any(line.startswith("survivors_supported,all,all,") for line in lines)
    assert any(line.startswith("threshold,about,") for line in lines)
    if sys.platform != "win32":
        assert stat.S_IMODE(written.stat().st_mode) == 0o600


async def test_an_export_the_core_refuses_says_why_and_the_form_stays(
    vault_path: Path, tmp_path: Path
) -> None:
    """Regression: a refused export reached the form's save-failure handler with a string."""
    make_vault(vault_path, demo=5)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot, app)
        screen.query_one("#input-kind").value = "funder"  # type: ignore[attr-defined]
        screen.query_one("#input-start", Input).value = "2099-01"  # not started yet
        screen.query_one("#input-end", Input).value = "2099-02"
        screen.query_one("#input-folder", Input).value = str(tmp_path)
        await pilot.press("ctrl+s")
        status = lambda: str(screen.query_one("#form-status", Static).render())  # noqa: E731
        await wait_for(pilot, lambda: "has not started" in status())
        assert app.screen is screen and not screen.busy
    assert not list(tmp_path.glob("*.csv"))


@pytest.fixture
def usual_umask() -> Iterator[None]:
    """umask 022, under which a plain mkdir leaves a folder readable by all (0755)."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


async def test_the_default_folder_is_made_when_missing(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, usual_umask: None
) -> None:
    """The default folder is made, owner-only where the system has such modes; a missing
    folder typed by hand is still refused and not made."""
    documents = tmp_path / "no-documents-yet" / "Documents"
    monkeypatch.setattr("platformdirs.user_documents_path", lambda: documents)
    make_vault(vault_path, demo=5)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot, app)
        folder = screen.query_one("#input-folder", Input)
        assert folder.value == str(documents)
        typo = tmp_path / "Documnets"
        folder.focus()
        await pilot.press("ctrl+u", *str(typo), "ctrl+s")
        await wait_for(pilot, lambda: "does not exist" in str(
            screen.query_one("#field-folder .field-error", Static).render()
        ))
        assert not typo.exists() and not documents.exists()
        await pilot.press("ctrl+u", *str(documents), "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportScreen))
    assert len(list(documents.glob("navigator-monthly-*.csv"))) == 1
    if sys.platform != "win32":
        assert stat.S_IMODE(documents.stat().st_mode) == 0o700


async def test_a_month_not_begun_is_refused_and_the_month_in_progress_is_to_date(
    vault_path: Path, tmp_path: Path
) -> None:
    from exports.periods import Month
    from tests.app_support import TODAY

    make_vault(vault_path, demo=10)
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    this_month = Month.of(TODAY)
    coming = Month.of(this_month.last_day + dt.timedelta(days=1))
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_export(pilot, app)
        screen.query_one("#input-start", Input).value = str(coming)
        screen.query_one("#input-folder", Input).value = str(out_dir)
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(screen.query_one("#field-start .field-error", Static).render())
        assert f"{coming} has not begun yet" in error
        assert list(out_dir.iterdir()) == []
        screen.query_one("#input-start", Input).value = str(this_month)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportScreen))
        notes = [n.message for n in app._notifications]
        assert any("is not over: the figures are to date" in n for n in notes), notes
    assert (out_dir / f"navigator-monthly-{this_month}.csv").exists()


async def _export_funder_pack(pilot: Pilot[None], app: NavigatorApp, kind_downs: int,
                              format_downs: int, folder: Path) -> None:
    """Choose the kind and the format by keys, as a navigator does, and export."""
    screen = await open_export(pilot, app)
    await pilot.press("enter", *["down"] * kind_downs, "enter")
    await pilot.press("tab", "ctrl+u", *"2025-10", "tab", *"2026-02")
    await pilot.press("tab", "ctrl+u", *str(folder))
    await pilot.press("tab", "enter", *["down"] * format_downs, "enter")
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: app.screen is not screen, timeout=20)


async def test_funder_workbook_and_report_from_the_export_screen(
    vault_path: Path, tmp_path: Path
) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    make_vault(vault_path, demo=30)
    out_dir = tmp_path / "pack"
    out_dir.mkdir()
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await _export_funder_pack(pilot, app, 1, 1, out_dir)  # Funder, Spreadsheet
        await _export_funder_pack(pilot, app, 3, 0, out_dir)  # Funder report
    book = load_workbook(out_dir / "navigator-funder-2025-10-to-2026-02.xlsx")
    assert "What each measure means" in book.sheetnames
    report = PdfReader(out_dir / "navigator-funder-report-2025-10-to-2026-02.pdf")
    text = " ".join(page.extract_text() for page in report.pages)
    assert "October 2025 to February 2026" in text
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "navigator-funder-2025-10-to-2026-02.xlsx",
        "navigator-funder-report-2025-10-to-2026-02.pdf",
    ]
