"""Link counts to casualty cues: killed, wounded, arrested.

A cue with position ``after`` takes the first count that starts within a few
tokens after it ("مقتل 13 شخصا", "أصيب ثلاثة"); a cue with position ``before``
takes the count right before it ("32 قتيلا", "نحو مائة جريح"). Attackers named
"among" the dead ("بينهم الانتحاري") are subtracted when the text separates them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasd.doc import Span
from rasd.extract.analysis import Sentence
from rasd.extract.evidence import evidence
from rasd.extract.figureless import (
    Figure,
    dual_before_others,
    killed_along,
    named_victims,
    of_phrase,
    victim_noun,
    with_named,
)
from rasd.kb.lexicon import CasualtyCue
from rasd.kb.matcher import Match
from rasd.model import Count
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key
from rasd.text.numbers import Quantity

AFTER_WINDOW = 6  # tokens between an "after" cue and its count
BEFORE_WINDOW = 2

_AMONG = {key(w) for w in ("بينهم", "منهم", "بمن فيهم", "بينها", "وبينهم", "ومنهم")}
# a toll raised or reached: the figure that follows is the latest total
_UPDATE = {
    key(w)
    for w in (
        "ارتفع",
        "ارتفعت",
        "ليرتفع",
        "لترتفع",
        "وارتفع",
        "وارتفعت",
        "بلغ",
        "بلغت",
        "وصل",
        "وصلت",
    )
}
BEFORE_VERB_WINDOW = 5  # "خمسة أشخاص قتلوا": a plural verb's count before it
ADD_WINDOW = 7  # tokens between a count and a second figure added to it
# words that add a second figure to the first: "عشرة … إضافة إلى ثلاثة"
_ADDING = {key(w) for w in ("إضافة", "بالإضافة", "اضافة", "بالاضافة", "فضلا")}


@dataclass
class CountFound:
    kind: str
    count: Count
    token: int  # token index of the count
    cue_token: int
    update: bool = False  # the cue raises the toll ("ارتفع عدد القتلى إلى")
    net: bool = False  # attackers among the dead were taken out ("بينهم 5 مهاجمين")
    named: bool = False  # victims named one by one, no figure ("مقتل قائدها ومرافقه")
    # told in another sentence than the mention's (attach_orphan_counts): its token
    # indexes are not that sentence's
    foreign: bool = False


# Nouns of places, times and things: a figure that counts them is no toll
# ("أصيبوا في عشر ولايات", "قتلوا خلال ثلاثة أيام").
_THINGS = {
    key(w)
    for w in (
        "ولايات", "ولاية", "محافظات", "محافظة", "مدن", "مدينة", "مناطق", "منطقة", "قرى",
        "قرية", "بلدات", "بلدة", "أحياء", "دول", "بلدان", "مقاطعات", "أقاليم", "أيام",
        "يوما", "ساعات", "ساعة", "أسابيع", "أشهر", "شهور", "سنوات", "أعوام", "دقائق",
        "مرات", "مواقع", "مبان", "منازل", "سيارات", "درجات", "كيلومترات", "كيلومترا",
        "أمتار", "مترا", "هجمات", "حوادث",
    )
}  # fmt: skip


def _counts_things(sentence: Sentence, qlast: int) -> bool:
    """The figure ending at token ``qlast`` counts places, times or things."""
    nxt = qlast + 1
    if nxt >= sentence.last_token:
        return False
    return bool(set(prefix_keys(sentence.doc.tokens[nxt].norm)) & _THINGS)


def _usable(q: Quantity) -> bool:
    if q.ordinal:
        return False
    v = q.value if q.value is not None else q.low
    if v is None:
        return False
    # years and other large numbers are not victim counts in news text
    return not (q.value is not None and 1900 <= q.value <= 2100 and q.kind == "digits")


def _coordinated(sentence: Sentence, cue_last: int, count_first: int, count_last: int) -> int:
    """Victims named beside the count by a singular or dual noun joined with و.

    "مقتل ضابط وثلاثة جنود" → +1 (the noun sits between cue and count, the count
    carries و); "مقتل ثلاثة جنود وضابط" → +1 (the noun follows the count's noun).
    """
    toks = sentence.doc.tokens
    between = toks[cue_last + 1 : count_first]
    extra = 0
    if len(between) == 1 and key(toks[count_first].norm).startswith("و"):
        extra += victim_noun(between[0].norm)
    after = count_last + 2  # the count's own noun, then "وضابط"
    if after < sentence.last_token and key(toks[after].norm).startswith("و"):
        extra += victim_noun(toks[after].norm)
    return extra


def _attacker_noun(cues: list[Match[CasualtyCue]], count_last: int) -> bool:
    """The count's own noun names attackers ("ثلاثة مهاجمين", "خمسة مسلحين")."""
    return any(o.payload.kind == "attackers" and o.first == count_last + 1 for o in cues)


def _joined(sentence: Sentence, first_last: int, second: int) -> bool:
    """Whether a second figure is joined to a first one as more of the same victims.

    Right after the first figure's noun ("ضابطين وخمسة"), or after a short "من" phrase
    describing them, by و ("12 من رجال الأمن، وثلاثة") or by an adding phrase
    ("عشرة من منسوبي القوات إضافة إلى ثلاثة"); nothing but words and commas between.
    """
    toks = sentence.doc.tokens
    between = toks[first_last + 1 : second]
    if any(t.kind == "punct" and t.norm != "," for t in between):
        return False
    words = [key(t.norm) for t in between if t.kind != "punct"]
    by_waw = key(toks[second].norm).startswith("و") or (bool(words) and words[-1] == "و")
    adding = any(w in _ADDING for w in words[-3:])
    if second <= first_last + 3:
        return by_waw or adding
    # a longer gap only after a "من" phrase ("N من رجال الأمن")
    return bool(words) and words[0] == "من" and (by_waw or adding)


# words opening an aside about the counted people: "25 شخصا، معظمهم من المدنيين، قتلوا"
_ASIDE = {
    key(w) for w in ("معظمهم", "غالبيتهم", "أغلبهم", "أكثرهم", "بينهم", "منهم", "جميعهم", "كلهم")
}
ASIDE_WINDOW = 6  # words in such an aside


def _aside_start(sentence: Sentence, verb: int) -> int:
    """Where a comma-enclosed aside about the counted people ends right before a plural
    verb ("شخصا، معظمهم من المدنيين، قتلوا"): the opening comma's token, else ``verb``."""
    toks = sentence.doc.tokens
    close = verb - 1
    if close <= sentence.first_token or toks[close].norm not in ",،":
        return verb
    for i in range(close - 1, max(sentence.first_token, close - ASIDE_WINDOW - 2), -1):
        if toks[i].kind != "punct":
            continue
        if toks[i].norm in ",،" and i + 1 < close and key(toks[i + 1].norm) in _ASIDE:
            return i
        break
    return verb


def _figureless(
    sentence: Sentence, m: Match[CasualtyCue], qs: list[tuple[Quantity, Span, int]]
) -> CountFound | None:
    """A count read from words when no figure follows the cue (figureless.py)."""
    kind = m.payload.kind
    if kind not in ("killed", "wounded"):
        return None
    fig: Figure | None = killed_along(sentence, m, qs) if kind == "killed" else None
    fig = fig or dual_before_others(sentence, m, qs) or named_victims(sentence, m)
    if fig is None:
        return None
    v = fig.value
    cnt = Count(value=v, low=v, high=v, evidence=evidence(fig.span, sentence))
    return CountFound(kind, cnt, fig.token, m.first, named=fig.named)


def find_counts(sentence: Sentence) -> list[CountFound]:
    """All casualty/arrest counts in a sentence, in text order."""
    toks = sentence.doc.tokens
    doc = sentence.doc
    qs = [(q, s, doc.token_index(s.norm_start)) for q, s in sentence.quantities if _usable(q)]
    used: set[int] = set()
    found: list[CountFound] = []
    cues = sorted(sentence.casualty, key=lambda m: m.first)
    for m in cues:
        cue: CasualtyCue = m.payload
        if cue.kind not in ("killed", "wounded", "arrested"):
            continue
        best = None
        if cue.position == "after":
            for idx, (_q, _s, ti) in enumerate(qs):
                if idx in used or ti <= m.last:
                    continue
                if ti - m.last <= AFTER_WINDOW:
                    # stop at a clause boundary or at another casualty cue between
                    # cue and count ("قتلوا وأصيب ثمانية": the eight are the wounded)
                    between = toks[m.last + 1 : ti]
                    if any(t.kind == "punct" and t.norm in ",;:." for t in between):
                        break
                    if any(m.last < o.first < ti for o in cues if o is not m):
                        break
                    if _counts_things(sentence, doc.token_index(_s.norm_end - 1)):
                        continue  # "قتل خلال ثلاثة أيام عشرون": the next figure
                    best = idx
                break
            if best is None and key(m.span.norm.split()[-1]).endswith("وا"):
                # a plural verb after its subject: "خمسة أشخاص قتلوا"
                end = _aside_start(sentence, m.first)
                for idx in range(len(qs) - 1, -1, -1):
                    _q, s, ti = qs[idx]
                    qlast = doc.token_index(s.norm_end - 1)
                    if idx in used or qlast >= end:
                        continue
                    between = toks[qlast + 1 : end]
                    if len(between) < BEFORE_VERB_WINDOW and not any(
                        t.kind == "punct" for t in between
                    ):
                        if not any(qlast < o.first < m.first for o in cues if o is not m):
                            best = idx
                    break
        else:
            for idx in range(len(qs) - 1, -1, -1):
                _q, s, ti = qs[idx]
                if idx in used:
                    continue
                qlast = doc.token_index(s.norm_end - 1)
                if qlast < m.first and m.first - qlast <= BEFORE_WINDOW:
                    best = idx
                    break
                if of_phrase(sentence, qlast, m.first):
                    best = idx  # "اثنين من رجال الأمن للإصابة"
                    break
                if ti < m.first <= qlast and m.first - ti <= BEFORE_WINDOW:
                    # the figure's span runs over its noun to a hedge after it
                    # ("32 قتيلا على الأقل")
                    best = idx
                    break
                if qlast < m.first:
                    break
        if best is None:
            # a dual cue word carries its own count ("قتيلين", "جريحان")
            figure = _figureless(sentence, m, qs)
            if figure is not None:
                found.append(figure)
            continue
        used.add(best)
        q, s, ti = qs[best]
        value = int(q.value) if q.value is not None else None
        qlast = doc.token_index(s.norm_end - 1)
        split = False  # attackers told apart from the victims in this very phrase
        if value is not None and cue.kind in ("killed", "wounded") and ti > m.last:
            extra = _coordinated(sentence, m.last, ti, qlast) + with_named(sentence, m, ti)
            if _attacker_noun(cues, qlast):
                # "مقتل ثلاثة مهاجمين ورجل شرطة": the figure counts attackers, not victims
                if not extra:
                    continue
                value = 0
                split = True
            value += extra
            # "مقتل ضابطين وخمسة مدنيين", "عشرة من منسوبي القوات إضافة إلى ثلاثة من
            # العاملين": a second figure joined to the first adds victims
            for idx, (q2, s2, t2) in enumerate(qs):
                if idx in used or idx == best or q2.value is None or t2 <= qlast:
                    continue
                if t2 > qlast + ADD_WINDOW or any(qlast < o.first <= t2 for o in cues):
                    break
                q2last = doc.token_index(s2.norm_end - 1)
                if any(o.payload.kind != cue.kind and t2 <= o.first <= q2last + 2 for o in cues):
                    break  # "30 قتيلا ونحو 100 جريح": the second figure counts others
                if _joined(sentence, qlast, t2):
                    value += int(q2.value)
                    used.add(idx)
                break
        near = toks[max(sentence.first_token, m.first - 2) : m.last + 1]
        update = any(key(t.norm) in _UPDATE for t in near)
        cnt = Count(
            value=value,
            at_least=q.at_least,
            approx=q.approx,
            low=int(q.low) if q.low is not None else None,
            high=int(q.high) if q.high is not None else None,
            evidence=evidence(
                sentence.doc.span(
                    min(s.norm_start, m.span.norm_start), max(s.norm_end, m.span.norm_end)
                ),
                sentence,
            ),
        )
        found.append(CountFound(cue.kind, cnt, ti, m.first, update, net=split))
    # attackers among the dead: "قتل 12 بينهم 5 مهاجمين" → 7 victims
    for f in found:
        if f.kind != "killed" or f.count.value is None:
            continue
        for m in cues:
            if m.payload.kind != "attackers" or m.first <= f.token or m.first - f.token > 8:
                continue
            window = [key(t.norm) for t in toks[f.token + 1 : m.first]]
            if not any(w in _AMONG for w in window):
                continue
            n = 1  # "بينهم جنديان ومهاجم": the attackers' own figure, else one
            coordinated = key(toks[m.first].norm).startswith("و")  # "جنديان ومهاجم"
            for q, s2, ti in qs:
                qlast = doc.token_index(s2.norm_end - 1)
                if coordinated or q.value is None:
                    continue
                of = qlast == m.first - 2 and key(toks[m.first - 1].norm) == "من"
                if f.token < ti and (qlast == m.first - 1 or of):  # "خمسة (من) المهاجمين"
                    n = int(q.value)
            if n < f.count.value:
                f.net = True
                f.count.value -= n
                if f.count.low is not None:
                    f.count.low = max(0, f.count.low - n)
                if f.count.high is not None:
                    f.count.high = max(0, f.count.high - n)
            break
    _attackers_among_dead(sentence, qs, found)
    return found


# "بين القتلى خمسة جنود وخمسة إرهابيين": the dead told apart further on in the sentence
_DEAD = {key(w) for w in ("القتلى", "الجثث")}
ATTACKER_NOUNS = {
    key(w)
    for w in (
        "مهاجمين",
        "مهاجما",
        "المهاجمين",
        "مسلحين",
        "مسلحا",
        "المسلحين",
        "إرهابيين",
        "إرهابيا",
        "الإرهابيين",
        "انتحاريين",
        "الانتحاريين",
        "متشددين",
        "جهاديين",
    )
}
DEAD_SPLIT_WINDOW = 12  # tokens after "بين القتلى" where the attackers' figure is read


def _attackers_among_dead(
    sentence: Sentence, qs: list[tuple[Quantity, Span, int]], found: list[CountFound]
) -> None:
    toks = sentence.doc.tokens
    words = sentence.norms()
    base = sentence.first_token
    for i in range(len(words) - 1):
        if key(words[i]) not in ("بين", "وبين") or key(words[i + 1]) not in _DEAD:
            continue
        at = base + i
        total = next(
            (f for f in reversed(found) if f.kind == "killed" and f.token < at and not f.net),
            None,
        )
        for q, s, ti in qs:
            qlast = sentence.doc.token_index(s.norm_end - 1)
            if ti <= at + 1 or ti > at + DEAD_SPLIT_WINDOW or q.value is None:
                continue
            if qlast + 1 >= sentence.last_token:
                continue
            if key(toks[qlast + 1].norm) not in ATTACKER_NOUNS:
                continue
            n = int(q.value)
            # the attackers' figure is no arrest count
            found[:] = [f for f in found if not (f.kind == "arrested" and f.token == ti)]
            if total is not None and total.count.value is not None and n < total.count.value:
                total.net = True
                total.count.value -= n
            return


def no_casualties(sentence: Sentence) -> Span | None:
    """The phrase saying nobody was hurt ("دون وقوع إصابات"), if any."""
    for m in sentence.casualty:
        if m.payload.kind == "none":
            return m.span
    return None
