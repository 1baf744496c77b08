"""The spaCy tokenizer for Vietnamese news: `vnpolitics.Tokenizer.v1`.

Words come from `vnpolitics.tokenize`; whitespace other than a single trailing space becomes
whitespace tokens, as in spaCy, so `doc.text == text` and `token.idx` is the offset into the
input. `token.norm_` is the word in the normalised view that models see, and `token._.kind`
says what a protected token is ("code", "date", "number", …; "syllable" for ordinary words).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

import srsly
from spacy.tokens import Doc, Token
from spacy.util import registry
from spacy.vocab import Vocab

from ..text.normalize import normalize
from ..tokenize import DEFAULT_ENGINE, get_engine, segment_view

if not Token.has_extension("kind"):
    Token.set_extension("kind", default=None)


class VietnameseTokenizer:
    """Exact-offset Vietnamese tokenizer with protected spans and a per-pipeline dictionary.

    >>> import spacy
    >>> nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vnpolitics.Tokenizer.v1"}}})
    >>> [t.text for t in nlp("Ông Lê Trung Kiên, Trưởng Ban")]
    ['Ông', 'Lê Trung Kiên', ',', 'Trưởng', 'Ban']
    """

    def __init__(self, vocab: Vocab, engine: str = DEFAULT_ENGINE, words: Sequence[str] = ()) -> None:
        self.vocab = vocab
        self.engine = engine
        self.words = tuple(words)

    def __call__(self, text: str) -> Doc:
        if not isinstance(text, str):
            raise TypeError(f"the tokenizer expects a str, got {type(text).__name__}")
        view = normalize(text)
        found = segment_view(view, get_engine(self.engine), self.words)
        words: list[str] = []
        spaces: list[bool] = []
        norms: list[str] = []
        kinds: list[str | None] = []

        def add_space(gap: str) -> None:
            # One plain space after a token is its trailing space; anything else is a token.
            if not gap:
                return
            if words and not spaces[-1] and gap[0] == " " and norms[-1] is not None:
                spaces[-1] = True
                gap = gap[1:]
            if gap:
                words.append(gap)
                spaces.append(False)
                norms.append(None)
                kinds.append(None)

        position = 0
        for word in found:
            add_space(text[position : word.start])
            words.append(text[word.start : word.end])
            spaces.append(False)
            norms.append(word.norm)
            kinds.append(word.kind)
            position = word.end
        add_space(text[position:])
        doc = Doc(self.vocab, words=words, spaces=spaces)
        for token, norm, kind in zip(doc, norms, kinds):
            if norm is not None:
                if norm != token.text:
                    token.norm_ = norm.lower()
                token._.kind = kind
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    # Serialisation: the settings are all the state there is.
    def to_bytes(self, *, exclude: Sequence[str] = ()) -> bytes:
        return srsly.json_dumps({"engine": self.engine, "words": list(self.words)}).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Sequence[str] = ()) -> "VietnameseTokenizer":
        settings = srsly.json_loads(data)
        self.engine, self.words = settings["engine"], tuple(settings["words"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> None:
        Path(path).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Sequence[str] = ()) -> "VietnameseTokenizer":
        return self.from_bytes(Path(path).read_bytes())


@registry.tokenizers("vnpolitics.Tokenizer.v1")
def create_tokenizer(engine: str = DEFAULT_ENGINE, words: Sequence[str] = ()):
    """Config entry: `[nlp.tokenizer] @tokenizers = "vnpolitics.Tokenizer.v1"`."""

    def make(nlp) -> VietnameseTokenizer:
        return VietnameseTokenizer(nlp.vocab, engine=engine, words=words)

    return make
