"""The document model: raw text, a normalised view and spans with raw offsets.

A :class:`Doc` never loses its raw text. Sentences, tokens and any extracted
evidence are :class:`Span` objects whose ``start``/``end`` are character offsets
into ``doc.raw``; ``span.text`` is always ``doc.raw[span.start:span.end]``.
Analysis runs on ``doc.norm`` (search-level normalisation) and maps its
offsets back through ``doc.offsets``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from rasd.text import clitics, sentences, tokens
from rasd.text.normalize import Level, OffsetMap, normalize_with_map


class Span:
    """A view into a :class:`Doc` between raw offsets ``start`` and ``end``."""

    __slots__ = ("doc", "end", "label", "norm_end", "norm_start", "start")

    def __init__(self, doc: Doc, norm_start: int, norm_end: int, label: str = "") -> None:
        self.doc = doc
        self.norm_start = norm_start
        self.norm_end = norm_end
        self.start, self.end = doc.offsets.span(norm_start, norm_end)
        self.label = label

    @property
    def text(self) -> str:
        """The raw surface text of the span."""
        return self.doc.raw[self.start : self.end]

    @property
    def norm(self) -> str:
        """The normalised text of the span."""
        return self.doc.norm[self.norm_start : self.norm_end]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "text": self.text}
        if self.label:
            out["label"] = self.label
        return out

    def __repr__(self) -> str:
        return f"Span({self.start}, {self.end}, {self.text!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Span)
            and other.doc is self.doc
            and (other.start, other.end, other.label) == (self.start, self.end, self.label)
        )

    def __hash__(self) -> int:
        return hash((id(self.doc), self.start, self.end, self.label))


class Token(Span):
    """A token: a span with a kind (word, num, date, latin, punct, other)."""

    __slots__ = ("kind",)

    def __init__(self, doc: Doc, norm_start: int, norm_end: int, kind: str) -> None:
        self.doc = doc
        self.norm_start = norm_start
        self.norm_end = norm_end
        self.start, self.end = doc.offsets.span(norm_start, norm_end)
        self.label = ""
        self.kind = kind

    @property
    def keys(self) -> tuple[str, ...]:
        """Clitic-aware lookup keys (see :func:`rasd.text.clitics.lookup_keys`)."""
        return clitics.lookup_keys(self.norm)

    def to_dict(self) -> dict[str, Any]:
        out = super().to_dict()
        out["kind"] = self.kind
        return out

    def __repr__(self) -> str:
        return f"Token({self.start}, {self.end}, {self.text!r}, {self.kind})"


class Tokens(Sequence[Token]):
    """The tokens of a :class:`Doc`, made on first access.

    Tokenisation keeps only the matched pieces (:func:`rasd.text.tokens.token_pieces`);
    the normalised boundaries (``norm_starts``, ``norm_ends``: two int lists) are
    computed on first use and a :class:`Token` is built, and kept, when it is first
    indexed or iterated. Behaves as a read-only ``list[Token]``: slices are lists and
    it compares equal to the list of the same tokens.
    """

    __slots__ = ("_bounds", "_doc", "_items", "_pieces", "_texts")

    def __init__(self, doc: Doc, pieces: list[str]) -> None:
        self._doc = doc
        self._pieces = pieces
        self._bounds: tuple[list[int], list[int]] | None = None
        self._texts: list[str] = []
        self._items: list[Token | None] = [None] * len(pieces)

    def _offsets(self) -> tuple[list[int], list[int]]:
        if self._bounds is None:
            starts, ends, self._texts = tokens.words_of_pieces(self._pieces)
            self._bounds = (starts, ends)
            self._pieces = []  # the offsets (and texts) say it all now
        return self._bounds

    @property
    def norm_texts(self) -> list[str]:
        """The normalised text of every token (``doc.norm[start:end]``), made with the offsets."""
        if self._bounds is None:
            self._offsets()
        return self._texts

    @property
    def norm_starts(self) -> list[int]:
        """Normalised start offsets of the tokens."""
        return self._offsets()[0]

    @property
    def norm_ends(self) -> list[int]:
        """Normalised end offsets of the tokens (strictly increasing)."""
        return self._offsets()[1]

    def _make(self, i: int) -> Token:
        doc = self._doc
        starts, ends = self._bounds or self._offsets()
        start = starts[i]
        tok = Token(doc, start, ends[i], tokens.token_kind(doc.norm, start))
        self._items[i] = tok
        return tok

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, i: int) -> Token: ...

    @overload
    def __getitem__(self, i: slice) -> list[Token]: ...

    def __getitem__(self, i: int | slice) -> Token | list[Token]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self._items)))]
        return self._items[i] or self._make(i)

    def __iter__(self) -> Iterator[Token]:
        items = self._items
        for i, tok in enumerate(items):
            yield tok or self._make(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Tokens | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, as a list

    def __repr__(self) -> str:
        return repr(list(self))


@dataclass
class Doc:
    """One article: raw text plus its search-normalised view.

    Build with :meth:`Doc.from_text`. ``meta`` holds article metadata
    (published date, url, title) for later stages.
    """

    raw: str
    norm: str
    offsets: OffsetMap
    level: Level = Level.SEARCH
    meta: dict[str, Any] = field(default_factory=dict)
    _sentences: list[Span] | None = field(default=None, repr=False)
    _tokens: Tokens | None = field(default=None, repr=False)
    _token_ends: list[int] | None = field(default=None, repr=False)

    @classmethod
    def from_text(cls, raw: str, level: Level | str = Level.SEARCH, **meta: Any) -> Doc:
        norm, offsets = normalize_with_map(raw, level)
        return cls(raw=raw, norm=norm, offsets=offsets, level=Level(level), meta=dict(meta))

    def span(self, norm_start: int, norm_end: int, label: str = "") -> Span:
        """A span from normalised offsets."""
        return Span(self, norm_start, norm_end, label)

    @property
    def sentences(self) -> list[Span]:
        if self._sentences is None:
            self._sentences = [
                Span(self, s, e, "sentence") for s, e in sentences.iter_sentences(self.norm)
            ]
        return self._sentences

    @property
    def paragraphs(self) -> list[Span]:
        return [Span(self, s, e, "paragraph") for s, e in sentences.iter_paragraphs(self.norm)]

    @property
    def tokens(self) -> Tokens:
        if self._tokens is None:
            self._tokens = Tokens(self, tokens.token_pieces(self.norm))
        return self._tokens

    def token_index(self, norm_offset: int) -> int:
        """Index of the first token that ends after ``norm_offset`` (``len(tokens)`` if none)."""
        if self._token_ends is None:
            self._token_ends = self.tokens.norm_ends
        return bisect_right(self._token_ends, norm_offset)

    def tokens_in(self, span: Span) -> list[Token]:
        """Tokens inside ``span`` (by normalised offsets)."""
        toks = self.tokens
        i = self.token_index(span.norm_start)
        j = bisect_right(toks.norm_ends, span.norm_end, lo=i)
        return toks[i:j]

    def __len__(self) -> int:
        return len(self.raw)
