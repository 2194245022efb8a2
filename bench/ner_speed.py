"""Benchmark the packaged NER model: load time, tagging speed, F1.

    python bench/ner_speed.py [--data ../shared/corpora/ner] [--corpus ../shared/corpora/saudinewsnet]
                              [--model PATH] [--articles 300] [--json]

Prints: load time (in this process, and a fresh interpreter importing rasd.ner
and loading the model), tokens per CPU-second (one core) of ``tag_sentences``
over pre-tokenised sentences and of ``recognize`` over raw news articles, with a
cold and a warm word cache, and entity micro-F1 with per-type F1 on the held-out
split (last 10 % of ANERcorp train, domain news) and AQMAR dev (domain wiki).
Run it as ``OPENBLAS_NUM_THREADS=1 python bench/ner_speed.py``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rasd.doc import Doc
from rasd.ner import conll
from rasd.ner.evaluation import evaluate_sentences, format_report
from rasd.ner.store import load
from rasd.ner.tagger import DEFAULT_MODEL, NerModel, load_model


def clock() -> float:
    """CPU seconds of this process: "per core" rates, robust to other load on the machine.

    Set OPENBLAS_NUM_THREADS=1 so no idle BLAS threads are counted.
    """
    return time.process_time()


def _fresh_load_seconds(model: Path) -> float:
    code = (
        "import time; t=time.perf_counter(); from rasd.ner import load_model; "
        f"load_model({str(model)!r}); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def _articles(corpus: Path, n: int) -> list[str]:
    from rasd.ner.clusters import corpus_texts

    texts: list[str] = []
    for text in corpus_texts([corpus]):
        if text.strip():
            texts.append(text)
        if len(texts) >= n:
            break
    return texts


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=Path("../shared/corpora/ner"))
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpora/saudinewsnet"))
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)

    res: dict[str, Any] = {
        "model": str(args.model),
        "size_mb": round(args.model.stat().st_size / 1e6, 2),
    }
    t0 = time.perf_counter()
    NerModel(load(args.model))
    res["load_seconds"] = round(time.perf_counter() - t0, 3)
    res["fresh_process_load_seconds"] = round(_fresh_load_seconds(args.model), 3)

    _, held = conll.split(conll.read(args.data / "anercorp_train.txt"), 0.1)
    dev = conll.read(args.data / "aqmar_dev.txt")
    news = load_model(args.model)
    wiki = load_model(args.model, domain="wiki") if "wiki" in news.domains else news

    sents = [list(s.words) for s in held + dev]
    n_tok = sum(map(len, sents))
    cold = NerModel(load(args.model))  # empty word cache
    t0 = clock()
    cold.tag_sentences(sents)
    res["tag_sentences_cold_per_s"] = round(n_tok / (clock() - t0))
    t0 = clock()
    cold.tag_sentences(sents)
    res["tag_sentences_warm_per_s"] = round(n_tok / (clock() - t0))
    t0 = clock()
    for s in sents:
        cold.tag_tokens(s)
    res["tag_tokens_warm_per_s"] = round(n_tok / (clock() - t0))

    if args.corpus.exists():
        texts = _articles(args.corpus, args.articles)
        fresh = NerModel(load(args.model))
        t0 = clock()
        n_ent = sum(len(fresh.recognize(t)) for t in texts)
        first = clock() - t0
        t0 = clock()
        for t in texts:
            fresh.recognize(t)
        second = clock() - t0
        words = sum(len(Doc.from_text(t).tokens) for t in texts)
        res["recognize"] = {
            "articles": len(texts),
            "tokens": words,
            "entities": n_ent,
            "tokens_per_s_cold": round(words / first),
            "tokens_per_s_warm": round(words / second),
        }

    res["heldout"] = evaluate_sentences(news, held)
    res["aqmar_dev"] = evaluate_sentences(wiki, dev)
    res["aqmar_dev_news_domain"] = evaluate_sentences(news, dev)["f1"]
    if args.json:
        print(json.dumps(res, ensure_ascii=False, indent=2))
    else:
        print(f"model {res['model']} ({res['size_mb']} MB)")
        print(
            f"load: {res['load_seconds']} s in process, {res['fresh_process_load_seconds']} s fresh interpreter"
        )
        print(
            f"tag_sentences: {res['tag_sentences_cold_per_s']:,} tokens/s with a cold word cache, "
            f"{res['tag_sentences_warm_per_s']:,} warm; tag_tokens one sentence at a time: "
            f"{res['tag_tokens_warm_per_s']:,} warm ({n_tok} tokens)"
        )
        if "recognize" in res:
            r = res["recognize"]
            print(
                f"recognize (raw text → entities, Doc building included): "
                f"{r['tokens_per_s_cold']:,} tokens/s first pass, {r['tokens_per_s_warm']:,} "
                f"second pass ({r['articles']} articles, {r['tokens']} tokens)"
            )
        print(
            "held-out (last 10 % of ANERcorp train), domain news:\n" + format_report(res["heldout"])
        )
        print(f"AQMAR dev, domain {wiki.domain}:\n" + format_report(res["aqmar_dev"]))
        print(f"AQMAR dev with the default (news) domain: F1 {res['aqmar_dev_news_domain']}")
    return res


if __name__ == "__main__":
    main()
