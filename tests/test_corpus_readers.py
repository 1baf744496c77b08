"""Reading corpora: folders, JSON lines, CSV, Parquet, encodings, and where each document came from."""
from __future__ import annotations

import csv
import gzip
import json
import unicodedata

import pytest

from vnpolitics.corpus.readers import (
    CorpusError, InputDoc, ReadError, ReadOptions, count_documents, decode, read_corpus,
)

SENTENCE = ("Chiều 14/6, Đảng ủy Khu kinh tế Hải Phòng tổ chức hội nghị sơ kết 15 năm thực hiện "
            "Nghị quyết số 28-NQ/TU của Ban Thường vụ Thành ủy.")
# The same kind of sentence in the legacy font encodings, as their bytes read in Windows-1252.
TCVN3 = "§¶ng Céng s¶n ViÖt Nam lµ ®éi tiªn phong cña giai cÊp c«ng nh©n ViÖt Nam vµ cña d©n téc."
VNI = "Ñaûng Coäng saûn Vieät Nam laø ñoäi tieân phong cuûa giai caáp coâng nhaân Vieät Nam vaø cuûa daân toäc."


def cp1258(text: str) -> bytes:
    """Windows-1258 bytes as Vietnamese software wrote them: base letters precomposed, tones combining."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + tones).encode("cp1258")
    return bytes(out)


def docs(inputs, **options) -> list[InputDoc | ReadError]:
    return list(read_corpus([str(i) for i in inputs], ReadOptions(**options)))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_decode_to_the_same_text(encoding):
    assert decode(SENTENCE.encode(encoding)) == SENTENCE


def test_windows_1258_is_decoded_and_composed():
    data = cp1258(SENTENCE)
    assert b"\xcc" in data or b"\xec" in data  # combining tone marks, as cp1258 files have them
    assert decode(data) == SENTENCE


@pytest.mark.parametrize("legacy, name", [(TCVN3, "TCVN3"), (VNI, "VNI")])
def test_legacy_font_encodings_are_rejected_by_name(legacy, name, tmp_path):
    path = tmp_path / "cu.txt"
    path.write_bytes(legacy.encode("cp1252"))
    [error] = docs([path])
    assert isinstance(error, ReadError)
    assert name in error.reason and "convert it to UTF-8" in error.reason
    assert error.location.file == str(path)


def test_folder_recursive_glob_ids_from_paths(tmp_path):
    (tmp_path / "2017" / "01").mkdir(parents=True)
    (tmp_path / "2017" / "01" / "a.txt").write_text(SENTENCE, encoding="utf-8")
    (tmp_path / "2017" / "b.txt").write_bytes(SENTENCE.encode("utf-16"))
    (tmp_path / "notes.md").write_text("không đọc", encoding="utf-8")
    found = docs([tmp_path])
    assert [d.id for d in found] == ["2017/01/a", "2017/b"]
    assert all(d.text == SENTENCE for d in found)
    assert found[0].location.file == str(tmp_path / "2017" / "01" / "a.txt")
    assert [d.id for d in docs([tmp_path], glob="2017/*.txt")] == ["2017/b"]
    with pytest.raises(CorpusError, match="no file matches"):
        docs([tmp_path], glob="*.xml")


def test_jsonl_article_fields_are_joined_and_lines_located(tmp_path):
    path = tmp_path / "articles.jsonl.gz"
    rows = [{"id": "21395276", "title": "Hội nghị Trung ương 4", "sapo": "Sáng 9/10, Hội nghị khai mạc.",
             "body": SENTENCE},
            {"title": "Không có id", "body": "Thành ủy Hải Phòng."}]
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps(rows[0], ensure_ascii=False) + "\n\n")  # a blank line is skipped
        out.write(json.dumps(rows[1], ensure_ascii=False) + "\n")
    first, second = docs([path])
    assert first.id == "21395276"
    assert first.text == "Hội nghị Trung ương 4\n\nSáng 9/10, Hội nghị khai mạc.\n\n" + SENTENCE
    assert (first.location.line, second.location.line) == (1, 3)
    assert second.id == "articles:3" and second.text == "Không có id\n\nThành ủy Hải Phòng."
    assert count_documents([str(path)]) == 2


def test_jsonl_text_and_id_fields_and_bad_lines(tmp_path):
    path = tmp_path / "vntc.jsonl"
    path.write_text(
        json.dumps({"doc": "XH_NLD_ (3672)", "noi_dung": SENTENCE, "label": "Chính trị Xã hội"}, ensure_ascii=False)
        + "\n{not json\n" + json.dumps({"doc": "x", "other": 1}) + "\n" + json.dumps(["a list"]) + "\n",
        encoding="utf-8")
    good, not_json, no_text, not_object = docs([path], text_field="noi_dung", id_field="doc")
    assert (good.id, good.text, good.meta["label"]) == ("XH_NLD_ (3672)", SENTENCE, "Chính trị Xã hội")
    assert isinstance(not_json, ReadError) and not_json.location.line == 2 and "not JSON" in not_json.reason
    assert isinstance(no_text, ReadError) and no_text.id == "x" and "no text field" in no_text.reason
    assert isinstance(not_object, ReadError) and "JSON object" in not_object.reason


def test_truncated_gzip_reports_the_rest_of_the_file(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    lines = "".join(json.dumps({"id": str(i), "text": SENTENCE * 20}, ensure_ascii=False) + "\n" for i in range(50))
    data = gzip.compress(lines.encode("utf-8"))
    path.write_bytes(data[: len(data) // 2])
    found = docs([path])
    assert all(isinstance(d, InputDoc) for d in found[:-1]) and len(found) < 50
    last = found[-1]
    assert isinstance(last, ReadError) and "unreadable from this line on" in last.reason
    assert last.location.line == len(found)


def test_csv_rows_keep_their_starting_line(tmp_path):
    path = tmp_path / "export.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, ["id", "text", "date"])
        writer.writeheader()
        writer.writerow({"id": "a", "text": "Dòng một\nvẫn là bài a", "date": "2017-02-06"})
        writer.writerow({"id": "b", "text": SENTENCE, "date": "2017-02-07"})
    a, b = docs([path])
    assert a.text == "Dòng một\nvẫn là bài a" and a.meta["date"] == "2017-02-06"
    assert (a.location.line, b.location.line) == (2, 4)


def test_parquet_rows(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "dump.parquet"
    pq.write_table(pa.table({"id": ["a", "b"], "text": [SENTENCE, "Bộ Chính trị"], "n": [1, 2]}), path)
    a, b = docs([path])
    assert (a.id, a.text, b.location.line, b.meta["n"]) == ("a", SENTENCE, 2, 2)
    assert count_documents([str(path)]) == 2


def test_unknown_inputs_fail_before_reading(tmp_path):
    (tmp_path / "x.docx").write_bytes(b"PK")
    with pytest.raises(CorpusError, match="unknown input kind"):
        docs([tmp_path / "x.docx"])
    with pytest.raises(CorpusError, match="no such file"):
        docs([tmp_path / "missing.jsonl"])


def test_docstring_examples_of_the_corpus_modules():
    import doctest
    import importlib

    for name in ("readers", "writers", "run", "command"):
        assert doctest.testmod(importlib.import_module(f"vnpolitics.corpus.{name}")).failed == 0, name
