"""Storage costs: vault size, save against its write-and-fsync floor, open, key derivation,
and the same operations on a plain (unencrypted) SQLite file as the baseline."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlmodel import select

from bench.measure import Timing, time_once, time_runs
from caseload.models import Survivor
from caseload.vault import Vault
from storage import backups, safe_io
from storage import vault_format as fmt

FLOOR_FILE = "floor.bin"


def floor_writer(folder: Path, size: int) -> Callable[[], None]:
    """What a save cannot beat: write ``size`` random bytes, fsync, rename, fsync the folder."""
    target = folder / FLOOR_FILE
    payload = os.urandom(size)

    def write() -> None:
        tmp = folder / "floor.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
        try:
            os.write(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
        safe_io.fsync_folder(folder)

    return write


def _timing(samples: list[float]) -> Timing:
    samples = sorted(samples)
    p95_index = min(len(samples) - 1, max(0, round(0.95 * (len(samples) - 1))))
    return Timing(statistics.median(samples), samples[p95_index], len(samples))


def save_and_floor(vault: Vault, runs: int) -> tuple[Timing, Timing]:
    """Saves after a one-field change, and the floor for the vault's size, taken in turns.

    Taken in turns (save, floor, save, floor ...) so that the load of a shared machine
    falls on both alike. Before timing, enough saves to fill the backup retention, so
    that every timed save is a save of a long session: it keeps a backup and one falls
    out of the keep set. That retention (unlinking the old backup) runs in a background
    thread after the save returns and is waited for outside the timings; the floor's
    previous file is likewise unlinked before each timed write, so that neither figure
    includes freeing a file of the vault's size, and both fsyncs find the same kind of
    pending work.
    """
    counter = [0]
    for _ in range(backups.KEEP_LAST + 1):
        _touch_one_survivor(vault, counter)
        vault.save()
    backups.wait_for_rotation()
    folder = vault.path.parent
    floor = floor_writer(folder, vault.path.stat().st_size)
    saves: list[float] = []
    floors: list[float] = []
    for _ in range(runs):
        _touch_one_survivor(vault, counter)
        saves.append(time_once(vault.save))
        backups.wait_for_rotation()
        (folder / FLOOR_FILE).unlink(missing_ok=True)
        floors.append(time_once(floor))
    (folder / FLOOR_FILE).unlink(missing_ok=True)
    return _timing(saves), _timing(floors)


def _touch_one_survivor(vault: Vault, counter: list[int]) -> None:
    counter[0] += 1
    with vault.session() as s:
        survivor = s.exec(select(Survivor).limit(1)).one()
        survivor.languages = f"bench edit {counter[0]}"
        s.add(survivor)
        s.commit()


def vault_costs(path: Path, passphrase: str, runs: int) -> dict[str, Any]:
    size = path.stat().st_size
    open_timing = time_runs(lambda: Vault.open(path, passphrase).close(), runs)
    vault = Vault.open(path, passphrase)
    try:
        save, floor = save_and_floor(vault, runs)
    finally:
        vault.close()
    return {
        "file_bytes": size,
        "save": save.as_dict(),
        "floor": floor.as_dict(),
        "save_to_floor_ratio": save.median / floor.median,
        "open_without_kdf": open_timing.as_dict(),
    }


def plain_sqlite_costs(vault: Vault, folder: Path, runs: int) -> dict[str, Any]:
    """The design card's plain alternative: the same caseload in an unencrypted SQLite file."""
    plain = folder / "plain.sqlite"
    plain.unlink(missing_ok=True)
    with vault.session() as s:
        source = s.connection().connection.driver_connection
        target = sqlite3.connect(plain)
        source.backup(target)  # type: ignore[union-attr]
        target.close()

    def open_plain() -> None:
        con = sqlite3.connect(plain)
        con.execute("SELECT count(*) FROM survivor").fetchone()
        con.close()

    con = sqlite3.connect(plain)
    con.execute("PRAGMA synchronous = FULL")
    counter = [0]

    def commit_one() -> None:
        counter[0] += 1
        con.execute(
            "UPDATE survivor SET languages = ? WHERE id = (SELECT min(id) FROM survivor)",
            (f"bench edit {counter[0]}",),
        )
        con.commit()

    save = time_runs(commit_one, runs)
    con.close()
    return {
        "file_bytes": plain.stat().st_size,
        "save": save.as_dict(),
        "open": time_runs(open_plain, runs).as_dict(),
    }


def kdf_cost(runs: int = 3) -> dict[str, Any]:
    params = fmt.PRODUCTION_KDF
    salt = os.urandom(16)
    timing = time_runs(
        lambda: fmt.derive_passphrase_key("benchmark passphrase", salt, params), runs
    )
    return {
        "memory_kib": params.memory_kib,
        "iterations": params.iterations,
        "lanes": params.lanes,
        **timing.as_dict(),
    }


def make_demo_vault(folder: Path, survivors: int, seed: int, today: dt.date) -> tuple[Path, float]:
    from demo.generator import write_demo_vault

    path = folder / f"bench-{survivors}.vault"
    seconds = time_once(
        lambda: write_demo_vault(
            path,
            "benchmark passphrase",
            survivors=survivors,
            seed=seed,
            today=today,
            kdf=fmt.TEST_KDF,
        )
    )
    return path, seconds


def scratch_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="navigator-bench-"))


_MEMORY_PROBE = """
import json, sys
from pathlib import Path
from bench.storage_bench import rss_now_mb, reset_peak, peak_mb
from caseload.vault import Vault
path, passphrase = Path(sys.argv[1]), sys.argv[2]
before_open = rss_now_mb()
reset_peak()
vault = Vault.open(path, passphrase)
open_peak = peak_mb()
before_save = rss_now_mb()
reset_peak()
vault.save()
save_peak = peak_mb()
vault.close()
print(json.dumps({"before_open_mb": before_open, "open_peak_mb": open_peak,
                  "before_save_mb": before_save, "save_peak_mb": save_peak}))
"""


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        return None
    return None


def rss_now_mb() -> float | None:
    return _status_mb("VmRSS")


def reset_peak() -> None:
    """Reset this process's peak resident memory (Linux: ``clear_refs`` 5 resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass


def peak_mb() -> float | None:
    return _status_mb("VmHWM")


def open_save_memory(path: Path, passphrase: str) -> dict[str, Any]:
    """Extra resident memory while opening and while saving, against the vault's size.

    In a fresh process (Linux only: it reads and resets VmHWM): the peak during
    ``Vault.open`` over the memory just before it (the file read, decrypted and loaded
    into SQLite), and the peak during ``save`` over the memory just before it (the
    database serialised, encrypted a piece at a time, written and read back). The
    baseline is the same process a moment earlier, so other processes' noise is out.
    """
    import subprocess
    import sys

    if not sys.platform.startswith("linux"):
        return {}
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-c", _MEMORY_PROBE, str(path), passphrase],
        capture_output=True, text=True, cwd=root, timeout=600,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    if proc.returncode != 0:
        return {"memory_error": (proc.stderr.strip().splitlines() or ["failed"])[-1]}
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    size_mb = path.stat().st_size / 1e6
    if None in found.values():
        return {}
    return {
        "open_memory_x": (found["open_peak_mb"] - found["before_open_mb"]) / size_mb,
        "save_memory_x": (found["save_peak_mb"] - found["before_save_mb"]) / size_mb,
        **found,
    }


def backup_footprint(path: Path) -> dict[str, Any]:
    """The backups folder at steady state, against the vault's size.

    Three saves a working day for 60 days, simulated with hard links to the vault file
    under backup names of those times (no bytes copied), then the real retention pass:
    what is left is what a navigator's disk holds after two months of use.
    """
    folder = backups.backup_dir(path)
    folder.mkdir(exist_ok=True)
    now = dt.datetime(2026, 11, 23, 17, tzinfo=dt.UTC)
    generation = 0
    for day in range(60, -1, -1):
        taken_day = now - dt.timedelta(days=day)
        if taken_day.weekday() >= 5:
            continue
        for hour in (-7, -4, -1):
            generation += 1
            taken = taken_day + dt.timedelta(hours=hour)
            name = f"{path.stem}-g{generation}-{taken.strftime('%Y%m%dT%H%M%S%fZ')}.vault"
            os.link(path, folder / name)
    backups.rotate(path, now)
    kept = backups.list_backups(path)
    total = backups.total_size(path)
    for backup in kept:
        backup.path.unlink()
    return {
        "backups_kept": len(kept),
        "backups_bytes": total,
        "backups_x": total / path.stat().st_size,
    }
