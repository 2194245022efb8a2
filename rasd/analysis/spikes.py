"""Spike detection on incident counts: a count-model baseline and an upper-tail test.

Method
------
For one series (daily or weekly incident counts of one country, group or
target type) and one step ``t`` with count ``x``:

1. **Baseline window.** Take the ``window`` steps that end ``guard`` steps before
   ``t`` (defaults: 28 days with a 7-day guard gap for daily series, 8 weeks with
   a 1-week gap for weekly ones). The guard keeps the first days of a developing
   surge out of its own baseline.
2. **Model.** With ``n`` window counts, sum ``s``, mean ``m`` and sample variance
   ``v``: if the dispersion index ``v / m`` exceeds ``1 + 2·sqrt(2/(n-1))`` (two
   standard errors above 1 under a Poisson model, where ``(n-1)·v/m ~ χ²(n-1)``)
   the counts are overdispersed and the baseline is a **negative binomial** fitted
   by moments (size ``r = m²/(v-m)``, ``p = r/(r+m)``). Otherwise it is
   **Poisson** with the rate's estimation uncertainty included: with a Jeffreys
   prior, the predictive distribution of the next count is negative binomial with
   size ``s + ½`` and ``p = n/(n+1)`` (mean ``(s+½)/n``), which also handles an
   all-zero window without a special case.
3. **Test.** The upper-tail probability ``P(X ≥ x | baseline)`` is computed
   exactly from the probability mass function (``math.lgamma``; no scipy). An
   alarm is raised when it is below ``alpha`` **and** ``x ≥ min_count``.

False-alarm rate: when the series is stationary and the model right, each
evaluated series-step raises a false alarm with probability at most ``alpha``
(default 0.01 — about one false alarm per 100 series-days, i.e. for 30 watched
series roughly one every 3 days on daily data). Counts are discrete, so the
achieved rate is usually *below* ``alpha`` (e.g. Poisson mean 5: P(X≥12) = 0.0055
is the largest tail under 0.01); ``min_count`` lowers it further for sparse
series, where a jump from 0 to 1 or 2 is too weak a signal to report.
``rasd.analysis.backtest`` measures the empirical rate and detection delay on
synthetic series with injected step changes.

Threat signals: the same detector runs on the per-country counts of warnings,
foiled plots and arrests (:data:`THREAT_TYPES`, plus any incident with status
``foiled``) as its own detector (``kind="threat"``): a rise in such reports
often precedes attacks.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from rasd.analysis.records import (
    IncidentFacts,
    load_facts,
    parse_day,
    period_range,
    period_start,
)
from rasd.analysis.trends import keys_of
from rasd.errors import InputError
from rasd.store.records import IncidentFilter

if TYPE_CHECKING:
    from rasd.store.repo import Store

THREAT_TYPES = frozenset({"warning_threat", "plot_foiled", "arrest_raid"})
SPIKE_KEYS = ("country", "group", "target", "type")
SPIKE_PERIODS = ("day", "week")
TAIL_TOLERANCE = 1e-13
MAX_TAIL_TERMS = 100_000


# -- distributions ---------------------------------------------------------------------------


def poisson_logpmf(k: int, mean: float) -> float:
    if mean <= 0:
        return 0.0 if k == 0 else -math.inf
    return k * math.log(mean) - mean - math.lgamma(k + 1)


def negbin_logpmf(k: int, size: float, prob: float) -> float:
    """log P(X = k) for a negative binomial with ``size`` r > 0 and success ``prob`` p:
    mean r(1-p)/p, variance r(1-p)/p²."""
    if prob >= 1.0:
        return 0.0 if k == 0 else -math.inf
    return (
        math.lgamma(k + size)
        - math.lgamma(size)
        - math.lgamma(k + 1)
        + size * math.log(prob)
        + k * math.log1p(-prob)
    )


def upper_tail(x: int, logpmf: Callable[[int], float], mean: float) -> float:
    """``P(X ≥ x)`` for a unimodal count distribution, summed from the pmf.

    Below or near the mean it is ``1 - P(X < x)``; above it the tail is summed
    directly (the terms decrease there), which keeps precision for tiny tails.
    """
    if x <= 0:
        return 1.0
    if x <= mean + 1:
        cdf = math.fsum(math.exp(logpmf(k)) for k in range(x))
        return min(1.0, max(0.0, 1.0 - cdf))
    total = 0.0
    k = x
    while k < x + MAX_TAIL_TERMS:
        term = math.exp(logpmf(k))
        total += term
        if term <= total * TAIL_TOLERANCE or term == 0.0:
            break
        k += 1
    return min(1.0, total)


def poisson_sf(x: int, mean: float) -> float:
    """``P(X ≥ x)`` for Poisson(``mean``)."""
    return upper_tail(x, lambda k: poisson_logpmf(k, mean), mean)


def negbin_sf(x: int, size: float, prob: float) -> float:
    """``P(X ≥ x)`` for a negative binomial (see :func:`negbin_logpmf`)."""
    mean = size * (1 - prob) / prob
    return upper_tail(x, lambda k: negbin_logpmf(k, size, prob), mean)


# -- baseline and detector ----------------------------------------------------------------


@dataclass(frozen=True)
class Baseline:
    """The predictive distribution of the next count (see the module docstring)."""

    model: str  # "poisson" (gamma-Poisson predictive) or "negbin" (moment fit)
    mean: float  # predictive mean
    size: float
    prob: float
    n: int

    def sf(self, x: int) -> float:
        """``P(X ≥ x)`` under the baseline."""
        return negbin_sf(x, self.size, self.prob)


def overdispersion_limit(n: int) -> float:
    """Largest variance/mean ratio still treated as Poisson for ``n`` window counts."""
    return 1.0 + 2.0 * math.sqrt(2.0 / max(1, n - 1))


def fit_baseline(window: Sequence[int] | np.ndarray) -> Baseline:
    """Fit the baseline to the counts of a trailing window (at least one count)."""
    arr = np.asarray(window, dtype=float)
    n = int(arr.size)
    if n == 0:
        raise InputError("empty baseline window", hint="use a window of at least 2 steps")
    s = float(arr.sum())
    mean = s / n
    var = float(arr.var(ddof=1)) if n > 1 else 0.0
    if n > 1 and mean > 0 and var / mean > overdispersion_limit(n):
        size = mean * mean / (var - mean)
        return Baseline("negbin", mean, size, size / (size + mean), n)
    size = s + 0.5
    prob = n / (n + 1.0)
    return Baseline("poisson", size / n, size, prob, n)


@dataclass(frozen=True)
class DetectorConfig:
    """Detector parameters; ``window`` and ``guard`` are in steps of the series."""

    window: int = 28
    guard: int = 7
    alpha: float = 0.01
    min_count: int = 3

    def __post_init__(self) -> None:
        if self.window < 2:
            raise InputError("window must be at least 2 steps")
        if self.guard < 0:
            raise InputError("guard must be 0 or more steps")
        if not 0.0 < self.alpha < 1.0:
            raise InputError(f"alpha must be within (0, 1), got {self.alpha}")
        if self.min_count < 0:
            raise InputError("min_count must be 0 or more")

    @property
    def start(self) -> int:
        """The first step that can be tested (a full window and guard before it)."""
        return self.window + self.guard


DAILY = DetectorConfig(window=28, guard=7)
WEEKLY = DetectorConfig(window=8, guard=1)


def default_config(period: str, alpha: float = 0.01, min_count: int = 3) -> DetectorConfig:
    base = DAILY if period == "day" else WEEKLY
    return DetectorConfig(base.window, base.guard, alpha, min_count)


@dataclass(frozen=True)
class StepResult:
    index: int
    count: int
    expected: float
    pvalue: float
    model: str
    alarm: bool


def scan(
    counts: Sequence[int] | np.ndarray,
    config: DetectorConfig = DAILY,
    *,
    candidates_only: bool = False,
) -> list[StepResult]:
    """Test every step of ``counts`` that has a full window and guard before it.

    ``candidates_only``: return only the steps that could alarm (count at least
    ``min_count`` and above the window mean) — the same alarms, much faster on
    long sparse series.
    """
    arr = np.asarray(counts, dtype=np.int64)
    if arr.ndim != 1 or (arr.size and int(arr.min()) < 0):
        raise InputError("counts must be a 1-d series of non-negative integers")
    out: list[StepResult] = []
    csum = np.concatenate([[0], np.cumsum(arr)])
    steps: Iterable[int] = range(config.start, int(arr.size))
    if candidates_only:
        idx = np.arange(config.start, int(arr.size))
        means = (
            csum[idx - config.guard] - csum[idx - config.guard - config.window]
        ) / config.window
        keep = (arr[idx] >= max(1, config.min_count)) & (arr[idx] > means)
        steps = [int(t) for t in idx[keep]]
    for t in steps:
        lo, hi = t - config.guard - config.window, t - config.guard
        x = int(arr[t])
        if x == 0 and config.min_count > 0:
            # nothing to test: 0 is never a spike (P(X ≥ 0) = 1)
            mean = (float(csum[hi] - csum[lo]) + 0.5) / config.window
            out.append(StepResult(t, 0, mean, 1.0, "poisson", False))
            continue
        base = fit_baseline(arr[lo:hi])
        p = base.sf(x)
        alarm = p < config.alpha and x >= config.min_count
        out.append(StepResult(t, x, base.mean, p, base.model, alarm))
    return out


def alarms(counts: Sequence[int] | np.ndarray, config: DetectorConfig = DAILY) -> np.ndarray:
    """A boolean array: ``True`` where a step raised an alarm."""
    flags = np.zeros(len(counts), dtype=bool)
    for r in scan(counts, config):
        flags[r.index] = r.alarm
    return flags


# -- series from incidents ---------------------------------------------------------------


@dataclass(frozen=True)
class Spike:
    kind: str  # "activity" or "threat"
    by: str
    key: str
    period: str
    start: str  # first day of the step
    count: int
    expected: float
    pvalue: float
    model: str

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["expected"] = round(self.expected, 3)
        d["pvalue"] = float(f"{self.pvalue:.3g}")
        return d


def count_series(
    facts: Sequence[IncidentFacts], by: str, period: str, first: str, last: str
) -> tuple[list[str], dict[str, np.ndarray]]:
    """Per-key counts for every ``period`` step from ``first`` to ``last`` (ISO days).

    Returns the step start days and, for each key (``None`` keys left out), its counts.
    """
    if period not in SPIKE_PERIODS:
        raise InputError(
            f"spike period must be day or week, got {period!r}", hint="use --period day|week"
        )
    steps = list(period_range(first, last, period))
    index = {s: i for i, s in enumerate(steps)}
    series: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(steps), dtype=np.int64))
    for f in facts:
        if not f.day or f.day < first or f.day > last:
            continue
        i = index.get(period_start(f.day, period))
        if i is None:
            continue
        for k in keys_of(f, by):
            if k is not None:
                series[k][i] += 1
    return steps, dict(series)


def is_threat(f: IncidentFacts) -> bool:
    return f.type in THREAT_TYPES or f.status == "foiled"


def spikes_in_facts(
    facts: Sequence[IncidentFacts],
    *,
    by: Sequence[str] = ("country", "group", "target"),
    periods: Sequence[str] = SPIKE_PERIODS,
    since: str | None = None,
    until: str | None = None,
    alpha: float = 0.01,
    min_count: int = 3,
    threat: bool = True,
) -> list[Spike]:
    """Alarms over incident records; only steps starting on/after ``since`` are reported.

    The series run from the first incident day (or earlier) to ``until`` (default:
    the last incident day), so a spike can only be judged against earlier data.
    """
    for b in by:
        if b not in SPIKE_KEYS:
            raise InputError(f"unknown spike key {b!r}", hint=f"use {', '.join(SPIKE_KEYS)}")
    days = [f.day for f in facts if f.day]
    if not days:
        return []
    last = parse_day(until, "until").isoformat() if until else max(days)
    first = min(days)
    if since:
        since = parse_day(since, "since").isoformat()
    jobs: list[tuple[str, str, list[IncidentFacts]]] = [("activity", b, list(facts)) for b in by]
    if threat:
        jobs.append(("threat", "country", [f for f in facts if is_threat(f)]))
    out: list[Spike] = []
    for period in periods:
        config = default_config(period, alpha, min_count)
        for kind, b, subset in jobs:
            if not subset:
                continue
            steps, series = count_series(subset, b, period, first, last)
            for key in sorted(series):
                counts = series[key]
                if int(counts.sum()) < max(1, min_count):
                    continue  # cannot reach min_count on any step
                for r in scan(counts, config, candidates_only=True):
                    if r.alarm and (since is None or steps[r.index] >= since):
                        out.append(
                            Spike(
                                kind,
                                b,
                                key,
                                period,
                                steps[r.index],
                                r.count,
                                r.expected,
                                r.pvalue,
                                r.model,
                            )
                        )
    out.sort(key=lambda s: (s.start, s.pvalue, s.kind, s.by, s.key, s.period))
    return out


def detect_spikes(
    store: Store,
    *,
    by: Sequence[str] = ("country", "group", "target"),
    periods: Sequence[str] = SPIKE_PERIODS,
    since: str | None = None,
    until: str | None = None,
    alpha: float = 0.01,
    min_count: int = 3,
    threat: bool = True,
    filters: IncidentFilter | None = None,
) -> list[Spike]:
    """Spikes in the stored incidents (see the module docstring for the method)."""
    facts = load_facts(store, filters)
    return spikes_in_facts(
        facts,
        by=by,
        periods=periods,
        since=since,
        until=until,
        alpha=alpha,
        min_count=min_count,
        threat=threat,
    )


def threat_signals(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    alpha: float = 0.01,
    min_count: int = 3,
    periods: Sequence[str] = ("week",),
) -> list[Spike]:
    """Only the threat detector: rises in warnings, foiled plots and arrests per country."""
    facts = [f for f in load_facts(store) if is_threat(f)]
    return [
        s
        for s in spikes_in_facts(
            facts,
            by=(),
            periods=periods,
            since=since,
            until=until,
            alpha=alpha,
            min_count=min_count,
            threat=True,
        )
        if s.kind == "threat"
    ]
