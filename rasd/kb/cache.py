"""On-disk cache of compiled knowledge-base indexes, keyed by a content hash.

The key is the SHA-256 of every packaged data file plus the rasd version, so an
edited lexicon or an upgrade rebuilds the index, and nothing is keyed by
Python's per-process ``hash()``. The cache lives in ``$RASD_CACHE_DIR`` or
``~/.cache/rasd``; when it cannot be written the index is simply built in memory.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TypeVar, cast

from rasd import __version__

T = TypeVar("T")


def cache_dir() -> Path:
    env = os.environ.get("RASD_CACHE_DIR")
    if env:
        return Path(env)
    return Path.home() / ".cache" / "rasd"


@lru_cache(maxsize=1)
def data_hash() -> str:
    """SHA-256 over the names and contents of all files under rasd/kb/data, and the version."""
    h = hashlib.sha256(__version__.encode())
    root = resources.files("rasd.kb") / "data"

    def walk(node: resources.abc.Traversable, prefix: str) -> None:
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            name = f"{prefix}/{child.name}"
            if child.is_dir():
                walk(child, name)
            elif not child.name.startswith("."):
                h.update(name.encode())
                h.update(child.read_bytes())

    walk(root, "data")
    for mod in ("matcher.py", "lexicon.py", "groups.py", "places.py", "tags.py"):
        ref = resources.files("rasd.kb") / mod
        if ref.is_file():
            h.update(ref.read_bytes())
    return h.hexdigest()[:20]


def cached(name: str, build: Callable[[], T]) -> T:
    """Load ``name`` from the cache for the current data hash, or build and store it."""
    if os.environ.get("RASD_NO_KB_CACHE"):
        return build()
    path = cache_dir() / f"kb-{data_hash()}-{name}.pickle"
    try:
        with path.open("rb") as fh:
            return cast(T, pickle.load(fh))
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
