"""Numbers and quantities in Arabic text: digits, number words, hedges and vague counts.

:func:`find_quantities` scans **search-normalised** text (see
:func:`rasd.text.normalize.normalize`): every digit is ASCII, ``،``/``٬`` are ``,``,
``٫`` is ``.``, alef forms are ``ا`` and ``ى`` is ``ي``. One regular expression (a trie of
every word form in :mod:`rasd.lang.ar.numbers`, plus digit patterns) finds *atoms*; a small
grammar joins adjacent atoms into phrases ("ثلاثمائة وخمسة", "نحو 3 آلاف", "عشرات
الآلاف") and ranges ("بين 10 و20").

Digit conventions:

* ``1,200`` and ``1,200,000`` are thousands separators; ``3.5`` is a decimal.
* ``1.200`` (one dot, exactly three digits after it, no leading zero) is read as 1200, as
  Arabic outlets write it ("12.500 جندي"), unless a scale word follows: ``1.250 مليار`` is
  1.25 billion. ``1.200.000`` is always 1,200,000.
* ``2,4`` is a decimal only before a scale word or a percentage (``2,4 مليار``,
  ``15,7 في المئة``); elsewhere the comma separates two numbers.
* News-agency copy writes decimals with ``ر`` and the fraction first: ``6ر2`` is 2.6.
* Dates and times are skipped, never read as numbers: ``22/03/2024``, ``2024-03-22``,
  ``22.03.2024``, ``10/1/1436``, any ``a/b``, ``10:30`` and ``الساعة 14.30``.
* Digits glued to Latin letters or digits (``F16``, ``5G``) are not quantities.

Spans exclude a clitic attached to the first word (``بنحو 20`` → ``نحو 20``;
``وثلاثة`` → ``ثلاثة``; ``الـ12`` → ``12``). A hedge after the number may follow the counted noun
(``20 شخصا على الأقل``); the span then includes the noun. A number written with digits in
a decimal is a ``float`` unless a scale makes it whole (``2.5 مليون`` → 2500000).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, Final

from rasd.lang.ar import numbers as data
from rasd.text.normalize import normalize

if TYPE_CHECKING:
    from rasd.doc import Doc, Span

Number = int | float

# Atom kinds. Cardinal kinds come first so that ``kind <= _FRACTION`` tests "cardinal".
_DIGITS, _UNIT, _TEEN, _TEN, _HUNDRED, _SCALE, _SCALE_DUAL, _FRACTION = range(8)
_PLURAL, _PLURAL_ART, _VAGUE, _FEW, _FEW_TEEN, _SEVERAL, _SOME = range(8, 15)
_ORD, _ORD_ONE, _ORD_TEN, _DUAL, _HEDGE, _HOUR = range(15, 21)

# Hedge flags.
_AT_LEAST, _APPROX, _AT_MOST = 1, 2, 4
_FLAG = {data.AT_LEAST: _AT_LEAST, data.APPROX: _APPROX, data.AT_MOST: _AT_MOST}

# How two neighbouring atoms are joined.
_NONE, _TIGHT, _CONJ, _WORD = range(4)

# Group slots while reading a cardinal.
_B_UNIT, _B_TEN, _B_TEEN, _B_HUNDRED, _B_DIGITS, _B_FRAC, _B_DONE = 1, 2, 4, 8, 16, 32, 64


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number or quantity phrase found in a text.

    ``start``/``end`` are offsets into the text that was scanned and cover the whole
    phrase including hedges; ``text`` is that slice. ``value`` is ``None`` for vague
    quantities ("عشرات") and ranges ("بين 10 و20"); ``low``/``high`` bound the count
    (``high`` is ``None`` when open, as in "عدد من"). Ordinals ("الثالث") are reported
    with ``ordinal=True`` and are never counts. ``kind`` is ``"digits"``, ``"words"``,
    ``"vague"`` or ``"mixed"`` (digits with number words: "3 آلاف").
    """

    start: int
    end: int
    value: Number | None
    low: Number | None
    high: Number | None
    at_least: bool
    approx: bool
    at_most: bool
    ordinal: bool
    vague: bool
    kind: str
    text: str


# An atom is a plain tuple (speed): (kind, value, start, end, prefix start, prefix).
# ``start`` is after the clitic prefix ("و" in "وخمسين"); offsets are into the text.
_Atom = tuple[int, Any, int, int, int, str]
_K: Final = 0
_V: Final = 1
_S: Final = 2
_E: Final = 3
_PS: Final = 4
_PX: Final = 5


# --- lexicon and scanner ----------------------------------------------------------------


def _variants(form: str) -> list[str]:
    """The normalised form, plus its informal spelling with final ة written ه."""
    form = normalize(form)
    alt = " ".join(w[:-1] + "ه" if w.endswith("ة") else w for w in form.split(" "))
    return [form] if alt == form else [form, alt]


_KINDS = {
    data.UNIT: _UNIT,
    data.TEEN: _TEEN,
    data.TEN: _TEN,
    data.HUNDRED_KIND: _HUNDRED,
    data.SCALE: _SCALE,
    data.SCALE_DUAL: _SCALE_DUAL,
    data.FRACTION: _FRACTION,
    data.PLURAL: _PLURAL,
    data.PLURAL_ART: _PLURAL_ART,
    data.VAGUE: _VAGUE,
    data.FEW_KIND: _FEW,
    data.FEW_TEEN: _FEW_TEEN,
    data.SEVERAL_KIND: _SEVERAL,
    data.SOME_KIND: _SOME,
    data.ORDINAL: _ORD,
    data.ORDINAL_ONE: _ORD_ONE,
    data.ORDINAL_TEN: _ORD_TEN,
    data.DUAL: _DUAL,
}


@cache
def _lexicon() -> dict[str, tuple[int, Any]]:
    """Surface form → (kind, value). Hedges carry (flag, may precede, may follow)."""
    lex: dict[str, tuple[int, Any]] = {}
    for form, kind, value in data.number_forms():
        kv: tuple[int, Any] = (_KINDS[kind], Decimal(value) if kind == data.FRACTION else value)
        # "عدة" keeps its ة only: "عده" is "he counted it"
        for v in [normalize(form)] if kind == data.SEVERAL_KIND else _variants(form):
            lex.setdefault(v, kv)
    hedges: dict[str, list[int]] = {}
    for table, slot in ((data.PRE_HEDGES, 1), (data.POST_HEDGES, 2)):
        for phrase, flag in table.items():
            for form in _variants(phrase):
                entry = hedges.setdefault(form, [0, 0, 0])
                entry[0] |= _FLAG[flag]
                entry[slot] = 1
    for form, (flags, pre, post) in hedges.items():
        lex[form] = (_HEDGE, (flags, bool(pre), bool(post)))
    lex[normalize(data.HOUR)] = (_HOUR, 0)
    return lex


def _trie(words: list[str]) -> str:
    """A regular expression matching any of ``words``, longest first (a character trie)."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [
            (r"[^\S\n]+" if ch == " " else re.escape(ch)) + emit(node[ch])
            for ch in sorted(node)
            if ch
        ]
        if not alts:
            return ""
        if "" in node:  # an empty branch, not "?": sre runs "(...)?" through slow REPEAT
            return "(?:" + "|".join(alts) + "|)"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


@cache
def _scanner() -> re.Pattern[str]:
    """The atom scanner; each match starts with the separator before the atom."""
    scale_words = sorted(
        {normalize(f) for by in data.SCALES.values() for fs in by.values() for f in fs}
    )
    scale = "(?:" + "|".join(scale_words) + r")(?![^\W_])"
    percent = r"(?:%|في[^\S\n]+الم|بالم)"
    # ASCII whitespace and punctuation only: a set sre checks with a bitmap. (Unicode
    # spaces are " " after normalisation.)
    sep = r"[\t-\r !-/:-@\[-`{-~]"
    pattern = (
        sep + r"(?P<p>[وف]?[بلك]?(?:ال(?=[0-9])|))"  # "ال" only before digits: "ال12 شهرا"
        r"(?:(?P<w>" + _trie(sorted(_lexicon())) + r")(?![^\W_])"  # words first: most tries
        r"|(?=[0-9])(?:(?P<skip>[0-9]{1,4}(?P<ds>[-.])[0-9]{1,2}(?P=ds)[0-9]{1,4}(?![0-9])"
        r"|[0-9]{1,4}[^\S\n]?/[^\S\n]?[0-9]{1,2}[^\S\n]?/[^\S\n]?[0-9]{1,4}(?![0-9])"
        r"|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?![0-9])"
        r"|[0-9]+[^\S\n]?/[^\S\n]?[0-9]+"
        r"|[0-9]{1,3}(?:[,.][0-9]{3}){9,}"  # too long for a count
        r")"
        r"|(?P<ct>[1-9][0-9]{0,2}(?:,[0-9]{3}){1,8})(?![0-9A-Za-z]|,[0-9])"
        r"|(?P<dt>[1-9][0-9]{0,2}(?:\.[0-9]{3}){2,8})(?![0-9A-Za-z]|\.[0-9])"
        r"|(?P<dt1>[1-9][0-9]{0,2}\.[0-9]{3})(?![0-9.A-Za-z])(?![^\S\n]*" + scale + ")"
        r"|(?P<dec>[0-9]{1,20}\.[0-9]{1,20})(?![0-9A-Za-z])"
        r"|(?P<cdec>[0-9]{1,20},[0-9]{1,2})(?![0-9A-Za-z])(?=[^\S\n]*(?:"
        + scale
        + "|"
        + percent
        + "))"
        r"|(?P<rdec>[0-9]{1,20}ر[0-9]{1,20})(?![0-9A-Za-z])"  # wire style "5ر12" = 12.5
        r"|(?P<int>[0-9]{1,30})(?![0-9A-Za-z])))"  # longer runs are ids, not counts
    )
    return re.compile(pattern)


def _digits(group: str, raw: str) -> int | Decimal:
    if group == "int":
        return int(raw)
    if group == "ct":
        return int(raw.replace(",", ""))
    if group in ("dt", "dt1"):
        return int(raw.replace(".", ""))
    if group == "rdec":
        fraction, whole = raw.split("ر")
        return Decimal(f"{whole}.{fraction}")
    return Decimal(raw.replace(",", "."))


def _scan(text: str) -> list[_Atom]:
    """All atoms of ``text``, left to right (offsets into ``text``)."""
    lex = _lexicon()
    not_numbers = _not_numbers()
    atoms: list[_Atom] = []
    append = atoms.append
    padded = " " + text  # every match starts with one separator character
    for m in _scanner().finditer(padded):
        group = m.lastgroup
        if group == "skip" or group is None:
            continue
        start, end = m.span(group)
        pstart = m.start()  # the separator sits at padded[pstart], text offset pstart - 1
        prefix = padded[pstart + 1 : start]
        if group == "w":
            word = padded[start:end]
            entry = lex.get(word) or lex.get(" ".join(word.split()))
            if entry is None or (prefix and prefix + word in not_numbers):
                continue
            append((entry[0], entry[1], start - 1, end - 1, pstart, prefix))
        else:
            value = _digits(group, padded[start:end])
            append((_DIGITS, value, start - 1, end - 1, pstart, prefix))
    return atoms


@cache
def _not_numbers() -> frozenset[str]:
    return frozenset(normalize(w) for w in data.NOT_NUMBERS)


# --- grammar ------------------------------------------------------------------------------

_CONJ_GAP = re.compile(r"[^\S\n]+و[^\S\n]+")
_WORD_GAP = re.compile(r"[^\S\n]+[^\W\d_]+[^\S\n]+")
_MAX_GAP = 32  # longer gaps join nothing (saves slicing far-apart atoms)


def _join(text: str, a: _Atom, b: _Atom) -> int:
    """How atom ``b`` attaches to the atom ``a`` before it."""
    if b[_PS] - a[_E] > _MAX_GAP:
        return _NONE
    gap = text[a[_E] : b[_PS]]
    prefix = b[_PX]
    if prefix and prefix != "ال":  # "ال" only comes before digits: "نحو ال240"
        if (prefix == "و" or prefix == "وال") and gap.isspace() and "\n" not in gap:
            return _CONJ
        return _NONE
    if gap.isspace():
        return _NONE if "\n" in gap else _TIGHT
    if _CONJ_GAP.fullmatch(gap):
        return _CONJ
    if _WORD_GAP.fullmatch(gap):
        return _WORD
    return _NONE


def _cardinal(text: str, atoms: list[_Atom], k: int) -> tuple[Any, int, bool, bool] | None:
    """Read a cardinal from ``atoms[k]``: (value, index of last atom, has digits, has words).

    Arabic order: hundreds, then units, then tens, each new part after "و"; a scale word
    follows its group directly ("خمسة وعشرين ألفا") and the next group starts with "و".
    """
    total: Any = 0
    group: Any = 0
    bits = 0
    last_scale = 0
    prev_kind = -1
    digits = words = False
    j = k
    n = len(atoms)
    while j < n:
        a = atoms[j]
        kind, v = a[_K], a[_V]
        first = j == k
        join = _TIGHT if first else _join(text, atoms[j - 1], a)
        if (join != _TIGHT and join != _CONJ) or bits & _B_DONE:
            break
        conj = join == _CONJ
        opens = first or conj  # a new part of a group needs "و" unless it comes first
        if kind == _DIGITS or kind == _HUNDRED:
            if bits or not (first or (last_scale and conj)):
                break
            group, bits = v, (_B_DIGITS if kind == _DIGITS else _B_HUNDRED)
        elif kind == _UNIT or kind == _TEEN:
            if bits & (_B_UNIT | _B_TEN | _B_TEEN | _B_DIGITS | _B_FRAC) or not opens:
                break
            group += v
            bits |= _B_UNIT if kind == _UNIT and v < 10 else _B_TEEN
        elif kind == _TEN:
            if bits & (_B_TEN | _B_TEEN | _B_DIGITS | _B_FRAC) or not opens:
                break
            group += v
            bits |= _B_TEN
        elif kind == _SCALE:
            if conj:
                break
            if not bits:
                if first:
                    group = 1
                elif prev_kind == _SCALE and v > last_scale:  # "ألف مليون"
                    total, last_scale, prev_kind = total * v, v, kind
                    j += 1
                    continue
                else:
                    break
            elif last_scale and v >= last_scale:
                break
            total, group, bits, last_scale = total + group * v, 0, 0, v
        elif kind == _SCALE_DUAL:
            if bits or not (first or (conj and last_scale > v)):
                break
            total, last_scale = total + 2 * v, v
        elif kind == _PLURAL:  # "ثلاثة آلاف", "10 ملايين"
            if conj or bits not in (_B_UNIT, _B_DIGITS, _B_TEEN):
                break
            if group < 3 and bits != _B_DIGITS:
                break
            if (bits == _B_TEEN and group != 10) or (last_scale and v >= last_scale):
                break
            total, group, bits, last_scale = total + group * v, 0, 0, v
        elif kind == _FRACTION:
            if first:  # "نصف مليون": a scale must follow
                group, bits = v, _B_FRAC
            elif conj and not bits and last_scale:  # "مليون ونصف"
                total, bits = total + v * last_scale, _B_DONE
            else:
                break
        else:
            break
        if kind == _DIGITS:
            digits = True
        else:
            words = True
        prev_kind = kind
        j += 1
    if j == k or bits == _B_FRAC:
        return None
    return total + group, j - 1, digits, words


def _vague(text: str, atoms: list[_Atom], k: int) -> tuple[int, int | None, int]:
    """Read a vague quantity from ``atoms[k]``: (low, high, index of last atom)."""
    a = atoms[k]
    nxt = atoms[k + 1] if k + 1 < len(atoms) else None
    scale = 0
    if nxt is not None and nxt[_K] in (_PLURAL, _PLURAL_ART, _VAGUE):
        if _join(text, a, nxt) == _TIGHT:
            scale = nxt[_V]
    if a[_K] in (_PLURAL, _PLURAL_ART, _VAGUE):
        unit = a[_V]
        if scale > unit:
            return unit * scale, 10 * unit * scale - 1, k + 1
        return 2 * unit, 10 * unit - 1, k
    if a[_K] == _FEW:
        return (3 * scale, 10 * scale - 1, k + 1) if scale else (3, 9, k)
    if a[_K] == _SEVERAL and scale:
        return 2 * scale, 10 * scale - 1, k + 1
    if a[_K] == _FEW_TEEN:
        return 13, 19, k
    return 2, None, k  # "عدة", "عدد من"


def _ordinal(text: str, atoms: list[_Atom], k: int) -> tuple[int, int] | None:
    """Read an ordinal from ``atoms[k]``: (value, index of last atom)."""
    a = atoms[k]
    if a[_K] == _ORD_TEN:
        return a[_V], k
    if k + 1 < len(atoms) and a[_V] < 10:
        b = atoms[k + 1]
        if b[_K] == _ORD_TEN and _join(text, a, b) == _CONJ:
            return a[_V] + b[_V], k + 1
    if a[_K] == _ORD_ONE:
        return None
    return a[_V], k


def _quantity(
    text: str,
    span: tuple[int, int],
    nums: tuple[Any, Any, Any],
    flags: int,
    tags: tuple[Any, Any, Any],
) -> Quantity:
    """A Quantity from its span, (value, low, high), hedge bits and (ordinal, vague, kind)."""
    hedges = (bool(flags & _AT_LEAST), bool(flags & _APPROX), bool(flags & _AT_MOST))
    return Quantity(*span, *nums, *hedges, *tags, text[span[0] : span[1]])


def _plain(v: Any) -> Number:
    if type(v) is int:
        return v
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    return int(v)


def _phrase(text: str, atoms: list[_Atom], i: int) -> tuple[Quantity | None, int]:
    """The quantity starting at ``atoms[i]`` (or None) and the index of the next atom to try."""
    n = len(atoms)
    flags = 0
    k = i
    a = atoms[k]
    if a[_K] == _HOUR:  # "الساعة 10" / "الساعة 14.30" / "الساعة 14,30" are clock times
        j = k + 1
        if j < n and atoms[j][_K] == _DIGITS and _join(text, a, atoms[j]) == _TIGHT:
            end = atoms[j][_E]
            if j + 1 < n and atoms[j + 1][_PS] == end + 1 and text[end] in ",.:":
                j += 1
            return None, j + 1
        return None, i + 1
    while a[_K] == _HEDGE:
        # On failure skip the whole chain of hedges: each of them would fail the same way.
        flag, pre, _post = a[_V]
        if not pre:
            return None, max(k, i + 1)
        if k + 1 >= n or _join(text, a, atoms[k + 1]) != _TIGHT:
            return None, k + 1
        flags |= flag
        k += 1
        a = atoms[k]
    ordinal = vague = False
    kind = "words"
    if a[_K] <= _FRACTION:
        card = _cardinal(text, atoms, k)
        if card is None:
            return None, max(k, i + 1)
        total, last, digits, words = card
        value: Number | None = _plain(total)
        low: Number | None = value
        high: Number | None = value
        kind = ("mixed" if words else "digits") if digits else "words"
    elif a[_K] <= _SOME:
        low, high, last = _vague(text, atoms, k)
        value, vague, kind = None, True, "vague"
    elif a[_K] <= _ORD_TEN and k == i:
        ordv = _ordinal(text, atoms, k)
        if ordv is None:
            return None, max(k, i + 1)
        value, last = ordv
        low = high = value
        ordinal = True
    elif a[_K] == _DUAL:
        value = low = high = 2
        last = k
    else:
        return None, max(k, i + 1)
    if not ordinal and last + 1 < n:
        b = atoms[last + 1]
        if b[_K] == _HEDGE and b[_V][2] and _join(text, atoms[last], b) in (_TIGHT, _WORD):
            flags |= b[_V][0]
            last += 1
    start, end = atoms[i][_S], atoms[last][_E]
    q = _quantity(text, (start, end), (value, low, high), flags, (ordinal, vague, kind))
    return q, last + 1


# --- ranges -------------------------------------------------------------------------------

_RANGE_MID = re.compile(r"[^\S\n]*(?:(?P<and>و)|الي|حتي|او)[^\S\n]*")
_INTRO = re.compile(r"(?<![^\W_])[وف]?(?P<i>(?:ما[^\S\n]+)?(?P<b>بين)|من)[^\S\n]+$")


def _range(text: str, q1: Quantity, q2: Quantity) -> Quantity | None:
    """``q1`` and ``q2`` as one range ("بين 10 و20", "من 5 إلى 7", "3 أو 4"), or None."""
    if q2.start - q1.end > 8:
        return None
    if q1.vague or q2.vague or q1.ordinal or q2.ordinal:
        return None
    if q1.high is None or q2.low is None or not q1.high < q2.low:
        return None
    mid = _RANGE_MID.fullmatch(text, q1.end, q2.start)
    if mid is None:
        return None
    intro = _INTRO.search(text, max(0, q1.start - 16), q1.start)
    if mid.group("and") and (intro is None or not intro.group("b")):
        return None  # "و" joins a range only after "بين": "بين 10 و20"
    start = intro.start("i") if intro is not None else q1.start
    low = q1.low
    scale = _last_scale(q2.text)
    if scale and low is not None and q1.high < scale and not _last_scale(q1.text):
        # the scale of the second number applies to the first: "من 3 إلى 5 آلاف"
        scaled = _plain(Decimal(str(low)) * scale)
        low = scaled if scaled < q2.low else low
    flags = sum(
        bit
        for bit, name in ((_AT_LEAST, "at_least"), (_APPROX, "approx"), (_AT_MOST, "at_most"))
        if getattr(q1, name) or getattr(q2, name)
    )
    kind = q1.kind if q1.kind == q2.kind else "mixed"
    return _quantity(text, (start, q2.end), (None, low, q2.high), flags, (False, False, kind))


def _last_scale(text: str) -> int:
    """The scale named by the last word of ``text`` ("5 آلاف" → 1000), else 0."""
    entry = _lexicon().get(text.rsplit(None, 1)[-1])
    return entry[1] if entry is not None and entry[0] in (_SCALE, _PLURAL) else 0


def _merge_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    out: list[Quantity] = []
    i = 0
    while i < len(found):
        if i + 1 < len(found):
            merged = _range(text, found[i], found[i + 1])
            if merged is not None:
                out.append(merged)
                i += 2
                continue
        out.append(found[i])
        i += 1
    return out


# --- public API ---------------------------------------------------------------------------


def find_quantities(text: str) -> list[Quantity]:
    """All quantities in search-normalised ``text``, non-overlapping, left to right.

    ``text`` must already be normalised with :func:`rasd.text.normalize.normalize`
    (use :func:`quantities` for a :class:`~rasd.doc.Doc`); offsets are into ``text``.
    """
    atoms = _scan(text)
    found: list[Quantity] = []
    i, n = 0, len(atoms)
    while i < n:
        q, i = _phrase(text, atoms, i)
        if q is not None:
            found.append(q)
    return _merge_ranges(text, found) if len(found) > 1 else found


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in a short phrase (normalised here; offsets into the normalised
    phrase), or None: ``parse_quantity("ما لا يقل عن ٢٠")`` → value 20, at_least."""
    found = find_quantities(normalize(text))
    return found[0] if found else None


def quantities(doc: Doc) -> list[tuple[Quantity, Span]]:
    """Quantities of ``doc`` (found on ``doc.norm``) with their spans in the raw text."""
    return [(q, doc.span(q.start, q.end, "quantity")) for q in find_quantities(doc.norm)]
