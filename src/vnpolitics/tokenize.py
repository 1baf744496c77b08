"""Vietnamese word segmentation with exact offsets and protected spans.

The text is normalised into a view (`vnpolitics.text.normalize`), cut into syllables and
punctuation, and a segmentation engine decides which syllables start a word. Protected spans
(document codes, dates, times, numbers, URLs, e-mails, abbreviations) are single units that are
never split nor merged with a neighbour, and syllables only join across a single plain space of
the original text. Every span is reported as offsets into the text the caller gave.

>>> word_tokenize("Ông Lê Trung Kiên đề nghị thực hiện Nghị quyết số 28- NQ/TU ngày 10/11/2009")
['Ông', 'Lê Trung Kiên', 'đề nghị', 'thực hiện', 'Nghị quyết', 'số', '28- NQ/TU', 'ngày', '10/11/2009']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, NamedTuple, Protocol, Sequence

from .resources import data_path
from .text.normalize import LOWER, UPPER, NormalizedText, normalize


class Segmenter(Protocol):
    """A segmentation engine: for each syllable, does it start a new word?"""

    def begins(self, syllables: list[str]) -> list[bool]: ...


class Piece(NamedTuple):
    """A unit of the pre-tokenised view: a syllable, a punctuation mark or a protected span.

    `start`/`end` index the normalised view; `kind` is "syllable", "punct" or the protected
    kind ("code", "date", "time", "number", "url", "email", "abbrev", "word").
    """

    start: int
    end: int
    kind: str


# --- protected spans -----------------------------------------------------------------------

_UPPER, _LOWER = UPPER, LOWER

_PROTECTED_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("url", re.compile(r"(?:https?://|www\.)[^\s<>\"“”‘’]+[^\s<>\"“”‘’.,;:!?)\]}]")),
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    # 10/11/2009, 15-5-2016, 4.7.2017; 2004/02/25; 6/2024 and 3-2004 (month/year); 14/6 and 14-6.
    ("date", re.compile(r"(?<![\w/.,-])(?:[0-3]?\d)([/.-])(?:[01]?\d)\1(?:1[89]|2[01])\d\d(?![\w/-])")),
    ("date", re.compile(r"(?<![\w/.,-])(?:1[89]|2[01])\d\d([/.-])[01]?\d\1[0-3]?\d(?![\w/-])")),
    ("date", re.compile(r"(?<![\w/.,-])(?:0?[1-9]|1[0-2])[/-](?:1[89]|2[01])\d\d(?![\w/-])")),
    ("date", re.compile(r"(?<![\w/.,-])(?:0?[1-9]|[12]\d|3[01])[/-](?:0?[1-9]|1[0-2])(?![\w/.,-]?\d)")),
    ("time", re.compile(r"(?<![\w:])(?:[01]?\d|2[0-3])(?::[0-5]\d){1,2}(?![\w:])")),
    ("time", re.compile(r"(?<![\w])(?:[01]?\d|2[0-3])[hg](?:[0-5]\d)?(?![\w])")),
    # 1.091; 227.000; 1.234.567,89; 3,5%; 12%; 2.5; fractions and ratios 1/2.000, 3/4
    ("number", re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?%?(?![\d])")),
    ("number", re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?%?(?![\w])")),
    ("number", re.compile(r"(?<![\w/.,])\d+(?:[.,]\d+)*/\d+(?:[.,]\d+)*(?![\w/])")),
    # Identifiers of letters and digits joined by hyphens: plates 69K-4107, F-16, COVID-19.
    ("ident", re.compile(r"(?<![\w-])(?=[A-ZĐ0-9-]*\d)(?=[A-ZĐ0-9-]*[A-ZĐ])[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)+(?![\w-])")),
    # TP.HCM, Tp.HCM; initials V.H.Q, T.Ư
    ("abbrev", re.compile(r"(?<![\w.])(?:[%s][%s]?\.){1,3}[%s]{2,}(?![\w])" % (_UPPER, _LOWER, _UPPER))),
    ("abbrev", re.compile(r"(?<![\w.])(?:[%s]\.){1,4}[%s](?![\w.])" % (_UPPER, _UPPER))),
]


@lru_cache(maxsize=1)
def _abbreviation_pattern() -> re.Pattern[str]:
    lines = Path(data_path("tokenize", "abbreviations.txt")).read_text(encoding="utf-8").splitlines()
    words = sorted({w.strip() for w in lines if w.strip() and not w.startswith("#")}, key=len, reverse=True)
    alternatives = "|".join(re.escape(w) + ("" if w.endswith(".") else r"(?![\w])") for w in words)
    return re.compile(r"(?<![\w.])(?:%s)" % alternatives)


def _code_spans(view: str) -> list[tuple[int, int, str]]:
    from .codes import find_codes

    return [(start, end, "code") for start, end, _ in find_codes(view)]


def protected_spans(view: str, words: Iterable[str] = ()) -> list[tuple[int, int, str]]:
    """Non-overlapping protected spans of `view`: leftmost first, the longest at each start.

    `words` are extra multi-syllable words (a user dictionary) kept whole.
    """
    candidates = _code_spans(view)
    for kind, pattern in _PROTECTED_PATTERNS:
        candidates.extend((m.start(), m.end(), kind) for m in pattern.finditer(view))
    candidates.extend((m.start(), m.end(), "abbrev") for m in _abbreviation_pattern().finditer(view))
    user = _user_pattern(tuple(words))
    if user is not None:
        candidates.extend((m.start(), m.end(), "word") for m in user.finditer(view))
    # Codes win ties against the generic patterns they contain (e.g. "28" of "28- NQ/TU").
    rank = {"code": 0, "url": 1, "email": 1, "word": 2}
    candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), rank.get(c[2], 3)))
    chosen: list[tuple[int, int, str]] = []
    last_end = 0
    for start, end, kind in candidates:
        if start >= last_end and end > start:
            chosen.append((start, end, kind))
            last_end = end
    return chosen


@lru_cache(maxsize=32)
def _user_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    cleaned = sorted({normalize(w.strip()).text for w in words if w.strip()}, key=len, reverse=True)
    if not cleaned:
        return None
    return re.compile(r"(?<![\w])(?:%s)(?![\w])" % "|".join(re.escape(w) for w in cleaned))


# --- pre-tokenisation ----------------------------------------------------------------------

# A syllable is a run of letters/digits (with stray combining marks); a dateline glued to the
# lead ("HÀ NỘIPhó chủ tịch") splits where an upper-case run meets a capitalised word.
_UNIT = re.compile(
    r"(?P<syllable>[%s]{2,}(?=[%s][%s])|[\w\u0300-\u036f]+)|(?P<punct>\.{2,}|(?P<mark>[^\w\s])(?P=mark)*)"
    % (_UPPER, _UPPER, _LOWER)
)


def pieces(view: str, words: Iterable[str] = ()) -> list[Piece]:
    """Cut the normalised view into syllables, punctuation and protected spans."""
    out: list[Piece] = []
    append = out.append
    pos = 0
    for p_start, p_end, kind in [*protected_spans(view, words), (len(view), len(view), "")]:
        if pos < p_start:
            for match in _UNIT.finditer(view, pos, p_start):
                append(Piece(match.start(), match.end(), "syllable" if match.lastgroup == "syllable" else "punct"))
        if kind:
            append(Piece(p_start, p_end, kind))
        pos = p_end
    return out


# --- engines -------------------------------------------------------------------------------


def underthesea_crf(pipeline: str, model: str):
    """One of underthesea's shipped CRF sequence taggers: `pipeline` is the module of
    `underthesea.pipeline` that ships it, `model` its folder under that module's `models/`."""
    import importlib
    import os

    from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

    module = importlib.import_module(f"underthesea.pipeline.{pipeline}")
    tagger = FastCRFSequenceTagger()
    tagger.load(os.path.join(os.path.dirname(module.__file__), "models", model))
    return tagger


def from_table(table: dict[str, Callable[[], object]], name: str, kind: str):
    """`table[name]()`, or one clear error naming the choices."""
    try:
        factory = table[name]
    except KeyError:
        raise ValueError(f"unknown {kind} {name!r}; choose one of {sorted(table)}") from None
    return factory()


class UndertheseaSegmenter:
    """underthesea's CRF word segmenter (VLSP 2013), called on our own syllables."""

    def __init__(self) -> None:
        self._tagger = underthesea_crf("word_tokenize", "ws_crf_vlsp2013_20230727")

    def begins(self, syllables: list[str]) -> list[bool]:
        if not syllables:
            return []
        tags = self._tagger.predict([[s] for s in syllables])
        return [i == 0 or tag != "I-W" for i, tag in enumerate(tags)]


def _vnpolitics_crf() -> Segmenter:
    from .segment import load_segmenter  # issue 8: our own CRF segmenter

    return load_segmenter()


def _underthesea_names() -> Segmenter:
    from .name_boundaries import NameBoundarySegmenter  # words split where casing changes

    return NameBoundarySegmenter(get_engine("underthesea"))


# name -> factory; factories import their engine only when chosen.
ENGINES: dict[str, Callable[[], Segmenter]] = {
    "underthesea": UndertheseaSegmenter,
    "underthesea+names": _underthesea_names,
    "vnpolitics-crf": _vnpolitics_crf,
}
# Our CRF (issue 8) ties underthesea's on VLSP 2013, beats it on UD VTB and runs twice as fast.
DEFAULT_ENGINE = "vnpolitics-crf"


def get_engine(name: str = DEFAULT_ENGINE) -> Segmenter:
    """The (shared, stateless) engine called `name`: one per process, however it is asked for."""
    return _engine(name)


@lru_cache(maxsize=None)
def _engine(name: str) -> Segmenter:
    return from_table(ENGINES, name, "segmentation engine")


# --- the tokenizer -------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A word of the original text: `text[start:end]`, its view form and its kind."""

    start: int
    end: int
    norm: str
    kind: str


def _whole_units(view: NormalizedText, units: list[Piece]) -> list[Piece]:
    """Pieces that each cover at least one whole character of the original.

    A piece that ends inside what was one original unit (a base letter with a combining mark
    that has no precomposed form, say "0\u0301") would map to an empty span: it joins the next
    piece (or the previous one at the end).
    """
    starts = view.starts
    if isinstance(starts, range):  # an identity view: every piece is whole already
        return units
    out: list[Piece] = []
    pending: int | None = None
    for piece in units:
        begin = piece.start if pending is None else pending
        if starts[piece.end] <= starts[begin]:
            pending = begin
            continue
        out.append(Piece(begin, piece.end, piece.kind if pending is None else "syllable"))
        pending = None
    if pending is not None and out:
        last = out.pop()
        out.append(Piece(last.start, len(view.text), "syllable"))
    return out


def segment_view(
    view: NormalizedText, engine: Segmenter | None = None, words: Sequence[str] = ()
) -> list[Word]:
    """Segment a normalised view into words with offsets into `view.original`."""
    engine = engine or get_engine()
    original, text, starts = view.original, view.text, view.starts
    units = _whole_units(view, pieces(text, words))
    out: list[Word] = []
    # Syllables go to the engine one line at a time (a line never holds half a word).
    lines: list[list[Piece]] = []
    line: list[Piece] = []
    previous_end = 0
    for piece in units:
        if line and "\n" in text[previous_end : piece.start]:
            lines.append(line)
            line = []
        line.append(piece)
        previous_end = piece.end
    if line:
        lines.append(line)
    for line in lines:
        begins = engine.begins([text[p.start : p.end] for p in line])
        group_start = line[0]
        last = line[0]
        for piece, begin in zip(line[1:], begins[1:]):
            # A syllable joins the word before it only across one plain space of the original.
            if begin or last.kind != "syllable" or piece.kind != "syllable" or original[starts[last.end] : starts[piece.start]] != " ":
                out.append(_word(text, starts, group_start, last))
                group_start = piece
            last = piece
        out.append(_word(text, starts, group_start, last))
    return out


def _word(text: str, starts: Sequence[int], first: Piece, last: Piece) -> Word:
    kind = first.kind if first is last else "syllable"
    return Word(starts[first.start], starts[last.end], text[first.start : last.end], kind)


def tokenize(text: str, engine: Segmenter | None = None, words: Sequence[str] = ()) -> list[tuple[int, int]]:
    """Word spans of `text` as (start, end) offsets into `text`.

    >>> text = "Ban Thường vụ Thành ủy"
    >>> [text[s:e] for s, e in tokenize(text)]
    ['Ban', 'Thường vụ', 'Thành ủy']
    """
    return [(w.start, w.end) for w in segment_view(normalize(text), engine, words)]


def word_tokenize(text: str, engine: str = DEFAULT_ENGINE, words: Sequence[str] = ()) -> list[str]:
    """Vietnamese words of `text`, as written in `text` (multi-syllable words contain spaces).

    `engine` names a segmentation engine (see `ENGINES`); `words` is a user dictionary of
    multi-syllable words to keep whole, for this call only.

    >>> word_tokenize("Kết luận số 01-KL/TW của Bộ Chính trị")
    ['Kết luận', 'số', '01-KL/TW', 'của', 'Bộ Chính trị']
    """
    if not isinstance(text, str):
        raise TypeError(f"word_tokenize expects a str, got {type(text).__name__}")
    return [text[s:e] for s, e in tokenize(text, get_engine(engine), words)]
