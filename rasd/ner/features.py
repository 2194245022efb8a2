"""Features for the NER tagger: pure functions from words to feature strings.

A token's features are of two kinds:

* **word features** depend on the word alone (its key, clitic-stripped keys,
  prefixes and suffixes, shape, word cluster); they are computed once per
  distinct word and cached by :class:`rasd.ner.featurizer.Featurizer`;
* **context features** describe the neighbours (words ±2, their stems and
  clusters, bigrams) and gazetteer matches over the sentence.

Every function here is deterministic: the same words give the same features
in the same order, in any process.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from rasd.ner.cues import cue
from rasd.text.clitics import lookup_keys
from rasd.text.normalize import key

# Context offsets whose word identity is used as a feature.
CONTEXT_OFFSETS = (-2, -1, 1, 2)
BOS = "<s>"
EOS = "</s>"

_SHAPE_TABLE = str.maketrans(
    {
        **{chr(c): "a" for c in [*range(0x0621, 0x064B), *range(0x0671, 0x06D4)]},
        **{c: "d" for c in "0123456789"},
        **{chr(c): "x" for c in range(ord("a"), ord("z") + 1)},
        **{chr(c): "X" for c in range(ord("A"), ord("Z") + 1)},
    }
)
_RUN = re.compile(r"(.)\1+")
# Attached proclitic sequences, longest first, recognised on the key form.
_PROCLITICS = (
    "وبال",
    "وكال",
    "ولل",
    "فال",
    "وال",
    "بال",
    "كال",
    "لل",
    "ال",
    "و",
    "ب",
    "ل",
    "ف",
    "ك",
)


@lru_cache(maxsize=100_000)
def shape(word: str) -> str:
    """Coarse word shape: ``a`` Arabic letter, ``d`` digit, ``x``/``X`` Latin; runs collapsed."""
    out = word.translate(_SHAPE_TABLE)
    if not out.strip("a"):  # all Arabic letters: the common case
        return out[:2]
    return _RUN.sub(r"\1\1", out)


# Key normalisation, cached: features ask for the same words many times.
_key = lru_cache(maxsize=100_000)(key)
key_of = _key  # the same, for the featurizer


def proclitic(k: str) -> str:
    """The longest attached proclitic sequence of a key form (``""`` if none or too short)."""
    for p in _PROCLITICS:
        if k.startswith(p) and len(k) - len(p) >= 2:
            return p
    return ""


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The most stripped clitic-aware lookup key of ``word`` (its key if none)."""
    keys = lookup_keys(word)
    return keys[-1] if keys else _key(word)


def word_features(word: str, clusters: Mapping[str, str] | None = None) -> list[str]:
    """Features of one word by itself (no context), deterministic order."""
    k = _key(word)
    feats = ["b", "w=" + k]
    keys = lookup_keys(word)
    for form in keys[1:5]:
        feats.append("k=" + form)
    n = len(k)
    for i in range(1, 5):
        if n > i:
            feats.append(f"p{i}={k[:i]}")
            feats.append(f"s{i}={k[-i:]}")
    base = keys[-1] if keys else k
    padded = f"^{base}$"
    feats.extend(f"g3={padded[i : i + 3]}" for i in range(len(padded) - 2))
    sh = shape(k)
    feats.append("sh=" + sh)
    feats.append(f"len={min(n, 12)}")
    pro = proclitic(k)
    if pro:
        feats.append("pro=" + pro)
        feats.append("rest=" + k[len(pro) :])
    q = cue(word)
    if q:
        feats.append("cue=" + q)
    if any(c.isdigit() for c in k):
        feats.append("digit")
        if k.isdigit():
            feats.append(f"num{min(n, 5)}")
    if clusters is not None:
        feats.extend(cluster_features(keys[0] if keys else k, clusters, ""))
        if len(keys) > 1:
            feats.extend(cluster_features(keys[-1], clusters, "s"))
    return feats


def cluster_features(k: str, clusters: Mapping[str, str], tag: str) -> list[str]:
    """Hierarchical cluster path prefixes of a key (``c4=0110``, ``c8=…``, full path)."""
    path = clusters.get(k)
    if path is None:
        return [f"{tag}c=?"]
    out = [f"{tag}c{n}={path[:n]}" for n in (4, 8, 12) if len(path) > n]
    out.append(f"{tag}c={path}")
    return out


def context_features(
    word: str, offset: int, clusters: Mapping[str, str] | None = None
) -> list[str]:
    """Features that ``word`` contributes to the token ``-offset`` positions away."""
    if word in (BOS, EOS):
        return [f"w{offset:+d}={word}"]
    return _context(_key(word), stem(word), cue(word), offset, clusters)


def contexts(
    word: str, clusters: Mapping[str, str] | None = None
) -> tuple[str, tuple[list[str], ...]]:
    """The cue of ``word`` and its :func:`context_features` for every offset of
    :data:`CONTEXT_OFFSETS` (key, stem and cue computed once)."""
    if word in (BOS, EOS):
        return cue(word), tuple([f"w{off:+d}={word}"] for off in CONTEXT_OFFSETS)
    k, st, q = _key(word), stem(word), cue(word)
    return q, tuple(_context(k, st, q, off, clusters) for off in CONTEXT_OFFSETS)


def _context(k: str, st: str, q: str, offset: int, clusters: Mapping[str, str] | None) -> list[str]:
    feats = [f"w{offset:+d}={k}"]
    if q:
        feats.append(f"q{offset:+d}={q}")
    if st != k:
        feats.append(f"t{offset:+d}={st}")
    if clusters is not None:
        path = clusters.get(st) or clusters.get(k)
        feats.append(f"c{offset:+d}={path[:6] if path else '?'}")
        if abs(offset) == 1 and path:
            feats.append(f"cf{offset:+d}={path}")
    if abs(offset) == 1:
        feats.append(f"sh{offset:+d}={shape(k)}")
        if len(k) > 2:
            feats.append(f"s2{offset:+d}={k[-2:]}")
            feats.append(f"p2{offset:+d}={k[:2]}")
    return feats


def cluster_of(word: str, clusters: Mapping[str, str] | None) -> str:
    """The cluster path of a word (its stem's if the word itself is unknown), ``?`` if none."""
    if clusters is None:
        return ""
    return clusters.get(_key(word)) or clusters.get(stem(word)) or "?"
