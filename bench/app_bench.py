"""App costs, measured headless through Textual's ``run_test`` on an already unlocked vault:
first paint of the caseload table, opening a survivor's file, a filter keystroke, the longest
stall of the event loop, and the peak memory of a process that opens the vault and the app.

Each figure is the median of several runs of the app, each in a fresh process
(:data:`MAX_APP_RUNS` at most): one run's longest stall or first paint moved by 2-3x
from run to run on a shared machine, more than any change measured with it."""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: Most runs of the app per caseload size (fewer when the benchmark runs few repetitions).
MAX_APP_RUNS = 5


class StallMonitor:
    """Records the longest gap between ticks of a 5 ms asyncio timer (a frozen UI shows here)."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.005)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last - 0.005)
            last = now

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


async def _wait_for(condition: Callable[[], bool], timeout: float = 120.0, what: str = "") -> float:
    """Poll ``condition`` every millisecond while the app runs.

    A bare sleep, not ``pilot.pause``: that one posts a message to every widget of
    the screen and repaints it on each call, which at 1 ms kept the UI thread busy
    (1.2 s of CPU in the 1.7 s of a load) and took the GIL from the worker it waits for.
    """
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"the app did not reach the expected state: {what}")
        await asyncio.sleep(0.001)
    return time.perf_counter() - start


def _send_key(app: Any, key: str, char: str | None = None) -> None:
    """Deliver one key press to the app as the terminal driver would, without waiting.

    ``Pilot.press`` waits for the process to look idle afterwards (at least two
    20 ms sleeps, longer while any thread works), which would count in the figure;
    the timed keys are sent this way and the wait is for the state they lead to.
    """
    from textual import events

    event = events.Key(key, char)
    event.set_sender(app)
    app._driver.send_message(event)


def _table_rows(app: Any) -> int:
    from textual.widgets import DataTable

    try:
        return app.screen.query_one("#caseload-table", DataTable).row_count
    except Exception:  # noqa: BLE001 - the caseload screen is not showing yet
        return 0


async def _measure(path: Path, passphrase: str) -> dict[str, Any]:
    from textual.widgets import DataTable, Input

    from caseload.vault import Vault
    from navigator_tui.app import NavigatorApp

    unlocked = time.perf_counter()
    vault = Vault.open(path, passphrase)  # the test KDF: unlock without the key derivation
    unlock_s = time.perf_counter() - unlocked
    app = NavigatorApp(path, vault, settings_file=path.parent / "settings.json")
    monitor = StallMonitor()
    start = time.perf_counter()
    async with app.run_test(size=(160, 50)) as pilot:
        monitor.start()
        await _wait_for(lambda: app.cases is not None, what="loaded")
        loaded = time.perf_counter() - start
        _send_key(app, "f4")
        await _wait_for(lambda: _table_rows(app) > 0, what="rows")
        first_paint = time.perf_counter() - start

        # A keystroke that hides every row, then one that brings them all back: the
        # slower of the two is the figure (adding rows is the expensive direction).
        # The filter starts empty and settled, so each wait is for that keystroke.
        before = _table_rows(app)
        box = app.screen.query_one("#caseload-filter", Input)
        box.focus()
        box.value = ""
        await _wait_for(lambda: _table_rows(app) == before, 30, "filter cleared")
        await pilot.pause()
        keystroke = time.perf_counter()
        _send_key(app, "tilde", "~")
        await _wait_for(lambda: box.value == "~" and _table_rows(app) == 0, 30, "narrowed")
        narrow_s = time.perf_counter() - keystroke
        keystroke = time.perf_counter()
        _send_key(app, "backspace")
        await _wait_for(lambda: not box.value and _table_rows(app) == before, 30, "widened")
        widen_s = time.perf_counter() - keystroke
        filter_s = max(narrow_s, widen_s)
        app.screen.query_one("#caseload-table", DataTable).focus()

        # The warm-up worker (imports for the next screens, started once the keys are
        # left alone) ran beside the file-open probe and was counted in it: it is run
        # to its end here first, so the probes below time only what a key press costs.
        if app._warm_up_timer is not None:
            app._warm_up_timer.stop()
        app._warm_up()
        await _wait_for(lambda: _warm_up_done(app), 60, "warm-up")
        await pilot.pause()

        # Baseline, same run: push and show a screen of one line.
        empty = _empty_screen()
        mounted = time.perf_counter()
        app.push_screen(empty)
        await _wait_for(lambda: app.screen is empty and empty.is_mounted, 30, "empty screen")
        empty_frame_s = time.perf_counter() - mounted
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()

        screen_before = app.screen
        opened = time.perf_counter()
        _send_key(app, "enter")
        await _wait_for(lambda: _file_drawn(app, screen_before), 30, "file opened")
        open_file_first_s = time.perf_counter() - opened
        await pilot.pause()
        open_file_s = time.perf_counter() - opened

        tab_s = await _timed(app, pilot, "right_square_bracket",
                             lambda: bool(app.screen.query("#recovery-chart")))
        today_s = await _timed(app, pilot, "f3", lambda: _screen_is(app, "TodayScreen"))
        caseload_s = await _timed(app, pilot, "f4", lambda: _screen_is(app, "CaseloadScreen"))
        recovery_s = await _timed(
            app, pilot, "f5", lambda: _screen_is(app, "CaseloadRecoveryScreen")
        )
        monitor.stop()
    return {
        "unlock_s": unlock_s,
        "unlock_to_usable_s": unlock_s + loaded,
        "loaded_s": loaded,
        "first_paint_s": first_paint,
        "filter_keystroke_s": filter_s,
        "empty_screen_s": empty_frame_s,
        "open_file_first_s": open_file_first_s,
        "open_file_s": open_file_s,
        "switch_tab_s": tab_s,
        "switch_today_s": today_s,
        "switch_caseload_s": caseload_s,
        "switch_recovery_s": recovery_s,
        "longest_stall_s": monitor.longest,
    }


def _warm_up_done(app: Any) -> bool:
    return not any(w.group == "warm-up" and not w.is_finished for w in app.workers)


def _empty_screen() -> Any:
    from textual.screen import Screen
    from textual.widgets import Static

    class EmptyScreen(Screen[None]):
        def compose(self) -> Any:
            yield Static("baseline")

    return EmptyScreen()


def _file_drawn(app: Any, before: Any) -> bool:
    """The survivor file is in front with its header drawn (its first frame)."""
    from textual.widgets import Static

    screen = app.screen
    if screen is before or type(screen).__name__ != "SurvivorFileScreen":
        return False
    header = screen.query("#file-header")
    return bool(header) and bool(str(header.first(Static).render()))


def _screen_is(app: Any, name: str) -> bool:
    return type(app.screen).__name__ == name and app.screen.is_mounted


async def _timed(app: Any, pilot: Any, key: str, reached: Callable[[], bool]) -> float:
    """Seconds from a key press to the state it leads to (the app settled before)."""
    await pilot.pause()
    start = time.perf_counter()
    _send_key(app, key)
    await _wait_for(reached, 30, key)
    return time.perf_counter() - start


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB.

    On Linux the high-water mark of this process's own memory (``VmHWM``): the
    ``ru_maxrss`` of a child started by ``subprocess`` also counts the parent's
    memory at the time of the fork (the kernel carries the old memory's high-water
    mark across ``exec``), so in the benchmark it reported the parent's peak (the
    256 MiB key derivation it had just timed), not the app's.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    import resource  # POSIX only; the caller skips Windows

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return rss * scale / 1e6


_MEMORY_PROBE = """
import asyncio, json, sys
from pathlib import Path
from bench.app_bench import _measure, peak_rss_mb
result = asyncio.run(_measure(Path(sys.argv[1]), sys.argv[2]))
result["peak_rss_mb"] = peak_rss_mb()
print(json.dumps(result))
"""


def app_costs(path: Path, passphrase: str, runs: int = 1) -> dict[str, Any]:
    """The median of each app figure over the runs (one for a quick run of 3 repetitions)."""
    app_runs = 1 if runs <= 3 else min(runs, MAX_APP_RUNS)
    results = [_app_run(path, passphrase) for _ in range(app_runs)]
    failed = [result for result in results if "error" in result]
    if failed:
        return {"app": failed[0]}
    medians = {key: statistics.median(result[key] for result in results) for key in results[0]}
    return {"app": {**medians, "runs": app_runs}}


def _app_run(path: Path, passphrase: str) -> dict[str, Any]:
    """Run the app in a fresh process, so its peak memory is the app's alone."""
    if sys.platform == "win32":  # resource is POSIX-only; measure in-process without memory
        return asyncio.run(_measure(path, passphrase))
    proc = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path), passphrase],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=600,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr else "failed"}
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result
