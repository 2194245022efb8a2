"""Web pages as a source: fetch each URL safely and read one article from it.

:func:`page_items` yields a :class:`SourceItem` per page (``url`` is the final
URL after redirects; the page's ``<link rel=canonical>`` is kept in
``meta["canonical_url"]``) or an :class:`ItemError` carrying the error code
(``RASD5xx`` from :mod:`rasd.ingest.sources.net`, ``RASD101`` undecodable,
``RASD104`` no article on the page). One bad page never stops the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from rasd.errors import RasdError
from rasd.ingest.item import ItemError, SourceItem
from rasd.ingest.sources.net import FetchPolicy, fetch

HTML_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


def fetch_page(
    url: str,
    *,
    source: str | None = None,
    policy: FetchPolicy | None = None,
    language: str | None = None,
) -> SourceItem:
    """Fetch and parse one page; raises :class:`RasdError` on failure."""
    from rasd.ingest.sources.html import parse_html

    res = fetch(url, policy, accept=HTML_ACCEPT)
    item = parse_html(res.content, url=res.url, declared_charset=res.charset, source=source)
    meta = dict(item.meta)
    if res.url != url:
        meta["requested_url"] = url
    return replace(item, url=res.url, ref=res.url, language=language, meta=meta)


def page_items(
    urls: Iterable[str],
    *,
    source: str | None = None,
    policy: FetchPolicy | None = None,
    language: str | None = None,
) -> Iterator[SourceItem | ItemError]:
    """Fetch each URL in turn; yield its article or an :class:`ItemError`."""
    policy = policy or FetchPolicy()
    for url in urls:
        try:
            yield fetch_page(url, source=source, policy=policy, language=language)
        except RasdError as err:
            yield ItemError(code=err.code, message=err.message, ref=url, source=source)
        except Exception as err:  # never let one page stop the others
            yield ItemError(
                code="RASD700", message=f"{type(err).__name__}: {err}", ref=url, source=source
            )
