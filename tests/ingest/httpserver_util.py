"""A small local HTTP server for the web/feed tests (127.0.0.1 only, threaded, bounded).

Routes are set per path; a route may answer after a delay (bounded), send an
ETag and answer 304 to a matching ``If-None-Match``, redirect, or send its body
without a Content-Length. Every request is logged with its headers.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_DELAY = 3.0


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: str | None = None
    send_length: bool = True


@dataclass
class Request:
    path: str
    headers: dict[str, str]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        assert self._httpd is not None
        return int(self._httpd.server_address[1])

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def set(self, path: str, body: bytes | str = b"", **kw: object) -> Route:
        data = body.encode("utf-8") if isinstance(body, str) else body
        route = Route(body=data, **kw)  # type: ignore[arg-type]
        with self._lock:
            self.routes[path] = route
        return route

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        self.set(path, status=status, headers={"Location": location})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                with server._lock:
                    server.hits[path] += 1
                    server.requests.append(Request(path, {k: v for k, v in self.headers.items()}))
                    route = server.routes.get(path)
                try:
                    self._answer(route)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _answer(self, route: Route | None) -> None:
                if route is None:
                    self.send_error(404)
                    return
                if route.delay:
                    time.sleep(min(route.delay, MAX_DELAY))
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.etag:
                    self.send_header("ETag", route.etag)
                for k, v in route.headers.items():
                    self.send_header(k, v)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

        return Handler

    def start(self) -> None:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


@contextmanager
def local_server() -> Iterator[LocalServer]:
    """A started :class:`LocalServer`, stopped on exit."""
    srv = LocalServer()
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


# -- feed builders -------------------------------------------------------------------
def rss(items: list[dict[str, str]], title: str = "أخبار محلية") -> str:
    """An RSS 2.0 document; each item has title, link, description, pubDate (optional)."""
    from xml.sax.saxutils import escape

    parts = []
    for it in items:
        fields = "".join(
            f"<{k}>{escape(v)}</{k}>"
            for k, v in it.items()
            if k in ("title", "link", "description", "pubDate", "guid")
        )
        parts.append(f"<item>{fields}</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.org/</link>"
        f"<description>test</description>{''.join(parts)}</channel></rss>"
    )


def atom(items: list[dict[str, str]], title: str = "أخبار") -> str:
    from xml.sax.saxutils import escape, quoteattr

    parts = []
    for i, it in enumerate(items):
        parts.append(
            f"<entry><title>{escape(it['title'])}</title>"
            f"<link href={quoteattr(it['link'])}/><id>urn:rasd:test:{i}</id>"
            f"<updated>{it.get('updated', '2024-03-05T08:00:00Z')}</updated>"
            f'<content type="html">{escape(it.get("content", ""))}</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:rasd:test</id><updated>2024-03-05T08:00:00Z</updated>"
        f"{''.join(parts)}</feed>"
    )


# Our own short Arabic news items (written for these tests), incident-like so the
# extractor finds incidents in them.
ARTICLES = [
    (
        "تفجير انتحاري يستهدف حاجزاً للشرطة في الموصل",
        "أعلنت وزارة الداخلية العراقية أن خمسة من عناصر الشرطة قتلوا وأصيب ثمانية آخرون "
        "بجروح، صباح الثلاثاء، في تفجير سيارة مفخخة استهدف نقطة تفتيش عند المدخل الجنوبي "
        "لمدينة الموصل. وقال مصدر أمني إن انتحارياً كان يقود السيارة وفجرها قرب الحاجز، "
        "فيما تبنى تنظيم داعش الهجوم في بيان نشره على مواقع التواصل. وأغلقت القوات الأمنية "
        "الطرق المؤدية إلى المكان وبدأت تحقيقاً في الحادث.",
    ),
    (
        "إحباط مخطط لاستهداف مسجد في الدمام",
        "أحبطت قوات الأمن السعودية مخططاً إرهابياً لاستهداف مسجد في مدينة الدمام، وألقت "
        "القبض على ثلاثة مشتبه بهم ينتمون إلى خلية مرتبطة بتنظيم القاعدة، وفق ما أعلن "
        "المتحدث الأمني لوزارة الداخلية يوم الأحد. وضبطت بحوزتهم أحزمة ناسفة وأسلحة رشاشة "
        "وكميات من الذخيرة، وقالت الوزارة إن التحقيقات ما زالت جارية لكشف بقية أفراد الخلية "
        "ومصادر تمويلها.",
    ),
    (
        "مقتل ضابط بهجوم مسلح في العريش",
        "قتل مسلحون مجهولون ضابطاً في الجيش المصري وجرحوا اثنين من مرافقيه بإطلاق النار على "
        "سيارتهم في مدينة العريش بشمال سيناء مساء الخميس، بحسب مصادر طبية وأمنية. وفر "
        "المهاجمون إلى جهة غير معلومة، وفرضت القوات طوقاً أمنياً حول المنطقة وبدأت عمليات "
        "تمشيط واسعة بحثاً عنهم، ولم تعلن أي جهة مسؤوليتها عن الهجوم حتى الآن.",
    ),
    (
        "اختطاف مهندسين أجنبيين في ولاية كانو",
        "خطف مسلحون يعتقد أنهم من جماعة بوكو حرام مهندسين أجنبيين يعملان في مشروع لبناء طريق "
        "قرب مدينة كانو شمالي نيجيريا فجر الاثنين، وقتلوا حارساً كان يرافقهما، بحسب ما أفادت "
        "الشرطة المحلية. وقال متحدث باسم الشرطة إن قوة خاصة أرسلت إلى المنطقة لملاحقة "
        "الخاطفين وتحرير الرهينتين، وإن الاتصالات جارية مع سفارتي البلدين.",
    ),
]


def html_page(title: str, body: str, *, charset: str = "utf-8", canonical: str = "") -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paras = "".join(f"<p>{p}</p>" for p in body.split(". ") if p)
    return (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="{charset}">'
        f"<title>{title}</title>{link}"
        '<meta property="article:published_time" content="2024-03-05T09:00:00Z"></head>'
        f"<body><header><nav>الرئيسية</nav></header><article><h1>{title}</h1>{paras}</article>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    )
