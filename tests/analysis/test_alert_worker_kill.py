"""Kill the alert worker mid-delivery, restart it: every alert reaches the receiver
exactly once after dedupe by idempotency key.

Guarantee under test: a row is sent again only when the worker died between the
POST and the commit that marks it delivered (here: exactly the request in flight
at the kill); the ``Idempotency-Key`` (alert id) lets the receiver drop that copy.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from rasd.analysis.alerts import list_alerts
from rasd.analysis.delivery import outbox_rows
from rasd.analysis.watchlists import Rule, add_watchlist, make_channels
from rasd.store import Store

WORKER = (
    "import sys\n"
    "from rasd.analysis.delivery import DeliveryConfig, run_worker\n"
    "from rasd.store import Store\n"
    "with Store.open(sys.argv[1]) as s:\n"
    "    run_worker(s, DeliveryConfig(base_delay=0.0, lease=1.0, timeout=30.0), once=True)\n"
)


def _start(url: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def test_sigkill_mid_delivery_then_restart(sqlite_filled: Store, receiver: Any) -> None:
    add_watchlist(
        sqlite_filled,
        "everything",
        Rule.build(min_confidence=0.0),
        make_channels([receiver.url], "s3cret"),
    )
    url = sqlite_filled.url
    receiver.delay = 0.4  # each response is slow: the worker waits inside the POST
    proc = _start(url)
    try:
        deadline = time.monotonic() + 60
        while len(receiver.requests) < 3 and time.monotonic() < deadline:
            if proc.poll() is not None:
                raise AssertionError(proc.stderr.read().decode() if proc.stderr else "")
            time.sleep(0.01)
        assert len(receiver.requests) == 3, "the worker never reached the third delivery"
        os.kill(proc.pid, signal.SIGKILL)  # the third POST is in flight, not yet committed
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    alerts = list_alerts(sqlite_filled)
    assert len(alerts) == 6  # evaluation had committed before delivery began
    rows = outbox_rows(sqlite_filled)
    assert sum(r["delivered_at"] is not None for r in rows) == 2

    time.sleep(1.1)  # let the dead worker's lease on the in-flight row run out
    receiver.delay = 0.0
    again = _start(url)
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err.decode()

    keys = receiver.keys()
    assert all(r["signature_ok"] for r in receiver.requests)
    assert sorted(set(keys), key=int) == sorted((str(a.id) for a in alerts), key=int)
    assert len(keys) == len(alerts) + 1  # only the in-flight row was sent twice
    dupes = {k for k in keys if keys.count(k) > 1}
    assert dupes == {keys[2]}
    rows = outbox_rows(sqlite_filled)
    assert all(r["delivered_at"] is not None for r in rows)
    by_alert = {r["alert_id"]: r["attempts"] for r in rows}
    assert by_alert[int(keys[2])] == 2 and sum(by_alert.values()) == len(rows) + 1
