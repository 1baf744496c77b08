"""Topic classification of Vietnamese news: a scikit-learn estimator with Vietnamese features.

`TopicClassifier` honours the scikit-learn estimator contract (`fit`, `predict`,
`predict_proba`, `decision_function`, `get_params`), so it composes with `Pipeline`,
`cross_val_score` and `GridSearchCV`. Texts are prepared the same way for training and
prediction: glued datelines split ("HÀ NỘIPhó chủ tịch" -> "HÀ NỘI - Phó chủ tịch"),
syllables normalised as in the tokenizer (`vnpolitics.text.normalize_text`: NFC, old-style
tone placement), lower-cased, digits folded to 0 (years move on, topics do not). Features
are TF-IDF over syllable n-grams (a Vietnamese word is one to three syllables, so syllable
bigrams stand in for most words) or over the words of `vnpolitics.word_tokenize`. A linear SVM
scores the classes; probabilities are calibrated on out-of-fold scores (temperature scaling
for one label per text, per-label Platt scaling for several).

A fitted model is saved as arrays plus JSON, never pickle (`save(DIR)` / `load(DIR)`); the
files record the library version and a checksum, and a foreign, tampered or incompatible
model is refused with a one-line reason.

>>> clf = TopicClassifier(min_df=1).fit(
...     ["Đội tuyển bóng đá thắng trận", "Thủ môn cản phá quả phạt đền",
...      "Giá vàng tăng mạnh", "Ngân hàng giảm lãi suất cho vay"],
...     ["Thể thao", "Thể thao", "Kinh doanh", "Kinh doanh"])
>>> clf.predict(["Tiền đạo ghi bàn ở phút cuối trận"]).tolist()
['Thể thao']
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.preprocessing import MultiLabelBinarizer, normalize
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from .text.normalize import LOWER, UPPER, normalize_text

__all__ = [
    "TopicClassifier",
    "ClassifierDataError",
    "ModelFormatError",
    "prepare_text",
    "syllables",
    "TextFeatures",
    "validate_examples",
    "opening",
    "duplicate_groups",
    "cross_validate",
]

MODEL_FORMAT = "vnpolitics.topic-classifier"
FORMAT_VERSION = 1
# Bump when the text preparation changes what features a text yields: saved models then
# refuse to load instead of silently scoring different features.
FEATURES_VERSION = 2
MANIFEST = "model.json"
ARRAYS = "arrays.npz"


class ClassifierDataError(ValueError):
    """Training or evaluation data that cannot be used, with the place and the reason."""


class ModelFormatError(ValueError):
    """A saved model that is missing, foreign, tampered with or from an incompatible version."""


# --- Text preparation and features ----------------------------------------------------------

# A dateline in capitals glued to the lead's first word: "HÀ NỘIPhó chủ tịch", "LÀOTiền đạo".
_GLUED_DATELINE = re.compile(f"([{UPPER}]{{2}})(?=[{UPPER}][{LOWER}])")
_WORD_CHARS = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
_CACHE_LIMIT = 1_000_000
# 64-bit mixing constants (splitmix64 / xxhash primes) for hashing n-grams of syllable hashes.
_MIX_A = np.uint64(0x9E3779B97F4A7C15)
_MIX_B = np.uint64(0xC2B2AE3D27D4EB4F)
_MIX_C = np.uint64(0x165667B19E3779F9)


def split_glued_dateline(text: str) -> str:
    """Put " - " between a capitalised dateline and the lead glued to it.

    >>> split_glued_dateline("HÀ NỘIPhó chủ tịch nước tiếp đoàn")
    'HÀ NỘI - Phó chủ tịch nước tiếp đoàn'
    >>> split_glued_dateline("LÀOTiền đạo Việt Nam ghi bàn; UBND tỉnh Quảng Ninh")
    'LÀO - Tiền đạo Việt Nam ghi bàn; UBND tỉnh Quảng Ninh'
    """
    return _GLUED_DATELINE.sub(r"\1 - ", text)


def prepare_text(text: str) -> str:
    """The text a classifier reads: NFC, glued datelines split (offsets are not kept)."""
    return split_glued_dateline(unicodedata.normalize("NFC", text))


@lru_cache(maxsize=1)
def source_tags() -> frozenset[str]:
    """News outlets' tags the classifier ignores (`data/topic/source_tags.txt`)."""
    from .resources import data_path

    lines = data_path("topic", "source_tags.txt").read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _is_source_tag(token: str, pieces: list[str]) -> bool:
    """ "(NLĐ)-", "TTO", "VOV.VN", "(Dân" + "trí)" are tags; "nlđ" in running lower case is not."""
    letters = _DIGIT.sub("0", "".join(pieces).lower())
    if letters not in source_tags():
        return False
    return "(" in token or ")" in token or "." in token or "".join(pieces).isupper()


def _token_syllables(token: str) -> tuple[str, ...]:
    """Normalised syllables of one whitespace-delimited token: "NỘIPhó," -> ("nội", "phó");
    a news outlet's tag ("(NLĐ)-", "TTO") gives none."""
    pieces = _WORD_CHARS.findall(split_glued_dateline(token))
    if pieces and _is_source_tag(token, pieces):
        return ()
    return tuple(_DIGIT.sub("0", normalize_text(piece).lower()) for piece in pieces)


def syllables(text: str) -> list[str]:
    """Normalised, lower-cased syllables of `text` (punctuation dropped, digits as 0).

    Normalisation is the tokenizer's (`normalize_text`: NFC, old-style tone placement).

    >>> syllables("HÀ NỘIPhó Chủ tịch Ủy ban năm 2024, HIV/AIDS")
    ['hà', 'nội', 'phó', 'chủ', 'tịch', 'uỷ', 'ban', 'năm', '0000', 'hiv', 'aids']
    """
    return [s for token in unicodedata.normalize("NFC", text).split() for s in _token_syllables(token)]


def term_hash(term: str) -> int:
    """The stable 64-bit hash of one normalised unit (a syllable or a word)."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest(), "little")


class _TokenHashes(dict):
    """raw token -> hashes of its normalised syllables (packed uint64 bytes), computed once.

    normalize_text walks characters in Python; caching per distinct whitespace token keeps
    the tokenizer's normalisation at the cost of one dictionary lookup per token, and packed
    bytes let a text's hashes be joined in C.
    """

    def __missing__(self, token: str) -> bytes:
        packed = np.array([term_hash(s) for s in _token_syllables(token)], dtype=np.uint64).tobytes()
        if len(self) < _CACHE_LIMIT:
            self[token] = packed
        return packed


_TOKEN_HASHES = _TokenHashes()


def _unit_hashes(text: str, unit: str) -> np.ndarray:
    """Hashes of the text's units, in order, as uint64."""
    if unit == "syllables":
        tokens = unicodedata.normalize("NFC", text).split()
        return np.frombuffer(b"".join(map(_TOKEN_HASHES.__getitem__, tokens)), dtype=np.uint64)
    from .tokenize import word_tokenize  # the lead's tokenizer: imported only when chosen

    words = ["_".join(s for token in word.split() for s in _token_syllables(token)) for word in word_tokenize(prepare_text(text))]
    return np.array([term_hash(word) for word in words if word], dtype=np.uint64)


def _mix(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Hash of the n-gram (left, right) from the hashes of its parts (wrapping uint64)."""
    mixed = left * _MIX_A + (right ^ (right >> np.uint64(29))) * _MIX_B + _MIX_C
    return mixed ^ (mixed >> np.uint64(32))


@dataclass(frozen=True)
class TextFeatures:
    """Texts -> hashed n-gram terms: syllables (fast) or words (`vnpolitics.word_tokenize`).

    Terms are 64-bit hashes of normalised units and of n-grams of them (collisions are
    negligible at this width), computed for a batch at once with numpy.

    >>> TextFeatures("syllables", (1, 2)).terms(["Bộ Chính trị"])[1].size   # 3 syllables + 2 bigrams
    5
    """

    unit: str = "syllables"
    ngram_range: tuple[int, int] = (1, 2)

    def __post_init__(self) -> None:
        if self.unit not in ("syllables", "words"):
            raise ValueError(f"unknown feature unit {self.unit!r}; choose 'syllables' or 'words'")
        low, high = self.ngram_range
        if not 1 <= low <= high:
            raise ValueError(f"ngram_range must be (low, high) with 1 <= low <= high, not {self.ngram_range}")

    def terms(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(row, term) pairs of every n-gram occurrence: row indexes `texts`."""
        units = [_unit_hashes(text, self.unit) for text in texts]
        lengths = np.fromiter(map(len, units), dtype=np.int64, count=len(units))
        flat = np.concatenate(units) if units else np.zeros(0, np.uint64)
        rows = np.repeat(np.arange(len(units)), lengths)
        low, high = self.ngram_range
        all_rows, all_terms = [], []
        gram = flat
        for n in range(1, high + 1):
            if n > 1:  # n-grams end at position i; those crossing a text boundary are dropped
                gram = _mix(gram[:-1], flat[n - 1 :])
                same = rows[: len(rows) - n + 1] == rows[n - 1 :]
                if n >= low:
                    all_rows.append(rows[: len(rows) - n + 1][same])
                    all_terms.append(gram[same])
            elif low == 1:
                all_rows.append(rows)
                all_terms.append(flat)
        return np.concatenate(all_rows), np.concatenate(all_terms)


class TermVectorizer:
    """TF-IDF rows over hashed terms: sublinear tf, smoothed idf, unit length (as scikit-learn's
    `TfidfVectorizer(sublinear_tf=True)`), vocabulary = the terms kept at fit (`min_df`).

    >>> vectorizer = TermVectorizer(TextFeatures("syllables", (1, 1)))
    >>> vectorizer.fit_transform(["Giá vàng tăng", "Giá xăng giảm"]).shape
    (2, 5)
    """

    batch_size = 2000

    def __init__(self, features: TextFeatures, min_df: int = 1, max_features: int | None = None) -> None:
        self.features = features
        self.min_df = min_df
        self.max_features = max_features

    def _occurrences(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(row, term hash) of every n-gram occurrence, computed in batches."""
        rows_out, terms_out = [], []
        for start in range(0, len(texts), self.batch_size):
            rows, terms = self.features.terms(texts[start : start + self.batch_size])
            rows_out.append(rows + start)
            terms_out.append(terms)
        if not rows_out:
            return np.zeros(0, np.int64), np.zeros(0, np.uint64)
        return np.concatenate(rows_out), np.concatenate(terms_out)

    def fit(self, texts: Sequence[str]) -> "TermVectorizer":
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts: Sequence[str]) -> Any:
        from scipy.sparse import csr_matrix

        rows, terms = self._occurrences(texts)
        vocabulary, columns = np.unique(terms, return_inverse=True)
        counts = csr_matrix((np.ones(len(rows), np.float32), (rows, columns)), shape=(len(texts), len(vocabulary)))
        counts.sum_duplicates()
        document_frequency = np.bincount(counts.indices, minlength=len(vocabulary))
        keep = document_frequency >= self.min_df
        if self.max_features is not None and keep.sum() > self.max_features:
            ranked = np.argsort(-np.where(keep, document_frequency, 0), kind="stable")[: self.max_features]
            keep = np.zeros(len(vocabulary), dtype=bool)
            keep[ranked] = True
        if not keep.any():
            raise ClassifierDataError(f"no term occurs in {self.min_df} or more texts: lower min_df")
        self.set_vocabulary(vocabulary[keep], np.log((1 + len(texts)) / (1 + document_frequency[keep])) + 1)
        return self._weigh(counts[:, np.flatnonzero(keep)].tocsr())

    def set_vocabulary(self, vocabulary: np.ndarray, idf: np.ndarray) -> None:
        """`vocabulary`: sorted uint64 term hashes; `idf`: their weights."""
        import pandas as pd

        self.vocabulary_ = np.asarray(vocabulary, dtype=np.uint64)
        self.idf_ = np.asarray(idf, dtype=np.float32)
        self._index = pd.Index(self.vocabulary_)  # a hash table: term hash -> column

    def column_of(self, terms: np.ndarray) -> np.ndarray:
        """Columns of the term hashes, -1 for terms outside the vocabulary."""
        return self._index.get_indexer(terms)

    def transform(self, texts: Sequence[str]) -> Any:
        from scipy.sparse import csr_matrix

        rows, terms = self._occurrences(texts)
        columns = self.column_of(terms)
        known = columns >= 0
        counts = csr_matrix(
            (np.ones(int(known.sum()), np.float32), (rows[known], columns[known])),
            shape=(len(texts), len(self.vocabulary_)),
        )
        counts.sum_duplicates()
        return self._weigh(counts)

    def _weigh(self, counts: Any) -> Any:
        counts.data = (np.log(counts.data) + 1) * self.idf_[counts.indices]
        return normalize(counts, copy=False)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_index"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        if "vocabulary_" in state:
            self.set_vocabulary(state["vocabulary_"], state["idf_"])


# --- Validation at the boundary ----------------------------------------------------------


def _as_texts(X: Any, what: str = "X") -> list[str]:
    if isinstance(X, (str, bytes)):
        raise ClassifierDataError(f"{what} must be a list of texts, not a single {type(X).__name__}")
    try:
        texts = list(X)
    except TypeError:
        raise ClassifierDataError(f"{what} must be a list of texts, not {type(X).__name__}") from None
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise ClassifierDataError(f"{what}[{i}] is a {type(text).__name__}, not a text (str)")
    return texts


def _place(i: int, sources: Sequence[str] | None) -> str:
    return sources[i] if sources is not None else f"example {i}"


def validate_examples(
    texts: Sequence[str],
    labels: Sequence[Any],
    multi_label: bool = False,
    sources: Sequence[str] | None = None,
    min_examples: int = 2,
) -> None:
    """Raise `ClassifierDataError` naming the first unusable example or label.

    `sources[i]` says where example i came from ("data.jsonl line 7"); the default names the
    index. A label needs `min_examples` examples (calibration holds some out), and a
    classifier needs two labels.

    >>> validate_examples(["Giá vàng tăng", "Đội tuyển thắng"], ["Kinh doanh", "Thể thao"])
    Traceback (most recent call last):
    ...
    vnpolitics.classify.ClassifierDataError: label 'Kinh doanh' has only 1 example (example 0); each label needs at least 2
    """
    if len(texts) != len(labels):
        raise ClassifierDataError(f"{len(texts)} texts but {len(labels)} labels: give one label per text")
    if not texts:
        raise ClassifierDataError("no examples to train on")
    counts: Counter = Counter()
    first_seen: dict[Any, int] = {}
    for i, (text, label) in enumerate(zip(texts, labels)):
        if not text or not text.strip():
            raise ClassifierDataError(f"{_place(i, sources)}: empty text")
        if not _WORD_CHARS.search(text):
            raise ClassifierDataError(f"{_place(i, sources)}: the text has no words")
        example_labels = _label_set(label, multi_label, i, sources)
        for one in example_labels:
            counts[one] += 1
            first_seen.setdefault(one, i)
    for label, count in counts.items():
        if count < min_examples:
            raise ClassifierDataError(
                f"label {label!r} has only {count} example{'s' if count != 1 else ''} "
                f"({_place(first_seen[label], sources)}); each label needs at least {min_examples}"
            )
    if len(counts) < 2:
        only = next(iter(counts))
        raise ClassifierDataError(f"all examples have the label {only!r}: a classifier needs at least 2 labels")
    if multi_label:
        for label in counts:
            if counts[label] == len(texts):
                raise ClassifierDataError(f"label {label!r} is on every example: nothing to tell it apart from")


def _label_set(label: Any, multi_label: bool, i: int, sources: Sequence[str] | None) -> list[str]:
    if multi_label:
        if isinstance(label, str) or not isinstance(label, Iterable):
            raise ClassifierDataError(
                f"{_place(i, sources)}: a multi-label example needs a list of labels, not {label!r}"
            )
        labels = list(label)  # may be empty: a text about none of the labels
    else:
        labels = [label]
    for one in labels:
        if not isinstance(one, str) or not one.strip():
            raise ClassifierDataError(f"{_place(i, sources)}: empty or non-text label {one!r}")
    return labels


# --- Calibration ----------------------------------------------------------------------------


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The factor a > 0 minimising the log-loss of softmax(a * scores) (golden-section search)."""
    rows = np.arange(len(y))

    def loss(log_a: float) -> float:
        p = _softmax(np.exp(log_a) * scores)
        return float(-np.log(np.clip(p[rows, y], 1e-12, None)).mean())

    lo, hi = -3.0, 5.0
    ratio = (5**0.5 - 1) / 2
    for _ in range(60):
        m1, m2 = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
        if loss(m1) < loss(m2):
            hi = m2
        else:
            lo = m1
    return float(np.exp((lo + hi) / 2))


def _fit_platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: (A, B) with P(label) = sigmoid(A * score + B), Platt's smoothed targets."""
    from sklearn.linear_model import LogisticRegression

    positives = int(y.sum())
    negatives = len(y) - positives
    model = LogisticRegression(C=1e4)
    # Platt's targets keep the fit finite when the scores separate the classes perfectly.
    targets = np.where(y == 1, (positives + 1) / (positives + 2), 1 / (negatives + 2))
    X = np.concatenate([scores, scores])[:, None]
    Y = np.concatenate([np.ones_like(y), np.zeros_like(y)])
    weights = np.concatenate([targets, 1 - targets])
    model.fit(X, Y, sample_weight=weights)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


# --- The estimator -------------------------------------------------------------------------


def opening(text: str, min_tokens: int = 30) -> str:
    """The opening of a text: its first line (a news text's title and lead), extended by the
    next lines while it has fewer than `min_tokens` words (a bare title).

    >>> opening("Giá vàng tăng\\nSáng nay, giá vàng trong nước tăng mạnh.\\nThân bài...", min_tokens=5)
    'Giá vàng tăng\\nSáng nay, giá vàng trong nước tăng mạnh.'
    """
    lines = [line for line in text.strip().splitlines() if line.strip()]
    taken: list[str] = []
    tokens = 0
    for line in lines:
        if tokens >= min_tokens:
            break
        taken.append(line)
        tokens += len(line.split())
    return "\n".join(taken)


def duplicate_groups(texts: Sequence[str]) -> np.ndarray:
    """A group id per text; texts equal up to case and whitespace share one.

    Cross-validation splits by group, so a text never tests its own duplicate.

    >>> duplicate_groups(["Giá vàng tăng", "giá  vàng tăng", "Đội tuyển thắng"]).tolist()
    [0, 0, 1]
    """
    seen: dict[str, int] = {}
    return np.array([seen.setdefault(" ".join(text.lower().split()), len(seen)) for text in texts])


def cross_validate(
    classifier: "TopicClassifier", texts: Sequence[str], labels: Sequence[Any], folds: int = 5,
    evaluate_on: Any = None,
) -> dict[str, Any]:
    """K-fold accuracy, duplicates kept in one fold (`duplicate_groups`), stratified by label.

    `evaluate_on(text) -> text` scores a variant of each held-out text as well (for example
    `opening`, to score titles and leads alone). Returns the per-fold and mean accuracies.
    """
    from sklearn.base import clone
    from sklearn.model_selection import GroupKFold, StratifiedGroupKFold

    texts = _as_texts(texts)
    labels = list(labels)
    groups = duplicate_groups(texts)
    if classifier.multi_label:
        splits = GroupKFold(folds).split(texts, groups=groups)
    else:
        smallest = min(Counter(map(str, labels)).values())
        if smallest < folds:
            raise ClassifierDataError(f"{folds}-fold cross-validation: a label has only {smallest} examples; use {max(2, smallest)} folds or fewer")
        splits = StratifiedGroupKFold(folds, shuffle=True, random_state=0).split(texts, [str(l) for l in labels], groups)
    accuracy, variant = [], []
    if not classifier.multi_label:  # calibration does not move the argmax: skip it, it costs fits
        classifier = clone(classifier).set_params(calibration_folds=0)
    for train, test in splits:
        model = clone(classifier).fit([texts[i] for i in train], [labels[i] for i in train])
        held_out = [labels[i] for i in test]
        accuracy.append(model.score([texts[i] for i in test], held_out))
        if evaluate_on is not None:
            variant.append(model.score([evaluate_on(texts[i]) for i in test], held_out))
    result: dict[str, Any] = {
        "cv_folds": folds, "cv_accuracy": [round(a, 4) for a in accuracy],
        "cv_accuracy_mean": round(float(np.mean(accuracy)), 4), "cv_accuracy_std": round(float(np.std(accuracy)), 4),
        "distinct_texts": int(groups.max() + 1), "texts": len(texts),
    }
    if evaluate_on is not None:
        result["cv_variant_accuracy"] = [round(a, 4) for a in variant]
        result["cv_variant_accuracy_mean"] = round(float(np.mean(variant)), 4)
    return result


class TopicClassifier(ClassifierMixin, BaseEstimator):
    """A topic classifier for Vietnamese texts (TF-IDF syllable n-grams + linear SVM).

    Parameters
    ----------
    unit : "syllables" (fast, the default) or "words" (`vnpolitics.word_tokenize`).
    ngram_range : n-gram sizes over the units.
    min_df : keep terms found in at least this many training texts.
    max_features : keep at most this many terms (the most frequent); None keeps all.
    C : the SVM's regularisation (smaller = smoother).
    opening_copies : also learn from the opening (title + lead) of every multi-line text, so
        that a title and lead alone are classified as well as the whole article.
    multi_label : y is a list of labels per text (or an indicator matrix); predict returns an
        indicator matrix, `predict_labels` the names.
    threshold : multi-label only: the probability from which a label is predicted.
    calibration_folds : folds for the out-of-fold scores that calibrate probabilities (0: do not
        calibrate; the predicted labels of single-label models are the same either way).
    class_weight : passed to the SVM ("balanced" or None).
    random_state : seeds the calibration folds.

    >>> clf = TopicClassifier(min_df=1).fit(["Giá vàng tăng", "Lãi suất giảm",
    ...     "Đội tuyển thắng", "Thủ môn xuất sắc"], ["KD", "KD", "TT", "TT"])
    >>> clf.predict(["Giá xăng tăng"]).tolist()
    ['KD']
    """

    def __init__(
        self,
        unit: str = "syllables",
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        max_features: int | None = None,
        C: float = 0.5,
        opening_copies: bool = True,
        multi_label: bool = False,
        threshold: float = 0.5,
        calibration_folds: int = 2,
        class_weight: str | None = None,
        random_state: int = 0,
    ) -> None:
        self.unit = unit
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.C = C
        self.opening_copies = opening_copies
        self.multi_label = multi_label
        self.threshold = threshold
        self.calibration_folds = calibration_folds
        self.class_weight = class_weight
        self.random_state = random_state

    # -- fitting

    def _vectorizer(self) -> TermVectorizer:
        return TermVectorizer(TextFeatures(self.unit, tuple(self.ngram_range)), self.min_df, self.max_features)

    def _targets(self, y: Any, n: int, sources: Sequence[str] | None) -> np.ndarray:
        """Validated y as class indices (one label) or an indicator matrix; sets classes_."""
        if self.multi_label and isinstance(y, np.ndarray) and y.ndim == 2:
            if len(y) != n:
                raise ClassifierDataError(f"{n} texts but {len(y)} label rows")
            names = [[str(k) for k in np.flatnonzero(row)] for row in y]
            validate_examples([" x"] * n, names, True, sources)  # per-label counts and emptiness
            self.classes_ = np.arange(y.shape[1])
            return (np.asarray(y) != 0).astype(np.int8)
        labels = y.tolist() if isinstance(y, np.ndarray) else list(y)
        if len(labels) != n:
            raise ClassifierDataError(f"{n} texts but {len(labels)} labels: give one label per text")
        if self.multi_label:
            validate_examples([" x"] * n, labels, True, sources)
            binarizer = MultiLabelBinarizer()
            matrix = binarizer.fit_transform([list(one) for one in labels]).astype(np.int8)
            self.classes_ = np.array(binarizer.classes_, dtype=object)
            return matrix
        validate_examples([" x"] * n, labels, False, sources)
        classes, indices = np.unique(np.array([str(label) for label in labels], dtype=object), return_inverse=True)
        self.classes_ = classes
        return indices

    def _svm_scores(self, features: Any, coef: np.ndarray, intercept: np.ndarray) -> np.ndarray:
        return np.asarray(features @ coef.T, dtype=np.float64) + intercept

    def _fit_linear(self, features: Any, targets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Coefficients (k, n_features) and intercepts (k,) of one-vs-rest linear SVMs."""
        if self.multi_label:
            coef = np.zeros((targets.shape[1], features.shape[1]), dtype=np.float32)
            intercept = np.zeros(targets.shape[1])
            for k in range(targets.shape[1]):
                column = targets[:, k]
                if column.min() == column.max():  # absent from (or everywhere in) a calibration fold
                    intercept[k] = 1.0 if column[0] else -1.0
                    continue
                svm = LinearSVC(C=self.C, class_weight=self.class_weight).fit(features, column)
                coef[k], intercept[k] = svm.coef_[0], svm.intercept_[0]
            return coef, intercept
        svm = LinearSVC(C=self.C, class_weight=self.class_weight).fit(features, targets)
        coef, intercept = svm.coef_.astype(np.float32), svm.intercept_.astype(np.float64)
        if coef.shape[0] == 1:  # liblinear gives one row for two classes: make it two
            coef, intercept = np.vstack([-coef, coef]) / 2, np.concatenate([-intercept, intercept]) / 2
        return coef, intercept

    def fit(self, X: Iterable[str], y: Any, sources: Sequence[str] | None = None) -> "TopicClassifier":
        """Learn from texts `X` and their labels `y`; `sources` names examples in errors
        ("train.csv line 7"), the default names their index."""
        texts = _as_texts(X)
        TextFeatures(self.unit, tuple(self.ngram_range))  # a bad unit or range fails here, clearly
        for i, text in enumerate(texts):
            if not _WORD_CHARS.search(text):
                raise ClassifierDataError(f"{_place(i, sources)}: {'empty text' if not text.strip() else 'the text has no words'}")
        targets = self._targets(y, len(texts), sources)
        groups = np.arange(len(texts))
        if self.opening_copies:
            openings = [opening(text) for text in texts]
            extra = [i for i, (text, head) in enumerate(zip(texts, openings)) if len(head) < len(text.strip())]
            texts = texts + [openings[i] for i in extra]
            targets = np.concatenate([targets, targets[extra]])
            groups = np.concatenate([groups, groups[extra]])
        self.vectorizer_ = self._vectorizer()
        features = self.vectorizer_.fit_transform(texts)
        self.calibration_ = self._calibrate(features, targets, groups)
        self.coef_, self.intercept_ = self._fit_linear(features, targets)
        self.n_features_in_ = 1  # one text per row
        return self

    def _calibrate(self, features: Any, targets: np.ndarray, groups: np.ndarray) -> dict[str, Any]:
        """Fit the map from SVM scores to probabilities on out-of-fold scores (a text and its
        opening stay in the same fold)."""
        from sklearn.model_selection import GroupKFold, StratifiedGroupKFold

        if not self.calibration_folds:
            if self.multi_label:
                return {"method": "platt", "A": [1.0] * targets.shape[1], "B": [0.0] * targets.shape[1]}
            return {"method": "temperature", "factor": 1.0}
        if self.multi_label:
            n_folds = max(2, min(self.calibration_folds, len(np.unique(groups))))
            splits = GroupKFold(n_folds).split(targets, groups=groups)
        else:
            n_folds = max(2, min(self.calibration_folds, int(np.bincount(targets).min())))
            splits = StratifiedGroupKFold(n_folds, shuffle=True, random_state=self.random_state).split(
                targets, targets, groups
            )
        scores = np.zeros((len(targets), len(self.classes_)))
        for train, held_out in splits:
            if not self.multi_label and len(np.unique(targets[train])) < len(self.classes_):
                raise ClassifierDataError("too few examples per label to calibrate probabilities: give each label more examples")
            scores[held_out] = self._svm_scores(features[held_out], *self._fit_linear(features[train], targets[train]))
        if self.multi_label:
            platt = [_fit_platt(scores[:, k], targets[:, k]) for k in range(targets.shape[1])]
            return {"method": "platt", "A": [a for a, _ in platt], "B": [b for _, b in platt]}
        return {"method": "temperature", "factor": _fit_temperature(scores, targets)}

    def score(self, X: Iterable[str], y: Any, sample_weight: Any = None) -> float:
        """Accuracy (subset accuracy when multi-label; y may then be lists of label names)."""
        if self.multi_label and not (isinstance(y, np.ndarray) and y.ndim == 2):
            names = list(self.classes_)
            y = np.array([[name in set(one) for name in names] for one in y], dtype=np.int8)
        return super().score(X, y, sample_weight)

    # -- prediction

    def _features(self, X: Iterable[str]) -> Any:
        check_is_fitted(self, "coef_")
        return self.vectorizer_.transform(_as_texts(X))

    def _scores(self, X: Iterable[str]) -> np.ndarray:
        return self._svm_scores(self._features(X), self.coef_, self.intercept_)

    def decision_function(self, X: Iterable[str]) -> np.ndarray:
        """SVM scores, shape (n, n_classes); (n,) for two classes, as in scikit-learn."""
        scores = self._scores(X)
        if len(self.classes_) == 2 and not self.multi_label:
            return scores[:, 1] - scores[:, 0]
        return scores

    def _probabilities(self, scores: np.ndarray) -> np.ndarray:
        if self.calibration_["method"] == "platt":
            return _sigmoid(np.asarray(self.calibration_["A"]) * scores + np.asarray(self.calibration_["B"]))
        return _softmax(self.calibration_["factor"] * scores)

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Calibrated probabilities, shape (n, n_classes), columns in `classes_` order.

        One label per text: each row sums to 1. Multi-label: one independent probability per label.
        """
        return self._probabilities(self._scores(X))

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """The label of each text; multi-label: an indicator matrix (n, n_classes)."""
        probabilities = self.predict_proba(X)
        if self.multi_label:
            return (probabilities >= self.threshold).astype(np.int8)
        return self.classes_[probabilities.argmax(axis=1)]

    def predict_labels(self, X: Iterable[str]) -> list[list[str]]:
        """The labels of each text as names (a one-element list unless multi-label)."""
        predictions = self.predict(X)
        if self.multi_label:
            return [[str(c) for c, on in zip(self.classes_, row) if on] for row in predictions]
        return [[str(label)] for label in predictions]

    def scores(self, text: str) -> dict[str, float]:
        """{label: probability} for one text (what the pipeline puts in `doc.cats`)."""
        return self.scores_many([text])[0]

    def scores_many(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """{label: probability} for each text."""
        if not texts:
            return []
        labels = [str(c) for c in self.classes_]
        return [dict(zip(labels, map(float, row))) for row in self.predict_proba(texts)]

    def top_terms(self, label: str, texts: Sequence[str], n: int = 20) -> list[tuple[str, float]]:
        """The `n` syllable n-grams of `texts` weighing most for `label` (what the model learned).

        Terms are stored as hashes, so the readable candidates come from texts you give.
        """
        check_is_fitted(self, "coef_")
        names = [str(c) for c in self.classes_]
        if label not in names:
            raise ValueError(f"unknown label {label!r}; the labels are {names}")
        if self.unit != "syllables":
            raise ValueError("top_terms reads syllable n-grams; this model uses words")
        weights = self.coef_[names.index(label)]
        found: dict[str, float] = {}
        low, high = self.ngram_range
        for text in texts:
            units = syllables(text)
            for size in range(low, high + 1):
                for i in range(len(units) - size + 1):
                    term = " ".join(units[i : i + size])
                    if term in found:
                        continue
                    hashed = np.array([term_hash(units[i])], dtype=np.uint64)
                    for unit in units[i + 1 : i + size]:
                        hashed = _mix(hashed, np.array([term_hash(unit)], dtype=np.uint64))
                    column = int(self.vectorizer_.column_of(hashed)[0])
                    if column >= 0:
                        found[term] = float(weights[column])
        return sorted(found.items(), key=lambda pair: -pair[1])[:n]

    # -- persistence: arrays + JSON, never pickle

    def save(self, directory: str | Path, metrics: dict[str, Any] | None = None) -> "TopicClassifier":
        """Write the model to `directory` (created): `model.json` + `arrays.npz`. Returns self."""
        check_is_fitted(self, "coef_")
        from . import __version__
        import sklearn

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        vocabulary = self.vectorizer_.vocabulary_
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            vocabulary=vocabulary,
            idf=self.vectorizer_.idf_.astype(np.float32),
            coef=self.coef_.astype(np.float16),
            intercept=self.intercept_.astype(np.float64),
        )
        data = buffer.getvalue()
        (directory / ARRAYS).write_bytes(data)
        params = self.get_params()
        params["ngram_range"] = list(params["ngram_range"])
        manifest = {
            "format": MODEL_FORMAT,
            "format_version": FORMAT_VERSION,
            "features_version": FEATURES_VERSION,
            "vnpolitics_version": __version__,
            "trained_with": {"scikit-learn": sklearn.__version__, "numpy": np.__version__},
            "saved": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "params": params,
            "classes": [str(c) for c in self.classes_],
            "n_features": int(len(vocabulary)),
            "calibration": self.calibration_,
            "arrays_sha256": hashlib.sha256(data).hexdigest(),
            "metrics": metrics or {},
        }
        (directory / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", "utf-8")
        return self

    @classmethod
    def load(cls, directory: str | Path) -> "TopicClassifier":
        """Read a model written by `save`; `ModelFormatError` says why one cannot be used."""
        from . import __version__

        directory = Path(directory)
        manifest_path = directory / MANIFEST
        if not directory.is_dir():
            raise ModelFormatError(f"{directory}: no such model folder")
        if not manifest_path.is_file():
            raise ModelFormatError(f"{directory}: not a vnpolitics topic classifier (no {MANIFEST})")
        try:
            manifest = json.loads(manifest_path.read_text("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ModelFormatError(f"{manifest_path}: unreadable model description ({error})") from None
        if not isinstance(manifest, dict) or manifest.get("format") != MODEL_FORMAT:
            raise ModelFormatError(f"{manifest_path}: not a vnpolitics topic classifier")
        saved_by = manifest.get("vnpolitics_version", "an unknown version")
        if manifest.get("format_version") != FORMAT_VERSION or manifest.get("features_version") != FEATURES_VERSION:
            raise ModelFormatError(
                f"{directory}: saved by vnpolitics {saved_by} (model format "
                f"{manifest.get('format_version')}, features {manifest.get('features_version')}); "
                f"vnpolitics {__version__} reads format {FORMAT_VERSION}, features {FEATURES_VERSION}: "
                "retrain the model or use a matching vnpolitics"
            )
        arrays_path = directory / ARRAYS
        if not arrays_path.is_file():
            raise ModelFormatError(f"{directory}: {ARRAYS} is missing")
        data = arrays_path.read_bytes()
        if hashlib.sha256(data).hexdigest() != manifest.get("arrays_sha256"):
            raise ModelFormatError(f"{arrays_path}: checksum mismatch: the file was changed or damaged")
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as arrays:
                vocabulary, idf, intercept = arrays["vocabulary"], arrays["idf"], arrays["intercept"]
                coef = arrays["coef"].astype(np.float32)
        except (ValueError, KeyError, OSError) as error:
            raise ModelFormatError(f"{arrays_path}: unreadable model arrays ({error})") from None
        try:
            params = dict(manifest["params"])
            params["ngram_range"] = tuple(params["ngram_range"])
            model = cls(**params)
            classes = manifest["classes"]
            calibration = manifest["calibration"]
        except (KeyError, TypeError) as error:
            raise ModelFormatError(f"{manifest_path}: incomplete model description ({error})") from None
        n = len(vocabulary)
        if vocabulary.dtype != np.uint64 or not (idf.shape == (n,) and coef.shape == (len(classes), n) and intercept.shape == (len(classes),)):
            raise ModelFormatError(f"{directory}: arrays do not match the model description (shapes differ)")
        model.classes_ = np.array(classes, dtype=object)
        model.vectorizer_ = model._vectorizer()
        model.vectorizer_.set_vocabulary(vocabulary, idf)
        model.coef_, model.intercept_ = coef, intercept
        model.calibration_ = calibration
        model.n_features_in_ = 1
        model.metadata_ = {k: manifest.get(k) for k in ("vnpolitics_version", "trained_with", "saved", "metrics")}
        return model
