"""Incidents for the export tests, built from Arabic sentences written for these tests
(not taken from any corpus)."""

from __future__ import annotations

from rasd.model import (
    Actor,
    ArticleRef,
    Count,
    DateValue,
    Evidence,
    Incident,
    IncidentReport,
    Location,
    Tag,
)

ARTICLE_1 = (
    "الموصل - قالت مصادر أمنية إن عبوة ناسفة انفجرت صباح الثلاثاء قرب سوق شعبي في مدينة الموصل. "
    "وأسفر الانفجار عن مقتل ثلاثة مدنيين على الأقل وإصابة عشرة آخرين بجروح. "
    "وتبنى تنظيم داعش الهجوم في بيان نشره على الإنترنت."
)
ARTICLE_2 = (
    "أعلنت السلطات العراقية أن حصيلة تفجير الموصل ارتفعت إلى خمسة قتلى. "
    'وأضافت أن العبوة وضعت داخل عربة خضار، وفقًا لبيان رسمي يتضمن "علامات اقتباس" و،فواصل.'
)
ARTICLE_3 = (
    "أحبطت قوات الأمن التونسية مخططًا لتفجير مركز أمني في ولاية القصرين، "
    "واعتقلت أربعة أشخاص يشتبه في انتمائهم إلى خلية مسلحة."
)


def ev(article: str, phrase: str) -> Evidence:
    """Evidence for ``phrase`` with its raw offsets and its sentence."""
    start = article.index(phrase)
    s_start = article.rfind(". ", 0, start)
    s_start = 0 if s_start < 0 else s_start + 2
    s_end = article.find(".", start)
    s_end = len(article) if s_end < 0 else s_end + 1
    return Evidence(phrase, start, start + len(phrase), article[s_start:s_end], s_start, s_end)


def bombing() -> Incident:
    art1 = ArticleRef(
        doc_id="doc-001",
        url="https://news.example.org/ar/2024/03/05/mosul",
        title="انفجار عبوة ناسفة في سوق بالموصل",
        published="2024-03-05",
        source="news.example.org",
    )
    art2 = ArticleRef(
        doc_id="doc-002",
        url="https://daily.example.net/iraq/42",
        title='ارتفاع حصيلة "تفجير الموصل"، خمسة قتلى, حسب مصادر',
        published="2024-03-06",
        source="daily.example.net",
    )
    r1 = IncidentReport(
        type="bombing",
        status="executed",
        date=DateValue("2024-03-05", "day", ev(ARTICLE_1, "صباح الثلاثاء")),
        location=Location(
            country="IQ",
            province="Nineveh",
            city="Mosul",
            name_ar="الموصل",
            lat=36.34,
            lon=43.13,
            precision="city",
            evidence=ev(ARTICLE_1, "مدينة الموصل"),
        ),
        perpetrators=[
            Actor(
                "Islamic State",
                "claimed",
                "الدولة الإسلامية",
                "تنظيم داعش",
                "grp-isis",
                ev(ARTICLE_1, "تنظيم داعش"),
            )
        ],
        targets=[Tag("market", 14, "سوق شعبي", ev(ARTICLE_1, "سوق شعبي"))],
        weapons=[Tag("explosive device", 6, "عبوة ناسفة", ev(ARTICLE_1, "عبوة ناسفة"))],
        killed=Count(3, at_least=True, evidence=ev(ARTICLE_1, "مقتل ثلاثة مدنيين على الأقل")),
        wounded=Count(10, evidence=ev(ARTICLE_1, "إصابة عشرة آخرين")),
        confidence=0.8,
        is_main=True,
        evidence={"type": ev(ARTICLE_1, "انفجرت"), "status": ev(ARTICLE_1, "انفجرت")},
        article=art1,
    )
    r2 = IncidentReport(
        type="bombing",
        status="executed",
        location=Location(country="IQ", city="Mosul", name_ar="الموصل", precision="city"),
        killed=Count(5, evidence=ev(ARTICLE_2, "خمسة قتلى")),
        confidence=0.7,
        evidence={"type": ev(ARTICLE_2, "تفجير")},
        article=art2,
    )
    summary = IncidentReport.from_dict(r1.to_dict())
    summary.killed = Count(5, evidence=r2.killed.evidence if r2.killed else None)
    summary.targets.append(Tag("civilians", 14, "مدنيين"))
    return Incident(
        id="inc-2024-0001",
        summary=summary,
        reports=[r1, r2],
        report_ids=["rep-1", "rep-2"],
        created_at="2024-03-05T09:12:00+00:00",
        updated_at="2024-03-06T10:00:00Z",
    )


def foiled_plot() -> Incident:
    art = ArticleRef(
        doc_id="doc-003",
        url="https://maghreb.example.com/tn/777",
        title="إحباط مخطط إرهابي في القصرين",
        published="2023-11-20",
        source="maghreb.example.com",
    )
    r = IncidentReport(
        type="plot_foiled",
        status="foiled",
        date=DateValue("2023-11", "month"),
        location=Location(
            country="TN",
            province="Kasserine",
            name_ar="ولاية القصرين",
            precision="province",
            lat=35.17,
            lon=8.83,
            evidence=ev(ARTICLE_3, "ولاية القصرين"),
        ),
        perpetrators=[Actor("Unknown cell", "suspected", "خلية مسلحة", "خلية مسلحة")],
        targets=[Tag("security post", 3, "مركز أمني", ev(ARTICLE_3, "مركز أمني"))],
        arrested=Count(4, evidence=ev(ARTICLE_3, "أربعة أشخاص")),
        confidence=0.65,
        evidence={"type": ev(ARTICLE_3, "أحبطت"), "status": ev(ARTICLE_3, "أحبطت")},
        article=art,
    )
    return Incident(
        id="inc-2023-0420",
        summary=IncidentReport.from_dict(r.to_dict()),
        reports=[r],
        created_at="2023-11-20T08:00:00Z",
        updated_at="2023-11-21T08:00:00Z",
    )


def claim() -> Incident:
    r = IncidentReport(
        type="claim",
        status="claimed_only",
        date=DateValue("2024", "year"),
        location=Location(country="SY"),
        perpetrators=[Actor("Islamic State", "claimed", "الدولة الإسلامية", kb_id="grp-isis")],
        confidence=0.55,
        article=ArticleRef(doc_id="doc-004", title="تنظيم يتبنى هجومًا", published="2024-02-01"),
    )
    return Incident(id="inc-2024-0002", summary=r, reports=[], created_at="", updated_at="")


def bare() -> Incident:
    """An incident with almost nothing known."""
    return Incident(id="inc-bare", summary=IncidentReport(type="armed_assault"))


def sample() -> list[Incident]:
    return [bombing(), foiled_plot(), claim(), bare()]
