"""Label the extractor's reports with the gold ``event_key`` they match, for merge calibration.

Runs :func:`rasd.extract.extract` over the documents of a gold file (or the
bundled demo corpus, whose articles carry their own ``truth``), matches each
report to a gold incident exactly as ``rasd eval`` does, and writes one line
per matched report in the labelled format that ``bench/merge_quality.py``
reads. Unmatched reports are left out (pairwise scores ignore them anyway).

Usage::

    python bench/label_reports.py --gold ../shared/eval/saudinewsnet_dev_gold.jsonl \\
        --corpus ../shared/corpora/saudinewsnet -o /tmp/dev_labelled.jsonl
    python bench/label_reports.py --demo -o /tmp/demo_labelled.jsonl
    python bench/merge_quality.py /tmp/dev_labelled.jsonl --sweep 2.5,3,3.5
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rasd.evaluate.gold import GoldItem, load_gold, resolve_document
from rasd.evaluate.score import match_item
from rasd.extract import extract
from rasd.kb.base import KnowledgeBase


def _demo_items() -> list[tuple[GoldItem, str, str | None]]:
    import tempfile

    from rasd.demo_run import demo_articles

    arts = demo_articles()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo_gold.jsonl"
        with path.open("w", encoding="utf-8") as fh:
            for a in arts:
                row = {"id": a["id"], "doc": a["id"], "published": a.get("published"), **a["truth"]}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        items = load_gold(path)
    return [(it, a["text"], a.get("title")) for it, a in zip(items, arts, strict=True)]


def labelled(
    triples: list[tuple[GoldItem, str, str | None]], kb: KnowledgeBase
) -> list[dict[str, Any]]:
    rows = []
    for item, text, title in triples:
        reports = extract(
            text, published=item.published, title=title, doc_id=item.doc, kb=kb, url=item.url
        )
        preds = [{**r.to_gold(), "recency": r.recency} for r in reports]
        res = match_item(item, preds)
        for gi, pi in res.pairs:
            key = item.incidents[gi].get("event_key")
            if key:
                rows.append(
                    {
                        "id": f"{item.doc}.{pi}",
                        "article_id": item.doc,
                        "event_key": key,
                        "report": reports[pi].to_dict(),
                    }
                )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path)
    ap.add_argument("--docs", type=Path)
    ap.add_argument("--corpus", type=Path)
    ap.add_argument("--demo", action="store_true", help="use the bundled demo corpus and truth")
    ap.add_argument("-o", "--out", type=Path, required=True)
    a = ap.parse_args(argv)
    kb = KnowledgeBase.default()
    if a.demo:
        triples = _demo_items()
    elif a.gold:
        triples = []
        for item in load_gold(a.gold):
            text, title, _url = resolve_document(item.doc, docs=a.docs, corpus=a.corpus)
            triples.append((item, text, title))
    else:
        ap.error("give --gold (with --docs or --corpus) or --demo")
    rows = labelled(triples, kb)
    with a.out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} labelled reports from {len(triples)} documents -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
