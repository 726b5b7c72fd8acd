"""Retention review: closed cases kept longer than the retention period, one action each.

The list comes from the rule in :mod:`assessments.retention` applied to the in-memory
caseload (closed, not yet anonymised cases whose period has ended, oldest first).
For the selected case the navigator either deletes it (every record) or reduces it to
an anonymised record that still counts in the aggregates; both are irreversible and
confirmed by typing the case reference (:mod:`navigator_tui.case_removal`).
The period, in whole years (default 6), is a setting (``y`` changes it): it lives in the
settings file, which holds no personal data.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from assessments.retention import RetentionDue, due_for_review
from assessments.wording import day_words
from caseload.saving import Change
from navigator_tui.screens.form_screen import FormScreen
from navigator_tui.screens.nav_screen import NavScreen
from navigator_tui.settings import MAX_RETENTION_YEARS, MIN_RETENTION_YEARS
from navigator_tui.snapshot import shown_name
from navigator_tui.widgets.app_header import AppHeader
from navigator_tui.widgets.form_field import FieldSpec
from navigator_tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    pass


class RetentionScreen(NavScreen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="retention.back"),
        Binding("d", "delete", "Delete case", id="retention.delete"),
        Binding("a", "anonymise", "Anonymise case", id="retention.anonymise"),
        Binding("y", "period", "Retention period", id="retention.period"),
    ]
    AUTO_FOCUS = "#retention-table"


    def compose(self) -> ComposeResult:
        yield AppHeader()
        yield Static("", id="retention-intro", classes="file-facts")
        yield DataTable(id="retention-table", cursor_type="row")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#retention-table", DataTable)
        for label in ("Case", "Name", "Closed on", "Period ended"):
            table.add_column(label)
        self.refresh_data()

    def due(self) -> list[RetentionDue]:
        cases = self.nav_app.cases
        if cases is None:
            return []
        survivors = [case.survivor for case in cases.files.values()]
        return due_for_review(
            survivors, self.nav_app.today(), self.nav_app.settings.retention_years
        )

    def refresh_data(self) -> None:
        years = self.nav_app.settings.retention_years
        due = self.due()
        intro = f"Closed cases kept longer than the retention period ({years} years). "
        if due:
            intro += (
                f"{len(due)} to review: d deletes the selected case, a reduces it to an "
                "anonymised record that still counts in the figures; y changes the period."
            )
        else:
            intro += "None to review. y changes the period."
        self.query_one("#retention-intro", Static).update(intro)
        table = self.query_one("#retention-table", DataTable)
        cursor = table.cursor_row
        table.clear()
        cases = self.nav_app.cases
        for item in due:
            case = cases.get(item.survivor_id) if cases is not None else None
            name = shown_name(case.survivor, self.nav_app.discreet) if case else ""
            table.add_row(
                item.case_ref,
                name,
                day_words(item.closed_on),
                day_words(item.due_on),
                key=str(item.survivor_id),
            )
        if due:
            table.move_cursor(row=min(max(cursor, 0), len(due) - 1))

    def selected(self) -> int | None:
        table = self.query_one("#retention-table", DataTable)
        if table.row_count == 0:
            self.notify("No case to review.", timeout=3)
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None and key.isdigit() else None

    def action_back(self) -> None:
        self.dismiss(None)

    def action_delete(self) -> None:
        from navigator_tui.case_removal import confirm_delete

        survivor_id = self.selected()
        if survivor_id is not None:
            confirm_delete(self.nav_app, survivor_id)

    def action_anonymise(self) -> None:
        from navigator_tui.case_removal import confirm_anonymise

        survivor_id = self.selected()
        if survivor_id is not None:
            confirm_anonymise(self.nav_app, survivor_id)

    def action_period(self) -> None:
        self.app.push_screen(RetentionPeriodScreen(), self._period_changed)

    def _period_changed(self, years: int | None) -> None:
        if years is not None:
            self.refresh_data()


PERIOD_FIELDS = (
    FieldSpec(
        "years",
        "Retention period (whole years)",
        required=True,
        max_length=3,
        help=(
            f"From {MIN_RETENTION_YEARS} to {MAX_RETENTION_YEARS}. Closed cases are listed for "
            "review this many years after they closed. Check your organisation's policy."
        ),
    ),
)


def parse_years(text: str) -> int | None:
    """The period typed, or None when it is not a whole number within the bounds."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    years = int(text)
    return years if MIN_RETENTION_YEARS <= years <= MAX_RETENTION_YEARS else None


class RetentionPeriodScreen(FormScreen[int]):
    """Change the retention period; saved to the settings file, not the vault."""

    form_title = "Retention period"

    def field_specs(self) -> Iterable[FieldSpec]:
        return PERIOD_FIELDS

    def initial_values(self) -> dict[str, Any]:
        return {"years": str(self.nav_app.settings.retention_years)}

    def check(self, values: dict[str, Any]) -> dict[str, str]:
        if parse_years(values["years"]) is None:
            return {
                "years": f"Type a whole number of years from {MIN_RETENTION_YEARS} "
                f"to {MAX_RETENTION_YEARS}."
            }
        return {}

    def make_apply(self, values: dict[str, Any]) -> Change[int]:
        raise NotImplementedError("The period is a setting, not a change to the vault.")

    def action_save(self) -> None:
        values, errors = self.collect()
        self.show_errors(errors)
        if errors:
            self.field(next(iter(errors))).focus_input()
            self.set_status("Not saved: 1 thing to fix.", error=True)
            return
        years = parse_years(values["years"])
        assert years is not None
        settings = self.nav_app.settings
        previous = settings.retention_years
        settings.retention_years = years
        try:
            settings.save(self.nav_app.settings_file)
        except OSError:
            settings.retention_years = previous
            self.set_status("The setting could not be saved to the config folder.", error=True)
            return
        self.is_dirty = False
        self.dismiss(years)
