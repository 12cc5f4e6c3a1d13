"""Timing of the benchmark: perf_counter samples, their median and nearest-rank percentile, and
the time of each query through `connection.execute_wrapper`."""

import math
import statistics
import time
from collections.abc import Callable
from typing import Any, TypeVar

Result = TypeVar("Result")


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 30 samples is the 29th smallest)."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarize(samples: list[float]) -> dict[str, float]:
    """Median, p95 and minimum in milliseconds of samples in seconds."""
    return {
        "median_ms": round(statistics.median(samples) * 1000, 2),
        "p95_ms": round(percentile(samples, 0.95) * 1000, 2),
        "min_ms": round(min(samples) * 1000, 2),
        "samples": len(samples),
    }


def median_ms(samples: list[float]) -> float:
    return summarize(samples)["median_ms"]


def timed(function: Callable[..., Result], *args: Any, **kwargs: Any) -> tuple[float, Result]:
    """(seconds, result) of one call."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


class QueryTimer:
    """`with connection.execute_wrapper(QueryTimer()) as timer`: each query's time, measured with
    perf_counter (Django's own query log rounds every query to the millisecond)."""

    def __init__(self) -> None:
        self.queries: list[tuple[float, str]] = []

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(((time.perf_counter() - started) * 1000, sql))

    @property
    def total_ms(self) -> float:
        return round(sum(ms for ms, _sql in self.queries), 1)
