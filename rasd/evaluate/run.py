"""Run the extractor over a gold file's documents and score it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasd.evaluate.gold import GoldItem, load_gold, resolve_document
from rasd.evaluate.score import ItemResult, evaluate_items
from rasd.extract import extract


def predictions_for(
    item: GoldItem, *, docs: Path | None, corpus: Path | None
) -> list[dict[str, Any]]:
    text, title, url = resolve_document(item.doc, docs=docs, corpus=corpus)
    reports = extract(
        text, published=item.published, title=title, url=url or item.url, doc_id=item.doc
    )
    out = []
    for r in reports:
        g = r.to_gold()
        g["recency"] = r.recency
        g["is_main"] = r.is_main
        out.append(g)
    return out


def run_eval(
    gold: str | Path, *, docs: str | Path | None = None, corpus: str | Path | None = None
) -> tuple[dict[str, Any], list[ItemResult]]:
    items = load_gold(gold)
    d = Path(docs) if docs else None
    c = Path(corpus) if corpus else None
    return evaluate_items(items, lambda it: predictions_for(it, docs=d, corpus=c))
