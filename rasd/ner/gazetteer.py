"""Gazetteers for the tagger: name lists per entity type, matched over tokens.

A :class:`Gazetteer` maps phrases (tuples of key-normalised words) to an
entity type. Matching is clitic-aware for the first word ("وبغداد" matches
"بغداد") and longest-first. The tagger is trained with a gazetteer built from
the training data itself (jackknifed, so the model learns how far to trust a
list), and knowledge-base lists can be added later with :meth:`Gazetteer.add`
(the hook for ``rasd kb`` places, groups and people).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from rasd.ner.bio import spans
from rasd.text.clitics import lookup_keys
from rasd.text.normalize import key, normalize
from rasd.text.tokens import iter_tokens

MAX_LEN = 6
# A single word enters the list when at least this share of its occurrences is an entity.
MIN_ENTITY_SHARE = 0.5


def phrase_words(name: str) -> tuple[str, ...]:
    """Key-normalised words of a name, tokenised like running text."""
    norm = normalize(name)
    return tuple(key(norm[s:e]) for s, e, _ in iter_tokens(norm))


class Gazetteer:
    """Phrases → entity type, with clitic-aware, longest-first matching."""

    def __init__(self) -> None:
        self.phrases: dict[tuple[str, ...], str] = {}
        self._max = 1
        # first word → length of the longest phrase starting with it
        self._first: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.phrases)

    def add_phrase(self, words: Sequence[str], label: str, *, overwrite: bool = False) -> None:
        """Add one phrase of key-normalised words (first word in every clitic-stripped form)."""
        if not words or len(words) > MAX_LEN:
            return
        rest = tuple(words[1:])
        for form in lookup_keys(words[0])[:3]:
            self._put((form, *rest), label, overwrite)

    def _put(self, entry: tuple[str, ...], label: str, overwrite: bool = True) -> None:
        if overwrite or entry not in self.phrases:
            self.phrases[entry] = label
        n = len(entry)
        self._max = max(self._max, n)
        if self._first.get(entry[0], 0) < n:
            self._first[entry[0]] = n

    def add(self, label: str, names: Iterable[str], *, overwrite: bool = True) -> int:
        """Add surface names of one type (e.g. places from the knowledge base); returns count."""
        n = 0
        for name in names:
            words = phrase_words(name)
            if words:
                self.add_phrase(words, label, overwrite=overwrite)
                n += 1
        return n

    def match(self, words: Sequence[str], keys: Sequence[str] | None = None) -> list[str]:
        """Per-token match tags (``B-LOC``, ``I-LOC`` … or ``""``), longest match first.

        ``keys`` are the key forms of ``words`` if the caller has them already.
        """
        n = len(words)
        out = [""] * n
        if not self.phrases:
            return out
        if keys is None:
            keys = [key(w) for w in words]
        first_len = self._first
        phrases = self.phrases
        i = 0
        while i < n:
            found = 0
            label = ""
            for first in lookup_keys(words[i]) or (keys[i],):
                longest = first_len.get(first)
                if longest is None:
                    continue
                for length in range(min(longest, n - i), found, -1):
                    hit = phrases.get((first, *keys[i + 1 : i + length]))
                    if hit is not None:
                        found, label = length, hit
                        break
            if found:
                out[i] = "B-" + label
                for j in range(i + 1, i + found):
                    out[j] = "I-" + label
                i += found
            else:
                i += 1
        return out

    def to_dict(self) -> dict[str, list[str]]:
        """``{type: ["word word", …]}``, sorted, for storage in the model file."""
        by_type: dict[str, list[str]] = defaultdict(list)
        for words, label in self.phrases.items():
            by_type[label].append(" ".join(words))
        return {label: sorted(names) for label, names in sorted(by_type.items())}

    @classmethod
    def from_dict(cls, data: dict[str, list[str]]) -> Gazetteer:
        gaz = cls()
        phrases = gaz.phrases
        first = gaz._first
        longest = 1
        # _put inlined: a model with knowledge-base lists loads tens of thousands of names
        for label, names in sorted(data.items()):
            for name in names:
                entry = tuple(name.split(" "))
                phrases[entry] = label
                n = len(entry)
                if first.get(entry[0], 0) < n:
                    first[entry[0]] = n
                    longest = max(longest, n)
        gaz._max = longest
        return gaz


def build(sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> Gazetteer:
    """A gazetteer of the entities tagged in ``sentences`` (majority type per phrase).

    Single words are kept only when they are tagged as an entity in at least
    :data:`MIN_ENTITY_SHARE` of their occurrences (drops "الامن", "الرئيس" …).
    """
    votes: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    occurrences: Counter[str] = Counter()
    for words, tags in sentences:
        keys = [key(w) for w in words]
        occurrences.update(keys)
        for start, end, label in spans(tags):
            votes[tuple(keys[start:end])][label] += 1
    gaz = Gazetteer()
    for phrase in sorted(votes):
        counts = votes[phrase]
        label, count = min(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if len(phrase) == 1 and count < MIN_ENTITY_SHARE * occurrences[phrase[0]]:
            continue
        gaz.add_phrase(phrase, label)
    return gaz
