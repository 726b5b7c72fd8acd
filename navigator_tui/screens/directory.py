"""The service directory: the providers the team refers survivors to.

A table of providers (name, services in words, languages, area), narrowed as you type
in the filter by any of them (a kind of service's label or code, a language, an area,
part of a name). n adds a provider, e or enter changes the selected one, x deletes it
(asked first; referrals to it keep its name). Providers hold no survivor data; they are
read from the vault in a worker (the in-memory caseload does not hold them) and every
change goes through :mod:`caseload.changes.providers` in the app's save worker.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from caseload import categories as cat
from caseload.changes.providers import delete_provider
from caseload.queries import load_providers
from caseload.saving import SaveFailed, Session, read
from caseload.vault import Vault
from navigator_tui.screens.nav_screen import NavScreen
from navigator_tui.screens.provider_form import DirectoryEntry, ProviderFormScreen
from navigator_tui.widgets.app_header import AppHeader
from navigator_tui.widgets.key_bar import KeyBar

COLUMNS = ("Name", "Services", "Languages", "Area")


def search_text(entry: DirectoryEntry) -> str:
    """What the filter looks in: name, services (labels and codes), languages, area."""
    kinds = [cat.REFERRAL_SERVICE.label(code) for code in entry.service_kinds]
    return " | ".join((entry.name, *kinds, *entry.service_kinds, *entry.languages, entry.area)
                      ).casefold()


def filter_entries(entries: list[DirectoryEntry], text: str) -> list[DirectoryEntry]:
    """The entries holding every word typed (any letter case)."""
    words = text.casefold().split()
    return [e for e in entries if all(word in search_text(e) for word in words)]


class DirectoryScreen(NavScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="directory.back"),
        Binding("n", "new", "New provider", id="directory.new"),
        Binding("e", "edit", "Edit", id="directory.edit"),
        Binding("x", "delete", "Delete", id="directory.delete"),
        Binding("slash", "focus_filter", "Filter", id="directory.filter"),
        Binding("down", "focus_table", "Table", id="directory.to_table", show=False),
    ]
    AUTO_FOCUS = "#directory-table"
    DEFAULT_CSS = """
    #directory-filter { margin: 0 1; }
    #directory-table { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        #: Every provider, by name (None: not read yet).
        self.entries: list[DirectoryEntry] | None = None
        self.shown: list[DirectoryEntry] = []
        self.busy = False
        #: The provider to select once the directory is read again (one just saved).
        self.select_next: int | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("Service directory: reading it...", id="directory-intro",
                     classes="file-facts")
        yield Input(placeholder="Type to filter: name, service, language, area",
                    id="directory-filter")
        yield DataTable(id="directory-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#directory-table", DataTable)
        for label in COLUMNS:
            table.add_column(label, key=label.lower())
        self.refresh_data()

    # --- data ------------------------------------------------------------------------

    def refresh_data(self) -> None:
        vault = self.nav_app.vault
        if vault is not None:
            self._read(vault)

    @work(thread=True, exclusive=True, group="directory", exit_on_error=False)
    def _read(self, vault: Vault) -> None:
        try:
            entries = [DirectoryEntry.of(p) for p in read(vault, load_providers)]
        except Exception:  # noqa: BLE001 - one sentence, never a traceback
            self.app.call_from_thread(
                self._show_problem, "The service directory could not be read from the vault."
            )
            return
        self.app.call_from_thread(self._show, entries)

    def _show_problem(self, message: str) -> None:
        if self.is_attached:
            self.query_one("#directory-intro", Static).update(message)

    def _show(self, entries: list[DirectoryEntry]) -> None:
        if not self.is_attached:
            return
        self.entries = entries
        self.apply_filter()

    def apply_filter(self) -> None:
        entries = self.entries
        if entries is None:
            return
        table = self.query_one("#directory-table", DataTable)
        chosen = self.selected_entry(quiet=True)
        selected_id = chosen.id if chosen is not None else None
        if self.select_next is not None and any(e.id == self.select_next for e in entries):
            selected_id, self.select_next = self.select_next, None
        text = self.query_one("#directory-filter", Input).value
        self.shown = filter_entries(entries, text)
        table.clear()
        for entry in self.shown:
            table.add_row(entry.name, entry.service_words, ", ".join(entry.languages),
                          entry.area, key=str(entry.id))
        ids = [entry.id for entry in self.shown]
        if selected_id in ids:
            table.move_cursor(row=ids.index(selected_id))
        intro = f"Service directory: {len(entries)} provider{'s' if len(entries) != 1 else ''}"
        if text.strip():
            intro += f", {len(self.shown)} shown"
        intro += ". n adds one; e or enter changes the selected one; x deletes it."
        self.query_one("#directory-intro", Static).update(intro)

    def selected_entry(self, quiet: bool = False) -> DirectoryEntry | None:
        table = self.query_one("#directory-table", DataTable)
        if table.row_count == 0 or not self.shown:
            if not quiet:
                self.notify("No provider selected.", timeout=3)
            return None
        row = table.cursor_row
        return self.shown[row] if 0 <= row < len(self.shown) else None

    # --- events ----------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "directory-filter":
            self.apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "directory-filter":
            self.apply_filter()
            self.action_focus_table()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    # --- actions ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "edit", "delete") and isinstance(self.focused, Input):
            return None  # shown dimmed: the filter field takes the letters
        if action == "focus_table" and not isinstance(self.focused, Input):
            return False
        return True

    def action_back(self) -> None:
        self.dismiss(None)

    def action_focus_filter(self) -> None:
        self.query_one("#directory-filter", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#directory-table", DataTable).focus()

    def action_new(self) -> None:
        if self.entries is not None:
            taken = [e.name for e in self.entries]
            self.app.push_screen(ProviderFormScreen(None, taken), self._form_closed)

    def action_edit(self) -> None:
        entry = self.selected_entry()
        if entry is not None:
            taken = [e.name for e in self.entries or () if e.id != entry.id]
            self.app.push_screen(ProviderFormScreen(entry, taken), self._form_closed)

    def _form_closed(self, provider_id: int | None) -> None:
        if provider_id is not None:
            self.notify("Saved to the service directory.", timeout=3)
            self.select_next = provider_id
            self.refresh_data()

    def action_delete(self) -> None:
        from navigator_tui.screens.confirm import ConfirmScreen

        entry = self.selected_entry()
        if entry is None or self.busy:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete(entry)

        self.app.push_screen(
            ConfirmScreen(
                f"Delete {entry.name} from the service directory? Referrals to it keep "
                "its name.",
                yes="Delete",
                no="Keep",
            ),
            answered,
        )

    def _delete(self, entry: DirectoryEntry) -> None:
        provider_id = entry.id

        def apply(session: Session) -> None:
            delete_provider(session, provider_id)

        self.busy = True
        self.nav_app.save_changes(apply, self._deleted, self._delete_failed)

    def _deleted(self, _result: None) -> None:
        self.busy = False
        self.notify("Deleted from the service directory.", timeout=3)
        self.refresh_data()

    def _delete_failed(self, failure: SaveFailed) -> None:
        self.busy = False
        self.notify(failure.message, severity="error", timeout=8)
        self.refresh_data()
