"""Gold files (JSONL) and the documents they refer to."""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rasd.errors import GoldFormatError, InputError
from rasd.taxonomy import INCIDENT_TYPES, STATUSES

ITEM_KINDS = ("incident", "negative", "historical")


@dataclass
class GoldItem:
    id: str
    doc: str
    published: str | None
    item_kind: str
    incidents: list[dict[str, Any]]
    main_incident_index: int | None
    optional_incident_indices: list[int] = field(default_factory=list)
    url: str | None = None
    source: str | None = None

    def required(self) -> list[int]:
        return [i for i in range(len(self.incidents)) if i not in self.optional_incident_indices]


def _check_incident(inc: Any, where: str) -> dict[str, Any]:
    if not isinstance(inc, dict):
        raise GoldFormatError(f"{where}: incident must be an object")
    if inc.get("type") not in INCIDENT_TYPES:
        raise GoldFormatError(f"{where}: unknown type {inc.get('type')!r}")
    if inc.get("status") not in STATUSES:
        raise GoldFormatError(f"{where}: unknown status {inc.get('status')!r}")
    for k in ("groups", "targets", "weapons"):
        if k in inc and not isinstance(inc[k], list):
            raise GoldFormatError(f"{where}: {k} must be a list")
    return inc


def load_gold(path: str | Path) -> list[GoldItem]:
    """Read and validate a gold JSONL file; errors name the line."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such gold file: {p}", hint="give --gold FILE.jsonl")
    items: list[GoldItem] = []
    seen: set[str] = set()
    for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{p.name}:{n}"
        try:
            d = json.loads(line)
        except json.JSONDecodeError as err:
            raise GoldFormatError(f"{where}: invalid JSON ({err.msg})") from err
        for k in ("id", "doc", "item_kind", "incidents"):
            if k not in d:
                raise GoldFormatError(f"{where}: missing field {k!r}")
        if d["id"] in seen:
            raise GoldFormatError(f"{where}: duplicate id {d['id']!r}")
        seen.add(d["id"])
        if d["item_kind"] not in ITEM_KINDS:
            raise GoldFormatError(f"{where}: unknown item_kind {d['item_kind']!r}")
        incs = [_check_incident(x, f"{where} incident {i}") for i, x in enumerate(d["incidents"])]
        main = d.get("main_incident_index")
        if main is not None and not (0 <= main < len(incs)):
            raise GoldFormatError(f"{where}: main_incident_index out of range")
        items.append(
            GoldItem(
                id=d["id"],
                doc=d["doc"],
                published=d.get("published"),
                item_kind=d["item_kind"],
                incidents=incs,
                main_incident_index=main,
                optional_incident_indices=list(d.get("optional_incident_indices") or []),
                url=d.get("url"),
                source=d.get("source"),
            )
        )
    if not items:
        raise GoldFormatError(f"{p}: no items")
    return items


@lru_cache(maxsize=32)
def _zip_articles(path: str) -> list[dict[str, Any]]:
    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if not n.endswith("/")]
            if not names:
                raise InputError(f"{path}: empty zip")
            data = json.loads(z.read(names[0]).decode("utf-8"))
    except (zipfile.BadZipFile, json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: not a zip of a JSON array ({err})") from err
    if not isinstance(data, list):
        raise InputError(f"{path}: expected a JSON array of articles")
    return data


def resolve_document(
    doc: str, *, docs: Path | None = None, corpus: Path | None = None
) -> tuple[str, str | None, str | None]:
    """(text, title, url) for a gold ``doc`` id: a file under ``docs`` or ``stem#index`` in ``corpus``."""
    if "#" in doc and corpus is not None:
        stem, _, idx = doc.partition("#")
        zpath = corpus / f"{stem}.zip"
        if not zpath.is_file():
            raise InputError(f"corpus zip not found: {zpath}", hint="check --corpus")
        arts = _zip_articles(str(zpath))
        try:
            a = arts[int(idx)]
        except (ValueError, IndexError) as err:
            raise InputError(f"no article {doc!r} in {zpath}") from err
        return a.get("content") or "", a.get("title"), a.get("url")
    if docs is not None:
        path = docs / doc
        if not path.is_file():
            raise InputError(f"document not found: {path}", hint="check --docs")
        return path.read_text(encoding="utf-8"), None, None
    raise InputError(f"cannot resolve document {doc!r}", hint="pass --docs DIR or --corpus DIR")
