"""RSS/Atom feeds as a source: one conditional poll of one registered feed.

:func:`poll_feed` GETs the feed with ``If-None-Match`` / ``If-Modified-Since``
from the source's stored ``etag`` / ``last_modified`` (a 304 yields nothing),
parses the fetched bytes with ``feedparser`` (which never fetches anything
itself here), and turns each entry into a :class:`SourceItem`:

* entries whose canonical link is already stored are skipped (no page fetch);
* an entry whose content or summary has at least ``min_text`` characters is
  used as is; a shorter one is replaced by its linked page (fetched under the
  same :class:`FetchPolicy`) when ``fetch_pages`` — else its short text is used.
  At most ``MAX_PAGES`` pages are fetched per poll: later entries are deferred
  and the feed's validators are not saved, so the next poll reads it again;
* the item's ``url`` is the entry's link (so the skip above finds it next time),
  ``published`` is the entry's date as an ISO day.

It then records the poll on the source row: on success ``etag``,
``last_modified``, ``last_polled``, ``next_poll = now + interval``,
``failures = 0`` and no ``last_error``; on failure ``failures + 1``,
``last_error`` and ``next_poll = now + min(interval * 2**failures, max_backoff)``.
An HTML page where XML was expected is ``RASD506``; an unreadable feed ``RASD508``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

from rasd.errors import FetchError, RasdError
from rasd.ingest.item import ItemError, SourceItem
from rasd.ingest.pipeline import canonical_url
from rasd.ingest.sources.net import BAD_FEED, NOT_A_FEED, FetchPolicy, fetch
from rasd.ingest.sources.web import fetch_page

if TYPE_CHECKING:
    from rasd.store.records import SourceRow
    from rasd.store.repo import Store

DEFAULT_INTERVAL = 30.0
MAX_BACKOFF = 6 * 3600.0
MIN_TEXT = 300
MAX_ENTRIES = 200
MAX_PAGES = 30  # page fetches per poll; the rest wait for the next poll
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"
)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.I | re.S)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:rdf)[\s>]", re.I)


@dataclass
class FeedPoll:
    """What one poll of one feed gave."""

    source: str
    items: list[SourceItem | ItemError] = field(default_factory=list)
    not_modified: bool = False
    error: RasdError | None = None
    entries: int = 0
    skipped_known: int = 0
    pages_fetched: int = 0
    deferred: int = 0
    next_poll: str | None = None

    @property
    def status(self) -> str:
        if self.error is not None:
            return "error"
        return "not_modified" if self.not_modified else "ok"


def stamp(when: dt.datetime) -> str:
    """A timestamp in the store's format (UTC, sorts as text)."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def backoff_seconds(interval: float, failures: int, max_backoff: float = MAX_BACKOFF) -> float:
    """Seconds to wait after ``failures`` failures in a row (exponential, capped)."""
    if failures <= 0:
        return interval
    return float(min(interval * (2 ** min(failures, 30)), max_backoff))


class _TextOf(HTMLParser):
    """Visible text of an HTML fragment (block elements become line breaks)."""

    BLOCK = frozenset(
        {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote"}
    )
    SKIP = frozenset({"script", "style", "noscript", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content or summary)."""
    parser = _TextOf()
    try:
        parser.feed(fragment)
        parser.close()
    except Exception:  # HTMLParser is lenient; this guards odd input only
        return " ".join(fragment.split())
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def looks_like_html(content: bytes, content_type: str) -> bool:
    """Whether a response is an HTML page rather than RSS/Atom XML."""
    head = content[:2048].lstrip(b"\xef\xbb\xbf")
    if _FEED_ROOT.search(head):
        return False
    return bool(_HTML_START.match(head)) or content_type in ("text/html", "application/xhtml+xml")


def parse_feed(content: bytes, *, url: str, content_type: str = "") -> Any:
    """``feedparser``'s result for fetched bytes; raises RASD506 / RASD508."""
    import feedparser

    if looks_like_html(content, content_type):
        raise FetchError(
            f"{url} is an HTML page, not an RSS/Atom feed",
            code=NOT_A_FEED,
            hint="use the feed's URL (look for <link rel=alternate type=application/rss+xml>)",
        )
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(content, response_headers=headers)
    if not parsed.get("version") and not parsed.get("entries"):
        reason = parsed.get("bozo_exception")
        raise FetchError(
            f"{url} is not a readable RSS/Atom feed" + (f" ({reason})" if reason else ""),
            code=BAD_FEED,
            hint="check the feed URL in a browser",
        )
    return parsed


def _entry_day(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return dt.date(value.tm_year, value.tm_mon, value.tm_mday).isoformat()
            except (AttributeError, ValueError):
                continue
    from rasd.ingest.sources.html import iso_day

    return iso_day(entry.get("published") or entry.get("updated"))


def _entry_text(entry: Any) -> str:
    candidates = [c.get("value") or "" for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    texts = [html_to_text(c) for c in candidates if c.strip()]
    return max(texts, key=len) if texts else ""


def _entry_link(entry: Any) -> str | None:
    link = (entry.get("link") or "").strip()
    return link if link.lower().startswith(("http://", "https://")) else None


def entry_items(
    store: Store,
    entries: list[Any],
    source: SourceRow,
    policy: FetchPolicy,
    *,
    fetch_pages: bool = True,
    min_text: int = MIN_TEXT,
    max_pages: int = MAX_PAGES,
    poll: FeedPoll,
) -> list[SourceItem | ItemError]:
    """Items for the new entries of a feed (oldest first), counting into ``poll``."""
    out: list[SourceItem | ItemError] = []
    seen: set[str] = set()
    for entry in reversed(entries[:MAX_ENTRIES]):
        link = _entry_link(entry)
        key = canonical_url(link) if link else None
        if key is not None:
            if key in seen or store.article_exists(key):
                poll.skipped_known += 1
                continue
            seen.add(key)
        title = html_to_text(entry.get("title") or "") or None
        published = _entry_day(entry)
        text = _entry_text(entry)
        meta: dict[str, Any] = {"feed": source.url}
        if entry.get("id"):
            meta["guid"] = str(entry.get("id"))
        ref = link or f"{source.url}#{entry.get('id') or len(out)}"
        if len(text) < min_text and fetch_pages and link:
            if poll.pages_fetched >= max_pages:
                poll.deferred += 1
                continue
            poll.pages_fetched += 1
            try:
                page = fetch_page(link, source=source.name, policy=policy)
            except RasdError as err:
                out.append(ItemError(err.code, err.message, ref=link, source=source.name))
                continue
            meta.update(page.meta)
            if page.url and page.url != link:
                meta["final_url"] = page.url
            text = page.text
            title = title or page.title
            published = published or page.published
        if not text.strip():
            out.append(
                ItemError("RASD102", "the feed entry has no text", ref=ref, source=source.name)
            )
            continue
        out.append(
            SourceItem(
                text=text,
                title=title,
                url=link,
                published=published,
                language=source.language,
                source=source.name,
                ref=ref,
                meta=meta,
            )
        )
    return out


def poll_feed(
    store: Store,
    source: SourceRow,
    policy: FetchPolicy | None = None,
    *,
    interval: float = DEFAULT_INTERVAL,
    fetch_pages: bool = True,
    min_text: int = MIN_TEXT,
    max_pages: int = MAX_PAGES,
    max_backoff: float = MAX_BACKOFF,
    now: dt.datetime | None = None,
) -> FeedPoll:
    """Poll one feed source once and record the outcome on its row (module docstring)."""
    policy = policy or FetchPolicy()
    now = now or dt.datetime.now(dt.UTC)
    poll = FeedPoll(source=source.name)
    try:
        if not source.url:
            raise FetchError(f"source {source.name!r} has no URL", code="RASD501")
        res = fetch(
            source.url,
            policy,
            etag=source.etag,
            last_modified=source.last_modified,
            accept=FEED_ACCEPT,
        )
        if res.not_modified:
            poll.not_modified = True
        else:
            parsed = parse_feed(res.content, url=res.url, content_type=res.content_type)
            entries = list(parsed.get("entries") or [])
            poll.entries = len(entries)
            poll.items = entry_items(
                store,
                entries,
                source,
                policy,
                fetch_pages=fetch_pages,
                min_text=min_text,
                max_pages=max_pages,
                poll=poll,
            )
    except RasdError as err:
        poll.error = err
        failures = source.failures + 1
        poll.next_poll = stamp(
            now + dt.timedelta(seconds=backoff_seconds(interval, failures, max_backoff))
        )
        store.update_source(
            source.id,
            last_polled=stamp(now),
            next_poll=poll.next_poll,
            failures=failures,
            last_error=f"[{err.code}] {err.message}",
        )
        return poll
    poll.next_poll = stamp(now + dt.timedelta(seconds=interval))
    state: dict[str, Any] = {
        "last_polled": stamp(now),
        "next_poll": poll.next_poll,
        "failures": 0,
        "last_error": None,
    }
    if not poll.not_modified and not poll.deferred:  # else fetch it all again next time
        state["etag"] = res.headers.get("etag")
        state["last_modified"] = res.headers.get("last-modified")
    store.update_source(source.id, **state)
    return poll
