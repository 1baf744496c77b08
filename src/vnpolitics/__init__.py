"""vnpolitics: NLP for Vietnamese political and government news.

>>> import vnpolitics
>>> vnpolitics.word_tokenize("Thực hiện Nghị quyết số 28-NQ/TU ngày 10/11/2009 của Ban Thường vụ Thành ủy")
['Thực hiện', 'Nghị quyết', 'số', '28-NQ/TU', 'ngày', '10/11/2009', 'của', 'Ban', 'Thường vụ', 'Thành ủy']

>>> nlp = vnpolitics.load()                       # doctest: +SKIP
>>> doc = nlp("Kết luận số 01-KL/TW của Bộ Chính trị")   # doctest: +SKIP
>>> [(e.text, e.label_) for e in doc.ents]        # doctest: +SKIP
[('01-KL/TW', 'DOC_CODE'), ('Bộ Chính trị', 'ORG')]
"""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
SCHEMA_VERSION = "vnpolitics.annotation/1"

# Public names and the module that defines each: imported on first use, so that
# `import vnpolitics` stays fast and the CLI starts quickly.
_LAZY = {
    "load": "vnpolitics.pipeline",
    "annotate": "vnpolitics.record",
    "doc_to_record": "vnpolitics.record",
    "word_tokenize": "vnpolitics.tokenize",
    "read_article": "vnpolitics.text.article",
    "Article": "vnpolitics.text.article",
    "normalize": "vnpolitics.text.normalize",
    "Corpus": "vnpolitics.search",
    "TopicClassifier": "vnpolitics.classify",
}

__all__ = ["__version__", "SCHEMA_VERSION", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'vnpolitics' has no attribute {name!r}")


if TYPE_CHECKING:  # pragma: no cover
    from .classify import TopicClassifier
    from .pipeline import load
    from .record import annotate, doc_to_record
    from .search import Corpus
    from .text.article import Article, read_article
    from .text.normalize import normalize
    from .tokenize import word_tokenize
