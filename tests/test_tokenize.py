"""The tokenizer: Vietnamese words, protected spans kept whole, exact offsets."""
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import vnpolitics
from vnpolitics.pipeline import blank
from vnpolitics.tokenize import tokenize, word_tokenize


@pytest.fixture(scope="module")
def tokenizer_nlp():
    return blank()


def test_words_of_a_political_sentence():
    text = "Ông Lê Trung Kiên, Trưởng Ban Quản lý Khu kinh tế Hải Phòng đề nghị thực hiện Nghị quyết số 28-NQ/TU"
    assert word_tokenize(text) == [
        "Ông", "Lê Trung Kiên", ",", "Trưởng", "Ban", "Quản lý", "Khu", "kinh tế", "Hải Phòng",
        "đề nghị", "thực hiện", "Nghị quyết", "số", "28-NQ/TU",
    ]


@pytest.mark.parametrize("code", [
    "28-NQ/TU", "01-KL/TW", "05-CT/TW", "1234/QĐ-TTg", "100/2019/NĐ-CP", "59/2020/QH14",
    "07 - NQ/HU", "05- CT/TW", "317-QĐ/TWĐTN-TNTH", "55/2005/TTLT-BNV-VPCP", "1569/HQHCM-TCCB",
])
def test_document_codes_are_single_tokens(code):
    text = f"Thực hiện văn bản số {code} ngày 10/11/2009 của Ban Thường vụ."
    words = word_tokenize(text)
    assert code in words
    assert "10/11/2009" in words


@pytest.mark.parametrize("unit", [
    "10/11/2009", "15/06/2024", "15-5-2016", "6/2024", "1.091", "227.000", "3,5%", "09:58",
    "1.234.567,89", "https://baohaiphong.vn/tin-dia-phuong/abc-123.html", "toasoan@baohaiphong.vn",
    "TP.HCM", "Tp.", "UBND", "HĐND", "TW",
])
def test_dates_numbers_times_urls_emails_abbreviations_are_whole(unit):
    text = f"Theo thông báo {unit} của cơ quan chức năng"
    assert unit in word_tokenize(text)


def test_an_abbreviation_period_does_not_end_the_word_before_a_place():
    assert word_tokenize("Tp. Hải Phòng và TP.HCM.") == ["Tp.", "Hải Phòng", "và", "TP.HCM", "."]


def test_syllables_never_join_across_a_line_break_or_double_space():
    assert word_tokenize("Hải\nPhòng") == ["Hải", "Phòng"]
    assert word_tokenize("Hải  Phòng") == ["Hải", "Phòng"]


def test_a_dateline_glued_to_the_lead_is_split():
    assert word_tokenize("HÀ NỘIPhó chủ tịch nước")[:2] == ["HÀ NỘI", "Phó"]


def test_offsets_index_the_original_text():
    text = "Chiều 14/6, Đảng ủy Khu kinh tế Hải Phòng tổ chức hội nghị."
    for start, end in tokenize(text):
        assert text[start:end].strip() == text[start:end] and text[start:end]
    assert [text[s:e] for s, e in tokenize(text)][:4] == ["Chiều", "14/6", ",", "Đảng ủy"]


def test_nfd_and_tone_placement_give_the_same_segmentation():
    new = "Ủy ban nhân dân tỉnh Thanh Hóa và Thủy lợi Hòa Bình tổ chức hội nghị hòa giải"
    old = "Uỷ ban nhân dân tỉnh Thanh Hoá và Thuỷ lợi Hoà Bình tổ chức hội nghị hoà giải"
    nfd = unicodedata.normalize("NFD", new)
    assert tokenize(new) == tokenize(old)
    spans_nfd = tokenize(nfd)
    assert [unicodedata.normalize("NFC", nfd[s:e]) for s, e in spans_nfd] == word_tokenize(new)


def test_a_user_dictionary_applies_to_its_call_only():
    text = "Ban Chỉ đạo phòng chống tham nhũng"
    with_dict = word_tokenize(text, words=["Ban Chỉ đạo"])
    assert with_dict[0] == "Ban Chỉ đạo"
    assert word_tokenize(text)[0] != "Ban Chỉ đạo"  # no state leaks into the next call


def test_per_pipeline_dictionary_is_kept_by_that_pipeline_only():
    custom = blank(words=["Khu kinh tế Hải Phòng"])
    plain = blank()
    text = "Đảng ủy Khu kinh tế Hải Phòng"
    assert [t.text for t in custom(text)][-1] == "Khu kinh tế Hải Phòng"
    assert [t.text for t in plain(text)][-1] == "Hải Phòng"


def test_sample_tokens(sample_text, tokenizer_nlp):
    doc = tokenizer_nlp(sample_text)
    assert doc.text == sample_text
    words = {t.text for t in doc}
    for unit in ["Lê Trung Kiên", "Hải Phòng", "1.091", "227.000", "10/11/2009", "15/5/2016", "28- NQ/TU"]:
        assert unit in words
    codes = [t.text for t in doc if t._.kind == "code"]
    assert sorted(codes) == sorted(["28-NQ/TU"] * 4 + ["28- NQ/TU"] + ["01-KL/TW"] * 3 + ["05-CT/TW"] * 3)


@pytest.mark.parametrize("text", [
    "", "   \n\t ", "\x00\x01 Hải\x07Phòng \x1b[0m", "Hải Phòng 海防 Хайфон هاي فونغ 🇻🇳",
    "<p>Ông <b>Lê Trung Kiên</b> phát biểu</p>", "\u200b\u200bĐảng\u00ad viên\ufeff",
])
def test_odd_input_keeps_the_text_exactly(tokenizer_nlp, text):
    doc = tokenizer_nlp(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)


def test_a_five_megabyte_text(tokenizer_nlp):
    text = "=" * 5_000_000 + " Hải Phòng"
    doc = tokenizer_nlp.tokenizer(text)  # nlp() itself refuses texts over nlp.max_length
    assert doc.text == text and doc[-1].text == "Hải Phòng"


def test_non_text_input_is_a_clear_error():
    with pytest.raises(TypeError, match="expects a str"):
        word_tokenize(b"bytes")
    with pytest.raises(ValueError, match="unknown segmentation engine 'nope'"):
        word_tokenize("Hải Phòng", engine="nope")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("aăâbcdđeêhiklmnoôơpqrstuưvxyàáạảãằấệ ỹĐHNQTU0123456789-/.,:%\n\t\u0301 ")), max_size=120)
       | st.text(max_size=80))
def test_tokens_and_whitespace_rebuild_any_text(tokenizer_nlp, text):
    doc = tokenizer_nlp(text)
    assert "".join(t.text_with_ws for t in doc) == text
    for token in doc:
        assert text[token.idx : token.idx + len(token)] == token.text


def test_word_tokenize_is_exported():
    assert vnpolitics.word_tokenize("thành phố Hải Phòng") == ["thành phố", "Hải Phòng"]


@pytest.mark.parametrize("unit", ["69K-4107", "F-16", "COVID-19", "1A", "3-2004", "2004/02/25", "1/2.000", "V.H.Q", "T.Ư"])
def test_identifiers_initials_and_fractions_are_whole(unit):
    assert unit in word_tokenize(f"Theo báo cáo {unit} của đơn vị")


def test_a_score_is_not_a_date():
    assert word_tokenize("thắng với tỉ số 2-0")[-3:] == ["2", "-", "0"]
