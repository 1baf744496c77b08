"""Part-of-speech tags: VLSP 2013 tags (`token.tag_`) and their Universal POS (`token.pos_`).

Taggers are pluggable like segmentation engines: an object with `tags(words) -> list[str]`,
registered by name in `TAGGERS`. Protected tokens get their tag from their kind, not the model.

>>> tag_words(["Ban", "Thường vụ", "ban hành", "Nghị quyết", "28-NQ/TU"], ["syllable"] * 4 + ["code"])
['N', 'N', 'V', 'N', 'Ny']
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Protocol, Sequence

from .tokenize import from_table, underthesea_crf

# VLSP 2013 tag -> UPOS.
UPOS = {
    "N": "NOUN", "Nc": "NOUN", "Nu": "NOUN", "Ny": "NOUN", "Nb": "NOUN", "Ni": "NOUN",
    "Np": "PROPN", "V": "VERB", "Vb": "VERB", "Vy": "VERB", "A": "ADJ", "Ab": "ADJ",
    "P": "PRON", "R": "ADV", "L": "DET", "M": "NUM", "E": "ADP", "C": "CCONJ", "Cc": "CCONJ",
    "CC": "CCONJ", "I": "INTJ", "T": "PART", "Y": "NOUN", "Z": "X", "X": "X", "B": "X",
    "S": "SYM", "CH": "PUNCT",
}
# Tag of a protected token, by kind.
KIND_TAGS = {"code": "Ny", "date": "N", "time": "N", "number": "M", "url": "Ny", "email": "Ny", "abbrev": "Ny", "ident": "Ny"}


class Tagger(Protocol):
    def tags(self, words: list[str]) -> list[str]: ...


class UndertheseaTagger:
    """underthesea's CRF tagger trained on VLSP 2013 (its `pos_tag(..., model="v2.0")`)."""

    def __init__(self) -> None:
        self._tagger = underthesea_crf("pos_tag", "pos_crf_vlsp2013_20230303")

    def tags(self, words: list[str]) -> list[str]:
        if not words:
            return []
        return [tag[2:] if tag[1:2] == "-" else tag for tag in self._tagger.predict([[w] for w in words])]


TAGGERS: dict[str, Callable[[], Tagger]] = {"underthesea": UndertheseaTagger}
DEFAULT_TAGGER = "underthesea"


@lru_cache(maxsize=None)
def get_tagger(name: str = DEFAULT_TAGGER) -> Tagger:
    return from_table(TAGGERS, name, "tagger")


def tag_words(words: Sequence[str], kinds: Sequence[str | None], tagger: str = DEFAULT_TAGGER) -> list[str]:
    """VLSP tags for `words` (normalised forms), protected kinds overriding the model."""
    predicted = get_tagger(tagger).tags(list(words))
    return [KIND_TAGS.get(kind or "", tag) if not _is_punct(w) else "CH" for w, kind, tag in zip(words, kinds, predicted)]


def _is_punct(word: str) -> bool:
    return not any(ch.isalnum() for ch in word)
