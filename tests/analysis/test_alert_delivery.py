"""Delivery: signed webhooks, retries with backoff, giving up, e-mail via SMTP."""

from __future__ import annotations

import json
from email import message_from_bytes
from email.policy import default as default_policy
from typing import Any

import pytest

from rasd.analysis.alerts import evaluate_changes
from rasd.analysis.delivery import (
    DeliveryConfig,
    SmtpConfig,
    deliver_pending,
    outbox_rows,
    run_worker,
    sign,
    verify_signature,
)
from rasd.analysis.watchlists import Rule, add_watchlist, make_channels
from rasd.store import Store

FAST = dict(base_delay=0.0, timeout=5.0)


def test_signature_round_trip() -> None:
    body = '{"a":"تفجير"}'.encode()
    header = sign("k", body)
    assert header.startswith("sha256=") and len(header) == 7 + 64
    assert verify_signature("k", body, header)
    assert not verify_signature("k", body + b" ", header)
    assert not verify_signature("other", body, header)
    assert not verify_signature("k", body, None)


def test_backoff_doubles_and_caps() -> None:
    cfg = DeliveryConfig(base_delay=30, max_delay=100)
    assert [cfg.backoff(n) for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_webhook_delivery_is_signed_and_marked(filled: Store, receiver: Any) -> None:
    add_watchlist(
        filled, "IS", Rule.build(groups=["Islamic State"]), make_channels([receiver.url], "s3cret")
    )
    evaluate_changes(filled, base_url="https://rasd.example.org")
    res = deliver_pending(filled, DeliveryConfig(**FAST))
    assert res.delivered == 4 and res.attempted == 4
    assert all(r["signature_ok"] for r in receiver.requests)
    bodies = [json.loads(r["body"]) for r in receiver.requests]
    assert sorted(str(b["alert_id"]) for b in bodies) == sorted(receiver.keys())
    assert all(
        b["incident"]["url"].startswith("https://rasd.example.org/incidents/") for b in bodies
    )
    rows = outbox_rows(filled)
    assert all(r["delivered_at"] and r["attempts"] == 1 for r in rows)
    # a second run has nothing to do
    assert deliver_pending(filled, DeliveryConfig(**FAST)).attempted == 0


def test_retry_then_success(sqlite_filled: Store, receiver: Any) -> None:
    add_watchlist(
        sqlite_filled,
        "Kabul",
        Rule.build(countries=["AF"]),
        make_channels([receiver.url], "s3cret"),
    )
    evaluate_changes(sqlite_filled)
    receiver.statuses = [500, 503]
    res = deliver_pending(sqlite_filled, DeliveryConfig(**FAST))
    assert (res.attempted, res.delivered, res.retrying) == (3, 1, 2)
    [row] = outbox_rows(sqlite_filled)
    assert row["attempts"] == 3 and row["delivered_at"] and row["last_error"] is None


def test_backoff_delays_the_next_attempt(sqlite_filled: Store, receiver: Any) -> None:
    add_watchlist(
        sqlite_filled,
        "Kabul",
        Rule.build(countries=["AF"]),
        make_channels([receiver.url], "s3cret"),
    )
    evaluate_changes(sqlite_filled)
    receiver.statuses = [500]
    res = deliver_pending(sqlite_filled, DeliveryConfig(base_delay=3600))
    assert (res.attempted, res.retrying) == (1, 1)
    [row] = outbox_rows(sqlite_filled)
    assert row["last_error"] == "HTTP 500" and row["next_attempt"] > row["created_at"]
    assert deliver_pending(sqlite_filled, DeliveryConfig(base_delay=3600)).attempted == 0


def test_gives_up_after_max_attempts(sqlite_filled: Store, receiver: Any) -> None:
    add_watchlist(
        sqlite_filled,
        "Kabul",
        Rule.build(countries=["AF"]),
        make_channels([receiver.url], "s3cret"),
    )
    evaluate_changes(sqlite_filled)
    receiver.statuses = [500] * 10
    res = deliver_pending(sqlite_filled, DeliveryConfig(max_attempts=3, **FAST))
    assert (res.attempted, res.delivered, res.failed) == (3, 0, 1)
    [row] = outbox_rows(sqlite_filled)
    assert row["failed_at"] and row["attempts"] == 3 and row["last_error"] == "HTTP 500"
    assert len(receiver.requests) == 3


def test_unreachable_webhook_is_recorded(sqlite_filled: Store) -> None:
    add_watchlist(
        sqlite_filled,
        "Kabul",
        Rule.build(countries=["AF"]),
        make_channels(["http://127.0.0.1:9/nothing-listens"], "k"),
    )
    evaluate_changes(sqlite_filled)
    res = deliver_pending(sqlite_filled, DeliveryConfig(max_attempts=1, **FAST))
    assert res.failed == 1
    [row] = outbox_rows(sqlite_filled)
    assert row["failed_at"] and "Error" in row["last_error"]


def test_email_via_local_smtp(sqlite_filled: Store, smtp_sink: Any) -> None:
    add_watchlist(
        sqlite_filled,
        "Abha",
        Rule.build(near=(18.2, 42.5, 30)),
        make_channels(emails=["duty@example.org"]),
    )
    cfg = DeliveryConfig(smtp=SmtpConfig(port=smtp_sink.port, sender="rasd@example.org"), **FAST)
    [p] = run_worker(sqlite_filled, cfg, once=True)
    assert p.delivery["delivered"] == 1
    [mail] = smtp_sink.messages
    assert mail["to"] == ["<duty@example.org>"]
    msg = message_from_bytes(mail["data"], policy=default_policy)
    assert msg["Subject"] == "[rasd] Abha: suicide_bombing in SA (2015-08-06)"
    assert msg["Message-ID"].startswith("<rasd-alert-")
    assert "مسجد مقر قوات الطوارئ" in msg.get_content()


@pytest.mark.parametrize("bad", [0, -1])
def test_bad_config_is_a_coded_error(bad: int) -> None:
    from rasd.errors import InputError

    with pytest.raises(InputError):
        DeliveryConfig(max_attempts=bad)
