"""Stable ids: deterministic, normalisation-insensitive, never Python's hash()."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rasd.link.ids import article_id, content_key, incident_id, report_id, split_incident_id


def test_article_id_ignores_diacritics_digits_and_spacing() -> None:
    assert article_id("قُتل ١٥ شخصاً") == article_id("قتل  15 شخصا")
    assert article_id("قتل 15 شخصا") != article_id("قتل 16 شخصا")
    assert len(article_id("x")) == 64
    assert content_key("  أ  ب ") == "ا ب"


def test_report_and_incident_ids() -> None:
    aid = article_id("نص")
    assert report_id(aid, 3) == f"{aid[:16]}.3"
    assert incident_id("r.0").startswith("inc-") and len(incident_id("r.0")) == 20
    assert incident_id("r.0") != incident_id("r.1")
    assert split_incident_id("inc-1", ["b", "a"]) == split_incident_id("inc-1", ["a", "b"])
    with pytest.raises(ValueError):
        report_id(aid, -1)


def test_ids_are_the_same_in_another_process() -> None:
    code = "from rasd.link.ids import article_id, incident_id; print(article_id('تفجير'), incident_id('a.0'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [article_id("تفجير"), incident_id("a.0")]
