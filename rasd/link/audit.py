"""Why two reports were (or were not) merged: scored reasons, JSON-ready.

Each feature of the pair score contributes one :class:`Reason` with its points
and a short English explanation ("same city Abha", "killed 13 vs 15 agree").
The reasons are stored on the incident–report link and in ``merge_audit`` so an
analyst can see why reports were merged and undo it (``rasd incidents split``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reason:
    """One feature's contribution to a pair score."""

    feature: str  # type, date, place, groups, killed, wounded, arrested, tags, text, article
    points: float
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"feature": self.feature, "points": round(self.points, 4), "detail": self.detail}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Reason:
        return cls(feature=str(d["feature"]), points=float(d["points"]), detail=str(d["detail"]))


@dataclass(frozen=True)
class PairDecision:
    """The score of a report pair and its reasons; ``blocked`` names a hard veto."""

    score: float
    reasons: tuple[Reason, ...] = ()
    blocked: str | None = None

    @property
    def ok(self) -> bool:
        return self.blocked is None

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": round(self.score, 4),
            "blocked": self.blocked,
            "reasons": reasons_to_json(self.reasons),
        }


def reasons_to_json(reasons: Iterable[Reason]) -> list[dict[str, Any]]:
    """Reasons as plain dicts, strongest first (ties by feature name)."""
    return [r.to_dict() for r in sorted(reasons, key=lambda r: (-abs(r.points), r.feature))]


def explain(decision: PairDecision) -> str:
    """One line for people: ``score 5.30: same city Abha (+1.5); …`` or the veto."""
    if decision.blocked:
        return f"not merged: {decision.blocked}"
    parts = [
        f"{r.detail} ({r.points:+.1f})"
        for r in sorted(decision.reasons, key=lambda r: (-abs(r.points), r.feature))
        if r.points
    ]
    return f"score {decision.score:.2f}: " + "; ".join(parts)
