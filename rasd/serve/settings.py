"""Settings of `rasd serve`, from arguments or the environment.

========================  ============================================  =========
environment variable      meaning                                       default
========================  ============================================  =========
``RASD_DB``               database URL or SQLite path                   user data
``RASD_API_TOKENS``       comma-separated tokens allowed to write       (none)
``RASD_READ_TOKEN``       ``1``: reads need a token too                 ``0``
``RASD_TLP``              TLP marking of STIX/TAXII output              ``clear``
``RASD_MAX_PAGE``         largest page size a client may ask for        ``500``
========================  ============================================  =========

With no write token configured, every write endpoint answers 403: a server is
never writable by accident.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _tokens(raw: str | None) -> tuple[str, ...]:
    return tuple(t.strip() for t in (raw or "").split(",") if t.strip())


@dataclass(frozen=True)
class Settings:
    db: str | None = None
    tokens: tuple[str, ...] = field(default_factory=tuple)
    read_requires_token: bool = False
    tlp: str = "clear"
    max_page: int = 500
    default_page: int = 50

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ
        base = cls(
            db=env.get("RASD_DB") or None,
            tokens=_tokens(env.get("RASD_API_TOKENS")),
            read_requires_token=env.get("RASD_READ_TOKEN", "0") in ("1", "true", "yes"),
            tlp=env.get("RASD_TLP", "clear"),
            max_page=int(env.get("RASD_MAX_PAGE", "500")),
        )
        values = {k: v for k, v in overrides.items() if v is not None}
        return cls(**{**base.__dict__, **values})
