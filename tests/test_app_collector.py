"""The loaded caseload is kept out of the collector's passes, yet freed when it is replaced."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

import navigator_tui.app as app_module
from navigator_tui.screens.unlock import UnlockScreen
from navigator_tui.snapshot import load_caseload
from tests.app_support import TODAY, loaded, make_vault, open_app, reopen, wait_for


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_loaded_caseload_is_frozen_and_freed_by_reference_counting(vault_path: Path) -> None:
    make_vault(vault_path, demo=20)
    vault = reopen(vault_path)
    try:
        with vault.session() as session:
            cases = load_caseload(session, TODAY)
    finally:
        vault.close()
    case = next(iter(cases.files.values()))
    tracked = {id(o) for o in gc.get_objects()}  # every generation but the permanent one
    assert id(case) not in tracked and id(case.contacts) not in tracked
    assert id(cases.rows[case.survivor_id]) not in tracked
    frozen = gc.get_freeze_count()
    records = sum(1 + len(c.contacts) + len(c.assessments) for c in cases.files.values())
    gone = weakref.ref(case)
    del case, cases
    # No reference cycles: dropping the caseload frees it at once, frozen or not.
    assert gone() is None
    assert gc.get_freeze_count() <= frozen - records


async def test_locking_frees_the_caseload_then_hands_frozen_objects_back(
    vault_path: Path,
) -> None:
    make_vault(vault_path, demo=5)
    app = open_app(vault_path)
    async with app.run_test() as pilot:
        await loaded(pilot)
        assert app.cases is not None
        case = weakref.ref(next(iter(app.cases.files.values())))
        files = app.cases.files
        assert gc.get_freeze_count() > 0
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, UnlockScreen))
        # Emptied in a worker a survivor at a time, not freed in one go on the UI thread.
        await wait_for(pilot, lambda: not files and case() is None)
        # The keyboard was just used: the collector's pass waits for a quiet second.
        assert gc.get_freeze_count() > 0
        assert app_module.COLLECT_WHEN_IDLE_FOR >= 1.0
        await wait_for(pilot, lambda: gc.get_freeze_count() == 0)


async def test_a_caseload_replaced_whole_is_emptied_in_a_worker(vault_path: Path) -> None:
    make_vault(vault_path, demo=5)
    app = open_app(vault_path)
    async with app.run_test() as pilot:
        await loaded(pilot)
        assert app.cases is not None
        count = len(app.cases)
        replaced = app.cases.files
        app.save_changes(lambda _s: None, lambda _r: None, lambda _m: None)  # full reload
        await wait_for(pilot, lambda: not replaced)
        assert app.cases is not None and len(app.cases) == count

        # A one-survivor reload shares the records: the caseload it replaces is left alone.
        kept = app.cases
        survivor_id = next(iter(kept.files))
        app.save_changes(lambda _s: None, lambda _r: None, lambda _m: None, survivor_id)
        await wait_for(pilot, lambda: app.cases is not kept)
        await pilot.pause(0.2)
        assert len(kept.files) == count and len(app.cases) == count
