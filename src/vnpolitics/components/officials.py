"""`vnp_officials`: `doc._.officials`, the people holding a position and every position the
text gives them (objects with `.to_dict()` in the SCHEMA `officials` form).

Person names come from the PER entities of the statistical `ner` when there are any, and from
the rule of `vnpolitics.officials` (honorific or position next to a capitalised name) where
the model found none. An official's mentions that no entity covers are added as PER, so a
pipeline without the model still marks "Lê Trung Kiên" as a person. Add it after
`vnp_organs`, whose parse it reuses.

>>> from vnpolitics.pipeline import blank  # registers the factories
>>> nlp = blank()
>>> _ = nlp.add_pipe("vnp_officials")
>>> from spacy.tokens import Doc
>>> words = ["ông", "Lê Trung Kiên", ",", "Trưởng", "Ban", "Quản lý", "Khu", "kinh tế", "Hải Phòng", "phát biểu"]
>>> doc = nlp(Doc(nlp.vocab, words=words, spaces=[True, False, True, True, True, True, True, True, True, False]))
>>> [(o.name, [(p.title, p.organization) for p in o.positions]) for o in doc._.officials]
[('Lê Trung Kiên', [('Trưởng Ban', 'Ban Quản lý Khu kinh tế Hải Phòng')])]
>>> [(e.text, e.label_) for e in doc.ents]
[('Lê Trung Kiên', 'PER')]
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..officials import Official, extract_officials
from ._spans import object_extension, store_objects
from .organs import PARSE_KEY, organ_parse

DATA_KEY = "vnpolitics.officials"
object_extension("officials", DATA_KEY, Official.from_dict)


class OfficialExtractor:
    def __call__(self, doc: Doc) -> Doc:
        organs, titles = organ_parse(doc)
        persons = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PER"]
        officials = extract_officials(doc.text, persons or None, organs=organs, titles=titles)
        store_objects(doc, DATA_KEY, officials)
        doc.user_data.pop(PARSE_KEY, None)  # the organ parse was only for this component
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        added: list[Span] = []
        for official in officials:
            length = official.name_span[1] - official.name_span[0]
            for start, end in official.mentions:
                if end - start != length:
                    continue  # a short mention ("Kiên") or a title ("Bí thư"): not a PER entity
                span = doc.char_span(start, end, label="PER", alignment_mode="strict")
                if span is not None and not taken.intersection(range(span.start, span.end)):
                    added.append(span)
                    taken.update(range(span.start, span.end))
        if added:
            doc.ents = sorted([*doc.ents, *added], key=lambda s: s.start)
        return doc


@Language.factory("vnp_officials")
def make_officials(nlp: Language, name: str) -> OfficialExtractor:
    return OfficialExtractor()
