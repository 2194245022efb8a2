"""MISP export: events load in PyMISP; objects follow the misp-objects templates."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from pymisp import MISPEvent, MISPObject

from rasd.model import Incident
from rasd.share import export
from rasd.share.misp import credibility, likelihood

from .factories import ARTICLE_1, bombing, sample


def misp_text(incidents: list[Incident], **options: Any) -> str:
    buf = io.StringIO()
    stats = export(incidents, "misp", buf, **options)
    assert stats.failed == 0
    return buf.getvalue()


def load_events(text: str) -> list[MISPEvent]:
    events = []
    for line in text.splitlines():
        event = MISPEvent()
        event.load(line)
        events.append(event)
    return events


def tag_names(event: MISPEvent) -> set[str]:
    return {t.name for t in event.tags}


def test_one_event_per_incident_loads_in_pymisp(incidents: list[Incident]) -> None:
    events = load_events(misp_text(incidents))
    assert len(events) == 4
    bomb = events[0]
    assert bomb.info.startswith("Bombing in Mosul")
    assert str(bomb.date) == "2024-03-05"
    tags = tag_names(bomb)
    assert {
        "tlp:white",
        'admiralty-scale:source-reliability="f"',
        'admiralty-scale:information-credibility="1"',
        'rasd:type="bombing"',
        'rasd:status="executed"',
        'misp-galaxy:threat-actor="Islamic State"',
    } <= tags
    assert len({e.uuid for e in events}) == 4


def test_attributes(incidents: list[Incident]) -> None:
    bomb = load_events(misp_text(incidents))[0]
    by_type: dict[str, list[Any]] = {}
    for a in bomb.attributes:
        by_type.setdefault(a.type, []).append(a)
    actor = by_type["threat-actor"][0]
    assert actor.value == "Islamic State" and "الدولة الإسلامية" in actor.comment
    assert actor.category == "Attribution"
    assert {a.value for a in by_type["link"]} == {
        "https://news.example.org/ar/2024/03/05/mosul",
        "https://daily.example.net/iraq/42",
    }
    counters = {a.comment: a.value for a in by_type["counter"]}
    assert counters == {"killed": "5", "wounded": "10"}
    assert by_type["target-location"][0].comment == "الموصل"
    assert all(a.to_ids is False for a in bomb.attributes)


def test_objects_follow_their_templates(incidents: list[Incident]) -> None:
    bomb = load_events(misp_text(incidents))[0]
    names = [o.name for o in bomb.objects]
    assert names.count("geolocation") == 1
    assert names.count("news-media") == 2
    assert names.count("annotation") == 2
    for obj in bomb.objects:
        template = MISPObject(obj.name)  # loads the template bundled with PyMISP
        definition = template._definition
        assert definition is not None
        allowed = set(definition["attributes"])
        assert obj.template_uuid == template.template_uuid
        assert {a.object_relation for a in obj.attributes} <= allowed, obj.name
    geo = next(o for o in bomb.objects if o.name == "geolocation")
    values = {a.object_relation: a.value for a in geo.attributes}
    assert (float(values["latitude"]), float(values["longitude"])) == (36.34, 43.13)
    assert values["countrycode"] == "IQ" and values["text"] == "الموصل"
    note = next(o for o in bomb.objects if o.name == "annotation")
    text = next(a.value for a in note.attributes if a.object_relation == "text")
    start = ARTICLE_1.index("عبوة ناسفة")
    assert f"weapons[0] [{start}:{start + len('عبوة ناسفة')}] «عبوة ناسفة»" in text
    assert note.ObjectReference[0].relationship_type == "annotates"


def test_tlp_distribution_and_source_reliability() -> None:
    table = {"news.example.org": "B", "daily.example.net": "c"}
    event = load_events(misp_text([bombing()], tlp="amber", source_reliability=table))[0]
    assert "tlp:amber" in tag_names(event)
    assert 'admiralty-scale:source-reliability="b"' in tag_names(event)
    assert int(event.distribution) == 1


def test_per_export_event(incidents: list[Incident]) -> None:
    text = misp_text(incidents, per_export=True)
    event = MISPEvent()
    event.load(text)
    singles = load_events(misp_text(sample()))
    assert len(event.attributes) == sum(len(e.attributes) for e in singles)
    assert len(event.objects) == sum(len(e.objects) for e in singles)
    assert event.info.startswith("rasd export: 4 incidents")
    assert 'misp-galaxy:threat-actor="Islamic State"' in tag_names(event)
    actor = next(a for a in event.attributes if a.type == "threat-actor")
    assert 'rasd:type="bombing"' in {t.name for t in actor.tags}
    assert text == misp_text(sample(), per_export=True)
    json.loads(text)


def test_deterministic(incidents: list[Incident]) -> None:
    assert misp_text(incidents) == misp_text(sample())


@pytest.mark.parametrize(
    ("confidence", "word"),
    [
        (0.0, "almost-no-chance"),
        (0.5, "roughly-even-chance"),
        (0.8, "very-likely"),
        (1.0, "almost-certain"),
    ],
)
def test_likelihood(confidence: float, word: str) -> None:
    assert likelihood(confidence) == word


def test_credibility_rises_with_corroboration() -> None:
    one = bombing()
    one.reports = one.reports[:1]
    assert credibility(bombing()) == "1"
    assert credibility(one) == "2"
