"""Add a referral to a service, or move one on (referred, accepted, started, ended).

Below the fields, the directory's providers of the chosen kind of service, those
speaking one of the survivor's languages first; a provider typed as the directory
spells it is linked to that entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual import on, work
from textual.widgets import Select, Static

from caseload import categories as cat
from caseload.changes.referrals import add_referral, edit_referral
from caseload.directory import matching_providers, split_list
from caseload.models import Provider
from caseload.queries import load_providers
from caseload.saving import read
from caseload.validation.referrals import RECOVERY_DOMAIN, REFERRAL
from caseload.vault import Vault
from navigator_tui.screens.form_screen import SurvivorRecordForm
from navigator_tui.widgets.form_field import FieldSpec

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("service_kind", "Service", "choice", cat.REFERRAL_SERVICE, required=True),
    FieldSpec("service_other", "Service (if other)", max_length=200),
    FieldSpec("provider_name", "Provider", max_length=200,
              help="Type a name from the list below to link the directory's entry."),
    FieldSpec("domains", "Recovery domains it serves", "multi", RECOVERY_DOMAIN),
    FieldSpec("status", "Status", "choice", cat.REFERRAL_STATUS, required=True),
    FieldSpec("referred_on", "Referred on", "date", after_intake=True),
    FieldSpec("accepted_on", "Accepted on", "date", after_intake=True),
    FieldSpec("started_on", "Started on", "date", after_intake=True),
    FieldSpec("ended_on", "Ended or settled on", "date", after_intake=True),
    FieldSpec("follow_up_on", "Follow up on", "date", future=True, after_intake=True,
              help="When to chase or check: the worklist says so on the day."),
    FieldSpec("note", "Note", "note", max_length=2000),
)

#: How many providers the form suggests.
SUGGESTED = 5


class ReferralFormScreen(SurvivorRecordForm):
    form_title = "Add a referral"
    record_kind = REFERRAL
    add_record = staticmethod(add_referral)
    edit_record = staticmethod(edit_referral)
    records_attr = "referrals"
    correction_kind = "referral"
    correction_title = "Move on or correct a referral (each change is kept in its history)"

    def __init__(self, survivor_id: int, record_id: int | None = None) -> None:
        super().__init__(survivor_id, record_id)
        self.directory: list[Provider] = []

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        return self.saved_values() or {"status": "referred", "referred_on": self.nav_app.today()}

    def on_mount(self) -> None:
        # Right under the provider's field, where the navigator types the name.
        field = self.query_one("#field-provider_name")
        if field.parent is not None:
            field.parent.mount(Static("", id="referral-providers", classes="file-facts"),
                               after=field)
        vault = self.nav_app.vault
        if vault is not None:
            self._directory_worker(vault)

    @work(thread=True, exclusive=True, group="directory", exit_on_error=False)
    def _directory_worker(self, vault: Vault) -> None:
        try:
            found = read(vault, load_providers)
        except Exception:  # noqa: BLE001 - the form works without suggestions
            found = []
        self.app.call_from_thread(self._directory_loaded, found)

    def _directory_loaded(self, providers: list[Provider]) -> None:
        self.directory = providers
        self._suggest()

    @on(Select.Changed, "#input-service_kind")
    def _kind_changed(self) -> None:
        self._suggest()

    def _suggest(self) -> None:
        found_here = self.query("#referral-providers")
        if not self.is_attached or not found_here:
            return
        shown = found_here.first(Static)
        kind = self.query_one("#input-service_kind", Select).value
        if not self.directory:
            shown.update("The service directory is empty (ctrl+p: Service directory).")
            return
        if not isinstance(kind, str):
            shown.update("Choose the service to see the directory's providers of it.")
            return
        case = self.case
        languages = split_list(case.survivor.languages) if case is not None else []
        found = matching_providers(self.directory, kind, languages)[:SUGGESTED]
        label = cat.REFERRAL_SERVICE.label(kind)
        if not found:
            shown.update(f"The directory has no provider of {label.lower()} yet.")
            return
        lines = [f"From the directory, for {label.lower()}"
                 + (" (their languages first):" if languages else ":")]
        for p in found:
            where = f" · {p.area}" if p.area else ""
            lines.append(f"  {p.name} · {p.languages or 'languages not recorded'}{where}")
        shown.update("\n".join(lines))
