"""Places that cannot be the single place of a mention.

Two patterns of news writing name places that are not where the reported act
happened:

* a list of places: an operation "في عدة مناطق شملت مكة المكرمة والرياض وجازان"
  or "في مناطق الرياض والشرقية والقصيم" spans the country, so it has no single town;
  so do acts told "في قندهار …، وفي ولاية لوغار" (a second "وفي");
* an arrest statement that names the earlier crime the suspects are held for:
  "كشفت عمن يقف خلف حادثة مسجد قرية الدالوة … حيث ضبط 97 موقوفا" — the village is
  where that crime happened, not where the arrests were made.
"""

from __future__ import annotations

from rasd.extract.analysis import Sentence
from rasd.extract.fields import PlaceFound
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key

LIST_STEP = 3  # tokens from one listed place to the next ("مكة المكرمة والرياض")
LIST_MIN = 3  # places in a list that spans a country
# plural area nouns before a list of two or more places: "في مناطق الرياض والشرقية"
AREA_PLURALS = frozenset(
    key(w) for w in ("مناطق", "مدن", "محافظات", "ولايات", "أقاليم", "عدة", "مختلف", "بلدات")
)
AREA_REACH = 3  # tokens between the plural noun and the first place of the list

# nouns naming an earlier crime in an arrest statement ("حادثة", "جريمة"); not attack
# nouns, which also name what a cell planned ("خلية تخطط لاستهداف مراكز في الكاف")
CRIME_NOUNS = frozenset(
    key(w)
    for w in (
        "حادثة",
        "حادث",
        "الحادثة",
        "الحادث",
        "حادثتي",
        "الحادثين",
        "الحادثان",
        "الحادثتين",
        "جريمة",
        "الجريمة",
        "جريمتي",
        "الجريمتين",
    )
)
CRIME_REACH = 15  # tokens from the crime noun to the place of that crime, within a clause
ARREST_TYPES = frozenset({"arrest_raid"})


def _listed(sentence: Sentence, places: list[PlaceFound]) -> set[int]:
    """Token positions of towns and provinces named in a list of places."""
    local = sorted((p for p in places if p.rank < 2), key=lambda p: p.token)
    if len(local) < 2:
        return set()
    norms = sentence.norms()
    base = sentence.first_token
    chains: list[list[PlaceFound]] = [[local[0]]]
    parallel: set[int] = set()  # chains joined by a second "وفي" ("في قندهار …، وفي لوغار")
    for p in local[1:]:
        prev = chains[-1][-1]
        joined = norms[p.token - base].startswith("و") or norms[p.token - base - 1] in ("و", ",")
        if 0 < p.token - prev.token <= LIST_STEP and joined:
            chains[-1].append(p)
        elif 0 < p.token - prev.token <= PARALLEL_STEP and _second_in(norms, p.token - base):
            chains[-1].append(p)
            parallel.add(len(chains) - 1)
        else:
            chains.append([p])
    out: set[int] = set()
    for n, chain in enumerate(chains):
        if len(chain) < 2:
            continue
        start = chain[0].token - base
        area = any(
            not AREA_PLURALS.isdisjoint(prefix_keys(norms[i]))
            for i in range(max(0, start - AREA_REACH), start)
        )
        if len(chain) >= LIST_MIN or area or n in parallel:
            out.update(p.token for p in chain)
            # "وفي ولاية لوغار جنوب كابول": a place after a direction word only
            # locates the listed one
            last = chain[-1].token
            out.update(
                q.token
                for q in local
                if 0 < q.token - last <= DIRECTION_REACH
                and not DIRECTIONS.isdisjoint(prefix_keys(norms[q.token - base - 1]))
            )
    return out


PARALLEL_STEP = 9  # tokens from a place to the next one introduced by "وفي"
_AND_IN = frozenset(key(w) for w in ("وفي", "وب"))
DIRECTIONS = frozenset(
    key(w) for w in ("جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي", "قرب", "وسط")
)
DIRECTION_REACH = 3


def _second_in(norms: list[str], i: int) -> bool:
    """A place introduced by "وفي", directly or after a settlement noun ("وفي ولاية")."""
    return any(j >= 0 and key(norms[j]) in _AND_IN for j in (i - 1, i - 2))


def _crime_places(sentence: Sentence, places: list[PlaceFound]) -> set[int]:
    """Token positions of places that follow a noun naming an earlier crime."""
    norms = sentence.norms()
    base = sentence.first_token
    crimes = [base + i for i, w in enumerate(norms) if not CRIME_NOUNS.isdisjoint(prefix_keys(w))]
    if not crimes:
        return set()
    toks = sentence.doc.tokens
    out: set[int] = set()
    for p in places:
        if p.rank == 2:
            continue
        for c in crimes:
            if 0 < p.token - c <= CRIME_REACH and not any(
                t.kind == "punct" for t in toks[c + 1 : p.token]
            ):
                out.add(p.token)
    return out


def single_places(sentence: Sentence, type_: str, places: list[PlaceFound]) -> list[PlaceFound]:
    """The places that can be where the mention's act happened."""
    if not places:
        return places
    drop = _listed(sentence, places)
    if type_ in ARREST_TYPES:
        drop |= _crime_places(sentence, places)
    if not drop:
        return places
    return [p for p in places if p.token not in drop]
