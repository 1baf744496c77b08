"""Building a search index from annotated JSONL: worker processes, format version, odd inputs.

The parallel build (`workers`) must make the index a single process makes: same documents,
rows, results, facets and article views, whether the workers split the files or the chunks of
one file.
"""
from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest
from _search_records import hand_records

from vnpolitics.search import Corpus, build_index, read_records

PIPELINE_RECORDS = Path(__file__).parent / "data" / "search" / "annotated.jsonl"


def all_records() -> list[dict]:
    pipeline = [json.loads(line) for line in PIPELINE_RECORDS.read_text(encoding="utf-8").splitlines()]
    return pipeline + [{**r, "id": "hand-" + r["id"]} for r in hand_records()]  # the same texts, other ids


def write_shards(folder: Path, records: list[dict], shards: int) -> Path:
    folder.mkdir()
    for k in range(shards):
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[k::shards])
        with gzip.open(folder / f"part-{k:05d}.jsonl.gz", "wt", encoding="utf-8") as handle:
            handle.write(lines)
    return folder


def snapshot(db: Path) -> dict:
    """What users see of an index: every article view, some searches, facets, counts."""
    with Corpus(db) as corpus:
        ids = [r[0] for r in corpus._conn.execute("SELECT id FROM documents ORDER BY id")]
        return {
            "stats": corpus.stats(),
            "documents": [corpus.document(i) for i in ids],
            "search": [corpus.search(q, **f).to_dict("records") for q, f in (
                ("chi thi 05", {}), ("Đảng", {}), ("", {"code": "05-CT/TW"}), ("ha", {"org": "Thành ủy"}),
                ("", {"person": "Lê Trung Kiên"}), ("Hạ Long", {"exact": True}))],
            "facets": {k: v.values.tolist() for k, v in corpus.facets().items()},
            "citing": corpus.citing("05-CT/TW").to_dict("records"),
        }


@pytest.mark.parametrize("shards, batch_size", [(6, 256), (1, 2)], ids=["by-file", "by-chunk"])
def test_workers_build_the_same_index_as_one_process(tmp_path, shards, batch_size):
    folder = write_shards(tmp_path / "jsonl", all_records(), shards)
    one = build_index(read_records([folder], parse=False), tmp_path / "one.db", workers=0, batch_size=batch_size)
    two = build_index(read_records([folder], parse=False), tmp_path / "two.db", workers=2, batch_size=batch_size)
    assert (one.added, two.added) == (len(all_records()), len(all_records()))
    assert snapshot(tmp_path / "one.db") == snapshot(tmp_path / "two.db")
    # Dicts (the Python API) make the same index too.
    build_index(all_records()[:0] + [r for k in range(shards) for r in all_records()[k::shards]],
                tmp_path / "dicts.db", batch_size=batch_size)
    assert snapshot(tmp_path / "dicts.db")["documents"] == snapshot(tmp_path / "one.db")["documents"]
    again = build_index(read_records([folder], parse=False), tmp_path / "two.db", workers=2)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, len(all_records()))


@pytest.mark.parametrize("workers", [0, 2])
def test_an_id_changed_and_changed_back_in_one_build(tmp_path, workers):
    first, *rest = hand_records()
    changed = json.loads(json.dumps(first))
    changed["text"] = changed["text"] + " Thêm một câu."
    folder = tmp_path / "in"
    folder.mkdir()
    for name, records in (("a", [first, *rest]), ("b", [changed]), ("c", [first]), ("d", [])):
        (folder / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                             encoding="utf-8")
    db = tmp_path / "x.db"
    build_index(read_records([folder / "a.jsonl"], parse=False), db)
    # b replaces the first record; c (what the index held before this build) replaces it back.
    stats = build_index(read_records([folder], parse=False), db, workers=workers)
    assert (stats.added, stats.replaced, stats.unchanged) == (0, 2, len(rest) + 1)
    with Corpus(db) as corpus:
        assert corpus.document(first["id"])["text"] == first["text"]
        assert corpus.search('"Thêm một câu"').empty


@pytest.mark.parametrize("workers", [0, 2])
def test_a_bad_line_is_named_by_file_and_line(tmp_path, workers):
    folder = write_shards(tmp_path / "jsonl", hand_records(), 4)
    with gzip.open(folder / "part-00002.jsonl.gz", "at", encoding="utf-8") as handle:
        handle.write('{"id": "broken", "text": \n{"id": "no-text"}\n')
    with pytest.raises(ValueError, match=r"part-00002\.jsonl\.gz:2: not a JSON record"):
        build_index(read_records([folder], parse=False), tmp_path / "bad.db", workers=workers)
    stats = build_index(read_records([folder], parse=False), tmp_path / "bad.db", workers=workers,
                        on_error="skip")
    assert stats.added == len(hand_records())
    assert [e.split(": ")[-1] for e in stats.errors] == ["not a JSON record (Expecting value)",
                                                          "record has no string 'text'"]


def test_malformed_entities_are_record_errors(tmp_path):
    record = {"id": "m", "text": "Chính phủ", "entities": [{"end": 9, "label": "ORG"}]}
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    stats = build_index(read_records([path], parse=False), tmp_path / "m.db", on_error="skip", workers=0)
    assert stats.added == 0 and "'m'" in stats.errors[0] and "start" in stats.errors[0]
    stats = build_index([record], tmp_path / "m2.db", on_error="skip")
    assert stats.added == 0 and "'m'" in stats.errors[0] and "start" in stats.errors[0]


def test_an_index_of_an_older_format_is_refused_clearly(tmp_path):
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("INSERT INTO meta VALUES('version', 'vnpolitics.search/2')")
    with pytest.raises(ValueError, match="index version 'vnpolitics.search/2'.*build a new database"):
        build_index(hand_records(), db)
    with pytest.raises(ValueError, match="index version 'vnpolitics.search/2'"):
        Corpus(db)
    with sqlite3.connect(db) as conn:  # refused before anything was written
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["meta", "sqlite_autoindex_meta_1"]


@pytest.mark.parametrize("exact_index", [False, True])
def test_full_text_written_beside_is_the_full_text_written_in_place(tmp_path, monkeypatch, exact_index):
    """A new index's full-text tables are written in a second file by a thread and copied in: byte
    for byte what writing them in the index itself makes (a replaced article included)."""
    from vnpolitics import search

    records = all_records()
    changed = {**records[0], "text": records[0]["text"] + " Một câu mới."}
    dbs = []
    for separate in (True, False):
        monkeypatch.setattr(search, "_SEPARATE_FULLTEXT", separate)
        dbs.append(tmp_path / f"{separate}.db")
        build_index([*records, changed], dbs[-1], exact_index=exact_index, batch_size=3)
        assert not Path(str(dbs[-1]) + ".fulltext-tmp").exists()
    tables = ["text_folded", "name_words"] + (["text_exact"] if exact_index else [])
    with sqlite3.connect(dbs[0]) as a, sqlite3.connect(dbs[1]) as b:
        for table in tables:
            for shadow in ("data", "idx", "config"):
                sql = f"SELECT * FROM {table}_{shadow} ORDER BY 1, 2"
                assert a.execute(sql).fetchall() == b.execute(sql).fetchall(), (table, shadow)
    with Corpus(dbs[0]) as corpus:
        assert list(corpus.search('"Một câu mới"')["id"]) == [records[0]["id"]]
