"""The ingest gates: language identification and near-duplicate detection."""

from __future__ import annotations

import pytest

from rasd.ingest.gates import NearDuplicates, detect_language, script_language, shingles
from rasd.ingest.item import SourceItem
from rasd.ingest.pipeline import canonical_url, ingest
from rasd.store.repo import Store

STORY = (
    "أعلنت وزارة الداخلية في بيان صدر صباح اليوم أن قوات الأمن أحبطت مخططا لاستهداف "
    "منشأة حكومية في مدينة الدمام، وأن عناصر الأمن ألقت القبض على ثلاثة مشتبه بهم كانوا "
    "يعدون عبوات ناسفة داخل مستودع مهجور على أطراف المدينة، وأضاف البيان أن التحقيقات "
    "ما زالت جارية لمعرفة الجهات التي تقف وراء المخطط ومصادر تمويله."
)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (STORY, "ar"),
        (
            "Security forces foiled a plot to attack a government building in the city, "
            "the interior ministry said in a statement on Thursday morning.",
            "en",
        ),
        ("١٢٣ ٤٥٦", None),
    ],
)
def test_detect_language(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang


def test_script_language_needs_letters() -> None:
    assert script_language("abc") is None
    assert script_language("هذا نص عربي قصير لكنه يكفي للحكم على لغته") == "ar"


def test_syndicated_copy_is_a_near_duplicate() -> None:
    index = NearDuplicates()
    index.add("a1", STORY)
    copy = "الدمام - وكالة الأنباء: " + STORY + " (خدمة الوكالة)"
    assert index.find(copy) == "a1"
    dup, minhash = index.check(copy)
    assert dup == "a1" and minhash is not None
    other = STORY.replace("الدمام", "جدة").replace("ثلاثة", "خمسة").split("،")[0]
    assert index.find(other + " " + "خبر مختلف تماما عن الأول") is None


def test_short_texts_are_never_called_copies() -> None:
    index = NearDuplicates()
    index.add("a1", "هجوم في بغداد")
    assert index.find("هجوم في بغداد") is None
    assert len(shingles("هجوم في بغداد")) == 1


def test_canonical_url_drops_tracking_and_fragment() -> None:
    assert (
        canonical_url("HTTPS://Example.COM:443/news/1/?utm_source=x&id=7#top")
        == "https://example.com/news/1?id=7"
    )


def test_pipeline_marks_and_counts_near_duplicates(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Store.open(str(tmp_path / "g.sqlite")) as store:
        res = ingest(
            store,
            [
                SourceItem(text=STORY, published="2024-05-02", ref="one"),
                SourceItem(text="الدمام - وكالة: " + STORY, published="2024-05-02", ref="two"),
                SourceItem(
                    text="This is an English sentence about nothing at all, really.", ref="en"
                ),
                SourceItem(
                    text="Ceci est une phrase en français qui ne parle de rien du tout.", ref="fr"
                ),
            ],
        )
        assert res.stored == 3 and res.near_duplicates == 1
        assert res.skipped_language == 1 and res.languages["fr"] == 1
        again = ingest(store, [SourceItem(text=STORY, published="2024-05-02")])
        assert again.stored == 0 and again.duplicates == 1
