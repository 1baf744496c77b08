"""`vnpolitics.load()`: the spaCy pipeline for Vietnamese political news.

>>> import vnpolitics
>>> nlp = vnpolitics.load()
>>> doc = nlp("Thực hiện Nghị quyết số 28-NQ/TU ngày 10/11/2009 của Ban Thường vụ Thành ủy.")
>>> [(e.text, e.label_) for e in doc.ents if e.label_ == "DOC_CODE"]
[('28-NQ/TU', 'DOC_CODE')]
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Sequence

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)
from .resources import model_path
from .tokenize import DEFAULT_ENGINE

# The components of `load()`, in pipeline order (their factories are registered by
# `vnpolitics.components`; `ner` is sourced from models/ner, with its own tok2vec).
COMPONENTS: list[str] = [
    "vnp_tagger",
    "vnp_sentences",
    "ner",
    "vnp_organs",
    "vnp_doc_codes",
    "vnp_doc_refs",
    "vnp_officials",
    "vnp_nested",
    "topic_classifier",
]


def blank(engine: str = DEFAULT_ENGINE, words: Sequence[str] = ()) -> Language:
    """A `vi` pipeline with only the vnpolitics tokenizer."""
    return spacy.blank(
        "vi",
        config={"nlp": {"tokenizer": {"@tokenizers": "vnpolitics.Tokenizer.v1", "engine": engine, "words": list(words)}}},
    )


def available_components() -> list[str]:
    """Names of the components `load()` adds, in pipeline order."""
    return list(COMPONENTS)


def load(
    *,
    exclude: Sequence[str] = (),
    classifier: str | Path | None = None,
    engine: str = DEFAULT_ENGINE,
    words: Sequence[str] = (),
) -> Language:
    """The full vnpolitics pipeline, loaded offline from the shipped models.

    exclude: component names to leave out (e.g. ``["ner", "topic_classifier"]`` for speed).
    classifier: a folder saved by `TopicClassifier.save` to use instead of the default model.
    engine: the word segmentation engine (see `vnpolitics.tokenize.ENGINES`).
    words: a user dictionary of multi-syllable words kept whole, for this pipeline only.
    """
    unknown = set(exclude) - set(COMPONENTS)
    if unknown:
        raise ValueError(f"cannot exclude {sorted(unknown)}: the components are {COMPONENTS}")
    nlp = blank(engine, words)
    for name in COMPONENTS:
        if name in exclude:
            continue
        if name == "ner":
            add_ner(nlp, _ner_model())
            continue
        config = {"model": str(classifier)} if name == "topic_classifier" and classifier else {}
        nlp.add_pipe(name, config=config)
    return nlp


def add_ner(nlp: Language, source: Language) -> None:
    """Add the `ner` of `source` to `nlp`, with the word vectors its model looks up."""
    if source.vocab.vectors.shape[0] and nlp.vocab.vectors.shape[0] == 0:
        nlp.vocab.vectors = source.vocab.vectors
    nlp.add_pipe("ner", source=source)


@lru_cache(maxsize=1)
def _ner_model() -> Language:
    """The shipped statistical NER pipeline (`models/ner`), whose `ner` joins `load()`."""
    return spacy.load(model_path("ner"))
