"""Knowledge-base name lists as a gazetteer channel of their own."""

from __future__ import annotations

from pathlib import Path

from rasd.ner import load_model, train
from rasd.ner.gazetteer import Gazetteer
from rasd.ner.kbnames import KB_LABELS, kb_names
from rasd.ner.training import with_lists


def test_kb_names_cover_places_groups_and_agencies() -> None:
    names = kb_names()
    assert tuple(sorted(names)) == KB_LABELS
    assert "بغداد" in names["kb.LOC"] and "العراق" in names["kb.LOC"]
    assert any("الدولة الإسلامية" in n for n in names["kb.ORG"])
    assert all(n == sorted(n) for n in names.values())
    assert not set(names["kb.ORG"]) & set(names["kb.AGY"])
    assert names == kb_names()  # deterministic


def test_with_lists_keeps_training_labels() -> None:
    gaz = Gazetteer()
    gaz.add("PERS", ["عمان"])
    with_lists(gaz, {"kb.LOC": ["عمان", "بغداد"]})
    assert gaz.match(["في", "عمان"]) == ["", "B-PERS"]
    assert gaz.match(["وبغداد"]) == ["B-kb.LOC"]  # clitic-aware like the training names


def test_training_with_kb_lists_stores_them(tmp_path: Path) -> None:
    rows = [("قال خالد في عمان", "O B-PERS O B-LOC"), ("وصل سامي إلى بيروت", "O B-PERS O B-LOC")]
    text = "\n\n".join(
        "\n".join(f"{w} {t}" for w, t in zip(ws.split(), ts.split(), strict=True))
        for ws, ts in rows * 3
    )
    data = tmp_path / "news.txt"
    data.write_text(text + "\n", encoding="utf-8")
    train([data], None, tmp_path / "m.bin.gz", epochs=2, heldout=0.0, kb=True)
    model = load_model(tmp_path / "m.bin.gz")
    assert tuple(model.meta["kb_lists"]) == KB_LABELS
    assert model.gazetteer.match(["وبغداد"]) == ["B-kb.LOC"]
    assert model.gazetteer.match(["عمان"]) == ["B-LOC"]  # the training label wins
