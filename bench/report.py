"""Turn benchmark results into a plain table and RESULTS.md, with each target checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    survivors: int
    name: str
    limit: float
    unit: str
    value: Callable[[dict[str, Any]], float | None]


def _get(*keys: str) -> Callable[[dict[str, Any]], float | None]:
    def read(row: dict[str, Any]) -> float | None:
        value: Any = row
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return float(value)

    return read


#: The bar from the benchmark issue (bench/README.md).
TARGETS: tuple[Target, ...] = (
    Target(2000, "save / write-and-fsync floor", 2.0, "x", _get("save_to_floor_ratio")),
    Target(2000, "open without key derivation", 0.150, "s", _get("open_without_kdf", "median_s")),
    Target(2000, "app first paint", 0.7, "s", _get("app", "first_paint_s")),
    Target(2000, "filter keystroke", 0.100, "s", _get("app", "filter_keystroke_s")),
    Target(2000, "worklist", 0.200, "s", _get("worklist", "median_s")),
    Target(2000, "monthly export", 1.0, "s", _get("export_monthly", "median_s")),
    Target(2000, "funder export", 1.0, "s", _get("export_funder", "median_s")),
    Target(2000, "peak memory", 250.0, "MB", _get("app", "peak_rss_mb")),
    Target(10000, "monthly export", 5.0, "s", _get("export_monthly", "median_s")),
    Target(10000, "funder export", 5.0, "s", _get("export_funder", "median_s")),
    Target(10000, "longest UI stall", 0.100, "s", _get("app", "longest_stall_s")),
    Target(50, "app first paint", 0.5, "s", _get("app", "first_paint_s")),
    Target(50, "open a file, first frame", 0.100, "s", _get("app", "open_file_first_s")),
    Target(50, "open a file, settled", 0.150, "s", _get("app", "open_file_s")),
    Target(50, "switch tab", 0.050, "s", _get("app", "switch_tab_s")),
    Target(50, "F3 Today", 0.050, "s", _get("app", "switch_today_s")),
    Target(50, "F4 Caseload", 0.050, "s", _get("app", "switch_caseload_s")),
    Target(50, "F5 Recovery", 0.050, "s", _get("app", "switch_recovery_s")),
    Target(50, "longest UI stall", 0.100, "s", _get("app", "longest_stall_s")),
    Target(2000, "open a file, first frame", 0.100, "s", _get("app", "open_file_first_s")),
    Target(2000, "open a file, settled", 0.150, "s", _get("app", "open_file_s")),
    Target(2000, "switch tab", 0.050, "s", _get("app", "switch_tab_s")),
    Target(2000, "F3 Today", 0.050, "s", _get("app", "switch_today_s")),
    Target(2000, "F4 Caseload", 0.050, "s", _get("app", "switch_caseload_s")),
    Target(2000, "F5 Recovery", 0.050, "s", _get("app", "switch_recovery_s")),
    Target(2000, "longest UI stall", 0.100, "s", _get("app", "longest_stall_s")),
    Target(10000, "unlock to usable (no key derivation)", 1.5, "s",
           _get("app", "unlock_to_usable_s")),
    Target(10000, "peak memory", 350.0, "MB", _get("app", "peak_rss_mb")),
    Target(10000, "memory while opening / vault size", 3.0, "x", _get("open_memory_x")),
    Target(10000, "memory while saving / vault size", 3.0, "x", _get("save_memory_x")),
    Target(10000, "backups at steady state / vault size", 10.0, "x", _get("backups_x")),
)

COLUMNS: tuple[tuple[str, Callable[[dict[str, Any]], float | None], str], ...] = (
    ("vault MB", lambda r: r["file_bytes"] / 1e6, "{:.1f}"),
    ("save ms", _get("save", "median_s"), "ms"),
    ("save p95 ms", _get("save", "p95_s"), "ms"),
    ("floor ms", _get("floor", "median_s"), "ms"),
    ("save/floor", _get("save_to_floor_ratio"), "{:.2f}"),
    ("plain save ms", _get("plain_sqlite", "save", "median_s"), "ms"),
    ("open ms", _get("open_without_kdf", "median_s"), "ms"),
    ("plain open ms", _get("plain_sqlite", "open", "median_s"), "ms"),
    ("load ms", _get("load_cases", "median_s"), "ms"),
    ("load recent ms", _get("load_cases_recent", "median_s"), "ms"),
    ("worklist ms", _get("worklist", "median_s"), "ms"),
    ("monthly ms", _get("export_monthly", "median_s"), "ms"),
    ("funder ms", _get("export_funder", "median_s"), "ms"),
    ("paint ms", _get("app", "first_paint_s"), "ms"),
    ("usable ms", _get("app", "unlock_to_usable_s"), "ms"),
    ("empty screen ms", _get("app", "empty_screen_s"), "ms"),
    ("file first ms", _get("app", "open_file_first_s"), "ms"),
    ("file ms", _get("app", "open_file_s"), "ms"),
    ("tab ms", _get("app", "switch_tab_s"), "ms"),
    ("F3 ms", _get("app", "switch_today_s"), "ms"),
    ("F4 ms", _get("app", "switch_caseload_s"), "ms"),
    ("F5 ms", _get("app", "switch_recovery_s"), "ms"),
    ("stall ms", _get("app", "longest_stall_s"), "ms"),
    ("filter ms", _get("app", "filter_keystroke_s"), "ms"),
    ("peak MB", _get("app", "peak_rss_mb"), "{:.0f}"),
    ("open mem x", _get("open_memory_x"), "{:.2f}"),
    ("save mem x", _get("save_memory_x"), "{:.2f}"),
    ("backups x", _get("backups_x"), "{:.1f}"),
)


def _fmt(value: float | None, style: str) -> str:
    if value is None:
        return "-"
    if style == "ms":
        return f"{value * 1000:.1f}"
    return style.format(value)


def verdicts(results: dict[str, Any]) -> list[tuple[Target, float | None, str]]:
    rows = {r["survivors"]: r for r in results["sizes"]}
    out = []
    kdf = results["kdf"]["median_s"]
    kdf_target = Target(0, "key derivation (production)", 1.5, "s", lambda r: None)
    out.append((kdf_target, kdf, "met" if 0.3 <= kdf <= 1.5 else "MISSED"))
    help_s = results.get("startup", {}).get("help_s")
    help_target = Target(0, "navigator --help", 0.25, "s", lambda r: None)
    if help_s is None:
        out.append((help_target, None, "not measured"))
    else:
        out.append((help_target, help_s, "met" if help_s <= 0.25 else "MISSED"))
    for target in TARGETS:
        row = rows.get(target.survivors)
        value = target.value(row) if row else None
        if value is None:
            out.append((target, None, "not measured"))
        else:
            out.append((target, value, "met" if value <= target.limit else "MISSED"))
    return out


def render_table(results: dict[str, Any]) -> str:
    header = ["survivors", *[c[0] for c in COLUMNS]]
    lines = [" | ".join(header)]
    for row in results["sizes"]:
        cells = [str(row["survivors"])] + [_fmt(get(row), style) for _, get, style in COLUMNS]
        lines.append(" | ".join(cells))
    lines.append("")
    for target, value, verdict in verdicts(results):
        where = f"at {target.survivors}" if target.survivors else ""
        shown = "-" if value is None else f"{value:.3g} {target.unit}"
        limit = f"target <= {target.limit} {target.unit}"
        lines.append(f"{verdict:>12}  {target.name} {where}: {shown} ({limit})")
    return "\n".join(lines)


def render_markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    header = ["survivors", *[c[0] for c in COLUMNS]]
    out = [
        "# Benchmark results",
        "",
        f"- date: {results['date']}",
        f"- machine: {m['platform']}, {m['cpus']} CPUs, Python {m['python']}",
        f"- demo seed {results['seed']}, today {results['today']}, "
        f"{results['runs']} runs per timing",
        "- key derivation at production parameters "
        f"(Argon2id m={results['kdf']['memory_kib']} KiB, "
        f"t={results['kdf']['iterations']}, p={results['kdf']['lanes']}): "
        f"{results['kdf']['median_s']:.2f} s",
        *_startup_line(results),
        "",
        "Times are medians in milliseconds unless named p95. `floor` is writing and fsyncing a "
        "file of random bytes of the vault's size, then renaming it: no save can be cheaper. "
        "`plain` is the same caseload in an unencrypted SQLite file (one-row commit with "
        "synchronous=FULL; open = connect and first query), measured in the same run.",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for row in results["sizes"]:
        cells = [str(row["survivors"])] + [_fmt(get(row), style) for _, get, style in COLUMNS]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", "## Targets", "", "| target | value | verdict |", "|---|---|---|"]
    for target, value, verdict in verdicts(results):
        where = f" at {target.survivors}" if target.survivors else ""
        shown = "-" if value is None else f"{value:.3g} {target.unit}"
        out.append(
            f"| {target.name}{where} (<= {target.limit} {target.unit}) | {shown} | {verdict} |"
        )
    return "\n".join(out) + "\n"


def _startup_line(results: dict[str, Any]) -> list[str]:
    startup = results.get("startup")
    if not startup:
        return []
    return [
        f"- `navigator --help` in a fresh process: {startup['help_s']:.2f} s, against "
        f"{startup['python_s']:.2f} s for a bare Python start in the same run "
        f"({startup['help_to_python_ratio']:.1f}x)"
    ]
