"""Reading and writing CoNLL files (``token TAG``, blank line between sentences).

Extra columns are ignored when reading: the first column is the token, the last
is the tag (a file with one column has tokens only). Labels of other schemes are
mapped onto rasd's four types (AQMAR ``PER`` → ``PERS``, ``MIS`` → ``MISC``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from rasd.errors import GoldFormatError
from rasd.io import read_text
from rasd.ner.bio import OUTSIDE, split_tag

TYPES = ("LOC", "MISC", "ORG", "PERS")
LABEL_MAP = {"PER": "PERS", "PERSON": "PERS", "MIS": "MISC", "LOCATION": "LOC", "GPE": "LOC"}


@dataclass(frozen=True)
class Sentence:
    """One sentence: tokens and (possibly empty) gold tags."""

    words: tuple[str, ...]
    tags: tuple[str, ...] = ()


def map_tag(tag: str) -> str:
    """Map a tag of another scheme onto rasd's types; unknown types become ``O``."""
    prefix, typ = split_tag(tag)
    if prefix == OUTSIDE:
        return OUTSIDE
    typ = LABEL_MAP.get(typ.upper(), typ.upper())
    return f"{prefix}-{typ}" if typ in TYPES else OUTSIDE


def parse(text: str, *, name: str = "input", tagged: bool = True) -> list[Sentence]:
    """Parse CoNLL text. With ``tagged`` every token line needs a tag column."""
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if words:
            sentences.append(Sentence(tuple(words), tuple(tags) if tagged else ()))
            words.clear()
            tags.clear()

    for lineno, line in enumerate(text.splitlines(), 1):
        cols = line.split()
        if not cols or line.startswith("-DOCSTART-"):
            flush()
            continue
        words.append(cols[0])
        if tagged:
            if len(cols) < 2:
                raise GoldFormatError(
                    f"{name}:{lineno}: expected 'token TAG', got {line.strip()!r}",
                    hint="give one token and its BIO tag per line, a blank line between sentences",
                )
            tags.append(map_tag(cols[-1]))
    flush()
    return sentences


def read(path: str | Path, *, tagged: bool = True) -> list[Sentence]:
    """Read a CoNLL file (``-`` for standard input) with coded errors."""
    name = "standard input" if str(path) == "-" else str(path)
    return parse(read_text(path), name=name, tagged=tagged)


def format_sentences(sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> str:
    """CoNLL text: ``token TAG`` lines, a blank line after each sentence."""
    lines: list[str] = []
    for words, tags in sentences:
        lines.extend(f"{w} {t}" for w, t in zip(words, tags, strict=True))
        lines.append("")
    return "\n".join(lines) + ("\n" if lines else "")


def split(
    sentences: Sequence[Sentence], heldout: float = 0.1
) -> tuple[list[Sentence], list[Sentence]]:
    """Deterministic split: the last ``heldout`` fraction of sentences is held out."""
    cut = len(sentences) - round(len(sentences) * heldout)
    return list(sentences[:cut]), list(sentences[cut:])


T = TypeVar("T")


def folds(items: Sequence[T], k: int) -> Iterator[tuple[list[T], Sequence[T]]]:
    """Jackknife folds: for each of ``k`` contiguous blocks of ``items``, the other
    items and the block. Contiguous, so what repeats within one article (a name, a
    word) never vouches for itself."""
    n = len(items)
    bounds = [round(n * j / k) for j in range(k + 1)]
    for j in range(k):
        lo, hi = bounds[j], bounds[j + 1]
        yield [x for i, x in enumerate(items) if not lo <= i < hi], items[lo:hi]
