"""Log a contact (or an attempt) with a survivor.  Dismisses with the contact's id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from caseload import categories as cat
from caseload.changes.contacts import edit_contact, log_contact
from caseload.validation.contacts import CONTACT
from navigator_tui.screens.form_screen import SurvivorRecordForm
from navigator_tui.widgets.form_field import FieldSpec

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("contact_date", "Date", "date", required=True, after_intake=True),
    FieldSpec("contact_time", "Time", "time", help="Optional, 24-hour clock."),
    FieldSpec("channel", "Channel", "choice", cat.CONTACT_CHANNEL, required=True),
    FieldSpec("channel_other", "Channel (if other)"),
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
    FieldSpec("summary", "Summary", max_length=2000),
)


class ContactFormScreen(SurvivorRecordForm):
    form_title = "Log a contact"
    record_kind = CONTACT
    add_record = staticmethod(log_contact)
    edit_record = staticmethod(edit_contact)

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        return {
            "contact_date": self.nav_app.today(),
            "channel": "phone_call",
            "who": "navigator",
            "outcome": "spoke",
        }
