"""Stable, deterministic identifiers for articles, reports and incidents.

* article id: SHA-256 (hex) of the article text normalised at the ``search``
  level with whitespace collapsed — the same story re-fetched with different
  diacritics, digits or spacing gets the same id;
* report id: ``<first 16 hex of the article id>.<index>`` — readable, and the
  same report of the same article always gets the same id;
* incident id: ``inc-`` + 16 hex of SHA-256 over the id of the report that
  created it (or, for an incident split off by hand, over the parent id and the
  moved report ids). An incident keeps its id for life; when incidents are
  united the id of the earliest-created one survives and the others become
  aliases (see :mod:`rasd.link.merge`).

Never Python's ``hash()``: it changes from process to process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rasd.text.normalize import normalize

ARTICLE_PREFIX_LEN = 16
INCIDENT_PREFIX = "inc-"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_key(text: str) -> str:
    """The text an article id is computed from: search-normalised, whitespace collapsed."""
    return " ".join(normalize(text, "search").split())


def article_id(text: str) -> str:
    """Article id: SHA-256 hex of :func:`content_key` of ``text``."""
    return _sha(content_key(text))


def article_id_of_normalized(text_norm: str) -> str:
    """:func:`article_id` of a text already search-normalised (``normalize(text, "search")``)."""
    return _sha(" ".join(text_norm.split()))


def report_id(article: str, index: int) -> str:
    """Report id from the article id and the report's 0-based index in the article."""
    if index < 0:
        raise ValueError(f"report index must be >= 0, got {index}")
    return f"{article[:ARTICLE_PREFIX_LEN]}.{index}"


def incident_id(seed_report_id: str) -> str:
    """Id of the incident first created from report ``seed_report_id``."""
    return INCIDENT_PREFIX + _sha("incident:" + seed_report_id)[:16]


def split_incident_id(parent_id: str, report_ids: Iterable[str]) -> str:
    """Id of the incident split off ``parent_id`` holding ``report_ids`` (order-free)."""
    joined = ",".join(sorted(report_ids))
    return INCIDENT_PREFIX + _sha(f"split:{parent_id}:{joined}")[:16]
