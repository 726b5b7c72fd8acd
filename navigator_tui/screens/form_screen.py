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
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from sqlmodel import Session, SQLModel
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Checkbox, Header, Input, Select, SelectionList, Static

from navigator_tui.widgets.form_field import FieldError, FieldSpec, FormField
from navigator_tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from navigator_tui.app import NavigatorApp

R = TypeVar("R")

#: Said next to the specification when "Other" is chosen and nothing says what it means.
OTHER_TEXT_MISSING = "Say what 'Other' means here."


def _other_chosen(value: object) -> bool:
    return "other" in value if isinstance(value, list | tuple) else value == "other"


def other_text_errors(
    values: dict[str, Any], pairs: Iterable[tuple[str, str]]
) -> dict[str, str]:
    """For each (choice field, text field): "other" chosen (or ticked, in a list) with the
    text empty is refused next to the text field."""
    errors: dict[str, str] = {}
    for choice, text in pairs:
        if _other_chosen(values.get(choice)) and not values.get(text):
            errors[text] = OTHER_TEXT_MISSING
    return errors


def drop_unused_other_text(values: dict[str, Any], pairs: Iterable[tuple[str, str]]) -> None:
    """Empty each text field whose choice is no longer "other": words nobody sees (they
    can name a person) are not kept."""
    for choice, text in pairs:
        if text in values and not _other_chosen(values.get(choice)):
            values[text] = ""


class FormScreen(Screen[R], Generic[R]):
    """Subclasses give ``form_title``, ``field_specs``, ``initial_values``, ``check`` and
    ``make_apply``; ``other_text`` names each choice field whose "other" needs the text
    field beside it filled (checked with ``check``, see :func:`other_text_errors`)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]
    form_title = "Form"
    AUTO_FOCUS = ".form-field > *"
    #: (choice field, the free-text field that must say what its "other" means).
    other_text: ClassVar[tuple[tuple[str, str], ...]] = ()

    def __init__(self) -> None:
        super().__init__()
        #: Something was typed since the form opened (locking asks first).
        self.is_dirty = False
        self.busy = False
        self._ready = False

    @property
    def nav_app(self) -> NavigatorApp:
        return self.app  # type: ignore[return-value]

    # --- what subclasses provide --------------------------------------------------------

    def field_specs(self) -> Iterable[FieldSpec]:
        return ()

    def initial_values(self) -> dict[str, Any]:
        return {}

    def compose_extra(self) -> ComposeResult:
        """Widgets after the fields (the assessment form's ratings)."""
        return iter(())

    def compose_docked(self) -> ComposeResult:
        """Widgets outside the scrolling fields, always on screen (the level descriptors)."""
        return iter(())

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        """Errors that depend on several fields: field name -> sentence."""
        return {}

    def intake_date(self, values: dict[str, Any]) -> dt.date | None:
        """The survivor's intake date, the earliest day of fields marked ``after_intake``."""
        survivor_id = getattr(self, "survivor_id", None)
        cases = self.nav_app.cases
        case = cases.get(survivor_id) if cases is not None and survivor_id is not None else None
        return case.survivor.intake_date if case is not None else None

    def extra_errors(self) -> list[str]:
        """Errors of widgets that are not FormFields (shown in the status line)."""
        return []

    def make_apply(self, values: dict[str, Any]) -> Callable[[Session], R]:
        raise NotImplementedError

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Read first: a form may name its record in its title ("Update a promise: ...").
        initial = self.initial_values()
        yield Header()
        with VerticalScroll(id="form-body"):
            yield Static(self.form_title, id="form-title")
            discreet = self.nav_app.discreet
            for spec in self.field_specs():
                yield FormField(spec, initial.get(spec.name), masked=discreet and spec.sensitive)
            yield from self.compose_extra()
        yield from self.compose_docked()
        yield Static("", id="form-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.call_after_refresh(self._set_ready)

    def _set_ready(self) -> None:
        self._ready = True
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

    def on_checkbox_changed(self, _event: Checkbox.Changed) -> None:
        self.mark_dirty()

    def on_selection_list_selected_changed(self, _event: SelectionList.SelectedChanged) -> None:
        self.mark_dirty()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a text field moves on to the next field (ctrl+s saves)."""
        event.stop()
        self.focus_next()

    # --- validation and saving --------------------------------------------------------

    def field(self, name: str) -> FormField:
        return self.query_one(f"#field-{name}", FormField)

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        today = self.nav_app.today()
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for form_field in self.query(FormField):
            try:
                values[form_field.spec.name] = form_field.value(today)
            except FieldError as exc:
                errors[form_field.spec.name] = str(exc)
        intake = self.intake_date(values) if "intake_date" not in errors else None
        for form_field in self.query(FormField):
            name = form_field.spec.name
            day = values.get(name)
            if form_field.spec.after_intake and intake and day and day < intake:
                errors[name] = f"This date cannot be before the intake date ({intake})."
        if not errors:
            errors.update(self.check(values))
            errors.update(other_text_errors(values, self.other_text))
            drop_unused_other_text(values, self.other_text)
        # In the form's order, so that the first field to fix gets the focus.
        order = {f.spec.name: i for i, f in enumerate(self.query(FormField))}
        errors = dict(sorted(errors.items(), key=lambda item: order.get(item[0], len(order))))
        return values, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        for form_field in self.query(FormField):
            form_field.set_error(errors.get(form_field.spec.name))

    def action_save(self) -> None:
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
            survivor_id=getattr(self, "survivor_id", None),
        )

    def _saved(self, result: R) -> None:
        self.busy = False
        self.is_dirty = False
        self.dismiss(result)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.set_status(message, error=True)

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
    """A form that adds one record of ``model`` to a survivor's file; dismisses with its id.

    The fields' names are the model's, so the collected values build the row directly.
    A retry after a failed save updates the row the first attempt added.
    """

    model: ClassVar[type[SQLModel]]

    def __init__(self, survivor_id: int) -> None:
        super().__init__()
        self.survivor_id = survivor_id
        self.record_id: int | None = None

    def make_apply(self, values: dict[str, Any]) -> Callable[[Session], int]:
        def apply(session: Session) -> int:
            row = session.get(self.model, self.record_id) if self.record_id else None
            if row is None:
                row = self.model(survivor_id=self.survivor_id, **values)
            else:
                for name, value in values.items():
                    setattr(row, name, value)
            session.add(row)
            session.flush()
            row_id = getattr(row, "id", None)
            assert isinstance(row_id, int)
            self.record_id = row_id
            return row_id

        return apply
