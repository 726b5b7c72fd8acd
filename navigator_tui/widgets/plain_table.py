"""A DataTable of one-line plain-text cells that measures its rows cheaply.

After rows are added, Textual's DataTable measures every new cell with Rich's
measurement (and parses each ``str`` cell as console markup first) to size its
columns: for the thousand rows of the caseload table 0.15 to 0.3 s on the UI
thread, the interface frozen meanwhile. Here every cell is shown as typed (a
``str`` becomes a :class:`rich.text.Text`, so a name with square brackets is not
read as markup) and, being one line, is as wide as its text in character cells:
the widths are taken as rows are added and given to the columns at once.

Rows are also added in one step (:meth:`PlainTable.add_plain_rows`): DataTable's
``add_row`` works out the column order and sets the cursor (a reactive, with its
watcher) for every row, half the cost of adding a thousand rows; here that is done
once per call, with the same bookkeeping.

And a cell of plain styled text is drawn straight into its segments
(:meth:`PlainTable._render_cell`): DataTable has Rich lay out each visible cell
through three nested renderables, 0.1 ms a cell, so drawing the caseload table's
screenful (43 rows of 9 cells) took 50-90 ms, after every keystroke that changed
the rows. The segments are the ones Rich makes; anything else (header, markup
spans, tabs, text wider than its column) is left to DataTable.

These override private parts of DataTable in Textual 8.2.8 (pinned exactly in
pyproject.toml): ``_update_dimensions``, the row bookkeeping ``add_row`` does, and
``_render_cell``. tests/test_app_plain_table.py compares PlainTable with DataTable
given the same rows (cells, sizes and every drawn character with its style), and
fails if the columns stop being sized from the cells.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text, TextType
from textual._types import SegmentLines
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, Row, RowKey


def plain_cell(value: object) -> Text:
    """The cell for ``value``: a Text as given, anything else as its text, never markup."""
    if isinstance(value, Text):
        return value
    return Text("" if value is None else str(value), end="")


def cell_width(text: Text) -> int:
    """Columns the cell needs: what Rich measures for text, without its machinery."""
    plain = text.plain
    if "\n" in plain:
        return max(cell_len(line) for line in plain.split("\n"))
    return cell_len(plain)


class TextPool:
    """One Text for every cell showing the same words in the same style.

    Most cells of a large table repeat a few values (a status, a date, a score, an
    empty cell): sharing them makes a thousand rows several thousand objects fewer
    to make, and for the collector to walk. Cells are never changed once made, so
    sharing is safe. Keep a pool with the table that uses it (it holds what it shows).
    """

    def __init__(self) -> None:
        self._texts: dict[tuple[str, str], Text] = {}

    def __call__(self, plain: str, style: str = "") -> Text:
        text = self._texts.get((plain, style))
        if text is None:
            text = self._texts[(plain, style)] = Text(plain, style=style, end="")
        return text

    def __len__(self) -> int:
        return len(self._texts)


@dataclass(frozen=True, slots=True)
class PlainRow:
    """A row's cells with their widths, ready to add (and to keep, to add again later)."""

    cells: tuple[Text, ...]
    widths: tuple[int, ...]

    @classmethod
    def of(cls, *values: object) -> PlainRow:
        # map, not generator expressions: a third cheaper, for the thousand rows of a fill.
        cells = tuple(map(plain_cell, values))
        return cls(cells, tuple(map(cell_width, cells)))


class PlainTable(DataTable[Any]):
    """A DataTable whose cells are single lines of text (rows of height 1, no labels)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: Widest cell per column (in display order) among rows not yet measured.
        self._pending_widths: list[int] = []

    def add_row(
        self,
        *cells: CellType,
        height: int | None = 1,
        key: str | None = None,
        label: TextType | None = None,
    ) -> RowKey:
        if height != 1 or label is not None:
            raise ValueError("PlainTable rows are one line high, without labels.")
        return self.add_plain_row(PlainRow.of(*cells), key)

    def add_rows(self, rows: Iterable[Iterable[CellType]]) -> list[RowKey]:
        return self.add_plain_rows([PlainRow.of(*row) for row in rows])

    def add_plain_row(self, row: PlainRow, key: str | None = None) -> RowKey:
        self._note_widths(row)
        self._widen_columns()
        return super().add_row(*row.cells, height=1, key=key)

    def add_plain_rows(self, rows: Iterable[PlainRow]) -> list[RowKey]:
        """Add rows at the bottom, doing what ``add_row`` does for each once for them all."""
        column_keys = [column.key for column in self.ordered_columns]
        rows = list(rows)
        if any(len(row.cells) > len(column_keys) for row in rows):
            raise ValueError("More values provided than there are columns.")
        was_empty = self.row_count == 0
        locations, data, table_rows, new_rows = (
            self._row_locations,
            self._data,
            self.rows,
            self._new_rows,
        )
        keys: list[RowKey] = []
        for row in rows:
            self._note_widths(row)
            row_key = RowKey(None)
            locations[row_key] = len(table_rows)
            data[row_key] = dict(zip_longest(column_keys, row.cells))
            table_rows[row_key] = Row(row_key, 1)
            new_rows.add(row_key)
            keys.append(row_key)
        if not keys:
            return keys
        self._widen_columns()
        self._require_update_dimensions = True
        self.cursor_coordinate = self.cursor_coordinate
        if was_empty and self.columns and self.show_cursor and self.cursor_type != "none":
            self._highlight_cursor()  # a cell to highlight now exists
        self._update_count += 1
        self.check_idle()
        return keys

    def _note_widths(self, row: PlainRow) -> None:
        pending = self._pending_widths
        if len(pending) < len(row.widths):
            pending.extend([0] * (len(row.widths) - len(pending)))
        for index, width in enumerate(row.widths):
            if width > pending[index]:
                pending[index] = width

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """A body cell of plain text as the segments Rich would make; others as DataTable does."""
        if row_index < 0 or column_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._cell_render_cache
        if cache_key in cache:
            return cache[cache_key]
        cell = self._data[row_key].get(column_key) if row_key is not None else None
        pad = self.cell_padding
        if (
            not isinstance(cell, Text)
            or cell._spans
            or cell.justify is not None
            or cell.overflow is not None
            or "\n" in cell.plain
            or "\t" in cell.plain
            or cell.cell_len > width - 2 * pad
            or self.rows[row_key].height != 1
            or self.app.console_options.justify is not None
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            fixed,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index})
        pre_style += component_style

        def styled(style: Style | None) -> Style | None:
            # What Segment.apply_style(segments, pre_style, post_style) gives.
            if pre_style:
                style = pre_style + style
            if post_style:
                style = style + post_style if style else post_style
            return style

        console = self.app.console
        text_style = console.get_style(cell.style, default=Style.null()) if cell.style else None
        space_style = styled(Style.null())
        line = [Segment(" " * pad, space_style)] if pad else []
        line.append(Segment(cell.plain, styled(text_style)))
        fill = width - 2 * pad - cell.cell_len
        if fill:
            line.append(Segment(" " * fill, space_style))
        if pad:
            line.append(Segment(" " * pad, space_style))
        lines: SegmentLines = [line]
        cache[cache_key] = lines
        return lines

    def _widen_columns(self) -> None:
        """Widen the columns to the rows just added, at once.

        DataTable measures new rows only when its message queue is next idle, but rows
        are drawn as soon as they exist: a frame (or a screenshot) taken in between
        showed every column cut to its header's width.
        """
        for column, width in zip(self.ordered_columns, self._pending_widths, strict=False):
            column.content_width = max(column.content_width, width)
        self._pending_widths = []

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        """Widen the columns to any rows not yet measured, then let the table size itself."""
        self._widen_columns()
        super()._update_dimensions(())
