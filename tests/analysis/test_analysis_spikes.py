"""Spike detection: tail probabilities, baselines, known answers on synthetic series."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rasd.analysis.backtest import backtest_synthetic, synthetic_series
from rasd.analysis.records import IncidentFacts
from rasd.analysis.spikes import (
    DAILY,
    DetectorConfig,
    alarms,
    fit_baseline,
    negbin_sf,
    poisson_sf,
    scan,
    spikes_in_facts,
)
from rasd.errors import InputError


def brute_poisson_sf(x: int, mean: float) -> float:
    return 1.0 - sum(math.exp(k * math.log(mean) - mean - math.lgamma(k + 1)) for k in range(x))


@pytest.mark.parametrize(("x", "mean"), [(0, 2.0), (1, 0.5), (3, 2.0), (12, 5.0), (30, 20.0)])
def test_poisson_tail_matches_brute_force(x: int, mean: float) -> None:
    assert poisson_sf(x, mean) == pytest.approx(brute_poisson_sf(x, mean), rel=1e-9, abs=1e-15)


def test_known_tail_values() -> None:
    assert poisson_sf(12, 5.0) == pytest.approx(0.0054530919, rel=1e-8)
    # geometric: NB with size 1 → P(X ≥ x) = (1-p)^x
    assert negbin_sf(4, 1.0, 0.25) == pytest.approx(0.75**4, rel=1e-12)
    # far tails stay positive and tiny instead of cancelling to 0 or going negative
    tiny = poisson_sf(60, 2.0)
    assert 0.0 < tiny < 1e-40


def test_nb_tail_converges_to_poisson_for_large_size() -> None:
    mean, size = 4.0, 1e7
    assert negbin_sf(10, size, size / (size + mean)) == pytest.approx(
        poisson_sf(10, mean), rel=1e-4
    )


def test_baseline_picks_poisson_or_negative_binomial() -> None:
    flat = fit_baseline([2, 3, 1, 2, 2, 3, 2, 1] * 3)
    assert flat.model == "poisson"
    assert flat.mean == pytest.approx((48 + 0.5) / 24)
    bursty = fit_baseline([0, 0, 0, 9, 0, 1, 0, 12, 0, 0, 7, 0] * 2)
    assert bursty.model == "negbin"
    # overdispersion widens the tail
    assert bursty.sf(10) > flat.sf(10) * 100
    zeros = fit_baseline([0] * 28)
    assert zeros.model == "poisson" and 0 < zeros.mean < 0.05


def test_flat_poisson_false_alarm_rate_is_near_alpha() -> None:
    cfg = DetectorConfig(window=28, guard=7, alpha=0.01, min_count=0)
    res = backtest_synthetic(
        series=300, length=200, step_at=199, mean=10.0, factor=1.0, config=cfg, seed=7
    )
    assert res.steps_before > 40_000
    # discrete counts: the achieved rate is at most alpha, not far below it at mean 10
    assert 0.002 <= res.false_alarm_rate <= 0.012


def test_flat_negbin_false_alarm_rate_is_bounded() -> None:
    cfg = DetectorConfig(window=28, guard=7, alpha=0.01, min_count=0)
    res = backtest_synthetic(
        series=200, length=200, step_at=199, mean=4.0, factor=1.0, size=2.0, config=cfg, seed=3
    )
    assert res.false_alarm_rate <= 0.025  # moment fit on 28 points: slightly above alpha at most


def test_fourfold_step_is_detected_within_a_few_steps() -> None:
    res = backtest_synthetic(series=200, length=120, step_at=90, mean=2.0, factor=4.0, seed=11)
    assert res.detected >= 196
    assert res.median_delay is not None and res.median_delay <= 1
    # P(Poisson(8) ≥ 7) ≈ 0.69 per step: 97% of the series alarm within 3 steps
    assert sum(n for d, n in res.delays.items() if d <= 3) >= 190


def test_no_step_no_detection_beyond_false_alarms() -> None:
    res = backtest_synthetic(series=100, length=120, step_at=90, mean=2.0, factor=1.0, seed=5)
    assert res.detected <= 15  # any "detection" here is a false alarm within 14 days


def test_scan_needs_a_full_window_and_respects_min_count() -> None:
    counts = [0] * 40 + [2]
    results = scan(counts, DAILY)
    assert results[0].index == DAILY.start == 35
    assert not alarms(counts, DAILY)[-1]  # 2 < min_count 3, however unlikely
    loose = DetectorConfig(window=28, guard=7, alpha=0.01, min_count=2)
    assert alarms(counts, loose)[-1]


def test_bad_input_is_a_coded_error() -> None:
    with pytest.raises(InputError):
        scan([1, -1, 2])
    with pytest.raises(InputError):
        DetectorConfig(alpha=1.5)
    rng = np.random.default_rng(0)
    with pytest.raises(InputError):
        synthetic_series(rng, 0, 1.0)


def _fact(i: int, day: str, country: str, type_: str = "bombing") -> IncidentFacts:
    return IncidentFacts(
        id=f"i{i}",
        type=type_,
        status="executed",
        day=day,
        country=country,
        province=None,
        city=None,
        lat=None,
        lon=None,
        killed=None,
        wounded=None,
        confidence=0.8,
        version=1,
        updated_at="",
        groups=(),
        targets=(),
    )


def test_spikes_in_facts_finds_the_injected_burst_and_the_threat_signal() -> None:
    from datetime import date, timedelta

    start = date(2020, 1, 1)
    facts = [
        _fact(i, (start + timedelta(days=i * 7)).isoformat(), "IQ") for i in range(20)
    ]  # one a week
    burst_day = (start + timedelta(days=140)).isoformat()
    facts += [_fact(100 + i, burst_day, "IQ") for i in range(5)]
    facts += [_fact(200 + i, burst_day, "SA", "warning_threat") for i in range(4)]
    found = spikes_in_facts(facts, by=("country",), periods=("day",))
    keys = {(s.kind, s.key, s.start) for s in found}
    assert ("activity", "IQ", burst_day) in keys
    assert ("threat", "SA", burst_day) in keys
    assert all(s.pvalue < 0.01 and s.count >= 3 for s in found)
    assert spikes_in_facts(facts, by=("country",), periods=("day",), since="2021-01-01") == []


@pytest.mark.parametrize("min_count", [0, 3])
def test_candidates_only_gives_the_same_alarms(min_count: int) -> None:
    rng = np.random.default_rng(2)
    cfg = DetectorConfig(window=28, guard=7, alpha=0.01, min_count=min_count)
    counts = np.concatenate([rng.poisson(0.3, 400), rng.poisson(3.0, 100), rng.poisson(1, 200)])
    full = {r.index for r in scan(counts, cfg) if r.alarm}
    fast = {r.index for r in scan(counts, cfg, candidates_only=True) if r.alarm}
    assert full == fast and full
