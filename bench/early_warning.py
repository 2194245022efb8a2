"""Early-warning backtest: empirical false-alarm rate and detection delay of the
spike detector (:mod:`rasd.analysis.spikes`) on synthetic series with known
step changes, and its alarm rate on a rasd database.

Scenarios (daily series, 28-day window, 7-day guard, alpha 0.01, min count 3
unless stated): flat Poisson and negative-binomial series at several means
(false-alarm rate per series-step), and steps of ×2, ×3, ×4 (detection rate
within 14 days and delay). Fixed seeds: the numbers are reproducible.

    python bench/early_warning.py                 # synthetic scenarios, a table
    python bench/early_warning.py --db rasd.sqlite --json
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from rasd.analysis.backtest import backtest_store, backtest_synthetic
from rasd.analysis.spikes import DetectorConfig

SCENARIOS: list[dict[str, Any]] = [
    # flat series: every alarm is a false alarm (min_count 0 to see the raw rate)
    {"name": "flat Poisson μ=1", "mean": 1.0, "factor": 1.0, "min_count": 0},
    {"name": "flat Poisson μ=5", "mean": 5.0, "factor": 1.0, "min_count": 0},
    {"name": "flat Poisson μ=20", "mean": 20.0, "factor": 1.0, "min_count": 0},
    {"name": "flat NB μ=4 size 2", "mean": 4.0, "factor": 1.0, "size": 2.0, "min_count": 0},
    {"name": "flat Poisson μ=1, min 3", "mean": 1.0, "factor": 1.0, "min_count": 3},
    # step changes at day 90
    {"name": "step ×2 μ=2", "mean": 2.0, "factor": 2.0, "min_count": 3},
    {"name": "step ×3 μ=2", "mean": 2.0, "factor": 3.0, "min_count": 3},
    {"name": "step ×4 μ=2", "mean": 2.0, "factor": 4.0, "min_count": 3},
    {"name": "step ×4 μ=0.5", "mean": 0.5, "factor": 4.0, "min_count": 3},
    {"name": "step ×4 NB μ=2 size 2", "mean": 2.0, "factor": 4.0, "size": 2.0, "min_count": 3},
]


def run(series: int, alpha: float, seed: int) -> list[dict[str, Any]]:
    out = []
    for i, sc in enumerate(SCENARIOS):
        cfg = DetectorConfig(window=28, guard=7, alpha=alpha, min_count=sc["min_count"])
        flat = sc["factor"] == 1.0
        t0 = time.perf_counter()
        res = backtest_synthetic(
            series=series,
            length=400 if flat else 120,
            step_at=399 if flat else 90,
            mean=sc["mean"],
            factor=sc["factor"],
            size=sc.get("size"),
            config=cfg,
            seed=seed + i,
        )
        row = {"scenario": sc["name"], **res.to_dict(), "seconds": time.perf_counter() - t0}
        row["steps_per_second"] = (res.steps_before + series * (0 if flat else 30)) / row["seconds"]
        out.append(row)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--series", type=int, default=200, help="series per scenario")
    ap.add_argument("--alpha", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", help="also report the alarm rate on this rasd database")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = run(args.series, args.alpha, args.seed)
    db: dict[str, Any] | None = None
    if args.db:
        from rasd.store import Store

        with Store.open(args.db) as store:
            db = {p: backtest_store(store, period=p, alpha=args.alpha) for p in ("day", "week")}
    if args.json:
        print(json.dumps({"synthetic": rows, "database": db}, ensure_ascii=False, indent=2))
        return
    print(f"alpha {args.alpha}, {args.series} series per scenario, seed {args.seed}")
    print(
        f"{'scenario':<26} {'FAR/step':>9} {'detected':>9} {'median':>7} {'mean':>6} {'steps/s':>8}"
    )
    for r in rows:
        det = "—" if r["factor"] == 1.0 else f"{r['detected']}/{r['series']}"
        med = "—" if r["median_delay"] is None or r["factor"] == 1.0 else f"{r['median_delay']:.0f}"
        mean = "—" if r["mean_delay"] is None or r["factor"] == 1.0 else f"{r['mean_delay']:.2f}"
        print(
            f"{r['scenario']:<26} {r['false_alarm_rate']:>9.4f} {det:>9} {med:>7} {mean:>6} "
            f"{r['steps_per_second']:>8.0f}"
        )
    if db:
        for p, d in db.items():
            print(
                f"database ({p}): {d['incidents']} incidents, {d['series']} series, "
                f"{d['steps']} series-steps, {d['alarms']} alarms (rate {d['alarm_rate']:.4f})"
            )


if __name__ == "__main__":
    main()
