"""Snapshot tests of the main screens: demo data (fixed seed), fixed "today", at the two
sizes navigators use most: a laptop's default 80x24 terminal and a maximised 160x48.

Regenerate deliberately after a visible change: ``pytest tests/test_app_snapshots.py
--snapshot-update``, then look at the new SVGs in tests/__snapshots__/ before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from navigator_tui.settings import Settings
from tests.app_support import loaded, make_vault, open_app

SIZE = (120, 40)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


async def _go(pilot: Pilot[Any], *keys: str) -> None:
    await loaded(pilot)
    for key in keys:
        await pilot.press(key)
        await pilot.pause(0.1)
    await pilot.pause(0.3)


def _demo_app(tmp_path: Path, discreet: bool = False) -> Any:
    path = tmp_path / "demo.vault"
    make_vault(path, demo=12, known=False)
    settings = Settings(discreet=discreet)
    return open_app(path, settings=settings, settings_file=tmp_path / "settings.json")


def _steps(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _go(pilot, *keys)

    return run_before


@pytest.mark.parametrize(
    "keys",
    [
        pytest.param((), id="today"),
        pytest.param(("f4",), id="caseload"),
        pytest.param(("f4", "down", "enter"), id="survivor_overview"),
        pytest.param(("f4", "down", "enter", "right_square_bracket"), id="survivor_recovery"),
        pytest.param(("f4", "down", "enter", "a", "enter"), id="assessment_form"),
        pytest.param(("f4", "down", "enter", "c"), id="contact_form"),
    ],
)
@pytest.mark.parametrize("size", SIZES)
def test_main_screens(
    snap_compare: Any, tmp_path: Path, keys: tuple[str, ...], size: tuple[int, int]
) -> None:
    app = _demo_app(tmp_path)
    assert snap_compare(app, terminal_size=size, run_before=_steps(*keys))


def test_caseload_in_discreet_mode(snap_compare: Any, tmp_path: Path) -> None:
    app = _demo_app(tmp_path, discreet=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=_steps("f4"))
