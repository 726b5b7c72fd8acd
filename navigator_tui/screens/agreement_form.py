"""Record or change the contact agreement (a new version; earlier versions are kept).

The agreement's phones are edited in place under the fields (``PhoneEditor``):
ctrl+o adds one; each has a label, a number (checked by ``assessments.phones``)
and whether calls, texts and voicemails are safe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlmodel import Session
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from caseload import categories as cat
from caseload.models import ContactAgreement
from caseload.record_history import save_agreement_version
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.widgets.form_field import FieldSpec
from navigator_tui.widgets.phone_editor import PhoneEditor

DAY_OPTIONS = tuple((day.capitalize(), day) for day in cat.WEEKDAYS)

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("agreed_on", "Agreed on", "date", required=True, after_intake=True),
    FieldSpec("review_on", "Review on", "date", future=True),
    FieldSpec("who_may_contact", "Who may contact them"),
    FieldSpec("channels", "Channels", "multi", cat.CONTACT_CHANNEL, required=True),
    FieldSpec("channels_other", "Channel (if other)"),
    FieldSpec("safe_days", "Safe days", "multi", options=DAY_OPTIONS, help="None ticked: any day."),
    FieldSpec("safe_time_from", "Safe from", "time"),
    FieldSpec("safe_time_to", "Safe until", "time"),
    FieldSpec("update_frequency", "Updates", "choice", cat.UPDATE_FREQUENCY, required=True),
    FieldSpec(
        "update_frequency_other",
        "Updates (if other)",
        help=f"In their words; reminded every {cat.OTHER_UPDATE_INTERVAL_DAYS} days.",
    ),
    FieldSpec("detail_level", "Detail", "choice", cat.DETAIL_LEVEL, required=True),
    FieldSpec("detail_level_other", "Detail (if other)"),
    FieldSpec("language", "Language"),
    FieldSpec("interpreter_needed", "Interpreter", "choice", cat.YES_NO_UNKNOWN, required=True),
    FieldSpec("safe_places", "Safe places to meet"),
    FieldSpec("unsafe_places", "Places to avoid"),
    FieldSpec("code_word", "Code word", sensitive=True),
    FieldSpec(
        "things_to_avoid", "Must never happen", help="e.g. no voicemail, no visit in uniform."
    ),
)
LIST_FIELDS = ("channels", "safe_days")
OTHER_TEXT = (
    ("channels", "channels_other"),
    ("update_frequency", "update_frequency_other"),
    ("detail_level", "detail_level_other"),
)


class AgreementFormScreen(FormScreen[int]):
    BINDINGS = [
        Binding("ctrl+o", "add_phone", "Add phone", id="agreement.add_phone", priority=True),
    ]
    form_title = "Contact agreement (saving adds a new version)"
    other_text = OTHER_TEXT

    def __init__(self, survivor_id: int) -> None:
        super().__init__()
        self.survivor_id = survivor_id
        self.record_id: int | None = None

    def _current(self) -> ContactAgreement | None:
        cases = self.nav_app.cases
        case = cases.get(self.survivor_id) if cases else None
        return case.agreement if case else None

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        current = self._current()
        values: dict[str, Any] = {"agreed_on": self.nav_app.today()}
        if current is None:
            values.update(update_frequency="weekly", detail_level="summary")
            values["interpreter_needed"] = "not_known"
            return values
        for spec in FIELDS[1:]:
            values[spec.name] = getattr(current, spec.name)
        values["channels"] = current.channel_list
        values["safe_days"] = current.safe_day_list
        return values

    def compose_extra(self) -> ComposeResult:
        current = self._current()
        yield Static("Phones", classes="section-title")
        yield Static(
            "Tick only what was agreed: an unticked flag is shown as 'do NOT'. "
            "Tab to Remove and press enter to take a phone off.",
            classes="field-help",
        )
        yield PhoneEditor(current.phones if current is not None else (), id="phones")

    async def action_add_phone(self) -> None:
        await self.query_one(PhoneEditor).add_phone()

    def on_phone_editor_changed(self, _event: PhoneEditor.Changed) -> None:
        self.mark_dirty()

    def extra_errors(self) -> list[str]:
        editor = self.query_one(PhoneEditor)
        problems = editor.problems()
        if problems and not self.query("FormField.-invalid"):
            editor.focus_first_problem()
        return problems

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        start, end = values["safe_time_from"], values["safe_time_to"]
        if (start is None) != (end is None):
            errors["safe_time_to" if end is None else "safe_time_from"] = (
                "Give both times of the safe window, or neither."
            )
        elif start is not None and end is not None and end <= start:
            errors["safe_time_to"] = "The window must end after it starts."
        if values["review_on"] and values["review_on"] < values["agreed_on"]:
            errors["review_on"] = "The review date cannot be before the agreement."
        return errors

    def make_apply(self, values: dict[str, Any]) -> Callable[[Session], int]:
        fields = dict(values)
        for name in LIST_FIELDS:
            fields[name] = ";".join(fields[name])
        fields["phones"] = self.query_one(PhoneEditor).phones()

        def apply(session: Session) -> int:
            row = session.get(ContactAgreement, self.record_id) if self.record_id else None
            if row is None:
                row = save_agreement_version(session, self.survivor_id, fields)
            else:
                for name, value in fields.items():
                    setattr(row, name, value)
                session.add(row)
            session.flush()
            assert row.id is not None
            self.record_id = row.id
            return row.id

        return apply
