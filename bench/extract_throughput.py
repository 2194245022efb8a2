"""Benchmark incident extraction: articles/s and MB/s of ``extract`` over SaudiNewsNet.

    python bench/extract_throughput.py [--corpus ../shared/corpora/saudinewsnet]
                                       [--limit N] [--no-ner] [--json]

Streams the non-empty articles of the corpus zips (sorted by name; all of them, or
the first ``--limit``), loads the knowledge base (``kb_load_seconds``;
``load_seconds`` adds the NER model, unless ``--no-ner``) once, outside the timed
loop, then times ``extract(text, title=…, published=…)`` per article (reading and
decoding the zips is not timed). Prints articles per second and MB (UTF-8) per
second of wall time and of CPU time (one core), the time spent tagging with NER,
incidents found, the peak RSS of the process, and, each in a fresh interpreter, the
time to build the knowledge-base index from its data files (empty cache) and to
load it from the cache. Run it as
``OPENBLAS_NUM_THREADS=1 python bench/extract_throughput.py``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rasd.extract import extract
from rasd.kb.base import KnowledgeBase

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "saudinewsnet"


def iter_articles(corpus: Path, limit: int = 0) -> Iterator[tuple[str, str | None, str | None]]:
    """(text, title, day) of the non-empty articles, the first ``limit`` (0: all)."""
    n = 0
    for zpath in sorted(corpus.glob("*.zip")):
        with zipfile.ZipFile(zpath) as zf:
            for name in sorted(zf.namelist()):
                if not name.endswith(".json"):
                    continue
                for a in json.loads(zf.read(name).decode("utf-8")):
                    text = a.get("content") or ""
                    if text.strip():
                        yield text, a.get("title"), zpath.stem[:10]
                        n += 1
                    if limit and n >= limit:
                        return


def articles(corpus: Path, limit: int) -> list[tuple[str, str | None, str | None]]:
    """(text, title, day) of the first ``limit`` non-empty articles (0: all)."""
    return list(iter_articles(corpus, limit))


_INDEX_TIMER = """
import time
t = time.perf_counter()
from rasd.kb.base import KnowledgeBase
kb = KnowledgeBase.default()
kb.warm()
kb.gazetteer
print(time.perf_counter() - t)
"""


def index_times() -> tuple[float, float]:
    """Seconds to build the index into an empty cache, then to load it from there."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "RASD_CACHE_DIR": tmp}
        env.pop("RASD_NO_KB_CACHE", None)
        runs = [
            subprocess.run(
                [sys.executable, "-c", _INDEX_TIMER],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            for _ in range(2)
        ]
    build, load = (float(r.stdout.strip().splitlines()[-1]) for r in runs)
    return build, load


def peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=0, help="first N articles (default: all)")
    ap.add_argument("--no-ner", action="store_true", help="skip the NER pass (to measure its cost)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    if not any(args.corpus.glob("*.zip")):
        raise SystemExit(f"no corpus zips under {args.corpus}")
    build_s, index_load_s = index_times()
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

    size = reports = count = 0
    wall = cpu = 0.0
    for text, title, day in iter_articles(args.corpus, args.limit):
        size += len(text.encode("utf-8")) + len((title or "").encode("utf-8"))
        wall0, cpu0 = time.perf_counter(), time.process_time()
        reports += len(extract(text, title=title, published=day, kb=kb))
        wall += time.perf_counter() - wall0
        cpu += time.process_time() - cpu0
        count += 1
    assemble_mod.tag_sentences = tag
    if not count:
        raise SystemExit(f"no articles under {args.corpus}")
    docs = range(count)
    result = {
        "articles": count,
        "index_build_seconds": round(build_s, 3),
        "index_load_seconds": round(index_load_s, 3),
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
