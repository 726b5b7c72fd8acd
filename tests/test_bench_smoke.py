"""The benchmark runs end to end at a small size (a smoke test: no timing is asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.run import main


def test_benchmark_smoke_run_writes_results(tmp_path: Path) -> None:
    results = main(["--sizes", "50", "--quick", "--out", str(tmp_path)])
    written = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert written["sizes"][0]["survivors"] == 50
    row = written["sizes"][0]
    for key in (
        "file_bytes",
        "save",
        "floor",
        "open_without_kdf",
        "plain_sqlite",
        "worklist",
        "export_monthly",
        "export_funder",
        "app",
    ):
        assert key in row, key
    assert "error" not in row["app"], row["app"]
    assert row["app"]["peak_rss_mb"] > 0
    assert results["kdf"]["memory_kib"] >= 64 * 1024
    report = (tmp_path / "RESULTS.md").read_text(encoding="utf-8")
    assert "| 50 |" in report and "## Targets" in report
