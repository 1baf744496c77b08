"""Search over annotated corpora: index building, queries, facets, citations, safety, CLI."""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest
from _search_records import hand_records
from hypothesis import given, settings
from hypothesis import strategies as st

from vnpolitics.search import (
    Corpus,
    QueryError,
    build_index,
    code_key,
    fold,
    parse_query,
    read_records,
)


@pytest.fixture(scope="module")
def records():
    return hand_records()


@pytest.fixture(scope="module", params=[False, True], ids=["folded-index", "with-exact-index"])
def db(request, tmp_path_factory, records):
    path = tmp_path_factory.mktemp("search") / "corpus.db"
    stats = build_index(records, path, exact_index=request.param)
    assert (stats.added, stats.replaced, stats.unchanged) == (len(records), 0, 0)
    return path


@pytest.fixture()
def corpus(db):
    with Corpus(db) as c:
        yield c


# --- folding and keys ---

def test_fold_keeps_length_and_folds_d_with_stroke():
    text = "Đảng ủy Khu kinh tế Hải Phòng, Nghị quyết số 28-NQ/TU"
    assert fold(text) == "dang uy khu kinh te hai phong, nghi quyet so 28-nq/tu"
    assert len(fold(text)) == len(text)


def test_code_key_ignores_spacing_case_and_missing_d_with_stroke():
    assert code_key("28- NQ/TU") == code_key("28-nq/tu") == "28-NQ/TU"
    assert code_key("100/2019/ND-CP") == code_key("100/2019/NĐ-CP")
    assert code_key("1234 / QĐ – TTg") == code_key("1234/QĐ-TTg")


# --- the query parser ---

def test_parser_quotes_every_word_and_folds():
    # Plain words: all of them, and the phrase they make scores extra (same matches).
    assert parse_query("nghị quyết").fts() == '("nghi" AND "quyet") OR ("nghi" + "quyet")'
    assert parse_query('"nghị quyết" 28-NQ/TU').fts() == \
        '("nghi" + "quyet" AND "28" + "nq" + "tu") OR ("nghi" + "quyet" + "28" + "nq" + "tu")'
    assert parse_query("Đảng*").fts() == '"dang" *'
    assert parse_query("Hà OR Hạ").fts() == '("ha" OR "ha")'
    assert parse_query("Hạ Long -bóng").fts() == '(("ha" AND "long") OR ("ha" + "long")) NOT "bong"'
    assert parse_query("Hạ Long -bóng").fts(excluded=False) == '("ha" AND "long") OR ("ha" + "long")'


def test_exact_matching_of_a_parsed_query():
    query = parse_query('"Hạ Long" OR "Hà Nội" -bóng')
    assert query.matches_exactly("Thành ủy Hạ Long")
    assert query.matches_exactly("UBND thành phố HÀ NỘI")
    assert not query.matches_exactly("Hà Long")
    assert not query.matches_exactly("câu lạc bộ bóng đá Hạ Long")


@pytest.mark.parametrize("hostile", [
    'nghị quyết" OR 1=1 --', "'; DROP TABLE documents; --", 'NEAR(a b, 2)', "a AND OR NOT b",
    '"""', "*", "**", "- -", "title:Đảng", "{title body}: x", "^nghị", "SELECT * FROM names;",
    "Robert'); DELETE FROM citations;--", "\x00\x01", "nghị\u0300", "OR", "NOT", "AND",
])
def test_hostile_queries_are_text_never_syntax(corpus, hostile):
    before = corpus.stats()
    result = corpus.search(hostile)
    assert list(result.columns)[:2] == ["id", "title"]
    fts = parse_query(hostile).fts()
    for piece in fts.replace("(", " ").replace(")", " ").split():
        assert piece in ("AND", "OR", "NOT", "+", "*") or (piece.startswith('"') and piece.endswith('"'))
    assert corpus.stats() == before


def test_ten_kilobyte_query_is_answered_quickly(corpus):
    query = ("nghị quyết Đảng \"Hạ Long\" OR 05-CT/TW; DROP -- " * 200)[:10_240]
    began = time.process_time()  # CPU time: a guard against runaway queries, not a speed figure
    result = corpus.search(query)
    assert time.process_time() - began < 2.0
    assert result.empty  # no article contains every one of those words... and nothing broke
    with pytest.raises(QueryError, match="characters long"):
        corpus.search("x" * 20_001)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_a_valid_query(db, text):
    with Corpus(db) as corpus:
        try:
            corpus.search(text, limit=3)
        except QueryError as error:  # only the documented refusal
            assert "excluded" in str(error)


def test_filter_values_are_parameters(corpus):
    for value in ["'; DROP TABLE documents; --", "%", "_", "\\", "Hà' OR '1'='1"]:
        for name in ("code", "type", "issuer", "person", "org", "topic"):
            assert corpus.search(**{name: value}).empty, (name, value)
    with pytest.raises(QueryError, match="not a date"):
        corpus.search(since="2024'; --")


def test_exact_index_is_chosen_when_the_database_is_made(tmp_path, records):
    build_index(records[:1], tmp_path / "a.db")
    with pytest.raises(ValueError, match="without an exact index"):
        build_index(records[1:], tmp_path / "a.db", exact_index=True)
    build_index(records[:1], tmp_path / "b.db", exact_index=True)
    assert build_index(records, tmp_path / "b.db").added == len(records) - 1  # None: keeps it
    with Corpus(tmp_path / "b.db") as corpus:
        assert corpus.exact_index and corpus.count("Hạ Long", exact=True) == 3


def test_corpus_opens_read_only(db):
    with Corpus(db) as corpus:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            corpus._conn.execute("DELETE FROM documents")


# --- text search ---

def test_folded_search_finds_diacritics(corpus):
    found = corpus.search("nghi quyet 57")
    assert set(found["id"]) == {"halong-2025-01-20", "halong-2025-06-05"}
    assert "[Nghị quyết]" in found["snippet"].iloc[0] or "[Nghị quyết 57" in found["snippet"].iloc[0]
    assert set(corpus.search("dang")["id"]) == set(corpus.search("Đảng")["id"]) != set()


def test_exact_search_keeps_ha_apart_from_ha_with_dot_below(corpus):
    assert set(corpus.search("Hạ Long -bóng", exact=True)["id"]) == {"halong-2025-01-20", "halong-2025-06-05"}
    assert corpus.count("Hà", exact=True) == 4
    assert dict(corpus.facets("Hà", exact=True)["topic"].values.tolist()) == {"Chính trị Xã hội": 3, "Thể thao": 1}
    ha_noi = set(corpus.search('"Hà Nội"', exact=True)["id"])
    assert ha_noi == {"hanoi-2025-02-10", "halong-2025-06-07-bongda"}
    ha_long = set(corpus.search('"Hạ Long"', exact=True)["id"])
    assert ha_long == {"halong-2025-01-20", "halong-2025-06-05", "halong-2025-06-07-bongda"}
    assert set(corpus.search("Hạ", exact=True)["id"]) == ha_long | {"bacninh-2023-03-02"}  # Phạm Văn Hạ
    # Folded, "ha" is every one of them.
    assert set(corpus.search("ha")["id"]) >= ha_noi | ha_long


def test_phrase_and_prefix(corpus):
    assert set(corpus.search('"chuyen doi so"')["id"]) == {"halong-2025-01-20", "hanoi-2025-02-10"}
    assert corpus.search('"doi so chuyen"').empty
    assert set(corpus.search('"so h*"')["id"]) == {"halong-2025-06-05"}  # "số hóa"
    assert set(corpus.search('"Nghị quyết 5*"')["id"]) == {"halong-2025-01-20", "halong-2025-06-05"}


def test_ranking_puts_the_article_about_it_first(corpus):
    found = corpus.search("Nghị quyết 57")
    assert found["score"].is_monotonic_decreasing
    assert found["id"].iloc[0] in {"halong-2025-01-20", "halong-2025-06-05"}


def test_snippet_highlights_whole_phrase(corpus):
    snippet = corpus.search('"Bí thư Thành ủy"', highlight=("<", ">"))["snippet"].iloc[0]
    assert "<Bí thư Thành ủy>" in snippet


# --- filters and facets ---

def test_code_filter_counts_short_references_and_spelling_variants(corpus):
    for spelling in ("05-CT/TW", "05 - ct/tw", "05-CT/TW "):
        assert set(corpus.search(code=spelling)["id"]) == {"bacninh-2023-03-02"}
    assert set(corpus.search(code="01-KL/TW")["id"]) == {"bacninh-2023-03-02", "halong-2025-06-05"}
    assert set(corpus.search(code="30/2020/ND-CP")["id"]) == {"hanoi-2025-02-10"}


def test_filters_combine(corpus):
    assert set(corpus.search(type="NQ")["id"]) == {"halong-2025-01-20", "halong-2025-06-05"}
    assert set(corpus.search(issuer="TTg")["id"]) == {"hanoi-2025-02-10"}
    assert set(corpus.search(issuer="Bộ Chính trị")["id"]) == {
        "bacninh-2023-03-02", "halong-2025-01-20", "halong-2025-06-05"}
    assert set(corpus.search(person="Nguyen Thi Ha")["id"]) == {"halong-2025-01-20", "halong-2025-06-05"}
    assert set(corpus.search(person="Hà", exact=True)["id"]) == {
        "halong-2025-01-20", "halong-2025-06-05", "hanoi-2025-02-10"}
    assert set(corpus.search(org="Thành ủy Hạ Long")["id"]) == {"halong-2025-01-20", "halong-2025-06-05"}
    assert set(corpus.search(topic="the thao")["id"]) == {"halong-2025-06-07-bongda"}
    assert set(corpus.search(since="2025-02", until="2025-06-05")["id"]) == {
        "hanoi-2025-02-10", "halong-2025-06-05"}
    assert list(corpus.search("Hạ Long", topic="Chính trị Xã hội", since="2025", code="57-NQ/TW")["id"]) \
        in (["halong-2025-01-20", "halong-2025-06-05"], ["halong-2025-06-05", "halong-2025-01-20"])
    # Without text: newest first.
    assert list(corpus.search(code="57-NQ/TW")["id"]) == ["halong-2025-06-05", "halong-2025-01-20"]


def test_facets(corpus):
    facets = corpus.facets("Hạ Long")
    assert dict(facets["topic"].values.tolist()) == {"Chính trị Xã hội": 2, "Thể thao": 1}
    assert dict(facets["code"].values.tolist()) == {"57-NQ/TW": 2, "01-KL/TW": 1}
    assert dict(facets["official"].values.tolist()) == {"Nguyễn Thị Hà": 2}
    assert dict(facets["month"].values.tolist()) == {"2025-06": 2, "2025-01": 1}
    assert corpus.count("Hạ Long") == 3


def test_name_filters_match_whole_words_only(tmp_path):
    # The word index proposes names, the whole-word check decides: "Hạ" is not the start of "Hạnh".
    text = ("Thành ủy Hạ Long họp với Sở Nội vụ.\n\nĐồng chí Nguyễn Văn Hạnh, Sở Nội vụ tỉnh, "
            "báo cáo; Ban (BCĐ) tổng kết.")
    names = ["Thành ủy Hạ Long", "Sở Nội vụ", "Sở Nội vụ tỉnh", "Ban (BCĐ)"]
    ents = [{"start": text.index(n), "end": text.index(n) + len(n), "label": "ORG", "text": n} for n in names]
    who = "Nguyễn Văn Hạnh"
    ents.append({"start": text.index(who), "end": text.index(who) + len(who), "label": "PER", "text": who})
    officials = [{"name": who, "positions": [{"title": "Trưởng ban", "organization": "Ban Tuyên giáo Tỉnh ủy"}]}]
    build_index([{"id": "a", "text": text, "entities": ents, "officials": officials}], tmp_path / "n.db")
    with Corpus(tmp_path / "n.db") as corpus:
        assert list(corpus.search(org="ha long")["id"]) == ["a"]
        assert corpus.search(org="Hạ Lon").empty and corpus.search(person="Hạ", exact=True).empty
        assert list(corpus.search(org="noi vu tinh")["id"]) == ["a"]
        assert corpus.search(org="BCĐ").empty                # the word is "(BCĐ)"
        assert list(corpus.search(org="(BCĐ)")["id"]) == ["a"]
        assert list(corpus.search(person="Hạnh", exact=True)["id"]) == ["a"]
        assert corpus.search(person="Hanh Nguyen").empty     # the words in order
        assert corpus.search(org="()").empty                 # no word at all: checked on every name
        assert list(corpus.search(org="tuyen giao tinh uy")["id"]) == ["a"]  # an official's organisation
        assert corpus.search(org="Tuyên gi").empty
        assert "Ban Tuyên giáo Tỉnh ủy" not in set(corpus.facets(org="tuyen giao")["org"]["value"])  # not an entity


def test_facets_show_the_most_frequent_spelling_of_a_key(tmp_path):
    records = []
    for i, org in enumerate(["Trung tâm dự báo khí tượng thủy văn", "TRUNG TÂM DỰ BÁO KHÍ TƯỢNG THỦY VĂN",
                             "Trung tâm Dự báo Khí tượng Thủy văn", "Trung tâm Dự báo Khí tượng Thủy văn"]):
        text = f"{org} cảnh báo mưa lớn ở Hà Nội."
        records.append({"id": f"r{i}", "text": text,
                        "entities": [{"start": 0, "end": len(org), "label": "ORG", "text": org}]})
    build_index(records, tmp_path / "f.db")
    with Corpus(tmp_path / "f.db") as corpus:
        assert corpus.facets("mưa lớn")["org"].values.tolist() == [["Trung tâm Dự báo Khí tượng Thủy văn", 4]]
    build_index(records[:2], tmp_path / "tie.db")  # a tie: the first in code-point order
    with Corpus(tmp_path / "tie.db") as corpus:
        assert corpus.facets("mưa lớn")["org"].values.tolist() == [["TRUNG TÂM DỰ BÁO KHÍ TƯỢNG THỦY VĂN", 2]]


@pytest.mark.parametrize("query, filters", [("Hạ Long", {}), ("", {"since": "2020"}), ("Đảng", {}),
                                             ("", {"code": "57-NQ/TW"}), ("bóng đá", {})])
def test_facets_of_many_matches_count_as_the_sql_does(corpus, monkeypatch, query, filters):
    import vnpolitics.search as search

    by_sql = corpus.facets(query, **filters)
    monkeypatch.setattr(search, "FACETS_IN_SQL", -1)  # every match set counts with the arrays
    by_arrays = corpus.facets(query, **filters)
    assert {k: v.values.tolist() for k, v in by_arrays.items()} == {k: v.values.tolist() for k, v in by_sql.items()}


def test_results_follow_the_database_as_it_changes(tmp_path, records):
    path = tmp_path / "c.db"
    build_index(records[:2], path)
    with Corpus(path) as corpus:
        before = corpus.count("Hạ Long")
        build_index(records, path)  # another connection adds articles while this one is open
        assert corpus.count("Hạ Long") == 3 > before
        assert len(corpus.search("Hạ Long")) == 3


def test_citing_returns_sentence_and_resolved_short_references(corpus):
    rows = corpus.citing("05-ct/tw")
    assert list(rows["kind"]) == ["full", "full", "short"]
    short = rows[rows["kind"] == "short"].iloc[0]
    assert short["citation"] == "Chỉ thị 05 của Bộ Chính trị"
    assert short["sentence"].startswith("Phát biểu tại hội nghị, ông Phạm Văn Hạ")
    assert short["code"] == "05-CT/TW"
    assert rows.iloc[1]["date"] == "2016-05-15"


def test_positions_over_time(corpus):
    rows = corpus.positions("Nguyễn Thị Hà")
    assert rows[["title", "first_seen"]].values.tolist() == [
        ["Phó Bí thư Thường trực Thành ủy", "2025-01-20T10:00:00"],
        ["Bí thư Thành ủy", "2025-06-05T09:00:00"],
    ]
    assert corpus.positions("Trần Quang Hà")["organization"].tolist() == ["UBND thành phố Hà Nội"]


def test_document_view(corpus):
    doc = corpus.document("hanoi-2025-02-10")
    assert doc["title"] == "Hà Nội đẩy mạnh chuyển đổi số trong cơ quan nhà nước"
    assert {e["text"] for e in doc["entities"] if e["label"] == "DOC_CODE"} == {"749/QĐ-TTg", "30/2020/NĐ-CP"}
    assert all(doc["text"][e["start"]:e["end"]] == e["text"] for e in doc["entities"])
    assert corpus.document("no-such-id") is None


# --- incremental, idempotent building ---

@pytest.mark.parametrize("exact_index", [False, True])
def test_rebuild_is_idempotent_and_updates_by_id(tmp_path, records, exact_index):
    path = tmp_path / "c.db"
    build_index(records[:3], path, exact_index=exact_index)
    stats = build_index(records, path)
    assert (stats.added, stats.replaced, stats.unchanged) == (2, 0, 3)
    size = path.stat().st_size
    assert build_index(records, path).unchanged == len(records)
    assert path.stat().st_size == size
    changed = json.loads(json.dumps(records[2]))
    changed["text"] = changed["text"].replace("Hà Nội đẩy mạnh", "Hà Nội tăng tốc")
    changed["article"]["title"] = changed["text"].split("\n")[0]
    stats = build_index([changed], path)
    assert stats.replaced == 1
    with Corpus(path) as corpus:
        assert corpus.exact_index == exact_index
        assert len(corpus) == len(records)
        assert corpus.search('"đẩy mạnh chuyển đổi"').empty   # the old text is gone from both indexes
        assert corpus.search('"đẩy mạnh chuyển đổi"', exact=True).empty
        assert list(corpus.search("tang toc")["id"]) == ["hanoi-2025-02-10"]
        assert list(corpus.search(code="749/QĐ-TTg")["id"]) == ["hanoi-2025-02-10"]
        assert len(corpus.citing("749/QĐ-TTg")) == 1


def test_boilerplate_is_not_searched(tmp_path):
    text = "Tin địa phương\n\nHải Phòng sơ kết Nghị quyết 28-NQ/TU.\n\nNổi bật\n\nKhởi công cầu mới qua sông Cấm"
    start = text.index("Nổi bật")
    record = {"schema": "vnpolitics.annotation/1", "id": "bp", "text": text, "errors": [],
              "article": {"title": "Hải Phòng sơ kết Nghị quyết 28-NQ/TU.", "boilerplate": [[start, len(text)]]}}
    build_index([record], tmp_path / "bp.db")
    with Corpus(tmp_path / "bp.db") as corpus:
        assert corpus.search("song Cam").empty
        assert list(corpus.search("hai phong")["id"]) == ["bp"]
        assert corpus.document("bp")["text"] == text


def test_bad_records_name_the_document(tmp_path):
    with pytest.raises(ValueError, match="'x1'.*text"):
        build_index([{"id": "x1"}], tmp_path / "bad.db")
    stats = build_index([{"id": "x1"}, {"id": "ok", "text": "Chính phủ"}], tmp_path / "bad.db", on_error="skip")
    assert stats.added == 1 and "'x1'" in stats.errors[0]


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="vnpolitics index"):
        Corpus(tmp_path / "nope.db")


# --- command line ---

def cli(argv: list[str]) -> int:
    """Run one of the search commands as `vnpolitics` would (parser and CommandError)."""
    import argparse

    from vnpolitics.cli import CommandError, index, search

    parser = argparse.ArgumentParser(prog="vnpolitics")
    commands = parser.add_subparsers()
    index.register(commands)
    search.register(commands)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CommandError as error:
        print(f"error: {error}")
        return 2


def test_cli_index_and_search(tmp_path, records, capsys):
    annotated = tmp_path / "annotated.jsonl"
    annotated.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    db = str(tmp_path / "corpus.db")
    assert cli(["index", str(annotated), "--db", db]) == 0
    assert "5 added, 0 replaced, 0 unchanged" in capsys.readouterr().out
    assert cli(["index", str(tmp_path), "--db", db]) == 0  # a folder of shards; nothing new
    assert "0 added, 0 replaced, 5 unchanged" in capsys.readouterr().out

    assert cli(["search", "chi thi 05", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1 article(s)") and "[Chỉ thị 05]-CT/TW" in out

    assert cli(["search", "--code", "57-nq/tw", "--format", "json", "--facets", "--db", db]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["total"] == 2 and payload["facets"]["official"] == {"Nguyễn Thị Hà": 2}

    assert cli(["search", "--code", "05-CT/TW", "--citations", "--format", "json", "--db", db]) == 0
    assert [c["citation"] for c in json.loads(capsys.readouterr().out)][-1] == "Chỉ thị 05 của Bộ Chính trị"

    assert cli(["search", "--person", "nguyen thi ha", "--positions", "--db", db]) == 0
    assert "Bí thư Thành ủy" in capsys.readouterr().out


def test_cli_errors_are_one_line(tmp_path, capsys):
    assert cli(["search", "x", "--db", str(tmp_path / "none.db")]) == 2
    assert "no such index" in capsys.readouterr().out
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "Đảng"}\nnot json\n', encoding="utf-8")
    assert cli(["index", str(bad), "--db", str(tmp_path / "c.db")]) == 2
    assert "bad.jsonl:2: not a JSON record" in capsys.readouterr().out


# --- on the pipeline's own output (tests/data/search/annotated.jsonl, scripts/make_search_fixture.py) ---

PIPELINE_RECORDS = Path(__file__).parent / "data" / "search" / "annotated.jsonl"


@pytest.fixture(scope="module")
def pipeline_corpus(tmp_path_factory):
    db = tmp_path_factory.mktemp("pipeline") / "corpus.db"
    build_index(read_records([PIPELINE_RECORDS]), db)
    with Corpus(db) as corpus:
        yield corpus


def test_pipeline_records_find_every_article_citing_05_ct_tw(pipeline_corpus):
    citing = {"haiphong-2024-06-15", "bacninh-2023-03-02"}
    assert set(pipeline_corpus.search(code="05-CT/TW")["id"]) == citing
    for query in ("chi thi 05", "Chỉ thị 05", '"chỉ thị 05-CT/TW"', "05-ct/tw"):
        assert set(pipeline_corpus.search(query)["id"]) >= citing, query
    snippets = pipeline_corpus.search("chi thi 05").set_index("id")["snippet"]
    assert "[Chỉ thị 05]-CT/TW" in snippets["haiphong-2024-06-15"]  # the words together, not "Hồ [Chí] Minh"
    rows = pipeline_corpus.citing("05-CT/TW")
    sample = rows[rows["id"] == "haiphong-2024-06-15"]
    assert len(sample) >= 3  # the sample cites it three times
    assert all(code in sentence for code, sentence in zip(sample["citation"], sample["sentence"]))


def test_pipeline_records_every_code_is_found_by_code(pipeline_corpus):
    for line in PIPELINE_RECORDS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for ent in record["entities"]:
            if ent["label"] == "DOC_CODE":
                assert record["id"] in set(pipeline_corpus.search(code=ent["text"], limit=100)["id"]), ent


def test_pipeline_records_boilerplate_and_title(pipeline_corpus):
    # "Hải Phòng khởi công dự án cầu mới qua sông Cấm" is a link in the page's "Nổi bật" list.
    assert pipeline_corpus.search('"song Cam"').empty
    sample = pipeline_corpus.document("haiphong-2024-06-15")
    assert sample["title"] == "Tăng cường phát triển Đảng trong doanh nghiệp ngoài nhà nước, hợp tác xã"
    assert sample["published"] == "2024-06-15T09:58:00"
    assert list(pipeline_corpus.search("phat trien dang", since="2024-06", until="2024-06")["id"]) == [
        "haiphong-2024-06-15"]


# --- the notebook ---

@pytest.mark.slow
def test_notebook_search_corpus_runs_on_the_fixture(monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    monkeypatch.setenv("VNPOLITICS_ANNOTATED", str(PIPELINE_RECORDS))
    path = Path(__file__).resolve().parents[1] / "notebooks" / "search_corpus.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = "".join(
        o.get("text", "") + o.get("data", {}).get("text/plain", "")
        for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "6 articles indexed" in outputs
    assert "haiphong-2024-06-15" in outputs and "bacninh-2023-03-02" in outputs
    assert any("image/png" in o.get("data", {}) for c in notebook.cells for o in c.get("outputs", []))


def test_pipeline_records_short_references_and_officials(pipeline_corpus):
    rows = pipeline_corpus.citing("05-CT/TW")
    short = rows[rows["kind"] == "short"]
    assert list(short["citation"]) == ["Chỉ thị 05 của Bộ Chính trị"]  # resolved by vnp_doc_refs
    assert "Ban Quản lý Khu kinh tế Hải Phòng" in set(pipeline_corpus.positions("Le Trung Kien")["organization"])
    assert set(pipeline_corpus.search(person="Lê Trung Kiên")["id"]) == {"haiphong-2024-06-15"}
    assert set(pipeline_corpus.search(org="Ban Quản lý Khu kinh tế Hải Phòng")["id"]) == {"haiphong-2024-06-15"}
