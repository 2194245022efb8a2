"""Small hand-made word lists that hint at entity types (the project's own lists).

* ``fn``: common given names (Arabic and foreign names in Arabic script);
* ``ttl``: titles and roles written before a person's name;
* ``org``: head words of organisation names ("وزارة", "جامعة", "حزب" …);
* ``loc``: head words of place names ("مدينة", "محافظة", "نهر" …).

:func:`cue` returns the list a word belongs to, checking its clitic-stripped
forms too ("والرئيس" → ``ttl``), so the tagger can generalise to names it never
saw next to cues it did. The lists are written for rasd (facts, not copied
text) and normalised lazily on first use: importing this module does no work.
"""

from __future__ import annotations

from functools import lru_cache

from rasd.text.clitics import lookup_keys
from rasd.text.normalize import key

_LISTS: dict[str, str] = {
    "fn": """
        محمد أحمد علي حسن حسين محمود مصطفى عمر عثمان خالد خليل إبراهيم إسماعيل يوسف
        يعقوب موسى عيسى سليمان داود عبد عبدالله عبدالرحمن عبدالعزيز عبدالكريم عبدالقادر
        عبدالسلام عبدالمجيد عبدالحميد عبدالرحيم عبدالفتاح عبدالناصر عبدالحليم سعيد سعد سعود
        فهد فيصل ناصر نصر منصور سلمان سلطان طلال طارق زياد زيد زكريا يحيى صالح صلاح جمال
        كمال فؤاد رشيد رياض رضا رامي سامي سمير سليم شريف شكري شوقي عادل عاطف عماد عصام
        عزت عزيز غازي فاروق فريد فتحي قاسم كريم لطفي ماهر مازن مجدي مراد مروان مالك معاذ
        منير نبيل نجيب نزار نعيم نوري هاني هشام هيثم وائل وليد ياسر ياسين يونس أنور أيمن
        أسامة أشرف أكرم أمين أنس بسام بشير بشار بكر توفيق ثامر جعفر جلال جميل حاتم حازم
        حامد حمد حمزة حميد حيدر راشد رائد ربيع رفيق زهير سالم سامر شادي شاكر صادق صبري
        ضياء عامر عباس عدنان عرفات عوض غسان فادي فايز فراس قيس لؤي مأمون مثنى مجيد مسعود
        مصعب معتز مهدي ناجي نادر نضال هادي همام وسيم وجدي ياسمين فاطمة عائشة خديجة زينب
        مريم سارة هدى هند ليلى سلمى سعاد نادية نجلاء نوال منى رانيا رنا ريم لينا دينا
        أمل أمينة آمنة حنان سناء سميرة سهام شيماء عبير علياء فدوى لمياء مها ناديا نور
        هالة هيفاء وفاء جون جورج جيمس ديفيد دافيد مايكل ميشيل ميشال بيتر بول روبرت ريتشارد
        توماس توم تشارلز فرانسوا جاك جان بيير ألكسندر فلاديمير سيرغي ديمتري هنري وليام
        دونالد باراك هيلاري كوندوليزا نيكولا نيكولاس أنطونيو خوسيه كارلوس ماريا آنا أنجيلا
        إيمانويل جوزيف غوردون طوني توني كوفي بان بنيامين إيهود أرييل شمعون إسحق
    """,
    "ttl": """
        الرئيس رئيس الملك الأمير الأميرة الشيخ الشيخة السيد السيدة الدكتور الدكتورة الأستاذ
        المهندس الوزير وزير الوزيرة النائب العميد العقيد اللواء الفريق المشير الجنرال
        الرائد النقيب المقدم القائد الإمام البابا المطران الأب الحاج القاضي المحامي السفير
        المستشار المتحدث الناطق الزعيم المرشد السلطان الجنرال الكاتب الشاعر الفنان المخرج
        المدرب اللاعب الصحفي الروائي المغني الممثل الأمين المدير المندوب المبعوث
    """,
    "org": """
        وزارة جامعة شركة حزب منظمة جمعية مجلس هيئة وكالة بنك مصرف نادي اتحاد جبهة حركة
        مؤسسة صندوق لجنة محكمة مركز معهد أكاديمية كلية مدرسة مستشفى جيش قوات كتائب سرايا
        لواء فيلق ألوية تنظيم جماعة تيار ائتلاف تحالف رابطة نقابة غرفة بورصة سوق صحيفة
        مجلة قناة إذاعة تلفزيون مديرية دائرة إدارة مصلحة سلطة برلمان البرلمان الكونغرس
        مكتب فرقة فريق منتخب
    """,
    "loc": """
        مدينة محافظة ولاية إقليم منطقة قرية بلدة حي مخيم نهر جبل جبال بحر بحيرة جزيرة جزر
        خليج صحراء وادي سهل شبه عاصمة العاصمة مقاطعة ناحية قضاء مديرية شارع ميدان ساحة
        مطار ميناء معبر حدود
    """,
}


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Key-normalised word → list name (first list wins for words in several)."""
    out: dict[str, str] = {}
    for name, words in _LISTS.items():
        for w in words.split():
            out.setdefault(key(w), name)
    return out


@lru_cache(maxsize=100_000)
def cue(word: str) -> str:
    """The cue list of ``word`` or of one of its clitic-stripped forms (``""`` if none)."""
    index = _index()
    hit = index.get(key(word))
    if hit is not None:
        return hit
    for form in lookup_keys(word)[1:3]:
        hit = index.get(form)
        if hit is not None:
            return hit
    return ""
