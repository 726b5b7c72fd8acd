"""Long notes are written over several lines and read back whole (a TextArea); tables
show them on one line."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select
from textual.widgets import DataTable, Select, TextArea

from caseload.models import ContactLog
from navigator_tui.screens.contact_form import ContactFormScreen
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from tests.app_support import SIZE, make_vault, open_app, reopen, type_fast, wait_for
from tests.test_app_forms import open_file


async def test_a_summary_over_several_lines_is_kept_as_typed(vault_path: Path) -> None:
    sid = make_vault(vault_path)["Quillon"]
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_file(pilot, app, sid)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactFormScreen))
        form = app.screen
        form.query_one("#input-channel", Select).value = "in_person"
        summary = form.query_one("#input-summary", TextArea)
        summary.focus()
        await pilot.pause()
        # Enter starts a new line in a note (it does not leave the field); tab leaves it.
        type_fast(app, *"Fictional: met at the library", "enter", *"Next: the GP", "tab")
        await wait_for(pilot, lambda: form.focused is not summary)
        assert summary.text == "Fictional: met at the library\nNext: the GP"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        app.screen.show_tab("contacts")  # type: ignore[attr-defined]
        await pilot.pause()
        row = app.screen.query_one("#contacts-table", DataTable).get_row_at(0)
        assert str(row[8]) == "Fictional: met at the library / Next: the GP"
    vault = reopen(vault_path)
    try:
        with vault.session() as s:
            saved = s.exec(select(ContactLog)).one()
    finally:
        vault.close()
    assert saved.summary == "Fictional: met at the library\nNext: the GP"
