"""Files and folders as a source (rasd.ingest.sources.files)."""

from __future__ import annotations

import json
from pathlib import Path

from rasd.ingest.item import ItemError, SourceItem
from rasd.ingest.sources.files import iter_path, kind_of
from rasd.ingest.sources.mapping import FieldMapping

TEXT = "أعلنت وزارة الداخلية القبض على خمسة مطلوبين في مدينة الدمام مساء الخميس."
HTML = (
    "<html><head><title>القبض على مطلوبين</title></head><body><article>"
    f"<p>{TEXT}</p><p>وأوضح المتحدث الأمني أن التحقيقات ما زالت جارية مع الموقوفين.</p>"
    "</article></body></html>"
)


def items(path: Path, **kw: object) -> list[SourceItem | ItemError]:
    return list(iter_path(path, **kw))  # type: ignore[arg-type]


def test_txt_utf8_and_cp1256(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(TEXT.encode("cp1256"))
    got = items(tmp_path, source="s")
    assert [i.ref for i in got] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert all(isinstance(i, SourceItem) and i.text == TEXT and i.source == "s" for i in got)


def test_folder_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    for rel in ("z.txt", "sub/b.txt", "sub/a.txt", ".hidden.txt", ".git/x.txt"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(f"{TEXT} {rel}", encoding="utf-8")
    refs = [i.ref for i in items(tmp_path)]
    assert refs == [str(tmp_path / r) for r in ("sub/a.txt", "sub/b.txt", "z.txt")]
    assert [i.ref for i in items(tmp_path, recursive=False)] == [str(tmp_path / "z.txt")]


def test_html_file(tmp_path: Path) -> None:
    (tmp_path / "page.htm").write_text(HTML, encoding="utf-8")
    (item,) = items(tmp_path / "page.htm")
    assert isinstance(item, SourceItem)
    assert item.title == "القبض على مطلوبين" and TEXT in item.text
    assert item.ref == str(tmp_path / "page.htm")


def test_html_file_without_article(tmp_path: Path) -> None:
    (tmp_path / "menu.html").write_text("<html><body><nav>الرئيسية</nav></body></html>")
    (err,) = items(tmp_path / "menu.html")
    assert isinstance(err, ItemError) and err.code == "RASD104"


def test_json_object_and_array(tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"content": TEXT, "headline": "خبر"}))
    rows = [{"body": TEXT + " 1"}, {"title": "بلا نص"}, {"article": TEXT + " 3", "lang": "AR"}]
    (tmp_path / "many.json").write_text(json.dumps(rows, ensure_ascii=False))
    got = items(tmp_path)
    many, one = str(tmp_path / "many.json"), str(tmp_path / "one.json")
    assert [i.ref for i in got] == [f"{many}#0", f"{many}#1", f"{many}#2", one]
    assert isinstance(got[1], ItemError) and got[1].code == "RASD106"
    assert isinstance(got[2], SourceItem) and got[2].language == "ar"
    assert isinstance(got[3], SourceItem) and got[3].title == "خبر"


def test_bad_json_file(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json")
    (err,) = items(tmp_path / "bad.json")
    assert isinstance(err, ItemError) and err.code == "RASD108"


def test_non_utf8_file_is_rasd101(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02\xff\xfe\x81 garbage \x8d\x90")
    (tmp_path / "ok.txt").write_text(TEXT, encoding="utf-8")
    got = items(tmp_path)
    assert isinstance(got[0], ItemError) and got[0].code == "RASD101"
    assert isinstance(got[1], SourceItem)  # the folder goes on


def test_oversized_file_is_rasd103_and_not_read(tmp_path: Path, monkeypatch: object) -> None:
    big = tmp_path / "big.txt"
    big.write_text(TEXT * 10, encoding="utf-8")
    read = []
    orig = Path.read_bytes

    def spy(self: Path) -> bytes:
        read.append(self)
        return orig(self)

    monkeypatch.setattr(Path, "read_bytes", spy)  # type: ignore[attr-defined]
    (err,) = items(big, max_bytes=100)
    assert isinstance(err, ItemError) and err.code == "RASD103" and "100" in err.message
    assert read == []


def test_unknown_extension_empty_file_and_missing_path(tmp_path: Path) -> None:
    (tmp_path / "notes.docx").write_bytes(b"PK")
    (tmp_path / "empty.txt").write_text("  \n")
    got = items(tmp_path)
    assert [(type(i), getattr(i, "code", None)) for i in got] == [
        (ItemError, "RASD102"),
        (ItemError, "RASD105"),
    ]
    (missing,) = items(tmp_path / "nope")
    assert isinstance(missing, ItemError) and missing.code == "RASD100"


def test_user_mapping_applies_to_files(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text(json.dumps({"x": {"body": TEXT}, "when": "2015-08-06"}))
    (item,) = items(tmp_path, mapping=FieldMapping.parse("text=x.body,published=when"))
    assert isinstance(item, SourceItem) and item.text == TEXT and item.published == "2015-08-06"


def test_kind_of() -> None:
    assert [kind_of(n) for n in ("a.JSONL.GZ", "b.ndjson", "c.Htm", "d.parquet", "e.csv")] == [
        "jsonl",
        "jsonl",
        "html",
        "parquet",
        None,
    ]
