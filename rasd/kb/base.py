"""One facade over every knowledge-base part, built lazily and cached.

``KnowledgeBase.default()`` returns a process-wide instance; each matcher is
built on first use. Compiled matchers are cached on disk keyed by the SHA-256
of the data files (see :mod:`rasd.kb.cache`), so later starts load them quickly.
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from rasd.kb import cache, lexicon
from rasd.kb.matcher import PhraseMatcher

if TYPE_CHECKING:
    from rasd.kb.groups import AgencyRegistry, GroupRegistry
    from rasd.kb.places import Gazetteer
    from rasd.kb.tags import TagLexicon


class KnowledgeBase:
    """Lazy access to triggers, cues, groups, agencies, places, weapons and targets."""

    @staticmethod
    @lru_cache(maxsize=1)
    def default() -> KnowledgeBase:
        return KnowledgeBase()

    @cached_property
    def triggers(self) -> PhraseMatcher[lexicon.Trigger]:
        return cache.cached("triggers", lambda: lexicon.trigger_matcher(lexicon.load_triggers()))

    @cached_property
    def cues(self) -> lexicon.Cues:
        return lexicon.load_cues()

    @cached_property
    def cue_matcher(self) -> PhraseMatcher[str]:
        return cache.cached("cues", lambda: lexicon.cue_matcher(self.cues))

    @cached_property
    def casualty_matcher(self) -> PhraseMatcher[lexicon.CasualtyCue]:
        return cache.cached("casualty", lambda: lexicon.casualty_matcher(self.cues))

    @cached_property
    def place_cue_keys(self) -> frozenset[str]:
        from rasd.text.normalize import key

        return frozenset(key(p) for p in self.cues.place_cues)

    @cached_property
    def groups(self) -> GroupRegistry:
        from rasd.kb.groups import load_groups

        return load_groups()

    @cached_property
    def group_matcher(self) -> PhraseMatcher[tuple[str, str]]:
        return cache.cached("groups", lambda: self.groups.matcher())

    @cached_property
    def agencies(self) -> AgencyRegistry:
        from rasd.kb.groups import load_agencies

        return load_agencies()

    @cached_property
    def agency_matcher(self) -> PhraseMatcher[str]:
        return cache.cached("agencies", lambda: self.agencies.matcher())

    @cached_property
    def gazetteer(self) -> Gazetteer:
        from rasd.kb.places import load_gazetteer

        return load_gazetteer()

    @cached_property
    def country_matcher(self) -> PhraseMatcher[tuple[str, str]]:
        return cache.cached("countries", lambda: self.gazetteer.countries_matcher())

    @cached_property
    def place_matcher(self) -> PhraseMatcher[str]:
        return cache.cached("places", lambda: self.gazetteer.places_matcher())

    @cached_property
    def weapons(self) -> TagLexicon:
        from rasd.kb.tags import load_weapons

        return load_weapons()

    @cached_property
    def weapon_matcher(self) -> PhraseMatcher[str]:
        return cache.cached("weapons", lambda: self.weapons.matcher(with_ignore=True))

    @cached_property
    def targets(self) -> TagLexicon:
        from rasd.kb.tags import load_targets

        return load_targets()

    @cached_property
    def target_matcher(self) -> PhraseMatcher[str]:
        return cache.cached("targets", lambda: self.targets.matcher(with_ignore=True))

    def warm(self) -> dict[str, Any]:
        """Build (or load) every part now; returns sizes for reporting."""
        return {
            "triggers": self.triggers.size,
            "cues": self.cue_matcher.size,
            "casualty_cues": self.casualty_matcher.size,
            "groups": self.group_matcher.size,
            "agencies": self.agency_matcher.size,
            "countries": self.country_matcher.size,
            "places": self.place_matcher.size,
            "weapons": self.weapon_matcher.size,
            "targets": self.target_matcher.size,
        }
