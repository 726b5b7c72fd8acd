"""Add a survivor or edit their case facts.  Dismisses with the survivor's id."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from caseload import categories as cat
from caseload.changes.survivors import save_survivor
from caseload.models import Survivor
from caseload.saving import Change
from caseload.validation.survivors import SURVIVOR
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.widgets.form_field import FieldSpec

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("given_name", "Given name", max_length=100, sensitive=True, section="The person"),
    FieldSpec("family_name", "Family name", max_length=100, sensitive=True),
    FieldSpec(
        "preferred_name",
        "Preferred name",
        help="What they like to be called.",
        max_length=100,
        sensitive=True,
    ),
    FieldSpec("intake_date", "Intake date", "date", required=True),
    FieldSpec(
        "date_of_birth", "Date of birth", "date", help="Leave empty when not known.", sensitive=True
    ),
    FieldSpec("age_band", "Age band", "choice", cat.AGE_BAND, required=True),
    FieldSpec("sex", "Sex", "choice", cat.SEX, required=True),
    FieldSpec("sex_other", "Sex (if other)"),
    FieldSpec("nationality", "Nationality"),
    FieldSpec("nationality_group", "UK / non-UK", "choice", cat.NATIONALITY_GROUP, required=True),
    FieldSpec("languages", "Languages"),
    FieldSpec(
        "interpreter_needed", "Interpreter needed", "choice", cat.YES_NO_UNKNOWN, required=True
    ),
    FieldSpec(
        "exploitation_types",
        "Exploitation types",
        "multi",
        cat.EXPLOITATION_TYPE,
        section="Exploitation",
    ),
    FieldSpec("exploitation_other", "Exploitation (if other)"),
    FieldSpec("county_lines", "County lines", "choice", cat.YES_NO_UNKNOWN, required=True),
    FieldSpec("exploitation_location", "Where", "choice", cat.EXPLOITATION_LOCATION, required=True),
    FieldSpec(
        "referral_route",
        "Referral route",
        "choice",
        cat.REFERRAL_ROUTE,
        required=True,
        section="Referral and police",
    ),
    FieldSpec("referral_route_other", "Referral route (if other)"),
    FieldSpec("referring_agency", "Referred by", "choice", cat.REFERRING_AGENCY, required=True),
    FieldSpec("referring_agency_name", "Referring agency name"),
    FieldSpec("police_force", "Police force"),
    FieldSpec("officer_name", "Officer in the case"),
    FieldSpec("officer_contact", "Officer contact"),
    FieldSpec(
        "nrm_reasonable_grounds",
        "NRM reasonable grounds",
        "choice",
        cat.NRM_DECISION,
        required=True,
        section="National Referral Mechanism",
    ),
    FieldSpec("nrm_reasonable_grounds_date", "Reasonable grounds date", "date"),
    FieldSpec(
        "nrm_conclusive_grounds",
        "NRM conclusive grounds",
        "choice",
        cat.NRM_DECISION,
        required=True,
    ),
    FieldSpec("nrm_conclusive_grounds_date", "Conclusive grounds date", "date"),
    FieldSpec(
        "status", "Case status", "choice", cat.CASE_STATUS, required=True, section="The case"
    ),
    FieldSpec("closed_on", "Closed on", "date", after_intake=True),
    FieldSpec("closure_reason", "Closure reason", "choice", cat.CLOSURE_REASON),
    FieldSpec("closure_reason_other", "Closure reason (if other)"),
    FieldSpec("support_offered", "Offered support", "choice", cat.YES_NO_UNKNOWN, required=True),
    FieldSpec("support_accepted", "Accepted support", "choice", cat.YES_NO_UNKNOWN, required=True),
    FieldSpec(
        "supports_police_action",
        "Supports police action",
        "choice",
        cat.YES_NO_UNKNOWN,
        required=True,
    ),
)


class SurvivorFormScreen(FormScreen[int]):
    """New survivor (no id) or the case facts of an existing one."""

    record_kind = SURVIVOR
    two_columns = True

    def __init__(self, survivor_id: int | None = None) -> None:
        super().__init__()
        self.survivor_id = survivor_id
        #: The row this form wrote (kept so that a retry after a failed save updates it).
        self.record_id = survivor_id
        self.form_title = "New survivor" if survivor_id is None else "Case facts"

    def conditional_fields(self) -> dict[str, Callable[[dict[str, Any]], bool]]:
        """The closure's day and reason only for a closed case (closing is usually done
        with s on the file, which asks for them)."""
        conditions = super().conditional_fields()

        def closed(raw: dict[str, Any]) -> bool:
            return raw.get("status") == "closed"

        conditions["closed_on"] = closed
        conditions["closure_reason"] = closed
        conditions["closure_reason_other"] = lambda raw: (
            closed(raw) and raw.get("closure_reason") == "other"
        )
        return conditions

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        case = self.case
        survivor = (
            case.survivor if case else Survivor(case_ref="", intake_date=self.nav_app.today())
        )
        values = {spec.name: getattr(survivor, spec.name) for spec in FIELDS}
        values["exploitation_types"] = survivor.exploitation_type_list
        return values

    def make_apply(self, values: dict[str, Any]) -> Change[int]:
        record_id, today = self.record_id, self.nav_app.today()
        return lambda session: save_survivor(session, values, today, record_id)

    def committed(self, result: Any) -> None:
        self.record_id = result
