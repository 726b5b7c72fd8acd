"""Export from the app: the monthly summary (managers), anonymised funder aggregates (as
CSV or a spreadsheet), the funder report (PDF), or the data dictionary (every field,
import column, export column and measure).

The files are written by ``exports/`` (owner-only, CSV-injection safe, small numbers
suppressed for funders) in a worker thread; this screen only collects the choices.
A file of the same name is replaced only when "Replace" is ticked or the user confirms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import work
from textual.binding import Binding

from caseload.errors import NavigatorError
from caseload.saving import read
from caseload.vault import Vault
from exports.files import ExportExists
from exports.kinds import (
    DICTIONARY_NAME,
    EXPORT_FORMAT,
    EXPORT_KIND,
    funder_name,
    monthly_name,
    report_name,
    with_format,
)
from exports.periods import Month, Period
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.widgets.form_field import FieldSpec
from storage import safe_io

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "Export", "choice", EXPORT_KIND, required=True),
    FieldSpec(
        "start", "Month (monthly) or first month (funder, report)", placeholder="YYYY-MM"
    ),
    FieldSpec("end", "Last month (funder and report)", placeholder="YYYY-MM"),
    FieldSpec("folder", "Folder", required=True, max_length=1000),
    FieldSpec("format", "Format (monthly and funder)", "choice", EXPORT_FORMAT, required=True),
    FieldSpec("force", "Replace a file of the same name", "flag"),
)


def default_folder() -> Path:
    from platformdirs import user_documents_path

    return user_documents_path()


def _missing_default(folder: Path) -> bool:
    """The default folder, not made yet: the export makes it (owner-only) rather than refuse.

    Only the default: a folder typed by hand and missing is more likely a typo than a wish.
    """
    return not folder.exists() and folder == default_folder().expanduser()


def _to_date_note(values: dict[str, Any], today: dt.date) -> str:
    """The warning for figures of a month (or period) not over yet."""
    from exports.monthly import in_progress_warning

    if values["kind"] == "dictionary":
        return ""
    last = Month.parse(values["start"] if values["kind"] == "monthly" else values["end"])
    return in_progress_warning(last, today) if last.last_day > today else ""


class ExportScreen(FormScreen[Path]):
    form_title = "Export"
    # ctrl+s writes the file: the footer says "Export", not "Save".
    BINDINGS = [
        Binding("ctrl+s", "save", "Export", id="export.write", priority=True),
    ]

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        last_month = Month.of(self.nav_app.today().replace(day=1) - dt.timedelta(days=1))
        return {"kind": "monthly", "start": str(last_month), "folder": str(default_folder()),
                "format": "csv"}

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        if values["kind"] != "dictionary":
            try:
                start = Month.parse(values["start"])
            except NavigatorError:
                errors["start"] = "Write the month as YYYY-MM, for example 2026-02."
            else:
                today = self.nav_app.today()
                # A funder period not started is refused by the core, in the status line.
                if values["kind"] == "monthly" and start.first_day > today:
                    errors["start"] = (f"{start} has not begun yet: choose {Month.of(today)} "
                                       "or an earlier month.")
        if values["kind"] in ("funder", "report"):
            try:
                end = Month.parse(values["end"] or "")
            except NavigatorError:
                errors["end"] = "Write the last month as YYYY-MM, for example 2026-02."
            else:
                if "start" not in errors and end < Month.parse(values["start"]):
                    errors["end"] = "The last month cannot be before the first month."
        folder = Path(values["folder"]).expanduser()
        if not folder.is_dir() and not _missing_default(folder):
            errors["folder"] = "This folder does not exist."
        return errors

    def action_save(self) -> None:
        if self.busy or self.nav_app.vault is None:
            return
        values, errors = self.collect()
        self.show_errors(errors)
        if errors:
            self.field(next(iter(errors))).focus_input()
            self.set_status("Not exported: fix the fields marked.", error=True)
            return
        self.busy = True
        self.set_status("Exporting...")
        self._export_worker(self.nav_app.vault, values, self.nav_app.today())

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export_worker(self, vault: Vault, values: dict[str, Any], today: dt.date) -> None:
        from exports.dictionary import write_dictionary
        from exports.funder import write_funder_aggregates
        from exports.funder_report import write_funder_report
        from exports.funder_workbook import write_funder_workbook
        from exports.monthly import write_monthly_summary

        folder = Path(values["folder"]).expanduser()
        out = folder / DICTIONARY_NAME
        try:
            if _missing_default(folder):
                try:  # the Documents folder a new work laptop may not have yet
                    safe_io.ensure_private_dir(folder)  # 0700 on POSIX, as Navigator's own
                except OSError:
                    self.app.call_from_thread(
                        self._export_failed,
                        f"The folder {folder} could not be made; choose another.",
                    )
                    return
            if values["kind"] == "dictionary":
                path = write_dictionary(out, values["force"], today)
            elif values["kind"] == "monthly":
                start = Month.parse(values["start"])
                out = folder / with_format(monthly_name(start), values["format"])
                path = read(
                    vault,
                    lambda session: write_monthly_summary(
                        session, start, out, values["force"], today
                    ).path,
                )
            else:
                period = Period(Month.parse(values["start"]), Month.parse(values["end"]))
                if values["kind"] == "report":
                    out, write = folder / report_name(period), write_funder_report
                elif values["format"] == "xlsx":
                    out = folder / with_format(funder_name(period), "xlsx")
                    write = write_funder_workbook
                else:
                    out, write = folder / funder_name(period), write_funder_aggregates
                path = read(
                    vault, lambda session: write(session, period, out, values["force"], today)
                )
        except ExportExists:
            self.app.call_from_thread(self._ask_replace, values, out)
            return
        except NavigatorError as exc:
            self.app.call_from_thread(self._export_failed, exc.message)
            return
        except Exception:  # noqa: BLE001 - one sentence, never a traceback
            self.app.call_from_thread(self._export_failed, "The export could not be written.")
            return
        self.app.call_from_thread(self._exported, path, _to_date_note(values, today))

    def _export_failed(self, message: str) -> None:
        self.busy = False
        self.set_status(message, error=True)

    def _ask_replace(self, values: dict[str, Any], out: Path) -> None:
        """The file exists and "Replace" was not ticked: replace it only if the user says so."""
        from navigator_tui.screens.confirm import ConfirmScreen

        self.busy = False

        def answered(replace: bool | None) -> None:
            vault = self.nav_app.vault
            if not replace or vault is None:
                self.set_status(f"Not exported: {out} was kept.")
                return
            self.busy = True
            self.set_status("Exporting...")
            self._export_worker(vault, {**values, "force": True}, self.nav_app.today())

        self.app.push_screen(
            ConfirmScreen(f"{out} already exists. Replace it?", yes="Replace", no="Keep it"),
            answered,
        )

    def _exported(self, path: Path, note: str = "") -> None:
        self.busy = False
        self.is_dirty = False
        self.app.notify(f"Exported to {path}" + (f". {note}" if note else ""),
                        timeout=10 if note else 6)
        self.dismiss(path)
