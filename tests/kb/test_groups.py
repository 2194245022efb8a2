"""Armed-group and agency registries: packaged data, matchers, dated names, validation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from rasd.doc import Doc
from rasd.errors import KnowledgeBaseError
from rasd.kb.groups import (
    AGENCY_KINDS,
    ISO3166_ALPHA2,
    AgencyRegistry,
    GroupRegistry,
    load_agencies,
    load_groups,
    validate_groups,
)

CANONICAL = [
    "Islamic State",
    "Islamic State Sinai Province",
    "al-Qaeda",
    "al-Qaeda in the Islamic Maghreb",
    "al-Qaeda in the Arabian Peninsula",
    "al-Shabaab",
    "Boko Haram",
    "Taliban",
    "Tehrik-i-Taliban Pakistan",
    "Houthis",
    "PKK",
    "DHKP-C",
    "Ajnad Misr",
    "Abu Sayyaf",
    "al-Nusra Front",
    "Saraya Wa'd Allah",
    "Islamic State Khorasan Province",
]


@pytest.fixture(scope="module")
def groups() -> GroupRegistry:
    return load_groups()


@pytest.fixture(scope="module")
def agencies() -> AgencyRegistry:
    return load_agencies()


def found(registry: GroupRegistry, text: str) -> list[tuple[str, str, str]]:
    """(matched text, group id, kind) for every match, as the extractor runs it (no stems)."""
    matches = registry.matcher().find(Doc.from_text(text), stems=False)
    return [(m.span.text, *m.payload) for m in matches]


def group_ids(registry: GroupRegistry, text: str, kind: str = "alias") -> list[str]:
    return [gid for _, gid, k in found(registry, text) if k == kind]


# --------------------------------------------------------------------------- packaged data


def test_packaged_files_load_with_enough_entries(
    groups: GroupRegistry, agencies: AgencyRegistry
) -> None:
    assert len(groups) >= 170
    assert len(agencies) >= 80
    assert groups.source.endswith("groups.yaml")


def test_loading_is_cached(groups: GroupRegistry, agencies: AgencyRegistry) -> None:
    assert load_groups() is groups
    assert load_agencies() is agencies


def test_iso_list_has_249_codes() -> None:
    assert len(ISO3166_ALPHA2) == 249
    assert {"PS", "EH", "SS", "NO", "GB"} <= ISO3166_ALPHA2
    assert "UK" not in ISO3166_ALPHA2


@pytest.mark.parametrize("name", CANONICAL)
def test_canonical_gold_names_exist(groups: GroupRegistry, name: str) -> None:
    assert name in {g.name for g in groups}


def test_required_coverage(groups: GroupRegistry) -> None:
    for gid in [
        "is-west-africa",
        "is-central-africa",
        "is-libya",
        "is-yemen",
        "is-somalia",
        "is-pakistan",
        "is-hind",
        "is-caucasus",
        "is-east-asia",
        "is-mozambique",
        "is-sahel",
        "is-najd",
        "is-hejaz",
        "is-bahrain",
        "aqis",
        "hurras-al-din",
        "jnim",
        "haqqani-network",
        "hamas",
        "hezbollah",
        "popular-mobilization-forces",
        "muslim-brotherhood",
        "nordic-resistance-movement",
        "atomwaffen-division",
    ]:
        assert gid in groups
    assert groups.get("popular-mobilization-forces").kind == "militia"
    assert groups.get("muslim-brotherhood").kind == "other"


def test_every_group_has_both_names_and_valid_countries(groups: GroupRegistry) -> None:
    for g in groups:
        assert g.name and g.name_ar and g.countries
        assert set(g.countries) <= ISO3166_ALPHA2


def test_ancestors(groups: GroupRegistry) -> None:
    assert [g.id for g in groups.ancestors("is-hejaz")] == ["islamic-state"]
    assert [g.id for g in groups.ancestors("macina-liberation-front")] == ["jnim", "al-qaeda"]
    assert [g.id for g in groups.ancestors("al-hijra")] == ["al-shabaab", "al-qaeda"]
    assert groups.ancestors("islamic-state") == []
    with pytest.raises(KeyError):
        groups.get("no-such-group")


# --------------------------------------------------------------------------- dated names


@pytest.mark.parametrize(
    ("when", "name"),
    [
        (None, "al-Nusra Front"),
        ("2010", "al-Nusra Front"),
        ("2013-05-02", "al-Nusra Front"),
        ("2016-07-27", "al-Nusra Front"),
        ("2016-07-28", "Jabhat Fath al-Sham"),
        ("2016-12", "Jabhat Fath al-Sham"),
        ("2017-01-28", "Hayat Tahrir al-Sham"),
        ("2019", "Hayat Tahrir al-Sham"),
        ("2026-01-01", "al-Nusra Front"),
    ],
)
def test_name_on_nusra(groups: GroupRegistry, when: str | None, name: str) -> None:
    nusra = groups.get("al-nusra-front")
    assert nusra.name == "al-Nusra Front"
    assert nusra.name_on(when) == name
    assert groups.resolve(name) is nusra


def test_name_on_other_renames(groups: GroupRegistry) -> None:
    sinai = groups.get("is-sinai")
    assert sinai.name_on("2013-10") == "Ansar Bayt al-Maqdis"
    assert sinai.name_ar_on("2013-10") == "أنصار بيت المقدس"
    assert sinai.name_on("2015-07-23") == "Islamic State Sinai Province"
    assert groups.get("islamic-state").name_on("2010") == "Islamic State of Iraq"
    assert groups.get("aqim").name_on("2003") == "Salafist Group for Preaching and Combat"
    with pytest.raises(ValueError):
        sinai.name_on("July 2015")


# --------------------------------------------------------------------------- group matcher


@pytest.mark.parametrize(
    ("text", "gid"),
    [
        ("نسبت السلطات الهجوم لداعش بعد ساعات", "islamic-state"),
        ("وتبنى تنظيم الدولة الإسلامية التفجير", "islamic-state"),
        ("قال إن تنظيم الدولة أعلن مسؤوليته", "islamic-state"),
        ("ونفذ الهجوم وتنظيم القاعدة لم يعلق", "al-qaeda"),
        ("اعتقلت الشرطة عناصر من حركة الشباب قرب الحدود", "al-shabaab"),
        ("وأعلنت حركة الشباب الصومالية مسؤوليتها", "al-shabaab"),
        ("قصف الحوثيون مدينة نجران الحدودية", "houthis"),
        ("تصدت القوات لميليشيات الحوثي في تعز", "houthis"),
        ("أطلقت جماعة أنصار الله صاروخا", "houthis"),
        ("فجر مسلحو تنظيم القاعدة في جزيرة العرب سيارة", "aqap"),
        ("وتبنى تنظيم القاعدة في بلاد المغرب الإسلامي الهجوم", "aqim"),
        ("قالت قاعدة المغرب في بيان", "aqim"),
        ("هاجمت جماعة بوكو حرام قرية", "boko-haram"),
        ("وأعلنت حركة طالبان أنها قتلت جنودا", "taliban"),
        ("ونفذت حركة طالبان باكستان الهجوم", "ttp"),
        ("اتهمت أنقرة حزب العمال الكردستاني بتفجير السيارة", "pkk"),
        ("وقالت الرئاسة إن المنظمة الإرهابية الانفصالية تقف وراءه", "pkk"),
        ("ووصف البيان بي كا كا بأنها منظمة إرهابية", "pkk"),
        ("نفذته جبهة التحرر الشعبي الثوري اليسارية", "dhkp-c"),
        ("تبنى حزب/جبهة التحرر الشعبي الثوري الهجوم", "dhkp-c"),
        ("أعلنت جماعة أجناد مصر مسؤوليتها", "ajnad-misr"),
        ("خطفت جماعة أبو سياف سائحين", "abu-sayyaf"),
        ("سيطرت جبهة النصرة على البلدة", "al-nusra-front"),
        ("وقصفت هيئة تحرير الشام مواقع", "al-nusra-front"),
        ("وتبنت المقاومة الإسلامية سرايا وعد الله التفجير", "saraya-wad-allah"),
        ("وهاجم تنظيم ولاية سيناء كمينا", "is-sinai"),
        ("نفذت جماعة أنصار بيت المقدس عمليات سابقة", "is-sinai"),
        ("تبنى تنظيم ولاية خراسان الهجوم", "is-khorasan"),
        ("قال مسؤول إن داعش خراسان خطط للعملية", "is-khorasan"),
        ("قال مسؤول إن داعش-خراسان خطط للعملية", "is-khorasan"),
        ("وأعلنت ولاية الحجاز في بيان مسؤوليتها", "is-hejaz"),
        ("وتبنى تنظيم داعش في ليبيا العملية", "is-libya"),
        ("حذر من خلايا حزب الله في المنطقة", "hezbollah"),
        ("وأطلقت كتائب حزب الله صواريخ", "kataib-hezbollah"),
        ("وقصفت قوات سوريا الديمقراطية", "sdf"),
        ("تبنت ISIS the attack", "islamic-state"),
    ],
)
def test_matcher_finds_groups(groups: GroupRegistry, text: str, gid: str) -> None:
    assert gid in group_ids(groups, text)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("نفذت حركة طالبان باكستان الهجوم", "taliban"),
        ("أعلن الحزب الديمقراطي الكردستاني فوزه", "pkk"),
        ("وأطلقت كتائب حزب الله صواريخ", "hezbollah"),
        ("وتبنى تنظيم داعش في ليبيا العملية", "islamic-state"),
    ],
)
def test_longest_phrase_wins(groups: GroupRegistry, text: str, wrong: str) -> None:
    assert wrong not in group_ids(groups, text)


def test_member_forms(groups: GroupRegistry) -> None:
    assert ("islamic-state", "member") in [
        (gid, kind) for _, gid, kind in found(groups, "اعتقلت الشرطة عددا من الدواعش")
    ]
    assert "houthis" in group_ids(groups, "قتل ثلاثة حوثيين في الاشتباك", kind="member")


def test_common_words_need_context(groups: GroupRegistry) -> None:
    hits = found(groups, "شارك الشباب في المهرجان وقالت الدولة إن الحسم قريب")
    assert {kind for _, _, kind in hits} == {"context"}
    assert {gid for _, gid, _ in hits} == {"al-shabaab", "hasm"}
    assert group_ids(groups, "الدولة تعلن خطة جديدة") == []


def test_shared_alias_goes_to_default(groups: GroupRegistry) -> None:
    assert group_ids(groups, "هاجم أنصار الشريعة مقرا") == ["ansar-al-sharia-libya"]
    assert set(groups.alternatives("أنصار الشريعة")) == {
        "ansar-al-sharia-libya",
        "ansar-al-sharia-tunisia",
        "ansar-al-sharia-yemen",
    }
    assert groups.alternatives("داعش") == ("islamic-state",)
    assert groups.alternatives("جمعية خيرية") == ()


def test_resolve_any_form(groups: GroupRegistry) -> None:
    assert groups.resolve("ISIL") is groups.get("islamic-state")
    assert groups.resolve("جبهة فتح الشام") is groups.get("al-nusra-front")
    assert groups.resolve("الجماعة الإسلامية") is groups.get("gamaa-islamiyya")
    assert groups.resolve("لا شيء") is None


def test_matcher_is_deterministic(groups: GroupRegistry) -> None:
    text = "قال إن داعش والقاعدة وحركة الشباب والحوثيين وبوكو حرام وطالبان"
    first = found(groups, text)
    rebuilt = GroupRegistry(groups.groups, groups.shared_aliases.values(), groups.source)
    assert found(rebuilt, text) == first
    assert [gid for _, gid, _ in first] == [
        "islamic-state",
        "al-qaeda",
        "al-shabaab",
        "houthis",
        "boko-haram",
        "taliban",
    ]


# --------------------------------------------------------------------------- agencies


@pytest.mark.parametrize(
    ("text", "aid"),
    [
        ("أحبطت المخابرات العراقية مخططا إرهابيا", "iq-intelligence"),
        ("أعلنت رئاسة أمن الدولة القبض على خلية", "sa-state-security"),
        ("وداهمت قوات الأمن وكرا للمسلحين", "security-forces"),
        ("وقالت الجندرمة إن جنديين قتلا", "tr-gendarmerie"),
        ("واعتقل جهاز الأمن الفيدرالي الروسي مشتبها", "ru-fsb"),
        ("وأكد مكتب التحقيقات الفيدرالي أنه يحقق", "us-fbi"),
        ("وأصدر الإنتربول نشرة حمراء", "interpol"),
        ("وشنت طائرات التحالف العربي غارات", "arab-coalition"),
    ],
)
def test_agency_matcher(agencies: AgencyRegistry, text: str, aid: str) -> None:
    hits = [m.payload for m in agencies.matcher().find(Doc.from_text(text), stems=False)]
    assert aid in hits


def test_agency_fields(agencies: AgencyRegistry) -> None:
    assert agencies.get("security-forces").country is None
    assert agencies.get("iq-intelligence").country == "IQ"
    assert {a.kind for a in agencies} <= AGENCY_KINDS


# --------------------------------------------------------------------------- validation

META = {"name": "test", "version": "0", "licence": "CC0-1.0"}


def entry(gid: str = "test-group", **over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": gid,
        "name": "Test Group",
        "name_ar": "جماعة الاختبار",
        "aliases_ar": ["تنظيم الاختبار"],
        "aliases_en": ["TG"],
        "countries": ["IQ"],
        "active": {"from": "2001", "to": None},
        "kind": "jihadist",
    }
    base.update(over)
    return base


def other(gid: str = "other-group", **over: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": "Other Group",
        "name_ar": "الجماعة الأخرى",
        "aliases_ar": ["تنظيم آخر"],
        "aliases_en": ["OG"],
    }
    fields.update(over)
    return entry(gid, **fields)


def write(tmp_path: Path, groups: list[Any], **extra: Any) -> Path:
    path = tmp_path / "groups.yaml"
    data = {"meta": META, "groups": groups, **extra}
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def fails(tmp_path: Path, groups: list[Any], *needles: str, **extra: Any) -> None:
    path = write(tmp_path, groups, **extra)
    with pytest.raises(KnowledgeBaseError) as info:
        load_groups(path)
    message = str(info.value)
    assert str(path) in message
    for needle in needles:
        assert needle in message


def test_small_valid_file_loads(tmp_path: Path) -> None:
    registry = load_groups(write(tmp_path, [entry(), other(parent="test-group")]))
    assert [g.id for g in registry] == ["test-group", "other-group"]
    assert registry.get("other-group").parent == "test-group"
    assert group_ids(registry, "قال إن تنظيم الاختبار هاجم") == ["test-group"]


def test_missing_required_field(tmp_path: Path) -> None:
    bad = entry()
    del bad["name_ar"]
    fails(tmp_path, [bad], "test-group", "name_ar")


def test_wrong_type(tmp_path: Path) -> None:
    fails(tmp_path, [entry(aliases_ar="داعش")], "test-group", "aliases_ar")


def test_unknown_field(tmp_path: Path) -> None:
    fails(tmp_path, [entry(alias_ar=["x"])], "test-group", "alias_ar")


def test_duplicate_id(tmp_path: Path) -> None:
    fails(tmp_path, [entry(), other("test-group")], "duplicate id", "test-group")


@pytest.mark.parametrize("gid", ["Test Group", "test_group", "-test", "تنظيم"])
def test_id_must_be_slug(tmp_path: Path, gid: str) -> None:
    fails(tmp_path, [entry(gid)], "slug")


def test_parent_must_exist(tmp_path: Path) -> None:
    fails(tmp_path, [entry(parent="ghost")], "test-group", "ghost")


def test_parent_cycle(tmp_path: Path) -> None:
    fails(tmp_path, [entry(parent="other-group"), other(parent="test-group")], "cycle")


@pytest.mark.parametrize("countries", [["UK"], ["iq"], ["IRQ"], [False]])
def test_country_codes(tmp_path: Path, countries: list[Any]) -> None:
    fails(tmp_path, [entry(countries=countries)], "test-group", "ISO 3166")


@pytest.mark.parametrize(
    "active",
    [{"from": "2015-13", "to": None}, {"from": "15/07/2015", "to": None}, {"from": 2015}],
)
def test_dates_must_parse(tmp_path: Path, active: dict[str, Any]) -> None:
    fails(tmp_path, [entry(active=active)], "test-group", "active.from")


def test_period_order(tmp_path: Path) -> None:
    fails(tmp_path, [entry(active={"from": "2016", "to": "2015-03"})], "after")


def test_names_by_date_dates(tmp_path: Path) -> None:
    dated = [{"name": "Old Name", "name_ar": "الاسم القديم", "from": "2010", "to": "2012-02-30"}]
    fails(tmp_path, [entry(names_by_date=dated)], "names_by_date[0]")


def test_names_by_date_must_not_overlap(tmp_path: Path) -> None:
    dated = [
        {"name": "Old Name", "name_ar": "الاسم القديم", "from": "2010", "to": "2012-06"},
        {"name": "Mid Name", "name_ar": "الاسم الأوسط", "from": "2012-06-15", "to": None},
    ]
    fails(tmp_path, [entry(names_by_date=dated)], "names_by_date[1]", "overlaps")


def test_names_in_both_languages(tmp_path: Path) -> None:
    fails(tmp_path, [entry(name_ar="Test Group")], "name_ar", "Arabic")
    fails(tmp_path, [entry(name="جماعة")], "'name'", "English")


def test_bad_kind(tmp_path: Path) -> None:
    fails(tmp_path, [entry(kind="terrorist")], "kind", "terrorist")


def test_undeclared_shared_alias_names_both_groups(tmp_path: Path) -> None:
    fails(
        tmp_path,
        [entry(), other(aliases_ar=["تنظيم آخر", "تنظيم الإختبار"])],
        "test-group",
        "other-group",
        "shared_aliases",
    )


def test_declared_shared_alias_loads(tmp_path: Path) -> None:
    shared = [
        {
            "alias": "تنظيم مشترك",
            "ids": ["test-group", "other-group"],
            "default": "other-group",
            "reason": "two groups use it",
        }
    ]
    path = write(
        tmp_path,
        [entry(aliases_ar=["تنظيم مشترك"]), other(aliases_ar=["تنظيم مشترك"])],
        shared_aliases=shared,
    )
    registry = load_groups(path)
    assert group_ids(registry, "قال إن تنظيم مشترك هاجم") == ["other-group"]
    assert registry.alternatives("تنظيم مشترك") == ("test-group", "other-group")


def test_shared_alias_declaration_checked(tmp_path: Path) -> None:
    bad_default = [
        {
            "alias": "تنظيم مشترك",
            "ids": ["test-group", "other-group"],
            "default": "x",
            "reason": "r",
        }
    ]
    groups = [entry(aliases_ar=["تنظيم مشترك"]), other(aliases_ar=["تنظيم مشترك"])]
    fails(tmp_path, groups, "default", shared_aliases=bad_default)
    unused = [
        {
            "alias": "لا أحد",
            "ids": ["test-group", "other-group"],
            "default": "test-group",
            "reason": "r",
        }
    ]
    fails(tmp_path, [entry(), other()], "not listed", shared_aliases=unused)


def test_alias_and_context_overlap(tmp_path: Path) -> None:
    fails(tmp_path, [entry(context_required_ar=["تنظيم الاختبار"])], "list it once")


def test_group_alias_equal_to_agency_alias(tmp_path: Path) -> None:
    fails(tmp_path, [entry(aliases_ar=["قوات الأمن"])], "test-group", "security-forces")


def test_agency_validation(tmp_path: Path) -> None:
    row = {
        "id": "a-one",
        "name": "One",
        "name_ar": "الجهاز الأول",
        "aliases_ar": ["جهاز واحد"],
        "country": "IQ",
        "kind": "police",
    }
    path = tmp_path / "agencies.yaml"
    twin = {**row, "id": "a-two", "name": "Two", "name_ar": "الجهاز الثاني"}
    path.write_text(
        yaml.safe_dump({"meta": META, "agencies": [row, twin]}, allow_unicode=True),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeBaseError, match="a-one"):
        load_agencies(path)
    for bad in ({**row, "country": "XX"}, {**row, "kind": "militia"}):
        path.write_text(
            yaml.safe_dump({"meta": META, "agencies": [bad]}, allow_unicode=True),
            encoding="utf-8",
        )
        with pytest.raises(KnowledgeBaseError, match=r"agencies\.yaml"):
            load_agencies(path)


def test_validate_groups_without_meta_or_list() -> None:
    with pytest.raises(KnowledgeBaseError, match=r"mem\.yaml"):
        validate_groups({"groups": [entry()]}, "mem.yaml")
    with pytest.raises(KnowledgeBaseError, match=r"mem\.yaml"):
        validate_groups({"meta": META, "groups": "none"}, "mem.yaml")
    assert [g.id for g in validate_groups({"meta": META, "groups": [entry()]}, "m")] == [
        "test-group"
    ]


def test_invalid_yaml(tmp_path: Path) -> None:
    path = tmp_path / "groups.yaml"
    path.write_text("groups: [unclosed", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="invalid YAML"):
        load_groups(path)
