"""PlainTable: columns sized from the cells' text, cells shown as typed (never as markup)."""

from __future__ import annotations

from typing import Any

import pytest
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable
from textual.widgets import _data_table as data_table_module

from navigator_tui.widgets.plain_table import PlainRow, PlainTable, TextPool, cell_width


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield PlainTable(id="table")


def test_cell_width_is_the_widest_line_in_character_cells() -> None:
    assert cell_width(Text("Zoë")) == 3
    assert cell_width(Text("日本")) == 4
    assert cell_width(Text("ab\nabcde")) == 5
    assert cell_width(Text("")) == 0


async def test_columns_fit_the_widest_cell_and_text_is_shown_as_typed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = TableApp()
    async with app.run_test(size=(100, 10)) as pilot:
        table = app.query_one(PlainTable)
        table.add_column("Ref", key="ref")
        table.add_column("Name", key="name")
        measured: list[object] = []
        original = data_table_module.measure

        def counting_measure(*args: Any, **kwargs: Any) -> int:
            measured.append(args[1])
            return original(*args, **kwargs)

        # Rich's measurement (the slow path) is never used for the rows.
        monkeypatch.setattr(data_table_module, "measure", counting_measure)
        table.add_rows([("R-1", "[bold]Ann[/bold] Example"), ("R-22", Text("Bo", style="red"))])
        table.add_row("R-333", "Zoë")
        await pilot.pause()
        assert measured == []
        widths = [column.content_width for column in table.ordered_columns]
        assert widths == [5, len("[bold]Ann[/bold] Example")]
        assert table.virtual_size.width == sum(w + 2 for w in widths)
        assert table.get_row_at(0)[1].plain == "[bold]Ann[/bold] Example"
        line = "".join(segment.text for segment in table.render_line(1))
        assert "[bold]Ann[/bold] Example" in line  # not read as markup

        # Later rows widen a column; clearing keeps the widths (as DataTable does).
        table.clear()
        table.add_row("R-4444444", "")
        await pilot.pause()
        assert [column.content_width for column in table.ordered_columns] == [9, widths[1]]


async def test_columns_are_wide_enough_before_the_table_next_idles() -> None:
    """Rows are drawn as soon as they exist; their columns must fit them from then on."""
    app = TableApp()
    async with app.run_test(size=(100, 10)):
        table = app.query_one(PlainTable)
        table.add_column("Ref", key="ref")
        table.add_column("What", key="what")
        table.add_plain_rows([PlainRow.of("NAV-ABCDE", "Update overdue since 30 Jan")])
        # No pause: DataTable has not measured anything yet.
        assert [c.content_width for c in table.ordered_columns] == [9, 27]
        table.add_row("NAV-ABCDEFG", "")
        assert [c.content_width for c in table.ordered_columns] == [11, 27]


async def test_rows_are_one_line_without_labels() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(PlainTable)
        table.add_column("A")
        with pytest.raises(ValueError):
            table.add_row("x", height=2)
        with pytest.raises(ValueError):
            table.add_row("x", label="label")
        await pilot.pause()


class TwoTablesApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.highlighted: list[tuple[str | None, int]] = []

    def compose(self) -> ComposeResult:
        yield DataTable(id="reference", cursor_type="row")
        yield PlainTable(id="plain", cursor_type="row")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.highlighted.append((event.data_table.id, event.cursor_row))


async def test_rows_added_in_one_step_behave_as_datatable_rows() -> None:
    rows = [
        (Text("R-1"), Text("Ann Example", style="bold"), Text("")),
        (Text("R-22"), Text("Bo"), Text("overdue", style="red")),
        (Text("R-333"), Text("Zoë Placeholder")),  # a missing cell is empty, as in DataTable
    ]
    app = TwoTablesApp()
    async with app.run_test(size=(80, 20)) as pilot:
        reference = app.query_one("#reference", DataTable)
        plain = app.query_one("#plain", PlainTable)
        for table in (reference, plain):
            table.add_columns("Ref", "Name", "Flags")
        reference_keys = reference.add_rows(rows)
        plain_keys = plain.add_plain_rows(PlainRow.of(*row) for row in rows)
        await pilot.pause()

        assert plain.row_count == reference.row_count == 3
        for index in range(3):
            assert plain.get_row_at(index) == reference.get_row_at(index)
            assert plain.get_row(plain_keys[index]) == reference.get_row(reference_keys[index])
        assert [row.height for row in plain.ordered_rows] == [1, 1, 1]
        assert plain.virtual_size == reference.virtual_size
        assert [c.content_width for c in plain.ordered_columns] == [
            c.content_width for c in reference.ordered_columns
        ]
        for y in range(4):
            assert plain.render_line(y).text == reference.render_line(y).text
        # Rows in an empty table give the cursor a row: both tables say so.
        assert sorted(app.highlighted) == [("plain", 0), ("reference", 0)]

        plain.move_cursor(row=2)
        reference.move_cursor(row=2)
        await pilot.pause()
        assert plain.cursor_row == reference.cursor_row == 2
        assert plain.coordinate_to_cell_key(plain.cursor_coordinate).row_key == plain_keys[2]

        # More rows below, then clearing: the same again.
        plain.add_plain_rows([PlainRow.of("R-4", "Di")])
        reference.add_rows([(Text("R-4"), Text("Di"))])
        await pilot.pause()
        assert plain.get_row_at(3) == reference.get_row_at(3)
        assert plain.add_plain_rows([]) == []
        with pytest.raises(ValueError):
            plain.add_plain_rows([PlainRow.of("a", "b", "c", "too many")])
        assert plain.row_count == 4
        plain.clear()
        await pilot.pause()
        assert plain.row_count == 0


def drawn(table: DataTable[Any]) -> list[list[tuple[str, object]]]:
    """Every character the table draws, with its style, line by line."""
    lines = []
    for y in range(table.size.height):
        line = []
        for segment in table.render_line(y):
            line += [(char, segment.style) for char in segment.text]
        lines.append(line)
    return lines


class StripedTablesApp(App[None]):
    CSS = "DataTable { height: 8; }"

    def compose(self) -> ComposeResult:
        yield DataTable(id="reference", cursor_type="row", zebra_stripes=True)
        yield PlainTable(id="plain", cursor_type="row", zebra_stripes=True)


async def test_cells_are_drawn_as_datatable_draws_them() -> None:
    rows = [
        (Text("R-1"), Text("Ann Example", style="bold"), Text("2026-01-02", style="bold red")),
        (
            Text("R-22"),
            Text(""),
            Text("2026-01-03", style=Style(italic=True, color="blue")),
            Text("a longer note", style="bold"),
        ),
        (Text("R-333"), Text("Zoë 日本"), Text(""), Text("short")),
        (Text("R-4"), Text("a\ttab"), Text("[not markup]")),  # a tab: drawn by DataTable
        (Text("R-5"), Text.assemble("with ", ("spans", "green")), Text("x", justify="right")),
        (Text("R-6"), Text("plain"), Text("y")),
    ]
    app = StripedTablesApp()
    async with app.run_test(size=(70, 20)) as pilot:
        reference = app.query_one("#reference", DataTable)
        plain = app.query_one("#plain", PlainTable)
        for table in (reference, plain):
            table.add_columns("Ref", "Name", "Due")
            table.add_column("Note", width=6)  # a fixed width: longer text is cut
        reference.add_rows(rows)
        plain.add_plain_rows(PlainRow.of(*row) for row in rows)
        await pilot.pause()
        widths = [c.content_width for c in plain.ordered_columns]
        assert widths == [c.content_width for c in reference.ordered_columns]

        for row in (0, 2, 5):
            reference.move_cursor(row=row)
            plain.move_cursor(row=row)
            app.set_focus(None)
            await pilot.pause()
            assert drawn(plain) == drawn(reference), row
            # Focused (a table draws differently with the focus).
            reference.focus()
            await pilot.pause()
            focused_reference = drawn(reference)
            plain.focus()
            await pilot.pause()
            assert drawn(plain) == focused_reference, row


def test_a_text_pool_shares_one_text_per_words_and_style() -> None:
    texts = TextPool()
    open_status = texts("Open")
    assert texts("Open") is open_status
    assert texts("Open", "bold") is not open_status
    assert open_status.plain == "Open" and texts("Open", "bold").style == "bold"
    assert len(texts) == 2
