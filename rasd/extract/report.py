"""One incident report from a cluster of mentions: the most specific place, the best
toll, the most specific groups, and tolls told in a sentence of their own."""

from __future__ import annotations

from dataclasses import replace

from rasd.extract.analysis import Article, Sentence
from rasd.extract.casualties import find_counts, no_casualties
from rasd.extract.clusters import TYPE_RANK, Cluster, several_acts
from rasd.extract.dating import speech_date
from rasd.extract.evidence import evidence
from rasd.extract.fields import PlaceFound
from rasd.extract.mentions import MAIN_ACTS, Mention
from rasd.extract.records import outside
from rasd.kb.base import KnowledgeBase
from rasd.model import Actor, ArticleRef, Count, IncidentReport, Location, Tag
from rasd.text.clitics import prefix_keys
from rasd.text.normalize import key


def _drop_patrons(actors: dict[str, Actor], cluster: Cluster, kb: KnowledgeBase) -> None:
    """Keep the most specific actors: a parent group goes when its branch is named
    ("ولاية سيناء" over داعش), and a group named only as the patron another group is
    tied to ("المرتبطة بتنظيم القاعدة") goes when some other group remains."""
    ids = {a.kb_id for a in actors.values() if a.kb_id}
    parents: set[str] = set()
    for gid in ids:
        try:
            parents.update(g.id for g in kb.groups.ancestors(gid))
        except KeyError:
            continue
    patrons = set().union(*(m.affiliated for m in cluster.mentions))
    patrons -= {a.kb_id for m in cluster.mentions for a in m.actors if a.kb_id not in m.affiliated}
    for name in sorted(actors):
        kb_id = actors[name].kb_id
        if kb_id in parents or (kb_id in patrons and len(actors) > 1):
            del actors[name]


def _only_wounded(cluster: Cluster, wounded: Count | None) -> bool:
    """An executed attack whose wounded are counted while no sentence of it speaks of
    anyone killed: news name the dead first, so there were none."""
    if cluster.family != "attack" or wounded is None or not wounded.value:
        return False
    if any(m.status != "executed" for m in cluster.mentions):
        return False
    bombing = any(m.type in BOMBINGS for m in cluster.mentions)
    return not any(
        c.payload.kind == "killed"
        and not _attacker_after(m.sentence, c.last)
        and not (bombing and _own_death(m.sentence, c.last))
        and not _earlier_act(m.sentence, c.first)
        and outside(c.first, m.aside)
        for m in cluster.mentions
        for c in m.sentence.casualty
    )


BOMBINGS = frozenset(("bombing", "suicide_bombing"))
# "بادر من فيها بتفجيرها مما نتج عنه مقتله", "تفجير سيارة ومقتل قائدها": in a bombing
# the death told with a pronoun or of the car's driver is the bomber's own
OWN_DEATH = frozenset(
    key(w)
    for w in (
        "مقتله",
        "مصرعه",
        "مقتلها",
        "مصرعها",
        "مقتل قائدها",
        "مقتل سائقها",
        "مصرع قائدها",
        "مصرع سائقها",
    )
)
# "بعد أن قتل خاله", "أقدم … على قتل": a killing the attacker did before the act,
# told as his deed, not as the attack's toll
EARLIER = (("بعد", "أن"), ("قبل", "أن"))
EARLIER_ON = key("على")


def _own_death(sentence: Sentence, last: int) -> bool:
    toks = sentence.doc.tokens
    word = key(toks[last].norm)
    forms = set(prefix_keys(toks[last].norm))
    if last + 1 < sentence.last_token:
        forms |= {f"{f} {key(toks[last + 1].norm)}" for f in prefix_keys(toks[last].norm)}
    return bool(forms & OWN_DEATH) or word in OWN_DEATH


def _earlier_act(sentence: Sentence, first: int) -> bool:
    toks = sentence.doc.tokens
    prev = [key(toks[i].norm) for i in range(max(sentence.first_token, first - 2), first)]
    if prev[-1:] == [EARLIER_ON]:
        return True
    return any(prev == [key(a), key(b)] for a, b in EARLIER)


# the attacker named right after a death word: "مقتل الانتحاري وإصابة اثنين" counts
# no victim killed (attackers are left out of the toll)
ATTACKER_WORDS = frozenset(
    key(w)
    for w in (
        "الانتحاري",
        "الانتحارية",
        "انتحاري",
        "منفذ",
        "منفذه",
        "منفذي",
        "منفذها",
        "المهاجم",
        "المهاجمين",
        "المهاجمان",
        "الجاني",
        "الجناة",
    )
)


def _attacker_after(sentence: Sentence, last: int) -> bool:
    nxt = last + 1
    if nxt >= sentence.last_token:
        return False
    return not ATTACKER_WORDS.isdisjoint(prefix_keys(sentence.doc.tokens[nxt].norm))


def _specific_place(
    loc: Location | None, places: list[PlaceFound], kb: KnowledgeBase
) -> Location | None:
    """A town named with a settlement noun ("في منطقة ليجه", "بلدة باتيكول") inside the
    province of the place chosen (a province, or a bigger city of that province, often
    its seat) is the more precise place of the incident."""
    if loc is None or loc.precision not in ("city", "province") or not loc.province:
        return loc
    here = kb.gazetteer.place(loc.gazetteer_id) if loc.gazetteer_id else None
    size = here.population if here is not None else 0
    for p in places:
        pl = p.location
        if not p.settlement or p.rank != 0 or pl.city == loc.city:
            continue
        if pl.country != loc.country or pl.province != loc.province:
            continue
        if loc.precision == "province" or p.population < size:
            return pl
    return loc


SPANNING = frozenset({"plot_foiled", "arrest_raid"})


def _country_place(country: str, kb: KnowledgeBase) -> Location:
    c = kb.gazetteer.country(country)
    return Location(
        country=country,
        lat=c.lat,
        lon=c.lon,
        precision="country",
        gazetteer_id=f"iso:{country}",
    )


def merge_fields(
    cluster: Cluster,
    kb: KnowledgeBase,
    article: ArticleRef,
    extra_places: list[PlaceFound] | None = None,
) -> IncidentReport:
    ms = cluster.mentions
    types = sorted({m.type for m in ms if m.type in TYPE_RANK}, key=lambda t: TYPE_RANK[t])
    type_ = ms[0].type
    if cluster.family == "attack" and types:
        # the act itself before its means: a siege or a prison break opened with
        # bombs is that act ("اقتحم مسلحون الفندق بعد تفجير سيارتين"), and so is a
        # killing the text calls an assassination ("تبنت عملية الاغتيال"; not the
        # plural "الهجمات والاغتيالات", a kind of act; a suicide attack stays one)
        acts = [*MAIN_ACTS]
        if "suicide_bombing" not in types and any(
            m.type == "assassination" and not several_acts(m) for m in ms
        ):
            acts.append("assassination")
        type_ = next((t for t in acts if t in types), types[0])
    primary = next((m for m in ms if m.type == type_), ms[0])
    status = primary.status
    if (
        cluster.family == "attack"
        and any(m.status == "executed" for m in ms)
        and status != "executed"
        # an attempt on a person's life failed even when the blast killed others
        and not (type_ == "assassination" and status == "attempted_failed")
    ):
        status = "executed" if any(m.counts for m in ms) else status
    loc: Location | None = None
    for m in ms:
        for p in sorted(m.places, key=lambda p: p.rank):
            if loc is None or (
                p.rank < {"city": 0, "province": 1, "country": 2}[loc.precision or "country"]
            ):
                if loc is None or loc.country in (None, p.location.country):
                    loc = p.location
    loc = _specific_place(loc, [p for m in ms for p in m.places] + list(extra_places or []), kb)
    if loc is not None and loc.country and cluster.family in SPANNING and any(m.spread for m in ms):
        # "خططت لتفجير مساجد في مدينتي الرياض والدمام": a plot or a sweep told as
        # spanning several towns has no single town, whatever town another sentence adds
        loc = _country_place(loc.country, kb)
    if loc is None or loc.precision == "country":
        ner = next(
            (
                m.ner_place
                for m in ms
                if m.ner_place
                and not m.spread  # the towns of a list are no single place either
                and (loc is None or m.ner_place.country in (None, loc.country))
            ),
            None,
        )
        if ner is not None:
            loc = Location(
                country=ner.country or (loc.country if loc else None),
                name_ar=ner.name_ar,
                evidence=ner.evidence,
            )
    # the incident's own day first, then a day that dates the statement, then any date
    date = (
        next(
            (
                m.date
                for m in ms
                if m.date and m.date.precision == "day" and not m.date_of_statement
            ),
            None,
        )
        or next((m.date for m in ms if m.date and m.date.precision == "day"), None)
        or next((m.date for m in ms if m.date), None)
    )
    actors: dict[str, Actor] = {}
    role_rank = {"claimed": 0, "attributed": 1, "suspected": 2}
    for m in ms:
        for a in m.actors:
            if a.name not in actors or role_rank[a.role] < role_rank[actors[a.name].role]:
                actors[a.name] = a

    _drop_patrons(actors, cluster, kb)

    bombing = any(m.type in BOMBINGS for m in ms)
    for m in ms:
        # "تفجير سيارة ومقتل قائدها", "بعد أن قتل خاله": a victim named without a
        # figure who is the bomber himself, or whom the attacker killed before the act
        m.counts = [
            f
            for f in m.counts
            if not (
                f.named
                and f.kind == "killed"
                and not f.foreign
                and (
                    (bombing and _own_death(m.sentence, f.cue_token))
                    or _earlier_act(m.sentence, f.cue_token)
                )
            )
        ]

    def count(kind: str) -> Count | None:
        # a raised toll ("ارتفع عدد القتلى إلى 15") is the latest total
        raised = [f.count for m in ms for f in m.counts if f.kind == kind and f.update]
        if raised:
            return raised[-1]
        # a toll with the attackers taken out beats a headline figure that includes them
        net = [f.count for m in ms for f in m.counts if f.kind == kind and f.net]
        if net:
            return net[0]
        # else the first figure ("عشرات القتلى" only when no exact one is given); a toll
        # told for several attacks at once ("مقتل 31 في تفجيرين") only when the incident
        # has no figure of its own
        for group in ([m for m in ms if not several_acts(m)], ms):
            found = [c for m in group if (c := m.count(kind)) is not None]
            exact = [c for c in found if c.value is not None]
            if exact or found:
                return (exact or found)[0]
        return None

    killed, wounded, arrested = count("killed"), count("wounded"), count("arrested")
    none = next((m.no_victims for m in ms if m.no_victims), None)
    if none is not None:
        killed = killed or Count(0, evidence=none)
        wounded = wounded or Count(0, evidence=none)
    elif killed is None and _only_wounded(cluster, wounded):
        # "انفجار يصيب ثلاثة": a report that counts the wounded and names no dead
        killed = Count(0, evidence=wounded.evidence if wounded else None)
    weapons: dict[str, Tag] = {}
    targets: dict[str, Tag] = {}
    for m in ms:
        for w in m.weapons:
            weapons.setdefault(w.name, w)
        for t in m.targets:
            targets.setdefault(t.name, t)
    ev = dict(primary.evidence)
    known = {a.surface for a in actors.values()} | set(actors)
    candidates: dict[str, Actor] = {}
    for m in ms:
        for a in m.candidates:
            if a.name not in known:
                candidates.setdefault(a.name, a)
    return IncidentReport(
        type=type_,
        status=status,
        date=date,
        location=loc,
        perpetrators=sorted(actors.values(), key=lambda a: (role_rank[a.role], a.name)),
        targets=list(targets.values()),
        weapons=list(weapons.values()),
        killed=killed,
        wounded=wounded,
        arrested=arrested,
        suicide=type_ == "suicide_bombing" or any(m.suicide for m in ms),
        recency="background" if cluster.background else "new",
        confidence=round(min(1.0, max(0.0, cluster.score / 1.5)), 3),
        evidence=ev,
        article=article,
        candidates=list(candidates.values()),
    )


ORPHAN_REACH = 2  # sentences after an incident's mention whose bare tolls it takes


def attach_orphan_counts(article: Article, kept: list[Cluster]) -> None:
    """A toll told in a sentence of its own right after an incident ("وأصيب ثمانية
    أشخاص آخرون") belongs to that incident when it has no such figure yet."""
    owner: dict[int, Mention] = {}
    for c in kept:
        if c.background:
            continue
        for m in c.mentions:
            owner.setdefault(m.sentence.index, m)
    if not owner:
        return
    cluster_of = {id(m): c for c in kept for m in c.mentions}
    for s in article.sentences:
        if s.part != "text" or s.index in owner or not s.casualty or s.triggers:
            continue
        if s.has_cue("background") or s.has_cue("historical_frames"):
            continue
        if any(not speech_date(s, span) for _dm, span in s.dates):
            continue  # a toll of another day; "قالت اليوم إن الحصيلة ارتفعت" is not
        prev = next(
            (owner[i] for i in range(s.index - 1, s.index - 1 - ORPHAN_REACH, -1) if i in owner),
            None,
        )
        if prev is None:
            continue
        cluster = cluster_of[id(prev)]
        have = {f.kind for m in cluster.mentions for f in m.counts if f.count.value is not None}
        none = no_casualties(s)
        if none is not None and not have and not any(m.no_victims for m in cluster.mentions):
            # "ولم يصب أحد بأذى" told after the act: no dead, no wounded
            prev.no_victims = evidence(none, s)
            continue
        for f in find_counts(s):
            if f.kind in ("killed", "wounded") and f.kind not in have and f.count.value:
                prev.counts.append(replace(f, foreign=True))
                have.add(f.kind)
