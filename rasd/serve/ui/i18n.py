"""Dashboard strings in Arabic and English, and number/date formatting per language.

Arabic is the default (``dir="rtl"``); English is LTR. Arabic numbers are printed
with Arabic-Indic digits and the Arabic thousands separator; Gregorian months use
the pan-Arab (Egyptian/Gulf) names.

>>> fmt_number(1234, "ar"), fmt_number(1234, "en")
('١٬٢٣٤', '1,234')
>>> fmt_date("2015-08-06", "ar"), fmt_date("2015-08", "en")
('٦ أغسطس ٢٠١٥', 'August 2015')
"""

from __future__ import annotations

import re

LANGS = ("ar", "en")
DEFAULT_LANG = "ar"
DIRECTION = {"ar": "rtl", "en": "ltr"}

_AR_DIGITS = str.maketrans("0123456789.,", "٠١٢٣٤٥٦٧٨٩٫٬")
MONTHS = {
    "ar": ("يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر").split(),
    "en": (
        "January February March April May June July August September October November December"
    ).split(),
}
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# -- labels -------------------------------------------------------------------------
STRINGS: dict[str, dict[str, str]] = {
    "ar": {
        "site": "رصد",
        "tagline": "مرصد الإرهاب والعنف السياسي",
        "skip": "تخطَّ إلى المحتوى",
        "nav": "التنقل الرئيسي",
        "overview": "نظرة عامة",
        "map": "الخريطة",
        "timeline": "الخط الزمني",
        "incidents": "الحوادث",
        "sources": "المصادر",
        "switch": "English",
        "switch_label": "التبديل إلى الإنجليزية",
        "n_incidents": "الحوادث",
        "n_articles": "المقالات",
        "n_sources": "المصادر",
        "n_reports": "التقارير",
        "killed": "القتلى",
        "wounded": "الجرحى",
        "arrested": "الموقوفون",
        "latest": "أحدث الحوادث",
        "candidates": "جماعات مرشحة للمراجعة",
        "candidates_note": "أسماء تنظيمات لا تعرفها قاعدة المعرفة وردت قرب لغة هجوم أو تبنٍّ؛ لا تُحسب منفذين",
        "reports_n": "تقارير",
        "trend": "الحوادث شهرياً حسب النوع",
        "trend_label": "رسم بياني لعدد الحوادث في كل شهر حسب النوع",
        "date": "التاريخ",
        "type": "النوع",
        "status": "الحالة",
        "country": "البلد",
        "place": "المكان",
        "group": "الجماعة",
        "groups": "الجماعات",
        "perpetrators": "المنفذون",
        "targets": "الأهداف",
        "weapons": "الأسلحة",
        "suicide": "انتحاري",
        "recency": "الحداثة",
        "confidence": "الثقة",
        "reports": "التقارير",
        "date_from": "من تاريخ",
        "date_to": "إلى تاريخ",
        "search": "بحث في النص",
        "any": "الكل",
        "apply": "تطبيق",
        "reset": "مسح",
        "filters": "عوامل التصفية",
        "next": "الصفحة التالية",
        "first": "الصفحة الأولى",
        "none": "لا توجد نتائج",
        "sort_by": "ترتيب حسب",
        "incident": "حادثة",
        "field": "الحقل",
        "value": "القيمة",
        "evidence": "الدليل",
        "articles": "المقالات",
        "article": "المقالة",
        "source": "المصدر",
        "published": "تاريخ النشر",
        "title": "العنوان",
        "original": "الرابط الأصلي",
        "merge_history": "سجل الدمج",
        "action": "الإجراء",
        "actor": "المنفّذ",
        "score": "الدرجة",
        "reasons": "الأسباب",
        "at": "الوقت",
        "no_history": "لا يوجد سجل دمج",
        "names": "الأسماء",
        "name_ar": "الاسم بالعربية",
        "name_en": "الاسم بالإنجليزية",
        "aliases": "أسماء أخرى",
        "parent": "الجماعة الأم",
        "kind": "التصنيف",
        "active": "فترة النشاط",
        "countries": "البلدان",
        "profile": "الأهداف والأسلحة",
        "count": "العدد",
        "reliability": "الموثوقية",
        "language": "اللغة",
        "url": "الرابط",
        "not_found": "الصفحة غير موجودة",
        "not_found_text": "لم نجد ما تبحث عنه. تحقق من الرابط أو عد إلى الصفحة الرئيسية.",
        "bad_request": "طلب غير صالح",
        "home": "الصفحة الرئيسية",
        "yes": "نعم",
        "no": "لا",
        "map_label": "خريطة الحوادث: حجم الدائرة بحسب عدد الضحايا ولونها بحسب النوع",
        "map_hint": "حجم الدائرة بحسب عدد القتلى والجرحى، ولونها بحسب نوع الحادثة.",
        "open_incident": "فتح الحادثة",
        "cluster": "حوادث",
        "in_incidents": "الحوادث المستخرجة من هذه المقالة",
        "highlights": "المقاطع المظللة هي أدلة الحقول المستخرجة.",
        "unknown": "غير معروف",
        "all_sources": "كل المصادر",
        "new": "جديدة",
        "background": "خلفية",
        "per_month": "عدد الحوادث شهرياً",
        "footer": "رصد — بيانات من تقارير منشورة، مع دليل نصي لكل حقل.",
        # -- analysis pages
        "trends": "الاتجاهات",
        "network": "شبكة الجماعات",
        "spikes": "الارتفاعات المفاجئة",
        "alerts": "التنبيهات",
        "period": "الفترة",
        "period_day": "يومياً",
        "period_week": "أسبوعياً",
        "period_month": "شهرياً",
        "by_type": "حسب نوع الحادثة",
        "by_country": "حسب البلد",
        "by_group": "حسب الجماعة",
        "by_target": "حسب نوع الهدف",
        "casualties": "القتلى والجرحى",
        "casualties_label": "رسم بياني لعدد القتلى والجرحى في كل فترة",
        "counts_label": "رسم بياني لعدد الحوادث في كل فترة",
        "chart_table": "بيانات الرسم البياني",
        "key": "الفئة",
        "other_keys": "فئات أخرى",
        "capped": "عُرضت أول {n} صفوف فقط.",
        "trends_hint": "تُعد الحادثة مرة واحدة لكل جماعة ولكل نوع هدف، فقد يزيد مجموع الفئات عن العدد الكلي.",
        "min_weight": "أدنى عدد حوادث للرابط",
        "network_label": "شبكة تربط الجماعات بالبلدان وأنواع الأهداف؛ حجم العقدة بحسب عدد الحوادث",
        "network_hint": "حجم العقدة بحسب عدد الحوادث وسُمك الرابط بحسب عدد الحوادث المشتركة. انقر على جماعة لفتح صفحتها.",
        "edges": "أقوى الروابط",
        "weight": "عدد الحوادث",
        "node_group": "جماعة",
        "node_country": "بلد",
        "node_target": "نوع هدف",
        "end": "الطرف الآخر",
        "watchlist": "قائمة المراقبة",
        "watchlists": "قوائم المراقبة",
        "alerts_fired": "التنبيهات الصادرة",
        "rules": "الشروط",
        "channels": "قنوات الإرسال",
        "reason": "السبب",
        "delivery": "حالة الإرسال",
        "delivered": "أُرسل",
        "pending": "قيد الانتظار",
        "failed": "فشل",
        "no_channels": "بلا قنوات",
        "secret_hidden": "موقَّع (المفتاح مخفي)",
        "near": "ضمن {r} كم من ({lat}، {lon})",
        "keywords": "كلمات مفتاحية",
        "min_casualties": "أدنى عدد للضحايا",
        "min_confidence": "أدنى ثقة",
        "any_incident": "كل الحوادث",
        "since": "منذ تاريخ",
        "any_period": "يومياً وأسبوعياً",
        "activity_spikes": "ارتفاعات النشاط",
        "threat_signals": "مؤشرات التهديد",
        "threat_hint": "ارتفاع في التحذيرات والمخططات المحبطة والمداهمات في بلد ما، وكثيراً ما يسبق الهجمات.",
        "spikes_hint": "خط الأساس هو العدد المتوقع من الأسابيع أو الأيام السابقة؛ القيمة الاحتمالية هي احتمال بلوغ العدد المرصود أو أكثر لو لم يتغير شيء. يُبلَّغ عن الارتفاع إذا قلّت عن {alpha} وبلغ العدد {min} على الأقل.",
        "period_start": "بداية الفترة",
        "by": "حسب",
        "observed": "العدد المرصود",
        "baseline": "المتوقع (خط الأساس)",
        "pvalue": "القيمة الاحتمالية",
        "model": "النموذج",
        "model_poisson": "بواسون",
        "model_negbin": "ثنائي الحد السالب",
        "view_incidents": "عرض الحوادث",
        "activity": "مؤشرات النشاط",
        "lethality": "القتلى لكل حادثة",
        "tempo": "الفاصل الوسيط بين الحوادث (أيام)",
        "first_seen": "أول ظهور",
        "last_seen": "آخر ظهور",
        "trend_90": "اتجاه آخر ٩٠ يوماً",
        "last_90": "آخر ٩٠ يوماً",
        "previous_90": "الـ٩٠ يوماً السابقة",
        "trend_rising": "في ازدياد",
        "trend_falling": "في تراجع",
        "trend_stable": "مستقر",
        "trend_new": "نشاط جديد",
        "trend_inactive": "غير نشط",
        "trend_none": "غير معروف",
    },
    "en": {
        "site": "rasd",
        "tagline": "Terrorism and political violence monitor",
        "skip": "Skip to content",
        "nav": "Main navigation",
        "overview": "Overview",
        "map": "Map",
        "timeline": "Timeline",
        "incidents": "Incidents",
        "sources": "Sources",
        "switch": "العربية",
        "switch_label": "Switch to Arabic",
        "n_incidents": "Incidents",
        "n_articles": "Articles",
        "n_sources": "Sources",
        "n_reports": "Reports",
        "killed": "Killed",
        "wounded": "Wounded",
        "arrested": "Arrested",
        "latest": "Latest incidents",
        "candidates": "Candidate groups for review",
        "candidates_note": "Organisations the knowledge base does not know, named beside attack or claim language; never counted as perpetrators",
        "reports_n": "reports",
        "trend": "Incidents per month by type",
        "trend_label": "Chart of the number of incidents per month by type",
        "date": "Date",
        "type": "Type",
        "status": "Status",
        "country": "Country",
        "place": "Place",
        "group": "Group",
        "groups": "Groups",
        "perpetrators": "Perpetrators",
        "targets": "Targets",
        "weapons": "Weapons",
        "suicide": "Suicide",
        "recency": "Recency",
        "confidence": "Confidence",
        "reports": "Reports",
        "date_from": "From date",
        "date_to": "To date",
        "search": "Text search",
        "any": "Any",
        "apply": "Apply",
        "reset": "Clear",
        "filters": "Filters",
        "next": "Next page",
        "first": "First page",
        "none": "No results",
        "sort_by": "Sort by",
        "incident": "Incident",
        "field": "Field",
        "value": "Value",
        "evidence": "Evidence",
        "articles": "Articles",
        "article": "Article",
        "source": "Source",
        "published": "Published",
        "title": "Title",
        "original": "Original link",
        "merge_history": "Merge history",
        "action": "Action",
        "actor": "By",
        "score": "Score",
        "reasons": "Reasons",
        "at": "When",
        "no_history": "No merge history",
        "names": "Names",
        "name_ar": "Arabic name",
        "name_en": "English name",
        "aliases": "Aliases",
        "parent": "Parent group",
        "kind": "Kind",
        "active": "Active",
        "countries": "Countries",
        "profile": "Targets and weapons",
        "count": "Count",
        "reliability": "Reliability",
        "language": "Language",
        "url": "URL",
        "not_found": "Page not found",
        "not_found_text": "We could not find what you asked for. Check the link or go back home.",
        "bad_request": "Bad request",
        "home": "Home",
        "yes": "yes",
        "no": "no",
        "map_label": "Incident map: circle size by casualties, colour by type",
        "map_hint": "Circle size follows killed plus wounded; colour follows the incident type.",
        "open_incident": "Open incident",
        "cluster": "incidents",
        "in_incidents": "Incidents extracted from this article",
        "highlights": "Highlighted passages are the evidence for extracted fields.",
        "unknown": "unknown",
        "all_sources": "All sources",
        "new": "new",
        "background": "background",
        "per_month": "Incidents per month",
        "footer": "rasd — data from published reports, with a text quote for every field.",
        # -- analysis pages
        "trends": "Trends",
        "network": "Network",
        "spikes": "Spikes",
        "alerts": "Alerts",
        "period": "Period",
        "period_day": "Daily",
        "period_week": "Weekly",
        "period_month": "Monthly",
        "by_type": "By incident type",
        "by_country": "By country",
        "by_group": "By group",
        "by_target": "By target type",
        "casualties": "Killed and wounded",
        "casualties_label": "Chart of the number killed and wounded per period",
        "counts_label": "Chart of the number of incidents per period",
        "chart_table": "Chart data",
        "key": "Category",
        "other_keys": "Other categories",
        "capped": "Only the first {n} rows are shown.",
        "trends_hint": "An incident counts once per group and per target type, so the categories can add up to more than the total.",
        "min_weight": "Minimum incidents per link",
        "network_label": "Network linking groups to countries and target types; node size by incident count",
        "network_hint": "Node size follows the incident count, link width the incidents shared. Click a group to open its page.",
        "edges": "Strongest links",
        "weight": "Incidents",
        "node_group": "group",
        "node_country": "country",
        "node_target": "target type",
        "end": "Linked to",
        "watchlist": "Watchlist",
        "watchlists": "Watchlists",
        "alerts_fired": "Alerts fired",
        "rules": "Rules",
        "channels": "Channels",
        "reason": "Reason",
        "delivery": "Delivery",
        "delivered": "delivered",
        "pending": "pending",
        "failed": "failed",
        "no_channels": "no channels",
        "secret_hidden": "signed (secret hidden)",
        "near": "within {r} km of ({lat}, {lon})",
        "keywords": "Keywords",
        "min_casualties": "Minimum casualties",
        "min_confidence": "Minimum confidence",
        "any_incident": "every incident",
        "since": "Since",
        "any_period": "Daily and weekly",
        "activity_spikes": "Activity spikes",
        "threat_signals": "Threat signals",
        "threat_hint": "A rise in warnings, foiled plots and raids in a country; it often comes before attacks.",
        "spikes_hint": "The baseline is the count expected from the preceding days or weeks; the p-value is the chance of the observed count or more if nothing had changed. A spike is reported when it is below {alpha} and the count is at least {min}.",
        "period_start": "Period start",
        "by": "By",
        "observed": "Observed",
        "baseline": "Expected (baseline)",
        "pvalue": "p-value",
        "model": "Model",
        "model_poisson": "Poisson",
        "model_negbin": "negative binomial",
        "view_incidents": "View incidents",
        "activity": "Activity figures",
        "lethality": "Killed per incident",
        "tempo": "Median days between incidents",
        "first_seen": "First seen",
        "last_seen": "Last seen",
        "trend_90": "90-day trend",
        "last_90": "last 90 days",
        "previous_90": "previous 90 days",
        "trend_rising": "rising",
        "trend_falling": "falling",
        "trend_stable": "stable",
        "trend_new": "new activity",
        "trend_inactive": "inactive",
        "trend_none": "unknown",
    },
}

TYPES: dict[str, tuple[str, str]] = {
    "bombing": ("تفجير", "Bombing"),
    "suicide_bombing": ("تفجير انتحاري", "Suicide bombing"),
    "armed_assault": ("هجوم مسلح", "Armed assault"),
    "stabbing": ("طعن", "Stabbing"),
    "vehicle_ramming": ("دهس بمركبة", "Vehicle ramming"),
    "assassination": ("اغتيال", "Assassination"),
    "kidnapping": ("خطف", "Kidnapping"),
    "hostage_taking": ("احتجاز رهائن", "Hostage taking"),
    "attack_on_facility": ("هجوم على منشأة", "Attack on facility"),
    "prison_attack_or_riot": ("هجوم على سجن أو تمرد", "Prison attack or riot"),
    "plot_foiled": ("إحباط مخطط", "Foiled plot"),
    "arrest_raid": ("مداهمة واعتقال", "Arrest raid"),
    "claim": ("تبنٍّ", "Claim"),
    "warning_threat": ("تحذير أو تهديد", "Warning or threat"),
    "other": ("أخرى", "Other"),
}
STATUSES: dict[str, tuple[str, str]] = {
    "executed": ("نُفّذ", "Executed"),
    "foiled": ("أُحبط", "Foiled"),
    "attempted_failed": ("محاولة فاشلة", "Attempted, failed"),
    "planned": ("مخطط له", "Planned"),
    "claimed_only": ("تبنٍّ فقط", "Claimed only"),
    "unknown": ("غير معروف", "Unknown"),
}
FIELDS: dict[str, tuple[str, str]] = {
    "type": ("النوع", "Type"),
    "status": ("الحالة", "Status"),
    "date": ("التاريخ", "Date"),
    "location": ("المكان", "Place"),
    "perpetrators": ("المنفذون", "Perpetrators"),
    "targets": ("الأهداف", "Targets"),
    "weapons": ("الأسلحة", "Weapons"),
    "killed": ("القتلى", "Killed"),
    "wounded": ("الجرحى", "Wounded"),
    "arrested": ("الموقوفون", "Arrested"),
    "suicide": ("انتحاري", "Suicide"),
    "recency": ("الحداثة", "Recency"),
}
#: GTD weapon types (code → Arabic label); English labels come from the taxonomy.
WEAPONS_AR: dict[int, str] = {
    1: "بيولوجي",
    2: "كيميائي",
    3: "إشعاعي",
    4: "نووي",
    5: "أسلحة نارية",
    6: "متفجرات",
    7: "أسلحة مزيفة",
    8: "مواد حارقة",
    9: "سلاح أبيض",
    10: "مركبة",
    11: "معدات تخريب",
    12: "أخرى",
    13: "غير معروف",
}
TARGETS_AR: dict[int, str] = {
    1: "منشآت تجارية",
    2: "جهات حكومية",
    3: "الشرطة",
    4: "الجيش",
    5: "جهات متصلة بالإجهاض",
    6: "المطارات والطائرات",
    7: "بعثات دبلوماسية",
    8: "مؤسسات تعليمية",
    9: "إمدادات الغذاء والمياه",
    10: "الصحفيون ووسائل الإعلام",
    11: "أهداف بحرية",
    12: "منظمات غير حكومية",
    13: "أخرى",
    14: "مدنيون وممتلكات خاصة",
    15: "شخصيات ومؤسسات دينية",
    16: "الاتصالات",
    17: "جماعات مسلحة",
    18: "السياح",
    19: "النقل",
    20: "غير معروف",
    21: "المرافق العامة",
    22: "أحزاب سياسية عنيفة",
}
GROUP_KINDS: dict[str, tuple[str, str]] = {
    "jihadist": ("جهادية", "Jihadist"),
    "separatist": ("انفصالية", "Separatist"),
    "militia": ("ميليشيا", "Militia"),
    "leftist": ("يسارية", "Leftist"),
    "nationalist": ("قومية", "Nationalist"),
    "sectarian": ("طائفية", "Sectarian"),
    "far-right": ("يمين متطرف", "Far right"),
    "other": ("أخرى", "Other"),
}


def pick_lang(query: str | None, cookie: str | None) -> str:
    """The page language: ``?lang=`` first, then the cookie, else Arabic."""
    for value in (query, cookie):
        if value in LANGS:
            return str(value)
    return DEFAULT_LANG


def t(lang: str, key: str) -> str:
    """A label; unknown keys come back as themselves (visible, never a crash)."""
    return STRINGS.get(lang, STRINGS[DEFAULT_LANG]).get(key, key)


def _pair(table: dict[str, tuple[str, str]], key: str | None, lang: str) -> str:
    if not key:
        return t(lang, "unknown")
    pair = table.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "ar" else pair[1]


def type_label(value: str | None, lang: str) -> str:
    return _pair(TYPES, value, lang)


def status_label(value: str | None, lang: str) -> str:
    return _pair(STATUSES, value, lang)


def field_label(value: str, lang: str) -> str:
    return _pair(FIELDS, value, lang)


def kind_label(value: str | None, lang: str) -> str:
    return _pair(GROUP_KINDS, value, lang)


def digits(text: str, lang: str) -> str:
    """Western digits (and ``.``/``,``) to Arabic-Indic ones for Arabic."""
    return text.translate(_AR_DIGITS) if lang == "ar" else text


def fmt_number(value: float | int | None, lang: str) -> str:
    """``1234`` → ``١٬٢٣٤`` (ar) or ``1,234`` (en); ``None`` → an en dash."""
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return digits(f"{value:,.2f}", lang)
    return digits(f"{int(value):,}", lang)


def fmt_date(value: str | None, lang: str) -> str:
    """An ISO date at its precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``; longer
    strings such as timestamps are cut to the day) with the month named."""
    if not value:
        return t(lang, "unknown")
    m = _DATE.match(value)
    if not m:
        return value
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month is None or not 1 <= int(month) <= 12:
        return digits(year, lang)
    name = MONTHS[lang if lang in MONTHS else DEFAULT_LANG][int(month) - 1]
    if day is None:
        return f"{name} {digits(year, lang)}"
    return f"{digits(str(int(day)), lang)} {name} {digits(year, lang)}"


def fmt_month(period: str, lang: str) -> str:
    """A period start ``YYYY-MM-DD`` as a month label (``أغسطس ٢٠١٥``)."""
    return fmt_date(period[:7], lang)
