"""The funder pack: the workbook (.xlsx) and the PDF report say exactly what the CSV says.

Both are built from the controlled funder rows, so a hidden CSV cell is ``c`` in the
workbook and words in the report, and no hidden number reaches either file. The people
are fictional (case_builders: every survivor "Alder Example", weight 1, so figures are
counts).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from caseload.case import CaseRecord
from caseload.errors import InvalidInput
from caseload.vault import Vault
from demo.generator import populate
from exports import disclosure, funder_workbook
from exports.funder import build_figures, funder_rows
from exports.funder_report import report_bytes, write_funder_report
from exports.funder_words import (
    GROUP_TITLES,
    HIDDEN,
    TITLE,
    FunderFigures,
    funder_figures,
    improved_sentence,
    period_words,
)
from exports.periods import Month, Period
from navigator_tui.cli import app
from storage.vault_format import TEST_KDF
from tests.case_builders import assessment, case, promise, survivor
from tests.conftest import PASSPHRASE

PERIOD = Period(Month(2024, 10), Month(2025, 3))
TODAY = dt.date(2025, 4, 15)
runner = CliRunner()
ENV = {"NAVIGATOR_PASSPHRASE": PASSPHRASE}


def _person(n: int, improved: bool | None, **kw: Any) -> CaseRecord:
    """One fictional survivor; ``improved`` None means no review yet."""
    parts: list[Any] = [assessment("2024-10-20", "intake", 2, 2)]
    if improved is not None:
        level = 3 if improved else 2
        parts.append(assessment("2025-02-20", "review", level, level))
    promises = [promise("2024-11-01", "2024-12-01", "kept" if n % 4 else "broken",
                        status_changed_on=dt.date(2024, 12, 1))]
    return case(survivor("2024-10-10", **kw), assessments=parts, promises=promises)


def _caseload(reviewed: int = 16) -> list[CaseRecord]:
    """20 survivors: 16 female and 4 male (hidden), mostly labour exploitation."""
    cases = []
    for n in range(20):
        cases.append(_person(
            n,
            None if n >= reviewed else n % 3 != 0,
            sex="female" if n < 16 else "male",
            exploitation_types="labour" if n < 15 else ("sexual" if n < 18 else ""),
            nationality_group="non_uk" if n < 12 else "uk",
            age_band="25_34" if n < 10 else "35_44",
            referral_route="nrm",
        ))
    return cases


def _figures(cases: list[CaseRecord], threshold: int = 5, rounding: int = 0) -> FunderFigures:
    return funder_figures(cases, PERIOD, TODAY, threshold, rounding)


def _book(figures: FunderFigures) -> Workbook:
    return load_workbook(io.BytesIO(funder_workbook.workbook_bytes(figures)))


def _csv_figures(cases: list[CaseRecord], threshold: int = 5, rounding: int = 0
                 ) -> list[list[Any]]:
    return [r for r in funder_rows(cases, PERIOD, TODAY, threshold, rounding)
            if r[1] != "about"]


def _cells(book: Workbook) -> Iterator[Any]:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from (c for c in row if c.value is not None)


def _workbook_values(book: Workbook) -> dict[tuple[str, str, str], tuple[Any, Any]]:
    """(measure, group, category) -> (value cell, base cell) read back by the labels."""
    words = {title: group for group, title in GROUP_TITLES.items()}
    from exports.funder_words import category_label

    out: dict[tuple[str, str, str], tuple[Any, Any]] = {}
    supported = book[funder_workbook.SHEET_SUPPORTED]
    group = None
    for label, value, *_ in supported.iter_rows(values_only=True):
        if label in words:
            group = words[label]
        elif label == "All survivors supported":
            out[("survivors_supported", "all", "all")] = (value, None)
        elif group and label and value is not None:
            codes = {category_label(group, c): c for c in _codes(group)}
            out[("survivors_supported", group, codes[label])] = (value, None)
    cases = {row[0]: row[1] for row in book[funder_workbook.SHEET_CASES].iter_rows(
        values_only=True)}
    for measure in ("new_cases", "closed_cases", "excluded_declined_reporting",
                    "assessments_completed"):
        from exports.funder_words import MEASURE_TITLES

        out[(measure, "all", "all")] = (cases[MEASURE_TITLES[measure]], None)
    recovery = list(book[funder_workbook.SHEET_RECOVERY].iter_rows(values_only=True))
    raters = {category_label("rater", g): g for g in ("survivor", "navigator", "both")}
    domains = {category_label("domain", d): d for d in _codes("domain")}
    for row in recovery:
        if row[0] in raters:
            out[("improved_overall_pct", "rater", raters[row[0]])] = (row[1], row[2])
        elif row[0] in domains:
            out[("mean_change_survivor", "domain", domains[row[0]])] = (row[1], row[2])
            out[("mean_change_navigator", "domain", domains[row[0]])] = (row[3], row[4])
    for sheet, measure in ((funder_workbook.SHEET_REVIEWS, "reviews_on_time_pct"),
                           (funder_workbook.SHEET_PROMISES, "promises_kept_pct"),
                           (funder_workbook.SHEET_REFERRALS, "referrals_started_pct")):
        row = next(r for r in book[sheet].iter_rows(values_only=True) if r[0] == "All")
        out[(measure, "all", "all")] = (row[1], row[2])
    from exports.funder_words import MEASURE_TITLES

    services = {category_label("service_kind", c): c for c in _codes("service_kind")}
    for label, value, *_ in book[funder_workbook.SHEET_REFERRALS].iter_rows(values_only=True):
        if label in services:
            out[("referrals_made", "service_kind", services[label])] = (value, None)
        for measure in ("referrals_made", "survivors_with_support_plan"):
            if label == MEASURE_TITLES[measure]:
                out[(measure, "all", "all")] = (value, None)
    from exports.funder_words import ACTIVITY_MEASURES

    work = {row[0]: row[1:3] for row in book[funder_workbook.SHEET_ACTIVITIES].iter_rows(
        values_only=True)}
    for measure in ACTIVITY_MEASURES:
        out[(measure, "all", "all")] = (work[MEASURE_TITLES[measure]][0], None)
    feedback = work[MEASURE_TITLES["training_improved_pct"]]
    out[("training_improved_pct", "all", "all")] = (feedback[0], feedback[1])
    return out


def _codes(group: str) -> tuple[str, ...]:
    from caseload import categories
    from caseload.domains import DOMAINS

    if group == "domain":
        return DOMAINS
    if group == "exploitation_type":
        return (*categories.EXPLOITATION_TYPE.codes, "none_recorded")
    if group == "service_kind":
        return categories.REFERRAL_SERVICE.codes
    return getattr(categories, group.upper()).codes


# --- The workbook -------------------------------------------------------------------------


def test_front_sheet_says_what_the_file_is() -> None:
    book = _book(_figures(_caseload(), threshold=5, rounding=5))
    front = book.worksheets[0]
    assert front.title == funder_workbook.SHEET_ABOUT
    assert front["A1"].value == TITLE
    rows = {r[0]: r[1] for r in front.iter_rows(values_only=True) if r[0]}
    assert rows["Period"] == "October 2024 to March 2025" == period_words(PERIOD)
    assert rows["Small numbers"] == "Counts from 1 to 4 are not shown"
    assert rows["Rounding"] == "Counts are rounded to the nearest 5"
    assert rows["What c means"] == (
        "c: not shown, to protect the people it would describe; it may be 0"
    )
    assert rows["Recovery scale version"] == 1
    assert rows["Made on"] == "15 April 2025"
    unrounded = _book(_figures(_caseload(), threshold=10)).worksheets[0]
    again = {r[0]: r[1] for r in unrounded.iter_rows(values_only=True) if r[0]}
    assert again["Rounding"] == "Counts are not rounded"
    assert again["Small numbers"] == "Counts from 1 to 9 are not shown"
    assert [s.title for s in book.worksheets] == [
        "About these figures", "Survivors supported", "Cases and assessments",
        "Referrals and support plans", "Recovery", "Reviews on time", "Promises kept",
        "Work beyond the caseload", "What each measure means",
    ]


@pytest.mark.parametrize(("threshold", "rounding"), [(5, 0), (5, 5), (10, 0), (3, 0)])
def test_workbook_hides_exactly_what_the_csv_hides(threshold: int, rounding: int) -> None:
    cases = _caseload()
    rows = _csv_figures(cases, threshold, rounding)
    book = _book(_figures(cases, threshold, rounding))
    found = _workbook_values(book)
    assert set(found) == {(r[0], r[1], r[2]) for r in rows}
    hidden = 0
    for measure, group, category, value, base, suppressed in rows:
        got_value, got_base = found[(measure, group, category)]
        if suppressed:
            assert got_value == HIDDEN, (measure, group, category)
            hidden += 1
            if base is not None or measure.endswith(("_pct",)) or "mean" in measure:
                assert got_base == HIDDEN
                hidden += 1
        else:
            assert got_value == value and got_base == base, (measure, group, category)
            assert value is None or not isinstance(got_value, str)
    # No other cell anywhere reads c: nothing else is hidden, nothing hidden is elsewhere.
    assert sum(1 for c in _cells(book) if c.value == HIDDEN) == hidden
    assert hidden >= 3  # the caseload has hidden cells to check (4 male survivors ...)


def test_numbers_are_numbers_and_labels_are_words() -> None:
    book = _book(_figures(_caseload()))
    supported = book[funder_workbook.SHEET_SUPPORTED]
    total = next(r for r in supported.iter_rows() if r[0].value == "All survivors supported")
    assert total[1].value == 20 and total[1].data_type == "n"
    labels = {r[0] for r in supported.iter_rows(values_only=True)}
    assert {"Female", "Male", "Non-UK", "25-34", "NRM referral", "None recorded"} <= labels
    tables = [s for s in book.worksheets if s.title != funder_workbook.SHEET_MEANINGS]
    texts = {c.value for s in tables for r in s.iter_rows() for c in r
             if isinstance(c.value, str)}
    for code in ("non_uk", "25_34", "none_recorded", "mental_health", "female", "nrm"):
        assert code not in texts
    recovery = book[funder_workbook.SHEET_RECOVERY]
    mental = next(r for r in recovery.iter_rows() if r[0].value == "Mental health")
    assert mental[1].data_type == "n" and isinstance(mental[1].value, float)
    assert isinstance(mental[2].value, int)


def test_no_cell_can_run_as_a_formula() -> None:
    book = _book(_figures(_caseload()))
    for cell in _cells(book):
        assert cell.data_type != "f"
        if isinstance(cell.value, str):
            assert cell.value[:1] not in ("=", "+", "-", "@"), cell.value
    meanings = book[funder_workbook.SHEET_MEANINGS]
    assert any(str(r[0]).startswith("\u2022 ") for r in meanings.iter_rows(values_only=True))


def test_write_funder_workbook_is_owner_only_and_refuses_to_replace(
    tmp_path: Path, vault_path: Path
) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "funder.xlsx"
    with vault.session() as s:
        path = funder_workbook.write_funder_workbook(s, ("2024-10", "2025-03"), out,
                                                     today=TODAY)
        assert load_workbook(path).worksheets[0]["A1"].value == TITLE
        if sys.platform != "win32":
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        with pytest.raises(InvalidInput, match="--force"):
            funder_workbook.write_funder_workbook(s, PERIOD, out, today=TODAY)
        with pytest.raises(InvalidInput, match="has not started"):
            funder_workbook.write_funder_workbook(s, ("2025-05", "2025-06"),
                                                  folder / "x.xlsx", today=TODAY)
    vault.close()
    assert [p.name for p in folder.iterdir()] == ["funder.xlsx"]  # no temporary file left


# --- The report ---------------------------------------------------------------------------


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    assert 1 <= len(reader.pages) <= 2
    return "\n".join(page.extract_text() for page in reader.pages)


def test_headline_sentence_is_the_controlled_numbers() -> None:
    cases = _caseload()
    rows = {(r[0], r[1], r[2]): r for r in _csv_figures(cases)}
    pct, base = rows[("improved_overall_pct", "rater", "survivor")][3:5]
    improved = round(pct * base / 100)
    assert (improved, base, pct) == (10, 16, 62.5)  # 16 reviewed; 6 (n % 3 == 0) did not improve
    text = _pdf_text(report_bytes(_figures(cases)))
    assert "10 of 16 survivors (63%) improved overall by their own rating." in text
    assert "20 survivors were supported from October 2024 to March 2025." in text
    assert "Counts from 1 to 4 are not shown" in text and "weighted" in text
    assert "October 2024 to March 2025" in text


def test_a_hidden_figure_is_said_in_words_and_its_number_is_nowhere() -> None:
    cases = _caseload(reviewed=3)  # 3 survivors with a review: too few
    figures, breakdowns = build_figures(cases, PERIOD, TODAY)
    disclosure.apply(figures, breakdowns, 5)
    raw = next(f for f in figures if f.measure == "improved_overall_pct"
               and f.category == "survivor")
    assert raw.suppressed and raw.base == 3
    published = _figures(cases)
    assert improved_sentence(published, "survivor") == (
        "Improved overall by their own rating: too few survivors to show safely."
    )
    text = _pdf_text(report_bytes(published))
    assert "Improved overall by their own rating: too few survivors to show safely." in text
    assert "of 3" not in text and "Too few survivors to show safely" in text
    # Survivors by kind of exploitation: sexual (3) and none recorded (2) are hidden.
    chart = text.split("Survivors by kind of exploitation", 1)[1]
    assert "Sexual c: too few to show safely" in chart
    assert "Labour 15" in chart
    assert "Sexual 3" not in chart


def test_rounded_report_says_about() -> None:
    text = _pdf_text(report_bytes(_figures(_caseload(), rounding=5)))
    assert "About 20 survivors were supported" in text
    assert "63% of about 15 survivors improved overall by their own rating." in text
    assert "Counts are rounded to the nearest 5" in text


def test_write_funder_report_needs_a_pdf_name(tmp_path: Path, vault_path: Path) -> None:
    vault, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    with vault.session() as s:
        with pytest.raises(InvalidInput, match=r"ending in \.pdf"):
            write_funder_report(s, PERIOD, tmp_path / "report.docx", today=TODAY)
        path = write_funder_report(s, PERIOD, tmp_path / "report.PDF", today=TODAY)
    vault.close()
    assert path.read_bytes().startswith(b"%PDF-")


# --- The command --------------------------------------------------------------------------


def _run(vault: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(app, ["--vault", str(vault), *args], env=ENV if env is None else env)


@pytest.fixture
def demo_vault(vault_path: Path) -> Path:
    created, _ = Vault.create(vault_path, PASSPHRASE, TEST_KDF)
    with created.session() as s:
        populate(s, 40, 2026, dt.date.today())
        s.commit()
    created.close()
    return vault_path


def _last_months() -> tuple[str, str]:
    this = Month.of(dt.date.today())
    months = this.year * 12 + this.month - 1 - 5  # six months up to this one
    return str(Month(months // 12, months % 12 + 1)), str(this)


def test_cli_writes_the_workbook_and_the_report_from_the_csv_figures(
    demo_vault: Path, tmp_path: Path
) -> None:
    start, end = _last_months()
    span = ["--from", start, "--to", end, "--threshold", "5"]
    csv_out, xlsx_out, pdf_out = tmp_path / "f.csv", tmp_path / "f.xlsx", tmp_path / "r.pdf"
    assert _run(demo_vault, "export", "funder", *span, "--out", str(csv_out)).exit_code == 0
    made = _run(demo_vault, "export", "funder", *span, "--out", str(xlsx_out))
    assert made.exit_code == 0, made.output
    assert "Wrote the funder workbook" in made.output
    report = _run(demo_vault, "export", "report", *span, "--out", str(pdf_out))
    assert report.exit_code == 0, report.output
    assert f"Wrote the funder report for {start} to {end} to {pdf_out}" in report.output
    for path in (xlsx_out, pdf_out):
        if sys.platform != "win32":
            assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    lines = csv_out.read_text().splitlines()[6:]
    hidden_in_csv = {tuple(line.split(",")[:3]) for line in lines if line.endswith("true")}
    found = _workbook_values(load_workbook(xlsx_out))
    hidden_in_book = {key for key, (value, _) in found.items() if value == HIDDEN}
    assert hidden_in_book == hidden_in_csv
    assert "Navigator: recovery summary for funders" in _pdf_text(pdf_out.read_bytes())


def test_cli_default_report_name(demo_vault: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    start, end = _last_months()
    result = _run(demo_vault, "export", "report", "--from", start, "--to", end)
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"navigator-funder-report-{start}-to-{end}.pdf").exists()


def test_cli_refusals(demo_vault: Path, tmp_path: Path) -> None:
    start, end = _last_months()
    kept = tmp_path / "kept.pdf"
    kept.write_text("keep me")
    book = tmp_path / "kept.xlsx"
    book.write_text("keep me too")
    for command, out in (("report", kept), ("funder", book)):
        # Refused before the passphrase is asked (no passphrase in the environment).
        again = _run(demo_vault, "export", command, "--from", start, "--to", end,
                     "--out", str(out), env={})
        assert again.exit_code == 1 and "--force" in again.output, again.output
    assert kept.read_text() == "keep me" and book.read_text() == "keep me too"
    forced = _run(demo_vault, "export", "report", "--from", start, "--to", end,
                  "--out", str(kept), "--force")
    assert forced.exit_code == 0 and kept.read_bytes().startswith(b"%PDF-")

    wrong = _run(demo_vault, "export", "report", "--from", start, "--to", end,
                 "--out", str(tmp_path / "report.docx"), env={})
    assert wrong.exit_code == 1
    assert wrong.output.strip().endswith(
        "The report is a PDF file: give --out a name ending in .pdf."
    )
    assert wrong.output.count(".") <= 3 and "Traceback" not in wrong.output
    assert not (tmp_path / "report.docx").exists()

    later = Month.of(dt.date.today().replace(day=28) + dt.timedelta(days=10))
    for command, name in (("report", "future.pdf"), ("funder", "future.xlsx")):
        future = _run(demo_vault, "export", command, "--from", str(later), "--to", str(later),
                      "--out", str(tmp_path / name))
        assert future.exit_code == 1, future.output
        assert "The period has not started yet" in future.output
        assert not (tmp_path / name).exists()


def test_help_does_not_load_the_workbook_or_pdf_libraries() -> None:
    import subprocess

    code = ("import sys; from navigator_tui.cli import app; from typer.testing import CliRunner;"
            "CliRunner().invoke(app, ['export', '--help']);"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'fpdf')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_words() -> None:
    from exports.funder_words import (
        Published,
        numerator,
        rounding_words,
        threshold_words,
        whole_percent,
    )

    assert period_words(Period(Month(2025, 3), Month(2025, 3))) == "March 2025"
    assert threshold_words(2) == "Counts of 1 are not shown"
    assert rounding_words(1) == rounding_words(0) == "Counts are not rounded"
    assert whole_percent(62.5) == 63 and whole_percent(81.4) == 81
    assert numerator(Published("m", "all", "all", 81.5, 27, False)) == 22
    assert numerator(Published("m", "all", "all", 50.1, 1200, False)) is None  # not exact
    assert numerator(Published("m", "all", "all", None, None, True)) is None
