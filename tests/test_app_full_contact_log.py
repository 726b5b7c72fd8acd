"""Unlock reads only the recent part of each contact log; opening a survivor's file
reads the rest, so the file always ends up showing the whole log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Static

from caseload.models import ContactLog
from navigator_tui.case_removal import records_removed
from navigator_tui.screens.survivor_file import SurvivorFileScreen
from tests.app_support import SIZE, TODAY, loaded, make_vault, open_app, reopen, wait_for

OLD = 40


def _long_log(path: Path) -> int:
    ids = make_vault(path)
    sid = ids["Quillon"]
    vault = reopen(path)
    try:
        with vault.session() as s:
            for n in range(OLD):
                s.add(
                    ContactLog(
                        survivor_id=sid,
                        contact_date=TODAY - dt.timedelta(days=200 - 2 * n),
                        outcome="spoke",
                        summary=f"Fictional old call {n}",
                    )
                )
            s.add(ContactLog(survivor_id=sid, contact_date=TODAY, summary="Fictional today"))
            s.commit()
        vault.save()
    finally:
        vault.close()
    return sid


async def test_file_reads_the_whole_contact_log(vault_path: Path) -> None:
    sid = _long_log(vault_path)
    app = open_app(vault_path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert app.cases is not None
        light = app.cases.get(sid)
        assert light is not None and not light.contacts_complete
        assert light.contact_count == OLD + 1 and len(light.contacts) < OLD
        # A removal counts every entry, loaded or not.
        assert f"{OLD + 1} contact log entries" in records_removed(light)

        app.open_survivor(sid, "contacts")
        await wait_for(pilot, lambda: isinstance(app.screen, SurvivorFileScreen))
        screen = app.screen

        def rows() -> int:
            tables = screen.query("#contacts-table").results(DataTable)
            return next(iter(tables)).row_count if screen.query("#contacts-table") else 0

        await wait_for(pilot, lambda: rows() == OLD + 1)
        summary = str(screen.query_one("#contacts-summary", Static).render())
        assert f"{OLD + 1} contacts logged (newest first)" in summary
        whole = app.cases.get(sid)
        assert whole is not None and whole.contacts_complete
        # Other cases stay light: only the opened file was read again.
        other = [c for c in app.cases.files.values() if c.survivor_id != sid]
        assert all(not c.contacts_complete for c in other)
