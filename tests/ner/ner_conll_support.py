"""Writing small CoNLL training files for the NER tests."""

from __future__ import annotations

from pathlib import Path


def write_conll(path: Path, rows: list[tuple[str, str]], times: int = 3) -> Path:
    """``rows`` of (words, BIO tags), each a space-separated string, repeated ``times``
    times as sentences of a CoNLL file at ``path``."""
    lines = []
    for words, tags in rows * times:
        lines += [f"{w} {t}" for w, t in zip(words.split(), tags.split(), strict=True)] + [""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
