"""Record or change the contact agreement (a new version; earlier versions are kept).

The agreement's phones are edited in place under the fields (``PhoneEditor``):
ctrl+o adds one; each has a label, a number (checked by ``assessments.phones``)
and whether calls, texts and voicemails are safe.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from assessments.wording import day_words
from caseload import categories as cat
from caseload.changes.agreements import record_agreement
from caseload.models import ContactAgreement
from caseload.saving import Change
from caseload.validation.agreements import AGREEMENT, SAFE_DAY
from caseload.validation.records import Context
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.widgets.form_field import FieldSpec
from navigator_tui.widgets.phone_editor import PhoneEditor

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "agreed_on", "Agreed on", "date", required=True, after_intake=True, section="The agreement"
    ),
    FieldSpec("review_on", "Review on", "date", future=True),
    FieldSpec(
        "may_contact",
        "Who may contact them",
        "multi",
        cat.CONTACT_WHO,
        help="The log of a contact by anyone else asks why. None ticked: not said.",
    ),
    FieldSpec(
        "who_may_contact",
        "Who may contact (their words)",
        help="e.g. only DC Ashdown; never through the foster carer.",
    ),
    FieldSpec(
        "channels", "Channels", "multi", cat.CONTACT_CHANNEL, required=True, section="How and when"
    ),
    FieldSpec("channels_other", "Channel (if other)"),
    FieldSpec("safe_days", "Safe days", "multi", SAFE_DAY, help="None ticked: any day."),
    FieldSpec("safe_time_from", "Safe from", "time"),
    FieldSpec("safe_time_to", "Safe until", "time"),
    FieldSpec(
        "update_frequency",
        "Updates",
        "choice",
        cat.UPDATE_FREQUENCY,
        required=True,
        section="Updates",
    ),
    FieldSpec(
        "update_frequency_other",
        "Updates (if other)",
        help=f"In their words; reminded every {cat.OTHER_UPDATE_INTERVAL_DAYS} days.",
    ),
    FieldSpec("detail_level", "Detail", "choice", cat.DETAIL_LEVEL, required=True),
    FieldSpec("detail_level_other", "Detail (if other)"),
    FieldSpec("language", "Language", section="Language and meeting"),
    FieldSpec("interpreter_needed", "Interpreter", "choice", cat.YES_NO_UNKNOWN, required=True),
    FieldSpec("safe_places", "Safe places to meet"),
    FieldSpec("unsafe_places", "Places to avoid"),
    FieldSpec("code_word", "Code word", sensitive=True),
    FieldSpec(
        "things_to_avoid",
        "Must never happen",
        "note",
        help="e.g. no voicemail, no visit in uniform.",
    ),
)


class AgreementFormScreen(FormScreen[int]):
    BINDINGS = [
        Binding("ctrl+o", "add_phone", "Add phone", id="agreement.add_phone", priority=True),
    ]
    form_title = "Contact agreement (saving adds a new version)"
    record_kind = AGREEMENT

    def __init__(self, survivor_id: int) -> None:
        super().__init__()
        self.survivor_id = survivor_id
        self.record_id: int | None = None
        #: The review date of the current version, when it has passed.
        self.review_passed: dt.date | None = None

    def _current(self) -> ContactAgreement | None:
        case = self.case
        return case.agreement if case else None

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        """The current version; a first agreement starts from the language and the
        interpreter recorded in the case facts (a later one from what was agreed, so
        that saving it unchanged adds no version)."""
        current = self._current()
        values: dict[str, Any] = {"agreed_on": self.nav_app.today()}
        if current is None:
            values.update(update_frequency="weekly", detail_level="summary")
            values["interpreter_needed"] = "not_known"
        else:
            for spec in FIELDS[1:]:
                values[spec.name] = getattr(current, spec.name)
            values["channels"] = current.channel_list
            values["safe_days"] = current.safe_day_list
            values["may_contact"] = current.may_contact_list
            if current.review_on is not None and current.review_on < self.nav_app.today():
                # Reviewing it now: the date that passed is not offered again (it would
                # be refused as before the new version), and no new one is made up.
                values["review_on"] = None
                self.review_passed = current.review_on
        case = self.case
        if current is None and case is not None:
            values["language"] = case.survivor.languages
            values["interpreter_needed"] = case.survivor.interpreter_needed
        return values

    def compose_intro(self) -> ComposeResult:
        if self.review_passed is not None:
            yield Static(
                f"The review date {day_words(self.review_passed)} has passed: this saves the "
                "reviewed agreement. Set the next review date below.",
                id="review-passed",
                classes="field-help",
            )

    def compose_extra(self) -> ComposeResult:
        current = self._current()
        yield Static("Phones", classes="section-title")
        yield Static(
            "Tick only what was agreed: an unticked flag is shown as 'do NOT'. "
            "Tab to Remove and press enter to take a phone off.",
            classes="field-help",
        )
        phones = current.phones if current is not None else ()
        yield PhoneEditor(phones, masked=self.nav_app.discreet, id="phones")

    def extra_state(self) -> Any:
        return self.query_one(PhoneEditor).typed()

    def restore_extra(self, state: Any) -> None:
        self.query_one(PhoneEditor).show_typed(state)

    async def action_add_phone(self) -> None:
        await self.query_one(PhoneEditor).add_phone()

    def on_phone_editor_changed(self, _event: PhoneEditor.Changed) -> None:
        self.mark_dirty()

    def check_context(self) -> Context:
        """Checked with the phones as typed: a phone channel needs a phone safe for it."""
        phones = self.query_one(PhoneEditor).phones()
        return Context(self.nav_app.today(), self.intake_date(), {"phones": phones})

    def extra_errors(self) -> list[str]:
        editor = self.query_one(PhoneEditor)
        problems = editor.problems()
        if problems and not self.query("FormField.-invalid"):
            editor.focus_first_problem()
        return problems

    def make_apply(self, values: dict[str, Any]) -> Change[int]:
        phones = self.query_one(PhoneEditor).phones()
        survivor_id, record_id, today = self.survivor_id, self.record_id, self.nav_app.today()
        return lambda session: record_agreement(
            session, survivor_id, values, phones, today, record_id
        )

    def committed(self, result: Any) -> None:
        self.record_id = result
