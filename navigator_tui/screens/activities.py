"""The work beyond the caseload: strategic advice, days of action and training delivered.

A table of every activity, newest first (``f`` shows one kind at a time), under the
totals of the last 12 months. ``n`` records one, ``e`` or enter corrects the selected
one, ``x`` deletes it (asked first). The activities are read from the vault in a
worker (they are not part of the caseload) and again after each change. These totals
are the true numbers, for the navigator; the funder figures weigh each activity by its
record key (:mod:`exports.record_weights`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from assessments.wording import day_words
from caseload import categories as cat
from caseload.changes.activities import delete_activity
from caseload.queries import load_activities
from caseload.records import ActivityRow
from caseload.saving import read
from caseload.vault import Vault
from navigator_tui.screens.nav_screen import NavScreen
from navigator_tui.widgets.app_header import AppHeader
from navigator_tui.widgets.key_bar import KeyBar

TITLE = "The work beyond the caseload"

KIND_WORDS = {
    "strategic_advice": "Strategic advice",
    "day_of_action": "Day of action",
    "training": "Training",
}
#: The filter's steps: every kind, then each kind alone.
FILTERS: tuple[str | None, ...] = (None, *cat.ACTIVITY_KIND.codes)


@dataclass(frozen=True)
class Totals:
    """The last 12 months' work, true counts."""

    sessions: int = 0
    people_trained: int = 0
    days_of_action: int = 0
    potential_victims: int = 0
    advice: int = 0

    def sentence(self) -> str:
        def n(count: int, one: str, many: str) -> str:
            return f"{count} {one if count == 1 else many}"

        return (
            "Last 12 months: "
            f"{n(self.sessions, 'training session', 'training sessions')}, "
            f"{n(self.people_trained, 'person trained', 'people trained')}, "
            f"{n(self.days_of_action, 'day of action', 'days of action')}, "
            f"{n(self.potential_victims, 'potential victim', 'potential victims')} identified, "
            f"{n(self.advice, 'piece of strategic advice', 'pieces of strategic advice')}."
        )


def year_before(today: dt.date) -> dt.date:
    """The day a year before ``today`` (28 February for 29 February)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def totals(activities: Sequence[ActivityRow], today: dt.date) -> Totals:
    """The activities dated in the 12 months up to ``today`` (after the same day a year
    before), added up."""
    since = year_before(today)
    recent = [a for a in activities if since < a.date <= today]
    training = [a for a in recent if a.kind == "training"]
    days = [a for a in recent if a.kind == "day_of_action"]
    return Totals(
        sessions=len(training),
        people_trained=sum(a.attendees or 0 for a in training),
        days_of_action=len(days),
        potential_victims=sum(a.potential_victims_identified or 0 for a in days),
        advice=sum(1 for a in recent if a.kind == "strategic_advice"),
    )


def _label(category: cat.Category, code: str, other: str) -> str:
    if not code:
        return ""
    if code == "other":
        return other or "Other"
    return category.label(code)


def what(a: ActivityRow) -> str:
    """What the activity was: the reference, the site or the audience."""
    if a.kind == "strategic_advice":
        theme = _label(cat.ADVICE_THEME, a.theme, a.theme_other)
        return " - ".join(p for p in (a.reference, theme) if p)
    if a.kind == "day_of_action":
        return _label(cat.SITE_KIND, a.site_kind, a.site_other)
    return " - ".join(p for p in (a.audience, a.organisation) if p)


def numbers(a: ActivityRow) -> str:
    """The activity's numbers in words."""
    if a.kind == "day_of_action":
        parts = [f"{a.people_encountered} met" if a.people_encountered is not None else "",
                 f"{a.potential_victims_identified} identified"
                 if a.potential_victims_identified is not None else "",
                 f"{a.referred} referred" if a.referred is not None else ""]
        return ", ".join(p for p in parts if p)
    if a.kind == "training":
        parts = [f"{a.attendees} attended" if a.attendees is not None else "",
                 f"{a.improved_pct:g}% improved" if a.improved_pct is not None else ""]
        return ", ".join(p for p in parts if p)
    return ""


class ActivitiesScreen(NavScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="activities.back"),
        Binding("n", "new", "New activity", id="activities.new"),
        Binding("e", "edit", "Correct", id="activities.edit"),
        Binding("x", "delete", "Delete", id="activities.delete"),
        Binding("f", "filter", "Filter by kind", id="activities.filter"),
    ]
    AUTO_FOCUS = "#activities-table"

    def __init__(self) -> None:
        super().__init__()
        self.activities: list[ActivityRow] | None = None
        self.kind_filter: str | None = None

    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static(TITLE, id="activities-title", classes="section-title")
        yield Static("Reading the activities...", id="activities-totals", classes="file-facts")
        yield Static("", id="activities-filter", classes="field-help")
        yield DataTable(id="activities-table", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#activities-table", DataTable)
        for label in ("Date", "Kind", "Force", "What", "Numbers"):
            table.add_column(label)
        self.load()

    def refresh_data(self) -> None:
        self.load()

    def load(self) -> None:
        vault = self.nav_app.vault
        if vault is not None:
            self._read(vault)

    @work(thread=True, exclusive=True, group="activities", exit_on_error=False)
    def _read(self, vault: Vault) -> None:
        try:
            rows = read(vault, load_activities)
        except Exception:  # noqa: BLE001 - one sentence, never a traceback
            self.app.call_from_thread(self._unreadable)
            return
        self.app.call_from_thread(self._show, rows)

    def _unreadable(self) -> None:
        self.query_one("#activities-totals", Static).update("The activities could not be read.")

    def _show(self, rows: list[ActivityRow]) -> None:
        if not self.is_mounted:
            return
        self.activities = rows
        self.query_one("#activities-totals", Static).update(
            totals(rows, self.nav_app.today()).sentence()
        )
        self._fill()

    def shown(self) -> list[ActivityRow]:
        rows = self.activities or []
        if self.kind_filter is None:
            return list(rows)
        return [a for a in rows if a.kind == self.kind_filter]

    def _fill(self) -> None:
        kind = self.kind_filter
        self.query_one("#activities-filter", Static).update(
            ("Showing every kind" if kind is None else f"Showing {KIND_WORDS[kind].lower()} only")
            + " (f changes). n records new work; e or enter corrects the selected one."
        )
        table = self.query_one("#activities-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        rows = self.shown()
        for a in rows:
            table.add_row(day_words(a.date), KIND_WORDS.get(a.kind, a.kind), a.force, what(a),
                          numbers(a), key=str(a.id))
        if rows:
            table.move_cursor(row=min(max(cursor, 0), len(rows) - 1))

    def selected(self) -> ActivityRow | None:
        table = self.query_one("#activities-table", DataTable)
        if table.row_count == 0:
            self.notify("No activity selected.", timeout=3)
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((a for a in self.activities or [] if str(a.id) == key), None)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_filter(self) -> None:
        index = FILTERS.index(self.kind_filter)
        self.kind_filter = FILTERS[(index + 1) % len(FILTERS)]
        self._fill()

    def action_new(self) -> None:
        from navigator_tui.screens.activity_form import ActivityFormScreen

        self.app.push_screen(ActivityFormScreen(), self._saved)

    def action_edit(self) -> None:
        from navigator_tui.screens.activity_form import ActivityFormScreen

        activity = self.selected()
        if activity is not None:
            self.app.push_screen(ActivityFormScreen(activity), self._saved)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _saved(self, activity_id: int | None) -> None:
        if activity_id is not None:
            self.notify("Saved.", timeout=3)
            self.load()

    def action_delete(self) -> None:
        from navigator_tui.screens.confirm import ConfirmScreen

        activity = self.selected()
        if activity is None or activity.id is None:
            return
        activity_id = activity.id
        question = (f"Delete this {KIND_WORDS.get(activity.kind, activity.kind).lower()} of "
                    f"{day_words(activity.date)}? It leaves the figures too.")

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.nav_app.save_changes(
                lambda session: delete_activity(session, activity_id),
                self._deleted,
                lambda failure: self.notify(failure.message, severity="error", timeout=10),
            )

        self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep it"), answered)

    def _deleted(self, _result: object) -> None:
        self.notify("The activity was deleted.", timeout=3)
        self.load()
