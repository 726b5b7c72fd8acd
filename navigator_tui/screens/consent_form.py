"""Record a survivor's answer about a consent: given, declined, withdrawn or not asked.

A changed answer is recorded as a new one, so the history stays (the file's Consent tab
lists every answer, the Overview the latest of each).  Opened on an earlier answer the
form starts from it, ready to say what changed (withdrawn, for example).  Dismisses
with the new consent's id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from caseload import categories as cat
from caseload.changes.consents import edit_consent, record_consent
from caseload.validation.consents import CONSENT
from navigator_tui.screens.form_screen import SurvivorRecordForm
from navigator_tui.widgets.form_field import FieldSpec

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "Consent to", "choice", cat.CONSENT_KIND, required=True),
    FieldSpec("kind_other", "Consent to (if other)"),
    FieldSpec(
        "agency_name",
        "Agency",
        help="For sharing with a named agency: which one.",
    ),
    FieldSpec("status", "Answer", "choice", cat.CONSENT_STATUS, required=True),
    FieldSpec("recorded_on", "Answered on", "date", after_intake=True),
    FieldSpec("method", "How given", "choice", cat.CONSENT_METHOD),
    FieldSpec("method_other", "How given (if other)"),
    FieldSpec("withdrawn_on", "Withdrawn on", "date", after_intake=True),
    FieldSpec("note", "Note", max_length=1000),
)


class ConsentFormScreen(SurvivorRecordForm):
    form_title = "Record a consent"
    record_kind = CONSENT
    add_record = staticmethod(record_consent)
    edit_record = staticmethod(edit_consent)

    def __init__(self, survivor_id: int, based_on: int | None = None) -> None:
        super().__init__(survivor_id)
        #: The earlier answer this one changes (its values start the form).
        self.based_on = based_on

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        today = self.nav_app.today()
        case = self.case
        earlier = None
        if case is not None and self.based_on is not None:
            earlier = next((c for c in case.consents if c.id == self.based_on), None)
        if earlier is None:
            return {"status": "given", "recorded_on": today}
        self.form_title = "Record a changed answer (the earlier one stays in the history)"
        values = {spec.name: getattr(earlier, spec.name) for spec in FIELDS}
        if earlier.status == "given":
            values.update(status="withdrawn", withdrawn_on=today)
        else:
            values["recorded_on"] = today
        return values
