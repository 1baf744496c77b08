"""`vnp_tagger`: `token.tag_` (VLSP 2013) and `token.pos_` (UPOS) for every word token."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..tag import DEFAULT_TAGGER, UPOS, tag_words
from ..text.normalize import normalize_text


class VietnameseTagger:
    def __init__(self, tagger: str = DEFAULT_TAGGER) -> None:
        self.tagger = tagger

    def __call__(self, doc: Doc) -> Doc:
        words = [t for t in doc if not t.is_space]
        text = doc.text
        # One call per line keeps the CRF's context within a paragraph, as in training.
        line: list = []
        for token in words + [None]:
            if token is None or (line and "\n" in text[line[-1].idx + len(line[-1].text) : token.idx]):
                if line:
                    tags = tag_words([normalize_text(t.text) for t in line],
                                     [t._.kind for t in line], self.tagger)
                    for t, tag in zip(line, tags):
                        t.tag_ = tag
                        t.pos_ = UPOS.get(tag, "X")
                line = []
            if token is not None:
                line.append(token)
        for token in doc:
            if token.is_space:
                token.tag_, token.pos_ = "_SP", "SPACE"
        return doc


@Language.factory("vnp_tagger", default_config={"tagger": DEFAULT_TAGGER})
def make_tagger(nlp: Language, name: str, tagger: str) -> VietnameseTagger:
    return VietnameseTagger(tagger)
