"""Slow imports stay off the UI thread: plotext only with a chart, the rest in a worker."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import navigator_tui.app as app_module
from tests.app_support import loaded, make_vault, open_app, wait_for

ROOT = Path(__file__).resolve().parents[1]


def test_opening_a_survivor_file_does_not_import_plotext() -> None:
    code = (
        "import sys, navigator_tui.app, navigator_tui.screens.survivor_file;"
        "print('plotext' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "False"


async def test_warm_up_imports_the_next_screens_in_a_worker(
    vault_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    probe = tmp_path / "probe_modules"
    probe.mkdir()
    (probe / "navigator_warm_up_probe.py").write_text(
        "import threading\nTHREAD = threading.current_thread()\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(probe))
    monkeypatch.setattr(app_module, "WARM_UP_DELAY", 0.05)
    make_vault(vault_path)
    app = open_app(vault_path)
    # A module that cannot be imported ends the warm-up quietly (the app goes on).
    app.warm_up_modules = ("navigator_warm_up_probe", "no_such_module_here")
    async with app.run_test() as pilot:
        assert "navigator_warm_up_probe" not in sys.modules
        await loaded(pilot)
        await wait_for(pilot, lambda: "navigator_warm_up_probe" in sys.modules)
        assert sys.modules["navigator_warm_up_probe"].THREAD.name != "MainThread"
        await wait_for(pilot, lambda: not [w for w in app.workers if w.group == "warm-up"])
        assert app.is_running
    monkeypatch.delitem(sys.modules, "navigator_warm_up_probe")
