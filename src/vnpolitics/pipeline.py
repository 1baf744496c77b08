"""`vnpolitics.load()`: the spaCy pipeline for Vietnamese political news.

>>> import vnpolitics
>>> nlp = vnpolitics.load()
>>> doc = nlp("Thực hiện Nghị quyết số 28-NQ/TU ngày 10/11/2009 của Ban Thường vụ Thành ủy.")
>>> [(e.text, e.label_) for e in doc.ents if e.label_ == "DOC_CODE"]
[('28-NQ/TU', 'DOC_CODE')]
"""
from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)
from .resources import model_path
from .tokenize import DEFAULT_ENGINE

# (component name, module that defines its factory), in pipeline order. A component joins
# this list when its code and model have landed.
COMPONENTS: list[tuple[str, str]] = [
    ("vnp_tagger", "vnpolitics.components.tagger"),
    ("vnp_sentences", "vnpolitics.components.sentences"),
    ("ner", "spacy.pipeline.ner"),  # sourced from models/ner (its own tok2vec)
    ("vnp_organs", "vnpolitics.components.organs"),
    ("vnp_doc_codes", "vnpolitics.components.codes"),
    ("vnp_doc_refs", "vnpolitics.components.doc_refs"),
    ("vnp_officials", "vnpolitics.components.officials"),
    ("vnp_nested", "vnpolitics.components.nested"),
    ("topic_classifier", "vnpolitics.components.topic"),
]


def blank(engine: str = DEFAULT_ENGINE, words: Sequence[str] = ()) -> Language:
    """A `vi` pipeline with only the vnpolitics tokenizer."""
    return spacy.blank(
        "vi",
        config={"nlp": {"tokenizer": {"@tokenizers": "vnpolitics.Tokenizer.v1", "engine": engine, "words": list(words)}}},
    )


def available_components() -> list[str]:
    """Names of the components `load()` adds, in pipeline order."""
    names = []
    for name, module in COMPONENTS:
        importlib.import_module(module)
        names.append(name)
    return names


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
    nlp = blank(engine, words)
    for name in available_components():
        if name in exclude:
            continue
        if name == "ner":
            nlp.add_pipe("ner", source=_ner_model())
            continue
        config = {"model": str(classifier)} if name == "topic_classifier" and classifier else {}
        nlp.add_pipe(name, config=config)
    return nlp


@lru_cache(maxsize=1)
def _ner_model() -> Language:
    """The shipped statistical NER pipeline (`models/ner`), whose `ner` joins `load()`."""
    return spacy.load(model_path("ner"))
