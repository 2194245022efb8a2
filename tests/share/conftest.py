"""Fixtures for the export tests."""

from __future__ import annotations

import pytest

from rasd.model import Incident

from .factories import sample


@pytest.fixture
def incidents() -> list[Incident]:
    return sample()
