"""The vnpolitics word segmenter: a tiny model trained here, the shipped model, scoring, readers."""
from __future__ import annotations

import argparse
import itertools
import os
import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnpolitics.segment import (
    CRFSegmenter,
    Dictionary,
    GoldSentence,
    SegmentationScore,
    code_units,
    evaluate,
    group,
    read_conllu,
    read_gold,
    read_vlsp,
    syllable_shape,
    train,
)

DATA = Path(os.environ.get("VNPOLITICS_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data")
VLSP = DATA / "vlsp2013-ws" / "train.txt.gz"

# Political prose in the VLSP 2013 format (syllables of a word joined by "_").
POLITICAL = """\
Ban_Thường_vụ Thành_uỷ Hải_Phòng ban_hành Nghị_quyết về công_tác cán_bộ .
Đồng_chí Lê_Trung_Kiên , Phó Bí_thư Thành_uỷ , chủ_trì hội_nghị .
Chi_bộ đã kết_nạp 12 đảng_viên mới trong năm 2024 .
Ban_Chấp_hành Trung_ương Đảng họp hội_nghị lần thứ 10 tại Hà_Nội .
Uỷ_ban_nhân_dân thành_phố chỉ_đạo các sở , ngành triển_khai kế_hoạch .
"""


def _sentences(text: str) -> list[GoldSentence]:
    return [GoldSentence(tuple(tuple(w.split("_")) for w in line.split())) for line in text.splitlines() if line]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """A segmenter trained in a few seconds on 800 VLSP 2013 sentences plus political prose."""
    if not VLSP.exists():
        pytest.skip(f"{VLSP} is not here")
    sentences = list(itertools.islice(read_vlsp(VLSP, normalize=True), 800)) + _sentences(POLITICAL) * 3
    return train(sentences, tmp_path_factory.mktemp("seg") / "tiny", algorithm="ap", iterations=8)


def test_tiny_model_segments_the_political_prose_it_saw(tiny):
    segmenter = CRFSegmenter.load(tiny)
    syllables = "Ban Thường vụ Thành uỷ Hải Phòng ban hành Nghị quyết về công tác cán bộ .".split()
    assert segmenter.words(syllables) == [
        "Ban Thường vụ", "Thành uỷ", "Hải Phòng", "ban hành", "Nghị quyết", "về", "công tác", "cán bộ", ".",
    ]


def test_tiny_model_scores_well_on_unseen_vlsp_sentences(tiny):
    held_out = list(itertools.islice(read_vlsp(VLSP, normalize=True), 900, 1100))
    assert evaluate(held_out, CRFSegmenter.load(tiny)).f1 > 0.85


def test_protected_syllables_are_words_of_their_own(tiny):
    segmenter = CRFSegmenter.load(tiny)
    syllables = ["theo", "Nghị", "quyết", "28-NQ/TU", "ngày", "10/11/2009", ",", "chiếm", "12,5%"]
    words = segmenter.words(syllables)
    for protected in ("28-NQ/TU", "10/11/2009", ",", "12,5%"):
        assert protected in words


def test_user_words_belong_to_one_segmenter(tiny):
    syllables = "Ban Thường vụ Thành uỷ họp".split()
    with_user = CRFSegmenter.load(tiny, user_words=["Thường vụ Thành uỷ"])
    plain = CRFSegmenter.load(tiny)
    assert with_user.words(syllables) == ["Ban", "Thường vụ Thành uỷ", "họp"]
    assert "Thường vụ Thành uỷ" not in plain.words(syllables)
    assert "Thường vụ Thành uỷ" not in CRFSegmenter.load(tiny).words(syllables)


def test_segmenter_pickles_and_segments_the_same(tiny):
    segmenter = CRFSegmenter.load(tiny, user_words=["kết nạp đảng viên"])
    syllables = "Chi bộ đã kết nạp đảng viên mới .".split()
    before = segmenter.begins(syllables)
    clone = pickle.loads(pickle.dumps(segmenter))
    assert clone.begins(syllables) == before
    assert clone.words(syllables)[2] == "kết nạp đảng viên"


def test_unknown_convention_is_one_clear_error(tiny):
    with pytest.raises(ValueError, match="unknown segmentation convention 'vtb'"):
        CRFSegmenter.load(tiny, convention="vtb")


def test_a_folder_without_a_model_is_one_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="not a segmenter model"):
        CRFSegmenter.load(tmp_path)


SYLLABLES = st.sampled_from(["Hà", "Nội", "ban", "hành", "nghị", "quyết", ",", "2024", "01-KL/TW", "Uỷ", "ban"])


@settings(max_examples=50, deadline=None)
@given(syllables=st.lists(SYLLABLES, max_size=30))
def test_begins_has_one_flag_per_syllable_and_starts_a_word(tiny, syllables):
    segmenter = CRFSegmenter.load(tiny)
    begins = segmenter.begins(syllables)
    assert len(begins) == len(syllables)
    assert not syllables or begins[0]
    assert " ".join(group(syllables, begins)) == " ".join(syllables)


# --- the shipped model --------------------------------------------------------------------------

SHIPPED = Path(__file__).resolve().parents[1] / "models" / "segmenter-crf" / "model.crfsuite"
needs_model = pytest.mark.skipif(not SHIPPED.exists(), reason="models/segmenter-crf is not trained yet")


@needs_model
@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Ban Thường vụ Thành uỷ Hải Phòng ban hành Nghị quyết số 28-NQ/TU",
         ["Ban", "Thường vụ", "Thành uỷ", "Hải Phòng", "ban hành", "Nghị quyết", "số", "28-NQ/TU"]),
        ("Ban Chấp hành Trung ương Đảng kết nạp đảng viên",
         ["Ban Chấp hành", "Trung ương", "Đảng", "kết nạp", "đảng viên"]),
        ("UBND thành phố Hải Phòng ban hành kế hoạch",
         ["UBND", "thành phố", "Hải Phòng", "ban hành", "kế hoạch"]),
        ("Đồng chí Lê Trung Kiên làm việc tại Thành phố Hồ Chí Minh",
         ["Đồng chí", "Lê Trung Kiên", "làm việc", "tại", "Thành phố", "Hồ Chí Minh"]),
    ],
)
def test_shipped_model_on_political_prose(sentence, expected):
    assert CRFSegmenter.load().words(sentence.split()) == expected


# --- scoring and readers ------------------------------------------------------------------------


def test_score_counts_words_and_the_disagreement():
    score = SegmentationScore()
    score.add(["Ban", "Thường vụ", "Thành uỷ"], ["Ban", "Thường vụ Thành uỷ"])
    assert (score.gold, score.predicted, score.correct) == (3, 2, 1)
    assert score.errors == {("Thường_vụ Thành_uỷ", "Thường_vụ_Thành_uỷ"): 1}


def test_a_document_code_counts_as_one_word_on_both_sides():
    text = "theo Nghị_quyết 45 / 2004 / NQ - HĐ".replace("_", " ")
    gold = ["theo", "Nghị quyết", "45", "/", "2004", "/", "NQ", "-", "HĐ"]
    score = SegmentationScore()
    score.add(gold, ["theo", "Nghị quyết", "45 / 2004 / NQ - HĐ"], code_units(text))
    assert (score.gold, score.correct, score.f1) == (3, 3, 1.0)


def test_readers_give_the_same_sentence_in_both_formats(tmp_path):
    vlsp = tmp_path / "gold.txt"
    vlsp.write_text("2024/06/15 08:00:00\nĐồng_chí Lê_Trung_Kiên phát_biểu .\n", encoding="utf-8")
    conllu = tmp_path / "gold.conllu"
    conllu.write_text(
        "# text = Đồng chí Lê Trung Kiên phát biểu .\n"
        "1\tĐồng chí\tđồng chí\tNOUN\tN\t_\t3\tnsubj\t_\t_\n"
        "2\tLê Trung Kiên\tLê Trung Kiên\tPROPN\tNp\t_\t1\tappos\t_\t_\n"
        "3\tphát biểu\tphát biểu\tVERB\tV\t_\t0\troot\t_\t_\n"
        "4\t.\t.\tPUNCT\tCH\t_\t3\tpunct\t_\t_\n\n",
        encoding="utf-8",
    )
    from_vlsp = [s.words for s in read_gold(vlsp)]
    from_conllu = [s.words for s in read_gold(conllu)]
    assert from_vlsp[-1] == from_conllu[0] == (("Đồng", "chí"), ("Lê", "Trung", "Kiên"), ("phát", "biểu"), (".",))
    assert [s.document for s in read_vlsp(vlsp)] == [0, 0]


def test_a_broken_conllu_line_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.conllu"
    bad.write_text("1\tĐồng chí\tđồng chí\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.conllu:1: not a CoNLL-U token line"):
        list(read_conllu(bad))


def test_dictionary_finds_the_longest_word():
    d = Dictionary.from_words(["Ban Chấp hành", "Ban Chấp hành Trung ương", "Trung ương"])
    assert d.longest("ban chấp hành trung ương đảng".split(), 0) == 5
    assert d.longest("ban chấp hành trung ương đảng".split(), 3) == 2


def test_shapes():
    assert [syllable_shape(s) for s in ["Hà", "nội", "UBND", "2024", "28-NQ/TU", "."]] == ["T", "l", "U", "D", "X", "P"]


def test_evaluate_command_prints_f1_and_errors(tiny, tmp_path, capsys):
    from vnpolitics.cli import evaluate_segmentation

    gold = tmp_path / "gold.txt"
    gold.write_text(POLITICAL, encoding="utf-8")
    parser = argparse.ArgumentParser()
    evaluate_segmentation.register(parser.add_subparsers())
    args = parser.parse_args(["segmentation", str(gold), "--model", str(tiny)])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "5 sentences" in out and "F1" in out


def test_the_syllable_type_cache_is_bounded_and_changes_nothing(tiny, monkeypatch):
    """A long run meets new syllables without end (names, numbers): the cache keeps two
    generations of at most _CACHE_LIMIT types, and segments exactly as an unbounded one."""
    import vnpolitics.segment as segment

    sentences = [s.syllables for s in _sentences(POLITICAL)]
    numbered = [[*sentence, f"{k}.{k * 7}", f"Số{k}"] for k, sentence in enumerate(sentences * 20)]
    unbounded = CRFSegmenter.load(tiny)
    expected = [unbounded.begins(syllables) for syllables in numbered]
    monkeypatch.setattr(segment, "_CACHE_LIMIT", 50)
    bounded = CRFSegmenter.load(tiny)
    for syllables, begins in zip(numbered, expected):
        assert bounded.begins(syllables) == begins
        assert len(bounded.featurizer._cache) <= 50 and len(bounded.featurizer._old) <= 50
    assert bounded.featurizer._old, "the cache never rolled over: the test did not reach the bound"
