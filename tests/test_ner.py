"""The statistical NER: `vnpolitics evaluate ner` end to end, the shipped model, the name-aware engine."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.training import Example

import vnpolitics.components.tokenizer  # noqa: F401  (registers vnpolitics.Tokenizer.v1)
import vnpolitics.name_boundaries  # noqa: F401  (registers the "underthesea+names" engine)
from vnpolitics.cli import main
from vnpolitics.name_boundaries import ENGINE_NAME
from vnpolitics.ner_data import annotate_doc, parse_enamex
from vnpolitics.pipeline import blank
from vnpolitics.resources import models_dir
from vnpolitics.tokenize import word_tokenize

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "samples" / "haiphong-2024-06-15.txt"
SHIPPED = models_dir() / "ner"

# Real news sentences in VLSP 2018 markup (the same ones, in VLSP 2016 columns, below).
MARKED = [
    'Chiều 14/6 , <ENAMEX TYPE="ORGANIZATION">Đảng uỷ Khu kinh tế <ENAMEX TYPE="LOCATION">Hải Phòng'
    '</ENAMEX></ENAMEX> tổ chức hội nghị sơ kết .',
    'Ông <ENAMEX TYPE="PERSON">Lê Trung Kiên</ENAMEX> phát biểu tại hội nghị .',
    'Đoàn công tác của <ENAMEX TYPE="ORGANIZATION">Bộ Y tế</ENAMEX> làm việc tại '
    '<ENAMEX TYPE="LOCATION">tỉnh Quảng Nam</ENAMEX> .',
]
COLUMNS = (
    "-DOCSTART- sample\n<s>\t\t\t\t\n"
    "Ông\tNc\tB-NP\tO\tO\nLê_Trung_Kiên\tNp\tB-NP\tB-PER\tO\nphát_biểu\tV\tB-VP\tO\tO\n"
    "tại\tE\tB-PP\tO\tO\nhội_nghị\tN\tB-NP\tO\tO\n.\tCH\tO\tO\tO\n</s>\t\t\t\t\n"
    "<s>\t\t\t\t\nĐoàn\tN\tB-NP\tO\tO\ncông_tác\tN\tI-NP\tO\tO\ncủa\tE\tB-PP\tO\tO\n"
    "Bộ\tN\tB-NP\tB-ORG\tO\nY_tế\tN\tI-NP\tI-ORG\tO\nlàm_việc\tV\tB-VP\tO\tO\ntại\tE\tB-PP\tO\tO\n"
    "tỉnh\tN\tB-NP\tB-LOC\tO\nQuảng_Nam\tNp\tI-NP\tI-LOC\tO\n.\tCH\tO\tO\tO\n</s>\t\t\t\t\n"
)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    """A NER trained in the test on the three sentences above, saved like models/ner."""
    nlp = blank(ENGINE_NAME)
    nlp.add_pipe("ner")
    examples = []
    for example in map(parse_enamex, MARKED):
        reference = nlp.make_doc(example.text)
        assert annotate_doc(reference, example) == 0
        examples.append(Example(nlp.make_doc(example.text), reference))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(40):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    path = tmp_path_factory.mktemp("ner") / "model"
    nlp.to_disk(path)
    return path


def evaluate(capsys, *argv: str) -> dict:
    assert main(["evaluate", "ner", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_evaluate_reads_both_formats_end_to_end(tiny_model, tmp_path, capsys):
    jsonl = tmp_path / "dev.jsonl"
    jsonl.write_text("".join(json.dumps({"id": str(i), "text": m}, ensure_ascii=False) + "\n"
                             for i, m in enumerate(MARKED)), encoding="utf-8")
    result = evaluate(capsys, str(jsonl), "--model", str(tiny_model))
    assert result["format"] == "vlsp2018" and result["examples"] == 3
    assert result["scores"]["micro"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0,
                                         "gold": 4, "predicted": 4, "correct": 4}
    # The LOC inside "Đảng uỷ Khu kinh tế Hải Phòng", found by the vnp_nested rule.
    assert result["scores"]["nested"]["correct"] == result["scores"]["nested"]["gold"] == 1
    columns = tmp_path / "dev.txt"
    columns.write_text(COLUMNS, encoding="utf-8")
    for segmentation in ("ours", "gold"):
        result = evaluate(capsys, str(columns), "--model", str(tiny_model), "--segmentation", segmentation)
        assert result["format"] == "vlsp2016"
        assert {k: v["correct"] for k, v in result["scores"].items()} == {"LOC": 1, "ORG": 1, "PER": 1, "micro": 3, "nested": 0}


def test_evaluate_errors_are_one_line(tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("Hà Nội mưa to\n", encoding="utf-8")
    assert main(["evaluate", "ner", str(notes)]) == 2
    assert "notes.txt:1: neither VLSP 2016" in capsys.readouterr().err
    assert main(["evaluate", "ner", str(tmp_path / "missing.txt")]) == 2


def test_ner_component_can_be_sourced_into_the_vnpolitics_pipeline(tiny_model):
    nlp = blank(ENGINE_NAME)
    nlp.add_pipe("ner", source=spacy.load(tiny_model))
    doc = nlp("Ông Lê Trung Kiên phát biểu tại hội nghị .")
    assert [(e.text, e.label_) for e in doc.ents] == [("Lê Trung Kiên", "PER")]


def test_name_engine_keeps_one_syllable_names_apart_from_the_next_word():
    # The VLSP 2013 CRF alone glues "Đào" to the verb; known words such as "Bí thư" stay whole.
    words = word_tokenize("Đào học rất giỏi , còn Bí thư Tuấn về nhà Tuấn .", engine=ENGINE_NAME)
    assert words[:2] == ["Đào", "học"]
    assert "Bí thư" in words and words[-3:] == ["nhà", "Tuấn", "."]


@pytest.mark.skipif(not SHIPPED.is_dir(), reason="models/ner not trained yet")
def test_shipped_model_is_small_and_self_contained():
    size = sum(f.stat().st_size for f in SHIPPED.rglob("*") if f.is_file())
    assert size < 30e6
    nlp = spacy.load(SHIPPED)
    assert nlp.pipe_names == ["ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG", "MISC"}
    assert (SHIPPED / "README.md").is_file()


@pytest.mark.skipif(not SHIPPED.is_dir(), reason="models/ner not trained yet")
def test_shipped_model_on_the_sample_article():
    nlp = spacy.load(SHIPPED)
    doc = nlp(SAMPLE.read_text(encoding="utf-8"))
    found = {(e.text, e.label_) for e in doc.ents}
    # The model alone: the person and two of the organs ("Ban Thường vụ Thành ủy" is left to
    # the organ rules, see the next test).
    assert ("Lê Trung Kiên", "PER") in found
    assert {("Bộ Chính trị", "ORG"), ("Đảng ủy Khu kinh tế Hải Phòng", "ORG")} <= found


@pytest.mark.skipif(not SHIPPED.is_dir(), reason="models/ner not trained yet")
def test_the_full_pipeline_on_the_sample_article():
    # The "done when", as users meet it: the model and the rule layers together.
    import vnpolitics

    doc = vnpolitics.load(exclude=["topic_classifier"])(SAMPLE.read_text(encoding="utf-8"))
    found = {(e.text, e.label_) for e in doc.ents}
    assert {("Lê Trung Kiên", "PER"), ("Bộ Chính trị", "ORG"), ("Ban Thường vụ Thành ủy", "ORG"),
            ("Đảng ủy Khu kinh tế Hải Phòng", "ORG")} <= found
    kien = next(o.to_dict() for o in doc._.officials if o.to_dict()["name"] == "Lê Trung Kiên")
    assert [(p["title"], p["organization"]) for p in kien["positions"]] == [
        ("Trưởng Ban", "Ban Quản lý Khu kinh tế Hải Phòng")]



def _norm_vectors(vocab, words: list[str]) -> None:
    """A small table of lower-cased words, made as scripts/train_vectors.py makes it."""
    import numpy

    from vnpolitics.ner_data import word_vectors

    word_vectors(vocab, words, numpy.eye(len(words), 4, dtype="float32") + numpy.arange(len(words))[:, None])


def test_word_vectors_serve_every_usual_spelling_of_a_word():
    # One row per word; "Hải Phòng" and "HẢI PHÒNG" both find it, an unknown word finds none.
    import numpy
    from spacy.ml.models import MultiHashEmbed

    nlp = blank(ENGINE_NAME)
    _norm_vectors(nlp.vocab, ["hải phòng", "hà nội"])
    docs = [nlp("Hải Phòng"), nlp("HẢI PHÒNG"), nlp("Hoà Bình")]
    assert [len(doc) for doc in docs] == [1, 1, 1]
    model = MultiHashEmbed(width=8, attrs=["NORM"], rows=[50], include_static_vectors=True)
    model.initialize(X=docs)
    static = next(layer for layer in model.walk() if layer.name == "static_vectors")
    rows = static.predict(docs).data
    assert numpy.allclose(rows[0], rows[1]) and numpy.abs(rows[0]).sum() > 0
    assert numpy.abs(rows[2]).sum() == 0  # not in the table


def test_a_ner_with_vectors_is_added_with_its_vectors(tmp_path):
    from vnpolitics.pipeline import add_ner

    spacy.util.fix_random_seed(0)
    embed = {"@architectures": "spacy.MultiHashEmbed.v2", "width": 16, "attrs": ["NORM", "SHAPE"],
             "rows": [500, 50], "include_static_vectors": True}
    encode = {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 16, "depth": 1,
              "window_size": 1, "maxout_pieces": 2}
    model = {"@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "hidden_width": 16,
             "maxout_pieces": 2, "use_upper": True,
             "tok2vec": {"@architectures": "spacy.Tok2Vec.v2", "embed": embed, "encode": encode}}
    nlp = blank(ENGINE_NAME)
    _norm_vectors(nlp.vocab, ["lê trung kiên", "bộ y tế", "quảng nam", "ông"])
    nlp.add_pipe("ner", config={"model": model})
    examples = []
    for example in map(parse_enamex, MARKED):
        reference = nlp.make_doc(example.text)
        annotate_doc(reference, example)
        examples.append(Example(nlp.make_doc(example.text), reference))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(150):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.to_disk(tmp_path / "model")
    source = spacy.load(tmp_path / "model")
    target = blank(ENGINE_NAME)
    add_ner(target, source)
    assert target.vocab.vectors.shape == (4, 4)
    text = "Ông Lê Trung Kiên phát biểu tại hội nghị ."
    found = [(e.text, e.label_) for e in target(text).ents]
    assert found == [(e.text, e.label_) for e in source(text).ents] == [("Lê Trung Kiên", "PER")]


def test_evaluate_scores_a_training_checkpoint_through_our_tokenizer(tiny_model, tmp_path, capsys):
    # `spacy train` saves model-best with spaCy's plain tokenizer (scripts/train_ner.py trains on
    # pre-tokenised Docs): evaluating it must still segment the raw text with ours, not on spaces.
    checkpoint = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    checkpoint.add_pipe("ner", source=spacy.load(tiny_model))
    checkpoint.to_disk(tmp_path / "model-best")
    jsonl = tmp_path / "dev.jsonl"
    jsonl.write_text("".join(json.dumps({"id": str(i), "text": m}, ensure_ascii=False) + "\n"
                             for i, m in enumerate(MARKED)), encoding="utf-8")
    for engine in ((), ("--engine", ENGINE_NAME)):
        result = evaluate(capsys, str(jsonl), "--model", str(tmp_path / "model-best"), *engine)
        assert result["scores"]["micro"]["correct"] == 4, engine
