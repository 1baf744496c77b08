"""`vnp_doc_refs`: citations of documents on the Doc (`doc.spans["doc_refs"]`, `doc._.doc_refs`).

A thin adapter over `vnpolitics.citations.read_citations` (citations found on the normalised
view, as `vnp_doc_codes` finds codes, with every offset mapped back to the text).
`doc._.doc_refs[i]` is a `Citation` (`.to_dict()` gives the SCHEMA `doc_refs` entry) and
`doc.spans["doc_refs"][i]` its span, labelled DOC_REF (a full citation) or DOC_REF_SHORT
("Nghị quyết 28"). The DOC_CODE entity stays the code itself; this component adds no entity.

It needs nothing from other components and may run anywhere after the tokenizer. Put it after
`vnp_organs` (it reuses the organ parse that component leaves in `doc.user_data`, which
`vnp_officials` then removes) and after `vnp_doc_codes`, i.e. before `vnp_officials`.

>>> from vnpolitics.pipeline import blank
>>> nlp = blank(); _ = nlp.add_pipe("vnp_doc_refs")
>>> doc = nlp("Thực hiện Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị. Chỉ thị 05 đã đi vào cuộc sống.")
>>> [(s.text, s.label_) for s in doc.spans["doc_refs"]]
[('Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị', 'DOC_REF'), ('Chỉ thị 05', 'DOC_REF_SHORT')]
>>> doc._.doc_refs[1].refers_to, doc._.doc_refs[0].date
(0, '2016-05-15')
"""
from __future__ import annotations

from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from ..citations import Citation, read_citations
from ._spans import object_extension, store_objects
from .organs import PARSE_KEY, organ_parse

SPANS_KEY = "doc_refs"
FULL, SHORT = "DOC_REF", "DOC_REF_SHORT"

DATA_KEY = "vnpolitics.doc_refs"
object_extension("doc_refs", DATA_KEY, Citation.from_dict)


class DocRefsRecognizer:
    """Fills `doc._.doc_refs` and `doc.spans["doc_refs"]` (same order, same length)."""

    def __call__(self, doc: Doc) -> Doc:
        # reuse the organ parse vnp_organs left for vnp_officials, if it is there
        organs = organ_parse(doc)[0] if PARSE_KEY in doc.user_data else None
        citations = read_citations(doc.text, organs=organs)
        spans = []
        for citation in citations:
            label = FULL if citation.code is not None else SHORT
            span = doc.char_span(citation.start, citation.end, label=label, alignment_mode="expand")
            spans.append(span)
        kept = [(c, s) for c, s in zip(citations, spans) if s is not None]
        if len(kept) != len(citations):  # keep the two lists aligned and the links valid
            index = {id(c): i for i, (c, _) in enumerate(kept)}
            kept = [(replace(c, refers_to=index.get(id(citations[c.refers_to]))
                             if c.refers_to is not None else None), s) for c, s in kept]
        store_objects(doc, DATA_KEY, (c for c, _ in kept))
        doc.spans[SPANS_KEY] = [s for _, s in kept]
        return doc


@Language.factory("vnp_doc_refs")
def make_doc_refs(nlp: Language, name: str) -> DocRefsRecognizer:
    return DocRefsRecognizer()
