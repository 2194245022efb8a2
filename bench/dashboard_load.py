"""Dashboard load time: navigation start to the ``load`` event in Chromium, on loopback.

Usage:
    python bench/dashboard_load.py [--db PATH] [--runs N] [--json FILE]

Without ``--db`` a temporary SQLite database is built from the bundled demo corpus.
The server (the real app under uvicorn) runs in a thread on 127.0.0.1; Debian's
Chromium (``/usr/bin/chromium`` or ``$RASD_CHROMIUM``) is driven by Playwright. Each
page (overview, map, one incident) is loaded ``N`` times in a fresh browser context
(cold cache) and once more warm; the figures are the Navigation Timing
``loadEventEnd`` and, for charts and the map, the time until they are drawn. Target:
≤ 2 s for every page.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("RASD_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
TARGET_MS = 2000.0


def build_db(path: Path) -> str:
    from rasd.demo_run import demo_articles
    from rasd.ingest.item import SourceItem
    from rasd.ingest.pipeline import ingest
    from rasd.store.repo import Store

    articles = demo_articles()
    with Store.open(str(path)) as store:
        for name in sorted({a["source"] for a in articles if a.get("source")}):
            store.add_source(name, kind="file", language="ar")
        ingest(
            store,
            [
                SourceItem(
                    text=a["text"],
                    title=a.get("title"),
                    url=a.get("url"),
                    published=a.get("published"),
                    language="ar",
                    source=a.get("source"),
                )
                for a in articles
            ],
        )
    return str(path)


def serve(db: str) -> tuple[str, Any, threading.Thread]:
    import uvicorn

    from rasd.serve.app import create_app
    from rasd.serve.settings import Settings

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(create_app(Settings(db=db)), host="127.0.0.1", port=port, log_level="error")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("error: the server did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


def measure(browser: Any, url: str, ready: str | None, runs: int) -> dict[str, Any]:
    cold: list[float] = []
    drawn: list[float] = []
    warm = 0.0
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        t0 = time.perf_counter()
        page.goto(url, wait_until="load")
        nav = page.evaluate(
            "(() => { const n = performance.getEntriesByType('navigation')[0];"
            " return n.loadEventEnd - n.startTime; })()"
        )
        cold.append(float(nav))
        if ready:
            page.wait_for_selector(ready, timeout=15_000)
            drawn.append((time.perf_counter() - t0) * 1000)
        page.goto(url, wait_until="load")
        warm = float(
            page.evaluate(
                "(() => { const n = performance.getEntriesByType('navigation')[0];"
                " return n.loadEventEnd - n.startTime; })()"
            )
        )
        context.close()
    return {
        "url": url,
        "load_ms_median": round(statistics.median(cold), 1),
        "load_ms_max": round(max(cold), 1),
        "drawn_ms_median": round(statistics.median(drawn), 1) if drawn else None,
        "warm_load_ms": round(warm, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", help="database to serve (default: demo corpus in a temp dir)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json", help="write the figures to this file")
    args = ap.parse_args(argv)
    if not 1 <= args.runs <= 100:
        print("error: --runs must be 1–100", file=sys.stderr)
        return 2
    if not Path(CHROMIUM).exists():
        print(
            f"error: Chromium not found at {CHROMIUM} (apt-get install chromium)", file=sys.stderr
        )
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_db(Path(tmp) / "bench.sqlite")
        base, server, thread = serve(db)
        from rasd.store.repo import Store

        with Store.open(db) as store:
            rows, _ = store.list_incidents(None, "-killed", None, 1)
        if not rows:
            print("error: the database has no incidents", file=sys.stderr)
            return 2
        pages = [
            ("overview", base + "/", "#trend-chart[data-rendered='1']"),
            ("map", base + "/map", ".map[data-rendered='1']"),
            ("incident", f"{base}/incidents/{rows[0].id}", None),
        ]
        import urllib.request

        for _, url, _ in pages:  # warm the server (knowledge base, gazetteer) first
            with urllib.request.urlopen(url, timeout=30) as resp:
                resp.read()
        results = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, url, ready in pages:
                results[name] = measure(browser, url, ready, args.runs)
            browser.close()
        server.should_exit = True
        thread.join(timeout=10)
    print(f"{'page':<10} {'load (median)':>14} {'load (max)':>11} {'drawn':>9} {'warm':>8}")
    for name, r in results.items():
        drawn = f"{r['drawn_ms_median']:.0f} ms" if r["drawn_ms_median"] else "–"
        print(
            f"{name:<10} {r['load_ms_median']:>11.0f} ms {r['load_ms_max']:>8.0f} ms "
            f"{drawn:>9} {r['warm_load_ms']:>5.0f} ms"
        )
    ok = all(r["load_ms_median"] <= TARGET_MS for r in results.values())
    print(f"target: median ≤ {TARGET_MS:.0f} ms: {'met' if ok else 'NOT met'}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
