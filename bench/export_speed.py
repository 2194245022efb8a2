"""Export speed and memory: synthetic incidents to STIX and Parquet.

Each (format, count) runs in a fresh Python process so its peak RSS is its own.
Columns: wall and CPU seconds of the export (including generating the input on
the fly), ``input``: CPU seconds spent generating the input alone, incidents per
wall second, RSS before the export and at its peak, output size.
Incidents are generated lazily (never held in a list), so a flat peak RSS across
counts shows the exporter streams. Prints a table (or ``--json``).

    python bench/export_speed.py                       # 10k and 100k, stix and parquet
    python bench/export_speed.py --counts 1000 --formats stix,geojson,gtd-csv
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from rasd.model import (
    Actor,
    ArticleRef,
    Count,
    DateValue,
    Evidence,
    Incident,
    IncidentReport,
    Location,
    Tag,
)

GROUPS = [(f"Group {i}", f"جماعة رقم {i}") for i in range(40)]
COUNTRIES = ("IQ", "SY", "YE", "LY", "ML", "SO", "AF", "NG")
PLACES = [
    (f"City {i}", f"مدينة {i}", COUNTRIES[i % 8], 10.0 + i / 10, 5.0 + i / 7) for i in range(300)
]
TYPES = ["bombing", "armed_assault", "kidnapping", "plot_foiled", "arrest_raid", "assassination"]
STATUS = {"plot_foiled": "foiled", "arrest_raid": "executed"}
SENTENCE = (
    "قالت مصادر محلية إن هجومًا استهدف {target} في {place} وأسفر عن سقوط {n} ضحايا، وتبنته {group}."
)


def _evidence(text: str, phrase: str) -> Evidence:
    start = text.index(phrase)
    return Evidence(phrase, start, start + len(phrase), text, 0, len(text))


def synthetic(count: int, seed: int = 7) -> Iterator[Incident]:
    """``count`` varied incidents with 1–3 reports and evidence, generated one at a time."""
    rng = random.Random(seed)
    for i in range(count):
        kind = rng.choice(TYPES)
        group, group_ar = rng.choice(GROUPS)
        city, city_ar, cc, lat, lon = rng.choice(PLACES)
        killed = rng.randint(0, 30)
        text = SENTENCE.format(target="حاجزًا أمنيًا", place=city_ar, n=killed, group=group_ar)
        reports = []
        for r in range(rng.randint(1, 3)):
            reports.append(
                IncidentReport(
                    type=kind,
                    status=STATUS.get(kind, "executed"),
                    date=DateValue(
                        f"20{rng.randint(15, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                        "day",
                    ),
                    location=Location(
                        country=cc,
                        city=city,
                        name_ar=city_ar,
                        lat=lat,
                        lon=lon,
                        precision="city",
                        evidence=_evidence(text, city_ar),
                    ),
                    perpetrators=[
                        Actor(group, "claimed", group_ar, evidence=_evidence(text, group_ar))
                    ],
                    targets=[Tag("checkpoint", 3, "حاجزًا أمنيًا", _evidence(text, "حاجزًا أمنيًا"))],
                    weapons=[Tag("firearm", 5)],
                    killed=Count(killed, at_least=bool(r), evidence=_evidence(text, str(killed))),
                    confidence=round(rng.random(), 2),
                    evidence={"type": _evidence(text, "هجومًا")},
                    article=ArticleRef(
                        doc_id=f"doc-{i}-{r}",
                        url=f"https://news{r}.example.org/{i}",
                        title=f"هجوم في {city_ar}",
                        published="2024-01-01",
                        source=f"news{r}.example.org",
                    ),
                )
            )
        yield Incident(
            id=f"inc-{i:07d}",
            summary=reports[0],
            reports=reports,
            created_at="2024-01-02T00:00:00Z",
            updated_at=f"2024-01-02T{i % 24:02d}:00:00Z",
        )


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child(fmt: str, count: int) -> dict[str, float | int | str]:
    """One measured export in this process."""
    from rasd.share import export

    # Load the exporter (and pyarrow for parquet) before the baseline reading.
    with open(os.devnull, "wb") as sink:
        export(synthetic(1), fmt, sink)
    baseline = _rss_mb()
    gen_cpu = time.process_time()
    for _ in synthetic(count):
        pass
    gen_cpu = time.process_time() - gen_cpu
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"out.{fmt}"
        start, cpu = time.perf_counter(), time.process_time()
        with path.open("wb") as out:
            stats = export(synthetic(count), fmt, out)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        size = path.stat().st_size
    return {
        "format": fmt,
        "count": count,
        "written": stats.written,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "input_cpu_seconds": round(gen_cpu, 2),
        "incidents_per_s": round(count / seconds),
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(_rss_mb(), 1),
        "output_mb": round(size / 2**20, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--counts", default="10000,100000")
    parser.add_argument("--formats", default="stix,parquet")
    parser.add_argument("--json", action="store_true", help="print JSON lines instead of a table")
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]))))
        return
    results = []
    for fmt in args.formats.split(","):
        for count in (int(c) for c in args.counts.split(",")):
            proc = subprocess.run(
                [sys.executable, __file__, "--child", fmt, str(count)],
                capture_output=True,
                text=True,
                check=True,
            )
            results.append(json.loads(proc.stdout))
            if args.json:
                print(proc.stdout.strip(), flush=True)
    if not args.json:
        print(
            f"{'format':<9}{'count':>9}{'wall s':>9}{'cpu s':>9}{'input':>7}{'inc/s':>9}"
            f"{'base MB':>9}{'peak MB':>9}{'out MB':>8}"
        )
        for r in results:
            print(
                f"{r['format']:<9}{r['count']:>9}{r['seconds']:>9}{r['cpu_seconds']:>9}{r['input_cpu_seconds']:>7}"
                f"{r['incidents_per_s']:>9}"
                f"{r['baseline_rss_mb']:>9}{r['peak_rss_mb']:>9}{r['output_mb']:>8}"
            )


if __name__ == "__main__":
    main()
