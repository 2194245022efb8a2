"""`rasd demo`: the main job on the bundled demo corpus.

Ingests the 50 team-written articles (nine fictional outlets, several per
incident) into a database — the default one unless told otherwise — through
the real pipeline (gates → store → extract → merge), then summarises what is
stored: incidents by type, country and group, and how many reports were
merged into incidents that several reports describe. Running it again adds
nothing (articles are identified by content hash).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from rasd.errors import InputError
from rasd.ingest.item import SourceItem
from rasd.store.records import IncidentFilter

DEMO_RELIABILITY = "C"  # fictional outlets: "fairly reliable" on the Admiralty scale


@dataclass
class DemoSummary:
    db: str = ""
    articles: int = 0
    stored: int = 0
    reports: int = 0
    incidents: int = 0
    multi_report_incidents: int = 0
    reports_merged: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    by_country: Counter[str] = field(default_factory=Counter)
    by_group: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "db": self.db,
            "articles": self.articles,
            "stored": self.stored,
            "reports": self.reports,
            "incidents": self.incidents,
            "multi_report_incidents": self.multi_report_incidents,
            "reports_merged": self.reports_merged,
            "by_type": dict(sorted(self.by_type.items())),
            "by_country": dict(sorted(self.by_country.items())),
            "by_group": dict(sorted(self.by_group.items())),
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
        }


def demo_articles() -> list[dict[str, Any]]:
    """The bundled demo articles (written by the rasd team)."""
    ref = resources.files("rasd.demo") / "corpus.jsonl"
    if not ref.is_file():
        raise InputError("the demo corpus is missing from the package", hint="reinstall rasd")
    out = []
    for n, line in enumerate(ref.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise InputError(f"demo corpus line {n} is not JSON") from err
    return out


def demo_items(articles: list[dict[str, Any]] | None = None) -> list[SourceItem]:
    """The demo articles as ingest items (outlet names as sources)."""
    return [
        SourceItem(
            text=a["text"],
            title=a.get("title"),
            url=a.get("url"),
            published=a.get("published"),
            language=a.get("language"),
            source=a.get("source"),
            ref=a.get("id"),
        )
        for a in (articles if articles is not None else demo_articles())
    ]


def run_demo(db: str | None = None) -> DemoSummary:
    """Ingest the demo corpus into ``db`` (default database if ``None``) and summarise it."""
    from rasd.ingest.pipeline import ingest
    from rasd.store.repo import Store

    articles = demo_articles()
    summary = DemoSummary(articles=len(articles))
    with Store.open(db) as store:
        summary.db = store.url
        for name in sorted({a["source"] for a in articles if a.get("source")}):
            store.add_source(name, kind="file", language="ar", reliability=DEMO_RELIABILITY)
        result = ingest(store, demo_items(articles), command="rasd demo")
        summary.stored = result.stored
        summary.errors = result.errors
        summary.seconds = result.seconds
        ids = set(result.article_ids)
        cursor: str | None = None
        while True:
            page, cursor = store.list_incidents(
                IncidentFilter(), sort="-date", cursor=cursor, limit=500
            )
            for row in page:
                inc = store.get_incident(row.id)
                if not any(r.article.doc_id in ids for r in inc.reports):
                    continue  # an incident of other data in the same database
                summary.incidents += 1
                summary.reports += row.n_reports
                if row.n_reports > 1:
                    summary.multi_report_incidents += 1
                    summary.reports_merged += row.n_reports
                summary.by_type[row.type] += 1
                summary.by_country[row.country or "??"] += 1
                for g in row.groups:
                    summary.by_group[g] += 1
            if cursor is None:
                break
    return summary
