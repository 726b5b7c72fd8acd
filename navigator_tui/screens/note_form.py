"""Add or correct a case note: dated free text on the file (never exported; hidden in
discreet mode)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widgets import TextArea

from caseload.changes.notes import add_note, edit_note
from caseload.validation.notes import CASE_NOTE, NOTE_MAX_LENGTH
from navigator_tui.screens.form_screen import SurvivorRecordForm
from navigator_tui.widgets.form_field import FieldSpec

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "text",
        "Note",
        "note",
        required=True,
        max_length=NOTE_MAX_LENGTH,
        help="Enter starts a new line; ctrl+s saves. Never exported.",
    ),
    FieldSpec("written_on", "Date", "date", required=True),
)


class NoteFormScreen(SurvivorRecordForm):
    form_title = "Add a note"
    record_kind = CASE_NOTE
    add_record = staticmethod(add_note)
    edit_record = staticmethod(edit_note)
    records_attr = "notes"
    correction_kind = "note"
    correction_title = "Correct a note (the old words are kept in its history)"

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        return self.saved_values() or {"written_on": self.nav_app.today()}

    def on_mount(self) -> None:
        if self.correcting:  # a correction goes on from the end of the words
            self.call_after_refresh(self._to_the_end)

    def _to_the_end(self) -> None:
        found = self.query("#input-text")
        area = found.first() if found else None
        if isinstance(area, TextArea):  # masked in discreet mode: a one-line field
            area.move_cursor(area.document.end)
