"""Name lists from rasd's knowledge base, as a second gazetteer channel for the tagger.

The tagger's own gazetteer holds names tagged in its training data. Names of
places, armed groups and agencies from :mod:`rasd.kb` are added under labels of
their own (:data:`KB_LABELS`: ``kb.LOC``, ``kb.ORG``, ``kb.AGY``), so the model
learns separately how far each list is to be trusted ("بغداد" in the places
list is nearly always LOC; an agency name such as "الشرطة" often is not tagged
at all). Names tagged in the training data keep their training label.

The lists are copied into the model file at training time, so tagging never
reads the knowledge base. Sources and licences: ``rasd/kb/data/places/PROVENANCE.md``
(GeoNames, CC BY 4.0) and the project's own curated group and agency files.
"""

from __future__ import annotations

import re

KB_PREFIX = "kb."
KB_LABELS = ("kb.AGY", "kb.LOC", "kb.ORG")
MIN_POPULATION = 0  # a 100,000 floor measured no better (held-out 69.7, AQMAR dev 67.9)
_ARABIC = re.compile(r"[\u0621-\u064a]")


def _arabic(names: set[str]) -> list[str]:
    """Names written in Arabic letters (Latin aliases never occur in the NER data), sorted."""
    return sorted(n for n in names if n and _ARABIC.search(n))


def kb_names(min_population: int = MIN_POPULATION) -> dict[str, list[str]]:
    """``{label: names}`` for :data:`KB_LABELS`, deterministic (sorted).

    Places: countries (names and variants, not nisba adjectives), first-level
    areas and cities of at least ``min_population`` people, under names not
    marked *needs context* (common words such as "العين" are left out). Groups: names and aliases (not member forms
    such as "داعشي"). Agencies: names and aliases.
    """
    from rasd.kb.groups import load_agencies, load_groups
    from rasd.kb.places import load_gazetteer

    gaz = load_gazetteer()
    places: set[str] = set()
    for c in gaz.countries():
        places.update((c.name_ar, *c.variants_ar))
    for k in gaz.keys():
        cands = gaz.candidates(k)
        if any(
            not p.needs_context and (p.kind != "city" or p.population >= min_population)
            for p in cands
        ):
            places.add(k)
    groups: set[str] = set()
    for g in load_groups():
        for form, kind in g.forms():
            if kind == "alias":
                groups.add(form)
    agencies: set[str] = set()
    for a in load_agencies():
        agencies.update(a.forms())
    return {
        "kb.AGY": _arabic(agencies),
        "kb.LOC": _arabic(places),
        "kb.ORG": _arabic(groups - agencies),
    }
