"""Add or change a provider of the service directory (no survivor data).

The fields and their checks are the core's (:data:`caseload.validation.providers.PROVIDER`),
the same the directory import uses; the change goes through
:mod:`caseload.changes.providers` in the app's save worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from caseload import categories as cat
from caseload.changes.providers import DUPLICATE_NAME, add_provider, edit_provider
from caseload.directory import split_list
from caseload.saving import Change, Session
from caseload.validation.providers import NAME_MAX, NOTE_MAX, PROVIDER
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.widgets.form_field import FieldSpec

if TYPE_CHECKING:
    from caseload.models import Provider

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "Name", required=True, max_length=NAME_MAX,
              help="Unique in the directory."),
    FieldSpec("service_kinds", "Services", "multi", cat.REFERRAL_SERVICE, required=True),
    FieldSpec("service_other", "Service (if other)", max_length=200),
    FieldSpec("languages", "Languages", placeholder="Albanian; Romanian",
              help="The languages its staff speak, separated by ';'."),
    FieldSpec("area", "Area", placeholder="A town, a county, national"),
    FieldSpec("how_to_refer", "How to refer", "note", max_length=NOTE_MAX),
    FieldSpec("contact", "Contact", help="The service's phone or email (not a survivor's)."),
    FieldSpec("notes", "Notes", "note", max_length=NOTE_MAX),
)


@dataclass(frozen=True)
class DirectoryEntry:
    """A provider as the app shows it (read from the vault; no database object)."""

    id: int
    name: str
    service_kinds: tuple[str, ...]
    service_other: str
    languages: tuple[str, ...]
    area: str
    how_to_refer: str
    contact: str
    notes: str

    @classmethod
    def of(cls, provider: Provider) -> DirectoryEntry:
        assert provider.id is not None
        return cls(
            provider.id, provider.name, tuple(split_list(provider.service_kinds)),
            provider.service_other or "", tuple(split_list(provider.languages)),
            provider.area or "", provider.how_to_refer or "", provider.contact or "",
            provider.notes or "",
        )

    @property
    def service_words(self) -> str:
        return ", ".join(cat.REFERRAL_SERVICE.label(code) for code in self.service_kinds)


class ProviderFormScreen(FormScreen[int]):
    """Dismisses with the provider's id once saved (None: cancelled)."""

    record_kind = PROVIDER

    def __init__(
        self, entry: DirectoryEntry | None = None, taken: Iterable[str] = ()
    ) -> None:
        """``taken``: the other providers' names, refused beside the name field (the
        core refuses them too, in any letter case)."""
        super().__init__()
        self.entry = entry
        self.taken = frozenset(name.casefold() for name in taken)
        self.provider_id: int | None = entry.id if entry is not None else None
        self.form_title = (
            "Add a provider to the service directory" if entry is None
            else "Change a provider of the service directory"
        )

    def field_specs(self) -> Iterable[FieldSpec]:
        return FIELDS

    def initial_values(self) -> dict[str, Any]:
        entry = self.entry
        if entry is None:
            return {}
        return {
            "name": entry.name,
            "service_kinds": list(entry.service_kinds),
            "service_other": entry.service_other,
            "languages": "; ".join(entry.languages),
            "area": entry.area,
            "how_to_refer": entry.how_to_refer,
            "contact": entry.contact,
            "notes": entry.notes,
        }

    def collect(self) -> tuple[dict[str, Any], dict[str, str]]:
        values, errors = super().collect()
        name = str(values.get("name") or "").casefold()
        if name and name in self.taken and "name" not in errors:
            errors = {"name": DUPLICATE_NAME, **errors}
        return values, errors

    def make_apply(self, values: dict[str, Any]) -> Change[int]:
        provider_id, today = self.provider_id, self.nav_app.today()

        def apply(session: Session) -> int:
            if provider_id is None:
                return add_provider(session, values, today)
            return edit_provider(session, provider_id, values, today)

        return apply

    def committed(self, result: Any) -> None:
        """A failed save had added the provider: a retry changes it, never adds another."""
        self.provider_id = result
