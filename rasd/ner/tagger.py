"""The NER model at run time: load once, tag token lists or whole documents.

>>> from rasd.ner import recognize
>>> [(e.label, e.text) for e in recognize("وصل الوفد إلى بغداد أمس.")]  # doctest: +SKIP
[('LOC', 'بغداد')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasd.doc import Doc, Token
from rasd.errors import InputError
from rasd.ner.bio import repair, spans
from rasd.ner.featurizer import Featurizer
from rasd.ner.gazetteer import Gazetteer
from rasd.ner.perceptron import LinearChain
from rasd.ner.store import ModelData, load

MODEL_DIR = Path(__file__).parent / "model"
DEFAULT_MODEL = MODEL_DIR / "ner-ar.bin.gz"
# Sentences decoded together (one numpy pass for their emissions and Viterbi steps); for a
# model with document clues, keep it a multiple of its window (16 divides it).
BATCH = 64


@dataclass(frozen=True)
class Entity:
    """A named entity: ``text == raw[start:end]``; ``score`` is a confidence in [0, 1]."""

    start: int
    end: int
    label: str
    text: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
            "score": self.score,
        }


class NerModel:
    """A trained tagger for PERS, LOC, ORG and MISC (BIO tags)."""

    def __init__(self, data: ModelData, domain: str | None = None) -> None:
        self.labels = list(data.labels)
        self.meta = dict(data.meta)
        gazetteer = Gazetteer.from_dict(data.gazetteer)
        self.domains: tuple[str, ...] = tuple(self.meta.get("domains", ()))
        self.temperature = float(self.meta.get("temperature", 1.0))
        self.forced = Gazetteer()
        self.featurizer = Featurizer(
            data.features,
            gazetteer,
            data.lexicon,
            labeldict=data.labeldict,
            doc_window=int(self.meta.get("doc_window", 0)),
            domains=self.domains,
            sorted_features=bool(self.meta.get("features_sorted")),
            domain=self._check_domain(domain),
        )
        V = self.featurizer.vectors
        self.chain = LinearChain(self.labels, data.W, data.T, data.S, data.D, V)

    def _check_domain(self, domain: str | None) -> str:
        if domain is None:
            return str(self.meta.get("default_domain", ""))
        if domain and domain not in self.domains:
            known = ", ".join(self.domains) or "none"
            raise InputError(f"unknown NER domain {domain!r} (this model knows: {known})")
        return domain

    @property
    def domain(self) -> str:
        """The text domain the model tags for (``news`` by default; ``wiki`` for encyclopedic text)."""
        return self.featurizer.domain

    @property
    def gazetteer(self) -> Gazetteer:
        return self.featurizer.gazetteer

    def add_gazetteer(self, label: str, names: Iterable[str], *, force: bool = False) -> int:
        """Add names of one type (e.g. knowledge-base places as ``LOC``); returns the count.

        The model was trained to weigh gazetteer membership as evidence (a
        gazetteer built from other parts of its training data), so names added
        here raise recall on them without retraining. With ``force=True`` every
        match of these names is also tagged as ``label`` whatever the model says
        (for curated lists, e.g. armed groups: "أنصار الفجر" → ORG).
        """
        names = list(names)
        n = self.gazetteer.add(label, names)
        if force:
            self.forced.add(label, names)
        self.featurizer.clear_cache()
        return n

    def _force(self, words: Sequence[str], tags: list[str], conf: list[float]) -> list[str]:
        """Overwrite tags with forced gazetteer matches (confidence 1), keeping valid BIO."""
        if not len(self.forced):
            return tags
        matches = self.forced.match(words)
        if not any(matches):
            return tags
        for i, m in enumerate(matches):
            if m:
                tags[i] = m
                if conf:
                    conf[i] = 1.0
        return repair(tags)

    def _decode_many(
        self, sentences: Sequence[Sequence[str]], *, with_scores: bool = False
    ) -> list[tuple[list[str], list[float]]]:
        """Tags (and per-token confidences) of many sentences, batched."""
        out: list[tuple[list[str], list[float]]] = []
        labels = self.labels
        chain = self.chain
        for lo in range(0, len(sentences), BATCH):
            batch = sentences[lo : lo + BATCH]
            emits = chain.emissions_many(self.featurizer.document(batch))
            paths = chain.viterbi_many(emits)
            for words, emit, path in zip(batch, emits, paths, strict=True):
                conf = (
                    chain.confidences(emit, path, self.temperature).tolist() if with_scores else []
                )
                out.append((self._force(words, [labels[j] for j in path], conf), conf))
        return out

    def tag_tokens(self, words: list[str]) -> list[str]:
        """BIO tags for one sentence of tokens."""
        if not words:
            return []
        labels = self.labels
        tags = [labels[j] for j in self.chain.decode(self.featurizer.document([words])[0])]
        return self._force(words, tags, [])

    def tag_sentences(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """BIO tags for many sentences (faster than one by one).

        With a model trained with document clues (``meta["doc_window"]``, off in
        the shipped one) runs of that many consecutive sentences are read as one
        document: pass the sentences of one article together.
        """
        return [tags for tags, _ in self._decode_many(sentences)]

    def entities(self, doc: Doc) -> list[Entity]:
        """Entities of a document, sentence by sentence, with raw offsets (sorted by start)."""
        tokens = doc.tokens
        chunks: list[list[Token]] = []
        t = 0
        for sent in doc.sentences:
            while t < len(tokens) and tokens[t].norm_start < sent.norm_start:
                t += 1
            chunk: list[Token] = []
            while t < len(tokens) and tokens[t].norm_end <= sent.norm_end:
                chunk.append(tokens[t])
                t += 1
            if chunk:
                chunks.append(chunk)
        decoded = self._decode_many([[tok.norm for tok in c] for c in chunks], with_scores=True)
        out: list[Entity] = []
        for toks, (tags, conf) in zip(chunks, decoded, strict=True):
            for s, e, label in spans(tags):
                start, end = toks[s].start, toks[e - 1].end
                score = round(sum(conf[s:e]) / (e - s), 4)
                out.append(Entity(start, end, label, doc.raw[start:end], score))
        return out

    def recognize(self, text: str) -> list[Entity]:
        """Entities of raw ``text``."""
        return self.entities(Doc.from_text(text))


@lru_cache(maxsize=4)
def _load_data(path: str) -> ModelData:
    return load(path)


@lru_cache(maxsize=8)
def _load_cached(path: str, domain: str | None) -> NerModel:
    return NerModel(_load_data(path), domain)


def load_model(path: Path | str | None = None, *, domain: str | None = None) -> NerModel:
    """Load a model file (default: the one shipped in the package); cached per path and domain.

    ``domain`` picks the text domain (see :attr:`NerModel.domains`; default
    the model's first, ``news``). Cached models are shared: treat them as
    read-only, or add gazetteer names once at start-up.
    """
    return _load_cached(str(Path(path).resolve() if path is not None else DEFAULT_MODEL), domain)


def recognize(text: str) -> list[Entity]:
    """Entities of ``text`` found by the packaged model."""
    return load_model().recognize(text)
