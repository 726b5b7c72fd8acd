"""The caseload: every survivor in a table, filtered as you type, sortable by any column.

Responsiveness with thousands of survivors: the rows live in memory as plain
:class:`CaseRow` objects, sorted once per order (not per keystroke); a keystroke
filters that sorted list (a substring test on lower-cased text made at load) and
only the matching rows (at most :data:`MAX_SHOWN`) go into the table, because the
table keeps every row it is given. Each row's cells are made once and kept
(:class:`PlainRow`), so bringing rows back after a narrower filter only adds them.
The cells of the rows the screen opens on are made by the worker that loaded the
caseload (:func:`opening_cells`), not on the UI thread: at 10,000 survivors making
them there was half of a 0.1-0.25 s freeze when the table was first filled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static

from assessments.wording import day_words
from caseload.categories import CASE_STATUS
from navigator_tui.case_rows import CaseRow
from navigator_tui.screens.nav_screen import NavScreen
from navigator_tui.widgets.app_header import AppHeader
from navigator_tui.widgets.key_bar import KeyBar
from navigator_tui.widgets.plain_table import PlainRow, PlainTable, TextPool

if TYPE_CHECKING:
    pass

#: Most rows added to the table at once; the count line says when more match.
MAX_SHOWN = 1000
#: Most rows whose table cells are kept between fills.
KEPT_CELLS = 2 * MAX_SHOWN
#: Survivors above which the table is filled after the screen's first frame.
FILL_AFTER_FIRST_FRAME = 3000

#: (column key, label) in display order: what a narrow terminal must still show first
#: (who, what needs attention, what is due next), the rest after.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("case_ref", "Ref"),
    ("name", "Name"),
    ("next_update", "Update due"),
    ("next_assessment", "Assessment due"),
    ("flags", "Flags"),
    ("status", "Status"),
    ("open_promises", "Promises"),
    ("score_survivor", "Score (S)"),
    ("score_navigator", "Score (N)"),
)
SORT_KEYS = tuple(key for key, _label in COLUMNS)
#: The order the screen opens in.
OPENING_SORT = "case_ref"

STATUS_FILTERS: list[tuple[str, str]] = [("All statuses", "all")] + [
    (choice.label, choice.code) for choice in CASE_STATUS.choices
]
FLAG_FILTERS: list[tuple[str, str]] = [("Any flags", "any"), ("Flagged only", "flagged")]


#: Statuses sort in the order a case lives (open, paused, closed), not alphabetically.
_STATUS_ORDER = {code: index for index, code in enumerate(CASE_STATUS.codes)}


def _sort_value(row: CaseRow, key: str, discreet: bool) -> tuple[int, Any]:
    """Sort key with empty values last whatever the direction of the values."""
    if key == "name":
        value: Any = row.name(discreet).lower()
    elif key == "status":
        value = _STATUS_ORDER.get(row.status, len(_STATUS_ORDER))
    elif key == "flags":
        value = len(row.flags)
    else:
        value = getattr(row, key)
    if value is None or value == "":
        return (1, 0)
    return (0, value)


def _date(value: dt.date | None, today: dt.date, texts: TextPool) -> Text:
    if value is None:
        return texts("")
    style = "bold red" if value < today else ("bold yellow" if value == today else "")
    return texts(day_words(value, today), style)  # "3 Dec"; the year when not this one


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def table_row(row: CaseRow, discreet: bool, today: dt.date, texts: TextPool) -> PlainRow:
    """The table cells of one survivor, in :data:`COLUMNS` order (repeated values shared)."""
    return PlainRow.of(
        row.case_ref,
        row.name(discreet),
        _date(row.next_update, today, texts),
        _date(row.next_assessment, today, texts),
        texts(", ".join(row.flags), "bold dark_orange" if row.flags else ""),
        texts(row.status_label),
        texts(str(row.open_promises or "")),
        texts(_score(row.score_survivor)),
        texts(_score(row.score_navigator)),
    )


def sorted_rows(rows: list[CaseRow], key: str, reverse: bool, discreet: bool) -> list[CaseRow]:
    """The rows ordered by column ``key``, empty values last in both directions."""
    ordered = sorted(rows, key=lambda row: _sort_value(row, key, discreet), reverse=reverse)
    if reverse:
        ordered.sort(key=lambda row: _sort_value(row, key, discreet)[0])
    return ordered


@dataclass(frozen=True)
class OpeningCells:
    """The cells of the rows the caseload screen opens on, for one mode and day."""

    discreet: bool
    today: dt.date
    #: By survivor id: the row the cells were made from, and its cells.
    cells: dict[int, tuple[CaseRow, PlainRow]]
    texts: TextPool

    def fits(self, discreet: bool, today: dt.date) -> bool:
        return self.discreet == discreet and self.today == today


def opening_cells(rows: Iterable[CaseRow], discreet: bool, today: dt.date) -> OpeningCells:
    """The cells of the first :data:`MAX_SHOWN` rows in the opening order, unfiltered.

    Made in the worker that loads the caseload (no Textual state is touched), so that
    the screen's first fill only adds them. A cell is used only with the very row it
    was made from, so cells made for an older caseload are made again, never shown.
    A screen that takes them over goes on adding to their pool (on the UI thread).
    """
    first = sorted_rows(list(rows), OPENING_SORT, False, discreet)[:MAX_SHOWN]
    texts = TextPool()
    cells = {row.survivor_id: (row, table_row(row, discreet, today, texts)) for row in first}
    return OpeningCells(discreet, today, cells, texts)


def filter_rows(
    rows: list[CaseRow], text: str, status: str, flags: str, discreet: bool
) -> list[CaseRow]:
    """The rows that match, in the order given."""
    words = text.lower().split()
    if not words and status == "all" and flags == "any":
        return list(rows)
    out = []
    for row in rows:
        if status != "all" and row.status != status:
            continue
        if flags == "flagged" and not row.flags:
            continue
        if flags not in ("any", "flagged") and flags not in row.flags:
            continue
        if row.matches(words, discreet):
            out.append(row)
    return out


class CaseloadScreen(NavScreen[None]):
    """Type to filter; enter opens the survivor's file."""

    AUTO_FOCUS = "#caseload-filter"
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="caseload.filter"),
        Binding("s", "next_sort", "Sort by", id="caseload.sort"),
        Binding("r", "reverse_sort", "Reverse", id="caseload.reverse"),
        Binding("ctrl+n", "app.new_survivor", "New survivor", id="caseload.new", priority=True),
        Binding("down", "focus_table", "Table", id="caseload.to_table", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CaseRow] = []
        self.shown: list[CaseRow] = []
        self.sort_key = OPENING_SORT
        self.sort_reverse = False
        #: Bumped whenever ``rows`` is replaced (the caches below are for one list).
        self._generation = 0
        self._applied: tuple[object, ...] | None = None
        self._sorted: list[CaseRow] = []
        self._sorted_for: tuple[object, ...] | None = None
        #: Cells made for survivors shown lately, with the row they were made from.
        self._cells: dict[int, tuple[CaseRow, PlainRow]] = {}
        self._cells_for: tuple[object, ...] | None = None
        self._texts = TextPool()


    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Horizontal(id="caseload-filters"):
            yield Input(
                placeholder="Type to filter: name, reference, officer, force",
                id="caseload-filter",
            )
            yield Select(STATUS_FILTERS, value="all", allow_blank=False, id="status-filter")
            yield Select(FLAG_FILTERS, value="any", allow_blank=False, id="flag-filter")
        yield PlainTable(id="caseload-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="caseload-count")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#caseload-table", DataTable)
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        cases = self.nav_app.cases
        if cases is not None and len(cases) > FILL_AFTER_FIRST_FRAME:
            # Composing the screen, filling its table and drawing both in one go froze
            # the interface for 0.1-0.14 s at 10,000 survivors; in two steps, neither does.
            self.call_after_refresh(self.refresh_data)
        else:
            self.refresh_data()

    # --- data ------------------------------------------------------------------------

    def refresh_data(self) -> None:
        """Rebuild the rows from the app's caseload (after loading, a save, discreet mode)."""
        cases = self.nav_app.cases
        self._generation += 1
        if cases is None:
            self.rows = []
            self.query_one("#caseload-count", Static).update("Loading the caseload...")
            self.query_one("#caseload-table", DataTable).clear()
            return
        self.rows = list(cases.rows.values())
        self._update_flag_filter()
        self.apply_filter()

    def _update_flag_filter(self) -> None:
        kinds = sorted({flag for row in self.rows for flag in row.flags})
        select = self.query_one("#flag-filter", Select)
        current = select.value
        options = FLAG_FILTERS + [(kind, kind) for kind in kinds]
        select.set_options(options)
        codes = [code for _label, code in options]
        select.value = current if current in codes else "any"

    def apply_filter(self) -> None:
        text = self.query_one("#caseload-filter", Input).value
        status = self.query_one("#status-filter", Select).value
        flags = self.query_one("#flag-filter", Select).value
        discreet = self.nav_app.discreet
        state = (text, status, flags, self.sort_key, self.sort_reverse, discreet, self._generation)
        if state == self._applied:
            return  # e.g. the Changed message of a select whose value was set in code
        self._applied = state
        matches = filter_rows(
            self._sorted_rows(discreet),
            text,
            status if isinstance(status, str) else "all",
            flags if isinstance(flags, str) else "any",
            discreet,
        )
        self.shown = matches[:MAX_SHOWN]
        self._fill_table()
        count = f"{len(matches)} of {len(self.rows)} survivors"
        if len(matches) > MAX_SHOWN:
            count += f" (first {MAX_SHOWN} shown: type to narrow)"
        label = dict(COLUMNS)[self.sort_key]
        direction = "descending" if self.sort_reverse else "ascending"
        self.query_one("#caseload-count", Static).update(
            f"{count} · sorted by {label}, {direction}"
        )

    def _sorted_rows(self, discreet: bool) -> list[CaseRow]:
        """Every row in the chosen order, sorted again only when the order changes."""
        state = (self._generation, self.sort_key, self.sort_reverse, discreet)
        if state != self._sorted_for:
            self._sorted = sorted_rows(self.rows, self.sort_key, self.sort_reverse, discreet)
            self._sorted_for = state
        return self._sorted

    def _table_rows(self, rows: list[CaseRow]) -> list[PlainRow]:
        """The cells of ``rows``, kept for the next fill (at most :data:`KEPT_CELLS` rows).

        Bringing rows back after a narrower filter then only adds them to the table.
        The bound keeps the cells of a large caseload from piling up as other sorts
        and filters show other rows: the collector's full passes walk every cell kept.
        """
        today = self.nav_app.today()
        discreet = self.nav_app.discreet
        if self._cells_for != (discreet, today):
            opening = self.nav_app.opening_cells
            if opening is not None and opening.fits(discreet, today):
                self._cells, self._texts = dict(opening.cells), opening.texts
            else:
                self._cells, self._texts = {}, TextPool()
            self._cells_for = (discreet, today)
        elif len(self._cells) + len(rows) > KEPT_CELLS:
            kept_now = (self._cells.get(row.survivor_id) for row in rows)
            self._cells = {kept[0].survivor_id: kept for kept in kept_now if kept is not None}
        cells, texts = self._cells, self._texts
        out = []
        for row in rows:
            kept = cells.get(row.survivor_id)
            if kept is None or kept[0] is not row:
                kept = cells[row.survivor_id] = (row, table_row(row, discreet, today, texts))
            out.append(kept[1])
        return out

    def _fill_table(self) -> None:
        table = self.query_one("#caseload-table", PlainTable)
        selected = self.selected_survivor_id()
        table.clear()
        table.add_plain_rows(self._table_rows(self.shown))
        if selected is not None:
            for index, row in enumerate(self.shown):
                if row.survivor_id == selected:
                    table.move_cursor(row=index)
                    break

    def selected_survivor_id(self) -> int | None:
        table = self.query_one("#caseload-table", DataTable)
        if not self.shown or table.row_count == 0:
            return None
        index = table.cursor_row
        if 0 <= index < len(self.shown):
            return self.shown[index].survivor_id
        return None

    # --- events ----------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "caseload-filter":
            self.apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "caseload-filter":
            self.apply_filter()
            self.action_focus_table()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("status-filter", "flag-filter") and self.rows:
            self.apply_filter()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        survivor_id = self.selected_survivor_id()
        if survivor_id is not None:
            self.nav_app.open_survivor(survivor_id)

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key == self.sort_key:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_key, self.sort_reverse = key, False
        self.apply_filter()

    # --- actions ---------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one("#caseload-filter", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one("#caseload-table", DataTable).focus()

    def action_next_sort(self) -> None:
        index = (SORT_KEYS.index(self.sort_key) + 1) % len(SORT_KEYS)
        self.sort_key, self.sort_reverse = SORT_KEYS[index], False
        self.apply_filter()

    def action_reverse_sort(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self.apply_filter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_sort", "reverse_sort") and isinstance(self.focused, Input):
            return None  # shown dimmed: the filter field takes the letters
        if action == "focus_table" and not isinstance(self.focused, Input):
            return False
        return True
