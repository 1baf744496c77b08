"""Vietnamese word segmentation: a CRF over syllables, trained on VLSP 2013 and UD VTB.

The engine answers one question per syllable: does it begin a new word? It plugs into
`vnpolitics.tokenize` (the tokenizer splits text into syllables, keeps protected spans such as
document codes, dates and numbers as single "syllables", normalises tone placement, and calls
`engine.begins(syllables)`).

>>> from vnpolitics.segment import CRFSegmenter
>>> seg = CRFSegmenter.load()
>>> seg.words("Ban Thường vụ Thành uỷ ban hành Nghị quyết số 28-NQ/TU".split())
['Ban', 'Thường vụ', 'Thành uỷ', 'ban hành', 'Nghị quyết', 'số', '28-NQ/TU']

A user dictionary belongs to one segmenter (never to the module), and its words are kept whole:

>>> CRFSegmenter.load(user_words=["Thường vụ Thành uỷ"]).words("Ban Thường vụ Thành uỷ".split())
['Ban', 'Thường vụ Thành uỷ']

Feature extraction is the cost that matters at run time, so the features of a syllable that do
not depend on its neighbours are computed once per syllable type and cached; only the n-gram and
dictionary features are built per sentence.
"""
from __future__ import annotations

import gzip
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .scoring import PrecisionRecallF1

MODEL_NAME = "segmenter-crf"
MODEL_FILE = "model.crfsuite"
WORDS_FILE = "words.txt"
BEGIN, INSIDE = "B", "I"
# Longest dictionary word (in syllables) the dictionary features look for.
MAX_WORD = 6
# Segmentation conventions the model knows: VLSP 2013 (the default) and UD Vietnamese-VTB.
CONVENTIONS = ("vlsp", "ud")
_OFFSETS = (-2, -1, 0, 1, 2)
# Syllable types kept per cache generation (about 2 kB each): two generations at most, so a
# worker's memory stays flat over a corpus whose distinct syllables (names, numbers) never stop.
_CACHE_LIMIT = 20_000

_PUNCT_ONLY = re.compile(r"^\W+$")


def syllable_shape(syllable: str) -> str:
    """A coarse class of the syllable: casing for words, else what it is made of.

    >>> [syllable_shape(s) for s in ["Hà", "NĐ-CP", "nội", "2024", "28-NQ/TU", ",", "iPhone"]]
    ['T', 'C', 'l', 'D', 'X', 'P', 'M']
    """
    if syllable.isalpha():
        if syllable.islower():
            return "l"
        if syllable.isupper():
            return "U" if len(syllable) > 1 else "T"
        if syllable[0].isupper() and syllable[1:].islower():
            return "T"
        return "M"
    if syllable.isdigit():
        return "D"
    if _PUNCT_ONLY.match(syllable):
        return "P"
    if any(ch.isdigit() for ch in syllable):
        return "X"  # codes, dates, numbers with separators: protected spans
    if syllable.replace("-", "").replace(".", "").isalpha():
        return "C" if syllable.upper() == syllable else "A"  # abbreviations, hyphenated names
    return "O"


def is_protected(syllable: str) -> bool:
    """A syllable that is always a word of its own: punctuation, or anything with a digit.

    The tokenizer hands document codes, dates, numbers and URLs over as one syllable; VLSP 2013
    almost never joins such a piece to its neighbours, so the engine never does.
    """
    return syllable_shape(syllable) in ("P", "X", "D")


def _vietnamese_letters(syllable: str) -> bool:
    """True when the syllable carries a Vietnamese-only letter or a tone mark (not a loan word)."""
    for ch in unicodedata.normalize("NFD", syllable.lower()):
        if ch == "đ" or unicodedata.combining(ch):
            return True
    return False


@dataclass(frozen=True)
class _Type:
    """What the segmenter knows about one syllable type, independent of its context."""

    lower: str
    shape: str
    # Feature strings of this syllable seen at each offset -2..2 from the current position.
    at: tuple[list[str], ...]


def _type_features(syllable: str, single_words: frozenset[str]) -> _Type:
    lower = syllable.lower()
    shape = syllable_shape(syllable)
    own = [f"w={lower}", f"s={shape}"]
    if shape in ("T", "U", "M", "A"):
        own.append(f"W={syllable}")
    if lower in single_words:
        own.append("d1")
    if shape in ("l", "T", "U") and not _vietnamese_letters(syllable):
        own.append("nv")  # no Vietnamese diacritic: loan word, name or abbreviation
    near = [f"w={lower}", f"s={shape}"]
    far = [f"w={lower}"]
    at = tuple(
        [f"{k}{f}" for f in (own if k == 0 else near if abs(k) == 1 else far)]
        for k in _OFFSETS
    )
    return _Type(lower, shape, at)


@dataclass
class Dictionary:
    """Words of two or more syllables (lower case, syllables joined by one space), with prefixes.

    >>> d = Dictionary.from_words(["Hải Phòng", "Ban Chấp hành", "nghị quyết"])
    >>> d.longest(["ban", "chấp", "hành", "trung"], 0)
    3
    >>> d.longest(["hải", "phòng"], 1)
    0
    """

    words: frozenset[str]
    prefixes: frozenset[str]
    singles: frozenset[str] = frozenset()

    @classmethod
    def from_words(cls, words: Iterable[str]) -> "Dictionary":
        multi: set[str] = set()
        singles: set[str] = set()
        prefixes: set[str] = set()
        for word in words:
            syllables = word.lower().split()
            if len(syllables) == 1:
                singles.add(syllables[0])
            elif 1 < len(syllables) <= MAX_WORD:
                multi.add(" ".join(syllables))
                for k in range(2, len(syllables)):
                    prefixes.add(" ".join(syllables[:k]))
        return cls(frozenset(multi), frozenset(prefixes | multi), frozenset(singles))

    @classmethod
    def read(cls, path: Path) -> "Dictionary":
        with open(path, encoding="utf-8") as handle:
            return cls.from_words(line.strip() for line in handle if line.strip())

    def longest(self, lowers: Sequence[str], start: int, bigram: str | None = None) -> int:
        """Length of the longest dictionary word starting at `start` (0 if none)."""
        n = len(lowers)
        if start + 1 >= n:
            return 0
        key = bigram if bigram is not None else lowers[start] + " " + lowers[start + 1]
        best = 0
        length = 2
        while key in self.prefixes:
            if key in self.words:
                best = length
            if length == MAX_WORD or start + length >= n:
                break
            key = key + " " + lowers[start + length]
            length += 1
        return best


def _user_begins(lowers: Sequence[str], begins: list[bool], user: Dictionary) -> None:
    """Keep every user-dictionary word whole (longest match, left to right), in place."""
    i, n = 0, len(lowers)
    while i < n - 1:
        length = user.longest(lowers, i)
        if length:
            begins[i] = True
            for j in range(i + 1, i + length):
                begins[j] = False
            if i + length < n:
                begins[i + length] = True
            i += length
        else:
            i += 1


@dataclass
class Featurizer:
    """Turns a list of syllables into CRF attribute lists (one list of strings per syllable)."""

    dictionary: Dictionary
    # Types seen lately, and the generation before: a full cache becomes the old generation and
    # whatever is used again moves back, so the frequent types stay and memory is bounded.
    _cache: dict[str, _Type] = field(default_factory=dict, repr=False)
    _old: dict[str, _Type] = field(default_factory=dict, repr=False)

    def types(self, syllables: Sequence[str]) -> list[_Type]:
        cache = self._cache
        out = []
        for s in syllables:
            t = cache.get(s)
            if t is None:
                if len(cache) >= _CACHE_LIMIT:
                    self._old, self._cache = cache, {}
                    cache = self._cache
                t = self._old.get(s) or _type_features(s, self.dictionary.singles)
                cache[s] = t
            out.append(t)
        return out

    def __call__(self, syllables: Sequence[str], convention: str = "vlsp") -> list[list[str]]:
        """Attributes per syllable. With convention "ud", a few lexical attributes are repeated
        with a "u:" prefix: the model learns UD VTB's differences from VLSP 2013 on them."""
        types = self.types(syllables)
        n = len(types)
        lowers = [t.lower for t in types]
        # bigram[i] joins syllables i and i+1; padded so that i-2..i+1 are always valid.
        bigrams = [lowers[i] + " " + lowers[i + 1] for i in range(n - 1)]
        d = self.dictionary
        prefixes = d.prefixes
        starts = [d.longest(lowers, i, b) if b in prefixes else 0 for i, b in enumerate(bigrams)] + [0]
        # covered[i]: some dictionary word spans syllables i-1 and i.
        covered = [False] * (n + 1)
        ends = [0] * (n + 1)
        for i, length in enumerate(starts):
            if length:
                for j in range(i + 1, i + length):
                    covered[j] = True
                if length > ends[i + length - 1]:
                    ends[i + length - 1] = length
        # Greedy longest-match segmentations, forwards and backwards: where they disagree the
        # dictionary words overlap ("Hải Phòng" / "phòng ban" in "Hải Phòng ban hành").
        forward = [False] * n
        i = 0
        while i < n:
            forward[i] = True
            i += starts[i] or 1
        backward = [False] * n
        j = n - 1
        while j >= 0:
            j -= ends[j] or 1
            backward[j + 1] = True
        pad_b = ["<s>", "<s>"] + bigrams + ["</s>", "</s>"]  # pad_b[i+2] == bigrams[i]
        items: list[list[str]] = []
        for i in range(n):
            f = list(types[i].at[2])
            if i >= 1:
                f += types[i - 1].at[1]
                if i >= 2:
                    f += types[i - 2].at[0]
                else:
                    f.append("-2<s>")
            else:
                f.append("-1<s>")
            if i + 1 < n:
                f += types[i + 1].at[3]
                if i + 2 < n:
                    f += types[i + 2].at[4]
                else:
                    f.append("+2</s>")
            else:
                f.append("+1</s>")
            b_prev, b_next = pad_b[i + 1], pad_b[i + 2]
            f.append("b-1=" + b_prev)
            f.append("b0=" + b_next)
            f.append("b-2=" + pad_b[i])
            f.append("b1=" + pad_b[i + 3])
            f.append("t-1=" + b_prev + " " + (lowers[i + 1] if i + 1 < n else "</s>"))
            left = types[i - 1].shape if i else "^"
            f.append(f"sh={left}{types[i].shape}{types[i + 1].shape if i + 1 < n else '$'}")
            if i and (left != "l" or types[i].shape != "l"):
                # Cased pairs get their own bigram: "Phòng ban" in "Hải Phòng ban hành" is not "phòng ban".
                f.append("B-1=" + syllables[i - 1] + " " + syllables[i])
            f.append(("mB" if forward[i] else "mI") + ("B" if backward[i] else "I"))
            if starts[i]:
                f.append(f"ds={starts[i]}")
            if i and ends[i - 1]:
                f.append(f"de-1={ends[i - 1]}")
            if covered[i]:
                f.append("dc")
                f.append("dc" + left + types[i].shape)
            if covered[i + 1]:
                f.append("dc+1")
            if convention == "ud":
                f += ["u", "u:w=" + lowers[i], "u:b-1=" + b_prev, "u:b0=" + b_next]
            items.append(f)
        return items


def _load_tagger(path: Path):
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


@dataclass
class CRFSegmenter:
    """The vnpolitics word segmentation engine (see the module docstring for an example).

    `begins(syllables)` returns one bool per syllable, True where a new word starts.
    `user_words` ("Ban Thường vụ", ...) are kept whole, for this segmenter only.
    """

    model_dir: Path
    user_words: Iterable[str] = ()
    convention: str = "vlsp"
    featurizer: Featurizer = field(init=False, repr=False)
    _user: Dictionary | None = field(init=False, repr=False, default=None)
    _tagger: object = field(init=False, repr=False, default=None)

    def __post_init__(self) -> None:
        self.model_dir = Path(self.model_dir)
        if self.convention not in CONVENTIONS:
            raise ValueError(f"unknown segmentation convention {self.convention!r}; choose one of {CONVENTIONS}")
        for name in (MODEL_FILE, WORDS_FILE):
            if not (self.model_dir / name).exists():
                raise FileNotFoundError(f"{self.model_dir}: not a segmenter model (no {name})")
        self.featurizer = Featurizer(Dictionary.read(self.model_dir / WORDS_FILE))
        words = [w for w in self.user_words if len(w.split()) > 1]
        self.user_words = tuple(self.user_words)
        self._user = Dictionary.from_words(words) if words else None

    @classmethod
    def load(
        cls, path: str | Path | None = None, user_words: Iterable[str] = (), convention: str = "vlsp"
    ) -> "CRFSegmenter":
        """The shipped model (`models/segmenter-crf`) or the model folder at `path`."""
        if path is None:
            from .resources import model_path

            path = model_path(MODEL_NAME)
        return cls(Path(path), tuple(user_words), convention)

    # The tagger is a C handle and the dictionary is in the model folder: pickles (nlp.pipe
    # n_process=2) carry neither and the copy reloads them from `model_dir`.
    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_tagger"] = None
        del state["featurizer"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.featurizer = Featurizer(Dictionary.read(self.model_dir / WORDS_FILE))

    @property
    def tagger(self):
        if self._tagger is None:
            self._tagger = _load_tagger(self.model_dir / MODEL_FILE)
        return self._tagger

    def begins(self, syllables: list[str]) -> list[bool]:
        """True for each syllable that starts a new word."""
        if not syllables:
            return []
        labels = self.tagger.tag(self.featurizer(syllables, self.convention))
        begins = [label == BEGIN for label in labels]
        begins[0] = True
        for i, syllable in enumerate(syllables):
            if syllable_shape(syllable) in ("P", "X", "D"):
                begins[i] = True
                if i + 1 < len(begins):
                    begins[i + 1] = True
        if self._user is not None:
            _user_begins([s.lower() for s in syllables], begins, self._user)
        return begins

    def words(self, syllables: list[str]) -> list[str]:
        """The syllables grouped into words (syllables of a word joined by one space)."""
        return group(syllables, self.begins(syllables))


def train(
    sentences: Sequence[GoldSentence],
    out: str | Path,
    conventions: Sequence[str] | None = None,
    extra_words: Iterable[str] = (),
    algorithm: str = "ap",
    iterations: int = 10,
    folds: int = 5,
    params: dict | None = None,
    log=None,
) -> Path:
    """Train a segmenter model folder (`model.crfsuite` + `words.txt`) from gold sentences.

    The dictionary features use the multi-syllable words of `sentences` plus `extra_words`;
    with `folds` > 1 each of `folds` consecutive blocks of sentences is featurised with the
    dictionary of the other blocks (plus `extra_words`), the shipped dictionary holds them all.
    `conventions` gives each sentence's convention ("vlsp" or "ud"; default all "vlsp").
    """
    import pycrfsuite

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    conventions = conventions or ["vlsp"] * len(sentences)
    extra = {w.lower() for w in extra_words if len(w.split()) > 1}
    # Jackknifed dictionary features: each block of sentences sees the words of the other blocks
    # only, so the model meets unknown words (new names) in training as it will at run time.
    n = len(sentences)
    blocks = [sentences[k * n // folds : (k + 1) * n // folds] for k in range(folds)] if folds > 1 else [sentences]
    block_words = [{" ".join(w).lower() for s in block for w in s.words if len(w) > 1} for block in blocks]
    words = set().union(extra, *block_words)
    ordered = sorted(words)
    (out / WORDS_FILE).write_text("\n".join(ordered) + "\n", encoding="utf-8")
    trainer = pycrfsuite.Trainer(algorithm=algorithm, verbose=False)
    start = 0
    for k, block in enumerate(blocks):
        others = extra.union(*(w for j, w in enumerate(block_words) if j != k)) if folds > 1 else words
        featurize = Featurizer(Dictionary.from_words(others))
        for sentence, convention in zip(block, conventions[start : start + len(block)]):
            labels = [BEGIN if b else INSIDE for b in sentence.begins]
            trainer.append(featurize(sentence.syllables, convention), labels)
        start += len(block)
    if log:
        log(f"{len(sentences)} sentences, {len(ordered)} dictionary words: features extracted")
    settings = {"max_iterations": iterations, "feature.possible_transitions": True, **(params or {})}
    trainer.set_params(settings)
    trainer.train(str(out / MODEL_FILE))
    if log:
        log(f"trained {algorithm}, {len(trainer.logparser.iterations)} iterations: "
            f"{(out / MODEL_FILE).stat().st_size / 1e6:.1f} MB")
    return out


def load_segmenter(
    path: str | Path | None = None, user_words: Iterable[str] = (), convention: str = "vlsp"
) -> CRFSegmenter:
    """The engine registered as "vnpolitics-crf" in `vnpolitics.tokenize.ENGINES`.

    `convention` "vlsp" (default) segments like VLSP 2013; "ud" like UD Vietnamese-VTB.
    """
    return CRFSegmenter.load(path, user_words, convention)


def group(syllables: Sequence[str], begins: Sequence[bool]) -> list[str]:
    """Join syllables into words from their begin flags.

    >>> group(["Hải", "Phòng", "đẹp"], [True, False, True])
    ['Hải Phòng', 'đẹp']
    """
    words: list[str] = []
    for syllable, begin in zip(syllables, begins):
        if begin or not words:
            words.append(syllable)
        else:
            words[-1] += " " + syllable
    return words


# ---------------------------------------------------------------------------------------------
# Gold segmented corpora: the VLSP `_`-joined format and CoNLL-U (FORM = a whole word).


@dataclass(frozen=True)
class GoldSentence:
    """One sentence of a segmented corpus: its words, each a tuple of syllables."""

    words: tuple[tuple[str, ...], ...]
    line: int = 0
    document: int = 0

    @property
    def syllables(self) -> list[str]:
        return [s for word in self.words for s in word]

    @property
    def begins(self) -> list[bool]:
        return [k == 0 for word in self.words for k in range(len(word))]


# A VLSP 2013 document starts with a time stamp line such as "2005/09/27 03:18:42".
_VLSP_DOC_START = re.compile(r"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}(:\d{2})?$")


def _open_text(path: Path):
    path = Path(path)
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def read_vlsp(path: str | Path, normalize: bool = False) -> Iterator[GoldSentence]:
    """Sentences of a VLSP `_`-joined file; `document` counts the time-stamp lines seen so far."""
    from .text.normalize import normalize_text

    document = -1
    with _open_text(Path(path)) as handle:
        for number, line in enumerate(handle, 1):
            line = line.strip()
            if not line:
                continue
            if _VLSP_DOC_START.match(line) or document < 0:
                document += 1
            if normalize:
                line = normalize_text(line)
            words = tuple(tuple(s for s in token.split("_") if s) for token in line.split())
            words = tuple(w for w in words if w)
            if words:
                yield GoldSentence(words, number, document)


def read_conllu(path: str | Path, normalize: bool = False) -> Iterator[GoldSentence]:
    """Sentences of a CoNLL-U file (multi-word token ranges and empty nodes skipped)."""
    from .text.normalize import normalize_text

    words: list[tuple[str, ...]] = []
    start = 0
    with _open_text(Path(path)) as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip():
                if words:
                    yield GoldSentence(tuple(words), start)
                words = []
                continue
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 10:
                raise ValueError(f"{path}:{number}: not a CoNLL-U token line (expected 10 columns)")
            if "-" in cols[0] or "." in cols[0]:
                continue
            if not words:
                start = number
            form = normalize_text(cols[1]) if normalize else cols[1]
            syllables = tuple(form.split())
            if syllables:
                words.append(syllables)
    if words:
        yield GoldSentence(tuple(words), start)


def read_gold(path: str | Path, normalize: bool = False) -> Iterator[GoldSentence]:
    """Read a gold file in either format, chosen by its content (CoNLL-U has tab-separated lines)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    with _open_text(path) as handle:
        head = [handle.readline() for _ in range(50)]
    conllu = any(line.count("\t") == 9 for line in head)
    return (read_conllu if conllu else read_vlsp)(path, normalize=normalize)


# ---------------------------------------------------------------------------------------------
# Scoring: words are compared as spans of the text with all whitespace removed, so systems that
# cut punctuation or spaces differently are still scored on the same characters.


def _compact_spans(words: Sequence[str]) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for word in words:
        length = len("".join(word.split()))
        if length:
            spans.append((pos, pos + length))
            pos += length
    return spans


def _merge(spans: list[tuple[int, int]], units: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Replace the words that exactly tile each unit span with the unit span itself."""
    if not units:
        return spans
    starts = {s for s, _ in spans}
    ends = {e for _, e in spans}
    keep = [(s, e) for s, e in units if s in starts and e in ends]
    if not keep:
        return spans
    out = [w for w in spans if not any(s <= w[0] and w[1] <= e for s, e in keep)]
    return sorted(out + keep)


@dataclass
class SegmentationScore(PrecisionRecallF1):
    """Word-level precision, recall and F1, with the most frequent disagreements.

    >>> score = SegmentationScore()
    >>> score.add(["Ban", "Thường vụ", "Thành uỷ"], ["Ban Thường", "vụ", "Thành uỷ"])
    >>> round(score.f1, 3), score.errors.most_common(1)
    (0.333, [(('Ban Thường_vụ', 'Ban_Thường vụ'), 1)])
    """

    gold: int = 0
    predicted: int = 0
    correct: int = 0
    errors: Counter = field(default_factory=lambda: Counter())

    def add(self, gold: Sequence[str], predicted: Sequence[str], units: Sequence[tuple[int, int]] = ()) -> None:
        """Score one sentence. Words are strings (syllables separated by spaces); `units` are
        spans (in whitespace-free character offsets) that count as one word on both sides."""
        g, p = _merge(_compact_spans(gold), units), _merge(_compact_spans(predicted), units)
        if g and p and g[-1][1] != p[-1][1]:
            raise ValueError(f"gold and predicted words cover different text: {' '.join(gold)[:60]!r}")
        gs, ps = set(g), set(p)
        self.gold += len(g)
        self.predicted += len(p)
        self.correct += len(gs & ps)
        if gs != ps:
            self._count_errors(gold, g, p)

    def _count_errors(self, gold: Sequence[str], g: list[tuple[int, int]], p: list[tuple[int, int]]) -> None:
        chars = "".join("".join(w.split()) for w in gold)
        # Syllable boundaries of the gold text, to print each region with its syllables.
        cuts, pos = set(), 0
        for word in gold:
            for syllable in word.split():
                pos += len(syllable)
                cuts.add(pos)
        gb, pb = {e for _, e in g}, {e for _, e in p}
        common = sorted(gb & pb)
        start = 0
        for end in common:
            if any(start < b < end for b in gb ^ pb):
                self.errors[(_render(chars, start, end, gb, cuts), _render(chars, start, end, pb, cuts))] += 1
            start = end

    def counts(self) -> tuple[int, int, int]:
        return self.correct, self.predicted, self.gold


def _render(chars: str, start: int, end: int, bounds: set[int], cuts: set[int]) -> str:
    """The region chars[start:end] with words separated by spaces and syllables joined by `_`."""
    out, last = [], start
    for pos in range(start + 1, end + 1):
        if pos == end or pos in bounds:
            out += [chars[last:pos], " "]
            last = pos
        elif pos in cuts:
            out += [chars[last:pos], "_"]
            last = pos
    return "".join(out).strip()


def code_units(text: str) -> list[tuple[int, int]]:
    """Document codes of `text` as whitespace-free character spans (see `SegmentationScore.add`).

    VLSP 2013 splits a code into pieces ("08 / NQ - TW") where vnpolitics keeps it whole, so
    scoring counts each code as one word, on both sides, for every system.

    >>> code_units("theo Nghị quyết 08 / NQ - TW")
    [(13, 21)]
    """
    from .codes import find_codes

    found = find_codes(text)
    if not found:
        return []
    compact, seen = [], 0
    for ch in text:
        compact.append(seen)
        if not ch.isspace():
            seen += 1
    compact.append(seen)
    return [(compact[start], compact[end]) for start, end, _ in found]


def evaluate(
    sentences: Iterable[GoldSentence], engine=None, mode: str = "syllables"
) -> SegmentationScore:
    """Score a segmentation engine (default: the shipped CRF) on gold sentences.

    mode "syllables": the engine gets the gold syllables (tone placement normalised);
    mode "text": the gold syllables are joined by spaces and cut by `vnpolitics.tokenize` with
    this engine, protected spans on; document codes count as one word (see `code_units`).
    """
    from .text.normalize import normalize_text

    engine = engine if engine is not None else load_segmenter()
    score = SegmentationScore()
    for sentence in sentences:
        gold = [" ".join(word) for word in sentence.words]
        if mode == "syllables":
            syllables = [normalize_text(s) for s in sentence.syllables]
            score.add(gold, group(sentence.syllables, engine.begins(syllables)))
        elif mode == "text":
            from .tokenize import tokenize

            text = " ".join(gold)
            predicted = [text[s:e] for s, e in tokenize(text, engine)]
            score.add(gold, predicted, code_units(text))
        else:
            raise ValueError(f"unknown evaluation mode {mode!r}; choose 'syllables' or 'text'")
    return score
