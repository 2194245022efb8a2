"""View models of the detail pages: incident, article, source and group.

Article text is passed to the templates as :class:`~rasd.serve.ui.highlight.Segment`
pieces (plain strings, escaped when rendered), never as pre-built HTML.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote as url_quote

from sqlalchemy import select

from rasd.model import Count, Incident, IncidentReport
from rasd.serve.ui import data, i18n
from rasd.serve.ui.analysis_views import group_figures
from rasd.serve.ui.highlight import Segment, evidence_items, quote_in_sentence, segments, spans_for
from rasd.store import models as m
from rasd.store.convert import loads
from rasd.store.records import ArticleRow, IncidentFilter, SourceRow

if TYPE_CHECKING:
    from rasd.store.repo import Store

PROFILE_CAP = 200
SOURCE_ARTICLES = 200


@dataclass
class FieldRow:
    field: str
    label: str
    value: str
    quote: list[Segment] | None = None
    link: str | None = None


@dataclass
class ArticleView:
    row: ArticleRow
    source: str | None
    title: list[Segment]
    text: list[Segment]
    incidents: list[str] = field(default_factory=list)


def fmt_count(c: Count | None, lang: str) -> str:
    if c is None:
        return "–"
    if c.value is None:
        if c.low is not None and c.high is not None:
            return f"{i18n.fmt_number(c.low, lang)}–{i18n.fmt_number(c.high, lang)}"
        return "–"
    text = i18n.fmt_number(c.value, lang)
    if c.at_least:
        text = ("على الأقل " if lang == "ar" else "at least ") + text
    elif c.approx:
        text = ("نحو " if lang == "ar" else "about ") + text
    return text


def field_rows(rep: IncidentReport, lang: str) -> list[FieldRow]:
    """One row per field of a report, each with its quoted evidence."""

    def quote(name: str) -> list[Segment] | None:
        ev = rep.evidence.get(name)
        return quote_in_sentence(ev, name) if ev else None

    rows = [
        FieldRow("type", i18n.field_label("type", lang), i18n.type_label(rep.type, lang)),
        FieldRow("status", i18n.field_label("status", lang), i18n.status_label(rep.status, lang)),
    ]
    rows[0].quote, rows[1].quote = quote("type"), quote("status")
    if rep.date:
        ev = rep.date.evidence
        rows.append(
            FieldRow(
                "date",
                i18n.field_label("date", lang),
                i18n.fmt_date(rep.date.value, lang),
                quote_in_sentence(ev, "date") if ev else None,
            )
        )
    if rep.location:
        loc = rep.location
        names = [loc.city, loc.province, data.country_name(loc.country, lang)]
        if lang == "ar" and loc.name_ar:
            names = [loc.name_ar, data.country_name(loc.country, lang)]
        ev = loc.evidence
        rows.append(
            FieldRow(
                "location",
                i18n.field_label("location", lang),
                ("، " if lang == "ar" else ", ").join(n for n in names if n),
                quote_in_sentence(ev, "location") if ev else None,
            )
        )
    for actor in rep.perpetrators:
        rows.append(
            FieldRow(
                "perpetrators",
                i18n.field_label("perpetrators", lang),
                data.group_label(actor.name, lang),
                quote_in_sentence(actor.evidence, "perpetrators") if actor.evidence else None,
                link="/groups/" + url_quote(actor.name, safe=""),
            )
        )
    for name, weapon in (("targets", False), ("weapons", True)):
        for tag in getattr(rep, name):
            rows.append(
                FieldRow(
                    name,
                    i18n.field_label(name, lang),
                    data.tag_label(tag.name, tag.gtd_code, lang, weapon=weapon),
                    quote_in_sentence(tag.evidence, name) if tag.evidence else None,
                )
            )
    for name in ("killed", "wounded", "arrested"):
        c = getattr(rep, name)
        if c is not None:
            rows.append(
                FieldRow(
                    name,
                    i18n.field_label(name, lang),
                    fmt_count(c, lang),
                    quote_in_sentence(c.evidence, name) if c.evidence else None,
                )
            )
    if rep.suicide:
        rows.append(FieldRow("suicide", i18n.field_label("suicide", lang), i18n.t(lang, "yes")))
        rows[-1].quote = quote("suicide")
    rows.append(FieldRow("recency", i18n.field_label("recency", lang), i18n.t(lang, rep.recency)))
    rows[-1].quote = quote("recency")
    return rows


def source_name(store: Store, source_id: int | None) -> str | None:
    if source_id is None:
        return None
    row = store.get_source(source_id)
    return row.name if row else None


def article_view(
    store: Store, article_id: str, reports: list[IncidentReport] | None = None
) -> ArticleView | None:
    """The article with the evidence of ``reports`` (default: all its reports) marked."""
    row = store.get_article(article_id)
    if row is None:
        return None
    incidents: list[str] = []
    if reports is None:
        reports, incidents = article_reports(store, article_id)
    items = [it for rep in reports for it in evidence_items(rep)]
    title = row.title or ""
    return ArticleView(
        row=row,
        source=source_name(store, row.source_id),
        title=segments(title, spans_for(title, items, "title")),
        text=segments(row.text, spans_for(row.text, items, "text")),
        incidents=incidents,
    )


def article_reports(store: Store, article_id: str) -> tuple[list[IncidentReport], list[str]]:
    """The reports of an article and the (distinct, sorted) incidents they are in."""
    r, ir = m.reports, m.incident_reports
    with store.reading() as conn:
        reps = conn.execute(
            select(r.c.data).where(r.c.article_id == article_id).order_by(r.c.idx)
        ).all()
        incs = conn.execute(
            select(ir.c.incident_id)
            .join(r, r.c.id == ir.c.report_id)
            .where(r.c.article_id == article_id)
        ).all()
    reports = []
    for (raw,) in reps:
        try:
            reports.append(IncidentReport.from_dict(loads(raw)))
        except (TypeError, ValueError):
            continue  # a damaged row is left out, never fatal
    return reports, sorted({str(x[0]) for x in incs})


def incident_articles(store: Store, inc: Incident) -> list[ArticleView]:
    by_doc: dict[str, list[IncidentReport]] = {}
    for rep in inc.reports:
        if rep.article.doc_id:
            by_doc.setdefault(rep.article.doc_id, []).append(rep)
    out = []
    for doc_id, reps in by_doc.items():
        view = article_view(store, doc_id, reps)
        if view is not None:
            out.append(view)
    return out


def source_articles(store: Store, source: SourceRow) -> list[dict[str, Any]]:
    a = m.articles
    q = (
        select(a.c.id, a.c.title, a.c.published, a.c.url)
        .where(a.c.source_id == source.id)
        .order_by(a.c.published.desc(), a.c.id)
        .limit(SOURCE_ARTICLES)
    )
    with store.reading() as conn:
        return [dict(r) for r in conn.execute(q).mappings()]


def group_profile(store: Store, name: str, lang: str) -> dict[str, Any] | None:
    """Everything the group page shows; ``None`` when neither the knowledge base nor
    the database knows the name."""
    group = data.find_group(name)
    canonical = group.name if group is not None else name
    filters = IncidentFilter(group=canonical)
    rows = data.all_rows(store, filters)
    if group is None and not rows:
        return None
    countries = Counter(r.country for r in rows if r.country)
    targets: Counter[str] = Counter()
    weapons: Counter[str] = Counter()
    for row in rows[:PROFILE_CAP]:
        try:
            summary = store.get_incident(row.id).summary
        except Exception:
            continue
        for t in summary.targets:
            targets[data.tag_label(t.name, t.gtd_code, lang, weapon=False)] += 1
        for w in summary.weapons:
            weapons[data.tag_label(w.name, w.gtd_code, lang, weapon=True)] += 1
    parent = None
    if group is not None and group.parent:
        parent_group = data.find_group(group.parent)
        parent = parent_group.name if parent_group else group.parent
    return {
        "group": group,
        "name": canonical,
        "parent": parent,
        "rows": rows,
        "countries": [(data.country_name(c, lang), c, n) for c, n in countries.most_common()],
        "kb_countries": [data.country_name(c, lang) for c in (group.countries if group else ())],
        "targets": sorted(targets.items(), key=lambda kv: (-kv[1], kv[0])),
        "weapons": sorted(weapons.items(), key=lambda kv: (-kv[1], kv[0])),
        "trend": data.trend(store, lang, filters),
        "figures": group_figures(store, canonical, lang) if rows else None,
        "map_data": data.map_data(rows, lang),
        "legend": data.legend(rows, lang),
    }
