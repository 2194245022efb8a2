"""SIGKILL in the middle of a batch, then a re-run: nothing lost, nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from test_concurrency import check_complete

from rasd.store import Store

SCRIPT = Path(__file__).with_name("writer_script.py")
N = 100


def test_sigkill_then_rerun(db_url: str) -> None:
    proc = subprocess.Popen([sys.executable, str(SCRIPT), db_url, "0", str(N)])
    deadline = time.monotonic() + 120
    done = 0
    with Store.open(db_url, migrate=False) as store:
        while time.monotonic() < deadline and proc.poll() is None:
            done = store.counts()["articles"]
            if done >= 15:
                break
            time.sleep(0.05)
    assert proc.poll() is None, "the writer finished before it could be killed; raise N"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with Store.open(db_url) as store:
        partial = store.counts()
    assert 15 <= partial["articles"] < N
    assert partial["reports"] == 2 * partial["articles"]  # article + reports: one transaction
    assert partial["unlinked_reports"] == 0  # merging in the same transaction
    rerun = subprocess.run([sys.executable, str(SCRIPT), db_url, "0", str(N)], timeout=300)
    assert rerun.returncode == 0
    check_complete(db_url, N)
