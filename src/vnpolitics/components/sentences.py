"""`vnp_sentences`: sentence boundaries for Vietnamese news.

A sentence ends at a line break, or at ". ! ? …" (with any closing quotes or brackets after
it) when the next word starts like a sentence: a capital, a digit, an opening quote or a dash.
Abbreviations keep their period inside the token ("Tp.", "TP.HCM"), so they never end one.
"""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

TERMINALS = {".", "!", "?", "…", "...", "?!", "!?", "!!", "??"}
CLOSERS = {"”", '"', "’", "'", ")", "]", "»", "»"}
OPENERS = {"“", '"', "‘", "'", "(", "[", "«", "-", "–", "—", "•", "*"}


def _starts_sentence(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in OPENERS


def sentence_starts(words: list[tuple[str, bool]]) -> list[bool]:
    """For (token text, is whitespace) pairs: does each token start a sentence?"""
    starts: list[bool] = []
    boundary_next = True  # the first word starts a sentence
    ended = False  # a terminal mark was seen and only closers followed
    for text, is_space in words:
        if is_space:
            starts.append(not starts)
            if "\n" in text:
                boundary_next = True
            continue
        if boundary_next or (ended and _starts_sentence(text)):
            starts.append(True)
            boundary_next = ended = False
        else:
            starts.append(not starts)
        if text in TERMINALS or (len(text) > 1 and set(text) <= {".", "!", "?", "…"}):
            ended = True
        elif not (ended and text in CLOSERS):
            ended = False
    return starts


class SentenceSegmenter:
    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            starts = sentence_starts([(t.text, t.is_space) for t in doc])
            # Set in one call: per-token assignment re-checks the whole Doc each time.
            doc.from_array([SENT_START], numpy.array([1 if s else -1 for s in starts], dtype="int64").astype("uint64").reshape(-1, 1))
        return doc


@Language.factory("vnp_sentences")
def make_sentences(nlp: Language, name: str) -> SentenceSegmenter:
    return SentenceSegmenter()
