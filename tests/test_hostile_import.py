"""Hostile and broken spreadsheets for both importers (issue 7, hostile input).

Every file here is either imported whole or refused whole: refused with the importer's
own error (:class:`caseload.errors.InvalidInput`, of which ``ImportRejected`` is one),
each problem one ``row N, column X: ...`` line or one file-level sentence, the vault's
tables unchanged, no other exception, no hang (hypothesis deadlines) and bounded
memory (a size cap checked before reading). Problem reports never repeat a name.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlmodel import select
from typer.testing import CliRunner, Result

from caseload import case_refs
from caseload.errors import InvalidInput
from caseload.models import Assessment, CaseRefRegistry, Survivor
from caseload.vault import Vault
from exports import import_assessments, import_common, import_survivors
from exports.import_common import ImportRejected
from navigator_tui.cli import app
from tests.conftest import PASSPHRASE

TODAY = dt.date(2025, 3, 15)
SURVIVOR_HEADER = ",".join(c.name for c in import_survivors.COLUMNS if c.required)
ASSESSMENT_HEADER = ",".join(c.name for c in import_assessments.COLUMNS)
PROBLEM_LINE = re.compile(r"^row [0-9]+, column [^:]+: \S")


def _snapshot(vault: Vault) -> tuple[list[tuple[object, ...]], ...]:
    """Everything an import could touch, to prove a refused import changed nothing."""
    with vault.session() as s:
        survivors = [(x.id, x.case_ref, x.given_name) for x in s.exec(select(Survivor))]
        refs = [(r.case_ref,) for r in s.exec(select(CaseRefRegistry))]
        assessments = [(a.id, a.survivor_id, a.date, a.kind) for a in s.exec(select(Assessment))]
    return survivors, refs, assessments


@pytest.fixture
def vault(new_vault: Vault) -> Iterator[Vault]:
    """A vault holding two fictional cases, so assessment rows have something to refer to."""
    with new_vault.session() as s:
        s.add(Survivor(case_ref="T-1", given_name="Fictiona", intake_date=dt.date(2024, 6, 1)))
        s.add(Survivor(case_ref="T-2", given_name="Examplo", intake_date=dt.date(2024, 9, 1)))
        s.commit()
    yield new_vault


def _survivor_rows(count: int) -> bytes:
    lines = [SURVIVOR_HEADER] + [
        f"OLD-{i},Testa,Example,,,female,,labour,nrm,Testshire,2024-01-01,open"
        for i in range(count)
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_given_case_refs_are_recorded_in_one_query_not_one_per_row(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: each row re-read every reference in use, so 20,000 rows took minutes."""
    path = tmp_path / "many.csv"
    path.write_bytes(_survivor_rows(300))
    calls = []
    real = case_refs.used_case_refs

    def counting(session: object) -> set[str]:
        calls.append(1)
        return real(session)  # type: ignore[arg-type]

    monkeypatch.setattr(case_refs, "used_case_refs", counting)
    with vault.session() as s:
        result = import_survivors.import_survivors(s, path, TODAY)
        s.commit()
    assert result.imported == 300
    assert len(calls) <= 2
    with vault.session() as s:
        assert len(list(s.exec(select(CaseRefRegistry)))) == 300


# --- the file itself: size, kind, encoding --------------------------------------------------


def _refused(vault: Vault, path: Path, importer: str = "survivors") -> InvalidInput:
    """Run an importer on ``path``; it must refuse with its own error and change nothing."""
    before = _snapshot(vault)
    module = import_survivors if importer == "survivors" else import_assessments
    function = getattr(module, f"import_{importer}")
    with vault.session() as s, pytest.raises(InvalidInput) as info:
        function(s, path, TODAY)
    assert _snapshot(vault) == before
    _assert_plain_report(info.value)
    return info.value


def _assert_plain_report(error: InvalidInput) -> None:
    """One line per problem, each ``row N, column X: ...``, then one closing sentence."""
    lines = error.report_lines() if isinstance(error, ImportRejected) else [error.message]
    for line in lines[:-1]:
        assert PROBLEM_LINE.match(line) or line.startswith("... and "), line
    for line in lines:
        assert "\n" not in line and "\r" not in line and line.isprintable(), line
        assert len(line) < 400 and "Traceback" not in line
    assert lines[-1].endswith(".")


def test_a_file_over_the_size_cap_is_refused_before_reading(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: no 20 MB written
        handle.truncate(import_common.MAX_FILE_BYTES + 1)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    error = _refused(vault, path)
    assert "too large" in error.message and "20 MB" in error.message
    assert not read


def test_a_file_that_grows_after_the_size_check_is_still_read_only_up_to_the_cap(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size from stat() can be stale; the read itself is bounded."""
    monkeypatch.setattr(import_common, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "growing.csv"
    path.write_bytes(_survivor_rows(100))  # ~6 KB
    real_stat = Path.stat

    def small_stat(self: Path, **kwargs: object) -> os.stat_result:
        info = real_stat(self, **kwargs)  # type: ignore[arg-type]
        if self == path:
            return os.stat_result((info.st_mode, *info[1:6], 10, *info[7:]))
        return info

    monkeypatch.setattr(Path, "stat", small_stat)
    assert "too large" in _refused(vault, path).message


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices and pipes")
def test_devices_and_pipes_are_refused_without_reading(vault: Vault, tmp_path: Path) -> None:
    """/dev/zero never ends and a pipe without a writer blocks for ever: neither is opened."""
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    for path in (Path("/dev/zero"), fifo):
        assert "not a regular file" in _refused(vault, path).message


def test_a_folder_or_a_missing_file_is_one_sentence(vault: Vault, tmp_path: Path) -> None:
    assert "is a folder" in _refused(vault, tmp_path).message
    assert "There is no file" in _refused(vault, tmp_path / "nope.csv").message


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-16", "UTF-16"),  # with a BOM, as Excel's 'Unicode text'
        ("utf-16-le", "NUL bytes"),  # without a BOM
        ("utf-16-be", "NUL bytes"),
        ("utf-32", "UTF-16"),
        ("cp1252", "not UTF-8"),
        ("latin-1", "not UTF-8"),
    ],
)
def test_wrong_encodings_are_one_sentence_naming_the_fix(
    vault: Vault, tmp_path: Path, encoding: str, expected: str
) -> None:
    path = tmp_path / "wrong.csv"
    text = SURVIVOR_HEADER + "\r\nOLD-1,Zoë,Ñoño,,,female,,labour,nrm,Testshire,2024-01-01,open\r\n"
    path.write_bytes(text.encode(encoding))
    error = _refused(vault, path)
    assert expected in error.message and "CSV UTF-8" in error.message
    assert not isinstance(error, ImportRejected)


def test_an_embedded_nul_in_utf8_is_refused_as_a_whole(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(_survivor_rows(3).replace(b"Testa", b"Tes\x00ta", 1))
    assert "NUL bytes" in _refused(vault, path).message


# --- shape: rows, columns, quotes ---------------------------------------------------------


def _write(tmp_path: Path, data: bytes | str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_thousands_of_columns_are_refused_at_once_not_row_by_row(
    vault: Vault, tmp_path: Path
) -> None:
    """Regression: every row walked the whole header, so 20,000 columns x 20,000 short rows
    (under 1 MB) took minutes."""
    data = SURVIVOR_HEADER + ",x" * 20_000 + "\r\n" + "y\r\n" * 20_000
    started = time.perf_counter()
    error = _refused(vault, _write(tmp_path, data))
    assert time.perf_counter() - started < 5
    assert "at most 200" in error.message and not isinstance(error, ImportRejected)


def test_empty_cells_after_the_last_column_are_ignored(vault: Vault, tmp_path: Path) -> None:
    data = _survivor_rows(2).decode().replace("\r\n", "," * 500 + "\r\n")
    with vault.session() as s:
        assert import_survivors.import_survivors(s, _write(tmp_path, data), TODAY).imported == 2


def test_millions_of_blank_lines_stop_at_the_row_cap_with_little_memory(
    vault: Vault, tmp_path: Path
) -> None:
    """Regression: every line became a list before the row count was checked (2 million
    blank lines: about 150 MB)."""
    path = _write(tmp_path, SURVIVOR_HEADER.encode() + b"\n" * 2_000_000)
    tracemalloc.start()
    try:
        error = _refused(vault, path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "more than 100000 rows" in error.message
    assert peak < 30 * 1024 * 1024


@pytest.mark.parametrize(
    "line",
    [
        'OLD-1,"Testa,Example,,,female,,labour,nrm,Testshire,2024-01-01,open',
        'OLD-1,"Testa"x,Example,,,female,,labour,nrm,Testshire,2024-01-01,open',
    ],
    ids=["quote-never-closed", "text-after-closing-quote"],
)
def test_broken_quotes_are_a_file_level_problem_with_the_line(
    vault: Vault, tmp_path: Path, line: str
) -> None:
    """Regression: a quote left open swallowed the rest of the file into one cell, and on
    the last row that cell was imported."""
    error = _refused(vault, _write(tmp_path, f"{SURVIVOR_HEADER}\r\n{line}\r\n"))
    assert "quote" in error.message and "line 2" in error.message
    assert "Testa" not in error.message


def test_a_cell_over_the_csv_field_limit_is_one_sentence(vault: Vault, tmp_path: Path) -> None:
    line = "OLD-1," + "T" * 200_000 + ",Example,,,female,,labour,nrm,Testshire,2024-01-01,open"
    error = _refused(vault, _write(tmp_path, f"{SURVIVOR_HEADER}\r\n{line}\r\n"))
    assert "far too long" in error.message and len(error.message) < 200


def test_quoted_line_breaks_count_as_one_spreadsheet_row(vault: Vault, tmp_path: Path) -> None:
    """A cell holding a line break is still one row, so later row numbers match the sheet."""
    data = (
        f'{SURVIVOR_HEADER}\r\nOLD-1,"Tes\r\nta",Example,,,female,,labour,nrm,Testshire,'
        "2024-01-01,open\r\nOLD-2,Testa,Example,,,female,,labour,nrm,Testshire,2024-13-01,"
        "open\r\n"
    )
    error = _refused(vault, _write(tmp_path, data))
    no_such = "There is no such date: check the day and the month."
    assert f"row 3, column intake_date: {no_such}" in error.report_lines()


# --- the header -------------------------------------------------------------------------


def _lines(error: InvalidInput) -> list[str]:
    return error.report_lines() if isinstance(error, ImportRejected) else [error.message]


def test_a_sheet_without_its_header_row_is_one_sentence_without_the_names(
    vault: Vault, tmp_path: Path
) -> None:
    """Regression: the first data row was read as the header, and every 'unknown column'
    in the report was a piece of a person's details."""
    data = "OLD-1,Canaryna,Zzyzxova,,,female,,labour,nrm,Testshire,2024-01-01,open\r\n"
    error = _refused(vault, _write(tmp_path, data))
    assert "header row" in error.message and not isinstance(error, ImportRejected)
    assert "Canaryna" not in error.message and "Zzyzxova" not in error.message


def test_odd_header_names_are_named_by_position(vault: Vault, tmp_path: Path) -> None:
    """A header cell with terminal escapes or hundreds of characters is not echoed."""
    data = f"{SURVIVOR_HEADER},\x1b[2Jcolour,{'w' * 300}\r\n"
    lines = _lines(_refused(vault, _write(tmp_path, data)))
    assert "row 1, column number 13: not a column this import knows (see --template)" in lines
    assert "row 1, column number 14: not a column this import knows (see --template)" in lines


def test_blank_header_cells_are_no_problem_until_a_row_fills_one(
    vault: Vault, tmp_path: Path
) -> None:
    """Regression: two blank header cells were reported as one column 'appearing twice'."""
    header = SURVIVOR_HEADER.replace("case_ref,", "case_ref,,,", 1)
    good = f"{header}\r\nOLD-1,,,Testa,Example,,,female,,labour,nrm,Testshire,2024-01-01,open\r\n"
    with vault.session() as s:
        assert import_survivors.import_survivors(s, _write(tmp_path, good), TODAY).imported == 1
    bad = good.replace("OLD-1,,,", "OLD-2,,stray,")
    lines = _lines(_refused(vault, _write(tmp_path, bad, "bad.csv")))
    assert "row 2, column number 3: holds a value but the column has no name" in lines


def test_byte_order_marks_left_inside_a_joined_file_are_ignored(
    vault: Vault, tmp_path: Path
) -> None:
    """Two BOMs (a file saved twice) and a BOM before a cell are not part of the text."""
    data = b"\xef\xbb\xbf" + _survivor_rows(2).replace(b"OLD-1,", "\ufeffOLD-1,".encode())
    with vault.session() as s:
        result = import_survivors.import_survivors(
            s, _write(tmp_path, b"\xef\xbb\xbf" + data), TODAY
        )
    assert result.case_refs == ["OLD-0", "OLD-1"]


def test_duplicate_unknown_and_missing_columns_are_all_listed(vault: Vault, tmp_path: Path) -> None:
    header = SURVIVOR_HEADER.replace(",status", ",Given_Name ,colour")
    lines = _lines(_refused(vault, _write(tmp_path, header + "\r\n")))
    assert lines[:-1] == [
        "row 1, column given_name: appears twice",
        "row 1, column colour: not a column this import knows (see --template)",
        "row 1, column status: this column is missing",
    ]


# --- cells ------------------------------------------------------------------------------


def _one_survivor(**cells: str) -> str:
    values = {
        "case_ref": "OLD-1",
        "given_name": "Testa",
        "family_name": "Example",
        "sex": "female",
        "exploitation_types": "labour",
        "referral_route": "nrm",
        "police_force": "Testshire",
        "intake_date": "2024-01-01",
        "status": "open",
    }
    values.update(cells)
    names = [c.name for c in import_survivors.COLUMNS if c.required or c.name in values]
    return ",".join(names) + "\r\n" + ",".join(_quoted(values.get(n, "")) for n in names) + "\r\n"


def _quoted(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://x.test")',
        "@SUM(A1)",
        " =1+1",
        "\ufeff=1+1",
        "\u00a0@x",
        "\u200b=1",
        "=cmd|' /C calc'!A0",
    ],
)
@pytest.mark.parametrize("column", ["given_name", "police_force", "nationality"])
def test_formula_looking_text_is_refused_naming_row_and_column(
    vault: Vault, tmp_path: Path, cell: str, column: str
) -> None:
    lines = _lines(_refused(vault, _write(tmp_path, _one_survivor(**{column: cell}))))
    assert lines[:-1] == [
        f"row 2, column {column}: Starts with = or @, which a spreadsheet would run as a "
        "formula: remove it."
    ]


@pytest.mark.parametrize("cell", ["+44 1632 960000", "-", "-2+3", "+1"])
def test_a_leading_plus_or_minus_is_ordinary_text(vault: Vault, tmp_path: Path, cell: str) -> None:
    """A leading + (phone numbers) or '-' ("none") is ordinary: kept, neutralised on export."""
    from caseload.models import Survivor

    path = _write(tmp_path, _one_survivor(nationality=cell, police_force=cell))
    with vault.session() as s:
        import_survivors.import_survivors(s, path, today=dt.date(2026, 11, 22))
        stored = s.exec(
            select(Survivor.nationality, Survivor.police_force)
            .order_by(Survivor.id.desc())  # type: ignore[union-attr]
            .limit(1)
        ).one()
    assert tuple(stored) == (cell, cell)


@pytest.mark.parametrize(
    "cell", ["Tes\nta", "Tes\r\nta", "Tes\tta", "Tes\x1b[31mta", "Tes\x9bta", "Tes\x7fta"]
)
def test_line_breaks_tabs_and_control_characters_in_text_are_refused(
    vault: Vault, tmp_path: Path, cell: str
) -> None:
    """Regression: a quoted line break or a tab went into a name unchecked."""
    lines = _lines(_refused(vault, _write(tmp_path, _one_survivor(given_name=cell))))
    assert lines[0] == (
        "row 2, column given_name: Remove the control characters (such as tabs or escape codes)."
    )


def test_ordinary_names_in_many_scripts_still_import(vault: Vault, tmp_path: Path) -> None:
    """The checks above refuse no real name (Persian names use the zero-width non-joiner)."""
    names = [
        "Zoë",
        "Ngozi",
        "Nguyễn",
        "Дарья",
        "محمد",
        "می\u200cخواهم",
        "O'Brien",
        "Anne-Marie",
        "李",
        "Ødegård",
        "Te Rangi",
    ]
    data = [c.name for c in import_survivors.COLUMNS if c.required]
    lines = [",".join(data)] + [
        f"OLD-{i},{name},Example,{name},,female,,labour,nrm,Testshire,2024-01-01,open"
        for i, name in enumerate(names)
    ]
    with vault.session() as s:
        result = import_survivors.import_survivors(s, _write(tmp_path, "\r\n".join(lines)), TODAY)
    assert result.imported == len(names)


# --- no personal data in reports ---------------------------------------------------------

CANARY = "Canaryna Zzyzxova"


@pytest.mark.parametrize(
    "cells",
    [
        {"exploitation_types": f"labour;{CANARY}"},  # a row shifted by one cell
        {"case_ref": CANARY},
        {"given_name": CANARY * 20},
        {"family_name": f"={CANARY}"},
        {"preferred_name": f"{CANARY}\nsecond line"},
        {"date_of_birth": CANARY},
        {"intake_date": CANARY},
        {"sex": CANARY},
        {"status": CANARY},
        {"closed_on": CANARY},
        {"age_band": CANARY},
        {"nationality_group": CANARY},
    ],
    ids=lambda cells: next(iter(cells)),
)
def test_survivor_reports_never_repeat_a_name(
    vault: Vault, tmp_path: Path, cells: dict[str, str]
) -> None:
    """Regression (exploitation_types): an unknown type was quoted back, and a row shifted
    by one cell put a name there."""
    error = _refused(vault, _write(tmp_path, _one_survivor(**cells)))
    report = "\n".join(_lines(error))
    assert "row 2, column " in report
    for piece in CANARY.split():
        assert piece not in report


def _one_rating_row(**cells: str) -> str:
    values = {
        "case_ref": "T-1",
        "date": "2024-06-05",
        "kind": "intake",
        "rater": "survivor",
        **dict.fromkeys(import_assessments.DOMAINS, "3"),
    }
    values.update(cells)
    names = [c.name for c in import_assessments.COLUMNS]
    return ",".join(names) + "\r\n" + ",".join(_quoted(values.get(n, "")) for n in names) + "\r\n"


@pytest.mark.parametrize(
    "cells",
    [
        {"case_ref": CANARY},
        {"case_ref": "\x1b]0;" + CANARY + "\x07"},
        {"case_ref": CANARY * 1000},
        {"date": CANARY},
        {"kind": CANARY},
        {"rater": CANARY},
        {"safety": CANARY},
    ],
    ids=["case_ref", "case_ref-escapes", "case_ref-long", "date", "kind", "rater", "domain"],
)
def test_assessment_reports_never_repeat_a_name(
    vault: Vault, tmp_path: Path, cells: dict[str, str]
) -> None:
    """Regression (case_ref): any text in the case_ref column was quoted back as 'X is not
    in the vault', terminal escapes and all."""
    error = _refused(vault, _write(tmp_path, _one_rating_row(**cells)), "assessments")
    report = "\n".join(_lines(error))
    assert "row 2, column " in report
    for piece in CANARY.split():
        assert piece not in report


@pytest.mark.parametrize(
    "cell",
    ["+3", "-3", "=3", "@3", "3e0", "0_3", "\u0663", "inf", "nan", "3.5", "0", "6", "9" * 400],
)
def test_ratings_are_plain_levels_only(vault: Vault, tmp_path: Path, cell: str) -> None:
    """Regression: float() took '+3' (formula-looking), '0_3', '3e0' and Arabic-Indic digits."""
    lines = _lines(_refused(vault, _write(tmp_path, _one_rating_row(safety=cell)), "assessments"))
    expected = "Starts with = or @" if cell[0] in "=@" else "Not a level"
    assert len(lines) == 2 and lines[0].startswith(f"row 2, column safety: {expected}")


@pytest.mark.parametrize("cell", ["3", "3.0", " 3 ", "3.00"])
def test_ratings_as_spreadsheets_write_them_import(vault: Vault, tmp_path: Path, cell: str) -> None:
    with vault.session() as s:
        result = import_assessments.import_assessments(
            s, _write(tmp_path, _one_rating_row(safety=cell)), TODAY
        )
        assert result.imported == 1
        assessment = s.exec(select(Assessment)).one()
        assert assessment.level("safety", "survivor") == 3


# --- property-based: anything at all ----------------------------------------------------

HYPO = settings(
    max_examples=60,
    deadline=3000,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
IMPORTERS = ("survivors", "assessments")


def _import_or_refuse(vault: Vault, path: Path, importer: str) -> None:
    """Either the whole file imports, or the importer's own error with a plain report;
    in both cases (nothing is committed here) the vault's tables are unchanged."""
    before = _snapshot(vault)
    module = import_survivors if importer == "survivors" else import_assessments
    function = getattr(module, f"import_{importer}")
    rows = 0
    try:
        with vault.session() as s:
            result = function(s, path, TODAY)
            rows = result.imported
            s.rollback()
    except InvalidInput as error:
        event(f"refused: {type(error).__name__}: {_lines(error)[0][:30]}")
        _assert_plain_report(error)
        report = "\n".join(_lines(error))
        for piece in CANARY.split():
            assert piece not in report
    else:
        event("imported")
        assert rows >= 0
    assert _snapshot(vault) == before


def _names(importer: str) -> list[str]:
    module = import_survivors if importer == "survivors" else import_assessments
    return [c.name for c in module.COLUMNS]


VALID_CELLS = st.sampled_from(
    [
        "",
        "T-1",
        "t-2",
        "OLD-7",
        "NAV-ACHJK",
        "2024-06-05",
        "05/06/2024",
        "2024-02-30",
        "2099-01-01",
        "female",
        "Male",
        "labour;sexual",
        "labour;;criminal",
        "nrm",
        "open",
        "closed",
        "relocated",
        "3",
        "3.0",
        "1",
        "5",
        "survivor",
        "navigator",
        "intake",
        "review",
        "closing",
        "declined",
        "not_known",
        "not applicable",
        "UK",
        "Albanian",
        "Testshire",
        "Testa",
        CANARY,
    ]
)
FORMULA_CELLS = st.sampled_from(
    [
        "=1+1",
        "+1",
        "-1",
        "@SUM(A1)",
        "\ufeff=1",
        " =1",
        "\t=1",
        '=HYPERLINK("http://x.test")',
        "-",
        "=cmd|' /C calc'!A0",
    ]
)
NASTY_PIECES = st.sampled_from(
    [
        '"',
        '""',
        "\r\n",
        "\n",
        "\r",
        "\t",
        "\x1b[31m",
        "\u202e",
        "\ufeff",
        "\u200b",
        ";",
        ",",
        "  ",
        "\x85",
        "\u2028",
        "\x7f",
        "\x9b",
    ]
)
CELLS = st.one_of(
    VALID_CELLS,
    FORMULA_CELLS,
    st.text(max_size=30),
    st.sampled_from([201, 4000]).map(lambda n: "y" * n),
    st.lists(st.one_of(VALID_CELLS, NASTY_PIECES, FORMULA_CELLS), max_size=4).map("".join),
)


@st.composite
def csv_files(draw: st.DrawFn, importer: str) -> bytes:
    """A CSV file of the right general shape with hostile details: headers with duplicates,
    unknown and missing columns, ragged rows, hostile cells, any quoting and line ending,
    sometimes a BOM, sometimes another encoding, sometimes cut short."""
    names = _names(importer)
    header = draw(
        st.one_of(
            st.permutations(names).map(list),
            st.lists(
                st.one_of(
                    st.sampled_from(names),
                    st.sampled_from(
                        ["", "colour", "Case_Ref", " given_name ", "\ufeffcase_ref", "DATE"]
                    ),
                    st.text(max_size=8),
                ),
                max_size=25,
            ),
        )
    )
    if draw(st.integers(0, 3)) == 0:
        header += draw(st.lists(st.sampled_from(names + ["notes", ""]), max_size=3))
    width = max(len(header), 1)
    rows = draw(
        st.lists(st.lists(CELLS, min_size=max(width - 2, 0), max_size=width + 2), max_size=12)
    )
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
        lineterminator=draw(st.sampled_from(["\r\n", "\n", "\r"])),
    )
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    encoding = draw(
        st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"])
    )
    data = text.encode(encoding, errors="replace")
    if draw(st.integers(0, 4)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return data


@pytest.mark.parametrize("importer", IMPORTERS)
@HYPO
@given(data=st.binary(max_size=3000))
def test_any_bytes_are_imported_whole_or_refused_plainly(
    vault: Vault, tmp_path: Path, importer: str, data: bytes
) -> None:
    _import_or_refuse(vault, _write(tmp_path, data), importer)


@pytest.mark.parametrize("importer", IMPORTERS)
@HYPO
@given(text=st.text(max_size=3000))
def test_any_text_is_imported_whole_or_refused_plainly(
    vault: Vault, tmp_path: Path, importer: str, text: str
) -> None:
    _import_or_refuse(
        vault, _write(tmp_path, text.encode("utf-8", errors="surrogatepass")), importer
    )


@pytest.mark.parametrize("importer", IMPORTERS)
@settings(HYPO, max_examples=100)
@given(data=st.data())
def test_hostile_spreadsheets_are_imported_whole_or_refused_plainly(
    vault: Vault, tmp_path: Path, importer: str, data: st.DataObject
) -> None:
    _import_or_refuse(vault, _write(tmp_path, data.draw(csv_files(importer))), importer)


def test_a_file_wrong_everywhere_keeps_a_bounded_list_and_counts_the_rest(
    vault: Vault, tmp_path: Path
) -> None:
    """Regression: every problem was kept; 100,000 rows wrong in all 22 columns held
    2.2 million problems (about 670 MB for a 4.5 MB file)."""
    names = [c.name for c in import_survivors.COLUMNS]
    lines = [",".join(names)] + [",".join(["!"] * len(names))] * 5000
    error = _refused(vault, _write(tmp_path, "\r\n".join(lines)))
    assert isinstance(error, ImportRejected)
    assert len(error.problems) == import_common.MAX_KEPT_PROBLEMS
    assert error.total > 5000 * 15
    report = error.report_lines()
    assert len(report) == import_common.MAX_LISTED_PROBLEMS + 2
    assert report[0].startswith("row 2, column case_ref: ")
    assert report[-2] == f"... and {error.total - 50} more problems."
    assert report[-1] == f"Nothing was imported: the file has {error.total} problems."


def test_a_huge_list_of_exploitation_types_is_one_problem(vault: Vault, tmp_path: Path) -> None:
    lines = _lines(
        _refused(vault, _write(tmp_path, _one_survivor(exploitation_types="magic;" * 20_000)))
    )
    assert lines[:-1] == [
        "row 2, column exploitation_types: Too long: at most 200 characters (this has 120,000)."
    ]


# --- through the command ----------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def vault_file(vault: Vault, vault_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture vault saved and closed, for the command to open."""
    vault.save()
    vault.close()
    monkeypatch.setenv("NAVIGATOR_INSECURE_TEST_KDF", "1")
    return vault_path


def _command(vault_path: Path, *args: str) -> Result:
    return runner.invoke(
        app, ["--vault", str(vault_path), "import", *args], env={"NAVIGATOR_PASSPHRASE": PASSPHRASE}
    )


def _assert_refused_plainly(result: Result, vault_path: Path, before: bytes) -> list[str]:
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines and all(line.strip() for line in lines)
    for line in lines[:-1]:
        assert PROBLEM_LINE.match(line) or line.startswith("... and "), line
    assert lines[-1].endswith(".") and "Traceback" not in result.stderr
    assert "unexpected problem" not in result.stderr  # the CLI's catch-all for bugs
    for piece in CANARY.split():
        assert piece not in result.stderr
    assert vault_path.read_bytes() == before
    return lines


def test_command_lists_each_problem_in_one_line_and_imports_nothing(
    vault_file: Path, tmp_path: Path
) -> None:
    before = vault_file.read_bytes()
    data = _one_survivor(
        given_name=f"={CANARY}", exploitation_types=f"labour;{CANARY}", intake_date="2024-13-01"
    )
    lines = _assert_refused_plainly(
        _command(vault_file, "survivors", str(_write(tmp_path, data))), vault_file, before
    )
    assert lines == [
        "row 2, column given_name: Starts with = or @, which a spreadsheet would run as a "
        "formula: remove it.",
        "row 2, column exploitation_types: Entry 2 is not one of the choices: "
        "Criminal (criminal), Labour (labour), Sexual (sexual), "
        "Domestic servitude (domestic_servitude), Other (other).",
        "row 2, column intake_date: There is no such date: check the day and the month.",
        "Nothing was imported: the file has 3 problems.",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (("\ufeff" + SURVIVOR_HEADER + "\r\n").encode("utf-16"), "UTF-16"),
        (b"\x00\x01\x02binary", "NUL bytes"),
        (b'case_ref,"open quote\r\nT-1,x\r\n', "quote"),
        (f"{CANARY},Example,2024-01-01\r\n".encode(), "header row"),
    ],
    ids=["utf-16", "binary", "open-quote", "no-header"],
)
@pytest.mark.parametrize("kind", IMPORTERS)
def test_command_file_level_problems_are_one_sentence(
    vault_file: Path, tmp_path: Path, kind: str, data: bytes, expected: str
) -> None:
    before = vault_file.read_bytes()
    lines = _assert_refused_plainly(
        _command(vault_file, kind, str(_write(tmp_path, data))), vault_file, before
    )
    assert len(lines) == 1 and expected in lines[0]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices")
def test_command_refuses_folders_and_devices_before_asking_for_the_passphrase(
    vault_file: Path, tmp_path: Path
) -> None:
    before = vault_file.read_bytes()
    for target, expected in (
        (tmp_path, "is a folder"),
        (Path("/dev/zero"), "not a regular"),
        (tmp_path / "none.csv", "There is no file"),
    ):
        result = runner.invoke(
            app, ["--vault", str(vault_file), "import", "survivors", str(target)], env={}
        )
        assert [
            expected in line for line in _assert_refused_plainly(result, vault_file, before)
        ] == [True]


def test_command_imports_a_clean_file(vault_file: Path, tmp_path: Path) -> None:
    result = _command(vault_file, "survivors", str(_write(tmp_path, _survivor_rows(3))))
    assert result.exit_code == 0, result.output
    assert result.stdout == "Imported 3 survivors.\n"


GOOD_VALUES = {
    "case_ref": [""],
    "date_of_birth": ["", "1990-01-02", "02/01/1990", "declined", "not_known"],
    "intake_date": ["2024-01-01", "01/06/2024"],
    "status": ["", "open", "paused", "Open"],
    "closed_on": [""],
    "closure_reason": [""],
    "age_band": [""],
    "exploitation_types": ["labour", "labour;sexual", "", "Sexual; criminal"],
    "date": ["2024-10-04", "01/12/2024"],
    "kind": ["review", "Closing"],
    "rater": ["survivor", "Navigator"],
    **dict.fromkeys(
        import_assessments.DOMAINS, ["", "1", "3", "5", "3.0", "declined", "not applicable"]
    ),
}
BAD_VALUES = {
    "case_ref": ["OLD-1", "old-1", "T-1", "T-2", "NAV-ACHJK", "x y"],
    "date_of_birth": ["2030-01-01", "31/02/1990"],
    "intake_date": ["2099-01-01", "", "2024-02-30"],
    "closed_on": ["2024-05-01", "2023-01-01"],
    "status": ["closed"],
    "date": ["2099-01-01", "2024-01-01", "2024-06-05"],
    "kind": ["intake", ""],
    "rater": [""],
}


def _column_values(spec: import_common.ColumnSpec, good: bool) -> list[str]:
    """Plausible values for one column that pass its checks (``good``), or that may not."""
    if spec in import_assessments.COLUMNS and spec.name == "case_ref":
        return ["T-1", "t-2"] if good else ["T-9", "", "OLD-1"]
    table = GOOD_VALUES if good else BAD_VALUES
    if spec.name in table:
        return table[spec.name]
    if spec.category is not None:
        return ["", *spec.category.codes, *(c.label for c in spec.category.choices)]
    return ["", "Testa", CANARY, "British", "Testshire"] if good else ["y" * 201]


@st.composite
def valid_shaped_files(draw: st.DrawFn, importer: str) -> tuple[bytes, int]:
    """Every column, in any order, with mostly plausible values and a few hostile ones:
    exercises the row checks. Returns the file and its number of non-blank rows."""
    module = import_survivors if importer == "survivors" else import_assessments
    specs = draw(st.permutations(module.COLUMNS))
    hostile = draw(st.booleans())
    cell = {
        s.name: st.one_of(
            st.sampled_from(_column_values(s, True)),
            st.sampled_from(_column_values(s, False)),
            CELLS,
        )
        if hostile
        else st.sampled_from(_column_values(s, True))
        for s in specs
    }
    rows = draw(st.lists(st.tuples(*(cell[s.name] for s in specs)), min_size=1, max_size=8))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([s.name for s in specs])
    writer.writerows(rows)
    blank = sum(1 for row in rows if not any(import_common.clean_cell(c) for c in row))
    return buffer.getvalue().encode("utf-8"), len(rows) - blank


@pytest.mark.parametrize("importer", IMPORTERS)
@settings(HYPO, max_examples=100)
@given(data=st.data())
def test_plausible_rows_import_all_or_none(
    vault: Vault, tmp_path: Path, importer: str, data: st.DataObject
) -> None:
    raw, rows = data.draw(valid_shaped_files(importer))
    path = _write(tmp_path, raw)
    before = _snapshot(vault)
    module = import_survivors if importer == "survivors" else import_assessments
    try:
        with vault.session() as s:
            result = getattr(module, f"import_{importer}")(s, path, TODAY)
            imported = _snapshot_in(s)
            s.rollback()
    except InvalidInput as error:
        event(f"refused: {_lines(error)[0][:40]}")
        _assert_plain_report(error)
        for piece in CANARY.split():
            assert piece not in "\n".join(_lines(error))
    else:
        event("imported")
        if importer == "survivors":
            assert result.imported == rows == len(imported[0]) - len(before[0])
        else:
            assert result.rows == rows and len(imported[2]) - len(before[2]) == result.imported
    assert _snapshot(vault) == before


def _snapshot_in(s: object) -> tuple[list[object], list[object], list[object]]:
    survivors = list(s.exec(select(Survivor.id)))  # type: ignore[attr-defined]
    assessments = list(s.exec(select(Assessment.id)))  # type: ignore[attr-defined]
    return survivors, [], assessments


def test_ragged_rows_short_ones_padded_long_ones_reported(vault: Vault, tmp_path: Path) -> None:
    """A short row (spreadsheets drop trailing empty cells) reads as blanks; a value past
    the last named column is reported, never silently dropped."""
    short = "OLD-1,Testa,Example,,,female,,labour,nrm,Testshire,2024-01-01"  # no status
    long_ = "OLD-2,Testa,Example,,,female,,labour,nrm,Testshire,2024-01-01,open,,stray"
    lines = _lines(
        _refused(vault, _write(tmp_path, f"{SURVIVOR_HEADER}\r\n{short}\r\n{long_}\r\n"))
    )
    assert lines == [
        "row 3, column (beyond the last named column): unexpected value",
        "Nothing was imported: the file has 1 problem.",
    ]
    with vault.session() as s:
        result = import_survivors.import_survivors(
            s, _write(tmp_path, f"{SURVIVOR_HEADER}\r\n{short}\r\n", "short.csv"), TODAY
        )
        assert result.imported == 1
        assert s.exec(select(Survivor).where(Survivor.case_ref == "OLD-1")).one().status == "open"
