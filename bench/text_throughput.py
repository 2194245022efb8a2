"""Throughput of the full Arabic text layer over the SaudiNewsNet corpus.

Usage: python bench/text_throughput.py [CORPUS_DIR] [--limit N]
Prints characters/s, MB/s, articles/s and peak RSS for normalise + sentences +
tokens + numbers + dates on one core.

``doc.tokens`` tokenises the text but builds a ``Token`` object only when one is
accessed; ``--materialise`` also touches every token (kind and raw offsets), as
the extraction stages do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import time
import zipfile
from pathlib import Path

from rasd.doc import Doc
from rasd.text.dates import dates
from rasd.text.numbers import quantities


def articles(corpus: Path, limit: int | None):
    n = 0
    for z in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(z) as zf:
            for a in json.loads(zf.read(zf.namelist()[0])):
                yield a.get("content") or ""
                n += 1
                if limit and n >= limit:
                    return


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default="../shared/corpora/saudinewsnet")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--materialise", action="store_true", help="build every Token object")
    args = ap.parse_args()
    texts = list(articles(Path(args.corpus), args.limit))
    chars = sum(len(t) for t in texts)
    nbytes = sum(len(t.encode()) for t in texts)
    pub = dt.date(2015, 8, 1)
    t0 = time.process_time()
    for t in texts:
        doc = Doc.from_text(t)
        doc.sentences  # noqa: B018
        toks = doc.tokens
        if args.materialise:
            for tok in toks:
                tok.kind  # noqa: B018
        quantities(doc)
        dates(doc, pub)
    cpu = time.process_time() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles: {len(texts)}  characters: {chars:,}  bytes: {nbytes:,}")
    print(f"cpu seconds: {cpu:.2f}")
    print(
        f"throughput: {chars / cpu:,.0f} chars/s  {nbytes / cpu / 1e6:.2f} MB/s  {len(texts) / cpu:,.0f} articles/s"
    )
    print(f"peak RSS: {rss:.0f} MB (includes the corpus held in memory)")


if __name__ == "__main__":
    main()
