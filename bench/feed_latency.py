"""Feed latency: a new feed item → its incident stored and merged, under `rasd watch` defaults.

A local RSS server (127.0.0.1) serves a feed with ETag/304 support; a Watcher
with the default settings (30 s poll interval, default fetch policy except that
loopback is allowed) runs in a thread on a fresh SQLite database. For each
item, after a pseudo-random pause (so items land at any phase of the poll
cycle), the item is added to the feed at t0 and the database is checked every
0.1 s until the item's article is stored, its reports extracted AND linked to
an incident; latency = that moment - t0. Prints each item, then p50 and max
(target: max ≤ 60 s).

    python bench/feed_latency.py                  # 5 items, default 30 s interval
    python bench/feed_latency.py --items 3 --interval 10 --json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from sqlalchemy import func, select

# Our own short Arabic news items (written for this benchmark).
ITEMS = [
    (
        "هجوم بعبوة ناسفة على دورية في درنة",
        "قتل ثلاثة جنود من الجيش الليبي وأصيب خمسة آخرون عندما انفجرت عبوة ناسفة زرعت على "
        "جانب الطريق لدى مرور دوريتهم في الضاحية الشرقية لمدينة درنة صباح السبت، وفق ما أعلنه "
        "متحدث عسكري. وأضاف المتحدث أن وحدات الهندسة فككت عبوة ثانية عثر عليها قرب موقع "
        "الانفجار، وأن التحقيقات تشير إلى مسؤولية خلية تابعة لتنظيم داعش عن الهجوم.",
    ),
    (
        "القبض على خلية تخطط لاغتيال مسؤولين في عمّان",
        "أعلنت دائرة المخابرات العامة الأردنية إلقاء القبض على أربعة أشخاص كانوا يخططون "
        "لاغتيال مسؤولين حكوميين وتفجير مقر أمني في العاصمة عمّان، وضبطت بحوزتهم مواد متفجرة "
        "وبنادق آلية. وقالت الدائرة في بيان يوم الأربعاء إن أفراد الخلية تواصلوا مع قياديين "
        "في تنظيم داعش خارج البلاد، وإنهم أحيلوا إلى محكمة أمن الدولة.",
    ),
    (
        "مسلحون يهاجمون قرية في ولاية زمفرة",
        "هاجم مسلحون على دراجات نارية قرية في ولاية زمفرة شمال غربي نيجيريا ليل الجمعة، "
        "فقتلوا اثني عشر من سكانها وخطفوا عدداً من النساء والأطفال وأحرقوا منازل ومخازن "
        "للحبوب، بحسب ما قاله مسؤول محلي لوسائل الإعلام. وأضاف أن قوات الشرطة وصلت إلى "
        "القرية بعد ساعات من انسحاب المهاجمين الذين فروا نحو الغابات القريبة.",
    ),
    (
        "انتحاري يفجر نفسه قرب سوق في مقديشو",
        "فجّر انتحاري حزاماً ناسفاً كان يرتديه قرب سوق شعبية مزدحمة في العاصمة الصومالية "
        "مقديشو ظهر الاثنين، ما أدى إلى مقتل سبعة مدنيين وإصابة خمسة عشر آخرين بجروح متفاوتة، "
        "بحسب ما ذكرته الشرطة. وتبنت حركة الشباب المجاهدين التفجير في بيان بثته إذاعة موالية "
        "لها، مؤكدة أنه استهدف عناصر من قوات الأمن كانوا في المكان.",
    ),
    (
        "إطلاق نار على حافلة ركاب في محافظة شبوة",
        "أطلق مسلحون النار على حافلة تقل ركاباً مدنيين على الطريق الرابط بين مدينتي عتق "
        "ونصاب في محافظة شبوة اليمنية مساء الأحد، فقتلوا راكبين وأصابوا أربعة آخرين، وفق مصدر "
        "في السلطة المحلية. واتهم المصدر عناصر من تنظيم القاعدة في جزيرة العرب بتنفيذ الهجوم، "
        "مشيراً إلى أن الأجهزة الأمنية بدأت ملاحقة المنفذين في المناطق الجبلية المجاورة.",
    ),
]


class Feed:
    """The feed served by the local server (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[tuple[str, str, str]] = []
        self.version = 0

    def add(self, title: str, link: str, text: str) -> None:
        with self.lock:
            self.entries.insert(0, (title, link, text))
            self.version += 1

    def render(self) -> tuple[bytes, str]:
        with self.lock:
            items = "".join(
                f"<item><title>{escape(t)}</title><link>{escape(u)}</link>"
                f"<description>{escape(x)}</description></item>"
                for t, u, x in self.entries
            )
            etag = f'"v{self.version}"'
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>bench</title><link>http://bench.local/</link><description>b</description>"
            f"{items}</channel></rss>"
        )
        return body.encode("utf-8"), etag


def serve(feed: Feed) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            body, etag = feed.render()
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    return httpd


def merged(store: Any, url: str) -> bool:
    """Whether the article at ``url`` is stored, processed and its reports are in incidents."""
    from rasd.ingest.pipeline import canonical_url
    from rasd.store import models as m

    aid = store.article_exists(canonical_url(url))
    if aid is None or not store.is_processed(aid):
        return False
    r, ir = m.reports, m.incident_reports
    with store.reading() as conn:
        n_rep = conn.execute(select(func.count()).where(r.c.article_id == aid)).scalar_one()
        n_linked = conn.execute(
            select(func.count())
            .select_from(ir.join(r, r.c.id == ir.c.report_id))
            .where(r.c.article_id == aid)
        ).scalar_one()
    return bool(n_rep) and n_linked == n_rep


def main() -> None:
    from rasd.ingest.registry import Registry
    from rasd.ingest.sources.feeds import DEFAULT_INTERVAL as DEFAULT
    from rasd.ingest.sources.net import FetchPolicy
    from rasd.ingest.watch import Watcher
    from rasd.store.repo import Store

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", type=int, default=5, help="items to add (at most 5)")
    ap.add_argument("--interval", type=float, default=DEFAULT, help="poll interval (s)")
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--deadline", type=float, default=180.0, help="give up on an item after (s)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    n = max(1, min(args.items, len(ITEMS)))
    rng = random.Random(args.seed)

    feed = Feed()
    httpd = serve(feed)
    port = httpd.server_address[1]
    tmp = Path(tempfile.mkdtemp(prefix="rasd-bench-"))
    db = f"sqlite:///{tmp / 'bench.sqlite'}"
    latencies: list[float] = []
    rows: list[dict[str, Any]] = []
    with Store.open(db) as wstore, Store.open(db, migrate=False) as rstore:
        Registry(wstore).add(
            "bench", f"http://127.0.0.1:{port}/feed.xml", language="ar", allow_private=True
        )
        watcher = Watcher(wstore, policy=FetchPolicy(), interval_default=args.interval)
        stop = threading.Event()
        thread = threading.Thread(target=watcher.run, args=(stop,), daemon=True)
        t_start = time.perf_counter()
        thread.start()
        time.sleep(2.0)  # first (empty) poll done; the watcher is in its normal cycle
        for i in range(n):
            time.sleep(rng.uniform(0, args.interval))
            title, text = ITEMS[i]
            url = f"http://127.0.0.1:{port}/news/{i}"
            t0 = time.perf_counter()
            feed.add(title, url, text)
            while not merged(rstore, url):
                if time.perf_counter() - t0 > args.deadline:
                    break
                time.sleep(0.1)
            lat = time.perf_counter() - t0
            ok = lat <= args.deadline
            if ok:
                latencies.append(lat)
            rows.append({"item": i, "latency_s": round(lat, 2), "merged": ok})
            if not args.json:
                print(f"item {i}: {'merged' if ok else 'NOT merged'} after {lat:.1f} s", flush=True)
        stop.set()
        thread.join(timeout=60)
        counts = rstore.counts()
    httpd.shutdown()
    out = {
        "interval_s": args.interval,
        "items": n,
        "p50_s": round(statistics.median(latencies), 2) if latencies else None,
        "max_s": round(max(latencies), 2) if latencies else None,
        "all_merged": len(latencies) == n,
        "incidents": counts["incidents"],
        "wall_s": round(time.perf_counter() - t_start, 1),
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "rows": rows,
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(
            f"interval {args.interval:g} s, {n} items: p50 {out['p50_s']} s, max {out['max_s']} s, "
            f"incidents {out['incidents']}, all merged: {out['all_merged']}"
        )


if __name__ == "__main__":
    main()
