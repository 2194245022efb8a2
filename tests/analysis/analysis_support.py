"""Helpers shared by the analysis tests (a module with a unique name): hand-made
incidents, a webhook receiver and a tiny SMTP sink, both on 127.0.0.1 only."""

from __future__ import annotations

import hashlib
import hmac
import socketserver
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from rasd.link.merge import merge_new_reports
from rasd.model import Tag
from rasd.store import Store

# (published, report kwargs, targets, article text) — texts written for these tests
INCIDENTS: list[tuple[str, dict[str, Any], list[tuple[str, int]], str]] = [
    (
        "2015-05-22",
        dict(
            type="suicide_bombing",
            date="2015-05-22",
            country="SA",
            city="Qatif",
            killed=21,
            wounded=100,
            groups=("Islamic State",),
            lat=26.56,
            lon=50.01,
            sentence="فجّر انتحاري حزاماً ناسفاً داخل مسجد في القديح وقت صلاة الجمعة",
        ),
        [("worshippers", 15)],
        "قُتل واحد وعشرون مصلياً في تفجير انتحاري استهدف مسجداً في بلدة القديح بمحافظة القطيف",
    ),
    (
        "2015-06-26",
        dict(
            type="suicide_bombing",
            date="2015-06-26",
            country="KW",
            city="Kuwait City",
            killed=27,
            wounded=227,
            groups=("Islamic State",),
            lat=29.37,
            lon=47.98,
            sentence="هاجم انتحاري مسجد الإمام الصادق في الكويت",
        ),
        [("mosque", 15)],
        "هزّ انفجار انتحاري مسجد الإمام الصادق في العاصمة الكويتية خلال صلاة الجمعة",
    ),
    (
        "2015-07-18",
        dict(
            type="arrest_raid",
            date="2015-07-18",
            country="SA",
            city="Riyadh",
            arrested=431,
            lat=24.69,
            lon=46.72,
            sentence="أعلنت وزارة الداخلية توقيف أربعمائة وواحد وثلاثين مشتبهاً",
        ),
        [],
        "أعلنت السلطات السعودية القبض على خلايا مرتبطة بتنظيم إرهابي في عدة مناطق",
    ),
    (
        "2015-07-20",
        dict(
            type="bombing",
            date="2015-07-20",
            country="TR",
            city="Suruc",
            killed=33,
            wounded=104,
            groups=("Islamic State",),
            lat=36.98,
            lon=38.42,
            sentence="انفجرت عبوة في مركز ثقافي ببلدة سروج",
        ),
        [("youth activists", 14)],
        "أسفر انفجار في حديقة مركز ثقافي ببلدة سروج عن مقتل ثلاثة وثلاثين شاباً",
    ),
    (
        "2015-08-06",
        dict(
            type="suicide_bombing",
            date="2015-08-06",
            country="SA",
            city="Abha",
            killed=15,
            wounded=9,
            groups=("Islamic State",),
            lat=18.22,
            lon=42.50,
            sentence="فجّر انتحاري نفسه في مسجد مقر قوات الطوارئ بأبها",
        ),
        [("police", 3), ("mosque", 15)],
        "استهدف تفجير انتحاري مسجداً داخل مقر قوات الطوارئ الخاصة في مدينة أبها جنوب المملكة",
    ),
    (
        "2015-08-07",
        dict(
            type="bombing",
            date="2015-08-07",
            country="AF",
            city="Kabul",
            killed=50,
            wounded=25,
            groups=("Taliban",),
            lat=34.53,
            lon=69.17,
            sentence="انفجرت شاحنة مفخخة قرب أكاديمية الشرطة في كابول",
        ),
        [("police academy", 3)],
        "قتل خمسون شخصاً على الأقل في سلسلة هجمات هزت العاصمة الأفغانية كابول",
    ),
]


def add_incident(
    store: Store,
    make_report: Callable[..., Any],
    published: str,
    kwargs: dict[str, Any],
    targets: list[tuple[str, int]],
    text: str,
    title: str | None = None,
) -> list[str]:
    """Article + one report + merge, in one transaction (as ingest does)."""
    report = make_report(**kwargs)
    report.targets = [Tag(name, code) for name, code in targets]
    with store.transaction():
        aid, _ = store.add_article(text, published=published, title=title)
        ids = store.add_reports(aid, [report])
        merge_new_reports(store, ids)
    return ids


def fill(store: Store, make_report: Callable[..., Any]) -> None:
    for published, kwargs, targets, text in INCIDENTS:
        add_incident(store, make_report, published, kwargs, targets, text)


# -- local receivers: an HTTP webhook sink and a tiny SMTP sink, on 127.0.0.1 only --------------


class Receiver:
    """Records every webhook request on arrival; answers ``statuses`` in turn (then
    200) after ``delay`` seconds; checks the HMAC signature with ``secret``."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.requests: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        self.delay = 0.0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                expected = (
                    "sha256=" + hmac.new(receiver.secret.encode(), body, hashlib.sha256).hexdigest()
                )
                with receiver.lock:
                    receiver.requests.append(
                        {
                            "key": self.headers.get("Idempotency-Key"),
                            "timestamp": self.headers.get("X-Rasd-Timestamp"),
                            "signature_ok": hmac.compare_digest(
                                expected, self.headers.get("X-Rasd-Signature", "")
                            ),
                            "body": body,
                        }
                    )
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def keys(self) -> list[str]:
        with self.lock:
            return [str(r["key"]) for r in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class SmtpSink:
    """Just enough SMTP to receive mail from ``smtplib`` (no extensions, no auth)."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode("ascii") + b"\r\n")

            def handle(self) -> None:
                self.reply("220 sink ready")
                mail_from, rcpt = "", []
                while True:
                    raw = self.rfile.readline(65536)
                    if not raw:
                        return
                    cmd = raw.decode("utf-8", "replace").strip()
                    verb = cmd[:4].upper()
                    if verb in ("EHLO", "HELO"):
                        self.reply("250 sink")
                    elif verb == "MAIL":
                        mail_from = cmd.split(":", 1)[1].strip()
                        self.reply("250 ok")
                    elif verb == "RCPT":
                        rcpt.append(cmd.split(":", 1)[1].strip())
                        self.reply("250 ok")
                    elif verb == "DATA":
                        self.reply("354 end with .")
                        lines = []
                        while True:
                            line = self.rfile.readline(1 << 20)
                            if not line or line in (b".\r\n", b".\n"):
                                break
                            lines.append(line[1:] if line.startswith(b"..") else line)
                        sink.messages.append(
                            {"from": mail_from, "to": list(rcpt), "data": b"".join(lines)}
                        )
                        mail_from, rcpt = "", []
                        self.reply("250 queued")
                    elif verb == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("250 ok")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
