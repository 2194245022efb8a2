"""Analyst corrections of incident fields, audited and kept across re-merging.

A correction sets fields of an incident's summary by hand — ``type``,
``status``, ``date``, ``country``/``province``/``city`` (and ``lat``/``lon``),
``killed``/``wounded``/``arrested``, ``groups``. It is stored as an override:

* one ``merge_audit`` row with ``action = "correct"``, the ``actor``, the time and
  the fields (new and old values, in ``reasons``), so the incident's merge log
  shows who changed what and when;
* a ``changes`` row (``kind = "updated"``, ``data.corrected`` = the fields) for the
  change feed;
* the incident row and summary rewritten at once (listing and filters see the
  corrected values).

Corrections survive re-merging: :func:`apply_corrections` re-applies every
correction recorded for an incident (and for the incidents merged into it), in
the order they were made, whenever the linker rewrites the incident's summary
(:func:`rasd.link.persist.write_incident` calls it). A split-off incident starts
without the corrections of the one it came from.

Corrected values carry no text evidence (``evidence`` is ``None``): their source
is the audit entry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, insert, select, update

from rasd.errors import StorageError
from rasd.model import Actor, Count, DateValue, IncidentReport, Location
from rasd.store import models as m
from rasd.store.convert import dumps, event_columns, group_names, loads
from rasd.store.incidents import resolve_id
from rasd.store.stream import day_bounds

if TYPE_CHECKING:
    from rasd.store.repo import Store

CORRECT_ACTION = "correct"
CORRECTION_ERROR = "RASD411"
FIELDS: tuple[str, ...] = (
    "type",
    "status",
    "date",
    "country",
    "province",
    "city",
    "lat",
    "lon",
    "killed",
    "wounded",
    "arrested",
    "groups",
)
_PLACE = ("country", "province", "city", "lat", "lon")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
MAX_GROUPS = 20
MAX_TEXT = 200


def _bad(message: str, hint: str = "") -> StorageError:
    return StorageError(message, hint=hint or "see the field rules", code=CORRECTION_ERROR)


def check_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Validate a correction; returns it normalised (``RASD411`` on a bad value)."""
    from rasd.taxonomy import INCIDENT_TYPES, STATUSES

    if not fields:
        raise _bad("a correction needs at least one field", f"fields: {', '.join(FIELDS)}")
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise _bad(f"unknown field(s) {', '.join(unknown)}", f"fields: {', '.join(FIELDS)}")
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "type" and value not in INCIDENT_TYPES:
            raise _bad(
                f"unknown incident type {value!r}", f"use one of {', '.join(INCIDENT_TYPES)}"
            )
        if name == "status" and value not in STATUSES:
            raise _bad(f"unknown status {value!r}", f"use one of {', '.join(STATUSES)}")
        if name == "date" and value is not None:
            if not isinstance(value, str) or not _DATE.match(value) or day_bounds(value) is None:
                raise _bad(f"bad date {value!r}", "use YYYY, YYYY-MM or YYYY-MM-DD")
        if name == "country" and value is not None:
            if not isinstance(value, str) or not _COUNTRY.match(value.upper()):
                raise _bad(f"bad country {value!r}", "use an ISO 3166-1 alpha-2 code")
            value = value.upper()
        if name in ("province", "city") and value is not None:
            if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
                raise _bad(f"bad {name} {value!r}", f"a name of 1–{MAX_TEXT} characters")
            value = value.strip()
        if name in ("lat", "lon") and value is not None:
            limit = 90.0 if name == "lat" else 180.0
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _bad(f"bad {name} {value!r}", "a number in degrees")
            if not -limit <= float(value) <= limit:
                raise _bad(f"{name} {value} is out of range", f"within ±{limit:g}")
            value = float(value)
        if name in ("killed", "wounded", "arrested") and value is not None:
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
                raise _bad(f"bad {name} {value!r}", "a whole number ≥ 0, or null")
        if name == "groups":
            if not isinstance(value, list) or len(value) > MAX_GROUPS:
                raise _bad("groups must be a list of names", f"at most {MAX_GROUPS}")
            names = []
            for g in value:
                if not isinstance(g, str) or not g.strip() or len(g) > MAX_TEXT:
                    raise _bad(f"bad group name {g!r}", f"a name of 1–{MAX_TEXT} characters")
                names.append(g.strip())
            value = list(dict.fromkeys(names))
        if name in ("type", "status") and value is None:
            raise _bad(f"{name} cannot be empty")
        out[name] = value
    return out


def apply_fields(summary: IncidentReport, fields: Mapping[str, Any]) -> IncidentReport:
    """A copy of ``summary`` with the corrected ``fields`` set (evidence dropped for them)."""
    rep = IncidentReport.from_dict(summary.to_dict())
    if "type" in fields:
        rep.type = fields["type"]
        rep.evidence.pop("type", None)
        if rep.type == "suicide_bombing":
            rep.suicide = True
    if "status" in fields:
        rep.status = fields["status"]
        rep.evidence.pop("status", None)
    if "date" in fields:
        value = fields["date"]
        precision = {4: "year", 7: "month"}.get(len(value or ""), "day")
        rep.date = DateValue(value, precision) if value else None  # type: ignore[arg-type]
    if any(k in fields for k in _PLACE):
        rep.location = _place(rep.location, fields)
    for name in ("killed", "wounded", "arrested"):
        if name in fields:
            setattr(rep, name, Count(fields[name]) if fields[name] is not None else None)
    if "groups" in fields:
        known = {a.name: a for a in rep.perpetrators}
        rep.perpetrators = [known.get(n) or Actor(name=n) for n in fields["groups"]]
    return rep


def _place(loc: Location | None, fields: Mapping[str, Any]) -> Location | None:
    old = loc or Location()
    if "country" in fields and fields["country"] != old.country:
        new = Location(country=fields["country"])  # a new country: the old place is void
    elif "province" in fields or "city" in fields:
        new = Location(country=old.country, province=old.province, city=old.city)
    else:
        new = Location(**{**old.__dict__, "evidence": old.evidence})
    for name in ("province", "city", "lat", "lon"):
        if name in fields:
            setattr(new, name, fields[name])
    new.precision = "city" if new.city else "province" if new.province else "country"
    if not (new.country or new.province or new.city):
        return None
    return new


def _corrections(conn: Connection, incident_id: str) -> list[dict[str, Any]]:
    """Every correction recorded for ``incident_id`` and the incidents merged into it."""
    a, al = m.merge_audit, m.incident_aliases
    ids = select(al.c.alias).where(al.c.incident_id == incident_id)
    rows = conn.execute(
        select(a.c.reasons)
        .where(a.c.action == CORRECT_ACTION)
        .where((a.c.incident_id == incident_id) | a.c.incident_id.in_(ids))
        .order_by(a.c.at, a.c.id)
    ).all()
    out = []
    for (raw,) in rows:
        for reason in loads(raw, []):
            if reason.get("feature") == "correction" and reason.get("field") in FIELDS:
                out.append(reason)
    return out


def apply_corrections(
    conn: Connection, incident_id: str, summary: IncidentReport
) -> IncidentReport:
    """``summary`` with every recorded correction of the incident applied (oldest first)."""
    found = _corrections(conn, incident_id)
    if not found:
        return summary
    fields: dict[str, Any] = {}
    for reason in found:
        fields[reason["field"]] = reason.get("value")
    return apply_fields(summary, fields)


def _old(summary: IncidentReport, name: str) -> Any:
    loc = summary.location
    if name in _PLACE:
        return getattr(loc, name) if loc else None
    if name == "date":
        return summary.date.value if summary.date else None
    if name in ("killed", "wounded", "arrested"):
        count = getattr(summary, name)
        return count.value if count else None
    if name == "groups":
        return group_names(summary)
    return getattr(summary, name)


def correct_incident(
    store: Store, incident_id: str, fields: Mapping[str, Any], *, actor: str, note: str = ""
) -> str:
    """Correct fields of an incident (see the module docs); returns its current id."""
    clean = check_fields(fields)
    with store.transaction() as conn:
        current = resolve_id(conn, incident_id)
        if current is None:
            raise StorageError(
                f"no incident {incident_id!r}", hint="list incidents first", code=CORRECTION_ERROR
            )
        i, g = m.incidents, m.incident_groups
        row = conn.execute(
            select(i.c.summary, i.c.sort_date, i.c.date_lo, i.c.date_hi).where(i.c.id == current)
        ).one()
        before = IncidentReport.from_dict(loads(row.summary))
        after = apply_fields(before, clean)
        now = store.now()
        reasons: list[dict[str, Any]] = [
            {
                "feature": "correction",
                "points": 0.0,
                "field": k,
                "value": v,
                "old": _old(before, k),
                "detail": f"{k} set by {actor}",
            }
            for k, v in clean.items()
        ]
        if note:
            reasons.append({"feature": "note", "points": 0.0, "detail": note})
        conn.execute(
            insert(m.merge_audit),
            {
                "action": CORRECT_ACTION,
                "actor": actor[:64],
                "incident_id": current,
                "incident_ids": dumps([current]),
                "report_ids": dumps([]),
                "score": None,
                "reasons": dumps(reasons),
                "at": now,
            },
        )
        cols = event_columns(after)
        if cols["date_lo"] is None and "date" not in clean:
            cols["date_lo"], cols["date_hi"] = row.date_lo, row.date_hi  # publication day
        conn.execute(
            update(i)
            .where(i.c.id == current)
            .values(
                **cols,
                sort_date=cols["date_lo"] or "",  # as write_incident: date_lo, or "" undated
                summary=dumps(after.to_dict()),
                updated_at=now,
                version=i.c.version + 1,
            )
        )
        conn.execute(delete(g).where(g.c.incident_id == current))
        names = group_names(after)
        if names:
            conn.execute(insert(g), [{"incident_id": current, "group_name": n} for n in names])
        conn.execute(
            insert(m.changes),
            {
                "incident_id": current,
                "kind": "updated",
                "at": now,
                "data": dumps({"corrected": clean, "actor": actor}),
            },
        )
        return current
