"""PlainTable: columns sized from the cells' text, cells shown as typed (never as markup)."""

from __future__ import annotations

from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import _data_table as data_table_module

from navigator_tui.widgets.plain_table import PlainTable, cell_width


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
