"""SIGKILL in the middle of a 10,000-article ingest, then a second run: nothing lost, nothing twice.

The killed-and-resumed database must equal a database filled by one uninterrupted
run (started at the same time, in a second process, to use the second core).
"""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest
from ingest_check import count, ingest_cmd, integrity, snapshot, start
from ingest_corpus import article, write_jsonl

from rasd.link.ids import article_id

N = 10_000
INCIDENT_EVERY = 8
KILL_AFTER = 2_500  # articles stored before the kill (several merge batches done)
DEADLINE = 600.0


@pytest.mark.slow
def test_sigkill_then_rerun_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", range(N), incident_every=INCIDENT_EVERY)
    crash, ref = tmp_path / "crash.sqlite", tmp_path / "ref.sqlite"
    reference = start(str(corpus), "--db", str(ref), log=tmp_path / "ref.log")
    victim = start(str(corpus), "--db", str(crash), log=tmp_path / "crash1.log")
    t0 = time.monotonic()
    try:
        stored = 0
        while victim.poll() is None and time.monotonic() - t0 < DEADLINE:
            stored = count(crash, "SELECT COUNT(*) FROM articles")
            if stored >= KILL_AFTER:
                break
            time.sleep(0.1)
        assert victim.poll() is None, (tmp_path / "crash1.log").read_text()
        victim.send_signal(signal.SIGKILL)
        assert victim.wait(30) == -signal.SIGKILL
    finally:
        if victim.poll() is None:
            victim.kill()
    killed = snapshot(crash)
    assert KILL_AFTER <= len(killed.article_ids) < N  # really interrupted mid-way
    assert killed.incidents > 0

    resumed = subprocess.run(
        ingest_cmd(str(corpus), "--db", str(crash), "--json"),
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=False,
    )
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert reference.wait(DEADLINE) == 0, (tmp_path / "ref.log").read_text()

    got, want = snapshot(crash), snapshot(ref)
    expected = {article_id(article(i, incident_every=INCIDENT_EVERY)["text"]) for i in range(N)}
    assert got.article_ids == want.article_ids == expected  # every article stored exactly once
    assert got.unprocessed == want.unprocessed == 0  # every article processed
    assert got.unlinked == got.bad_links == 0  # every report in exactly one incident
    assert got.report_ids == want.report_ids and len(got.report_ids) >= N // INCIDENT_EVERY
    assert got.incidents == want.incidents
    assert integrity(crash) == "ok"
