"""Entity-level scoring: exact span and type, micro-averaged, plus per-type F1.

This is the CoNLL-2003 measure (``conlleval``): a predicted entity counts only
if its first token, last token and type all equal a gold entity's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rasd.ner import conll
from rasd.ner.bio import spans

if TYPE_CHECKING:
    from rasd.ner.tagger import NerModel


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(100 * p, 2), "recall": round(100 * r, 2), "f1": round(100 * f, 2)}


def score(pairs: Iterable[tuple[Sequence[str], Sequence[str]]]) -> dict[str, Any]:
    """Score ``(gold_tags, predicted_tags)`` pairs, one per sentence.

    Returns ``{"precision", "recall", "f1", "gold", "predicted", "correct",
    "tokens", "per_type": {TYPE: {"precision", "recall", "f1", "gold",
    "predicted", "correct"}}}`` with percentages rounded to 2 decimals.
    """
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    tokens = 0
    for gold, pred in pairs:
        if len(gold) != len(pred):
            raise ValueError(f"gold has {len(gold)} tags, prediction {len(pred)}")
        tokens += len(gold)
        g = set(spans(gold))
        p = set(spans(pred))
        for _, _, t in g:
            n_gold[t] += 1
        for _, _, t in p:
            n_pred[t] += 1
        for _, _, t in g & p:
            tp[t] += 1
    total = _prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    per_type = {
        t: {
            **_prf(tp[t], n_pred[t], n_gold[t]),
            "gold": n_gold[t],
            "predicted": n_pred[t],
            "correct": tp[t],
        }
        for t in sorted(set(n_gold) | set(n_pred))
    }
    return {
        **total,
        "gold": sum(n_gold.values()),
        "predicted": sum(n_pred.values()),
        "correct": sum(tp.values()),
        "tokens": tokens,
        "per_type": per_type,
    }


def evaluate_sentences(model: NerModel, sentences: Sequence[conll.Sentence]) -> dict[str, Any]:
    """Tag gold sentences with ``model`` and score the result."""
    predicted = model.tag_sentences([s.words for s in sentences])
    return score((s.tags, p) for s, p in zip(sentences, predicted, strict=True))


def evaluate(model: NerModel, conll_file: str | Path) -> dict[str, Any]:
    """Micro P/R/F1 (exact span and type) and per-type scores of ``model`` on a CoNLL file."""
    return evaluate_sentences(model, conll.read(conll_file))


def format_report(metrics: dict[str, Any]) -> str:
    """A small plain-text table of a :func:`score` result."""
    lines = [f"{'type':<6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}"]
    for t, m in metrics["per_type"].items():
        lines.append(
            f"{t:<6} {m['precision']:>6.2f} {m['recall']:>6.2f} {m['f1']:>6.2f} {m['gold']:>6}"
        )
    lines.append(
        f"{'all':<6} {metrics['precision']:>6.2f} {metrics['recall']:>6.2f} "
        f"{metrics['f1']:>6.2f} {metrics['gold']:>6}"
    )
    return "\n".join(lines)
