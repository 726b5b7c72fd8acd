"""Log a contact (or an attempt) with a survivor.  Dismisses with the contact's id."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from caseload import categories as cat
from caseload.models import ContactLog
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
    model = ContactLog
    other_text = (("channel", "channel_other"), ("outcome", "outcome_other"))

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        return {
            "contact_date": self.nav_app.today(),
            "channel": "phone_call",
            "who": "navigator",
            "outcome": "spoke",
        }

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        errors: dict[str, str] = {}
        if values["who"] == "other" and not values["who_other"]:
            errors["who_other"] = "Say who made the contact."
        return errors
