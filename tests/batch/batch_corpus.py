"""Data and helpers shared by the batch tests: small articles written for these
tests (own words), a JSON-lines writer, a flaky partition and a recording sink."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rasd.batch import NullSink, PartitionResult
from rasd.batch.records import RawDoc

ARTICLES = [
    {
        "title": "انفجار سيارة مفخخة في الكرادة",
        "content": "بغداد - قال مصدر في الشرطة العراقية إن انفجار سيارة مفخخة وقع صباح "
        "اليوم الثلاثاء قرب سوق شعبي في حي الكرادة وسط بغداد، ما أسفر عن مقتل 12 شخصا "
        "وإصابة 30 آخرين. ولم تتبن أي جهة المسؤولية عن التفجير حتى الآن.",
        "url": "http://example.org/a/1",
        "date_extracted": "2015-07-21 09:10:00",
        "source": "testwire",
    },
    {
        "title": "قتلى وجرحى في تفجير ببغداد",
        "content": "لقي اثنا عشر شخصا حتفهم وأصيب ثلاثون بجروح في انفجار سيارة مفخخة "
        "استهدف سوقا في منطقة الكرادة ببغداد يوم الثلاثاء، بحسب ما أفادت مصادر أمنية "
        "عراقية.",
        "url": "http://example.org/b/2",
        "date_extracted": "2015-07-21 11:00:00",
        "source": "otherwire",
    },
    {
        "title": "القبض على خلية في الرياض",
        "content": "أعلنت وزارة الداخلية السعودية القبض على خمسة أشخاص يشتبه في انتمائهم "
        "إلى تنظيم داعش في مدينة الرياض، وضبطت بحوزتهم أسلحة وأحزمة ناسفة كانوا "
        "يخططون لاستخدامها في هجوم على مسجد.",
        "url": "http://example.org/c/3",
        "date_extracted": "2015-07-22 08:00:00",
        "source": "testwire",
    },
    {
        "title": "أسعار النفط",
        "content": "ارتفعت أسعار النفط في تعاملات اليوم بنسبة اثنين في المئة بعد صدور "
        "بيانات تشير إلى تراجع المخزونات الأمريكية، وتوقع محللون استمرار الصعود.",
        "url": "http://example.org/d/4",
        "date_extracted": "2015-07-22 10:00:00",
        "source": "testwire",
    },
    {
        "title": "Rates",
        "content": "The central bank kept interest rates unchanged on Tuesday, citing "
        "stable inflation and a steady labour market across the region.",
        "url": "http://example.org/e/5",
        "date_extracted": "2015-07-22 12:00:00",
        "source": "testwire",
    },
    {
        "title": "هجوم على نقطة تفتيش في العريش",
        "content": "هاجم مسلحون نقطة تفتيش للجيش المصري في مدينة العريش بشمال سيناء فجر "
        "الأحد، مما أدى إلى مقتل أربعة جنود وإصابة سبعة آخرين، وفق بيان للمتحدث "
        "العسكري.",
        "url": "http://example.org/f/6",
        "date_extracted": "2015-07-19 06:00:00",
        "source": "otherwire",
    },
]


def write_jsonl(path: Path, rows: list[object], bad_lines: dict[int, str] | None = None) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    for pos, text in sorted((bad_lines or {}).items()):
        lines.insert(pos, text)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Flaky:
    """A partition whose first ``fail_times`` reads raise (state kept in a file)."""

    marker: str
    fail_times: int = 1

    label = "flaky"
    count = 1

    def records(self) -> Iterator[RawDoc]:
        path = Path(self.marker)
        tries = int(path.read_text()) if path.exists() else 0
        path.write_text(str(tries + 1))
        if tries < self.fail_times:
            raise OSError(f"transient failure {tries + 1}")
        yield RawDoc(ref="flaky#0", text="هاجم مسلحون حاجزا للشرطة في الموصل وقتلوا شرطيين.")


class Recorder(NullSink):
    """A sink that remembers the order of the partitions it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []

    def write(self, result: PartitionResult) -> None:
        super().write(result)
        self.keys.append(result.key)
