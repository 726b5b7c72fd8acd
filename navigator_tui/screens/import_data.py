"""Import from a spreadsheet (F8): survivors or assessments from a CSV file, all rows or none.

The checking and adding are done by :mod:`exports.import_survivors` and
:mod:`exports.import_assessments`, as for ``navigator import``. The import runs inside
the app's save worker (``save_changes``): the file is read and every row checked in a
thread, then committed, saved with the vault's atomic save and the caseload reloaded,
so a large file never freezes the screen.

A refused file shows every problem (``row N, column X: what is wrong``) and nothing is
added. When the import was committed but the save failed, the import is kept in memory
and ctrl+s only retries the save: importing the file again would add its survivors
with blank case references a second time.

ctrl+t writes the template (the header row of the expected file) to a file or folder;
an existing file is replaced only after the user confirms.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import work
from textual.binding import Binding

from caseload.errors import NavigatorError
from caseload.saving import Change, SaveFailed
from exports.files import ExportExists
from exports.import_common import ImportRejected
from exports.kinds import IMPORT_KIND, IMPORT_KINDS, ImportOutcome
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.screens.import_report import ImportReportScreen
from navigator_tui.widgets.form_field import FieldSpec

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "The spreadsheet holds", "choice", IMPORT_KIND, required=True),
    FieldSpec(
        "file",
        "CSV file to import",
        max_length=1000,
        placeholder="for example ~/Documents/caseload.csv",
        help="Save the sheet as 'CSV UTF-8'. Any problem in any row and nothing is imported.",
    ),
    FieldSpec(
        "template",
        "Write the template (the expected columns) to",
        max_length=1000,
        placeholder="a file name, or a folder",
        help="ctrl+t writes the header row of the chosen kind of file, to fill in.",
    ),
)


def template_name(kind: str) -> str:
    return IMPORT_KINDS[kind].template_name


def typed_path(text: str) -> Path | None:
    """The path typed, with ``~`` expanded; None when it cannot be a path at all."""
    try:
        return Path(text).expanduser()
    except (RuntimeError, ValueError):  # no home folder known; an impossible name
        return None


def import_file_error(text: str) -> str | None:
    """Why the typed import file cannot be read, or None when it is a file."""
    if not text:
        return "Type the path of the CSV file to import."
    path = typed_path(text)
    try:
        if path is None or not path.exists():
            return "There is no file at this path."
        if path.is_dir():
            return "This is a folder: type the path of the CSV file in it."
        if not path.is_file():
            return "This is not a regular file (a device or a pipe?)."
    except (OSError, ValueError):
        return "This path cannot be read."
    return None


def template_target(text: str, kind: str) -> tuple[Path | None, str | None]:
    """Where to write the template (a folder gets the standard name) or why not."""
    if not text:
        return None, "Type where to write the template: a file name or a folder."
    path = typed_path(text)
    try:
        if path is None:
            return None, "This path cannot be used."
        if path.is_dir():
            return path / template_name(kind), None
        if not path.parent.is_dir():
            return None, "The folder for this file does not exist."
    except (OSError, ValueError):
        return None, "This path cannot be used."
    return path, None


class ImportScreen(FormScreen[ImportOutcome]):
    form_title = "Import from a spreadsheet"
    BINDINGS = [
        Binding("ctrl+s", "save", "Import", id="import.run", priority=True),
        Binding("ctrl+t", "write_template", "Write template", id="import.template", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        #: Committed in memory but not yet saved to disk (ctrl+s retries the save only).
        self._pending: ImportOutcome | None = None
        #: The last refusal, set by the worker before it reports the failure.

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        return {"kind": "survivors"}

    # --- import ------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.busy or self.nav_app.vault is None:
            return
        if self._pending is not None:
            self._start(self._pending.kind, None)
            return
        values, errors = self.collect()
        problem = import_file_error(values.get("file") or "")
        if problem and "file" not in errors:
            errors["file"] = problem
        errors.pop("template", None)  # only used by ctrl+t
        self.show_errors(errors)
        if errors:
            first = next(iter(errors))
            self.field(first).focus_input()
            self.set_status("Not imported: fix the fields marked.", error=True)
            return
        path = typed_path(values["file"])
        assert path is not None
        self._start(values["kind"], path)

    def _start(self, kind: str, path: Path | None) -> None:
        self.busy = True
        if path is None:
            self.set_status("Saving the import again...")
        else:
            self.set_status("Checking every row of the file, then importing...")
        self.nav_app.save_changes(self._make_apply(kind, path), self._saved, self._failed)

    def _make_apply(self, kind: str, path: Path | None) -> Change[ImportOutcome]:
        """Runs in the save worker.  A retry after a save that failed once the import was
        committed adds nothing again (see ``_failed``): it returns what was imported."""
        today, pending, run = self.nav_app.today(), self._pending, IMPORT_KINDS[kind].run
        if pending is not None:
            return lambda _session: pending
        assert path is not None
        return lambda session: run(session, path, today)

    def _saved(self, outcome: ImportOutcome) -> None:
        self.busy = False
        self.is_dirty = False
        self._pending = None
        app = self.nav_app
        self.dismiss(outcome)
        if outcome.kind == "survivors":
            app.action_caseload()
        app.push_screen(ImportReportScreen("Imported", outcome.sentence()))

    def _failed(self, failure: SaveFailed) -> None:
        self.busy = False
        message = failure.message
        if failure.committed:
            self._pending = failure.result
        rejection = failure.error if isinstance(failure.error, ImportRejected) else None
        if rejection is not None:
            self.set_status(f"{rejection.message} The caseload is unchanged.", error=True)
            self.app.push_screen(self._problems_report(rejection))
        elif self._pending is not None:
            self.set_status(
                f"{message} The import is kept in memory: press ctrl+s to try saving again.",
                error=True,
            )
        else:
            self.set_status(f"Nothing was imported. {message}", error=True)

    @staticmethod
    def _problems_report(rejection: ImportRejected) -> ImportReportScreen:
        lines = [str(problem) for problem in rejection.problems]
        unlisted = rejection.total - len(lines)
        if unlisted > 0:
            lines.append(f"... and {unlisted} more problems, not listed.")
        message = (
            f"{rejection.message} The caseload is unchanged. Correct the rows below in the "
            "spreadsheet (row 1 is the header row), save it as CSV UTF-8 and import again."
        )
        if any(problem.row == 1 for problem in rejection.problems):
            message += " On the import screen ctrl+t writes a template of every known column."
        return ImportReportScreen("Nothing was imported", message, lines)

    # --- template -----------------------------------------------------------------------

    def action_write_template(self) -> None:
        if self.busy:
            return
        values, errors = self.collect()
        target, problem = template_target(values.get("template") or "", values.get("kind") or "")
        if problem and "template" not in errors:
            errors["template"] = problem
        errors.pop("file", None)  # only used by the import
        self.show_errors(errors)
        if errors or target is None:
            first = next(iter(errors), "template")
            self.field(first).focus_input()
            self.set_status("No template written: fix the fields marked.", error=True)
            return
        self._write_template(values["kind"], target, force=False)

    def _write_template(self, kind: str, target: Path, force: bool) -> None:
        self.busy = True
        self.set_status("Writing the template...")
        self._template_worker(kind, target, force)

    @work(thread=True, exclusive=True, group="import-template", exit_on_error=False)
    def _template_worker(self, kind: str, target: Path, force: bool) -> None:
        from exports.files import write_export

        try:
            path = write_export(target, IMPORT_KINDS[kind].template(), force)
        except ExportExists:
            self.app.call_from_thread(self._ask_replace, kind, target)
            return
        except NavigatorError as exc:
            self.app.call_from_thread(self._template_failed, exc.message)
            return
        except Exception:  # noqa: BLE001 - one sentence, never a traceback
            self.app.call_from_thread(self._template_failed, "The template could not be written.")
            return
        self.app.call_from_thread(self._template_written, kind, path)

    def _ask_replace(self, kind: str, target: Path) -> None:
        from navigator_tui.screens.confirm import ConfirmScreen

        self.busy = False

        def answered(replace: bool | None) -> None:
            if replace:
                self._write_template(kind, target, force=True)
            else:
                self.set_status(f"No template written: {target} was kept.")

        self.app.push_screen(
            ConfirmScreen(f"{target} already exists. Replace it?", yes="Replace", no="Keep it"),
            answered,
        )

    def _template_failed(self, message: str) -> None:
        self.busy = False
        self.set_status(message, error=True)

    def _template_written(self, kind: str, path: Path) -> None:
        self.busy = False
        self.set_status(f"Wrote the {kind} template to {path}.")
        self.app.notify(f"Wrote the {kind} template to {path}", timeout=6)
