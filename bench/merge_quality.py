"""Pairwise merge quality (precision / recall / F1) of rasd's incident merger.

Input, one JSON object per line, either

* labelled reports (e.g. extractor output on the dev articles, labelled with the
  gold ``event_key`` of the incident each report matched)::

      {"id": "2015-08-06#12.0", "article_id": "2015-08-06#12",
       "event_key": "abha-emergency-forces-mosque-2015-08-06",
       "report": {...IncidentReport.to_dict()...}}

  (``id`` defaults to ``<article_id>.<line>``; ``article_id`` to
  ``report.article.doc_id``); or
* a gold file in the format of ``shared/eval/README.md`` (lines with
  ``incidents``): each gold incident becomes a report (perfect extraction).

Usage::

    python bench/merge_quality.py ../shared/eval/saudinewsnet_dev_gold.jsonl
    python bench/merge_quality.py labelled.jsonl --sweep 2,2.5,2.75,3,3.5 --json

Prints the scores for the default :class:`rasd.link.score.MergeParams` (or each
threshold of ``--sweep``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from rasd.link.calibrate import LabelledItem, evaluate, gold_items
from rasd.link.score import LinkItem, MergeParams
from rasd.model import IncidentReport


def read_labelled(path: Path, required_only: bool = False) -> list[LabelledItem]:
    """Labelled reports or gold incidents from ``path`` (format detected from line 1)."""
    with path.open(encoding="utf-8") as fh:
        first = next((line for line in fh if line.strip()), "")
    if not first:
        return []
    if "incidents" in json.loads(first):
        return gold_items(path, required_only=required_only)
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if not line.strip():
                continue
            rec = json.loads(line)
            rep = IncidentReport.from_dict(rec["report"])
            art = rec.get("article_id") or rep.article.doc_id or f"line{n}"
            rid = rec.get("id") or f"{art}.{n}"
            item = LinkItem(rid, art, rep, rep.article.published)
            out.append(LabelledItem(item, rec["event_key"], bool(rec.get("required", True))))
    out.sort(key=lambda x: (x.item.published or "", x.item.id))
    if required_only:
        out = [x for x in out if x.required]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--sweep", help="comma-separated thresholds to try")
    ap.add_argument("--required-only", action="store_true", help="gold: skip optional incidents")
    ap.add_argument("--json", action="store_true", help="print JSON")
    args = ap.parse_args(argv)
    items = read_labelled(args.path, args.required_only)
    base = MergeParams()
    thresholds = [float(t) for t in args.sweep.split(",")] if args.sweep else [base.threshold]
    rows = []
    for t in thresholds:
        start = time.perf_counter()
        prf = evaluate(items, replace(base, threshold=t))
        rows.append(
            {"threshold": t, **prf.to_dict(), "seconds": round(time.perf_counter() - start, 3)}
        )
    keys = len({x.event_key for x in items})
    if args.json:
        print(json.dumps({"reports": len(items), "event_keys": keys, "results": rows}, indent=2))
    else:
        print(f"{len(items)} reports, {keys} event keys ({args.path.name})")
        print("threshold  precision  recall  F1      tp/fp/fn")
        for r in rows:
            print(
                f"{r['threshold']:<9}  {r['precision']:<9}  {r['recall']:<6}  {r['f1']:<6}  "
                f"{r['tp']}/{r['fp']}/{r['fn']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
