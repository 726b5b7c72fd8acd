"""Timing helpers for the benchmark: medians and percentiles of repeated runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    median: float
    p95: float
    runs: int

    def as_dict(self) -> dict[str, float | int]:
        return {"median_s": self.median, "p95_s": self.p95, "runs": self.runs}


def time_once(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def time_runs(
    func: Callable[[], object], runs: int, setup: Callable[[], object] | None = None
) -> Timing:
    samples = []
    for _ in range(runs):
        if setup is not None:
            setup()
        samples.append(time_once(func))
    samples.sort()
    p95_index = min(len(samples) - 1, max(0, round(0.95 * (len(samples) - 1))))
    return Timing(statistics.median(samples), samples[p95_index], len(samples))
