"""The document-code grammar: every family of DOC_CODES.md §1, the noise of §3, the look-alikes."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnpolitics.codes import DocumentCode, abbreviations, find_codes, parse_code, type_name
from vnpolitics.resources import samples_dir


def test_party_code_parsed_into_its_parts():
    assert parse_code("28-NQ/TU") == DocumentCode(
        number="28", year=None, system="party", type="NQ", type_name="Nghị quyết",
        issuer="TU", issuer_name="Tỉnh ủy/Thành ủy", department=None,
        canonical="28-NQ/TU", family="party")


@pytest.mark.parametrize("written, canonical, family, kind, issuer, department, year", [
    ("57-NQ/TW", "57-NQ/TW", "party", "NQ", "TW", None, None),
    ("01-KL/TW", "01-KL/TW", "party", "KL", "TW", None, None),
    ("317-QĐ/TWĐTN-TNTH", "317-QĐ/TWĐTN-TNTH", "party", "QĐ", "TWĐTN", "TNTH", None),
    ("31-QĐ/ĐU-MTTW", "31-QĐ/ĐU-MTTW", "party", "QĐ", "ĐU", "MTTW", None),
    ("470-QĐNS/TW", "470-QĐNS/TW", "party", "QĐNS", "TW", None, None),
    ("36-HD/VPTW", "36-HD/VPTW", "party", "HD", "VPTW", None, None),
    ("30/2020/NĐ-CP", "30/2020/NĐ-CP", "norm", "NĐ", "CP", None, 2020),
    ("59/2020/QH14", "59/2020/QH14", "norm", None, "QH14", None, 2020),
    ("35/2023/UBTVQH15", "35/2023/UBTVQH15", "norm", None, "UBTVQH15", None, 2023),
    ("55/2005/TTLT-BNV-VPCP", "55/2005/TTLT-BNV-VPCP", "norm", "TTLT", "BNV-VPCP", None, 2005),
    ("05/2013/QĐ-UBND", "05/2013/QĐ-UBND", "norm", "QĐ", "UBND", None, 2013),
    ("07/2025/L-CTN", "07/2025/L-CTN", "norm", "L", "CTN", None, 2025),
    ("19-2017/NQ-CP", "19-2017/NQ-CP", "norm", "NQ", "CP", None, 2017),
    ("1234/QĐ-TTg", "1234/QĐ-TTg", "admin", "QĐ", "TTg", None, None),
    ("1663/NQ-UBTVQH15", "1663/NQ-UBTVQH15", "admin", "NQ", "UBTVQH15", None, None),
    ("23/KH-UBND", "23/KH-UBND", "admin", "KH", "UBND", None, None),
    ("1569/HQHCM-TCCB", "1569/HQHCM-TCCB", "congvan", None, "HQHCM", "TCCB", None),
    ("738/MTTW-BTT", "738/MTTW-BTT", "congvan", None, "MTTW", "BTT", None),
    ("526/UBND-TNMT", "526/UBND-TNMT", "congvan", None, "UBND", "TNMT", None),
    ("09/VBHN-BQP", "09/VBHN-BQP", "vbhn", "VBHN", "BQP", None, None),
    ("100/TTg", "100/TTg", "old", None, "TTg", None, None),
    ("386-QĐ/UB", "386-QĐ/UB", "old", "QĐ", "UB", None, None),
    ("64-CP", "64-CP", "old", None, "CP", None, None),
    ("961A/TB-LĐ", "961A/TB-LĐ", "admin", "TB", "LĐ", None, None),
    ("66.7/2025/NQ-CP", "66.7/2025/NQ-CP", "norm", "NQ", "CP", None, 2025),
])
def test_every_family(written, canonical, family, kind, issuer, department, year):
    code = parse_code(written)
    assert code is not None, written
    assert (code.canonical, code.family, code.type, code.issuer, code.department, code.year) == (
        canonical, family, kind, issuer, department, year)


@pytest.mark.parametrize("written, canonical", [
    ("07 - NQ/HU", "07-NQ/HU"),          # spaces around the dash
    ("05- CT/TW", "05-CT/TW"),
    ("42 -CT/TW", "42-CT/TW"),
    ("1333/UBND- TNMT", "1333/UBND-TNMT"),
    ("28 – NQ/TU", "28-NQ/TU"),          # en dash
    ("12/QĐ—UBND", "12/QĐ-UBND"),        # em dash
    ("15- Nq/tw", "15-NQ/TW"),           # lowercase
    ("56/2012/nĐ-cp", "56/2012/NĐ-CP"),
    ("361/2025/ND-CP", "361/2025/NĐ-CP"),  # missing Đ
    ("749/QD-TTg", "749/QĐ-TTg"),
    ("181/QĐ-TW", "181-QĐ/TW"),          # a Party code written in the state order
    ("06/2022-QH15", "06/2022/QH15"),    # dash for slash before the issuer
    ("29-NQ/TƯ", "29-NQ/TW"),            # TƯ for TW
    ("78/2013/NĐCP", "78/2013/NĐ-CP"),   # type glued to the issuer
    ("32/2013/TT/BTC", "32/2013/TT-BTC"),
])
def test_noise_is_read_to_the_canonical_code(written, canonical):
    code = parse_code(written)
    assert code is not None and code.canonical == canonical


def test_two_systems_give_two_meanings():
    assert type_name("TT", "party") == "Thông tri"
    assert type_name("TT", "state") == "Thông tư"
    assert parse_code("03-TT/TW").type_name == "Thông tri"
    assert parse_code("03/2017/TT-BNV").type_name == "Thông tư"
    assert "qd" in abbreviations("state_types")


@pytest.mark.parametrize("text", [
    "2- Ban Tổ chức Trung ương chủ trì, phối hợp",
    "1 - Qua hơn 30 năm đổi mới",
    "Từ tháng 10/2025, các tỉnh sẽ sáp nhập",
    "Lễ Quốc khánh 2/9 năm nay",
    "Đường dây nóng hoạt động 24/7",
    "Xe chạy 5 km/h trong khu dân cư",
    "Liều 100 mg/kg thể trọng",
    "Việt Nam thắng Lào 2-0",
    "Chiếc xe mang biển số 49X-6666",
    "Tiêm kích F-16 của Mỹ",
    "ngày 10/11/2009 và ngày 4-7-2017",
    "theo QCVN 01:2013/BCT",
    "giai đoạn 2016-2020 và năm học 2017 - 2018",
    "ảnh hoi-nghi-quyet-30-2020-nd-cp.jpg",
])
def test_look_alikes_are_not_codes(text):
    assert find_codes(text) == []


def test_spans_are_offsets_into_the_text():
    text = "Thực hiện Chỉ thị số 05- CT/TW và Nghị định 30/2020/ND-CP, Quyết định 1234/QĐ-TTg."
    found = find_codes(text)
    assert [(text[s:e], c.canonical) for s, e, c in found] == [
        ("05- CT/TW", "05-CT/TW"), ("30/2020/ND-CP", "30/2020/NĐ-CP"), ("1234/QĐ-TTg", "1234/QĐ-TTg")]


def test_a_code_stops_before_the_following_words():
    text = "Chỉ thị 05-CT/TW - Học tập và làm theo"
    assert [text[s:e] for s, e, _ in find_codes(text)] == ["05-CT/TW"]


def test_sample_has_exactly_eleven_mentions():
    text = (samples_dir() / "haiphong-2024-06-15.txt").read_text(encoding="utf-8")
    found = find_codes(text)
    assert [c.canonical for _, _, c in found].count("28-NQ/TU") == 5
    assert [c.canonical for _, _, c in found].count("01-KL/TW") == 3
    assert [c.canonical for _, _, c in found].count("05-CT/TW") == 3
    assert len(found) == 11
    assert "28- NQ/TU" in [text[s:e] for s, e, _ in found]


@pytest.mark.parametrize("unit", ["1-", "1/", "NQ/", "1-NQ/", "2020/", "1 - ", "28-NQ/TU-", "0–A"])
def test_adversarial_megabyte_does_not_backtrack(unit):
    # A guard against catastrophic backtracking, not a speed figure (those are in benchmarks/):
    # the grammar takes well under a second of CPU on a megabyte of near-codes, quadratic
    # backtracking would take minutes. CPU time, so a loaded machine does not fail it.
    text = unit * (1_000_000 // len(unit))
    started = time.process_time()
    find_codes(text)
    assert time.process_time() - started < 5.0


_ALPHABET = "0123456789-–/ .:NQTUWĐđCPqdBnhgA\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=200))
def test_fuzz_spans_are_well_formed(text):
    previous_end = 0
    for start, end, code in find_codes(text):
        assert previous_end <= start < end <= len(text)
        previous_end = end
        assert parse_code(text[start:end]) == code
        assert " " not in code.canonical


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=_ALPHABET, min_size=1, max_size=8))
def test_fuzz_repeated_units_stay_linear(unit):
    # 200,000 characters of any repeated unit: linear work takes well under a second of CPU;
    # catastrophic backtracking would take minutes. CPU time, so a loaded machine does not fail it.
    text = unit * (200_000 // len(unit))
    started = time.process_time()
    find_codes(text)
    assert time.process_time() - started < 3.0


def _plain_scan(text):
    """find_codes without its anchor filter: every candidate of the grammar, read in turn."""
    from vnpolitics import codes

    found = []
    for match in codes._CANDIDATE.finditer(text):
        if codes._STANDARD_BEFORE.search(text, max(0, match.start() - 4), match.start()):
            continue
        reading = codes._longest_reading(match.group(1), match.group(2), match.start(2))
        if reading:
            found.append((match.start(), reading[0], reading[1]))
    return found


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET + "Q/T-–ĐUBNDCP ", max_size=120))
def test_fuzz_anchor_filter_loses_nothing(text):
    assert find_codes(text) == _plain_scan(text)
