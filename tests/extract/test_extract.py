"""End-to-end extraction on the team's own Arabic sentences."""

from __future__ import annotations

import pytest

from rasd.extract import extract


@pytest.mark.parametrize(
    ("text", "type_", "country", "killed"),
    [
        (
            "أبها - رصد:\nقتل 15 شخصاً أمس عندما فجّر انتحاري حزاماً ناسفاً داخل مسجد في مدينة أبها.",
            "suicide_bombing",
            "SA",
            15,
        ),
        (
            "بغداد - رصد:\nأسفر انفجار سيارة مفخخة في سوق ببغداد عن مقتل ١٢ شخصاً وإصابة ٣٠ آخرين.",
            "bombing",
            "IQ",
            12,
        ),
        (
            "كابل - رصد:\nقتل ما لا يقل عن عشرة أشخاص في هجوم انتحاري استهدف مطار كابل.",
            "suicide_bombing",
            "AF",
            10,
        ),
        (
            "أعلنت وزارة الداخلية الكويتية القبض على خمسة أشخاص ينتمون إلى خلية لتنظيم داعش في الكويت.",
            "arrest_raid",
            "KW",
            None,
        ),
    ],
)
def test_main_incident(text: str, type_: str, country: str, killed: int | None) -> None:
    reports = extract(text, published="2015-08-07")
    main = [r for r in reports if r.is_main]
    assert main, reports
    r = main[0]
    assert r.type == type_
    assert r.location is not None and r.location.country == country
    if killed is None:
        assert r.killed is None
    else:
        assert r.killed is not None and r.killed.value == killed
        ev = r.killed.evidence
        assert ev is not None and text[ev.start : ev.end] == ev.text


@pytest.mark.parametrize(
    "text",
    [
        "ناقش خبراء في ندوة سبل مكافحة الفكر المتطرف في المدارس.",
        "شعر الموظفون بالإحباط في أول يوم عمل من الأسبوع.",
        "حقق الفريق فوزاً كبيراً بفضل قوته الهجومية.",
        "",
    ],
)
def test_no_incident(text: str) -> None:
    assert [r for r in extract(text, published="2015-08-07") if r.recency == "new"] == []


def test_claim_sets_group_role() -> None:
    text = "أبها - رصد:\nقتل 15 شخصاً في تفجير انتحاري داخل مسجد في أبها. وتبنى تنظيم داعش الهجوم."
    main = next(r for r in extract(text, published="2015-08-07") if r.is_main)
    assert [a.name for a in main.perpetrators] == ["Islamic State"]


def test_relative_date_needs_publication_date() -> None:
    text = "قتل 3 أشخاص أمس في انفجار عبوة ناسفة في بغداد."
    with_pub = next(r for r in extract(text, published="2015-08-07") if r.is_main)
    assert with_pub.date is not None and with_pub.date.value == "2015-08-06"
    without = next(r for r in extract(text) if r.is_main)
    assert without.date is None


def test_output_is_deterministic() -> None:
    text = "بغداد - رصد:\nأسفر انفجار سيارة مفخخة في سوق ببغداد عن مقتل ١٢ شخصاً."
    a = [r.to_dict() for r in extract(text, published="2015-08-07")]
    b = [r.to_dict() for r in extract(text, published="2015-08-07")]
    assert a == b
