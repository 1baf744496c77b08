"""The `vnp_doc_refs` spaCy component: doc.spans["doc_refs"] and doc._.doc_refs."""
from __future__ import annotations

import pickle

import pytest
import spacy

import vnpolitics.components.codes  # noqa: F401  (registers the factories)
import vnpolitics.components.doc_refs  # noqa: F401
from vnpolitics.pipeline import blank
from vnpolitics.resources import samples_dir


@pytest.fixture(scope="module")
def nlp():
    pipeline = blank()  # the vnpolitics tokenizer; tagging is not needed here
    pipeline.add_pipe("vnp_doc_codes")
    pipeline.add_pipe("vnp_doc_refs")
    return pipeline


@pytest.fixture(scope="module")
def sample_doc(nlp):
    return nlp((samples_dir() / "haiphong-2024-06-15.txt").read_text(encoding="utf-8"))


def test_sample_refs_and_spans_align(sample_doc):
    refs, spans = sample_doc._.doc_refs, sample_doc.spans["doc_refs"]
    assert len(refs) == len(spans) == 11
    for ref, span in zip(refs, spans):
        assert span.start_char <= ref.code_span[0] and ref.code_span[1] <= span.end_char
        assert span.label_ == "DOC_REF"
    first = refs[0].to_dict()
    assert first["text"] == "Nghị quyết số 28-NQ/TU ngày 10/11/2009 của Ban Thường vụ Thành ủy"
    assert (first["date"], first["issuer_resolved"]) == ("2009-11-10", "Thành ủy Hải Phòng")


def test_doc_code_entities_stay_the_codes(sample_doc):
    codes = [e.text for e in sample_doc.ents if e.label_ == "DOC_CODE"]
    assert codes.count("28-NQ/TU") == 4 and "28- NQ/TU" in codes and len(codes) == 11


def test_short_reference_span_and_link():
    nlp = spacy.blank("vi")
    nlp.add_pipe("vnp_doc_refs")
    doc = nlp("Ngày 7/7/2014, Chính phủ ban hành Nghị định 67/2014/NĐ-CP. Ngư dân đóng tàu theo Nghị định 67.")
    full, short = doc._.doc_refs
    assert [s.label_ for s in doc.spans["doc_refs"]] == ["DOC_REF", "DOC_REF_SHORT"]
    assert doc.spans["doc_refs"][1].text == "Nghị định 67"
    assert short.refers_to == 0 and full.issuer_resolved == "Chính phủ"


def test_text_without_citations():
    nlp = spacy.blank("vi")
    nlp.add_pipe("vnp_doc_refs")
    doc = nlp("Việt Nam thắng Lào 2-0 tối 2/9.")
    assert doc._.doc_refs == [] and len(doc.spans["doc_refs"]) == 0


def test_component_pickles_and_survives_serialisation(nlp):
    pickle.loads(pickle.dumps(nlp.get_pipe("vnp_doc_refs")))
    doc = nlp("Thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị.")
    restored = spacy.tokens.Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [r.to_dict() for r in restored._.doc_refs] == [r.to_dict() for r in doc._.doc_refs]
    assert restored._.doc_refs[0].issuer_resolved == "Bộ Chính trị"
