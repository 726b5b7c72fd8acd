"""Navigator's benchmark: how costs grow with the caseload, against baselines from the same run.

    .venv/bin/python -m bench.run                 # 50, 500, 2,000 and 10,000 survivors
    .venv/bin/python -m bench.run --sizes 50 --quick --out /tmp/bench   # smoke run

Writes ``results.json`` and ``RESULTS.md`` (default: this folder) and prints a table.
Targets are in bench/README.md; the results say plainly which are met.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
from pathlib import Path
from typing import Any

from bench import app_bench, rules_bench, storage_bench
from bench.report import render_markdown, render_table
from demo import DEFAULT_SEED

HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = (50, 500, 2000, 10000)
SEED = DEFAULT_SEED
TODAY = dt.date(2026, 11, 23)


def machine() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.machine(),
        "cpus": os.cpu_count(),
    }


def startup_costs(runs: int) -> dict[str, Any]:
    """``navigator --help`` in a fresh process, against a bare Python start in the same run."""
    import statistics
    import subprocess
    import time

    def once(args: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, *args], capture_output=True, check=True, cwd=HERE.parent,
            env={**os.environ, "PYTHONPATH": str(HERE.parent)},
        )
        return time.perf_counter() - start

    bare = statistics.median(once(["-c", "pass"]) for _ in range(runs))
    helped = statistics.median(once(["-m", "navigator_tui.cli", "--help"]) for _ in range(runs))
    return {"python_s": bare, "help_s": helped, "help_to_python_ratio": helped / bare}


def bench_size(survivors: int, runs: int, with_app: bool) -> dict[str, Any]:
    folder = storage_bench.scratch_folder()
    try:
        path, generate_s = storage_bench.make_demo_vault(folder, survivors, SEED, TODAY)
        result: dict[str, Any] = {"survivors": survivors, "generate_s": generate_s}
        result.update(storage_bench.vault_costs(path, "benchmark passphrase", runs))
        result.update(storage_bench.open_save_memory(path, "benchmark passphrase"))
        result.update(storage_bench.backup_footprint(path))
        from caseload.vault import Vault

        with Vault.open(path, "benchmark passphrase") as vault:
            result["plain_sqlite"] = storage_bench.plain_sqlite_costs(vault, folder, runs)
            result.update(rules_bench.rules_costs(vault, TODAY, runs))
        if with_app:
            result.update(app_bench.app_costs(path, "benchmark passphrase", runs))
        return result
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--runs", type=int, default=15, help="repetitions of each timing")
    parser.add_argument("--quick", action="store_true", help="few repetitions (smoke test)")
    parser.add_argument("--no-app", action="store_true", help="skip the app timings")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs

    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "seed": SEED,
        "today": TODAY.isoformat(),
        "runs": runs,
        "kdf": storage_bench.kdf_cost(1 if args.quick else 3),
        "startup": startup_costs(3 if args.quick else 7),
        "sizes": [],
    }
    for survivors in args.sizes:
        print(f"measuring {survivors} survivors...", file=sys.stderr, flush=True)
        results["sizes"].append(bench_size(survivors, runs, not args.no_app))

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (args.out / "RESULTS.md").write_text(render_markdown(results), encoding="utf-8")
    print(render_table(results))
    return results


if __name__ == "__main__":
    main()
