"""Log a contact (or an attempt) with a survivor.  Dismisses with the contact's id.

The contact agreement is at the top of the form, in a few lines, because it is what
must be checked before the call: the agreed channels, each phone's call / text /
voicemail rules, the safe days and times, who may make contact and what to avoid.
The form starts from it (the first agreed channel, a phone safe for it) and checks the
entry against the agreement in force on the contact's day as it is typed
(:mod:`caseload.validation.contact_agreement`): a breach is said beside its field and
the contact is saved only with a reason.  With no agreement nothing is preselected:
no channel is assumed safe.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Select, Static

from assessments.phones import flag_words
from caseload import categories as cat
from caseload.case import CaseRecord
from caseload.changes.contacts import edit_contact, log_contact
from caseload.validation.contact_agreement import PHONE_CHANNELS
from caseload.validation.contacts import CONTACT, agreement_breaches
from caseload.validation.records import Context
from navigator_tui.discreet import one_line, private
from navigator_tui.screens.form_screen import SurvivorRecordForm
from navigator_tui.widgets.form_field import FieldSpec

PHONE_HELP = "For a call or a text: which of the agreement's phones."
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("contact_date", "Date", "date", required=True, after_intake=True),
    FieldSpec("contact_time", "Time", "time", help="Optional, 24-hour clock."),
    FieldSpec("channel", "Channel", "choice", cat.CONTACT_CHANNEL, required=True),
    FieldSpec("channel_other", "Channel (if other)"),
    FieldSpec("phone", "Phone used", max_length=40, help=PHONE_HELP),
    FieldSpec("who", "Who made contact", "choice", cat.CONTACT_WHO, required=True),
    FieldSpec("who_other", "Who (if other)"),
    FieldSpec(
        "outcome",
        "Outcome",
        "choice",
        cat.CONTACT_OUTCOME,
        required=True,
        help="Only 'Spoke' resets the update clock.",
    ),
    FieldSpec("outcome_other", "Outcome (if other)"),
    FieldSpec("update_given", "An update on the case was given", "flag"),
    FieldSpec("safety_concern", "A safety concern was raised", "flag"),
    FieldSpec("summary", "Summary", "note", max_length=2000),
    FieldSpec(
        "outside_agreement_reason",
        "Why outside the agreement",
        max_length=500,
        help="Only when the contact goes against the agreement (said beside the field).",
    ),
)
#: Fields whose values the agreement is checked against as they change.
CHECKED = ("contact_date", "contact_time", "channel", "phone", "who", "outcome")


def phones_category(phones: list[dict[str, Any]], discreet: bool) -> cat.Category:
    """The agreement's phones as choices (the stored value is the number)."""
    choices = []
    for phone in phones:
        number = str(phone.get("number", ""))
        label = private(str(phone.get("label") or "Phone"), discreet) or "Phone"
        shown = f"{label} {private(number, discreet)}".strip()
        choices.append(cat.Choice(number, shown))
    return cat.Category("agreed_phone", "The agreement's phones.", tuple(choices))


def agreement_lines(case: CaseRecord | None, discreet: bool) -> Text:
    """The current agreement in a few lines, what is not safe standing out."""
    text = Text()
    agreement = case.agreement if case is not None else None
    if agreement is None:
        text.append(
            "No contact agreement yet: nothing is known to be safe. Agree how and when "
            "to make contact (g on the file) before calling.",
            style="bold dark_orange",
        )
        return text
    channels = ", ".join(cat.CONTACT_CHANNEL.label(c) for c in agreement.channel_list)
    text.append("Agreed  ", style="bold")
    text.append(f"{channels or 'no channel recorded'}\n")
    for phone in agreement.phones:
        label = private(str(phone.get("label") or "Phone"), discreet) or "Phone"
        text.append(f"  {label} {private(str(phone.get('number', '')), discreet)}: ")
        for index, (words, safe) in enumerate(flag_words(phone)):
            text.append(" · " if index else "")
            text.append(words, style="green" if safe else "bold reverse red")
        text.append("\n")
    days = ", ".join(d.capitalize() for d in agreement.safe_day_list) or "any day"
    start, end = agreement.safe_time_from, agreement.safe_time_to
    times = f"{start:%H:%M}" if start else "00:00"
    times = f"{times}-{end:%H:%M}" if end else (f"{times}-midnight" if start else "any time")
    text.append("Safe    ", style="bold")
    text.append(f"{days}; {times}\n")
    who = ", ".join(cat.CONTACT_WHO.label(w) for w in agreement.may_contact_list)
    words = private(agreement.who_may_contact, discreet)
    who = f"{who}: {words}" if who and words else (who or words)
    never = private(one_line(agreement.things_to_avoid), discreet)
    for label, value in (("Who     ", who), ("Never   ", never)):
        if value:
            text.append(label, style="bold")
            text.append(f"{value}\n")
    language = private(agreement.language, discreet)
    interpreter = cat.YES_NO_UNKNOWN.label(agreement.interpreter_needed).lower()
    text.append("Language", style="bold")
    text.append(f" {language or '-'}; interpreter: {interpreter}")
    return text


class ContactFormScreen(SurvivorRecordForm):
    form_title = "Log a contact"
    record_kind = CONTACT
    add_record = staticmethod(log_contact)
    edit_record = staticmethod(edit_contact)
    records_attr = "contacts"
    correction_kind = "contact"
    correction_title = "Correct a contact (the old values are kept in its history)"

    def __init__(self, survivor_id: int, record_id: int | None = None) -> None:
        super().__init__(survivor_id, record_id)
        #: Fields showing a breach said while typing (cleared once it is gone).
        self._breaches_shown: set[str] = set()

    def field_specs(self) -> Iterable[FieldSpec]:
        case = self.case
        phones = case.agreement.phones if case is not None and case.agreement else []
        for spec in FIELDS:
            if spec.name == "phone" and phones:
                category = phones_category(phones, self.nav_app.discreet)
                yield FieldSpec("phone", spec.label, "choice", category, help=PHONE_HELP)
            else:
                yield spec

    def compose_intro(self) -> ComposeResult:
        yield Static(
            agreement_lines(self.case, self.nav_app.discreet),
            id="contact-agreement",
            classes="field-help",
        )

    def initial_values(self) -> dict[str, Any]:
        saved = self.saved_values()
        if saved is not None:
            return saved
        values: dict[str, Any] = {
            "contact_date": self.nav_app.today(),
            "who": "navigator",
            "outcome": "spoke",
        }
        case = self.case
        agreement = case.agreement if case is not None else None
        if agreement is not None and agreement.channel_list:
            channel = agreement.channel_list[0]
            values["channel"] = channel
            flag = PHONE_CHANNELS.get(channel)
            safe = [p for p in agreement.phones if flag and p.get(flag) is True]
            if safe:
                values["phone"] = str(safe[0].get("number", ""))
        return values

    def check_context(self) -> Context:
        case = self.case
        history = case.agreement_history if case is not None else []
        return Context(self.nav_app.today(), self.intake_date(), {"agreements": history})

    def _changed(self, name: str) -> None:
        """Say at once what goes against the agreement (the reason is asked on saving)."""
        if name not in CHECKED or not self._ready:
            return
        values, _errors = self.collect()
        found = agreement_breaches(values, self.check_context())
        for field_name in CHECKED:
            if field_name in found:
                self.field(field_name).set_error(found[field_name])
                self._breaches_shown.add(field_name)
            elif field_name in self._breaches_shown:  # other errors stay until saving
                self.field(field_name).set_error(None)
                self._breaches_shown.discard(field_name)

    # Textual runs the base class's handlers too (marking the form as typed in).
    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed((event.select.id or "").removeprefix("input-"))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed((event.input.id or "").removeprefix("input-"))
