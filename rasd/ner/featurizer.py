"""Turning sentences into feature arrays, with a per-word cache.

:class:`Featurizer` owns the feature index (feature string → row of the weight
matrix), the gazetteer and the lexicon (word clusters and vectors). Word-level
features and the features a word lends to its neighbours are computed once
per distinct word and cached, which is what makes tagging fast in pure Python.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter

import numpy as np

from rasd.ner import document as D
from rasd.ner import features as F
from rasd.ner import labeldict as LD
from rasd.ner.clusters import Lexicon
from rasd.ner.gazetteer import Gazetteer
from rasd.text.normalize import key

CACHE_LIMIT = 200_000
_UNCACHED = frozenset(("bl", "br"))
_BIGRAM_PREFIXES = ("bw-=", "bs-=", "bw+=")


def _with_prefix(names: list[str], prefix: str) -> list[str]:
    """The names starting with ``prefix`` in a sorted list (one block, found by bisection)."""
    return names[bisect_left(names, prefix) : bisect_left(names, prefix + "\U0010ffff")]


# Word vectors of these positions (relative to the token) form the dense input.
DENSE_OFFSETS = (-1, 0, 1)


@dataclass(frozen=True, slots=True)
class SentenceFeatures:
    """Sparse feature rows of every token (``ids`` flat, ``offsets`` per token) and word vectors.

    ``rows`` are the lexicon rows of the tokens, padded with the zero row at
    both ends (``n + 2`` entries); ``dense`` is the stacked vector input of
    :data:`DENSE_OFFSETS`, built only for training.
    """

    ids: np.ndarray
    offsets: np.ndarray
    rows: np.ndarray | None = None
    dense: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.offsets)


@dataclass(frozen=True, slots=True)
class _WordInfo:
    key: str
    stem: str
    cluster: str
    row: int
    ld: str  # training-label dictionary class (see rasd.ner.labeldict)
    cue: str  # cue list of the word (see rasd.ner.cues)
    own: list[int]
    ctx: tuple[list[int], ...]  # one entry per F.CONTEXT_OFFSETS


class Featurizer:
    """Maps sentences to :class:`SentenceFeatures`.

    ``features`` are the feature names in weight-row order; a name
    ``domain|name`` is the copy of ``name`` for one of ``domains``. With
    ``grow=True`` (training) unseen features get new rows; otherwise they are
    ignored. Row 0 is the bias feature ``b`` of a new featurizer.
    """

    def __init__(
        self,
        features: Sequence[str] | None = None,
        gazetteer: Gazetteer | None = None,
        lexicon: Lexicon | None = None,
        *,
        labeldict: dict[str, str] | None = None,
        doc_window: int = 0,
        domains: Sequence[str] = (),
        grow: bool = False,
        sorted_features: bool = False,
        domain: str = "",
    ) -> None:
        self._names: list[str] = list(features) if features is not None else ["b"]
        self._domains = tuple(domains)
        self.grow = grow
        # Sorted names (a packaged model): each domain's copies are one block of
        # rows, and the tagging table is built straight from the blocks.
        self._sorted = sorted_features and not grow
        self._blocks: dict[str, tuple[int, int]] = {}
        # Otherwise one table for general features and one per domain.
        self._tables: dict[str, dict[str, int]] = {}
        if self._sorted:
            for dom in self._domains:
                lo = bisect_left(self._names, dom + "|")
                self._blocks[dom] = (lo, bisect_left(self._names, dom + "}"))  # "}" follows "|"
        else:
            self._tables = {"": {}, **{d: {} for d in domains}}
            for row, name in enumerate(self._names):
                dom, sep, rest = name.partition("|")
                if sep and dom and dom in self._tables:
                    self._tables[dom][rest] = row
                else:
                    self._tables[""][name] = row
        if domain and domain not in self._domains and not grow:
            raise ValueError(f"unknown domain {domain!r}")
        self.domain = domain
        self._lookup: dict[str, tuple[int, ...]] | None = None
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer()
        self.lexicon = lexicon
        self.labeldict = labeldict or {}
        # Sentences per document for document-level features (0: none; see rasd.ner.document).
        self.doc_window = doc_window
        self.clusters = lexicon.paths if lexicon is not None and len(lexicon) else None
        self._rows: dict[str, int] = {}
        self._vectors: np.ndarray | None = None
        if lexicon is not None and len(lexicon) and lexicon.vectors.size:
            self._rows = {w: i for i, w in enumerate(lexicon.words)}
            zero = np.zeros((1, lexicon.vectors.shape[1]), dtype=np.float32)
            self._vectors = np.vstack([lexicon.vectors.astype(np.float32), zero])
        # First words of the bigram features in the index (None: no filtering).
        self._bigram_left = None if grow else self._bigram_firsts()
        self._cache: dict[str, _WordInfo] = {}
        self._group_cache: dict[tuple[str, ...], list[int]] = {}
        self._pad = self._pad_ids()

    def _bigram_firsts(self) -> set[str]:
        """First words of all bigram features (general and domain copies)."""
        if self._sorted:
            names = self._names
            heads = ["", *(d + "|" for d in self._domains)]
        else:
            names = sorted(f for table in self._tables.values() for f in table)
            heads = [""]
        out: set[str] = set()
        for head in heads:
            for prefix in _BIGRAM_PREFIXES:
                cut = len(head) + len(prefix)
                out.update(n[cut:].partition("|")[0] for n in _with_prefix(names, head + prefix))
        return out

    def _build_lookup(self) -> dict[str, tuple[int, ...]]:
        """One table for tagging: feature → its general row and its domain row (if any).

        Half the dictionary look-ups of two tables, and each string is hashed once.
        """
        if not self._sorted:
            dom = self._tables.get(self.domain) if self.domain else None
            return self._merged(self._tables[""], dom)
        names = self._names
        merged: dict[str, tuple[int, ...]] = {}
        start = 0
        for lo, hi in sorted(self._blocks.values()):
            merged.update(zip(names[start:lo], zip(range(start, lo), strict=True), strict=True))
            start = max(start, hi)
        end = len(names)
        merged.update(zip(names[start:], zip(range(start, end), strict=True), strict=True))
        if self.domain:
            lo, hi = self._blocks[self.domain]
            cut = itemgetter(slice(len(self.domain) + 1, None))
            for f, row in zip(map(cut, names[lo:hi]), range(lo, hi), strict=True):
                merged[f] = (*merged.get(f, ()), row)
        return merged

    @property
    def n_features(self) -> int:
        return len(self._names)

    def feature_names(self) -> list[str]:
        """Feature names in row order (domain copies as ``domain|name``)."""
        return list(self._names)

    def _pad_ids(self) -> dict[int, list[int]]:
        return {
            off: self._ids(F.context_features(F.BOS if off < 0 else F.EOS, off))
            for off in F.CONTEXT_OFFSETS
        }

    @property
    def vectors(self) -> np.ndarray | None:
        """Word vectors by lexicon row, plus a final zero row for unknown words."""
        return self._vectors

    @property
    def dense_dim(self) -> int:
        """Width of the dense input (0 without word vectors)."""
        if self._vectors is None:
            return 0
        return self._vectors.shape[1] * len(DENSE_OFFSETS)

    def clear_cache(self) -> None:
        """Forget cached words (needed after the gazetteer or index changes)."""
        self._cache.clear()
        self._group_cache.clear()

    def set_domain(self, domain: str) -> None:
        """Switch the domain whose feature copies are added (``""`` for none)."""
        if domain and domain not in self._domains:
            if not self.grow:
                raise ValueError(f"unknown domain {domain!r}")
            self._domains = (*self._domains, domain)
            self._tables[domain] = {}
        if domain != self.domain:
            self.domain = domain
            self._lookup = None
            self.clear_cache()
            self._pad = self._pad_ids()

    def _add(self, table: dict[str, int], feat: str, name: str) -> int:
        row = table.get(feat)
        if row is None:
            row = table[feat] = len(self._names)
            self._names.append(name)
        return row

    def _ids(self, feats: list[str]) -> list[int]:
        """Rows of ``feats`` and, with a domain set, of their copies for that domain."""
        if self.grow:
            general = self._tables[""]
            out = [self._add(general, f, f) for f in feats]
            if self.domain:
                dom = self._tables[self.domain]
                out += [self._add(dom, f, f"{self.domain}|{f}") for f in feats]
            return out
        lookup = self._lookup
        if lookup is None:
            lookup = self._lookup = self._build_lookup()
        return [i for f in feats for i in lookup.get(f, ())]

    @staticmethod
    def _merged(general: dict[str, int], dom: dict[str, int] | None) -> dict[str, tuple[int, ...]]:
        """One table for tagging: feature → its general row and its domain row (if any).

        Half the dictionary look-ups of two tables, and the string's hash is
        computed once.
        """
        merged: dict[str, tuple[int, ...]] = dict(
            zip(general.keys(), zip(general.values(), strict=True), strict=True)
        )
        if dom is not None:
            for f, row in dom.items():
                merged[f] = (*merged.get(f, ()), row)
        return merged

    def _row(self, k: str, stem: str) -> int:
        zero = len(self._rows)
        return self._rows.get(k, self._rows.get(stem, zero))

    def _info(self, word: str) -> _WordInfo:
        info = self._cache.get(word)
        if info is None:
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            k = F.key_of(word)
            stem = F.stem(word)
            q, ctx = F.contexts(word, self.clusters)
            info = _WordInfo(
                key=k,
                stem=stem,
                cluster=F.cluster_of(word, self.clusters)[:8],
                row=self._row(k, stem),
                ld=LD.lookup(self.labeldict, word),
                cue=q,
                own=self._ids(F.word_features(word, self.clusters)),
                ctx=tuple(self._ids(c) for c in ctx),
            )
            self._cache[word] = info
        return info

    def feature_strings(self, words: Sequence[str], i: int) -> list[str]:
        """All sparse feature strings of token ``i`` (for inspection and tests; slow path)."""
        feats = list(F.word_features(words[i], self.clusters))
        for off in F.CONTEXT_OFFSETS:
            p = i + off
            w = words[p] if 0 <= p < len(words) else (F.BOS if p < 0 else F.EOS)
            feats.extend(F.context_features(w, off, self.clusters))
        keys = [key(w) for w in words]
        stems = [F.stem(w) for w in words]
        cls = [F.cluster_of(w, self.clusters)[:8] for w in words]
        lds = [LD.lookup(self.labeldict, w) for w in words] if self.labeldict else None
        feats.extend(self._sentence_strings(keys, stems, cls, self.gazetteer.match(words), lds, i))
        return feats

    def _groups(
        self,
        keys: Sequence[str],
        stems: Sequence[str],
        cls: Sequence[str],
        gz: Sequence[str],
        lds: Sequence[str] | None,
        i: int,
    ) -> list[tuple[str, ...]]:
        """The inputs of token ``i``'s sentence-level feature groups.

        Bigram groups whose first word starts no known bigram are left out
        (their features could not be in the index).
        """
        n = len(keys)
        cur = keys[i]
        prev = keys[i - 1] if i > 0 else F.BOS
        nxt = keys[i + 1] if i + 1 < n else F.EOS
        g = gz[i]
        gp = gz[i - 1] if i > 0 else F.BOS
        gn = gz[i + 1] if i + 1 < n else F.EOS
        left = self._bigram_left
        groups: list[tuple[str, ...]] = []
        if left is None or prev in left:
            groups.append(("bl", prev, cur, stems[i]))
        if left is None or cur in left:
            groups.append(("br", cur, nxt))
        groups.append(("gz", gp or "O", g or "O", gn or "O", cur if g else ""))
        if cls[i]:
            cp = cls[i - 1] if i > 0 else F.BOS
            cn = cls[i + 1] if i + 1 < n else F.EOS
            groups.append(("cb", cp, cls[i], cn))
        if lds is not None:
            lp = lds[i - 1] if i > 0 else F.BOS
            ln = lds[i + 1] if i + 1 < n else F.EOS
            cur_ld = lds[i] or "-"
            # two pairs rather than one triple: far fewer distinct keys to cache
            groups.append(("ld", lp or "-", cur_ld))
            groups.append(("ld+", cur_ld, ln or "-"))
        return groups

    @staticmethod
    def _group_strings(group: tuple[str, ...]) -> list[str]:
        """Feature strings of one sentence-level group: bigrams, gazetteer, cluster bigrams."""
        kind = group[0]
        if kind == "bl":
            _, prev, cur, stem = group
            return [f"bw-={prev}|{cur}", f"bs-={prev}|{stem}"]
        if kind == "br":
            return [f"bw+={group[1]}|{group[2]}"]
        if kind == "dc":
            return ["dc=" + c for c in group[1:]]
        if kind == "ld":
            _, lp, ld = group
            return ["ld=" + ld, "ld-1=" + lp, f"ld-={lp}|{ld}"]
        if kind == "ld+":
            _, ld, ln = group
            return ["ld+1=" + ln, f"ld+={ld}|{ln}"]
        if kind == "gz":
            _, gp, g, gn, cur = group
            out = ["gz=" + g, "gz-1=" + gp, "gz+1=" + gn]
            if cur:
                out.append(f"gzw={g}|{cur}")
            return out
        _, cp, c, cn = group
        return [f"cb-={cp}|{c}", f"cb+={c}|{cn}"]

    def _sentence_strings(
        self,
        keys: Sequence[str],
        stems: Sequence[str],
        cls: Sequence[str],
        gz: Sequence[str],
        lds: Sequence[str] | None,
        i: int,
    ) -> list[str]:
        """Bigram, gazetteer, cluster-bigram and label-dictionary features of token ``i``."""
        out: list[str] = []
        for group in self._groups(keys, stems, cls, gz, lds, i):
            out.extend(self._group_strings(group))
        return out

    def sentence(
        self,
        words: Sequence[str],
        gz: Sequence[str] | None = None,
        ld: Sequence[str] | None = None,
        doc: Sequence[tuple[str, ...]] | None = None,
    ) -> SentenceFeatures:
        """Features of every token of one sentence.

        ``gz`` overrides the gazetteer matches and ``ld`` the label-dictionary
        classes (training uses jackknifed ones); ``doc`` are the document clues
        of each token (see :meth:`document`).
        """
        return self._sentence(words, [self._info(w) for w in words], gz, ld, doc)

    def _sentence(
        self,
        words: Sequence[str],
        infos: list[_WordInfo],
        gz: Sequence[str] | None,
        ld: Sequence[str] | None,
        doc: Sequence[tuple[str, ...]] | None,
    ) -> SentenceFeatures:
        n = len(words)
        keys = [info.key for info in infos]
        if gz is None:
            gz = self.gazetteer.match(words, keys) if len(self.gazetteer) else [""] * n
        ids: list[int] = []
        offsets: list[int] = []
        offs = F.CONTEXT_OFFSETS
        stems = [info.stem for info in infos]
        cls = [info.cluster for info in infos]
        if ld is None and self.labeldict:
            ld = [info.ld for info in infos]
        cache = self._group_cache
        if len(cache) >= CACHE_LIMIT:
            cache.clear()
        for i in range(n):
            offsets.append(len(ids))
            info = infos[i]
            ids.extend(info.own)
            for j, off in enumerate(offs):
                p = i + off
                ids.extend(infos[p].ctx[j] if 0 <= p < n else self._pad[off])
            groups = self._groups(keys, stems, cls, gz, ld, i)
            if doc is not None and doc[i]:
                groups.append(("dc", *doc[i]))
            for group in groups:
                if group[0] in _UNCACHED:  # bigrams: too many distinct ones to cache
                    ids.extend(self._ids(self._group_strings(group)))
                    continue
                got = cache.get(group)
                if got is None:
                    got = cache[group] = self._ids(self._group_strings(group))
                ids.extend(got)
        rows = dense = None
        if self._vectors is not None:
            zero = len(self._rows)
            rows = np.array([zero, *(info.row for info in infos), zero], dtype=np.intp)
            if self.grow:
                dense = np.hstack(
                    [self._vectors[rows[1 + off : 1 + off + n]] for off in DENSE_OFFSETS]
                )
        return SentenceFeatures(
            np.frombuffer(array("i", ids), dtype=np.int32),
            np.frombuffer(array("q", offsets), dtype=np.int64),
            rows,
            dense,
        )

    def document(
        self,
        sentences: Sequence[Sequence[str]],
        gz: Sequence[Sequence[str]] | None = None,
        ld: Sequence[Sequence[str] | None] | None = None,
    ) -> list[SentenceFeatures]:
        """Features of the sentences of one text, with document clues when the
        featurizer has a ``doc_window`` (runs of that many sentences are one document).

        ``gz`` and ``ld`` override the gazetteer matches and label-dictionary
        classes per sentence, as for :meth:`sentence`.
        """
        if not self.doc_window:
            return [
                self.sentence(
                    s, gz[k] if gz is not None else None, ld[k] if ld is not None else None
                )
                for k, s in enumerate(sentences)
            ]
        out: list[SentenceFeatures] = []
        for lo, hi in D.windows(len(sentences), self.doc_window):
            chunk = sentences[lo:hi]
            infos = [[self._info(w) for w in s] for s in chunk]
            if gz is not None:
                gzs = list(gz[lo:hi])
            else:
                gzs = [
                    self.gazetteer.match(s, [i.key for i in inf])
                    if len(self.gazetteer)
                    else [""] * len(s)
                    for s, inf in zip(chunk, infos, strict=True)
                ]
            if ld is not None:
                lds = list(ld[lo:hi])
            else:
                lds = [[i.ld for i in inf] if self.labeldict else None for inf in infos]
            skip = [
                [c.startswith(D.COMMON) for c in cl] if cl is not None else [False] * len(inf)
                for cl, inf in zip(lds, infos, strict=True)
            ]
            ev = D.evidence(
                [[i.stem for i in inf] for inf in infos],
                [[i.cue for i in inf] for inf in infos],
                gzs,
                lds,
                skip,
            )
            out.extend(
                self._sentence(s, inf, g, cl, e)
                for s, inf, g, cl, e in zip(chunk, infos, gzs, lds, ev, strict=True)
            )
        return out
