"""The pipeline and the annotation record on real Vietnamese news text."""
import json
import unicodedata

import pytest
import spacy

import vnpolitics
from vnpolitics import record as record_module
from vnpolitics.record import DocumentError, annotate

SAMPLE_CODES = ["28-NQ/TU"] * 4 + ["28- NQ/TU"] + ["01-KL/TW"] * 3 + ["05-CT/TW"] * 3


def test_sample_has_exactly_its_eleven_code_mentions(sample_doc):
    codes = [e.text for e in sample_doc.ents if e.label_ == "DOC_CODE"]
    assert sorted(codes) == sorted(SAMPLE_CODES)
    for ent in sample_doc.ents:
        if ent.label_ == "DOC_CODE":
            assert len(ent) == 1  # one token each


def test_doc_text_and_offsets_are_the_input(sample_doc, sample_text):
    assert sample_doc.text == sample_text
    kien = [t for t in sample_doc if t.text == "Lê Trung Kiên"]
    assert kien and sample_text[kien[0].idx : kien[0].idx + 13] == "Lê Trung Kiên"


def test_tags_and_universal_pos(sample_doc):
    by_text = {t.text: t for t in sample_doc}
    assert by_text["1.091"].tag_ == "M" and by_text["1.091"].pos_ == "NUM"
    assert by_text["28-NQ/TU"].pos_ == "NOUN"
    assert by_text["Hải Phòng"].pos_ == "PROPN"
    assert by_text["đề nghị"].pos_ == "VERB"
    assert all(t.tag_ for t in sample_doc)


def test_sentences_survive_abbreviations_and_quotes(nlp):
    text = ("Đoàn công tác đến TP.HCM. Sáng nay, Tp. Hải Phòng đón đoàn. "
            "Ông Kiên nói: “Chúng tôi sẽ làm tốt.” Hội nghị kết thúc lúc 11:30.")
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents == [
        "Đoàn công tác đến TP.HCM.",
        "Sáng nay, Tp. Hải Phòng đón đoàn.",
        "Ông Kiên nói: “Chúng tôi sẽ làm tốt.”",
        "Hội nghị kết thúc lúc 11:30.",
    ]


def test_nfc_nfd_and_tone_placement_give_the_same_tags(nlp):
    new = "Ủy ban nhân dân tỉnh Thanh Hóa tổ chức hội nghị hòa giải."
    old = "Uỷ ban nhân dân tỉnh Thanh Hoá tổ chức hội nghị hoà giải."
    docs = [nlp(new), nlp(old), nlp(unicodedata.normalize("NFD", new))]
    layouts = [[(t.idx - 0, t.tag_, t.pos_) for t in d] for d in docs[:2]]
    assert layouts[0] == layouts[1]
    assert [t.tag_ for t in docs[2]] == [t.tag_ for t in docs[0]]
    assert docs[2].text == unicodedata.normalize("NFD", new)


def test_pipeline_saves_and_loads_back(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    doc = loaded("Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị")
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "DOC_CODE"] == [("05-CT/TW", "DOC_CODE")]


def test_pipe_with_two_processes(nlp):
    texts = ["Kết luận số 01-KL/TW của Bộ Chính trị.", "Nghị quyết 28-NQ/TU của Thành ủy Hải Phòng."] * 3
    docs = list(nlp.pipe(texts, n_process=2, batch_size=2))
    assert [d.text for d in docs] == texts
    assert [[e.text for e in d.ents if e.label_ == "DOC_CODE"] for d in docs] == [["01-KL/TW"], ["28-NQ/TU"]] * 3


def test_sample_record_follows_the_schema(nlp, sample_text):
    record = next(annotate([{"id": "haiphong-2024-06-15", "text": sample_text, "meta": {"source": "sample"}}], nlp=nlp))
    assert record["schema"] == "vnpolitics.annotation/1" and record["id"] == "haiphong-2024-06-15"
    assert record["text"] == sample_text and record["meta"] == {"source": "sample"}
    assert record["article"]["author"] == "Vũ Ba" and record["article"]["published"] == "2024-06-15T09:58:00"
    assert len(record["article"]["captions"]) == 2
    for entity in record["entities"]:
        assert sample_text[entity["start"] : entity["end"]] == entity["text"]
    assert sorted(e["text"] for e in record["entities"] if e["label"] == "DOC_CODE") == sorted(SAMPLE_CODES)
    for start, end in record["sentences"]:
        assert sample_text[start:end].strip() == sample_text[start:end]
    # Boilerplate is not annotated: no sentence in the link lists or the byline.
    assert not any(sample_text[s:e].startswith(("Nổi bật", "Vũ Ba", "(0)")) for s, e in record["sentences"])
    assert "tokens" not in record
    json.dumps(record, ensure_ascii=False)


def test_records_with_tokens_field(nlp):
    record = next(annotate(["Thành ủy Hải Phòng."], nlp=nlp, fields=["tokens"]))
    assert [(t["start"], t["end"], t["pos"]) for t in record["tokens"]][:1] == [(0, 8, "NOUN")]
    assert set(record) == {"schema", "id", "text", "tokens", "errors"}


def test_bad_documents_name_the_document_and_the_run_goes_on(nlp):
    failures = []
    items = ["Hội nghị Ban Chấp hành.", {"id": "x1", "body": "no text field"}, {"id": "x2", "text": "Hải\ud800Phòng"},
             {"id": "x3", "text": 42}, "", "Bộ Chính trị họp."]
    records = list(annotate(items, nlp=nlp, on_error=failures.append))
    assert [r["id"] for r in records] == ["doc-0", "doc-4", "doc-5"]
    assert [f.doc_id for f in failures] == ["x1", "x2", "x3"]
    assert "no 'text' field" in failures[0].reason
    assert "lone surrogate U+D800 at offset 3" in failures[1].reason
    assert "must be a string" in failures[2].reason


def test_by_default_a_bad_document_raises_a_clear_error(nlp):
    with pytest.raises(DocumentError, match="document 'doc-0': invalid Unicode"):
        list(annotate(["\udfff"], nlp=nlp))


def test_long_documents_are_annotated_in_pieces_with_the_same_result(nlp, monkeypatch):
    paragraph = "Thực hiện Nghị quyết số 28-NQ/TU ngày 10/11/2009 của Ban Thường vụ Thành ủy. Chỉ thị 05-CT/TW được quán triệt."
    text = "\n\n".join([paragraph] * 12)
    fields = ["sentences", "tokens", "entities", "nested", "doc_refs"]
    whole = next(annotate([text], nlp=nlp, fields=fields))
    monkeypatch.setattr(record_module, "PIECE_CHARS", 500)
    assert len(record_module.split_pieces(text)) == 3
    pieces = next(annotate([text], nlp=nlp, fields=fields))
    assert len(pieces["doc_refs"]) == 24 and pieces["doc_refs"][-1]["code_span"][0] > 1000
    assert pieces == whole


def test_annotating_a_stream_keeps_no_strings_of_its_documents(nlp):
    """Each batch runs in a memory zone: a worker that meets new names, numbers and codes in
    every article does not keep them, yet the records carry them."""
    texts = [f"Ông Lưu Văn Thơ, Bí thư Đảng ủy xã Tân Lập {k}, ký Quyết định số {1000 + k}/QĐ-UBND ngày {k % 28 + 1}/3/2024."
             for k in range(40)]
    list(annotate(texts[:2], nlp=nlp, batch_size=4))  # the pipeline warmed up
    before = len(nlp.vocab.strings)
    records = list(annotate(texts, nlp=nlp, batch_size=4, fields=["tokens", "entities"]))
    assert len(nlp.vocab.strings) == before
    words = [texts[39][t["start"]:t["end"]] for t in records[39]["tokens"]]
    assert "1039/QĐ-UBND" in words and "1039/QĐ-UBND" in [e["text"] for e in records[39]["entities"]]
    assert "Tân Lập 39" in records[39]["text"] and len(records) == 40


def test_a_five_megabyte_document(nlp):
    text = ("=" * 999 + "\n") * 5000 + "Kết luận số 01-KL/TW."
    record = next(annotate([text], nlp=nlp, fields=["entities"]))
    assert record["text"] == text
    assert [e["text"] for e in record["entities"]] == ["01-KL/TW"]


def test_unknown_fields_are_refused():
    with pytest.raises(ValueError, match="unknown record fields"):
        next(annotate(["x"], nlp=vnpolitics.pipeline.blank(), fields=["entitiez"]))


def test_a_document_that_breaks_a_component_is_reported_and_the_rest_annotated():
    from spacy.language import Language

    @Language.component("test_breaks_on_marker")
    def breaks_on_marker(doc):
        if "HỎNG" in doc.text:
            raise RuntimeError("component failed")
        return doc

    nlp = vnpolitics.pipeline.blank()
    nlp.add_pipe("test_breaks_on_marker")
    failures = []
    texts = ["Hội nghị Ban Chấp hành.", "Văn bản HỎNG ở đây.", "Bộ Chính trị họp."]
    records = list(annotate(texts, nlp=nlp, batch_size=8, on_error=failures.append))
    assert [r["id"] for r in records] == ["doc-0", "doc-2"]
    assert [(f.doc_id, f.reason) for f in failures] == [("doc-1", "RuntimeError: component failed")]


def test_load_can_leave_components_out_and_names_unknown_ones():
    nlp = vnpolitics.load(exclude=["ner", "topic_classifier"])
    assert "ner" not in nlp.pipe_names and "vnp_doc_codes" in nlp.pipe_names
    with pytest.raises(ValueError, match="cannot exclude \\['nerr'\\]"):
        vnpolitics.load(exclude=["nerr"])
