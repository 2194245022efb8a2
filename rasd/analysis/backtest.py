"""Backtests of the spike detector: synthetic series with known step changes, and
the alarm rate on a rasd database.

Synthetic: each series is Poisson (or negative binomial with ``size``) with mean
``mean`` up to ``step_at`` and ``mean × factor`` from then on. Steps before the
change give the empirical false-alarm rate per series-step; the first alarm at
or after the change gives the detection delay (in steps). Everything is driven
by one seeded ``numpy.random.Generator``, so a result is reproducible.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from rasd.analysis.records import load_facts
from rasd.analysis.spikes import DetectorConfig, count_series, default_config, scan
from rasd.errors import InputError

if TYPE_CHECKING:
    from rasd.store.repo import Store


def synthetic_series(
    rng: np.random.Generator,
    length: int,
    mean: float,
    *,
    factor: float = 1.0,
    step_at: int | None = None,
    size: float | None = None,
) -> np.ndarray:
    """Counts with mean ``mean`` before ``step_at`` and ``mean × factor`` after it;
    negative binomial with ``size`` (variance ``μ + μ²/size``) when given, else Poisson."""
    if length < 1 or mean < 0 or factor < 0:
        raise InputError("length must be ≥ 1 and mean, factor ≥ 0")
    mu = np.full(length, float(mean))
    if step_at is not None:
        mu[step_at:] *= factor
    if size is None:
        return rng.poisson(mu).astype(np.int64)
    lam = rng.gamma(size, mu / size)  # gamma–Poisson mixture = negative binomial
    return rng.poisson(lam).astype(np.int64)


@dataclass
class BacktestResult:
    series: int
    mean: float
    factor: float
    size: float | None
    steps_before: int  # evaluated steps before the change, over all series
    false_alarms: int
    false_alarm_rate: float
    detected: int  # series with an alarm within max_delay steps of the change
    missed: int
    median_delay: float | None
    mean_delay: float | None
    delays: dict[int, int] = field(default_factory=dict)  # delay → number of series
    config: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def backtest_synthetic(
    *,
    series: int = 200,
    length: int = 120,
    step_at: int = 90,
    mean: float = 2.0,
    factor: float = 4.0,
    size: float | None = None,
    max_delay: int = 14,
    config: DetectorConfig | None = None,
    seed: int = 0,
) -> BacktestResult:
    """Run the detector on ``series`` synthetic series; see the module docstring."""
    config = config or default_config("day")
    if not config.start < step_at < length:
        raise InputError(
            f"step_at must lie after the first testable step ({config.start}) and before "
            f"the end ({length})"
        )
    rng = np.random.default_rng(seed)
    steps_before = false_alarms = 0
    delays: list[int] = []
    for _ in range(series):
        counts = synthetic_series(rng, length, mean, factor=factor, step_at=step_at, size=size)
        first_after: int | None = None
        for r in scan(counts, config):
            if r.index < step_at:
                steps_before += 1
                false_alarms += int(r.alarm)
            elif r.alarm and first_after is None:
                first_after = r.index - step_at
        if first_after is not None and first_after <= max_delay:
            delays.append(first_after)
    hist: dict[int, int] = {}
    for d in sorted(delays):
        hist[d] = hist.get(d, 0) + 1
    return BacktestResult(
        series=series,
        mean=mean,
        factor=factor,
        size=size,
        steps_before=steps_before,
        false_alarms=false_alarms,
        false_alarm_rate=false_alarms / steps_before if steps_before else 0.0,
        detected=len(delays),
        missed=series - len(delays),
        median_delay=float(np.median(delays)) if delays else None,
        mean_delay=float(np.mean(delays)) if delays else None,
        delays=hist,
        config=asdict(config),
    )


def backtest_store(
    store: Store,
    *,
    by: tuple[str, ...] = ("country", "group", "target"),
    period: str = "day",
    alpha: float = 0.01,
    min_count: int = 3,
) -> dict[str, Any]:
    """Alarm rate of the detector over every series of a database (no ground truth:
    on quiet data this is an upper bound of the false-alarm rate)."""
    facts = load_facts(store)
    days = [f.day for f in facts if f.day]
    config = default_config(period, alpha, min_count)
    out: dict[str, Any] = {"incidents": len(facts), "period": period, "config": asdict(config)}
    if not days:
        return {**out, "series": 0, "steps": 0, "alarms": 0, "alarm_rate": 0.0}
    n_series = n_steps = n_alarms = 0
    for b in by:
        _, series = count_series(facts, b, period, min(days), max(days))
        for key in sorted(series):
            counts = series[key]
            n_series += 1
            n_steps += max(0, len(counts) - config.start)
            n_alarms += sum(r.alarm for r in scan(counts, config, candidates_only=True))
    return {
        **out,
        "first_day": min(days),
        "last_day": max(days),
        "series": n_series,
        "steps": n_steps,
        "alarms": n_alarms,
        "alarm_rate": n_alarms / n_steps if n_steps else 0.0,
    }
