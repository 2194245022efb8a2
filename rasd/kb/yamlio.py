"""YAML reading for the knowledge-base data files: libyaml's C parser when present.

The pure-Python parser takes seconds on the larger lexicons; the C one a few
hundredths. Both produce the same data (safe subset only).
"""

from __future__ import annotations

from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse ``text`` with the safe loader (C implementation when available)."""
    return yaml.load(text, Loader=_Loader)


YAMLError = yaml.YAMLError
