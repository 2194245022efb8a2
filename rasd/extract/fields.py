"""Per-sentence field finders: place, perpetrators, date, weapons, targets."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasd.extract.analysis import Sentence
from rasd.extract.evidence import evidence
from rasd.extract.nisba import adjective_use
from rasd.extract.placescope import (
    dateline_agency,
    dateline_end,
    group_name_tokens,
    seat_of_government,
    street_name,
)
from rasd.extract.placetime import is_district_of_city, is_time_word
from rasd.kb.base import KnowledgeBase
from rasd.kb.matcher import Match
from rasd.kb.yamlio import load_yaml
from rasd.model import Location, Tag
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key

EXONYMS = Path(__file__).parent / "data" / "exonyms.yaml"


@lru_cache(maxsize=1)
def exonyms() -> dict[str, str]:
    """Gazetteer id → the English name that news commonly use for the place."""
    data = load_yaml(EXONYMS.read_text(encoding="utf-8"))
    table = data.get("exonyms") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise ValueError("exonyms.yaml: needs an exonyms mapping")
    return {str(k): str(v) for k, v in table.items()}


@dataclass
class PlaceFound:
    location: Location
    token: int
    rank: int  # 0 city, 1 province, 2 country
    settlement: bool = False  # introduced by a settlement noun ("بلدة ليجه", "منطقة …")
    population: int = 0


# nouns that introduce a town, district or village by name
_SETTLEMENT_NOUNS = frozenset(
    key(w) for w in ("بلدة", "قرية", "منطقة", "حي", "ناحية", "قضاء", "مديرية", "مدينة")
)


def _settlement_noun(sentence: Sentence, m: Match[Any]) -> bool:
    toks = sentence.doc.tokens
    for j in (m.first - 1, m.first - 2):
        if j >= sentence.first_token and set(prefix_keys(toks[j].norm)) & _SETTLEMENT_NOUNS:
            return True
    return False


_WEAK_CUES = frozenset({"في", "ب"})


def _preceded_by_cue(
    sentence: Sentence, m: Match[Any], kb: KnowledgeBase, *, nouns_only: bool = False
) -> bool:
    """A place cue before the name; ``nouns_only`` wants a place noun (مدينة، ولاية …),
    not a mere preposition."""
    toks = sentence.doc.tokens
    first = toks[m.first]
    raw_first = key(first.norm)
    if not nouns_only and raw_first[:1] in ("ب", "و") and raw_first[1:3] == "ال":
        return True  # "بالموصل" carries its own preposition
    for j in (m.first - 1, m.first - 2):
        if j >= sentence.first_token:
            k = key(toks[j].norm)
            if k in kb.place_cue_keys and not (nouns_only and k in _WEAK_CUES):
                return True
    return False


def clean_name_match(surface: str, phrase: str) -> bool:
    """Whether a place name is met with only the clitics a name can take.

    A name may carry a conjunction (و، ف) and a preposition (ب، ل، ك); it never takes the
    future particle س, and a name written without the article never gains one: "الأمان"
    is not عمان and "بالليل" is not Lille.
    """
    word = key(surface.split()[0]) if surface.split() else ""
    first = phrase.split()[0] if phrase.split() else ""
    if word == first:
        return True
    bases = [word]
    if word[:1] in ("و", "ف") and len(word) > 3:
        bases.append(word[1:])
    for b in list(bases):
        if b[:1] in ("ب", "ل", "ك") and len(b) > 3:
            bases.append(b[1:])
            if b.startswith("لل"):
                bases.append("ا" + b[1:])
    return first in bases


# particles and "كان" spelt like a town once hamza and clitics are folded (وأن → وان "Van",
# فإن → فان, لأن → لان, كان "Cannes"): a town only after a place noun ("مدينة وان")
FUNCTION_WORDS = frozenset(
    key(w) for w in ("وأن", "وإن", "فإن", "فأن", "لأن", "أن", "إن", "كان", "وكان", "فكان")
)

MAJOR_POP = 100_000  # places this big may be named without their country in the article


def _known_abroad(place: Any, gaz: Any) -> bool:
    """A place that news name without its country: curated, a capital or a big city."""
    if place.id.startswith("cur:") or place.population >= MAJOR_POP:
        return True
    try:
        return bool(gaz.country(place.country).capital_id == place.id)
    except KeyError:
        return False


def find_places(
    sentence: Sentence,
    kb: KnowledgeBase,
    context: Sequence[str],
    *,
    in_dateline: bool = False,
    mentioned: Collection[str] | None = None,
) -> list[PlaceFound]:
    """Cities, provinces and countries named in the sentence, resolved with country context.

    With ``mentioned`` (the countries the article names, plus its dateline's), a small
    place of a country the article never names is taken for a common word, and a
    common-word name needs its country named or a place noun before it.
    """
    gaz = kb.gazetteer
    out: list[PlaceFound] = []
    country_tokens = {i for cm in sentence.countries for i in range(cm.first, cm.last + 1)}
    outlet = range(*dateline_agency(sentence))
    # a dateline's place, where the report was filed, stands only for want of a town
    filed_at = dateline_end(sentence) if sentence.places and not in_dateline else 0
    reporting: list[PlaceFound] = []
    filed: list[PlaceFound] = []
    named = group_name_tokens(sentence) if sentence.groups else frozenset()
    for m in sentence.places:
        if m.first in outlet:
            continue  # the outlet's name in a dateline is not a place
        if m.first in named and m.last in named:
            continue  # "أنصار بيت المقدس", "ولاية خراسان": part of a group's name
        if m.first in country_tokens or m.last in country_tokens:
            continue  # "الكاميرون" is the country, not a town of that name
        if not clean_name_match(m.span.text, m.payload) or m.payload in kb.place_cue_keys:
            continue  # a bare direction ("غرب") is a cue, not a town of that name
        if adjective_use(sentence, m) or is_time_word(sentence, m):
            continue  # "المساجد الإسماعيلية", "ليل الجمعة": an adjective or a time
        if key(m.span.text) in FUNCTION_WORDS and not _preceded_by_cue(
            sentence, m, kb, nouns_only=True
        ):
            continue  # "وأن" is "and that", not Van; "كان" is "was", not Cannes
        if is_district_of_city(sentence, m, sentence.places):
            continue  # "حي المنصورة بمدينة عدن": the city, named next
        cands = gaz.candidates(m.payload)
        # "رفح المصرية": a nisba right after the name gives the place's country
        nisba = {cm.payload[0] for cm in sentence.countries if cm.first == m.last + 1}
        cands = [c for c in cands if c.country in nisba] or cands
        if not cands:
            continue
        ctx = list(context)

        def weight(c: Any, ctx: list[str] = ctx) -> tuple[bool, float, int, str]:
            # a namesake in the article's main country wins; otherwise the bigger
            # place, with places of the article's other countries boosted
            pop = float(c.population or 10_000)
            if c.country in ctx:
                pop *= 20.0 / (1 + ctx.index(c.country))
            return (bool(ctx) and c.country == ctx[0], pop, c.kind == "city", c.id)

        place = max(cands, key=weight)
        if place.kind != "city":
            # a province named like its seat stands for the city ("بغداد", "كركوك")
            seat = next(
                (
                    c
                    for c in cands
                    if c.kind == "city" and c.country == place.country and c.admin1 == place.name_en
                ),
                None,
            )
            place = seat or place
        if mentioned is not None and not in_dateline:
            noun_cue = _preceded_by_cue(sentence, m, kb, nouns_only=True)
            if place.country not in mentioned and not (_known_abroad(place, gaz) or noun_cue):
                continue
            if place.needs_context and not (place.country in mentioned or noun_cue):
                continue
        if place.needs_context and not (
            in_dateline or place.country in context or _preceded_by_cue(sentence, m, kb)
        ):
            continue
        if not in_dateline and seat_of_government(sentence, m, place, gaz):
            continue
        if context and place.country != context[0] and street_name(sentence, m):
            continue  # "طريق مكة المكرمة" in Mogadishu: a street named after a city
        rank = 0 if place.kind == "city" else 1
        name_en = exonyms().get(place.id, place.name_en)
        loc = Location(
            country=place.country,
            province=place.admin1 if place.kind == "city" else name_en,
            city=name_en if place.kind == "city" else None,
            name_ar=m.span.text,
            lat=place.lat,
            lon=place.lon,
            precision="city" if place.kind == "city" else "province",
            gazetteer_id=place.id,
            evidence=evidence(m.span, sentence),
        )
        settled = rank == 0 and _settlement_noun(sentence, m)
        found = PlaceFound(loc, m.first, rank, settled, place.population)
        if m.first < filed_at:
            filed.append(found)
        elif _reporting_place(sentence, m):
            reporting.append(found)
        else:
            out.append(found)
    out.extend(_capitals_by_adjective(sentence, kb, outlet))
    if not any(p.rank < 2 for p in out):
        out.extend(reporting)  # the only place named: the reporter is where it happened
    if not any(p.rank == 0 for p in out):
        out[:0] = filed
    for cm in _own_countries(sentence):
        iso2, form = cm.payload
        if form != "name" or cm.first in outlet or _acting_state(sentence, cm):
            continue
        c = gaz.country(iso2)
        loc = Location(
            country=iso2,
            name_ar=cm.span.text,
            lat=c.lat,
            lon=c.lon,
            precision="country",
            gazetteer_id=f"iso:{iso2}",
            evidence=evidence(cm.span, sentence),
        )
        out.append(PlaceFound(loc, cm.first, 2))
    return out


# who speaks or where: "في مؤتمر صحافي عقده في أنقرة", "قال مسؤول في بغداد"
_REPORTING_NOUNS = frozenset(
    key(w)
    for w in (
        "مؤتمر",
        "صحافي",
        "صحفي",
        "عقده",
        "عقدته",
        "عقد",
        "مسؤول",
        "مسؤولون",
        "مسؤولين",
        "متحدث",
        "المتحدث",
        "مصدر",
        "مصادر",
        "مراسل",
        "تصريح",
        "تصريحات",
        "أمني",
        "أمنية",
        "حكومي",
        "عسكري",
        "رسمي",
    )
)
REPORTING_WINDOW = 3  # tokens between the reporting noun and "في"


def _reporting_place(sentence: Sentence, m: Match[Any]) -> bool:
    """A place that locates the speaker or the press conference, not the incident."""
    toks = sentence.doc.tokens
    first = key(toks[m.first].norm)
    j = m.first - 1
    name = m.payload.split()[0] if m.payload.split() else ""
    if first[:1] == "ب" and first[1:] == name:
        j = m.first  # "بأنقرة": the preposition is on the name
    elif j < sentence.first_token or key(toks[j].norm) != "في":
        return False
    lo = max(sentence.first_token, j - REPORTING_WINDOW)
    return any(set(prefix_keys(toks[i].norm)) & _REPORTING_NOUNS for i in range(lo, j))


_CAPITAL_NOUN = key("العاصمة")


def _capitals_by_adjective(
    sentence: Sentence, kb: KnowledgeBase, outlet: range
) -> list[PlaceFound]:
    """ "العاصمة الصومالية", "بالعاصمة الأفغانية": the capital named by its country's
    nisba stands for the capital city."""
    gaz = kb.gazetteer
    toks = sentence.doc.tokens
    out: list[PlaceFound] = []
    for cm in _own_countries(sentence):
        iso2, form = cm.payload
        j = cm.first - 1
        if form != "adjective" or j < sentence.first_token or cm.first in outlet:
            continue
        if _CAPITAL_NOUN not in prefix_keys(toks[j].norm):
            continue
        try:
            capital_id = gaz.country(iso2).capital_id
        except KeyError:
            continue
        place = gaz.place(capital_id) if capital_id else None
        if place is None or place.kind != "city":
            continue
        span = sentence.doc.span(toks[j].norm_start, cm.span.norm_end)
        loc = Location(
            country=place.country,
            province=place.admin1,
            city=exonyms().get(place.id, place.name_en),
            name_ar=span.text,
            lat=place.lat,
            lon=place.lon,
            precision="city",
            gazetteer_id=place.id,
            evidence=evidence(span, sentence),
        )
        out.append(PlaceFound(loc, j, 0, population=place.population))
    return out


def _own_countries(sentence: Sentence) -> list[Match[tuple[str, str]]]:
    """Country matches that are not part of a group's name ("القاعدة في بلاد المغرب")."""
    inside = {i for g in sentence.groups for i in range(g.first, g.last + 1)}
    return [cm for cm in sentence.countries if cm.first not in inside]


def sentence_countries(sentence: Sentence, *, adjectives: bool = False) -> list[str]:
    out = []
    for cm in _own_countries(sentence):
        iso2, form = cm.payload
        if form == "name" and not adjectives and _acting_state(sentence, cm):
            continue
        if form == "name" or adjectives:
            out.append(iso2)
    return out


# a country name right before one of these verbs is the state reacting to an incident
# elsewhere ("مصر تدين الهجوم"), or foiling one aimed abroad when the sentence names
# another country's people ("العراق يحبط محاولة اغتيال الرئيس السوري"): not its place
_REACTION_VERBS = frozenset(
    key(w) for w in ("تدين", "يدين", "أدانت", "أدان", "تستنكر", "يستنكر", "تعزي", "يعزي")
)
_FOIL_VERBS = frozenset(key(w) for w in ("يحبط", "تحبط", "أحبط", "أحبطت"))


def _acting_state(sentence: Sentence, cm: Match[Any]) -> bool:
    nxt = cm.last + 1
    if nxt >= sentence.last_token:
        return False
    verb = key(sentence.doc.tokens[nxt].norm)
    if verb in _REACTION_VERBS:
        return True
    if verb not in _FOIL_VERBS:
        return False
    iso2 = cm.payload[0]
    return any(
        o.payload[1] == "adjective" and o.payload[0] != iso2 and o.first > nxt
        for o in sentence.countries
    )


def best_place(places: list[PlaceFound], trigger_token: int) -> PlaceFound | None:
    """The most precise place, nearest the trigger (places after it preferred)."""
    if not places:
        return None

    def score(p: PlaceFound) -> tuple[int, int, int]:
        dist = p.token - trigger_token
        return (p.rank, 0 if dist >= 0 else 1, abs(dist))

    return min(places, key=score)


def find_tags(sentence: Sentence, kb: KnowledgeBase, which: str) -> list[Tag]:
    lex = kb.weapons if which == "weapons" else kb.targets
    matches = sentence.weapons if which == "weapons" else sentence.targets
    out: dict[str, Tag] = {}
    # a dateline names a place and an outlet ("موسكو - قنطرة:"), never a target or weapon
    body_start = dateline_end(sentence)
    for m in matches:
        if m.first < body_start:
            continue
        entry = lex.entries[m.payload]
        if entry.name not in out:
            out[entry.name] = Tag(
                entry.name, entry.gtd_code, m.span.text, evidence(m.span, sentence)
            )
    return list(out.values())


def has_suicide_weapon(sentence: Sentence, kb: KnowledgeBase, until: int | None = None) -> bool:
    """A suicide weapon named in the sentence (before token ``until`` when given)."""
    return any(
        kb.weapons.entries[m.payload].suicide
        for m in sentence.weapons
        if until is None or m.first < until
    )
