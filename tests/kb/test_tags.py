"""Weapons and targets lexicons: packaged data, matching on Arabic sentences, validation."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rasd.doc import Doc
from rasd.errors import KnowledgeBaseError
from rasd.kb.tags import (
    IGNORE,
    TagLexicon,
    drop_ignored,
    load_targets,
    load_weapons,
    overlap_key,
)
from rasd.taxonomy import GTD_TARGET_TYPES, GTD_WEAPON_TYPES


@pytest.fixture(scope="module")
def weapons() -> TagLexicon:
    return load_weapons()


@pytest.fixture(scope="module")
def targets() -> TagLexicon:
    return load_targets()


def ids(lex: TagLexicon, text: str) -> list[str]:
    return [entry.id for entry, _ in lex.find(Doc.from_text(text))]


# (sentence, weapon ids expected, target ids expected). Sentences written for these tests.
CASES: list[tuple[str, set[str], set[str]]] = [
    ("فجّر انتحاري حزاماً ناسفاً داخل المسجد", {"suicide-belt"}, {"mosque"}),
    ("أطلق مسلحون النار على دورية للشرطة", {"firearms"}, {"police-patrol"}),
    ("استهدف هجوم بسيارة مفخخة تجمعاً للمصلين", {"car-bomb"}, {"worshippers"}),
    ("انفجرت عبوة ناسفة بدورية أمنية على طريق المطار", {"ied"}, {"security-patrol", "airport"}),
    ("سقطت قذائف هاون على حي سكني", {"mortar"}, {"house"}),
    ("أطلقت صواريخ كاتيوشا باتجاه القاعدة العسكرية", {"rocket"}, {"army-base"}),
    ("ألقى مجهول قنبلة يدوية على محل تجاري", {"grenade"}, {"shops"}),
    ("انفجر لغم أرضي بعربة عسكرية", {"landmine"}, {"military-vehicle"}),
    ("استهدفت طائرة مسيرة مفخخة مطار المدينة", {"drone"}, {"airport"}),
    ("طعن مهاجم سائحين بسكين في منتجع سياحي", {"knife"}, {"tourists", "hotel"}),
    ("نفذ شاب عملية دهس في شارع مزدحم", {"vehicle"}, set()),
    ("أضرم مجهولون النار في كنيسة بالقرية", {"arson"}, {"church"}),
    ("رشق محتجون الشرطة بزجاجات المولوتوف", {"molotov"}, set()),
    ("قتل مسلح حارس الأمن بمسدس كاتم للصوت", {"silenced-pistol"}, {"private-security"}),
    ("اغتيل قاض برصاص قناص أمام منزله", {"sniper-rifle"}, {"judges", "house"}),
    ("هاجم مسلحون بأسلحة رشاشة حافلة تقل عمالا", {"machine-gun"}, {"bus", "laborers"}),
    ("عثرت الشرطة على حزام ناسف وهمي في حقيبة", {"fake-explosives"}, set()),
    ("هدد رجل موظفي البنك بمسدس لعبة", {"fake-weapon"}, {"bank"}),
    ("استخدم غاز الكلور في هجوم على السكان", {"chlorine"}, {"residents"}),
    ("أصيب العشرات إثر هجوم بغاز السارين", {"sarin"}, set()),
    ("وصلت رسائل فيها الجمرة الخبيثة إلى مكتب صحيفة", {"anthrax"}, {"media-outlet"}),
    ("ضبطت السلطات مواد مشعة معدة لصنع قنبلة قذرة", {"radiological", "dirty-bomb"}, set()),
    ("هدد التنظيم باستخدام سلاح نووي", {"nuclear"}, set()),
    ("قطع مخربون كابلات الألياف الضوئية بأدوات تخريب", {"sabotage"}, {"internet-infrastructure"}),
    (
        "أطلقت قوات الأمن الغاز المسيل للدموع على المتظاهرين",
        {"tear-gas"},
        {"security-forces", "protesters"},
    ),
    ("قتل الرجل بسلاح غير معروف", {"unknown"}, set()),
    ("رش المهاجم ماء النار على وجه امرأة", {"acid"}, {"women"}),
    ("حاولوا تسميم خزان مياه القرية", {"poison"}, {"water-supply"}),
    ("دس مجهولون مادة الريسين في رسالة إلى السفارة", {"ricin"}, {"embassy"}),
    ("أعدم التنظيم الرهينة ذبحا بالسكين", {"knife"}, set()),
    ("ضرب الحارس بالعصي حتى الموت", {"blunt-object"}, set()),
    ("قتل رجل دين خنقا داخل الحسينية", {"strangling"}, {"clergy", "husseiniya"}),
    ("هاجم رجل بساطور المارة في محطة القطار", {"machete"}, {"train"}),
    ("فجرت الجماعة خط أنابيب الغاز بعبوات ناسفة", {"ied"}, {"gas-pipeline"}),
    ("استهدف قصف صاروخي منشأة نفطية", {"rocket"}, {"oil-facility"}),
    ("سقطت قذيفة على محطة كهرباء", {"shell"}, {"power-station"}),
    ("اختطف مسلحون عمال إغاثة أجانب", set(), {"aid-workers"}),
    ("هاجم مسلحون مقر بعثة الأمم المتحدة", set(), {"un"}),
    ("قُتل جنود من قوات حفظ السلام في كمين", set(), {"soldiers", "peacekeepers"}),
    ("اقتحم مسلحون مدرسة للبنات واختطفوا طالبات", set(), {"school", "students"}),
    ("قُتل صحفيان أثناء تغطيتهما الاشتباكات", set(), {"journalists"}),
    ("استهدف انتحاري فندقا يرتاده سياح أجانب", {"suicide-bomber"}, {"hotel", "tourists"}),
    ("انفجرت قنبلة في حافلة سياحية تقل سياحا", {"bomb"}, {"tour-bus", "tourists"}),
    ("أطلق قراصنة النار على ناقلة نفط قرب الميناء", {"firearms"}, {"oil-tanker", "port"}),
    ("زرعت عبوة لاصقة أسفل سيارة مسؤول محلي", {"sticky-bomb"}, {"government-officials"}),
    (
        "أصيب ثلاثة من عناصر الشرطة بانفجار قرب مركز للشرطة",
        {"explosives"},
        {"police", "police-station"},
    ),
    ("هاجم مسلحون حاجزا عسكريا في الصحراء", set(), {"checkpoint"}),
    ("استهدف قصف مدفعي مخيما للنازحين", {"artillery"}, {"refugee-camp"}),
    ("أحرق متطرفون ضريحا صوفيا", {"arson"}, {"shrine"}),
    ("أحرق متطرف عيادة إجهاض في المدينة", {"arson"}, {"abortion-clinic"}),
    ("اعتدى مسلحون على مكتب حزب معارض", set(), {"politicians"}),
    ("اختُطفت طائرة ركاب بعد إقلاعها من المطار", set(), {"aircraft", "airport"}),
    ("استهدفت عبوة ناسفة موكب وزير الداخلية", {"ied"}, {"head-of-state"}),
    ("قُتل عمال في منجم إثر تفجير", {"explosives"}, {"laborers", "mine"}),
    ("اقتحم مسلحون مستشفى ميدانيا", set(), {"hospital"}),
    ("اقتحم مسلحون حفل زفاف في القرية", set(), {"wedding"}),
    ("استهدف انتحاري جنازة أحد شيوخ العشائر", {"suicide-bomber"}, {"funeral", "tribal-leaders"}),
    ("قُتل زوار في هجوم على مرقد ديني", set(), {"pilgrims", "shrine"}),
    ("فتح مسلح النار على مصلين في كنيس يهودي", {"firearms"}, {"worshippers", "synagogue"}),
    ("ألقيت زجاجة حارقة على محطة وقود", {"molotov"}, {"gas-station"}),
    ("انفجر طرد مفخخ داخل مكتب الشركة", {"letter-bomb"}, set()),
    ("ضبطت الشرطة عبوة موقوتة في محطة مترو", {"time-bomb"}, {"subway"}),
    ("فجر مسلحون برج اتصالات في الجبل", set(), {"telecom-tower"}),
    ("سقطت قذيفة على هدف غير محدد", {"shell"}, {"unknown"}),
    ("استهدفت غارة مقر المكتب السياسي للحركة", set(), {"violent-party"}),
    ("اشتبك مسلحون مع عناصر الميليشيات قرب المدينة", set(), {"militia"}),
    ("A car bomb exploded near a police station", {"car-bomb"}, {"police-station"}),
]


@pytest.mark.parametrize(("text", "want_weapons", "want_targets"), CASES)
def test_sentences(
    weapons: TagLexicon,
    targets: TagLexicon,
    text: str,
    want_weapons: set[str],
    want_targets: set[str],
) -> None:
    assert want_weapons <= set(ids(weapons, text))
    assert want_targets <= set(ids(targets, text))


def test_cases_cover_every_gtd_code(weapons: TagLexicon, targets: TagLexicon) -> None:
    weapon_codes = {weapons.entries[i].gtd_code for _, ws, _ in CASES for i in ws}
    target_codes = {targets.entries[i].gtd_code for _, _, ts in CASES for i in ts}
    assert weapon_codes == set(GTD_WEAPON_TYPES)
    assert target_codes == set(GTD_TARGET_TYPES)


# Phrases that must NOT produce the entry (figures of speech, sources, homographs).
NEGATIVES: list[tuple[str, str, str]] = [
    ("weapons", "أعلن الطرفان وقف إطلاق النار في المدينة", "firearms"),
    ("weapons", "دعا إلى وقف لإطلاق النار", "firearms"),
    ("weapons", "أصبح المخيم قنبلة موقوتة", "bomb"),
    ("weapons", "استقبل صاحب السمو الوفد", "poison"),
    ("weapons", "كتب التلميذ بقلم رصاص", "firearms"),
    ("targets", "نقل الجرحى إلى المستشفى", "hospital"),
    ("targets", "عقد الوزير مؤتمرا صحفيا", "journalists"),
    ("targets", "عقد مؤتمرا صحافيا في العاصمة", "journalists"),
    ("targets", "قضت المحكمة بالسجن خمس سنوات", "prison"),
    ("targets", "استهدفت طائرة مسيرة المدينة", "aircraft"),
    ("targets", "ارتفع مؤشر السوق السعودية", "market"),
    ("targets", "نشط قطاع السياحة الداخلية", "tourists"),
    ("targets", "هاجم حزب العمال الكردستاني القوات", "laborers"),
    ("targets", "طالب الرئيس بالإفراج عن المعتقلين", "students"),
    ("targets", "وقف أمام المبنى", "clergy"),
    ("targets", "وصل الرتل إلى دير الزور", "church"),
    ("targets", "نقل مصدر محلي الخبر", "shops"),
    ("targets", "اجتمع وزراء جامعة الدول العربية", "university"),
    ("targets", "أعلنت الشرطة والجيش حظر التجول", "police"),
    ("targets", "ضبط السلاح بحوزة المتهم", "religious-school"),
    ("targets", "قال المدير إن الخدمة جامعية", "mosque"),
]


@pytest.mark.parametrize(("which", "text", "unwanted"), NEGATIVES)
def test_negatives(
    weapons: TagLexicon, targets: TagLexicon, which: str, text: str, unwanted: str
) -> None:
    lex = weapons if which == "weapons" else targets
    assert unwanted not in ids(lex, text)


def test_packaged_files_load(weapons: TagLexicon, targets: TagLexicon) -> None:
    assert len(weapons) >= 40 and len(targets) >= 80
    for lex in (weapons, targets):
        assert lex.meta["licence"] == "CC0-1.0 (team-curated)"
        assert str(lex.meta["date"]) == "2026-11-23"
        assert lex.meta["sources"]
        assert all(entry.ar and entry.name for entry in lex.entries.values())
    assert {e.gtd_code for e in weapons.entries.values()} == set(GTD_WEAPON_TYPES)
    assert {e.gtd_code for e in targets.entries.values()} == set(GTD_TARGET_TYPES)
    assert load_weapons() is weapons  # loaded once


@pytest.mark.parametrize(
    ("entry_id", "name"),
    [
        ("car-bomb", "car bomb"),
        ("ied", "IED"),
        ("suicide-belt", "suicide belt"),
        ("suicide-vest", "suicide vest"),
        ("firearms", "firearms"),
        ("rpg", "RPG"),
        ("vehicle", "vehicle"),
    ],
)
def test_weapon_names(weapons: TagLexicon, entry_id: str, name: str) -> None:
    assert weapons.entries[entry_id].name == name


def test_suicide_flag(weapons: TagLexicon, targets: TagLexicon) -> None:
    suicide = {e.id for e in weapons.entries.values() if e.suicide}
    assert suicide == {"suicide-belt", "suicide-vest", "suicide-bomber"}
    assert not any(e.suicide for e in targets.entries.values())
    found = weapons.find(Doc.from_text("فجّر انتحاري حزاماً ناسفاً داخل المسجد"))
    assert any(entry.suicide for entry, _ in found)
    assert weapons.gtd_label(weapons.entries["car-bomb"]) == "Explosives"
    assert weapons.entries["vehicle"].gtd_code == 10


def test_every_phrase_finds_its_entry(weapons: TagLexicon, targets: TagLexicon) -> None:
    for lex in (weapons, targets):
        for entry in lex.entries.values():
            for phrase in (*entry.ar, *entry.en):
                found = [m.payload for m in lex.matches(Doc.from_text(phrase))]
                assert entry.id in found, (lex.kind, entry.id, phrase, found)


def test_ignore_phrases_find_nothing(weapons: TagLexicon, targets: TagLexicon) -> None:
    for lex in (weapons, targets):
        assert lex.ignore
        for phrase in lex.ignore:
            assert lex.find(Doc.from_text(phrase)) == [], (lex.kind, phrase)


def test_evidence_spans_point_into_raw_text(weapons: TagLexicon) -> None:
    raw = "وقال شاهد: فجّر انتحاريٌّ حزاماً ناسفاً."
    doc = Doc.from_text(raw)
    found = dict((entry.id, span) for entry, span in weapons.find(doc))
    span = found["suicide-belt"]
    assert span.text == raw[span.start : span.end] == "حزاماً ناسفاً"


def test_find_within_a_sentence(targets: TagLexicon) -> None:
    doc = Doc.from_text("انفجرت عبوة قرب المسجد. ثم استهدف هجوم ثان سوقا شعبيا.")
    first, second = doc.sentences
    assert [e.id for e, _ in targets.find(doc, first)] == ["mosque"]
    assert [e.id for e, _ in targets.find(doc, second)] == ["market"]


def test_dedupe_keeps_first_and_order_is_stable(targets: TagLexicon) -> None:
    doc = Doc.from_text("هاجموا المسجد ثم الكنيسة ثم عادوا إلى المسجد")
    found = targets.find(doc)
    assert [e.id for e, _ in found] == ["mosque", "church"]
    assert found[0][1].start == doc.raw.index("المسجد")
    assert [(e.id, s.start) for e, s in targets.find(doc)] == [(e.id, s.start) for e, s in found]


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("بسيارة مفخخة", "car-bomb"),
        ("وبالعبوات الناسفة", "ied"),
        ("للمصلين", "worshippers"),
        ("وبالمسجد", "mosque"),
        ("والجنود", "soldiers"),
        ("لقوات الأمن", "security-forces"),
    ],
)
def test_clitics(weapons: TagLexicon, targets: TagLexicon, text: str, entry_id: str) -> None:
    found = ids(weapons, text) + ids(targets, text)
    assert found == [entry_id]


def test_matcher_payloads_are_entry_ids(weapons: TagLexicon) -> None:
    doc = Doc.from_text("وقف إطلاق النار ثم إطلاق النار")
    plain = weapons.matcher().find(doc)
    assert all(m.payload in weapons.entries for m in plain)
    full = weapons.matcher(with_ignore=True).find(doc)
    assert any(m.payload == IGNORE for m in full)
    kept = drop_ignored(full)
    assert [m.payload for m in kept] == ["firearms"] == [m.payload for m in weapons.matches(doc)]


def test_overlap_key_ignores_the_article() -> None:
    assert overlap_key("العبوة الناسفة") == overlap_key("عبوة ناسفة")
    assert overlap_key("أطلق النار") == overlap_key("اطلق النار")


# ---------------------------------------------------------------- validation

META = {
    "name": "weapons",
    "version": "0",
    "licence": "CC0-1.0 (team-curated)",
    "sources": ["test"],
    "date": "2026-11-23",
}


def entry(entry_id: str = "knife", **fields: object) -> dict[str, object]:
    out: dict[str, object] = {"id": entry_id, "name": entry_id, "gtd_code": 9, "ar": ["سكين"]}
    out.update(fields)
    return out


def write(tmp_path: Path, entries: list[dict[str, object]], **top: object) -> Path:
    path = tmp_path / "lexicon.yaml"
    data = {"meta": META, "entries": entries, **top}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_small_valid_file_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [entry(), entry("gun", gtd_code=5, ar=["مسدس", "بندقية"], en=["gun"])],
        ignore=["قلم رصاص"],
    )
    lex = load_weapons(path)
    assert set(lex.entries) == {"knife", "gun"}
    assert ids(lex, "هاجمه بسكين ثم بمسدس") == ["knife", "gun"]


@pytest.mark.parametrize(
    ("entries", "top", "needle"),
    [
        ([entry(), entry()], {}, "duplicate id"),
        ([entry(gtd_code=14)], {}, "gtd_code 14"),
        ([entry(gtd_code=0)], {}, "gtd_code 0"),
        ([entry(gtd_code="5")], {}, "gtd_code '5'"),
        ([entry(gtd_code=True)], {}, "gtd_code True"),
        ([entry(name="")], {}, "missing 'name'"),
        ([entry(ar=[])], {}, "at least one Arabic phrase"),
        ([entry(ar=["knife"])], {}, "no Arabic letter"),
        ([entry(ar=["سكين", "سكّين"])], {}, "listed twice"),
        ([entry(ar="سكين")], {}, "list of strings"),
        ([entry(suicide="yes")], {}, "'suicide' must be true or false"),
        ([entry(gtd_cod=9)], {}, "unknown field(s) gtd_cod"),
        ([entry(id="Knife Bad")], {}, "bad id"),
        ([entry(), entry("blade", ar=["سكين"])], {}, "also in entry 'knife'"),
        ([entry(), entry("blade", ar=["السكين"])], {}, "also in entry 'knife'"),
        ([entry(ar=["سيارة مفخخة"]), entry("b", ar=["السيارة المفخخة"])], {}, "also in"),
        ([entry()], {"ignore": ["السكين"]}, "ignore"),
    ],
)
def test_bad_entries_name_file_and_entry(
    tmp_path: Path, entries: list[dict[str, object]], top: dict[str, object], needle: str
) -> None:
    path = write(tmp_path, entries, **top)
    with pytest.raises(KnowledgeBaseError) as info:
        load_weapons(path)
    message = str(info.value)
    assert str(path) in message
    assert needle in message
    if "ignore" not in top:
        assert "entry" in message


def test_shared_list_allows_a_phrase_in_two_entries(tmp_path: Path) -> None:
    entries = [entry(), entry("blade", ar=["سكين", "شفرة"])]
    path = write(tmp_path, entries, shared=["سكّين"])
    lex = load_weapons(path)
    assert set(ids(lex, "بسكين")) == {"knife", "blade"}


def test_target_codes_and_suicide_are_checked_per_kind(tmp_path: Path) -> None:
    path = write(tmp_path, [entry("mosque", gtd_code=22, ar=["مسجد"])])
    assert load_targets(path).entries["mosque"].gtd_code == 22
    with pytest.raises(KnowledgeBaseError, match="gtd_code 22"):
        load_weapons(path)
    path = write(tmp_path, [entry("mosque", gtd_code=15, ar=["مسجد"], suicide=True)])
    with pytest.raises(KnowledgeBaseError, match="weapons only"):
        load_targets(path)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("entries: [\n", "invalid YAML"),
        ("- just a list\n", "top level must be a mapping"),
        ("entries: []\n", "missing 'meta'"),
        ("meta: {name: x}\nentries: []\n", "missing version, licence, sources, date"),
    ],
)
def test_bad_files(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match=needle) as info:
        load_targets(path)
    assert str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError, match="cannot read"):
        load_weapons(tmp_path / "nope.yaml")
