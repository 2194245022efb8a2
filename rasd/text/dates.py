"""Arabic date expressions: find them, give them a value and a precision.

:func:`find_dates` scans search-normalised text (see
:func:`rasd.text.normalize.normalize`) with one regular expression and then
applies context rules in Python. It finds

* Gregorian dates with month names of every family (``20 مايو 2019``,
  ``٢٠ آذار``, ``مارس (آذار) 2015``, ``الخامس من جوان``, ``مايو من العام الماضي``);
* numeric dates, day first (``22/03/2024``, ``22.3.2024``) or ISO (``2024-03-22``);
* Hijri dates (``15 رمضان 1440 هـ``, ``15/9/1440 هـ``, ``رمضان 1436``), converted to
  Gregorian with ``hijridate`` (Umm al-Qura; outside its range the value is ``None``);
* years after a cue (``عام 2015``, ``منذ 2011``, ``1962م``, ``1396هـ``);
* relative expressions (``أمس``, ``مساء اليوم``, ``الشهر الماضي``, ``قبل ثلاثة أيام``)
  and weekdays (``يوم الثلاثاء الماضي``), resolved against the publication date.

Rules and choices (each one is tested):

* Without a publication date nothing relative is resolved: the match is kept
  with ``value=None``. The clock of the machine is never read.
* A month name with neither day nor year needs a cue: a word before it
  (في، خلال، منذ، مطلع …, :data:`~rasd.lang.ar.months.MONTH_CUES`), ``شهر``, a
  paired name (``آب/أغسطس``) or a modifier after it (الماضي، المقبل، الجاري).
  ماي، جوان، أوت، غشت need more than في.
* A four-digit number is a year only after ``عام/العام/سنة`` or another cue
  (``منذ``, ``خلال``, ``الموافق``, seasons), or with a marker (``م``, ``هـ``); after
  the weak cues في/حتى/قبل/بعد the year must end the phrase ("في 2000 منزل" is a
  count). Years 1300–1460 without a marker are read as Hijri.
* "day month" without a year after a name word (ثورة، قوى، شارع، مدينة …) is a
  name, not a date ("ثورة 25 يناير", "قوى 14 آذار").
* A year-less day or month takes the nearest year to the publication date
  (ties go to the past); الماضي forces strictly before, المقبل strictly after.
* A weekday is a date after يوم or a part of the day (صباح، مساء، ليلة، فجر …), before
  الماضي/المقبل, or between commas/brackets (wire style "، الخميس،"). It resolves
  to the latest such day not after publication (الماضي: strictly before;
  المقبل: strictly after). After صلاة، خطبة، كل، أيام it is the prayer or a habit,
  not a date, unless a modifier follows ("صلاة الجمعة الماضية" is a date).
  "ليلة الجمعة" resolves to Friday (night), although it traditionally names the
  night before Friday.
* ``الأسبوع الماضي`` / ``قبل أسبوع`` resolve to the same weekday one week before
  publication with day precision (an approximation: the event lies in that week).
* Hijri month + year without a day gives the Gregorian month holding its 15th
  day; a Hijri year alone the Gregorian year holding 1 Rajab. A year-less Hijri
  date is written ``--MM-DD`` in ``hijri``.
* Shapes that are not dates (day 45, month 13) are not matched; well-formed but
  impossible dates (31 February) are matched with ``value=None``.

Not handled: ranges ("من 4 إلى 6 ذي الحجة" gives only the second day), two-digit
years, month-first Latin order ("مايو 20"), vague durations ("قبل أيام").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from hijridate import Gregorian, Hijri

from rasd.lang.ar import months as M
from rasd.text.normalize import normalize, normalize_with_map

if TYPE_CHECKING:
    from rasd.doc import Doc, Span

__all__ = ["DateMatch", "dates", "find_dates", "parse_date"]


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date expression; ``start``/``end`` index the text given to the finder."""

    start: int
    end: int
    text: str
    value: str | None
    precision: str | None
    kind: str
    relative: bool
    part_of_day: str | None = None
    hijri: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Plain dictionary (for JSON output)."""
        return {f: getattr(self, f) for f in self.__slots__}


# --- grammar -----------------------------------------------------------------------

_WB = r"(?![^\W\d_])"  # no letter follows
# Characters after which a date may start. An explicit class is much faster for the
# regex engine than the category [^\w]; a date after any other character is missed.
_DELIM = r"[ \n\t\r\f\v\"'(),.:;!?/\-\[\]{}<>*#|+=&%@~_]"


def _n(word: str) -> str:
    return " ".join(normalize(word).split())


_Trie = dict[str, "_Trie"]


def _alt(words: Iterable[str]) -> str:
    """A trie-shaped alternation of normalised ``words`` (spaces match any whitespace)."""
    trie: _Trie = {}
    for word in sorted({_n(w) for w in words}):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: _Trie) -> str:
    branches = [
        (r"\s+" if ch == " " else re.escape(ch)) + _emit(sub)
        for ch, sub in sorted(node.items())
        if ch
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def _index(table: dict[int, tuple[str, ...]]) -> dict[str, int]:
    return {_n(w): k for k, words in table.items() for w in words}


def _mods() -> dict[str, str]:
    out = {_n(w): "past" for w in M.PAST_WORDS}
    out.update({_n(w): "next" for w in M.NEXT_WORDS})
    out.update({_n(w): "current" for w in M.CURRENT_WORDS})
    return out


_REL_DAYS = {_n(k): v for k, v in M.RELATIVE_DAYS.items()}
_UNITS = {_n(k): v for k, v in M.PERIOD_UNITS.items()}


@cache
def _regex() -> re.Pattern[str]:
    mod = f"(?:{_alt(_mods())}){_WB}"
    pod, poda = _alt(M.PART_OF_DAY_BEFORE), _alt(M.PART_OF_DAY_AFTER)
    wd = f"(?:{_alt(_index(M.WEEKDAYS))}){_WB}"
    mark = r"\s*(?:ه|هجري|هجرية|للهجرة|م|ميلادي|ميلادية|للميلاد)(?![^\W_])"
    gmonths = []
    for k in range(1, 13):
        names = _alt(w for fam in M.GREGORIAN_FAMILIES.values() for w in fam[k])
        gmonths.append(rf"(?:{names}){_WB}(?:(?:\s*[/(\-]\s*|\s+)(?:{names}){_WB}(?:\s*\))?)?")
    gmonth = "(?:" + "|".join(gmonths) + ")"
    hmonth = f"(?:{_alt(_index(M.HIJRI_MONTHS))}){_WB}"
    ordinal = (
        rf"(?:ال|لل|بال)(?P<ord>(?:{_alt(M.ORDINAL_UNITS)})"
        rf"(?:\s+(?:عشر|و\s*العشرين|و\s*الثلاثين))?|عاشر|عشرين|ثلاثين){_WB}"
    )
    day = rf"(?:(?P<day>\d{{1,2}})(?!\d)(?:\s*-)?\s*(?:من\s+)?|{ordinal}\s+من\s+)"
    year_word = r"(?:(?:ال|ل)?عام\s+|سنة\s+)"
    gtail = (
        rf"(?:\s*(?:من\s+)?{year_word}?(?P<gyear>\d{{4}})(?!\d)(?P<gmark>{mark})?"
        rf"|\s+من\s+(?:(?:العام|السنة)\s+(?P<gyrel>{mod})|(?P<gythis>هذا\s+العام|هذه\s+السنة){_WB})"
        rf"|\s+(?P<gmod>{mod}))"
    )
    htail = rf"\s*{year_word}?(?P<hyear>\d{{3,4}})(?!\d)(?P<hmark>{mark})?"
    named = (
        rf"{day}?(?P<gsh>شهر\s+)?"
        rf"(?:(?P<gmon>{gmonth}){gtail}?|(?P<hmon>{hmonth})(?:{htail})?)"
    )
    numeric = (
        r"(?P<n1>\d{1,4})\s*(?P<sep>[/.\-])\s*(?P<n2>\d{1,2})\s*(?P=sep)\s*"
        rf"(?P<n3>\d{{1,4}})(?!\d|[.,/\-]\d)(?P<nmark>{mark})?"
    )
    lead = rf"(?:(?:(?P<lpod>{pod})\s+)?(?:يوم\s+)?(?P<lwd>{wd})\s*,?\s*(?:الموافق\s*)?)?"
    year = rf"(?:(?:ال|ل)?عام|عامي|سنة|السنة)\s+(?P<year>\d{{4}})(?!\d)(?P<ymark>{mark})?"
    week = (
        rf"(?:(?P<wpod>{pod})\s+)?(?P<wyawm>يوم\s+)?(?P<wd>{wd})"
        rf"(?:(?:\s*[-/]\s*|\s+)(?P<wd2>{wd}))?(?:\s+(?P<wmod>{mod}))?"
        rf"(?:\s+(?P<wpod2>{poda}){_WB})?"
    )
    rday = (
        rf"(?:(?P<rpod>{pod})\s+)?(?P<ryawm>يوم\s+)?(?P<rday>{_alt(_REL_DAYS)}){_WB}"
        rf"(?:\s*\(?\s*(?P<rwd>{wd})(?:\s*\))?)?(?:\s+(?P<rpod2>{poda}){_WB})?"
    )
    period = (
        rf"(?:(?P<ppart>{_alt(M.PERIOD_PARTS)})\s+)?(?:(?P<pthis>هذا|هذه)\s+)?"
        rf"(?P<punit>{_alt(_UNITS)}){_WB}(?!\s*\d)(?:\s+(?P<pmod>{mod}))?"
    )
    dur = (
        rf"(?P<dprep>قبل|منذ)\s+(?:(?:{_alt(M.APPROX_WORDS)})\s+)?"
        rf"(?:(?P<dnum>\d{{1,3}}|{_alt(M.COUNT_WORDS)})\s+)?"
        rf"(?P<dunit>{_alt(M.DURATION_UNITS)}){_WB}(?!\s*\d)"
    )
    byear = rf"(?P<byear>\d{{4}})(?!\d|[.,/\-]\d)(?P<bmark>{mark})?"
    body = (
        rf"(?P<A_dated>{lead}(?:{numeric}|{named}))|(?P<A_year>{year})|(?P<A_week>{week})"
        rf"|(?P<A_rday>{rday})|(?P<A_period>{period})|(?P<A_dur>{dur})|(?P<A_byear>{byear})"
    )
    # Whitespace inside a date never crosses a line break.
    body = body.replace(r"\s", r"[^\S\n]")
    # Speed: the engine only tries positions after a non-word character, and a
    # trie of every possible first word rejects almost all of them at once.
    first = rf"(?=(?:{_alt(_first_words_with_clitics())}){_WB}|[وف]?\d)"
    return re.compile(rf"{_DELIM}{first}(?P<cl>[وف]?(?:[بك](?=ال)|ل(?=ال|ل))?)(?:{body})")


def _first_words_with_clitics() -> set[str]:
    """Every word that can start a date expression, with and without clitics."""
    words = {
        *(
            _n(w).split()[0]
            for fam in M.GREGORIAN_FAMILIES.values()
            for ws in fam.values()
            for w in ws
        ),
        *(w.split()[0] for w in _index(M.HIJRI_MONTHS)),
        *_index(M.WEEKDAYS),
        *(_n(w).split()[0] for w in M.PART_OF_DAY_BEFORE),
        *(_n(w) for w in M.PERIOD_PARTS),
        *(w.split()[0] for w in _REL_DAYS),
        *_UNITS,
        *("يوم", "قبل", "منذ", "عام", "لعام", "عامي", "سنة", "شهر", "هذا", "هذه"),
        *(f"ال{w}" for w in (*_n_all(M.ORDINAL_UNITS), *_n_all(M.ORDINAL_TENS))),
    }
    out = set()
    for w in words:
        out |= {w, "و" + w, "ف" + w}
        if w.startswith("ال"):
            out |= {p + w for p in ("ب", "ك", "وب", "فب", "وك")}
            out |= {p + w[1:] for p in ("ل", "ول", "فل")}
    return out


def _n_all(words: Iterable[str]) -> list[str]:
    return [_n(w) for w in words]


@dataclass(frozen=True)
class _Tables:
    gmonth: dict[str, int]
    hmonth: dict[str, int]
    weekday: dict[str, int]
    mod: dict[str, str]
    pod: dict[str, str]
    count: dict[str, int]
    unit: dict[str, tuple[str, int]]
    ordu: dict[str, int]
    ordt: dict[str, int]
    gname: re.Pattern[str]


@cache
def _tables() -> _Tables:
    gmonth = {
        _n(w): k for fam in M.GREGORIAN_FAMILIES.values() for k, ws in fam.items() for w in ws
    }
    return _Tables(
        gmonth=gmonth,
        hmonth=_index(M.HIJRI_MONTHS),
        weekday=_index(M.WEEKDAYS),
        mod=_mods(),
        pod={_n(k): v for k, v in (M.PART_OF_DAY_BEFORE | M.PART_OF_DAY_AFTER).items()},
        count={_n(k): v for k, v in M.COUNT_WORDS.items()},
        unit={_n(k): v for k, v in M.DURATION_UNITS.items()},
        ordu={_n(k): v for k, v in M.ORDINAL_UNITS.items()},
        ordt={_n(k): v for k, v in M.ORDINAL_TENS.items()},
        gname=re.compile(_alt(gmonth) + _WB),
    )


@cache
def _words(name: str) -> frozenset[str]:
    return frozenset(_n(w) for w in getattr(M, name))


def _key(s: str) -> str:
    return " ".join(s.split())


# --- context -------------------------------------------------------------------------


def _before(s: str, i: int) -> tuple[str, str]:
    """(previous word without a و/ف clitic, previous non-space character) before ``i``."""
    j = i
    while j > 0 and s[j - 1].isspace():
        j -= 1
    k = j
    while k > 0 and s[k - 1].isalpha():
        k -= 1
    word = s[k:j]
    if len(word) > 2 and word[0] in "وف":
        word = word[1:]
    return word, s[j - 1] if j > 0 else ""


def _after(s: str, i: int) -> tuple[str, str]:
    """(next word, next non-space character) from ``i``."""
    j, n = i, len(s)
    while j < n and s[j].isspace():
        j += 1
    k = j
    while k < n and s[k].isalpha():
        k += 1
    return s[j:k], s[j] if j < n else ""


def _is(word: str, name: str) -> bool:
    words = _words(name)
    return word in words or (len(word) > 2 and word[0] in "بل" and word[1:] in words)


# --- calendar arithmetic -------------------------------------------------------------


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _pick(p: dt.date, cands: list[dt.date], mode: str | None) -> dt.date | None:
    """Choose among candidate dates: before/after/nearest to ``p`` (ties to the past)."""
    if mode == "past":
        cands = [c for c in cands if c < p]
        return max(cands) if cands else None
    if mode == "next":
        cands = [c for c in cands if c > p]
        return min(cands) if cands else None
    if mode == "current":
        cands = [c for c in cands if c.year == p.year] or cands
    return min(cands, key=lambda c: (abs((c - p).days), c > p)) if cands else None


def _hijri_to_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        g = Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return dt.date(g.year, g.month, g.day)


def _hijri_year(p: dt.date) -> int | None:
    try:
        return int(Gregorian(p.year, p.month, p.day).to_hijri().year)
    except (ValueError, OverflowError):
        return None


def _weekday(p: dt.date, wd: int, mode: str | None) -> dt.date:
    back = (p.weekday() - wd) % 7
    if mode == "next":
        return p + dt.timedelta(days=(wd - p.weekday()) % 7 or 7)
    if mode == "past" and back == 0:
        back = 7
    return p - dt.timedelta(days=back)


def _iso_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _mark(text: str | None) -> str | None:
    """'h' for a Hijri marker, 'g' for a Gregorian one, None without."""
    if not text:
        return None
    return "h" if text.strip()[0] == "ه" or "هجر" in text else "g"


def _is_hijri_year(y: int, mark: str | None) -> bool:
    return mark == "h" or (mark is None and 1300 <= y <= 1460)


# --- interpretation ------------------------------------------------------------------

_STEP = {"past": -1, "current": 0, "next": 1}
_AWAY = frozenset({"من", "علي", "عن", "الي"})


@cache
def _first_words() -> frozenset[str]:
    t = _tables()
    return frozenset(w.split()[0] for w in (*t.gmonth, *t.hmonth, *t.weekday, "اليوم", "امس"))


@dataclass(slots=True)
class _Ctx:
    s: str
    m: re.Match[str]
    p: dt.date | None
    t: _Tables

    def prev(self) -> tuple[str, str]:
        return _before(self.s, self.m.start() + 1)

    def next(self) -> tuple[str, str]:
        return _after(self.s, self.m.end())

    def g(self, name: str) -> str | None:
        return self.m.group(name)

    def pod(self, *names: str) -> str | None:
        for name in names:
            if word := self.m.group(name):
                return self.t.pod.get(_key(word))
        return None

    def mode(self, name: str) -> str | None:
        word = self.m.group(name)
        return self.t.mod.get(word) if word else None

    def day(self) -> int | None:
        """Day of month from digits or an ordinal; 0 when the ordinal is malformed."""
        if digits := self.m.group("day"):
            return int(digits)
        ordinal = self.m.group("ord")
        if not ordinal:
            return None
        first, *rest = ordinal.split()
        if first in self.t.ordt:
            return self.t.ordt[first] if not rest else 0
        unit, tail = self.t.ordu[first], "".join(rest)
        if not tail:
            return unit if first not in ("حادي", "واحد") else 0
        if tail == "عشر":
            return 10 + unit if first not in ("اول", "واحد") else 0
        return unit + (20 if tail == "والعشرين" else 30) if first != "اول" else 0

    def out(
        self,
        value: str | None,
        precision: str,
        kind: str,
        relative: bool,
        pod: str | None = None,
        hijri: str | None = None,
    ) -> DateMatch:
        start, end = self.m.end("cl"), self.m.end()
        return DateMatch(
            start - 1,
            end - 1,
            self.s[start:end],
            value,
            precision if value is not None else None,
            kind,
            relative,
            pod,
            hijri,
        )


def _dated(c: _Ctx) -> DateMatch | None:
    pod = c.pod("lpod")
    if c.g("n1"):
        return _numeric(c, pod)
    if c.g("gmon"):
        return _gregorian(c, pod)
    return _hijri_named(c, pod)


def _numeric(c: _Ctx, pod: str | None) -> DateMatch | None:
    a, b, x = c.g("n1") or "", c.g("n2") or "", c.g("n3") or ""
    if len(a) == 4 and len(x) <= 2:
        y, mo, d = int(a), int(b), int(x)
    elif len(x) == 4 and len(a) <= 2:
        d, mo, y = int(a), int(b), int(x)
    else:
        return None
    if not (1 <= d <= 31 and 1 <= mo <= 12 and 1000 <= y <= 2199):
        return None
    if _is_hijri_year(y, _mark(c.g("nmark"))):
        day = _hijri_to_date(y, mo, d)
        value = day.isoformat() if day else None
        return c.out(value, "day", "hijri", False, pod, f"{y:04d}-{mo:02d}-{d:02d}")
    day = _safe_date(y, mo, d)
    return c.out(day.isoformat() if day else None, "day", "numeric", False, pod)


def _gregorian(c: _Ctx, pod: str | None) -> DateMatch | None:
    name = c.t.gname.match(c.g("gmon") or "")
    if name is None:
        return None
    month, day = c.t.gmonth[_key(name.group())], c.day()
    year, yrel, ythis, mode = c.g("gyear"), c.mode("gyrel"), c.g("gythis"), c.mode("gmod")
    if day is not None and not 1 <= day <= 31:
        return None
    if day is None and not (year or yrel or ythis or mode or c.g("gsh")):
        paired = any(ch in (c.g("gmon") or "") for ch in "/(")
        cues = "MONTH_CUES_STRONG" if _key(name.group()) in _words("WEAK_MONTHS") else "MONTH_CUES"
        if not paired and not _is(c.prev()[0], cues):
            return None
    if year:
        y = int(year)
        if not 1000 <= y <= 2199:
            return None
        return _month_out(c, y, month, day, False, pod)
    if day is not None and not (yrel or ythis) and _is(c.prev()[0], "EVENT_NAME_CUES"):
        return None
    if c.p is None:
        return c.out(None, "", "absolute", True, pod)
    if yrel or ythis:
        return _month_out(c, c.p.year + _STEP[yrel or "current"], month, day, True, pod)
    if day is None:
        first = c.p.replace(day=1)
        cands = [dt.date(y, month, 1) for y in range(c.p.year - 1, c.p.year + 2)]
        chosen = _pick(first, cands, mode)
        value = _iso_month(chosen.year, month) if chosen else None
        return c.out(value, "month", "absolute", True, pod)
    days = [_safe_date(y, month, day) for y in range(c.p.year - 1, c.p.year + 2)]
    chosen = _pick(c.p, [d for d in days if d], mode)
    return c.out(chosen.isoformat() if chosen else None, "day", "absolute", True, pod)


def _month_out(
    c: _Ctx, y: int, month: int, day: int | None, relative: bool, pod: str | None
) -> DateMatch:
    if day is None:
        return c.out(_iso_month(y, month), "month", "absolute", relative, pod)
    d = _safe_date(y, month, day)
    return c.out(d.isoformat() if d else None, "day", "absolute", relative, pod)


def _hijri_in(gy: int, hm: int) -> int | None:
    """The Hijri year whose month ``hm`` (its 15th day) falls in Gregorian year ``gy``."""
    guess = int((gy - 622) * 33 / 32)
    for hy in range(guess - 1, guess + 3):
        d = _hijri_to_date(hy, hm, 15)
        if d and d.year == gy:
            return hy
    return None


def _hijri_named(c: _Ctx, pod: str | None) -> DateMatch | None:
    hm, day, ys = c.t.hmonth[_key(c.g("hmon") or "")], c.day(), c.g("hyear")
    if (day is None and not ys) or (day is not None and not 1 <= day <= 30):
        return None
    if hm == 2 and not ys:  # صفر is also "zero" ("3 صفر" is a score)
        return None
    if ys:
        y = int(ys)
        if y >= 1800 and _mark(c.g("hmark")) != "h":  # "رمضان 2015": a Gregorian year
            y = _hijri_in(y, hm) or 0
        hijri = f"{y:04d}-{hm:02d}" + (f"-{day:02d}" if day else "")
        if day is not None:
            d = _hijri_to_date(y, hm, day)
            return c.out(d.isoformat() if d else None, "day", "hijri", False, pod, hijri)
        d = _hijri_to_date(y, hm, 15)
        value = _iso_month(d.year, d.month) if d else None
        return c.out(value, "month", "hijri", False, pod, hijri)
    assert day is not None
    hijri = f"--{hm:02d}-{day:02d}"
    hy = _hijri_year(c.p) if c.p else None
    if c.p is None or hy is None:
        return c.out(None, "", "hijri", True, pod, hijri)
    cands = [d for y in (hy - 1, hy, hy + 1) if (d := _hijri_to_date(y, hm, day))]
    chosen = _pick(c.p, cands, None)
    return c.out(chosen.isoformat() if chosen else None, "day", "hijri", True, pod, hijri)


def _year_out(c: _Ctx, y: int, mark: str | None) -> DateMatch:
    if _is_hijri_year(y, mark):
        d = _hijri_to_date(y, 7, 1)
        return c.out(f"{d.year:04d}" if d else None, "year", "hijri", False, None, f"{y:04d}")
    return c.out(f"{y:04d}", "year", "year", False)


def _year(c: _Ctx) -> DateMatch | None:
    y = int(c.g("year") or 0)
    return _year_out(c, y, _mark(c.g("ymark"))) if 1000 <= y <= 2199 else None


def _bare_year(c: _Ctx) -> DateMatch | None:
    y, marker = int(c.g("byear") or 0), c.g("bmark")
    mark = _mark(marker)
    if mark == "h":
        ok = 1000 <= y <= 1600
    elif mark == "g":
        ok = 1800 <= y <= 2100
    elif not 1900 <= y <= 2100:
        ok = False
    else:
        word = c.prev()[0]
        nxt = c.next()[1]
        ok = _is(word, "YEAR_CUES_STRONG") or (
            _is(word, "YEAR_CUES_WEAK") and not (nxt.isalnum() or nxt == "(")
        )
    return _year_out(c, y, mark) if ok else None


def _week(c: _Ctx) -> DateMatch | None:
    wd, mode = c.t.weekday[c.g("wd") or ""], c.mode("wmod")
    word, before = c.prev()
    if not mode:
        if _is(word, "WEEKDAY_NEGATIVE_CUES"):
            return None
        if not (c.g("wpod") or c.g("wyawm") or c.g("wpod2")):
            nword, after = c.next()
            wire = before in ",(" and before != "" and after in ",).:;" and after != ""
            if not (wire or nword in _words("WEEKDAY_NEXT_CUES")):
                return None
    pod = c.pod("wpod", "wpod2")
    if c.p is None:
        return c.out(None, "", "weekday", True, pod)
    day = _weekday(c.p, wd, None if mode == "current" else mode)
    if _after_midnight(c):
        day += dt.timedelta(days=1)  # "بعد منتصف ليل السبت": early on Sunday
    return c.out(day.isoformat(), "day", "weekday", True, pod)


_AFTER = frozenset({"بعد", "بعيد"})


def _after_midnight(c: _Ctx) -> bool:
    """ "بعد منتصف ليل السبت": the hours after midnight belong to the next day."""
    word = c.g("wpod")
    return bool(word) and _key(word or "").startswith("منتصف") and c.prev()[0] in _AFTER


def _rel_day(c: _Ctx) -> DateMatch | None:
    key = _key(c.g("rday") or "")
    prefixed = bool(c.g("rpod") or c.g("ryawm"))
    nword, after = c.next()
    if key in ("غد", "الغد") and not prefixed:
        return None
    if key == "غدا" and not (
        prefixed
        or c.g("rwd")
        or c.g("rpod2")
        or not after.isalnum()
        or nword in _words("TOMORROW_NEXT")
    ):
        return None
    if not c.g("rwd") and nword in _words("TODAY_NEGATIVE_NEXT"):
        return None
    if key == "اليوم" and _is(c.prev()[0], "TODAY_NEGATIVE_CUES"):
        return None
    pod = c.pod("rpod", "rpod2")
    if c.p is None:
        return c.out(None, "", "relative", True, pod)
    day = c.p + dt.timedelta(days=_REL_DAYS[key])
    return c.out(day.isoformat(), "day", "relative", True, pod)


def _period(c: _Ctx) -> DateMatch | None:
    mode = c.mode("pmod")
    if not (mode or c.g("ppart") or c.g("pthis")):
        return None
    if c.p is None:
        return c.out(None, "", "relative", True)
    step, unit = _STEP[mode or "current"], _UNITS[c.g("punit") or ""]
    if unit == "week":
        return c.out((c.p + dt.timedelta(days=7 * step)).isoformat(), "day", "relative", True)
    if unit == "month":
        return c.out(_iso_month(*_add_months(c.p.year, c.p.month, step)), "month", "relative", True)
    return c.out(f"{c.p.year + step:04d}", "year", "relative", True)


def _duration(c: _Ctx) -> DateMatch | None:
    unit, implied = c.t.unit[_key(c.g("dunit") or "")]
    num = c.g("dnum")
    n = (int(num) if num.isdigit() else c.t.count.get(_key(num), 0)) if num else implied
    nword = c.next()[0]
    if not n or nword in _AWAY or (not num and implied == 1 and nword in _first_words()):
        return None
    if c.p is None:
        return c.out(None, "", "relative", True)
    if unit in ("day", "week"):
        days = n * (7 if unit == "week" else 1)
        return c.out((c.p - dt.timedelta(days=days)).isoformat(), "day", "relative", True)
    if unit == "month":
        return c.out(_iso_month(*_add_months(c.p.year, c.p.month, -n)), "month", "relative", True)
    return c.out(f"{c.p.year - n:04d}", "year", "relative", True)


_HANDLERS = {
    "A_dated": _dated,
    "A_year": _year,
    "A_week": _week,
    "A_rday": _rel_day,
    "A_period": _period,
    "A_dur": _duration,
    "A_byear": _bare_year,
}


_RANGE_GAP = re.compile(r"[^\S\n]*(?:-|و|الي|حتي|لغاية|ولغاية|وحتي)[^\S\n]*")


def _close_ranges(text: str, found: list[DateMatch]) -> list[DateMatch]:
    """ "من 14 يونيو إلى 15 يوليو 2018": a year-less first day takes the second's year."""
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if (
            a.relative
            and not b.relative
            and a.kind == b.kind
            and a.kind in ("absolute", "hijri")
            and _RANGE_GAP.fullmatch(text, a.end, b.start)
        ):
            out[i] = _with_year(a, b) or a
    return out


def _with_year(a: DateMatch, b: DateMatch) -> DateMatch | None:
    s = " " + a.text
    m = _regex().match(s)
    if m is None or m.end() != len(s):
        return None
    c = _Ctx(s, m, None, _tables())
    day = c.day()
    end = b.hijri if a.kind == "hijri" else b.value
    if not day or not end or len(end) != 10:
        return None
    y, end_month, end_day = (int(x) for x in end.split("-"))
    if a.kind == "hijri":
        month = c.t.hmonth[_key(c.g("hmon") or "")]
    else:
        name = c.t.gname.match(c.g("gmon") or "")
        if name is None:
            return None
        month = c.t.gmonth[_key(name.group())]
    if (month, day) > (end_month, end_day):
        y -= 1
    d = _hijri_to_date(y, month, day) if a.kind == "hijri" else _safe_date(y, month, day)
    hijri = f"{y:04d}-{month:02d}-{day:02d}" if a.kind == "hijri" else None
    value = d.isoformat() if d else None
    return replace(a, value=value, precision="day" if d else None, relative=False, hijri=hijri)


# --- public API ----------------------------------------------------------------------


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def find_dates(text: str, published: dt.date | None = None) -> list[DateMatch]:
    """All date expressions in search-normalised ``text``, in text order.

    Relative expressions (and year-less dates) are resolved against
    ``published``; without it their ``value`` is ``None``.
    """
    p = _as_date(published)
    rx, tables = _regex(), _tables()
    s = " " + text
    found: list[DateMatch] = []
    pos = 0
    while (m := rx.search(s, pos)) is not None:
        result = _HANDLERS[m.lastgroup or ""](_Ctx(s, m, p, tables))
        if result is None:
            pos = m.start() + 1
        else:
            found.append(result)
            pos = m.end()
    return _close_ranges(text, found)


def parse_date(text: str, published: dt.date | None = None) -> DateMatch | None:
    """The first date in a short phrase; ``text`` may be raw (it is normalised here).

    Offsets and ``text`` of the result refer to the phrase as given.
    """
    norm, offsets = normalize_with_map(text)
    found = find_dates(norm, published)
    if not found:
        return None
    first = found[0]
    start, end = offsets.span(first.start, first.end)
    return replace(first, start=start, end=end, text=text[start:end])


def dates(doc: Doc, published: dt.date | None = None) -> list[tuple[DateMatch, Span]]:
    """Dates of a :class:`~rasd.doc.Doc` with spans into its raw text.

    ``published`` defaults to ``doc.meta["published"]`` (a date or an ISO string).
    """
    p = _as_date(published) or _as_date(doc.meta.get("published"))
    return [(m, doc.span(m.start, m.end, "date")) for m in find_dates(doc.norm, p)]
