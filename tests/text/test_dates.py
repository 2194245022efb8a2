"""Tests for rasd.text.dates: Arabic date expressions, values and precision."""

from __future__ import annotations

import datetime as dt
import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.doc import Doc
from rasd.text import dates as dates_module
from rasd.text.dates import DateMatch, dates, find_dates, parse_date
from rasd.text.normalize import normalize

P = dt.date(2019, 6, 12)  # a Wednesday; 9 Shawwal 1440


def one(phrase: str, published: dt.date | None = P) -> DateMatch:
    found = parse_date(phrase, published)
    assert found is not None, phrase
    return found


def values(phrase: str, published: dt.date | None = P) -> list[str | None]:
    return [m.value for m in find_dates(normalize(phrase), published)]


# --- Gregorian month names, every family ---------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        # Egyptian / Gulf
        ("20 يناير 2019", "2019-01-20"),
        ("3 فبراير 2018", "2018-02-03"),
        ("15 مارس 2017", "2017-03-15"),
        ("1 أبريل 2016", "2016-04-01"),
        ("2 ابريل 2016", "2016-04-02"),
        ("9 إبريل 2016", "2016-04-09"),
        ("20 مايو 2019", "2019-05-20"),
        ("11 يونيو 2014", "2014-06-11"),
        ("11 يونيه 2014", "2014-06-11"),
        ("23 يوليو 2012", "2012-07-23"),
        ("23 يوليه 2012", "2012-07-23"),
        ("6 أغسطس 2012", "2012-08-06"),
        ("6 اغسطس 2012", "2012-08-06"),
        ("11 سبتمبر 2001", "2001-09-11"),
        ("6 أكتوبر 1973", "1973-10-06"),
        ("13 نوفمبر 2015", "2015-11-13"),
        ("31 ديسمبر 1999", "1999-12-31"),
        # Levantine / Iraqi
        ("14 كانون الثاني 2011", "2011-01-14"),
        ("17 شباط 2011", "2011-02-17"),
        ("15 آذار 2011", "2011-03-15"),
        ("9 نيسان 2003", "2003-04-09"),
        ("25 أيار 2000", "2000-05-25"),
        ("5 حزيران 1967", "1967-06-05"),
        ("14 تموز 1958", "1958-07-14"),
        ("4 آب 2020", "2020-08-04"),
        ("1 أيلول 1969", "1969-09-01"),
        ("6 تشرين الأول 1973", "1973-10-06"),
        ("29 تشرين الثاني 1947", "1947-11-29"),
        ("27 كانون الأول 2008", "2008-12-27"),
        # Maghrebi (Algeria, Tunisia)
        ("14 جانفي 2011", "2011-01-14"),
        ("22 فيفري 2019", "2019-02-22"),
        ("20 مارس 1956", "1956-03-20"),
        ("4 أفريل 2019", "2019-04-04"),
        ("8 ماي 1945", "1945-05-08"),
        ("19 جوان 1965", "1965-06-19"),
        ("5 جويلية 1962", "1962-07-05"),
        ("20 أوت 1955", "1955-08-20"),
        ("1 نوفمبر 1954", "1954-11-01"),
        # Moroccan
        ("20 فبراير 2011", "2011-02-20"),
        ("16 ماي 2003", "2003-05-16"),
        ("30 يوليوز 1999", "1999-07-30"),
        ("20 غشت 1953", "1953-08-20"),
        ("1 شتنبر 2019", "2019-09-01"),
        ("18 نونبر 1956", "1956-11-18"),
        ("2 دجنبر 2019", "2019-12-02"),
    ],
)
def test_month_families(phrase: str, value: str) -> None:
    m = one(phrase)
    assert (m.value, m.precision, m.kind, m.relative) == (value, "day", "absolute", False)
    assert m.text == phrase


@pytest.mark.parametrize(
    ("phrase", "text", "value", "precision"),
    [
        ("في 5 آذار/مارس 2015", "5 آذار/مارس 2015", "2015-03-05", "day"),
        ("منذ مارس (آذار) 2015", "مارس (آذار) 2015", "2015-03", "month"),
        ("في 26 مارس (آذار) 2015 بدأت", "26 مارس (آذار) 2015", "2015-03-26", "day"),
        ("في يونيو حزيران 2018.", "يونيو حزيران 2018", "2018-06", "month"),
        ("في 17 تموز/ يوليو 2014", "17 تموز/ يوليو 2014", "2014-07-17", "day"),
        ("في 9 أيار - مايو 2016", "9 أيار - مايو 2016", "2016-05-09", "day"),
        ("في 30 يونيو (حزيران) عام 2013،", "30 يونيو (حزيران) عام 2013", "2013-06-30", "day"),
        ("في سبتمبر من عام 1970م", "سبتمبر من عام 1970م", "1970-09", "month"),
        ("الموافق 25 من شهر يوليه عام 2015 م", "25 من شهر يوليه عام 2015 م", "2015-07-25", "day"),
        ("في نوفمبر عام 1985", "نوفمبر عام 1985", "1985-11", "month"),
        ("(26يوليو 2015م)", "26يوليو 2015م", "2015-07-26", "day"),
    ],
)
def test_paired_names_and_year_words(phrase: str, text: str, value: str, precision: str) -> None:
    m = one(phrase)
    assert (m.text, m.value, m.precision) == (text, value, precision)


def test_mismatched_pair_is_not_one_date() -> None:
    found = find_dates(normalize("بين يناير/فبراير 2019"), P)
    assert [(m.text, m.value) for m in found] == [("فبراير 2019", "2019-02")]


@pytest.mark.parametrize(
    ("phrase", "value", "precision"),
    [
        ("20 مايو", "2019-05-20", "day"),
        ("٢٠ مايو", "2019-05-20", "day"),
        ("في 5 يناير", "2019-01-05", "day"),  # 158 days back beats 207 ahead
        ("في 10 ديسمبر", "2019-12-10", "day"),  # 181 days ahead beats 184 back
        ("في مايو", "2019-05", "month"),
        ("في ديسمبر", "2018-12", "month"),  # tie within a day goes to the past
        ("خلال شهر آب", "2019-08", "month"),
        ("في مارس الماضي", "2019-03", "month"),
        ("في يونيو الماضي", "2018-06", "month"),  # strictly before the published month
        ("خلال يونيو الجاري", "2019-06", "month"),
        ("في مارس المقبل", "2020-03", "month"),
        ("أغسطس المقبل", "2019-08", "month"),
        ("في 6 أغسطس المقبل", "2019-08-06", "day"),
        ("يوم 5 يونيو الماضي", "2019-06-05", "day"),
        ("12 حزيران (يونيو) الماضي", "2018-06-12", "day"),
        ("في مايو من العام الماضي", "2018-05", "month"),
        ("20 مايو من العام الماضي", "2018-05-20", "day"),
        ("في مارس من هذا العام", "2019-03", "month"),
        ("شهر مايو", "2019-05", "month"),
        ("في آب", "2019-08", "month"),
        ("منذ ماي", "2019-05", "month"),
        ("مطلع نيسان", "2019-04", "month"),
    ],
)
def test_year_less_dates_use_publication(phrase: str, value: str, precision: str) -> None:
    m = one(phrase)
    assert (m.value, m.precision, m.relative) == (value, precision, True)


@pytest.mark.parametrize("phrase", ["20 مايو", "في مارس الماضي", "في 6 أغسطس المقبل"])
def test_year_less_dates_without_publication(phrase: str) -> None:
    m = one(phrase, None)
    assert (m.value, m.precision, m.kind, m.relative) == (None, None, "absolute", True)


@pytest.mark.parametrize(
    "phrase",
    [
        "مايو",
        "مارس التنظيم ضغوطا كبيرة",
        "في ماي سبيس",  # ماي needs a strong cue
        "دون جوان",
        "قال الأب إنه",
        "أب وابنه",
        "سيارة نيسان",
        "مايوركا",
        "ثورة 25 يناير",
        "قوى 14 آذار",
        "مدينة 6 أكتوبر",
        "شارع 26 يوليو",
        "حركة 20 فبراير",
        "ميدان 30 يونيو",
    ],
)
def test_not_dates(phrase: str) -> None:
    assert find_dates(normalize(phrase), P) == []


def test_event_name_with_year_is_a_date() -> None:
    assert one("ثورة 25 يناير 2011").value == "2011-01-25"


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("الخامس من جوان 2019", "2019-06-05"),
        ("الثامن عشر من ديسمبر 2010", "2010-12-18"),
        ("الحادي والعشرين من مارس 2019", "2019-03-21"),
        ("الموافق للعشرين من شهر يوليو 2015", "2015-07-20"),
        ("الأول من مايو 2019", "2019-05-01"),
        ("الثلاثين من يونيو 2013", "2013-06-30"),
        ("الحادي عشر من سبتمبر 2001", "2001-09-11"),
        ("الثاني عشر من ربيع الأول 1441", "2019-11-09"),
        ("العاشر من ذي الحجة 1440", "2019-08-11"),
    ],
)
def test_ordinal_days(phrase: str, value: str) -> None:
    assert one(phrase).value == value


# --- numeric ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("22/03/2024", "2024-03-22"),
        ("22-03-2024", "2024-03-22"),
        ("2024-03-22", "2024-03-22"),
        ("22.3.2024", "2024-03-22"),
        ("1/1/2020", "2020-01-01"),
        ("بتاريخ 25 / 7 / 2015م", "2015-07-25"),
        ("الموافق 2015/8/20", "2015-08-20"),
        ("29/02/2024", "2024-02-29"),
        ("في ٢٢/٠٣/٢٠٢٤", "2024-03-22"),
    ],
)
def test_numeric(phrase: str, value: str) -> None:
    m = one(phrase)
    assert (m.value, m.precision, m.kind, m.relative) == (value, "day", "numeric", False)


@pytest.mark.parametrize("phrase", ["31/02/2024", "29/02/2023", "31/04/2019", "31 فبراير 2019"])
def test_impossible_dates_have_no_value(phrase: str) -> None:
    m = one(phrase)
    assert (m.value, m.precision, m.relative) == (None, None, False)


@pytest.mark.parametrize(
    "phrase", ["45/78/2024", "13/13/2020", "0/5/2020", "10:30", "1.2.3.4", "22/3/24", "45 مايو"]
)
def test_numeric_non_dates(phrase: str) -> None:
    assert find_dates(normalize(phrase), P) == []


# --- Hijri -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value", "hijri"),
    [
        ("15 رمضان 1440 هـ", "2019-05-20", "1440-09-15"),
        ("15/9/1440 هـ", "2019-05-20", "1440-09-15"),
        ("29 شوال 1436", "2015-08-14", "1436-10-29"),
        ("1 محرم 1437ه", "2015-10-14", "1437-01-01"),
        ("10 شعبان 1436 هـ", "2015-05-28", "1436-08-10"),
        ("22 شوال 1427هـ", "2006-11-13", "1427-10-22"),
        ("12 ربيع الأول 1441", "2019-11-09", "1441-03-12"),
        ("20 ربيع الآخر 1440", "2018-12-27", "1440-04-20"),
        ("20 ربيع الثاني 1440", "2018-12-27", "1440-04-20"),
        ("5 جمادى الأولى 1440", "2019-01-11", "1440-05-05"),
        ("3 جمادى الآخرة 1440", "2019-02-08", "1440-06-03"),
        ("3 جمادى الثانية 1440", "2019-02-08", "1440-06-03"),
        ("27 رجب 1440", "2019-04-03", "1440-07-27"),
        ("1 صفر 1441", "2019-09-30", "1441-02-01"),
        ("10 ذو الحجة 1440", "2019-08-11", "1440-12-10"),
        ("9 ذي الحجة 1440 هجرية", "2019-08-10", "1440-12-09"),
        ("29 - شعبان 1436هـ", "2015-06-16", "1436-08-29"),
        ("10/1/1436", "2014-11-03", "1436-01-10"),
        ("9 / 10 / 1436هـ", "2015-07-25", "1436-10-09"),
        ("الأحد10شوال 1436هـ", "2015-07-26", "1436-10-10"),
        ("التاسع من رمضان 1436", "2015-06-26", "1436-09-09"),
    ],
)
def test_hijri(phrase: str, value: str, hijri: str) -> None:
    m = one(phrase)
    assert (m.value, m.precision, m.kind, m.hijri, m.relative) == (
        value,
        "day",
        "hijri",
        hijri,
        False,
    )


@pytest.mark.parametrize(
    ("phrase", "value", "precision", "hijri"),
    [
        ("رمضان 1436", "2015-07", "month", "1436-09"),
        ("نهاية شهر شوال 1436هـ", "2015-07", "month", "1436-10"),
        ("رمضان 2015", "2015-07", "month", "1436-09"),
        ("عام 1396هـ", "1976", "year", "1396"),
        ("في 1435هـ", "2014", "year", "1435"),
        ("العام 1436", "2015", "year", "1436"),
        ("عام 1400", "1980", "year", "1400"),
    ],
)
def test_hijri_month_and_year(phrase: str, value: str, precision: str, hijri: str) -> None:
    m = one(phrase)
    assert (m.value, m.precision, m.kind, m.hijri) == (value, precision, "hijri", hijri)


@pytest.mark.parametrize(
    ("phrase", "hijri"),
    [("20 جمادى الأولى 875هـ", "0875-05-20"), ("30 رمضان 1440", "1440-09-30")],
)
def test_hijri_outside_range_or_impossible(phrase: str, hijri: str) -> None:
    m = one(phrase)
    assert (m.value, m.precision, m.kind, m.hijri) == (None, None, "hijri", hijri)


def test_hijri_without_year() -> None:
    m = one("في 15 رمضان")
    assert (m.value, m.hijri, m.relative) == ("2019-05-20", "--09-15", True)
    assert one("في 15 رمضان", None).value is None


@pytest.mark.parametrize(
    "phrase", ["فاز 3 صفر", "رجب طيب أردوغان", "قال رمضان عبد الله", "في رمضان", "شعبان"]
)
def test_hijri_names_that_are_not_dates(phrase: str) -> None:
    assert find_dates(normalize(phrase), P) == []


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("10 شعبان 1436 هـ الموافق 28 مايو 2015م", ["2015-05-28", "2015-05-28"]),
        ("الجمعة 11 شوال 1440هـ الموافق 14 يونيو 2019م", ["2019-06-14", "2019-06-14"]),
        ("22 شوال 1427هـ الموافق 14 نوفمبر 2006م", ["2006-11-13", "2006-11-14"]),
        ("عام 1391 هـ الموافق 1971م", ["1971", "1971"]),
    ],
)
def test_muwafiq_pairs_give_both(phrase: str, expected: list[str]) -> None:
    assert values(phrase) == expected


# --- years -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("عام 2015", "2015"),
        ("في عام 2015", "2015"),
        ("العام 2015", "2015"),
        ("سنة 2007", "2007"),
        ("لعام 1997", "1997"),
        ("ميزانية للعام 2016", "2016"),
        ("في 2015.", "2015"),
        ("حتى 2010،", "2010"),
        ("منذ 2011 وحتى الآن", "2011"),
        ("ربيع 2013", "2013"),
        ("بحلول 2030", "2030"),
        ("(1962م)", "1962"),
        ("عام 1453م", "1453"),
        ("عامي 2009 و2014", "2009"),
    ],
)
def test_years(phrase: str, value: str) -> None:
    m = one(phrase)
    assert (m.value, m.precision, m.kind, m.relative) == (value, "year", "year", False)


@pytest.mark.parametrize(
    "phrase",
    [
        "في 2000 منزل",
        "قتل 2015 شخصا",
        "خلال 1947 جولة تفتيشية",
        "رقم 2015",
        "سعة 1000م3",
        "2015",
        "الرمز 2015-2016",
    ],
)
def test_numbers_that_are_not_years(phrase: str) -> None:
    assert find_dates(normalize(phrase), P) == []


# --- relative ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value", "precision", "part_of_day"),
    [
        ("اليوم", "2019-06-12", "day", None),
        ("أمس", "2019-06-11", "day", None),
        ("بالأمس", "2019-06-11", "day", None),
        ("الأمس", "2019-06-11", "day", None),
        ("أول أمس", "2019-06-10", "day", None),
        ("أول من أمس", "2019-06-10", "day", None),
        ("أمس الأول", "2019-06-10", "day", None),
        ("تعقد الجلسة غداً.", "2019-06-13", "day", None),
        ("تبدأ غدا في الرياض", "2019-06-13", "day", None),
        ("بعد غد", "2019-06-14", "day", None),
        ("صباح الغد", "2019-06-13", "day", "morning"),
        ("يوم غد", "2019-06-13", "day", None),
        ("مساء اليوم", "2019-06-12", "day", "evening"),
        ("فجر اليوم", "2019-06-12", "day", "dawn"),
        ("ظهر أمس", "2019-06-11", "day", "noon"),
        ("ليلة أمس", "2019-06-11", "day", "night"),
        ("صباح يوم أمس", "2019-06-11", "day", "morning"),
        ("مساء يوم أمس الأول", "2019-06-10", "day", "evening"),
        ("ليلة البارحة", "2019-06-11", "day", "night"),
        ("اليوم (الأربعاء)", "2019-06-12", "day", None),
        ("أمس الثلاثاء", "2019-06-11", "day", None),
        ("أمس مساءً", "2019-06-11", "day", "evening"),
        ("الأسبوع الماضي", "2019-06-05", "day", None),
        ("الأسبوع المقبل", "2019-06-19", "day", None),
        ("الشهر الماضي", "2019-05", "month", None),
        ("الشهر الجاري", "2019-06", "month", None),
        ("الشهر الحالي", "2019-06", "month", None),
        ("الشهر المقبل", "2019-07", "month", None),
        ("مطلع الشهر الجاري", "2019-06", "month", None),
        ("أواخر الشهر الماضي", "2019-05", "month", None),
        ("منتصف الشهر", "2019-06", "month", None),
        ("نهاية الشهر الماضي", "2019-05", "month", None),
        ("العام الماضي", "2018", "year", None),
        ("السنة الماضية", "2018", "year", None),
        ("العام المنصرم", "2018", "year", None),
        ("العام المقبل", "2020", "year", None),
        ("هذا العام", "2019", "year", None),
        ("مطلع العام الماضي", "2018", "year", None),
        ("قبل ثلاثة أيام", "2019-06-09", "day", None),
        ("قبل 3 أيام", "2019-06-09", "day", None),
        ("قبل يومين", "2019-06-10", "day", None),
        ("قبل عشرة أيام", "2019-06-02", "day", None),
        ("قبل أسبوع", "2019-06-05", "day", None),
        ("قبل أسبوعين", "2019-05-29", "day", None),
        ("قبل شهر", "2019-05", "month", None),
        ("قبل شهرين", "2019-04", "month", None),
        ("قبل خمسة أشهر", "2019-01", "month", None),
        ("قبل عامين", "2017", "year", None),
        ("قبل نحو عامين", "2017", "year", None),
        ("قبل 15 عاما", "2004", "year", None),
        ("منذ ثلاثة أيام", "2019-06-09", "day", None),
        ("منذ عامين", "2017", "year", None),
        ("منذ أربع سنوات", "2015", "year", None),
    ],
)
def test_relative(phrase: str, value: str, precision: str, part_of_day: str | None) -> None:
    m = one(phrase)
    assert (m.value, m.precision, m.relative, m.part_of_day) == (
        value,
        precision,
        True,
        part_of_day,
    )
    assert m.kind == "relative"


@pytest.mark.parametrize(
    "phrase",
    [
        "اليوم",
        "أمس",
        "مساء اليوم",
        "الأسبوع الماضي",
        "الشهر الماضي",
        "العام الماضي",
        "قبل ثلاثة أيام",
        "منذ عامين",
        "يوم الجمعة",
        "الثلاثاء الماضي",
    ],
)
def test_relative_without_publication_is_unresolved(phrase: str) -> None:
    m = one(phrase, None)
    assert (m.value, m.precision, m.relative) == (None, None, True)


def test_relative_never_reads_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoToday(dt.date):
        @classmethod
        def today(cls) -> NoToday:
            raise AssertionError("the clock was read")

    fake = types.SimpleNamespace(date=NoToday, datetime=dt.datetime, timedelta=dt.timedelta)
    monkeypatch.setattr(dates_module, "dt", fake)
    assert [m.value for m in find_dates(normalize("أمس وقبل يومين ويوم الجمعة"))] == [
        None,
        None,
        None,
    ]


def test_relative_crosses_month_and_year() -> None:
    assert one("قبل شهر", dt.date(2019, 1, 15)).value == "2018-12"
    assert one("أمس", dt.date(2019, 3, 1)).value == "2019-02-28"
    assert one("الشهر المقبل", dt.date(2019, 12, 5)).value == "2020-01"


@pytest.mark.parametrize(
    "phrase",
    [
        "اليوم التالي",
        "اليوم العالمي للمرأة",
        "في ذلك اليوم",
        "في الأمس القريب",
        "غدا الوضع أخطر",
        "حزب الغد",
        "قبل أيام",
        "قبل شهر رمضان",
        "قبل عامين من الانتخابات",
    ],
)
def test_relative_look_alikes(phrase: str) -> None:
    assert find_dates(normalize(phrase), P) == []


def test_datetime_publication_is_accepted() -> None:
    assert one("أمس", dt.datetime(2019, 6, 12, 23, 59)).value == "2019-06-11"


# --- weekdays ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "value", "part_of_day"),
    [
        ("يوم الجمعة", "2019-06-07", None),
        ("يوم الأربعاء", "2019-06-12", None),  # the publication day itself
        ("الأربعاء الماضي", "2019-06-05", None),  # الماضي: strictly before
        ("يوم الثلاثاء الماضي", "2019-06-11", None),
        ("الجمعة المقبلة", "2019-06-14", None),
        ("الأربعاء المقبل", "2019-06-19", None),
        ("مساء الجمعة", "2019-06-07", "evening"),
        ("فجر الأحد", "2019-06-09", "dawn"),
        ("ليلة السبت", "2019-06-08", "night"),
        ("صباح يوم الاثنين", "2019-06-10", "morning"),
        ("صباح يوم الإثنين", "2019-06-10", "morning"),
        ("ليل الخميس الجمعة", "2019-06-06", "night"),
        ("الجمعة صباحا", "2019-06-07", "morning"),
        ("قالت الوزارة، الخميس، إن", "2019-06-06", None),
        ("أعلنت الشرطة (الخميس) أن", "2019-06-06", None),
        ("قال الوزير الخميس إن", "2019-06-06", None),
        ("صلاة الجمعة الماضية", "2019-06-07", None),
        ("قبل يوم الجمعة", "2019-06-07", None),
    ],
)
def test_weekdays(phrase: str, value: str, part_of_day: str | None) -> None:
    m = one(phrase)
    assert (m.value, m.precision, m.kind, m.relative, m.part_of_day) == (
        value,
        "day",
        "weekday",
        True,
        part_of_day,
    )


@pytest.mark.parametrize(
    "phrase",
    [
        "صلاة الجمعة",
        "بعد صلاة الجمعة",
        "خطبة الجمعة",
        "صلاة يوم الجمعة",
        "خطبة يوم الجمعة",
        "كل يوم جمعة",
        "أيام الجمعة",
        "الجمعة",
        "بين الاثنين",
        "الاثنين معا",
        "الجمعية العامة",
    ],
)
def test_weekday_negatives(phrase: str) -> None:
    assert find_dates(normalize(phrase), P) == []


def test_weekday_before_a_date_joins_it() -> None:
    m = one("مساء يوم الجمعة 4/8/1436 هـ")
    assert (m.kind, m.part_of_day, m.hijri, m.value) == (
        "hijri",
        "evening",
        "1436-08-04",
        "2015-05-22",
    )


# --- ranges -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "first"),
    [
        ("من 14 يونيو إلى 15 يوليو 2018", "2018-06-14"),
        ("من 20 ديسمبر إلى 5 يناير 2016", "2015-12-20"),
        ("بين 14 يونيو و15 يوليو 2018", "2018-06-14"),
        ("من 28 ذي الحجة إلى 1 محرم 1437هـ", "2015-10-11"),
    ],
)
def test_range_start_takes_the_end_year(phrase: str, first: str) -> None:
    found = find_dates(normalize(phrase), P)
    assert len(found) == 2
    assert (found[0].value, found[0].relative) == (first, False)


# --- API and offsets -------------------------------------------------------------------


def test_parse_date_offsets_are_raw() -> None:
    raw = "وقع الهجومُ في ٢٠ مايـو ٢٠١٩ فجراً"
    m = one(raw)
    assert m.text == raw[m.start : m.end] == "٢٠ مايـو ٢٠١٩"
    assert m.value == "2019-05-20"


def test_parse_date_returns_none_without_date() -> None:
    assert parse_date("لا تاريخ هنا", P) is None


def test_find_dates_orders_matches() -> None:
    text = normalize("قتل أمس 3 أشخاص، وفي 20 مايو 2019 قتل آخرون، وفي عام 2015 أيضا")
    found = find_dates(text, P)
    assert [m.value for m in found] == ["2019-06-11", "2019-05-20", "2015"]
    assert [m.start for m in found] == sorted(m.start for m in found)


def test_dates_on_doc_uses_meta_published() -> None:
    doc = Doc.from_text("أعلنت الداخليةُ، أمسِ، القبضَ على خلية في 20 مايـو", published="2019-06-12")
    found = dates(doc)
    assert [(m.value, span.text) for m, span in found] == [
        ("2019-06-11", "أمسِ"),
        ("2019-05-20", "20 مايـو"),
    ]
    assert dates(doc, dt.date(2020, 1, 1))[0][0].value == "2019-12-31"


def test_to_dict() -> None:
    d = one("15 رمضان 1440 هـ").to_dict()
    assert d["value"] == "2019-05-20" and d["hijri"] == "1440-09-15" and d["kind"] == "hijri"


# --- properties -------------------------------------------------------------------------

MONTHS = ["يناير", "آذار", "جوان", "شتنبر", "تشرين الثاني", "مايو", "كانون الأول"]
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FILLER = st.sampled_from(
    ["قتل", "في", "أمس", "الجمعة", "عام", "،", " ", "\n", "(", ")", "مساء", "قبل", "يومين", "مارس"]
)


NAMES = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو"]
NAMES += ["يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2060, 12, 31)), st.booleans())
@settings(max_examples=150, deadline=None)
def test_digit_scripts_agree(day: dt.date, numeric: bool) -> None:
    if numeric:
        western = f"في {day.day}/{day.month}/{day.year}"
    else:
        western = f"في {day.day} {NAMES[day.month - 1]} {day.year}"
    eastern = western.translate(ARABIC_INDIC)
    a, b = one(western), one(eastern)
    assert a.value == b.value == day.isoformat()
    assert (a.start, a.end) == (b.start, b.end)


@given(
    st.lists(st.one_of(FILLER, st.sampled_from(MONTHS), st.integers(0, 2100).map(str)), max_size=25)
)
@settings(max_examples=200, deadline=None)
def test_offsets_slice_back(parts: list[str]) -> None:
    raw = " ".join(parts)
    norm = normalize(raw)
    found = find_dates(norm, P)
    for m in found:
        assert norm[m.start : m.end] == m.text
        assert m.text == m.text.strip()
        assert (m.value is None) == (m.precision is None)
    assert found == find_dates(norm, P)  # deterministic
    first = parse_date(raw, P)
    if first is not None:
        assert raw[first.start : first.end] == first.text


@given(st.text(alphabet="ابتثجحدرسعفقلمنهوي ٠١٢٣4567/.-،()ةىأإآ", max_size=60))
@settings(max_examples=200, deadline=None)
def test_arbitrary_text_never_fails(text: str) -> None:
    for m in find_dates(normalize(text), P):
        assert 0 <= m.start < m.end <= len(text)
        assert m.kind in {"absolute", "numeric", "hijri", "relative", "weekday", "year"}
