"""Group an article's mentions into incident reports and pick the main incident."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from rasd.extract.analysis import Article, Sentence
from rasd.extract.contexts import NonEventArticle, is_retrospective
from rasd.extract.entities import find_candidate_groups, find_ner_place, tag_sentences
from rasd.extract.evidence import evidence
from rasd.extract.fields import PlaceFound, find_places, sentence_countries
from rasd.extract.mentions import ATTACK_ORDER, BACKGROUND_DAYS, Mention, find_mentions
from rasd.kb.base import KnowledgeBase
from rasd.model import Actor, ArticleRef, Count, DateValue, IncidentReport, Location, Tag
from rasd.taxonomy import ATTACK_TYPES
from rasd.text.sentences import find_dateline

MIN_SCORE = 0.9  # the main incident
MIN_SCORE_SIDE = 1.15  # every other incident of the article
TYPE_RANK = {t: i for i, t in enumerate(ATTACK_ORDER)}


def family(type_: str) -> str:
    if type_ in ATTACK_TYPES:
        return "attack"
    return type_


@dataclass
class Cluster:
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> Mention:
        return self.mentions[0]

    @property
    def family(self) -> str:
        return family(self.first.type)

    def city(self) -> str | None:
        for m in self.mentions:
            for p in m.places:
                if p.location.city:
                    return p.location.city
        return None

    def country(self) -> str | None:
        for m in self.mentions:
            for p in sorted(m.places, key=lambda p: p.rank):
                if p.location.country:
                    return p.location.country
        return None

    def province(self) -> str | None:
        for m in self.mentions:
            for p in m.places:
                if p.location.province:
                    return p.location.province
        return None

    def dates(self) -> list[str]:
        return [m.date.value for m in self.mentions if m.date]

    def killed(self) -> set[int]:
        out: set[int] = set()
        for m in self.mentions:
            c = m.count("killed")
            if c is not None and c.value:
                out.add(c.value)
        return out

    def day(self) -> str | None:
        for m in self.mentions:
            if m.date and m.date.precision == "day":
                return m.date.value
        return None

    @property
    def background(self) -> bool:
        return all(m.background for m in self.mentions)

    @property
    def score(self) -> float:
        return max(m.score for m in self.mentions) + 0.05 * min(4, len(self.mentions) - 1)


def _days_apart(a: str, b: str) -> int:
    return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)


def compatible(c: Cluster, m: Mention) -> bool:
    if family(m.type) != c.family:
        return False
    if m.background != c.background:
        return False
    city = next((p.location.city for p in m.places if p.location.city), None)
    if city and c.city() and city != c.city():
        return False
    country = next((p.location.country for p in sorted(m.places, key=lambda p: p.rank)), None)
    if country and c.country() and country != c.country():
        return False
    if (
        m.date
        and m.date.precision == "day"
        and c.day()
        and _days_apart(m.date.value, c.day() or "") > 1
    ):
        return False
    return True


# attack types that name the same kind of act (a "blast" and a "suicide blast")
SAME_ACT = (
    frozenset({"bombing", "suicide_bombing", "attack_on_facility"}),
    frozenset({"armed_assault", "assassination", "stabbing", "vehicle_ramming"}),
    frozenset({"kidnapping", "hostage_taking"}),
)


def _same_act(a: str, b: str) -> bool:
    if family(a) != "attack" or family(b) != "attack":
        return a == b
    return a == b or any(a in s and b in s for s in SAME_ACT)


def _dates_agree(a: list[str], b: list[str]) -> bool:
    """No date of one contradicts a date of the other (a month holds its days)."""
    return all(x.startswith(y) or y.startswith(x) for x in a for y in b)


def same_event(host: Cluster, c: Cluster) -> bool:
    """Whether two clusters of one article tell the same incident.

    Mentions of one event often resolve to different places (the province, then
    the town) or carry a date only once; such clusters are one incident when the
    acts agree, the country is the same, the places can nest (one is unknown, the
    same, or in the same province) and no date or death toll contradicts.
    """
    if not _same_act(host.first.type, c.first.type):
        return False
    if host.country() is None or host.country() != c.country():
        return False
    hc, cc = host.city(), c.city()
    if hc and cc and hc != cc:
        hp, cp = host.province(), c.province()
        if not (hp and hp == cp):
            return False
    if not _dates_agree(host.dates(), c.dates()):
        return False
    hk, ck = host.killed(), c.killed()
    if hk and ck and not hk & ck:
        return False
    if host.background != c.background:
        # a recalled event and a fresh one are the same only when the text ties
        # them by place and day
        if not (hc and hc == cc and host.day() and host.day() == c.day()):
            if not (hc and hc == cc and (not host.dates() or not c.dates())):
                return False
    return True


def _merge_same_events(clusters: list[Cluster]) -> list[Cluster]:
    out: list[Cluster] = []
    for c in clusters:
        host = next((o for o in out if same_event(o, c)), None)
        if host is None:
            out.append(c)
        else:
            host.mentions.extend(c.mentions)
    return out


def mentioned_countries(article: Article, dateline: PlaceFound | None) -> frozenset[str]:
    """Countries the article names (by name or adjective), plus its dateline's."""
    out = {iso for s in article.sentences for iso in sentence_countries(s, adjectives=True)}
    if dateline and dateline.location.country:
        out.add(dateline.location.country)
    return frozenset(out)


def article_countries(
    article: Article,
    kb: KnowledgeBase,
    dateline: PlaceFound | None,
    mentioned: frozenset[str] | None = None,
) -> list[str]:
    """Countries of the article in order of weight: dateline, title, then frequency."""
    weights: dict[str, float] = defaultdict(float)
    first_seen: dict[str, int] = {}
    for s in article.sentences:
        boost = 3.0 if s.part == "title" else (2.0 if s.index <= 2 else 1.0)
        for iso in sentence_countries(s):
            weights[iso] += boost
            first_seen.setdefault(iso, s.index)
        for iso in sentence_countries(s, adjectives=True):
            weights[iso] += 0.3 * boost
            first_seen.setdefault(iso, s.index)
        for p in find_places(s, kb, [], mentioned=mentioned):
            if p.location.country and p.rank == 0:
                weights[p.location.country] += 0.7 * boost
                first_seen.setdefault(p.location.country, s.index)
    if dateline and dateline.location.country:
        weights[dateline.location.country] += 5
        first_seen.setdefault(dateline.location.country, -1)
    return sorted(weights, key=lambda c: (-weights[c], first_seen.get(c, 0), c))


def dateline_place(article: Article, kb: KnowledgeBase) -> PlaceFound | None:
    body = [s for s in article.sentences if s.part == "text"]
    if not body:
        return None
    s0 = body[0]
    dl = find_dateline(s0.doc.norm, s0.span.norm_start)
    if dl is None:
        return None
    places = [
        p
        for p in find_places(s0, kb, [], in_dateline=True)
        if p.location.evidence and p.location.evidence.start < s0.doc.offsets.to_raw(dl.end)
    ]
    return min(places, key=lambda p: p.rank) if places else None


def _merge_fields(cluster: Cluster, kb: KnowledgeBase, article: ArticleRef) -> IncidentReport:
    ms = cluster.mentions
    types = sorted({m.type for m in ms if m.type in TYPE_RANK}, key=lambda t: TYPE_RANK[t])
    type_ = ms[0].type
    if cluster.family == "attack" and types:
        type_ = types[0]
    primary = next((m for m in ms if m.type == type_), ms[0])
    status = primary.status
    if (
        cluster.family == "attack"
        and any(m.status == "executed" for m in ms)
        and status != "executed"
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
    if loc is None or loc.precision == "country":
        ner = next(
            (
                m.ner_place
                for m in ms
                if m.ner_place and (loc is None or m.ner_place.country in (None, loc.country))
            ),
            None,
        )
        if ner is not None:
            loc = Location(
                country=ner.country or (loc.country if loc else None),
                name_ar=ner.name_ar,
                evidence=ner.evidence,
            )
    date = next((m.date for m in ms if m.date and m.date.precision == "day"), None) or next(
        (m.date for m in ms if m.date), None
    )
    actors: dict[str, Actor] = {}
    role_rank = {"claimed": 0, "attributed": 1, "suspected": 2}
    for m in ms:
        for a in m.actors:
            if a.name not in actors or role_rank[a.role] < role_rank[actors[a.name].role]:
                actors[a.name] = a

    def count(kind: str) -> Count | None:
        # a raised toll ("ارتفع عدد القتلى إلى 15") is the latest total; else the first figure
        raised = [f.count for m in ms for f in m.counts if f.kind == kind and f.update]
        if raised:
            return raised[-1]
        for m in ms:
            c = m.count(kind)
            if c is not None:
                return c
        return None

    killed, wounded, arrested = count("killed"), count("wounded"), count("arrested")
    none = next((m.no_victims for m in ms if m.no_victims), None)
    if none is not None:
        killed = killed or Count(0, evidence=none)
        wounded = wounded or Count(0, evidence=none)
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


LEAD_SENTENCES = 3  # body sentences that make an article's lead
LEAD_DAYS = 7  # a lead date this many days before publication still reports fresh news


def _in_lead(article: Article, sentence: Sentence) -> bool:
    if sentence.part == "title":
        return True
    body = [s.index for s in article.sentences if s.part == "text"][:LEAD_SENTENCES]
    return sentence.index in body


def lead_date(article: Article) -> DateValue | None:
    """The day the lead of a fresh news article names (title first, then the lead).

    Only a day on or shortly before publication counts: a mention in the lead that
    carries no date of its own usually happened that day.
    """
    if article.published is None:
        return None
    for s in article.sentences:
        if not _in_lead(article, s):
            continue
        for dm, span in s.dates:
            if dm.value is None or dm.precision != "day":
                continue
            try:
                day = dt.date.fromisoformat(dm.value)
            except ValueError:
                continue
            if 0 <= (article.published - day).days <= LEAD_DAYS:
                return DateValue(value=dm.value, precision="day", evidence=evidence(span, s))
    return None


def _fresh_day(date: DateValue | None, published: dt.date | None) -> bool:
    """A day on or shortly before publication."""
    if date is None or date.precision != "day" or published is None:
        return False
    try:
        day = dt.date.fromisoformat(date.value)
    except ValueError:
        return False
    return 0 <= (published - day).days <= BACKGROUND_DAYS


def _anchor(c: Cluster) -> bool:
    return bool(c.city() or c.day() or any(m.counts for m in c.mentions))


def _pinned(c: Cluster) -> bool:
    return bool(c.day() or c.city() or any(m.counts for m in c.mentions))


def _absorb(clusters: list[Cluster]) -> list[Cluster]:
    """Fold clusters with no city, day or count into an earlier cluster of the same family."""
    out: list[Cluster] = []
    for c in clusters:
        host = None
        if not _anchor(c):
            host = next(
                (
                    o
                    for o in out
                    if o.family == c.family
                    and (o.country() in (None, c.country()) or c.country() is None)
                ),
                None,
            )
        if host is not None:
            host.mentions.extend(c.mentions)
        else:
            out.append(c)
    return out


def _fold_claims(clusters: list[Cluster]) -> list[Cluster]:
    """A claim reported before its attack (a claim in the title) goes to that attack."""
    attacks = [c for c in clusters if c.family == "attack" and not c.background]
    if not attacks:
        return clusters
    out: list[Cluster] = []
    for c in clusters:
        if c.family != "claim":
            out.append(c)
            continue
        host = next((a for a in attacks if a.country() in (None, c.country())), attacks[0])
        for m in c.mentions:
            for a in m.actors:
                a.role = "claimed"
        host.mentions.extend(c.mentions)
    return out


def _add_entities(mentions: list[Mention], context: list[str]) -> None:
    """NER where the knowledge base is silent: unknown places and candidate groups."""
    ents = tag_sentences(list({id(m.sentence): m.sentence for m in mentions}.values()))
    for m in mentions:
        found = ents.get(m.sentence.index, [])
        if not found:
            continue
        if not any(p.rank < 2 for p in m.places):
            country = next((p.location.country for p in m.places if p.rank == 2), None)
            m.ner_place = find_ner_place(
                m.sentence, found, m.trigger.first, country or (context[0] if context else None)
            )
        m.candidates = find_candidate_groups(m.sentence, found, m.trigger.first)


def assemble(
    article: Article, kb: KnowledgeBase, ref: ArticleRef, *, use_ner: bool = True
) -> list[IncidentReport]:
    dl = dateline_place(article, kb)
    named = mentioned_countries(article, dl)
    context = article_countries(article, kb, dl, named)
    mentions: list[Mention] = []
    non_event = NonEventArticle(article.sentences)  # decided when first needed
    for s in article.sentences:
        mentions.extend(find_mentions(s, kb, context, article.published, named, non_event))
    if mentions and is_retrospective(article.sentences):
        # an anniversary, trial or retrospective: what it recounts is past unless the
        # text dates it to the last days
        for m in mentions:
            if not _fresh_day(m.date, article.published):
                m.background = True
    clusters: list[Cluster] = []
    for m in mentions:
        target = None
        if m.type == "claim":
            attacks = [c for c in clusters if c.family == "attack" and not c.background]
            if attacks:
                for a in m.actors:
                    a.role = "claimed"
                target = attacks[-1] if len(attacks) == 1 else attacks[0]
                target.mentions.append(m)
                continue
        for c in clusters:
            if compatible(c, m) and c.first.type == m.type:
                target = c
                break
        if target is None:
            for c in clusters:
                if compatible(c, m):
                    target = c
                    break
        if target is None:
            clusters.append(Cluster([m]))
        else:
            target.mentions.append(m)
    clusters = _absorb(_fold_claims(clusters))
    kept = [
        c for i, c in enumerate(clusters) if c.score >= (MIN_SCORE if i == 0 else MIN_SCORE_SIDE)
    ]
    kept = [
        c
        for c in kept
        if not (c.family == "warning_threat" and any(k.family == "attack" for k in kept))
    ]
    # a past incident recalled in passing is kept only when the text pins it down
    # (a day, a place or a toll); an article with no new incident keeps its past ones
    if any(not c.background for c in kept):
        kept = [c for c in kept if not c.background or _pinned(c)]
    kept = _merge_same_events(kept)
    if use_ner and kept:
        # NER output (unknown places, candidate groups) is read only from here on,
        # so only the sentences of the incidents kept are tagged
        _add_entities([m for c in kept for m in c.mentions], context)
    reports = [_merge_fields(c, kb, ref) for c in kept]
    # a new incident told in the lead without a date of its own took place on the lead's day
    lead = lead_date(article)
    if lead is not None:
        for c, r in zip(kept, reports, strict=True):
            if r.date is None and not c.background and _in_lead(article, c.first.sentence):
                r.date = lead
    # article context fills missing places
    for c, r in zip(kept, reports, strict=True):
        if r.location is None or r.location.country is None:
            if dl is not None and not c.background:
                r.location = dl.location
            elif context:
                gaz = kb.gazetteer
                country = gaz.country(context[0])
                r.location = Location(
                    country=context[0],
                    lat=country.lat,
                    lon=country.lon,
                    precision="country",
                    gazetteer_id=f"iso:{context[0]}",
                )
    # main incident: the first new incident named in the title or lead, else the best one
    main_idx = None
    for i, c in enumerate(kept):
        if not c.background and c.first.sentence.part == "title":
            main_idx = i
            break
    if main_idx is None:
        cands = [i for i, c in enumerate(kept) if not c.background]
        if cands:
            main_idx = min(
                cands, key=lambda i: (kept[i].first.sentence.index > 3, -kept[i].score, i)
            )
    if main_idx is not None:
        reports[main_idx].is_main = True
        reports = _drop_passing_abroad(kept, reports, main_idx)
    return reports


def _own_place(c: Cluster) -> bool:
    return any(p.rank < 2 for m in c.mentions for p in m.places) or any(
        m.ner_place for m in c.mentions
    )


def _drop_passing_abroad(
    kept: list[Cluster], reports: list[IncidentReport], main_idx: int
) -> list[IncidentReport]:
    """A side incident in another country than the main one, named only by its
    country (no town, district or province of its own), is a passing mention:
    a neighbour's role, a group's base, an earlier strike elsewhere."""
    main_loc = reports[main_idx].location
    main_country = main_loc.country if main_loc else None
    if main_country is None:
        return reports
    out = []
    for i, (c, r) in enumerate(zip(kept, reports, strict=True)):
        country = r.location.country if r.location else None
        if i != main_idx and country and country != main_country and not _own_place(c):
            continue
        out.append(r)
    return out


__all__ = ["Sentence", "assemble", "evidence"]
