"""Base class of every form: validate everything, explain next to each field, then save.

Nothing is saved until every field is valid.  Saving runs in the app's save worker
(apply to the in-memory caseload, then the vault's atomic save); a failed save keeps
the form open with everything that was typed and shows the error sentence.  Each
form's ``apply`` is idempotent (it remembers the id of the row it wrote), so saving
again after a failure updates that row instead of adding a duplicate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input, Select, SelectionList, Static, TextArea

from caseload.saving import Change, SaveFailed, Session
from caseload.validation.records import Context, RecordKind, check_record
from navigator_tui.screens.nav_screen import NavScreen
from navigator_tui.widgets.app_header import AppHeader
from navigator_tui.widgets.form_field import FieldSpec, FormField
from navigator_tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    pass

R = TypeVar("R")


def _is_other(value: object) -> bool:
    return "other" in value if isinstance(value, list | tuple) else value == "other"

class FormScreen(NavScreen[R]):
    """Subclasses give ``form_title``, ``field_specs``, ``initial_values`` and ``make_apply``.

    A form of a record gives ``record_kind``: the core's validator of that record
    (:mod:`caseload.validation`) parses and checks what was typed, the same one the
    importers and change functions use.  Any other form (export, import, settings) is
    checked from its field specs, with ``check`` for rules across fields and
    ``other_text`` naming each choice whose "other" needs the text field beside it.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]
    form_title = "Form"
    AUTO_FOCUS = ".form-field .field-input"
    #: (choice field, the free-text field that must say what its "other" means).
    other_text: ClassVar[tuple[tuple[str, str], ...]] = ()
    #: The record this form writes, checked by the core's validator of that record.
    record_kind: ClassVar[RecordKind | None] = None
    #: A long form of short fields: two fields a line from 120 columns (forms.tcss).
    two_columns: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        #: Something was typed since the form opened (locking asks first).
        self.is_dirty = False
        self.busy = False
        self._ready = False
        #: What was typed before a lock, put back once the form is on screen.
        self._kept_state: dict[str, Any] | None = None


    # --- what subclasses provide --------------------------------------------------------

    def field_specs(self) -> Iterable[FieldSpec]:
        return ()

    def initial_values(self) -> dict[str, Any]:
        return {}

    def compose_intro(self) -> ComposeResult:
        """Widgets under the title, before the fields (the contact form's agreement)."""
        return iter(())

    def compose_extra(self) -> ComposeResult:
        """Widgets after the fields (the assessment form's ratings)."""
        return iter(())

    def compose_docked(self) -> ComposeResult:
        """Widgets outside the scrolling fields, always on screen (the level descriptors)."""
        return iter(())

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        """Errors that depend on several fields of a form that is not a record's."""
        return {}

    def validator(self) -> RecordKind:
        if self.record_kind is not None:
            return self.record_kind
        return RecordKind(
            self.form_title,
            tuple(spec.as_field() for spec in self.field_specs()),
            lambda values, _context: self.check(values),
            self.other_text,
        )

    def check_context(self) -> Context:
        """What the record is checked against: today, and the survivor's intake date."""
        return Context(self.nav_app.today(), self.intake_date())

    def intake_date(self) -> dt.date | None:
        """The survivor's intake date, the earliest day of fields marked ``after_intake``."""
        case = self.case
        return case.survivor.intake_date if case is not None else None

    def extra_errors(self) -> list[str]:
        """Errors of widgets that are not FormFields (shown in the status line)."""
        return []

    def make_apply(self, values: dict[str, Any]) -> Change[R]:
        raise NotImplementedError

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Read first: a form may name its record in its title ("Update a promise: ...").
        initial = self.initial_values()
        yield AppHeader()
        # Not a stop of its own: tab from the last field goes round to the first, not to
        # an invisible stop where typing is lost (the focused field scrolls into view).
        body_classes = "-two-columns" if self.two_columns else ""
        with VerticalScroll(id="form-body", can_focus=False, classes=body_classes):
            yield Static(self.form_title, id="form-title")
            yield from self.compose_intro()
            discreet = self.nav_app.discreet
            for line in self._lines(self.field_specs()):
                if line[0].section:
                    yield Static(line[0].section, classes="form-section")
                fields = [
                    FormField(
                        spec,
                        initial.get(spec.name),
                        masked=discreet and (spec.sensitive or spec.kind in ("text", "note")),
                    )
                    for spec in line
                ]
                if len(fields) == 1:
                    yield fields[0]
                else:
                    yield Horizontal(*fields, classes="field-pair")
            yield from self.compose_extra()
        yield from self.compose_docked()
        yield Static("", id="form-status")
        yield KeyBar()

    def _lines(self, specs: Iterable[FieldSpec]) -> Iterable[list[FieldSpec]]:
        """The fields a line: one, or two short ones side by side for a ``two_columns``
        form (a list of ticks, a note and a section's first field start a line; a field
        shown only when it applies has a line of its own, so that none is left half
        empty while it is hidden)."""
        conditional = set(self.conditional_fields()) if self.two_columns else set()
        pending: list[FieldSpec] = []
        for spec in specs:
            alone = (
                spec.kind in ("multi", "note")
                or not self.two_columns
                or spec.name in conditional
            )
            if pending and (alone or spec.section):
                yield pending
                pending = []
            if alone:
                yield [spec]
                continue
            pending.append(spec)
            if len(pending) == 2:
                yield pending
                pending = []
        if pending:
            yield pending

    def on_mount(self) -> None:
        self.show_fields_in_use()
        self.call_after_refresh(self._set_ready)

    def _set_ready(self) -> None:
        if not self.query("#form-body"):
            return  # closed before its first frame (escape typed as it opened)
        self._ready = True
        if self._kept_state is not None:
            self.restore_state(self._kept_state)
            self._kept_state = None
        self.show_fields_in_use()
        # Focusing the first field scrolls it to the middle before the form is laid
        # out, which hid the form's title and the first field's label.
        self.query_one("#form-body", VerticalScroll).scroll_home(animate=False)
        if self.focused is not None:
            self.focused.scroll_visible(animate=False)

    def mark_dirty(self) -> None:
        if self._ready:
            self.is_dirty = True

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.mark_dirty()

    def on_select_changed(self, _event: Select.Changed) -> None:
        self.mark_dirty()
        self.show_fields_in_use()

    def on_checkbox_changed(self, _event: Checkbox.Changed) -> None:
        self.mark_dirty()

    def on_selection_list_selected_changed(self, _event: SelectionList.SelectedChanged) -> None:
        self.mark_dirty()
        self.show_fields_in_use()

    # --- fields shown only when they apply ------------------------------------------------

    def conditional_fields(self) -> dict[str, Callable[[dict[str, Any]], bool]]:
        """Field -> whether it applies, from the raw values typed so far.  By default
        each "(if other)" text field, shown once its choice is "Other"; a form may add
        its own (the closure fields of a case that is not closed)."""
        pairs = self.validator().other_text
        return {
            text: (lambda raw, choice=choice: _is_other(raw.get(choice))) for choice, text in pairs
        }

    def show_fields_in_use(self) -> None:
        """Hide the fields that do not apply (a form half as long), never one that holds
        something typed or an error: nothing typed is hidden from the navigator."""
        conditions = self.conditional_fields()
        if not conditions:
            return
        fields = {f.spec.name: f for f in self.query(FormField)}
        if not all(f.has_input for f in fields.values()):
            return  # opening or closing: shown again once ready (_set_ready)
        raw = {name: f.raw() for name, f in fields.items()}
        for name, applies in conditions.items():
            form_field = fields.get(name)
            if form_field is None:
                continue
            typed = raw.get(name) not in (None, "", [], False)
            form_field.display = applies(raw) or typed or form_field.has_class("-invalid")

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self.mark_dirty()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a text field moves on to the next field (ctrl+s saves)."""
        event.stop()
        self.focus_next()

    # --- kept across a lock ------------------------------------------------------------

    def form_state(self) -> dict[str, Any]:
        """Everything typed so far (kept in memory across a lock, never written)."""
        fields = {f.spec.name: f.raw() for f in self.query(FormField)}
        return {"fields": fields, "extra": self.extra_state(), "dirty": self.is_dirty}

    def extra_state(self) -> Any:
        """What widgets other than FormFields hold (the ratings, the phones)."""
        return None

    def restore_extra(self, state: Any) -> None:
        """Put back what :meth:`extra_state` gave."""

    def restore_when_ready(self, state: dict[str, Any]) -> None:
        self._kept_state = state

    def restore_state(self, state: dict[str, Any]) -> None:
        for name, raw in state["fields"].items():
            found = self.query(f"#field-{name}")
            if found:
                found.first(FormField).restore(raw)
        self.restore_extra(state["extra"])
        self.is_dirty = bool(state["dirty"])
        if self.is_dirty:
            self.set_status(
                "Kept while the vault was locked: what you typed is as you left it. "
                "Check it, then ctrl+s to save."
            )

    # --- validation and saving --------------------------------------------------------

    def field(self, name: str) -> FormField:
        return self.query_one(f"#field-{name}", FormField)

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        """The parsed values and, in the form's order, field -> what is wrong with it."""
        fields = list(self.query(FormField))
        raw = {form_field.spec.name: form_field.raw() for form_field in fields}
        checked = check_record(self.validator(), raw, self.check_context())
        order = {f.spec.name: i for i, f in enumerate(fields)}
        errors = dict(
            sorted(checked.problems.items(), key=lambda item: order.get(item[0], len(order)))
        )
        return checked.values, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for form_field in self.query(FormField):
            form_field.set_error(errors.get(form_field.spec.name))
        self.show_fields_in_use()  # a field with an error is shown, wherever it is

    def action_save(self) -> None:
        # ctrl+s is a priority binding: it jumps keys typed just before it that still wait
        # in the focused field's queue.  Save once they are in, or the end of what was
        # typed is lost.
        focused = self.focused
        if focused is not None:
            focused.call_later(self._save_typed)
        else:
            self._save_typed()

    def _save_typed(self) -> None:
        if self.busy:
            return
        values, errors = self.collect()
        self.show_errors(errors)
        extra = self.extra_errors()
        if errors or extra:
            count = len(errors) + len(extra)
            first = next(iter(errors), None)
            if first is not None:
                self.field(first).focus_input()
            detail = f" {extra[0]}" if extra and not errors else ""
            self.set_status(
                f"Not saved: {count} thing{'s' if count != 1 else ''} to fix.{detail}",
                error=True,
            )
            return
        self.busy = True
        self.set_status("Saving...")
        self.nav_app.save_changes(
            self.make_apply(values),
            self._saved,
            self._failed,
            survivor_id=self.survivor_id,
        )

    def _saved(self, result: R) -> None:
        self.busy = False
        self.is_dirty = False
        self.dismiss(result)

    def _failed(self, failure: SaveFailed) -> None:
        self.busy = False
        if failure.committed:
            self.committed(failure.result)
        self.set_status(failure.message, error=True)

    def committed(self, result: Any) -> None:
        """A failed save had committed the change: a retry must rewrite what it wrote."""

    def set_status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#form-status", Static)
        status.update(text)
        status.set_class(error, "-error")

    def action_cancel(self) -> None:
        if self.busy:
            return
        if not self.is_dirty:
            self.dismiss(None)
            return
        from navigator_tui.screens.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.is_dirty = False
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard what you typed in this form?", yes="Discard", no="Keep editing"),
            answered,
        )


class SurvivorRecordForm(FormScreen[int]):
    """A form that adds one record to a survivor's file; dismisses with its id.

    ``add_record`` and ``edit_record`` are the core's change functions for the record
    (:mod:`caseload.changes`).  A retry after a save that failed once the change was
    committed edits the row the first attempt added instead of adding another.
    """

    add_record: ClassVar[Callable[[Session, int, dict[str, Any], dt.date], int]]
    edit_record: ClassVar[Callable[[Session, int, dict[str, Any], dt.date], int]]
    #: The case's list of these records (``CaseRecord`` attribute), for a correction.
    records_attr: ClassVar[str] = ""
    #: The name its corrections go by (``caseload.corrections.CORRECTABLE``).
    correction_kind: ClassVar[str] = ""
    #: The title of a correction.
    correction_title: ClassVar[str] = "Correct a record (the old values are kept)"

    def __init__(self, survivor_id: int, record_id: int | None = None) -> None:
        """``record_id``: correct that saved record instead of adding one (its old
        values are kept in the case's history by the core's edit function)."""
        super().__init__()
        self.survivor_id = survivor_id
        self.record_id: int | None = record_id
        self.correcting = record_id is not None
        if self.correcting:
            self.form_title = self.correction_title

    def compose_extra(self) -> ComposeResult:
        """A correction lists the corrections made before it."""
        if self.correcting and self.correction_kind and self.record_id is not None:
            from navigator_tui.widgets.correction_history import CorrectionHistory

            labels = {spec.name: spec.label for spec in self.field_specs()}
            yield Static("Corrections so far", classes="section-title")
            yield CorrectionHistory(
                self.correction_kind, self.record_id, labels, self.nav_app.discreet
            )

    def on_mount(self) -> None:
        vault = self.nav_app.vault
        if vault is not None and self.correcting:
            from navigator_tui.widgets.correction_history import CorrectionHistory

            for history in self.query(CorrectionHistory):
                history.load(vault)

    def saved_values(self) -> dict[str, Any] | None:
        """The values of the record being corrected (None: adding, or it is gone)."""
        case = self.case
        if not self.correcting or case is None:
            return None
        row = next((r for r in getattr(case, self.records_attr) if r.id == self.record_id), None)
        if row is None:
            return None
        return {spec.name: getattr(row, spec.name) for spec in self.field_specs()}

    def make_apply(self, values: dict[str, Any]) -> Change[int]:
        survivor_id, record_id, today = self.survivor_id, self.record_id, self.nav_app.today()
        add, edit = type(self).add_record, type(self).edit_record

        def apply(session: Session) -> int:
            if record_id is None:
                return add(session, survivor_id, values, today)
            return edit(session, record_id, values, today)

        return apply

    def committed(self, result: Any) -> None:
        self.record_id = result
