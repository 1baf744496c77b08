"""The `topic_classifier` component: fills `doc.cats` with a `TopicClassifier`'s probabilities.

config `{"model": DIR or null}`: null uses the shipped model (`models/topic-vntc`), a folder
uses a model saved by `TopicClassifier.save`. Models are loaded once per folder and shared.
The record's `topic` is built from `doc.cats`: label = the highest score.

>>> import spacy
>>> nlp = spacy.blank("vi")
>>> _ = nlp.add_pipe("topic_classifier")
>>> doc = nlp("Đội tuyển Việt Nam thắng Thái Lan 2-0 ở chung kết, tiền đạo ghi bàn phút cuối")
>>> max(doc.cats, key=doc.cats.get)
'Thể thao'
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from ..classify import ModelFormatError, TopicClassifier

DEFAULT_MODEL = "topic-vntc"


@lru_cache(maxsize=8)
def _load(path: str) -> TopicClassifier:
    return TopicClassifier.load(path)


def classifier_path(model: str | Path | None) -> Path:
    """The folder of the model to use: the shipped one when `model` is None."""
    if model is None or str(model) == "":
        from ..resources import model_path

        return model_path(DEFAULT_MODEL)
    return Path(model).expanduser().resolve()


class TopicComponent:
    """Puts {label: probability} for the whole text in `doc.cats` (probabilities sum to 1)."""

    def __init__(self, name: str = "topic_classifier", model: str | Path | None = None) -> None:
        self.name = name
        self.model = None if model is None else str(model)
        self.classifier = _load(str(classifier_path(model)))

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(str(label) for label in self.classifier.classes_)

    def __call__(self, doc: Doc) -> Doc:
        doc.cats = self.classifier.scores(doc.text)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._classify(batch)
                batch = []
        yield from self._classify(batch)

    def _classify(self, docs: list[Doc]) -> list[Doc]:
        for doc, cats in zip(docs, self.classifier.scores_many([doc.text for doc in docs])):
            doc.cats = cats
        return docs

    # Pickle as (name, model folder): worker processes reload the model from disk.
    def __reduce__(self):
        return (TopicComponent, (self.name, self.model))


@Language.factory(
    "topic_classifier",
    default_config={"model": None},
    assigns=["doc.cats"],
)
def make_topic_classifier(nlp: Language, name: str, model: str | None) -> TopicComponent:
    """The factory: `nlp.add_pipe("topic_classifier", config={"model": DIR})`."""
    try:
        return TopicComponent(name, model)
    except (ModelFormatError, FileNotFoundError) as error:
        raise ValueError(f"topic_classifier: {error}") from None
