"""Small statistics and formatting helpers shared by the benchmark scripts."""

from __future__ import annotations

import math
import os
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass


def machine() -> str:
    """What ran the figures: the interpreter (its build matters: one compiled without
    profile-guided optimisation runs the engine some 20% slower), CPUs and load."""
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    interpreter = os.path.realpath(sys.executable)
    return (
        f"Python {sys.version.split()[0]} ({interpreter}), {os.cpu_count()} CPUs, "
        f"load average {load}"
    )


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile (fraction in 0..1) of a non-empty sample."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered) - 1e-9))
    return ordered[min(rank, len(ordered)) - 1]


@dataclass(frozen=True, slots=True)
class Summary:
    """Latency figures of one run, in milliseconds."""

    count: int
    median: float
    p90: float
    p99: float
    max: float
    per_second: float

    @classmethod
    def of(cls, seconds: Sequence[float], elapsed: float | None = None) -> Summary:
        """Summarise durations in seconds; `elapsed` (s) gives the rate, else their sum."""
        millis = [s * 1000 for s in seconds]
        total = elapsed if elapsed is not None else sum(seconds)
        return cls(
            count=len(millis),
            median=statistics.median(millis),
            p90=percentile(millis, 0.90),
            p99=percentile(millis, 0.99),
            max=max(millis),
            per_second=len(millis) / total if total > 0 else float("inf"),
        )

    def line(self, label: str, unit: str = "req/s") -> str:
        """One aligned line of figures."""
        return (
            f"{label:<28} n={self.count:<4} median {self.median:7.2f} ms  p90 {self.p90:7.2f} ms"
            f"  p99 {self.p99:7.2f} ms  max {self.max:7.2f} ms  {self.per_second:8.1f} {unit}"
        )
