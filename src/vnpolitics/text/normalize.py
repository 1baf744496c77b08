"""A normalised view of a text that keeps every offset of the original.

Models see one spelling of each word: NFC, old-style tone placement as in the VLSP corpora
("hoà", "thuỷ", "Uỷ"), and look-alike characters folded (Icelandic Ð to Đ, no-break space to
space). Every character of the view maps back to a span of the original, so a span found in
the view is reported with offsets into the text the user gave.

>>> view = normalize("Ủy ban hòa giải")
>>> view.text
'Uỷ ban hoà giải'
>>> view.to_original(0, 6)
(0, 6)
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

# Vietnamese letters by case (a range such as À-Ỹ mixes cases, so they are listed).
UPPER = "AĂÂBCDĐEÊFGHIJKLMNOÔƠPQRSTUƯVWXYZÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴ"
LOWER = UPPER.lower()

# Tone marks in precomposed form: (base vowel, tone) -> letter.
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_PAIRS = ("oa", "oe", "uy")


def _tone_moves() -> dict[str, str]:
    """New-style spellings (tone on the first vowel of oa/oe/uy) -> old style (on the second)."""
    moves: dict[str, str] = {}
    for first, second in _PAIRS:
        for tone in _TONES:
            for f, s in ((first, second), (first.upper(), second), (first.upper(), second.upper())):
                new = unicodedata.normalize("NFC", f + tone) + s
                old = f + unicodedata.normalize("NFC", s + tone)
                moves[new] = old
    return moves


_MOVES = _tone_moves()
# Only at the end of a syllable (no final consonant) and not after q ("quý" is not "qúy").
_MOVE_RE = re.compile(
    r"(?<![qQ])(" + "|".join(map(re.escape, sorted(_MOVES, key=len, reverse=True))) + r")(?!\w)"
)
_FOLD = str.maketrans({"\u00d0": "\u0110", "\u00a0": " ", "\u202f": " ", "\u2007": " "})


@dataclass(frozen=True)
class NormalizedText:
    """The view of `original` that models see, with a map back to the original offsets.

    `starts[i]` is the offset in `original` of the characters that became `text[i]`;
    `starts[len(text)] == len(original)`.
    """

    original: str
    text: str
    starts: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the view to the span of the original it came from."""
        return self.starts[start], self.starts[end]

    @property
    def is_identity(self) -> bool:
        return self.text == self.original


def _move(match: re.Match[str]) -> str:
    return _MOVES[match.group(1)]


def normalize(text: str) -> NormalizedText:
    """Build the normalised view of `text` (see the module docstring)."""
    if text.isascii():
        return NormalizedText(text, text, range(len(text) + 1))
    if unicodedata.is_normalized("NFC", text):
        # Already composed: every character maps to itself; folds and tone moves keep lengths.
        view = _MOVE_RE.sub(_move, text.translate(_FOLD))
        return NormalizedText(text, view, range(len(text) + 1))
    pieces: list[str] = []
    starts: list[int] = []
    i, n = 0, len(text)
    while i < n:
        # A base character and the combining marks that follow it form one unit.
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        unit = unicodedata.normalize("NFC", text[i:j]) if j - i > 1 or not text[i].isascii() else text[i]
        for ch in unit:
            pieces.append(ch)
            starts.append(i)
        i = j
    starts.append(n)
    view = "".join(pieces).translate(_FOLD)
    # Tone moves swap two characters inside a syllable: the length, and so the map, is unchanged.
    view = _MOVE_RE.sub(_move, view)
    return NormalizedText(text, view, tuple(starts))


def normalize_text(text: str) -> str:
    """Just the normalised string (for features, search keys and classifiers)."""
    return normalize(text).text
