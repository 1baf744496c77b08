"""`vnp_doc_codes`: DOC_CODE entities for every document code (28-NQ/TU, 1234/QĐ-TTg, …).

Codes are found by the pure grammar in `vnpolitics.codes` on the normalised view and mapped
back to the original text; the tokenizer keeps each code a single token, so the entity is
exactly the code as written ("28- NQ/TU" included). Codes win over statistical entities.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..codes import find_codes
from ..text.normalize import normalize
from ._spans import merge_entities

LABEL = "DOC_CODE"


class DocCodeRecognizer:
    def __call__(self, doc: Doc) -> Doc:
        view = normalize(doc.text)
        spans = []
        for start, end, _code in find_codes(view.text):
            o_start, o_end = view.to_original(start, end)
            span = doc.char_span(o_start, o_end, label=LABEL, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        if spans:
            merge_entities(doc, spans, override=True)
        return doc


@Language.factory("vnp_doc_codes")
def make_doc_codes(nlp: Language, name: str) -> DocCodeRecognizer:
    return DocCodeRecognizer()
