"""`vnp_nested`: entities nested in the outermost ones, into `doc.spans["nested"]`.

A thin adapter of `vnpolitics.nested` (the LOC at the end of an ORG's name). Runs after the
entity layers; spans already in `doc.spans["nested"]` are kept.

>>> import spacy
>>> from vnpolitics.pipeline import blank
>>> nlp = blank()
>>> doc = nlp("Đoàn công tác làm việc với UBND tỉnh Quảng Nam .")
>>> doc.ents = [doc.char_span(27, 46, label="ORG")]
>>> [(s.text, s.label_) for s in nlp.add_pipe("vnp_nested")(doc).spans["nested"]]
[('tỉnh Quảng Nam', 'LOC')]
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..nested import nested_entities

SPANS_KEY = "nested"


class NestedEntities:
    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
        seen = {(s.start_char, s.end_char, s.label_) for s in spans}
        for ent in doc.ents:
            for inner in nested_entities(ent.text, ent.label_):
                start, end = ent.start_char + inner.start, ent.start_char + inner.end
                span = doc.char_span(start, end, label=inner.label)
                if span is not None and (start, end, inner.label) not in seen:
                    spans.append(span)
                    seen.add((start, end, inner.label))
        doc.spans[SPANS_KEY] = spans
        return doc


@Language.factory("vnp_nested")
def make_nested(nlp: Language, name: str) -> NestedEntities:
    return NestedEntities()
