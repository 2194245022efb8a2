"""Places gazetteer: countries, adjectives, admin-1 areas, cities, resolution, data checks."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from rasd.doc import Doc
from rasd.errors import KnowledgeBaseError
from rasd.kb.places import DATA_DIR, Gazetteer, adjective_forms, load_gazetteer
from rasd.text.normalize import key


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def countries_in(gaz: Gazetteer, text: str) -> list[tuple[str, str]]:
    doc = Doc.from_text(text)
    return [m.payload for m in gaz.countries_matcher().find(doc, stems=False)]


# ---------------------------------------------------------------- countries in sentences
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وصل الوفد إلى أفغانستان صباح اليوم", ("AF", "name")),
        ("قال مسؤول في افغانستان إن الطريق مغلق", ("AF", "name")),
        ("زار الوزير ميانمار الأسبوع الماضي", ("MM", "name")),
        ("تراجعت الأمطار في بورما هذا العام", ("MM", "name")),
        ("أعلنت روسيا الاتحادية فتح المعبر", ("RU", "name")),
        ("وقعت الولايات المتحدة الاتفاق أمس", ("US", "name")),
        ("تعتزم أميركا إرسال مساعدات", ("US", "name")),
        ("سافر الطلاب إلى أمريكا للدراسة", ("US", "name")),
        ("ناقشت المملكة المتحدة الخطة", ("GB", "name")),
        ("اجتمع وزراء بريطانيا مساء أمس", ("GB", "name")),
        ("وزعت المساعدات في قطاع غزة", ("PS", "name")),
        ("أغلقت الطرق في الضفة الغربية", ("PS", "name")),
        ("وصلت القافلة إلى الأراضي الفلسطينية", ("PS", "name")),
        ("عاد اللاعب إلى العراق بعد غياب", ("IQ", "name")),
        ("أعلنت المملكة العربية السعودية الموازنة", ("SA", "name")),
        ("افتتحت جنوب السودان سفارة جديدة", ("SS", "name")),
        ("صرحت كوريا الشمالية بأنها ستشارك", ("KP", "name")),
        ("التقى الوفد العراقي بنظيره في المساء", ("IQ", "adjective")),
        ("أكدت الحكومة العراقية الموعد", ("IQ", "adjective")),
        ("شارك العراقيون في الاحتفال", ("IQ", "adjective")),
        ("استقبل المطار المسافرين العراقيين", ("IQ", "adjective")),
        ("وقال الجانب الأمريكي إن المحادثات مستمرة", ("US", "adjective")),
        ("وقال الجانب الأميركي إن المحادثات مستمرة", ("US", "adjective")),
        ("رحبت الخارجية الأمريكية بالقرار", ("US", "adjective")),
        ("التقى الرئيس الروسي نظيره", ("RU", "adjective")),
        ("وصل الطلاب الأتراك إلى الجامعة", ("TR", "adjective")),
        ("وأعلنت السلطات الباكستانية الحداد", ("PK", "adjective")),
        ("افتتح المعرض رجل أعمال مصري", ("EG", "adjective")),
        ("قال متحدث باسم الجيش الأفغاني إن الطريق فتحت", ("AF", "adjective")),
        ("وتحدث السفير الكوري الشمالي للصحفيين", ("KP", "adjective")),
        ("وبالسعودية تقام البطولة", ("SA", "name")),
    ],
)
def test_country_names_and_adjectives_in_sentences(
    gaz: Gazetteer, text: str, expected: tuple[str, str]
) -> None:
    assert expected in countries_in(gaz, text)


def test_saudi_feminine_form_is_the_name(gaz: Gazetteer) -> None:
    assert countries_in(gaz, "زار السعودية وفد رسمي") == [("SA", "name")]


def test_form_shared_by_two_countries_is_left_out(tmp_path: Path) -> None:
    d = _copy_data(tmp_path)
    text = (d / "countries.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "name_ar: كوريا الشمالية, variants_ar: [",
        "name_ar: كوريا الشمالية, variants_ar: [كوريا, ",
        1,
    )
    (d / "countries.yaml").write_text(text, encoding="utf-8")
    shared = Gazetteer(d)
    assert countries_in(shared, "زار كوريا وفد") == []
    assert countries_in(shared, "زار كوريا الشمالية وفد") == [("KP", "name")]


def test_adjective_forms_expand_the_nisba() -> None:
    forms = adjective_forms("العراقي")
    for f in ("العراقي", "العراقية", "العراقيين", "العراقيون", "عراقي", "عراقية"):
        assert f in forms
    assert "الكورية الشمالية" in adjective_forms("الكوري الشمالي")


def test_adjectives_for_at_least_80_countries(gaz: Gazetteer) -> None:
    assert sum(1 for c in gaz.countries() if c.adjectives_ar) >= 80
    assert "السعوديين" in gaz.country("SA").adjectives_ar


def test_every_country_has_arabic_name_region_and_coordinates(gaz: Gazetteer) -> None:
    countries = gaz.countries()
    assert len(countries) >= 249
    for c in countries:
        assert c.name_ar, c.iso2
        assert 1 <= c.gtd_region <= 12, c.iso2
        assert c.gtd_region_txt
        assert -90 <= c.lat <= 90 and -180 <= c.lon <= 180, c.iso2
        assert len(c.iso3) == 3


@pytest.mark.parametrize(
    ("iso2", "region"),
    [
        ("IQ", 10),
        ("TR", 10),
        ("SO", 11),
        ("SD", 11),
        ("AF", 6),
        ("TJ", 7),
        ("RU", 9),
        ("FR", 8),
        ("US", 1),
        ("CN", 4),
        ("PH", 5),
        ("AU", 12),
        ("BR", 3),
        ("CU", 2),
    ],
)
def test_gtd_regions(gaz: Gazetteer, iso2: str, region: int) -> None:
    assert gaz.country(iso2).gtd_region == region


def test_country_centroids_are_inside_the_country(gaz: Gazetteer) -> None:
    iq = gaz.country("IQ")
    assert 29 < iq.lat < 37 and 39 < iq.lon < 48
    ru = gaz.country("RU")
    assert ru.lon > 60  # the mainland centroid, not Moscow
    assert gaz.country("IQ").capital == "Baghdad"


# ---------------------------------------------------------------- resolution
def test_tripoli_defaults_to_libya_and_follows_context(gaz: Gazetteer) -> None:
    assert gaz.resolve("طرابلس").country == "LY"  # type: ignore[union-attr]
    assert gaz.resolve("طرابلس", countries=["LB"]).country == "LB"  # type: ignore[union-attr]


def test_near_breaks_ties_between_countries(gaz: Gazetteer) -> None:
    beirut = (33.89, 35.50)
    assert gaz.resolve("طرابلس", near=beirut).country == "LB"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "country", "kind"),
    [
        ("الرقة", "SY", "city"),
        ("بالرقة", "SY", "city"),
        ("وبالموصل", "IQ", "city"),
        ("بغداد", "IQ", "city"),
        ("المدينة المنورة", "SA", "city"),
        ("ديالى", "IQ", "admin1"),
        ("محافظة ديالى", "IQ", "admin1"),
        ("الأنبار", "IQ", "admin1"),
        ("عسير", "SA", "admin1"),
        ("منطقة عسير", "SA", "admin1"),
        ("المنطقة الشرقية", "SA", "admin1"),
        ("ولاية فارياب", "AF", "admin1"),
        ("إقليم هلمند", "AF", "admin1"),
        ("هلمند", "AF", "admin1"),
        ("شمال سيناء", "EG", "admin1"),
        ("بورنو", "NG", "admin1"),
        ("الشيشان", "RU", "admin1"),
        ("داغستان", "RU", "admin1"),
    ],
)
def test_resolve(gaz: Gazetteer, name: str, country: str, kind: str) -> None:
    place = gaz.resolve(name)
    assert place is not None, name
    assert (place.country, place.kind) == (country, kind)


def test_common_word_alone_is_not_a_city(gaz: Gazetteer) -> None:
    assert gaz.resolve("المدينة") is None
    assert gaz.candidates(key("المدينة")) == []
    assert gaz.resolve("المدينة المنورة").name_en == "Madinah"  # type: ignore[union-attr]


def test_needs_context(gaz: Gazetteer) -> None:
    ain = gaz.resolve("العين")
    assert ain is not None and ain.needs_context and ain.country == "AE"
    assert gaz.resolve("العين", context=False) is None
    assert gaz.resolve("العين", countries=["AE"], context=False) is not None
    riyadh = gaz.resolve("الرياض")
    assert riyadh is not None and not riyadh.needs_context


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("يكاترينبورغ", "RU"), ("يكاترينبرغ", "RU"), ("إيكاترينبورغ", "RU"), ("كراسنوغورسك", "RU"),
        ("أبها", "SA"), ("الدالوة", "SA"), ("القديح", "SA"), ("العنود", "SA"), ("الحائر", "SA"),
        ("سروج", "TR"), ("ديار بكر", "TR"), ("جيلان بينار", "TR"), ("دوغو بيازيد", "TR"),
        ("بعقوبة", "IQ"), ("المكلا", "YE"), ("عدن", "YE"), ("العريش", "EG"), ("الشيخ زويد", "EG"),
        ("سوسة", "TN"), ("القصرين", "TN"), ("جبل الشعانبي", "TN"), ("الكاف", "TN"),
        ("سيفاري", "ML"), ("موبتي", "ML"), ("ماروا", "CM"), ("دامتورو", "NG"), ("مايدوغوري", "NG"),
        ("مقديشو", "SO"), ("كيسمايو", "SO"), ("غاريسا", "KE"), ("مزار شريف", "AF"), ("قندوز", "AF"),
        ("جلال آباد", "AF"), ("بيشاور", "PK"), ("كويتا", "PK"), ("سنجار", "IQ"), ("تلعفر", "IQ"),
        ("الفلوجة", "IQ"), ("الرمادي", "IQ"), ("كوباني", "SY"), ("عين العرب", "SY"), ("تل أبيض", "SY"),
        ("إدلب", "SY"), ("الدمام", "SA"), ("القطيف", "SA"), ("سيهات", "SA"), ("الأحساء", "SA"),
        ("شرورة", "SA"), ("نجران", "SA"), ("جازان", "SA"),
    ],
)  # fmt: skip
def test_curated_and_news_towns_are_found(gaz: Gazetteer, name: str, country: str) -> None:
    place = gaz.resolve(name, countries=[country])
    assert place is not None, name
    assert place.country == country


def test_rafah_follows_the_article_country(gaz: Gazetteer) -> None:
    assert gaz.resolve("رفح", countries=["EG"]).country == "EG"  # type: ignore[union-attr]
    assert gaz.resolve("رفح", countries=["PS"]).country == "PS"  # type: ignore[union-attr]


def test_candidates_include_cities_and_provinces(gaz: Gazetteer) -> None:
    kinds = {(p.country, p.kind) for p in gaz.candidates(key("الرقة"))}
    assert ("SY", "city") in kinds and ("SY", "admin1") in kinds
    tripolis = {p.country for p in gaz.candidates("طرابلس")}
    assert {"LY", "LB"} <= tripolis


def test_admin1_lookup_by_arabic_and_english(gaz: Gazetteer) -> None:
    a = gaz.admin1("IQ", "محافظة ديالى")
    assert a is not None and a.name_en == "Diyala" and a.kind == "admin1"
    assert gaz.admin1("iq", "Diyala") == a
    assert gaz.admin1("SY", "ديالى") is None
    mosul = gaz.resolve("الموصل")
    assert mosul is not None and mosul.admin1 == gaz.admin1("IQ", "نينوى").name_en  # type: ignore[union-attr]


def test_resolution_is_deterministic(gaz: Gazetteer) -> None:
    names = ["طرابلس", "صور", "البيضاء", "الجوف", "عين", "الحمراء"]
    first = [gaz.resolve(n) for n in names]
    assert [gaz.resolve(n) for n in names] == first


# ---------------------------------------------------------------- matching in text
def test_places_matcher_finds_names_with_clitics(gaz: Gazetteer) -> None:
    doc = Doc.from_text("وقع انفجار وبالموصل ثم في مدينة الرقة وفي محافظة ديالى")
    keys = [m.payload for m in gaz.places_matcher().find(doc, stems=False)]
    assert key("الموصل") in keys
    assert key("الرقة") in keys
    assert key("محافظة ديالى") in keys


# ---------------------------------------------------------------- data checks
def test_coordinates_in_range_and_ids_unique(gaz: Gazetteer) -> None:
    seen: set[str] = set()
    for k in gaz.keys()[::50]:
        for p in gaz.candidates(k):
            assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180, p
            assert p.kind in ("city", "admin1")
            assert p.country in {c.iso2 for c in gaz.countries()}, p
            seen.add(p.id)
    assert seen


def test_no_one_or_two_letter_names(gaz: Gazetteer) -> None:
    assert all(len(k.replace(" ", "")) > 2 for k in gaz.keys())


def test_stats_and_size(gaz: Gazetteer) -> None:
    s = gaz.stats()
    assert s["cities"] > 20_000 and s["admin1"] > 3_000 and s["countries"] >= 249
    size = sum(f.stat().st_size for f in DATA_DIR.iterdir() if f.is_file())
    assert size < 6_000_000
    with gzip.open(DATA_DIR / "cities.tsv.gz", "rt", encoding="utf-8") as fh:
        assert fh.readline().startswith("# geonames_id")


def test_load_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rasd.kb import cache

    start = time.perf_counter()
    Gazetteer(DATA_DIR)  # parsed from the data files (first start)
    assert time.perf_counter() - start < 2.0
    monkeypatch.setenv("RASD_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("RASD_NO_KB_CACHE", raising=False)
    cache.cached("gazetteer", lambda: Gazetteer(DATA_DIR))
    start = time.perf_counter()
    again = cache.cached("gazetteer", lambda: Gazetteer(DATA_DIR))  # later starts
    assert time.perf_counter() - start < 1.0
    assert again.resolve("الرقة") is not None


# ---------------------------------------------------------------- validation errors
def _copy_data(tmp_path: Path) -> Path:
    for f in DATA_DIR.iterdir():
        if f.is_file():
            (tmp_path / f.name).write_bytes(f.read_bytes())
    return tmp_path


def test_bad_curated_entry_names_the_entry(tmp_path: Path) -> None:
    d = _copy_data(tmp_path)
    text = (d / "curated.yaml").read_text(encoding="utf-8")
    bad = "- {id: 'cur:nowhere', name_en: Nowhere, names_ar: [لامكان], country: SA, lat: 123.0, lon: 10.0}\n"
    (d / "curated.yaml").write_text(text + bad, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="cur:nowhere"):
        Gazetteer(d)


def test_bad_country_entry_names_the_entry(tmp_path: Path) -> None:
    d = _copy_data(tmp_path)
    text = (d / "countries.yaml").read_text(encoding="utf-8")
    (d / "countries.yaml").write_text(
        text.replace("gtd_region: 10,", "gtd_region: 13,", 1), encoding="utf-8"
    )
    with pytest.raises(KnowledgeBaseError, match=r"countries\.yaml"):
        Gazetteer(d)
