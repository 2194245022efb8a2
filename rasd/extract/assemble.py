"""Group an article's mentions into incident reports and pick the main incident."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from rasd.extract.analysis import Article, Sentence
from rasd.extract.clusters import (
    Cluster,
    compatible,
    merge_same_events,
    other_year,
    same_event,
    several_acts,
)
from rasd.extract.contexts import (
    NonEventArticle,
    is_fiction_piece,
    is_retrospective,
    is_topic_piece,
)
from rasd.extract.entities import (
    find_candidate_groups,
    find_ner_place,
    may_name_candidates,
    sentence_by_sentence,
    tag_sentences,
)
from rasd.extract.evidence import evidence
from rasd.extract.fields import PlaceFound, find_places, sentence_countries
from rasd.extract.mentions import (
    BACKGROUND_DAYS,
    WEAK_TRIGGERS,
    Mention,
    find_mentions,
)
from rasd.extract.placescope import sentence_dateline
from rasd.extract.report import attach_orphan_counts, merge_fields
from rasd.kb.base import KnowledgeBase
from rasd.model import ArticleRef, DateValue, IncidentReport, Location
from rasd.text.normalize import key

MIN_SCORE = 0.9  # the main incident
MIN_SCORE_SIDE = 1.15  # every other incident of the article


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
    # the body's first sentence, or the one after a headline line of a plain text
    for s0 in article.sentences[:3]:
        dl = sentence_dateline(s0)
        if dl is None:
            continue
        places = [
            p
            for p in find_places(s0, kb, [], in_dateline=True)
            if p.location.evidence and p.location.evidence.start < s0.doc.offsets.to_raw(dl.end)
        ]
        return min(places, key=lambda p: p.rank) if places else None
    return None


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


def _own_anchor(m: Mention) -> bool:
    """A date (not the date of a statement) or a toll in the mention's own sentence."""
    return bool((m.date and not m.date_of_statement) or m.counts or m.no_victims)


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
                    and o.background == c.background
                    and (o.country() in (None, c.country()) or c.country() is None)
                    and not any(other_year(d, o.dates()) for d in c.dates())
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
    # only sentences where an entity could be used: a mention still without a town,
    # or a possible candidate group (tags of one sentence do not depend on the others)
    todo: dict[int, Sentence] = {}
    every = not sentence_by_sentence()
    for m in mentions:
        s = m.sentence
        if id(s) not in todo and (
            every or not any(p.rank < 2 for p in m.places) or may_name_candidates(s)
        ):
            todo[id(s)] = s
    ents = tag_sentences(list(todo.values()))
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
    if mentions and is_topic_piece(article.sentences):
        # a policy or tactics piece: only a mention with a date or toll tells one act
        mentions = [m for m in mentions if _own_anchor(m)]
    elif mentions and is_fiction_piece(article.sentences):
        mentions = [m for m in mentions if _own_anchor(m) or m.type == "warning_threat"]
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
        # "انفجار آخر": a further act of the same kind starts an incident of its own;
        # a bare "الهجوم" names no kind of act: it goes to the first compatible incident
        generic = key(m.trigger.span.norm) in WEAK_TRIGGERS and not m.places and not several_acts(m)
        for c in [] if m.another or generic else clusters:
            if compatible(c, m) and c.first.type == m.type:
                target = c
                break
        if target is None and not m.another:
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
    kept = merge_same_events(kept)
    if use_ner and kept:
        # NER output (unknown places, candidate groups) is read only from here on,
        # so only the sentences of the incidents kept are tagged
        _add_entities([m for c in kept for m in c.mentions], context)
    attach_orphan_counts(article, kept)
    dropped = [c for c in clusters if all(c is not k for k in kept)]
    reports = [merge_fields(c, kb, ref, _places_of_same_event(c, dropped)) for c in kept]
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


def _places_of_same_event(c: Cluster, others: list[Cluster]) -> list[PlaceFound]:
    """Places of weak mentions (below the score bar) that tell the same event."""
    out: list[PlaceFound] = []
    for o in others:
        if same_event(c, o):
            out.extend(p for m in o.mentions for p in m.places)
    return out


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
