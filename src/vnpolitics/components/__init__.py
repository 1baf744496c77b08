"""spaCy components: importing this package registers every vnpolitics factory.

Each module is a thin adapter from a pure core to the `Doc`; see `vnpolitics.pipeline` for the
order in which `vnpolitics.load()` adds them.
"""
from . import codes, doc_refs, nested, officials, organs, sentences, tagger, tokenizer, topic  # noqa: F401  (registration)
