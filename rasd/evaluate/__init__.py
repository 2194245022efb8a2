"""`rasd eval`: score the extractor against gold annotations (shared/eval format)."""

from rasd.evaluate.gold import GoldItem, load_gold
from rasd.evaluate.score import evaluate_items, score

__all__ = ["GoldItem", "evaluate_items", "load_gold", "score"]
