"""`rasd demo`: run the main job on the bundled demo corpus and summarise it."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from rasd.errors import InputError
from rasd.extract import extract
from rasd.model import IncidentReport


@dataclass
class DemoSummary:
    articles: int = 0
    reports: list[IncidentReport] = field(default_factory=list)
    by_type: Counter[str] = field(default_factory=Counter)
    by_country: Counter[str] = field(default_factory=Counter)
    by_group: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "reports": len(self.reports),
            "by_type": dict(sorted(self.by_type.items())),
            "by_country": dict(sorted(self.by_country.items())),
            "by_group": dict(sorted(self.by_group.items())),
            "errors": self.errors,
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


def run_demo() -> DemoSummary:
    summary = DemoSummary()
    for art in demo_articles():
        summary.articles += 1
        try:
            reports = extract(
                art["text"],
                published=art.get("published"),
                title=art.get("title"),
                url=art.get("url"),
                doc_id=art.get("id"),
                source=art.get("source"),
            )
        except Exception as err:  # one bad document never stops the run
            summary.errors.append(f"{art.get('id')}: {err}")
            continue
        for r in reports:
            if r.recency != "new":
                continue
            summary.reports.append(r)
            summary.by_type[r.type] += 1
            summary.by_country[(r.location.country if r.location else None) or "??"] += 1
            for a in r.perpetrators:
                summary.by_group[a.name] += 1
    return summary
