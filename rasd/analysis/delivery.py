"""The outbox worker: deliver alerts by signed webhook or e-mail, with retries.

Webhook: ``POST`` of the alert's JSON (the ``payload`` stored in the outbox,
byte for byte) with the headers

* ``X-Rasd-Signature: sha256=<hex>`` — HMAC-SHA256 of the raw body with the
  watchlist's secret (verify with :func:`verify_signature`);
* ``X-Rasd-Timestamp: <unix seconds>`` — when this attempt was sent;
* ``Idempotency-Key: <alert id>`` (also in the body as ``alert_id``).

Any 2xx answer marks the row delivered; redirects are not followed. E-mail goes
through ``smtplib`` to a configured host/port (:class:`SmtpConfig`, from
``RASD_SMTP_*``) with ``Message-ID: <rasd-alert-<id>@rasd>``.

Retries: a failed attempt is retried after ``base_delay · 2^(attempts-1)``
seconds (capped at ``max_delay``); after ``max_attempts`` attempts the row is
given up (``failed_at`` and ``last_error`` recorded).

Guarantee: each row is first *claimed* (attempts + 1 and ``next_attempt`` moved
``lease`` seconds ahead, committed), then sent, then marked in a second commit.
So two workers never send the same row at once, and a row is sent again only if
a worker died (or the lease ran out) between the send and that commit: delivery
is **at least once**, and the ``Idempotency-Key`` (alert id) lets the receiver
make it **exactly once** by dropping keys it has already seen.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import smtplib
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update

from rasd.analysis.alerts import evaluate_changes
from rasd.errors import InputError
from rasd.store import models as m
from rasd.store.convert import loads

if TYPE_CHECKING:
    from rasd.store.repo import Store

STAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
USER_AGENT = "rasd-alerts/1"


def stamp(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime(STAMP_FORMAT)


def sign(secret: str, body: bytes) -> str:
    """The ``X-Rasd-Signature`` value for ``body``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify_signature(secret: str, body: bytes, header: str | None) -> bool:
    """Check an ``X-Rasd-Signature`` header in constant time (for receivers)."""
    return bool(header) and hmac.compare_digest(sign(secret, body), str(header))


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "127.0.0.1"
    port: int = 25
    sender: str = "rasd@localhost"
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 10.0

    @classmethod
    def from_env(cls) -> SmtpConfig:
        """``RASD_SMTP_HOST``, ``_PORT``, ``_FROM``, ``_STARTTLS`` (1/0), ``_USER``, ``_PASSWORD``."""
        env = os.environ
        try:
            port = int(env.get("RASD_SMTP_PORT", "25"))
        except ValueError as err:
            raise InputError("RASD_SMTP_PORT must be a port number") from err
        return cls(
            host=env.get("RASD_SMTP_HOST", "127.0.0.1"),
            port=port,
            sender=env.get("RASD_SMTP_FROM", "rasd@localhost"),
            starttls=env.get("RASD_SMTP_STARTTLS", "0") in ("1", "true", "yes"),
            username=env.get("RASD_SMTP_USER") or None,
            password=env.get("RASD_SMTP_PASSWORD") or None,
        )


@dataclass(frozen=True)
class DeliveryConfig:
    max_attempts: int = 6
    base_delay: float = 30.0  # seconds before the first retry
    max_delay: float = 3600.0
    timeout: float = 10.0  # per HTTP request
    lease: float = 120.0  # seconds a claimed row is reserved for one worker
    smtp: SmtpConfig = field(default_factory=SmtpConfig)

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.base_delay < 0 or self.timeout <= 0 or self.lease <= 0:
            raise InputError(
                "max_attempts ≥ 1, base_delay ≥ 0, timeout > 0 and lease > 0 are required"
            )

    def backoff(self, attempts: int) -> float:
        """Seconds to wait after the ``attempts``-th failed attempt."""
        return float(min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1)))


@dataclass
class DeliveryResult:
    attempted: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["errors"] = self.errors[:20]
        return d


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def post_webhook(
    url: str, body: bytes, secret: str, alert_id: int, timeout: float, now: datetime
) -> int:
    """POST ``body`` signed; return the HTTP status (raises ``OSError`` on network errors)."""
    req = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "X-Rasd-Signature": sign(secret, body),
            "X-Rasd-Timestamp": str(int(now.timestamp())),
            "Idempotency-Key": str(alert_id),
        },
    )
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            resp.read(65536)
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def email_message(payload: dict[str, Any], to: str, sender: str) -> EmailMessage:
    inc = payload.get("incident") or {}
    wl = (payload.get("watchlist") or {}).get("name", "")
    subject = (
        f"[rasd] {wl}: {inc.get('type')} in {inc.get('country') or '?'} ({inc.get('date') or '?'})"
    )
    lines = [
        f"Watchlist: {wl}",
        f"Reason: {payload.get('reason')}",
        f"Incident: {inc.get('url') or inc.get('path')}",
        f"Type: {inc.get('type')} ({inc.get('status')})",
        f"Date: {inc.get('date')}",
        f"Place: {', '.join(str(x) for x in (inc.get('city'), inc.get('province'), inc.get('country')) if x)}",
        f"Groups: {', '.join(inc.get('groups') or []) or '-'}",
        f"Killed/wounded: {inc.get('killed')}/{inc.get('wounded')}",
        "",
        f"Evidence: {inc.get('evidence') or '-'}",
        "",
        "-- ",
        json.dumps(payload, ensure_ascii=False, sort_keys=True),
    ]
    msg = EmailMessage()
    msg["Subject"] = subject.replace("\n", " ").replace("\r", " ")
    msg["From"] = sender
    msg["To"] = to
    msg["Message-ID"] = f"<rasd-alert-{payload.get('alert_id')}@rasd>"
    msg["X-Rasd-Alert-Id"] = str(payload.get("alert_id"))
    msg.set_content("\n".join(lines))
    return msg


def send_email(payload: dict[str, Any], to: str, smtp: SmtpConfig) -> None:
    """Send one alert e-mail (raises ``OSError``/``smtplib.SMTPException`` on failure)."""
    msg = email_message(payload, to, smtp.sender)
    with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as client:
        if smtp.starttls:
            client.starttls()
        if smtp.username:
            client.login(smtp.username, smtp.password or "")
        client.send_message(msg)


def _secret_for(conn: Any, alert_id: int, target: str) -> str | None:
    a, w = m.alerts, m.watchlists
    raw = conn.execute(
        select(w.c.channels).join(a, a.c.watchlist_id == w.c.id).where(a.c.id == alert_id)
    ).scalar()
    for ch in loads(raw, []) or []:
        if ch.get("channel") == "webhook" and ch.get("target") == target:
            return str(ch.get("secret") or "") or None
    return None


def _claim(store: Store, config: DeliveryConfig, now: datetime) -> dict[str, Any] | None:
    """Reserve the next due outbox row for this worker (one committed transaction)."""
    o = m.outbox
    with store.transaction() as conn:
        q = (
            select(o)
            .where(
                o.c.delivered_at.is_(None),
                o.c.failed_at.is_(None),
                o.c.next_attempt <= stamp(now),
            )
            .order_by(o.c.next_attempt, o.c.id)
            .limit(1)
        )
        if conn.dialect.name == "postgresql":
            q = q.with_for_update(skip_locked=True)
        row = conn.execute(q).mappings().first()
        if row is None:
            return None
        attempts = int(row["attempts"]) + 1
        conn.execute(
            update(o)
            .where(o.c.id == row["id"])
            .values(
                attempts=attempts,
                next_attempt=stamp(now + timedelta(seconds=config.lease)),
            )
        )
        out = dict(row)
        out["attempts"] = attempts
        out["secret"] = (
            _secret_for(conn, int(row["alert_id"]), row["target"])
            if row["channel"] == "webhook"
            else None
        )
        return out


def _send(row: dict[str, Any], config: DeliveryConfig, now: datetime) -> str | None:
    """Deliver one row; ``None`` on success, else the error text."""
    body = str(row["payload"]).encode("utf-8")
    try:
        if row["channel"] == "webhook":
            if not row.get("secret"):
                return "no signing secret for this webhook"
            status = post_webhook(
                row["target"], body, row["secret"], int(row["alert_id"]), config.timeout, now
            )
            return None if 200 <= status < 300 else f"HTTP {status}"
        if row["channel"] == "email":
            send_email(loads(row["payload"], {}), row["target"], config.smtp)
            return None
        return f"unknown channel {row['channel']!r}"
    except (OSError, smtplib.SMTPException, ValueError) as err:
        return f"{type(err).__name__}: {err}"[:500]


def deliver_pending(
    store: Store,
    config: DeliveryConfig | None = None,
    *,
    limit: int = 1000,
    clock: Callable[[], datetime] | None = None,
) -> DeliveryResult:
    """Deliver every due outbox row (at most ``limit``), one at a time."""
    config = config or DeliveryConfig()
    clock = clock or (lambda: datetime.now(UTC))
    res = DeliveryResult()
    o = m.outbox
    for _ in range(max(0, limit)):
        row = _claim(store, config, clock())
        if row is None:
            break
        res.attempted += 1
        error = _send(row, config, clock())
        done = clock()
        values: dict[str, Any]
        if error is None:
            values = {"delivered_at": stamp(done), "last_error": None}
            res.delivered += 1
        elif row["attempts"] >= config.max_attempts:
            values = {"failed_at": stamp(done), "last_error": error}
            res.failed += 1
            res.errors.append(f"outbox {row['id']}: {error} (gave up)")
        else:
            retry_at = done + timedelta(seconds=config.backoff(row["attempts"]))
            values = {"next_attempt": stamp(retry_at), "last_error": error}
            res.retrying += 1
            res.errors.append(f"outbox {row['id']}: {error}")
        with store.transaction() as conn:
            conn.execute(update(o).where(o.c.id == row["id"]).values(**values))
    return res


@dataclass
class WorkerPass:
    evaluated: dict[str, Any]
    delivery: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_worker(
    store: Store,
    config: DeliveryConfig | None = None,
    *,
    once: bool = True,
    interval: float = 30.0,
    base_url: str = "",
    max_passes: int | None = None,
    on_pass: Callable[[WorkerPass], None] | None = None,
) -> list[WorkerPass]:
    """Evaluate the change feed, then deliver due alerts; repeat every ``interval``
    seconds unless ``once``. Returns the passes made (the last 100)."""
    passes: list[WorkerPass] = []
    n = 0
    while True:
        n += 1
        ev = evaluate_changes(store, base_url=base_url)
        dl = deliver_pending(store, config)
        p = WorkerPass(ev.to_dict(), dl.to_dict())
        passes = [*passes[-99:], p]
        if on_pass is not None:
            on_pass(p)
        if once or (max_passes is not None and n >= max_passes):
            return passes
        time.sleep(max(0.05, interval))


def outbox_rows(store: Store) -> list[dict[str, Any]]:
    """Every outbox row (oldest first), for status views and tests."""
    with store.reading() as conn:
        rows = conn.execute(select(m.outbox).order_by(m.outbox.c.id)).mappings().all()
    return [dict(r) for r in rows]
