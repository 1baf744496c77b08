"""Citations around document codes, short references, issuer resolution, and their evaluation."""
from __future__ import annotations

import json

import pytest

from vnpolitics.citations import Citation, central_organ, find_citations, parse_date, read_citations
from vnpolitics.cli import main as cli_main
from vnpolitics.cli.evaluate_doc_refs import evaluate, load_gold, normalize_organ
from vnpolitics.resources import samples_dir

GOLD = samples_dir().parent / "gold" / "doc_refs.jsonl"


@pytest.fixture(scope="module")
def sample():
    text = (samples_dir() / "haiphong-2024-06-15.txt").read_text(encoding="utf-8")
    return text, find_citations(text)


def test_sample_first_citation_is_read_whole(sample):
    text, citations = sample
    first = citations[0]
    assert first.text == "Nghị quyết số 28-NQ/TU ngày 10/11/2009 của Ban Thường vụ Thành ủy"
    assert text[first.start:first.end] == first.text
    assert text[first.code_span[0]:first.code_span[1]] == "28-NQ/TU"
    assert (first.code, first.system, first.type, first.type_name, first.issuer) == (
        "28-NQ/TU", "party", "NQ", "Nghị quyết", "TU")
    assert first.date == "2009-11-10"
    assert first.issuer_name == "Ban Thường vụ Thành ủy"
    assert first.issuer_resolved == "Thành ủy Hải Phòng"
    assert first.subject.startswith("Xây dựng, củng cố và phát triển tổ chức Đảng, đoàn thể")
    assert first.subject.endswith("đơn vị sự nghiệp ngoài công lập")


def test_sample_central_codes(sample):
    _, citations = sample
    kl, ct = citations[1], citations[2]
    assert (kl.code, kl.date, kl.issuer_name, kl.issuer_resolved) == (
        "01-KL/TW", "2021-05-18", "Bộ Chính trị", "Bộ Chính trị")
    assert (ct.code, ct.date, ct.issuer_resolved) == ("05-CT/TW", "2016-05-15", "Bộ Chính trị")
    assert ct.subject == "đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"


def test_sample_later_mentions_share_the_issuer(sample):
    _, citations = sample
    assert len(citations) == 11
    resolved = {(c.code, c.issuer_resolved) for c in citations}
    assert resolved == {("28-NQ/TU", "Thành ủy Hải Phòng"), ("01-KL/TW", "Bộ Chính trị"),
                        ("05-CT/TW", "Bộ Chính trị")}


@pytest.mark.parametrize("written, iso", [
    ("ngày 10/11/2009", "2009-11-10"),
    ("4-7-2017", "2017-07-04"),
    ("ngày 4 tháng 7 năm 2017", "2017-07-04"),
    ("ngày 21.4.2016", "2016-04-21"),
    ("ngày 31/2/2017", None),
    ("10/2025", None),
])
def test_dates(written, iso):
    assert parse_date(written) == iso


def test_issuer_with_commas_and_va():
    text = "Thực hiện Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị, Ban Bí thư (khóa XII) về đại hội đảng bộ các cấp."
    (citation,) = find_citations(text)
    assert citation.issuer_name == "Bộ Chính trị, Ban Bí thư"
    assert citation.issuer_resolved == "Bộ Chính trị, Ban Bí thư"
    assert citation.term == "XII"
    assert citation.text.endswith("(khóa XII)")
    assert citation.subject == "đại hội đảng bộ các cấp"


def test_issuer_named_before_ban_hanh_and_alias():
    text = ("Huyện ủy Tuy Đức ban hành Nghị quyết số 04-NQ/HU (Nghị quyết 04) về phát triển kinh tế. "
            "Sau một năm, Nghị quyết 04 đã đi vào cuộc sống.")
    full, short = find_citations(text)
    assert full.issuer_name == "Huyện ủy Tuy Đức" and full.issuer_resolved == "Huyện ủy Tuy Đức"
    assert full.text.startswith("Huyện ủy Tuy Đức ban hành Nghị quyết")
    assert full.alias == "Nghị quyết 04"
    assert (short.text, short.code, short.refers_to) == ("Nghị quyết 04", None, 0)


def test_short_references_link_to_the_full_citation():
    text = ("Chỉ thị 05 của Bộ Chính trị được quán triệt. Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 "
            "của Bộ Chính trị, Quy định 181 và Quy định số 181-QĐ/TW; theo Nghị định 34 của Chính phủ.")
    citations = find_citations(text)
    by_text = {c.text: (i, c) for i, c in enumerate(citations)}
    short05 = citations[0]
    assert short05.ref_span == (0, 10) and short05.issuer_name == "Bộ Chính trị"
    assert citations[short05.refers_to].code == "05-CT/TW"  # forward, to the only full citation
    i181, full181 = next((i, c) for i, c in enumerate(citations) if c.code == "181-QĐ/TW")
    short181 = next(c for c in citations if c.code is None and c.number == "181")
    assert short181.refers_to == i181 and full181.type == "QĐ"
    decree = next(c for c in citations if c.number == "34")
    assert (decree.code, decree.refers_to, decree.issuer_resolved) == (None, None, "Chính phủ")
    assert "Nghị định 34 của Chính phủ" in by_text


@pytest.mark.parametrize("text", [
    "Kế hoạch 5 năm 2016-2020 của tỉnh",
    "Luật quy định 9 nhóm đối tượng được hưởng",
    "Thanh tra đã kết luận 02 cuộc thanh tra",
    "Nghị quyết Trung ương 4 khóa XII",
])
def test_not_short_references(text):
    assert find_citations(text) == []


def test_number_word_types_need_so():
    (citation,) = find_citations("Các cơ quan triển khai Kế hoạch số 19 của Ban Chỉ đạo.")
    assert citation.ref_span == (23, 37) and citation.type_name == "Kế hoạch"


def test_local_issuers_resolved_from_the_article():
    text = ("UBND tỉnh Quảng Nam vừa kiểm tra mỏ cát. Quyết định số 1193/QĐ-UBND ngày 6/4/2015 gia hạn giấy phép. "
            "Công văn số 2091/UBND-KT yêu cầu báo cáo.")
    decision, letter = find_citations(text)
    assert decision.issuer_resolved == "UBND tỉnh Quảng Nam"
    assert letter.issuer_resolved == "UBND tỉnh Quảng Nam"
    assert decision.date == "2015-04-06"


def test_central_issuers_expanded():
    (tw,) = find_citations("Nghị quyết số 39-NQ/TW về tinh giản biên chế.")
    assert tw.issuer_resolved == "Ban Chấp hành Trung ương Đảng"
    (ttg,) = find_citations("Thủ tướng Chính phủ đã ban hành Quyết định 630/QĐ-TTg về lãi suất.")
    assert ttg.issuer_resolved == "Thủ tướng Chính phủ"
    (joint,) = find_citations("Thông tư liên tịch số 20/2015/TTLT-BGDĐT-BNV quy định mã số.")
    assert joint.issuer_resolved == "Bộ Giáo dục và Đào tạo, Bộ Nội vụ"
    assert joint.type_name == "Thông tư liên tịch"


def test_central_organ_names():
    assert central_organ("Ban Bí thư T.Ư Đảng") == "Ban Bí thư"
    assert central_organ("Ban chấp hành Trung ương Đảng khóa XI") == "Ban Chấp hành Trung ương Đảng"
    assert central_organ("Sở Xây dựng") is None


def test_organ_of_an_unknown_kind_by_its_head_word():
    text = "Bảo hiểm xã hội Việt Nam vừa có Công văn số 1986/BHXH-CSYT gửi Bộ Y tế."
    (citation,) = find_citations(text)
    assert citation.issuer_resolved == "Bảo hiểm xã hội Việt Nam"


def test_read_citations_maps_the_normalised_view_back():
    text = "Theo Nghị định 30/2020/NĐ\u2011CP của Chính\u00a0phủ về công tác văn thư."
    (citation,) = read_citations(text)
    assert citation.text == "Nghị định 30/2020/NĐ\u2011CP của Chính\u00a0phủ"
    assert text[citation.code_span[0]:citation.code_span[1]] == "30/2020/NĐ\u2011CP"
    assert citation.code == "30/2020/NĐ-CP" and citation.issuer_resolved == "Chính phủ"


def test_to_dict_is_the_schema_entry_and_round_trips(sample):
    _, citations = sample
    data = citations[0].to_dict()
    for key in ("start", "end", "text", "code", "code_span", "system", "number", "year", "type",
                "type_name", "issuer", "issuer_name", "issuer_span", "issuer_resolved", "date",
                "subject", "refers_to"):
        assert key in data
    assert data["code_span"] == [302, 310]
    json.dumps(data, ensure_ascii=False)
    assert Citation.from_dict(data) == citations[0]


def test_normalize_organ_for_scoring():
    assert normalize_organ("Ủy ban nhân dân TP.HCM") == normalize_organ("UBND thành phố Hồ Chí Minh")
    assert normalize_organ("Thành uỷ Hải Phòng") == normalize_organ("Thành ủy Hải Phòng")


def test_evaluate_counts_spans_and_fields():
    text = "Theo Nghị định 38/2012/NĐ-CP của Chính phủ. Nghị định 38 gây khó khăn. Thông tư 02 cũng vậy."
    gold = [{"id": "t", "text": text, "doc_refs": [
        {"kind": "code", "start": 15, "end": 28, "text": "38/2012/NĐ-CP", "code": "38/2012/NĐ-CP",
         "number": "38", "year": 2012, "type": "NĐ", "issuer": "CP", "date": None,
         "issuer_resolved": "Chính phủ"},
        {"kind": "short", "start": 44, "end": 56, "text": "Nghị định 38", "refers_to_code": "38/2012/NĐ-CP"},
    ]}]
    result = evaluate(gold)
    assert result["codes"]["f1"] == 1.0
    assert result["short_refs"]["recall"] == 1.0 and result["short_refs"]["precision"] == 0.5
    assert result["fields"]["issuer_resolution"] == {"accuracy": 1.0, "n": 1}
    assert result["fields"]["link"] == {"accuracy": 1.0, "n": 1}
    assert any("spurious short 'Thông tư 02'" in e for e in result["errors"])


def test_gold_file_is_well_formed():
    records = load_gold(GOLD)
    codes = [r for g in records for r in g["doc_refs"] if r["kind"] == "code"]
    shorts = [r for g in records for r in g["doc_refs"] if r["kind"] == "short"]
    assert len(codes) >= 400 and len(shorts) >= 100
    for record in records:
        for ref in record["doc_refs"]:
            assert record["text"][ref["start"]:ref["end"]] == ref["text"]


def test_cli_evaluate_doc_refs(capsys):
    assert cli_main(["evaluate", "doc-refs", str(GOLD), "--json"]) == 0
    scores = json.loads(capsys.readouterr().out)
    assert scores["codes"]["f1"] >= 0.99
    assert cli_main(["evaluate", "doc-refs", "no/such/gold.jsonl"]) == 2
    assert "no such gold file" in capsys.readouterr().err


def test_coordinated_codes_share_the_issuer_named_after_them():
    text = ("Ban Chỉ đạo đề xuất theo Quy định số 40-QĐ/TW, ngày 19/9/2011 và Quyết định số "
            "343-QĐNS/TW, ngày 13/8/2016 của Bộ Chính trị.")
    first, second = find_citations(text)
    assert first.issuer_name is None and first.date == "2011-09-19"
    assert first.issuer_resolved == second.issuer_resolved == "Bộ Chính trị"
    assert first.type_name == "Quy định" and second.type == "QĐNS"


def test_alias_after_a_long_subject_and_a_year_is_no_number():
    text = ("Nghị định 116/2010/NĐ-CP, ngày 24-12-2010, của Chính phủ về chính sách đối với cán bộ, "
            "công chức, viên chức (CBCCVC) công tác tại vùng có điều kiện kinh tế - xã hội đặc biệt "
            "khó khăn (Nghị định 116) đã phát huy hiệu quả. NHNN tham chiếu vào Nghị định 2006.")
    (citation,) = find_citations(text)
    assert citation.alias == "Nghị định 116" and citation.date == "2010-12-24"
    assert citation.subject.endswith("kinh tế - xã hội đặc biệt khó khăn")
