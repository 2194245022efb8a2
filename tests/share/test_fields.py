"""Field helpers shared by the exporters."""

from __future__ import annotations

import pytest

from rasd.model import Count, DateValue
from rasd.share.fields import (
    count_text,
    count_value,
    date_range,
    stable_uuid,
    stix_timestamp,
    summary_text,
)

from .factories import bombing, foiled_plot


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-05", "2024-03-05T00:00:00.000Z"),
        ("2024-03-05T10:00:00Z", "2024-03-05T10:00:00.000Z"),
        ("2024-03-05T13:00:00.123456+03:00", "2024-03-05T10:00:00.123Z"),
        ("2024-03-05 10:00:00", "2024-03-05T10:00:00.000Z"),
        ("", None),
        ("yesterday", None),
    ],
)
def test_stix_timestamp(value: str, expected: str | None) -> None:
    assert stix_timestamp(value) == expected


@pytest.mark.parametrize(
    ("value", "precision", "first", "last"),
    [
        ("2024-02-10", "day", "2024-02-10T00:00:00.000Z", "2024-02-10T23:59:59.999Z"),
        ("2024-02", "month", "2024-02-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z"),
        ("2023-02-17", "month", "2023-02-01T00:00:00.000Z", "2023-02-28T23:59:59.999Z"),
        ("2015", "year", "2015-01-01T00:00:00.000Z", "2015-12-31T23:59:59.999Z"),
    ],
)
def test_date_range(value: str, precision: str, first: str, last: str) -> None:
    assert date_range(DateValue(value, precision)) == (first, last)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("count", "value", "text"),
    [
        (Count(3, at_least=True), 3, "at least 3"),
        (Count(7, approx=True), 7, "about 7"),
        (Count(None, low=24, high=99), 24, "24-99"),
        (None, None, ""),
    ],
)
def test_counts(count: Count | None, value: int | None, text: str) -> None:
    assert (count_value(count), count_text(count)) == (value, text)


def test_stable_uuid_is_version5_and_stable() -> None:
    a = stable_uuid("incident", "inc-1")
    assert a == stable_uuid("incident", "inc-1") != stable_uuid("incident", "inc-2")
    assert a[14] == "5"


def test_summary_text() -> None:
    assert summary_text(bombing()) == (
        "Bombing in Mosul, Nineveh, Iraq on 2024-03-05: 5 killed, 10 wounded; perpetrator: Islamic State (claimed)."
    )
    assert summary_text(foiled_plot()).startswith(
        "Plot foiled (foiled) in Kasserine, Tunisia on 2023-11: 4 arrested"
    )
