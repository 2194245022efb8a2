"""Constants and helpers of the dashboard tests (imported by ``tests/ui/conftest.py`` and
the test modules under a name no other directory's conftest shadows)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("RASD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "ui"
HOSTILE_SOURCE = "مصدر <b>عدائي</b>"
HOSTILE_TITLE = (
    'تفجير في بغداد <script>window.__pwned=1</script> <img src=x onerror="window.__pwned=2">'
)
HOSTILE_TEXT = (
    "بغداد - خاص: قُتل خمسة أشخاص وأصيب عشرة آخرون اليوم الاثنين في تفجير سيارة مفخخة "
    "استهدف سوقاً شعبياً وسط بغداد. "
    '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=3"> '
    '"><svg onload="window.__pwned=4"> <a href="javascript:window.__pwned=5" '
    'style="color:red" onclick="window.__pwned=6">رابط</a> </script><b>نص</b>'
)


class PageProbe:
    """A page with every console error and page error collected."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            self.errors.append(f"console: {msg.text} at {msg.location.get('url', '')}")

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
