"""Readers for the VLSP 2016 and VLSP 2018 NER corpora, mapped onto one span convention.

Both corpora become `NerExample`s: raw text as a user would give it, the outermost entities as
character spans, and the entities nested inside them as a second layer.

The boundary convention (`CONVENTION`) that both corpora are mapped onto:

* labels PER, LOC, ORG, MISC (VLSP 2018's PERSON, LOCATION, ORGANIZATION, MISCELLANEOUS);
* an entity is the longest annotated span: "UBND tỉnh Quảng Nam" is one ORG, and the LOC
  "tỉnh Quảng Nam" inside it goes to the nested layer (VLSP 2018 tags it inline, VLSP 2016 in
  its fifth column);
* administrative and geographic prefixes belong to the LOC ("xã Cương Gián", "tỉnh Hải
  Phòng", "TP. Hồ Chí Minh", "sông Hồng"); both corpora annotate them that way;
* spans never begin or end with whitespace or with the quotes and separators listed in
  `_EDGE_PUNCT`; a span that is empty after trimming is dropped;
* VLSP 2016 text is each sentence's syllables joined by single spaces (underscores of its
  word segmentation become spaces), so models are trained and scored on raw text.

>>> example = parse_enamex("Ông <ENAMEX TYPE=\\"PERSON\\">Lê Trung Kiên</ENAMEX> làm việc tại "
...     "<ENAMEX TYPE=\\"ORGANIZATION\\">UBND <ENAMEX TYPE=\\"LOCATION\\">tỉnh Quảng Nam</ENAMEX></ENAMEX>.")
>>> example.text
'Ông Lê Trung Kiên làm việc tại UBND tỉnh Quảng Nam.'
>>> [(example.text[e.start:e.end], e.label) for e in example.entities]
[('Lê Trung Kiên', 'PER'), ('UBND tỉnh Quảng Nam', 'ORG')]
>>> [(example.text[e.start:e.end], e.label) for e in example.nested]
[('tỉnh Quảng Nam', 'LOC')]
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .scoring import PrecisionRecallF1

LABELS = ("PER", "LOC", "ORG", "MISC")
# Labels the micro-F1 figures average over (MISC is scored and reported on its own).
SCORED_LABELS = ("PER", "LOC", "ORG")
_LABEL_MAP = {
    "PER": "PER", "PERSON": "PER",
    "LOC": "LOC", "LOCATION": "LOC",
    "ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG",
    "MISC": "MISC", "MISCELLANEOUS": "MISC",
}
_EDGE_PUNCT = " \t\n\"'“”‘’«»,;:"

CONVENTION = (
    "outermost spans as entities, inner spans nested; labels PER/LOC/ORG/MISC; administrative "
    "prefixes inside LOC; spans trimmed of whitespace, quotes and separators"
)


class NerFormatError(ValueError):
    """A corpus line that cannot be read; the message names the file, line and reason."""


@dataclass(frozen=True, order=True)
class EntitySpan:
    """A labelled half-open character span [start, end) of an example's text."""

    start: int
    end: int
    label: str


@dataclass(frozen=True)
class NerExample:
    """One unit of a NER corpus: raw text, outermost entities and nested entities.

    `words` holds the corpus's own word segmentation as character spans when it has one
    (VLSP 2016), for "gold segmentation" scores reported beside the end-to-end ones.
    """

    id: str
    text: str
    entities: tuple[EntitySpan, ...]
    nested: tuple[EntitySpan, ...] = ()
    words: tuple[tuple[int, int], ...] | None = field(default=None, compare=False)

    def spans(self, label: str | None = None) -> list[tuple[str, str]]:
        """(text, label) of the outermost entities, optionally of one label."""
        return [(self.text[e.start:e.end], e.label) for e in self.entities if label in (None, e.label)]


def canonical_label(name: str, where: str = "") -> str:
    """PER/LOC/ORG/MISC for any label spelling of the two corpora; a clear error otherwise."""
    try:
        return _LABEL_MAP[name.upper()]
    except KeyError:
        raise NerFormatError(f"{where}unknown entity label {name!r}") from None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    return start, end


def layer_spans(text: str, spans: Iterable[EntitySpan]) -> tuple[tuple[EntitySpan, ...], tuple[EntitySpan, ...]]:
    """Apply the convention: trim spans, then split them into (outermost, nested) layers.

    A span inside (or equal in extent to, but listed after) another span is nested; spans that
    cross each other keep the longer one as outermost.
    """
    trimmed = set()
    for span in spans:
        start, end = _trim(text, span.start, span.end)
        if start < end:
            trimmed.add(EntitySpan(start, end, span.label))
    outer: list[EntitySpan] = []
    nested: list[EntitySpan] = []
    # Longest first, so a container is placed before anything it contains.
    for span in sorted(trimmed, key=lambda s: (s.start, -(s.end - s.start), s.label)):
        if any(o.start <= span.start and span.end <= o.end for o in outer):
            nested.append(span)
        elif any(o.start < span.end and span.start < o.end for o in outer):
            nested.append(span)  # crosses an outer span: keep it, but off the main layer
        else:
            outer.append(span)
    return tuple(sorted(outer)), tuple(sorted(nested))


# ---------------------------------------------------------------------------------- VLSP 2016


def _bio_spans(tags: list[str], starts: list[int], ends: list[int], where: str) -> list[EntitySpan]:
    """Character spans of the BIO tags of one sentence (an I- without a B- opens an entity)."""
    spans: list[EntitySpan] = []
    open_label: str | None = None
    open_start = 0
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, name = tag.partition("-")
        label = canonical_label(name, where) if prefix in ("B", "I") and name else None
        continues = prefix == "I" and label == open_label
        if open_label is not None and not continues:
            spans.append(EntitySpan(open_start, ends[i - 1], open_label))
            open_label = None
        if label is not None and not continues:
            open_label, open_start = label, starts[i]
    return spans


def _clean_tag(tag: str) -> str:
    """VLSP 2016's fifth column has a few typos ("0", "o", "Op"): anything not B-/I- is O."""
    tag = tag.strip()
    return tag if tag[:2] in ("B-", "I-") else "O"


def read_vlsp2016(path: str | Path) -> Iterator[NerExample]:
    """Sentences of a VLSP 2016 NER file (`-DOCSTART-`, `<s>` ... `</s>`, five tab columns).

    Columns: word (syllables joined by `_`), POS, chunk, NER (BIO), nested NER (BIO). The
    text of a sentence is its syllables joined by single spaces; ids are `document#n`.
    """
    path = Path(path)
    document = path.stem
    number = 0
    rows: list[list[str]] | None = None
    with path.open(encoding="utf-8") as lines:
        for lineno, line in enumerate(lines, 1):
            cells = line.rstrip("\n").split("\t")
            head = cells[0].strip()
            if head.startswith("-DOCSTART-"):
                name = head[len("-DOCSTART-"):].strip()
                if name:
                    document, number = name, 0
            elif head.startswith("<s>"):
                rows = []
                # A few sentences start on the tag's own line ("<s>Sài_Gòn\tNNP\t...").
                cells[0] = cells[0].strip()[len("<s>"):]
                head = cells[0].strip()
                if head:
                    rows.append(cells)
            elif head == "</s>":
                if rows is None:
                    raise NerFormatError(f"{path}:{lineno}: </s> without <s>")
                if rows:
                    number += 1
                    yield _vlsp2016_sentence(rows, f"{document}#{number}", f"{path}:{lineno}: ")
                rows = None
            elif rows is not None and head:
                if len(cells) < 4:
                    raise NerFormatError(f"{path}:{lineno}: expected 5 tab-separated columns, got {len(cells)}")
                rows.append(cells)
            # Anything else (<title>, <editor>, blank lines) carries no entity annotation.
    if rows:
        raise NerFormatError(f"{path}: file ends inside a sentence (<s> without </s>)")


def _vlsp2016_sentence(rows: list[list[str]], id: str, where: str) -> NerExample:
    words = [row[0].strip().replace("_", " ") for row in rows]
    starts: list[int] = []
    ends: list[int] = []
    offset = 0
    for word in words:
        starts.append(offset)
        offset += len(word)
        ends.append(offset)
        offset += 1
    text = " ".join(words)
    spans = _bio_spans([row[3].strip() for row in rows], starts, ends, where)
    inner = _bio_spans([_clean_tag(row[4]) if len(row) > 4 else "O" for row in rows], starts, ends, where)
    outer, nested = layer_spans(text, spans + inner)
    return NerExample(id, text, outer, nested, tuple(zip(starts, ends)))


# ---------------------------------------------------------------------------------- VLSP 2018

_ENAMEX = re.compile(r'<ENAMEX\s+TYPE\s*=\s*"([A-Za-z]+)"\s*>|</ENAMEX>')


def parse_enamex(marked: str, id: str = "", where: str = "") -> NerExample:
    """Strip inline (possibly nested) `<ENAMEX TYPE="...">` tags into text and spans."""
    pieces: list[str] = []
    spans: list[EntitySpan] = []
    stack: list[tuple[str, int]] = []
    length = 0
    position = 0
    for match in _ENAMEX.finditer(marked):
        pieces.append(marked[position:match.start()])
        length += match.start() - position
        position = match.end()
        if match.group(1):
            stack.append((canonical_label(match.group(1), where), length))
        elif not stack:
            raise NerFormatError(f"{where}</ENAMEX> without an opening tag at character {match.start()}")
        else:
            label, start = stack.pop()
            spans.append(EntitySpan(start, length, label))
    if stack:
        raise NerFormatError(f"{where}<ENAMEX TYPE=\"{stack[-1][0]}\"> is never closed")
    pieces.append(marked[position:])
    text = "".join(pieces)
    outer, nested = layer_spans(text, spans)
    return NerExample(id, text, outer, nested)


def read_vlsp2018(path: str | Path, unit: str = "paragraph") -> Iterator[NerExample]:
    """Examples of a VLSP 2018 JSONL file (`{id, topic, text}` with inline ENAMEX tags).

    `unit="paragraph"` yields one example per non-empty line of each article (ids `doc#n`),
    the size spaCy trains on best; `unit="document"` yields whole articles.
    """
    if unit not in ("paragraph", "document"):
        raise ValueError(f"unit must be 'paragraph' or 'document', not {unit!r}")
    path = Path(path)
    with path.open(encoding="utf-8") as lines:
        for lineno, line in enumerate(lines, 1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}: "
            try:
                record = json.loads(line)
                doc_id, marked = str(record["id"]), record["text"]
            except (ValueError, KeyError, TypeError) as error:
                raise NerFormatError(f"{where}not a JSON object with 'id' and 'text' ({error})") from None
            if unit == "document":
                yield parse_enamex(marked, doc_id, where)
                continue
            number = 0
            for paragraph in marked.split("\n"):
                if paragraph.strip():
                    number += 1
                    yield parse_enamex(paragraph.strip(), f"{doc_id}#{number}", where)


def detect_format(path: str | Path) -> str:
    """'vlsp2016' or 'vlsp2018', from the file's first non-blank line; a clear error otherwise."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such NER corpus file")
    with path.open(encoding="utf-8") as lines:
        first = next((line for line in lines if line.strip()), "").lstrip()
    if first.startswith("{"):
        return "vlsp2018"
    if first.startswith(("-DOCSTART-", "<s>")):
        return "vlsp2016"
    raise NerFormatError(f"{path}:1: neither VLSP 2016 (-DOCSTART-/<s> columns) nor VLSP 2018 (JSONL) format")


READERS = {"vlsp2016": read_vlsp2016, "vlsp2018": read_vlsp2018}


def read_corpus(path: str | Path) -> Iterator[NerExample]:
    """Read either corpus natively, choosing the reader with `detect_format`."""
    return READERS[detect_format(path)](path)


# ------------------------------------------------------------------------- spaCy adapter


def annotate_doc(doc, example: NerExample) -> int:
    """Put `example`'s entities on `doc` (a tokenisation of `example.text`); return the misses.

    An entity whose edges fall inside a token cannot be a span of that tokenisation: its
    tokens are marked *missing* (neither entity nor O) so training learns nothing false from
    it. Nested entities that align go to `doc.spans["nested"]`.
    """
    if doc.text != example.text:
        raise ValueError(f"{example.id}: the Doc's text differs from the example's text")
    entities, missing = [], []
    for span in example.entities:
        aligned = doc.char_span(span.start, span.end, label=span.label)
        if aligned is None:
            missing.append(doc.char_span(span.start, span.end, alignment_mode="expand"))
        else:
            entities.append(aligned)
    # Tokens under a missed entity are missing as a whole, even where an aligned one touches them.
    unknown = {i for span in missing for i in range(span.start, span.end)}
    entities = [e for e in entities if not unknown.intersection(range(e.start, e.end))]
    doc.set_ents(entities, missing=[doc[i : i + 1] for i in sorted(unknown)], default="outside")
    doc.spans["nested"] = [
        s for s in (doc.char_span(n.start, n.end, label=n.label) for n in example.nested) if s is not None
    ]
    return len(missing)


def doc_from_words(vocab, text: str, words: Sequence[tuple[int, int]]):
    """A Doc of `text` with the given word spans (gold segmentation), whitespace kept exactly."""
    from spacy.tokens import Doc

    tokens: list[str] = []
    spaces: list[bool] = []
    position = 0
    for start, end in [*words, (len(text), len(text))]:
        gap = text[position:start]
        if gap and tokens and not spaces[-1] and gap[0] == " ":
            spaces[-1], gap = True, gap[1:]
        if gap:
            tokens.append(gap)
            spaces.append(False)
        if end > start:
            tokens.append(text[start:end])
            spaces.append(False)
        position = end
    return Doc(vocab, words=tokens, spaces=spaces)


# ---------------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class LabelScore(PrecisionRecallF1):
    """Exact-match counts and P/R/F1 of one label (or a micro-average over several)."""

    label: str
    true_positives: int
    predicted: int
    gold: int

    def counts(self) -> tuple[int, int, int]:
        return self.true_positives, self.predicted, self.gold


def score_entities(
    pairs: Iterable[tuple[Iterable[EntitySpan], Iterable[EntitySpan]]],
    micro: Sequence[str] = SCORED_LABELS,
) -> dict[str, LabelScore]:
    """Per-label exact character-span scores over (gold, predicted) pairs, plus `micro`.

    The key "micro" is the micro-average over the labels in `micro` (PER/LOC/ORG by default).

    >>> gold = [EntitySpan(0, 3, "PER"), EntitySpan(8, 14, "LOC")]
    >>> pred = [EntitySpan(0, 3, "PER"), EntitySpan(8, 12, "LOC")]
    >>> scores = score_entities([(gold, pred)])
    >>> round(scores["micro"].f1, 2), scores["PER"].f1, scores["LOC"].f1
    (0.5, 1.0, 0.0)
    """
    counts: dict[str, list[int]] = {}
    for gold, predicted in pairs:
        gold_set, predicted_set = set(gold), set(predicted)
        for span in gold_set | predicted_set:
            row = counts.setdefault(span.label, [0, 0, 0])
            row[0] += span in gold_set and span in predicted_set
            row[1] += span in predicted_set
            row[2] += span in gold_set
    scores = {label: LabelScore(label, *row) for label, row in sorted(counts.items())}
    totals = [sum(counts.get(label, [0, 0, 0])[i] for label in micro) for i in range(3)]
    scores["micro"] = LabelScore("micro", *totals)
    return scores


def doc_entities(doc, labels: Sequence[str] = LABELS) -> list[EntitySpan]:
    """The character spans of `doc.ents` whose label is one of `labels`."""
    return [EntitySpan(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in labels]


def spellings(word: str) -> tuple[str, ...]:
    """How news writes a lower-cased word: as is, Sentence case, Title Case, UPPER CASE.

    >>> spellings("hải phòng")
    ('hải phòng', 'Hải phòng', 'Hải Phòng', 'HẢI PHÒNG')
    """
    forms = (word, word[:1].upper() + word[1:], " ".join(s[:1].upper() + s[1:] for s in word.split(" ")), word.upper())
    return tuple(dict.fromkeys(forms))


def word_vectors(vocab, words: Sequence[str], table) -> None:
    """Set `vocab.vectors` to `table` (one row per lower-cased word), a key for each spelling.

    The vectors are looked up by the text as written (ORTH): spaCy 3.8 saves another key
    attribute only for floret tables, so every usual spelling of a word points at its one row.
    """
    import numpy
    from spacy.vectors import Vectors

    table = numpy.ascontiguousarray(table, dtype=numpy.float32)
    vocab.reset_vectors(width=table.shape[1])
    vectors = Vectors(strings=vocab.strings, data=table, keys=[vocab.strings.add(w) for w in words])
    for row, word in enumerate(words):
        for form in spellings(word)[1:]:
            vectors.add(vocab.strings.add(form), row=row)
    vocab.vectors = vectors
