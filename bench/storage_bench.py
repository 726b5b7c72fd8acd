"""Storage costs: vault size, save against its write-and-fsync floor, open, key derivation,
and the same operations on a plain (unencrypted) SQLite file as the baseline."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from sqlmodel import select

from bench.measure import time_once, time_runs
from storage import safe_io
from storage import vault_format as fmt
from storage.models import Survivor
from storage.vault import Vault


def write_floor(folder: Path, size: int, runs: int) -> dict[str, Any]:
    """What a save cannot beat: write ``size`` random bytes, fsync, rename, fsync the folder."""
    target = folder / "floor.bin"
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

    return time_runs(write, runs).as_dict()


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
        counter = [0]
        save = time_runs(vault.save, runs, setup=lambda: _touch_one_survivor(vault, counter))
    finally:
        vault.close()
    floor = write_floor(path.parent, size, runs)
    return {
        "file_bytes": size,
        "save": save.as_dict(),
        "floor": floor,
        "save_to_floor_ratio": save.median / floor["median_s"],
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
    from storage.demo import write_demo_vault

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
