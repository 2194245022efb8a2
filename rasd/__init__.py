"""rasd (رصد): an Arabic-first monitor of terrorism and political violence."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
