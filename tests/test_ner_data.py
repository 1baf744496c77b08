"""VLSP 2016 / 2018 NER readers, the boundary convention, the Doc adapter and the scorer."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from vnpolitics.ner_data import (
    EntitySpan,
    NerFormatError,
    annotate_doc,
    detect_format,
    doc_from_words,
    layer_spans,
    parse_enamex,
    read_corpus,
    read_vlsp2016,
    read_vlsp2018,
    score_entities,
)

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

# Two sentences in the VLSP 2016 release's own layout (tabs, trailing tab cells on <s> lines,
# a nested LOC in the fifth column, and a sentence that starts on the <s> line).
VLSP2016 = (
    "-DOCSTART- NER2016/58799.txt\n<title>Người không sợ điện.</title>\n"
    "<editor>Vietlex team, 8-2016</editor>\n-DOCSTART-\n<s>\t\t\t\t\n"
    "Anh\tN\tB-NP\tO\tO\nHuỳnh_Văn_Hùng\tNp\tB-NP\tB-PER\tO\n(\tCH\tO\tO\tO\n"
    "ở\tE\tB-PP\tO\tO\nxã\tN\tB-NP\tB-LOC\tO\nĐịnh_Bình\tNp\tI-NP\tI-LOC\tO\n)\tCH\tO\tO\tO\n"
    "làm\tV\tB-VP\tO\tO\nở\tE\tB-PP\tO\tO\nXí_nghiệp\tN\tB-NP\tB-ORG\tO\n"
    "Cơ_khí\tN\tI-NP\tI-ORG\tO\nhuyện\tN\tI-NP\tI-ORG\tB-LOC\nGiá_Rai\tNp\tI-NP\tI-ORG\tI-LOC\n"
    ".\tCH\tO\tO\tO\n</s>\t\t\t\t\n"
    "<s>Sài_Gòn\tNp\tB-NP\tB-LOC\tO\nmưa\tV\tB-VP\tO\t0\n</s>\t\t\t\t\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def spans(example, layer="entities"):
    return [(example.text[s.start:s.end], s.label) for s in getattr(example, layer)]


def test_vlsp2016_sentence_becomes_raw_text_with_outer_and_nested_spans(tmp_path):
    first, second = read_vlsp2016(write(tmp_path, "train.txt", VLSP2016))
    assert first.id == "NER2016/58799.txt#1"
    assert first.text == ("Anh Huỳnh Văn Hùng ( ở xã Định Bình ) làm ở Xí nghiệp Cơ khí huyện Giá Rai .")
    assert spans(first) == [("Huỳnh Văn Hùng", "PER"), ("xã Định Bình", "LOC"),
                            ("Xí nghiệp Cơ khí huyện Giá Rai", "ORG")]
    assert spans(first, "nested") == [("huyện Giá Rai", "LOC")]
    assert [first.text[s:e] for s, e in first.words][:3] == ["Anh", "Huỳnh Văn Hùng", "("]
    # The sentence written on the <s> line itself is read, and the stray "0" tag is O.
    assert second.text == "Sài Gòn mưa" and spans(second) == [("Sài Gòn", "LOC")]


def test_vlsp2018_inline_nested_tags():
    example = parse_enamex(
        'Luật sư <ENAMEX TYPE="PERSON">Trần Đình Triển</ENAMEX> ( <ENAMEX TYPE="ORGANIZATION">Đoàn '
        'Luật sư <ENAMEX TYPE="LOCATION">Thành phố Hà Nội</ENAMEX></ENAMEX> ) nói')
    assert example.text == "Luật sư Trần Đình Triển ( Đoàn Luật sư Thành phố Hà Nội ) nói"
    assert spans(example) == [("Trần Đình Triển", "PER"), ("Đoàn Luật sư Thành phố Hà Nội", "ORG")]
    assert spans(example, "nested") == [("Thành phố Hà Nội", "LOC")]


def test_vlsp2018_file_is_read_paragraph_by_paragraph(tmp_path):
    record = {"id": "23351225", "topic": "Chinh tri", "text":
              'Họp báo tại <ENAMEX TYPE="LOCATION">Hà Nội</ENAMEX>\n\n'
              'Bộ trưởng <ENAMEX TYPE="PERSON">Nguyễn Chí Dũng</ENAMEX> phát biểu.'}
    path = write(tmp_path, "dev.jsonl", json.dumps(record, ensure_ascii=False) + "\n")
    assert detect_format(path) == "vlsp2018"
    examples = list(read_corpus(path))
    assert [e.id for e in examples] == ["23351225#1", "23351225#2"]
    assert spans(examples[1]) == [("Nguyễn Chí Dũng", "PER")]
    (whole,) = read_vlsp2018(path, unit="document")
    assert spans(whole) == [("Hà Nội", "LOC"), ("Nguyễn Chí Dũng", "PER")]


def test_convention_trims_quotes_and_whitespace_and_drops_empty_spans():
    text = 'Báo “ Nhân Dân ” đưa tin'
    outer, nested = layer_spans(text, [EntitySpan(4, 16, "ORG"), EntitySpan(15, 16, "MISC")])
    assert [(text[s.start:s.end], s.label) for s in outer] == [("Nhân Dân", "ORG")] and nested == ()


@pytest.mark.parametrize("marked, message", [
    ('<ENAMEX TYPE="PERSON">Kiên', "never closed"),
    ("Kiên</ENAMEX>", "without an opening tag"),
    ('<ENAMEX TYPE="DATE">2017</ENAMEX>', "unknown entity label 'DATE'"),
])
def test_malformed_enamex_is_a_one_line_error(marked, message):
    with pytest.raises(NerFormatError, match=message):
        parse_enamex(marked, where="dev.jsonl:3: ")


def test_unknown_format_names_the_file(tmp_path):
    path = write(tmp_path, "notes.txt", "Hà Nội mưa to\n")
    with pytest.raises(NerFormatError, match="notes.txt:1: neither VLSP 2016"):
        detect_format(path)


def test_annotate_doc_marks_entities_split_inside_a_token_as_missing(tmp_path):
    example = parse_enamex('Cầu thủ <ENAMEX TYPE="PERSON">Beckham</ENAMEX> giá cao')
    nlp = spacy.blank("vi")
    # A tokenisation that glues the name to the next word: the entity cannot be a span.
    doc = doc_from_words(nlp.vocab, example.text, [(0, 7), (8, 19), (20, 23)])
    assert [t.text for t in doc] == ["Cầu thủ", "Beckham giá", "cao"]
    assert annotate_doc(doc, example) == 1
    assert [t.ent_iob_ for t in doc] == ["O", "", "O"]
    good = doc_from_words(nlp.vocab, example.text, [(0, 7), (8, 15), (16, 19), (20, 23)])
    assert annotate_doc(good, example) == 0
    assert [(e.text, e.label_) for e in good.ents] == [("Beckham", "PER")]


def test_doc_from_words_keeps_the_text_exactly():
    nlp = spacy.blank("vi")
    text = "Hà Nội,  ngày\n10"
    doc = doc_from_words(nlp.vocab, text, [(0, 6), (6, 7), (9, 13), (14, 16)])
    assert doc.text == text


def test_scores_are_exact_character_matches_per_label():
    gold = [EntitySpan(0, 7, "ORG"), EntitySpan(10, 16, "LOC"), EntitySpan(20, 25, "MISC")]
    predicted = [EntitySpan(0, 7, "ORG"), EntitySpan(10, 16, "PER"), EntitySpan(20, 25, "MISC")]
    scores = score_entities([(gold, predicted)])
    assert (scores["ORG"].f1, scores["LOC"].recall, scores["PER"].precision) == (1.0, 0.0, 0.0)
    assert (scores["micro"].true_positives, scores["micro"].gold, scores["micro"].predicted) == (1, 2, 2)
    assert scores["MISC"].f1 == 1.0  # scored, but outside the PER/LOC/ORG micro-average


@pytest.mark.skipif(not (DATA / "vlsp2016-ner").is_dir(), reason="shared VLSP data not present")
def test_real_corpora_read_completely():
    dev2016 = list(read_corpus(DATA / "vlsp2016-ner" / "dev.txt"))
    assert len(dev2016) == 1613
    assert sum(len(e.entities) for e in dev2016) == 1671
    dev2018 = list(read_corpus(DATA / "vlsp2018-ner" / "dev.jsonl"))
    assert sum(len(e.entities) for e in dev2018) == 6564
    # The convention holds everywhere: outer spans never overlap, nested ones lie inside one.
    for example in dev2016 + dev2018:
        outer = example.entities
        assert all(a.end <= b.start for a, b in zip(outer, outer[1:]))
        for inner in example.nested:
            assert any(o.start <= inner.start and inner.end <= o.end for o in outer), example.id


@pytest.mark.parametrize("name", ["vnpolitics.ner_data", "vnpolitics.nested", "vnpolitics.name_boundaries",
                                  "vnpolitics.components.nested"])
def test_docstring_examples_of_the_ner_modules(name):
    import doctest
    import importlib

    assert doctest.testmod(importlib.import_module(name)).failed == 0
