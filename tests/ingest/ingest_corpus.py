"""Short generated Arabic articles for the ingest tests (written for rasd; no corpus text).

Every article is unique (its number is in the text and the URL); one in
``incident_every`` carries an incident sentence built from templates, so
extraction and merging have work to do while staying fast.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

CITIES = ("الرياض", "جدة", "الدمام", "أبها", "نجران", "القطيف", "بغداد", "الموصل", "عدن", "سيناء")
TOPICS = (
    "افتتحت الأمانة حديقة تضم {n} شجرة.",
    "ارتفع مؤشر السوق {n} نقطة.",
    "فاز الفريق بنتيجة {n} أهداف.",
    "قبلت الجامعة {n} طالبا.",
    "زار المعرض {n} شخص.",
    "بدأ بناء {n} وحدة سكنية.",
)
INCIDENTS = (
    "قتل {k} أشخاص وأصيب {w} آخرون في انفجار سيارة مفخخة استهدف سوقا شعبيا في {city} صباح أمس.",
    "أحبطت الأجهزة الأمنية مخططا إرهابيا في {city} وألقت القبض على {k} مشتبه بهم.",
    "هاجم مسلحون نقطة تفتيش في {city} مما أدى إلى مقتل {k} من رجال الأمن.",
)


def article(i: int, *, incident_every: int = 4) -> dict[str, Any]:
    """Article number ``i`` (deterministic)."""
    rnd = random.Random(i)
    city = CITIES[i % len(CITIES)]
    parts = [f"العدد {i} من {city}: " + rnd.choice(TOPICS).format(n=rnd.randint(10, 900))]
    if incident_every and i % incident_every == 0:
        tpl = INCIDENTS[(i // incident_every) % len(INCIDENTS)]
        parts.append(tpl.format(k=rnd.randint(2, 9), w=rnd.randint(2, 30), city=city))
    day = 1 + i % 28
    return {
        "title": f"أخبار {city} رقم {i}",
        "text": " ".join(parts),
        "url": f"https://news.example/{i}",
        "published": f"2015-08-{day:02d}",
        "language": "ar",
    }


def write_jsonl(path: Path, numbers: range | list[int], **kw: Any) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in numbers:
            fh.write(json.dumps(article(i, **kw), ensure_ascii=False) + "\n")
    return path
