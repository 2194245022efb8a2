"""Rule-level extraction tests: place-name clitics, metaphors and sports, NER places and
candidate groups, the candidates field of the report model."""

from __future__ import annotations

import pytest

from rasd.extract import extract
from rasd.extract.analysis import analyse
from rasd.extract.contexts import is_metaphor, is_sports, live_triggers, load_contexts
from rasd.extract.entities import find_candidate_groups, find_ner_place, may_name_candidates
from rasd.extract.fields import clean_name_match
from rasd.model import Actor, Evidence, IncidentReport
from rasd.text.normalize import key


@pytest.mark.parametrize(
    ("surface", "phrase", "ok"),
    [
        ("الموصل", "الموصل", True),
        ("بالموصل", "الموصل", True),
        ("وبالموصل", "الموصل", True),
        ("للموصل", "الموصل", True),
        ("بأبها", "ابها", True),
        ("وإسطنبول", "اسطنبول", True),
        ("بمنطقة عسير", "منطقه عسير", True),
        ("الأمان", "امان", False),  # "safety" is not عمان/Amman
        ("والأمان", "امان", False),
        ("بالليل", "ليل", False),  # "at night" is not Lille
        ("الشأن", "شان", False),
        ("سجلنا", "جلنا", False),  # the future particle never attaches to a name
        ("الدولة", "دوله", False),
    ],
)
def test_clean_name_match(surface: str, phrase: str, ok: bool) -> None:
    assert clean_name_match(surface, key(phrase)) is ok


def _sentence(text: str):  # type: ignore[no-untyped-def]
    art = analyse(text)
    return art.sentences[0]


@pytest.mark.parametrize(
    ("text", "metaphor"),
    [
        ("تشهد البلاد انفجار الأسعار هذا العام.", True),
        ("حذر الخبراء من انفجار سكاني في المدن.", True),
        ("شن النائب هجوما لاذعا على الوزير.", True),
        ("تسبب انفجار الغضب الشعبي في احتجاجات.", True),
        ("وقع انفجار عنيف في السوق المركزي.", False),
        ("أسفر الهجوم المسلح عن مقتل شخصين.", False),
    ],
)
def test_metaphor_detection(text: str, metaphor: bool) -> None:
    s = _sentence(text)
    ctx = load_contexts()
    assert s.triggers
    assert any(is_metaphor(s, t, ctx) for t in s.triggers) is metaphor


@pytest.mark.parametrize(
    ("text", "sports"),
    [
        ("قاد المهاجم هجوم فريقه في المباراة النهائية.", True),
        ("تصدر النادي ترتيب الدوري بعد الفوز.", True),
        ("سدد اللاعب ركلة جزاء في الشوط الثاني.", True),
        ("هاجم مسلحون نقطة تفتيش شمال المدينة.", False),
        ("انفجرت عبوة ناسفة قرب دورية للشرطة.", False),
    ],
)
def test_sports_vocabulary(text: str, sports: bool) -> None:
    assert is_sports(_sentence(text), load_contexts()) is sports


def test_sports_sentence_drops_generic_triggers_only() -> None:
    s = _sentence("قتل لاعب في انفجار عبوة ناسفة قرب الملعب.")
    kept = [t.span.text for t in live_triggers(s)]
    assert "انفجار عبوة ناسفة" in kept


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("الشرق الأوسط", True),
        ("أفريقيا", True),
        ("وأوروبا", True),
        ("سروج", False),
        ("دمشق", False),
    ],
)
def test_regions_are_not_places(name: str, region: bool) -> None:
    assert load_contexts().is_region(name) is region


def _entity_span(sentence, word: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    words = word.split()
    toks = sentence.doc.tokens
    for i in range(sentence.first_token, sentence.last_token):
        if [t.text for t in toks[i : i + len(words)]] == words:
            return i, i + len(words)
    raise AssertionError(word)


def test_ner_place_is_kept_as_text_with_context_country() -> None:
    s = _sentence("انفجرت عبوة ناسفة في قرية كفرنبوده الصغيرة فقتلت شخصين.")
    a, b = _entity_span(s, "كفرنبوده")
    trig = s.triggers[0].first
    loc = find_ner_place(s, [(a, b, "LOC")], trig, "SY")
    assert loc is not None
    assert loc.name_ar == "كفرنبوده" and loc.country == "SY"
    assert loc.gazetteer_id is None and loc.lat is None and loc.precision is None
    assert loc.evidence is not None and loc.evidence.text == "كفرنبوده"


def test_ner_place_skips_regions_and_far_entities() -> None:
    s = _sentence("انفجرت عبوة ناسفة في الشرق الأوسط.")
    a, b = _entity_span(s, "الشرق الأوسط")
    assert find_ner_place(s, [(a, b, "LOC")], s.triggers[0].first, None) is None


@pytest.mark.parametrize(
    ("text", "org", "role"),
    [
        ("تبنت جماعة كتائب الفرقان هجوما على مركز للشرطة.", "جماعة كتائب الفرقان", "claimed"),
        ("اتهمت السلطات حركة النضال الثوري بتنفيذ التفجير.", "حركة النضال الثوري", "suspected"),
        ("هاجم مسلحو كتائب الفرقان مركزا للشرطة.", "كتائب الفرقان", "suspected"),
    ],
)
def test_candidate_groups_from_org_entities(text: str, org: str, role: str) -> None:
    s = _sentence(text)
    a, b = _entity_span(s, org)
    found = find_candidate_groups(s, [(a, b, "ORG")], s.triggers[0].first)
    assert [c.name for c in found] == [org]
    assert found[0].role == role and found[0].kb_id is None


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("أعلنت وزارة الداخلية تفجير عبوة ناسفة في السوق.", "وزارة الداخلية"),
        ("نشرت وكالة الأنباء خبر التفجير في السوق.", "وكالة الأنباء"),
        ("تبنى حساب على تويتر الهجوم على مركز الشرطة.", "تويتر"),
    ],
)
def test_agencies_and_media_are_never_candidates(text: str, org: str) -> None:
    s = _sentence(text)
    a, b = _entity_span(s, org)
    assert find_candidate_groups(s, [(a, b, "ORG")], s.triggers[0].first) == []


@pytest.mark.parametrize(
    ("text", "may"),
    [
        ("تبنت جماعة كتائب الفرقان هجوما على مركز للشرطة.", True),
        ("هاجم مسلحو كتائب الفرقان مركزا للشرطة.", True),
        ("قتل ثلاثة جنود في هجوم شنه مسلحون على حاجز في بلدة العريش.", False),
        ("أعلنت وزارة الداخلية تفجير عبوة ناسفة في السوق.", False),
    ],
)
def test_sentences_that_cannot_name_candidates_are_not_tagged(text: str, may: bool) -> None:
    # extraction tags a sentence whose mentions all have a town only when a
    # candidate group could come out of it: then no ORG span there can give one
    s = _sentence(text)
    assert may_name_candidates(s) is may
    if not may:
        trig = s.triggers[0].first
        for a in range(s.first_token, s.last_token):
            for b in range(a + 1, min(a + 5, s.last_token) + 1):
                assert find_candidate_groups(s, [(a, b, "ORG")], trig) == []


def test_candidates_round_trip_and_stay_out_of_gold() -> None:
    ev = Evidence("كتائب الفرقان", 5, 18, "…", 0, 40)
    r = IncidentReport(
        type="bombing",
        status="executed",
        candidates=[Actor("كتائب الفرقان", "claimed", "كتائب الفرقان", evidence=ev)],
    )
    back = IncidentReport.from_dict(r.to_dict())
    assert back == r
    assert back.to_gold()["groups"] == []
    old = r.to_dict()
    del old["candidates"]  # data stored before the field existed
    assert IncidentReport.from_dict(old).candidates == []


def test_unknown_town_found_by_ner_is_not_geocoded() -> None:
    # (سوروتش, the first example here, is now a gazetteer spelling of Suruç)
    text = "قتل 30 شخصا في تفجير انتحاري في بلدة يوكسيكوفا التركية."
    r = extract(text, published="2015-07-21")[0]
    assert r.type == "suicide_bombing"
    assert r.location is not None
    assert r.location.country == "TR"
    assert r.location.name_ar == "يوكسيكوفا"
    assert r.location.gazetteer_id is None and r.location.lat is None
    ev = r.location.evidence
    assert ev is not None and text[ev.start : ev.end] == "يوكسيكوفا"


def test_known_group_is_not_a_candidate() -> None:
    reports = extract(
        "تبنى تنظيم داعش تفجير سيارة مفخخة في مدينة بعقوبة أسفر عن مقتل 20 شخصا.",
        published="2015-08-10",
    )
    assert [a.name for a in reports[0].perpetrators] == ["Islamic State"]
    assert reports[0].candidates == []


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("قتل شخصان في انفجار قرب مطار كابول اليوم.", "AF"),  # كابول spelling of Kabul
        ("قتل شخصان في انفجار عبوة ناسفة بالقرب من بلدة الأمان في العراق.", "IQ"),
    ],
)
def test_place_spellings_and_article_country(text: str, country: str) -> None:
    r = extract(text, published="2015-08-10")[0]
    assert r.location is not None and r.location.country == country


def test_claim_in_title_joins_the_attack() -> None:
    reports = extract(
        "قتل 14 جنديا في كمين نصبه مسلحون لدورية عسكرية في ولاية عين الدفلى الجزائرية.",
        title="تنظيم القاعدة في بلاد المغرب يتبنى الهجوم على الجنود",
        published="2015-07-19",
    )
    assert [r.type for r in reports] == ["armed_assault"]
    assert reports[0].killed is not None and reports[0].killed.value == 14
    assert {a.role for a in reports[0].perpetrators} == {"claimed"}
