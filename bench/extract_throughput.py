"""Benchmark incident extraction: articles/s and MB/s of ``extract`` over SaudiNewsNet.

    python bench/extract_throughput.py [--corpus ../shared/corpora/saudinewsnet]
                                       [--limit 500] [--no-ner] [--json]

Reads the first ``--limit`` non-empty articles of the corpus zips (sorted by name),
loads the knowledge base (``kb_load_seconds``; ``load_seconds`` adds the NER model,
unless ``--no-ner``) once, outside the timed loop, then times
``extract(text, title=…, published=…)`` per article. Prints articles per second and
MB (UTF-8) per second of wall time and of CPU time (one core), the time spent tagging
with NER, incidents found, and the peak RSS of the process. Run it as
``OPENBLAS_NUM_THREADS=1 python bench/extract_throughput.py``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import resource
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from rasd.extract import extract
from rasd.kb.base import KnowledgeBase

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "saudinewsnet"


def articles(corpus: Path, limit: int) -> list[tuple[str, str | None, str | None]]:
    """(text, title, day) of the first ``limit`` non-empty articles."""
    out: list[tuple[str, str | None, str | None]] = []
    for zpath in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(zpath) as zf:
            for name in sorted(zf.namelist()):
                if not name.endswith(".json"):
                    continue
                for a in json.loads(zf.read(name).decode("utf-8")):
                    text = a.get("content") or ""
                    if text.strip():
                        out.append((text, a.get("title"), zpath.stem[:10]))
                    if len(out) >= limit:
                        return out
    return out


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=500)
    ap.add_argument("--no-ner", action="store_true", help="skip the NER pass (to measure its cost)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    docs = articles(args.corpus, args.limit)
    if not docs:
        raise SystemExit(f"no articles under {args.corpus}")
    t0 = time.perf_counter()
    kb = KnowledgeBase.default()
    kb.warm()  # loads the matchers and the gazetteer before timing
    kb.gazetteer  # noqa: B018
    extract("تمهيد", kb=kb)
    kb_load_s = time.perf_counter() - t0
    assemble_mod: Any = importlib.import_module("rasd.extract.assemble")
    ner_time = [0.0]
    tag = assemble_mod.tag_sentences

    def timed_tag(sentences: Any) -> Any:
        t = time.perf_counter()
        try:
            return tag(sentences)
        finally:
            ner_time[0] += time.perf_counter() - t

    if args.no_ner:
        assemble_mod.tag_sentences = lambda sentences: {}
    else:
        from rasd.ner import load_model

        load_model()
        assemble_mod.tag_sentences = timed_tag
    load_s = time.perf_counter() - t0

    size = sum(len(t.encode("utf-8")) + len((ti or "").encode("utf-8")) for t, ti, _ in docs)
    reports = 0
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for text, title, day in docs:
        reports += len(extract(text, title=title, published=day, kb=kb))
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    assemble_mod.tag_sentences = tag
    result = {
        "articles": len(docs),
        "megabytes": round(size / 1e6, 3),
        "kb_load_seconds": round(kb_load_s, 3),
        "load_seconds": round(load_s, 3),
        "wall_seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "articles_per_second": round(len(docs) / wall, 1),
        "articles_per_cpu_second": round(len(docs) / cpu, 1),
        "mb_per_second": round(size / 1e6 / wall, 3),
        "mb_per_cpu_second": round(size / 1e6 / cpu, 3),
        "ner": not args.no_ner,
        "ner_ms_per_article": round(1000 * ner_time[0] / len(docs), 3),
        "incidents": reports,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:24s} {v}")
    return result


if __name__ == "__main__":
    main()
