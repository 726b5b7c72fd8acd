"""The corrections made so far to one contact, promise or milestone, under its form.

Read from the vault in a worker (the in-memory caseload does not hold them), shown as
"when  field: old -> new".  In discreet mode only which fields changed, never a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual import work
from textual.widgets import Static

from caseload.corrections import corrections_of
from caseload.saving import read
from caseload.vault import Vault
from navigator_tui.amendment_words import load_value, short_text, when_words


def _value(text: str) -> str:
    """A stored value in words: yes / no for a tick, else as an amendment shows it."""
    value = load_value(text)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return short_text(value)


class CorrectionHistory(Static):
    """The record's corrections, oldest first."""

    def __init__(self, kind: str, record_id: int, labels: Mapping[str, str], discreet: bool):
        super().__init__("Reading the corrections...", classes="field-help")
        self.kind, self.record_id = kind, record_id
        self.labels, self.discreet = dict(labels), discreet

    def load(self, vault: Vault) -> None:
        self._read(vault)

    @work(thread=True, exclusive=True, group="correction-history", exit_on_error=False)
    def _read(self, vault: Vault) -> None:
        kind, record_id = self.kind, self.record_id
        try:
            rows = read(vault, lambda session: corrections_of(session, kind, record_id))
            entries = [(c.changed_at, c.field, c.old_value, c.new_value) for c in rows]
        except Exception:  # noqa: BLE001 - one sentence, never a traceback
            self.app.call_from_thread(self.update, "The corrections could not be read.")
            return
        self.app.call_from_thread(self._show, entries)

    def _show(self, entries: list[tuple[Any, str, str, str]]) -> None:
        if not entries:
            self.update("None yet: this is as it was first saved.")
            return
        text = Text()
        for changed_at, field, old, new in entries:
            text.append(f"{when_words(changed_at)}  ", style="bold")
            label = self.labels.get(field, field)
            if self.discreet:
                text.append(f"{label} changed\n")
            else:
                text.append(f"{label}: {_value(old)} -> {_value(new)}\n")
        self.update(text)
