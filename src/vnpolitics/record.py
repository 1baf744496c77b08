"""The annotation record (`../shared/SCHEMA.md`): from a `Doc`, and for a stream of texts.

>>> import vnpolitics
>>> record = next(vnpolitics.annotate(["Kết luận số 01-KL/TW của Bộ Chính trị."]))
>>> record["schema"], [(e["text"], e["label"]) for e in record["entities"] if e["label"] == "DOC_CODE"]
('vnpolitics.annotation/1', [('01-KL/TW', 'DOC_CODE')])
"""
from __future__ import annotations

import re
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, Callable, ContextManager, Iterable, Iterator, Mapping, Sequence

if TYPE_CHECKING:  # spaCy is imported where a Doc is made, so `vnpolitics --help` starts fast
    from spacy.language import Language
    from spacy.tokens import Doc

from . import SCHEMA_VERSION
from .text.article import Article, read_article

ALL_FIELDS = ("article", "sentences", "tokens", "entities", "nested", "doc_refs", "officials", "topic", "meta")
DEFAULT_FIELDS = tuple(f for f in ALL_FIELDS if f != "tokens")
ALWAYS = ("schema", "id", "text", "errors")
# Documents longer than this are annotated in pieces cut at paragraph breaks, then stitched.
PIECE_CHARS = 100_000
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


class DocumentError(ValueError):
    """A document that cannot be annotated: names the document and the reason."""

    def __init__(self, doc_id: str, reason: str, location: str | None = None) -> None:
        self.doc_id, self.reason, self.location = doc_id, reason, location
        where = f" ({location})" if location else ""
        super().__init__(f"document {doc_id!r}{where}: {reason}")

    def to_dict(self) -> dict:
        return {"id": self.doc_id, "location": self.location, "reason": self.reason}


@dataclass
class Document:
    """One input document: its id, text and metadata (and where it came from)."""

    id: str
    text: str
    meta: dict
    location: str | None = None


def check_text(text: Any, doc_id: str, location: str | None = None) -> str:
    """The text if it can be annotated, else a `DocumentError` saying why."""
    if not isinstance(text, str):
        raise DocumentError(doc_id, f"text must be a string, got {type(text).__name__}", location)
    bad = _LONE_SURROGATE.search(text)
    if bad:
        raise DocumentError(
            doc_id, f"invalid Unicode: lone surrogate U+{ord(bad.group()):04X} at offset {bad.start()} "
            "(was the file decoded with the right encoding?)", location,
        )
    return text


def to_document(item: Any, index: int, text_field: str = "text", id_field: str = "id") -> Document:
    """An input item (a str, or a mapping with a text field) as a `Document`; ids default to the position."""
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(f"doc-{index}", check_text(item, f"doc-{index}"), {})
    if isinstance(item, Mapping):
        doc_id = str(item.get(id_field, f"doc-{index}"))
        if text_field not in item:
            raise DocumentError(doc_id, f"no {text_field!r} field (fields: {', '.join(map(str, item)) or 'none'})")
        meta = dict(item.get("meta") or {})
        meta.update({k: v for k, v in item.items() if k not in (text_field, id_field, "meta")})
        return Document(doc_id, check_text(item[text_field], doc_id), meta)
    raise DocumentError(f"doc-{index}", f"expected a str or a mapping with a {text_field!r} field, got {type(item).__name__}")


# --- Doc -> record -------------------------------------------------------------------------


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return (doc[start].idx, doc[end - 1].idx + len(doc[end - 1])) if start < end else None


def _span_dict(span) -> dict:
    return {"start": span.start_char, "end": span.end_char, "label": span.label_, "text": span.text}


def _objects(doc: Doc, name: str) -> list[dict]:
    from spacy.tokens import Doc

    if not Doc.has_extension(name):
        return []
    return [o.to_dict() if hasattr(o, "to_dict") else dict(o) for o in (getattr(doc._, name) or [])]


def _topic(doc: Doc) -> dict | None:
    if not doc.cats:
        return None
    label = max(doc.cats, key=doc.cats.get)
    return {"label": label, "scores": {k: round(float(v), 6) for k, v in doc.cats.items()}}


def doc_to_record(
    doc: Doc,
    id: str = "doc-0",
    meta: Mapping | None = None,
    *,
    text: str | None = None,
    article: Article | None = None,
    fields: Sequence[str] = DEFAULT_FIELDS,
    errors: Sequence[str] = (),
) -> dict:
    """The SCHEMA record of `doc`. `text` is the original when the Doc saw a masked view of it."""
    text = doc.text if text is None else text
    if len(text) != len(doc.text):
        raise ValueError("the original text and the annotated view differ in length")
    record: dict[str, Any] = {"schema": SCHEMA_VERSION, "id": id, "text": text}
    wanted = set(fields)
    if "meta" in wanted:
        record["meta"] = dict(meta or {})
    if "article" in wanted:
        record["article"] = article.to_dict() if article is not None else None
    if "sentences" in wanted:
        record["sentences"] = [list(s) for s in (_trimmed(doc, x.start, x.end) for x in doc.sents) if s] if doc.has_annotation("SENT_START") else []
    if "tokens" in wanted:
        record["tokens"] = [
            {"start": t.idx, "end": t.idx + len(t), "tag": t.tag_ or None, "pos": t.pos_ or None}
            for t in doc if not t.is_space
        ]
    if "entities" in wanted:
        record["entities"] = [_span_dict(e) for e in doc.ents]
    if "nested" in wanted:
        record["nested"] = [_span_dict(s) for s in doc.spans.get("nested", [])]
    if "doc_refs" in wanted:
        record["doc_refs"] = _objects(doc, "doc_refs")
    if "officials" in wanted:
        record["officials"] = _objects(doc, "officials")
    if "topic" in wanted:
        record["topic"] = _topic(doc)
    record["errors"] = list(errors)
    return record


# --- long documents: annotate in pieces, then stitch ---------------------------------------


def split_pieces(text: str, size: int | None = None) -> list[tuple[int, int]]:
    """Cut `text` into pieces of at most `size` (default `PIECE_CHARS`) characters, at
    paragraph or line breaks when possible, else at a space."""
    size = size or PIECE_CHARS
    pieces, start, n = [], 0, len(text)
    while n - start > size:
        window = text[start : start + size]
        cut = max(window.rfind("\n\n"), window.rfind("\n"))
        if cut < size // 2:
            cut = window.rfind(" ")
        cut = start + (cut + 1 if cut > 0 else size)
        pieces.append((start, cut))
        start = cut
    pieces.append((start, n))
    return pieces


def _is_span_key(key: str) -> bool:
    return key == "span" or key.endswith("_span")


def _is_span_list_key(key: str) -> bool:
    return key in ("mentions", "spans") or key.endswith("_spans")


def _shift(value: Any, by: int) -> Any:
    """A record part with every offset moved right by `by` (for stitching pieces)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("start", "end") and isinstance(item, int):
                out[key] = item + by
            elif _is_span_key(key) and isinstance(item, list) and len(item) == 2:
                out[key] = [item[0] + by, item[1] + by]
            elif _is_span_list_key(key) and isinstance(item, list):
                out[key] = [[s + by, e + by] for s, e in item]
            else:
                out[key] = _shift(item, by)
        return out
    if isinstance(value, list):
        return [_shift(v, by) for v in value]
    return value


def stitch(text: str, parts: Sequence[tuple[int, dict]], record: dict) -> dict:
    """Combine the records of pieces of `text` (each with its start offset) into `record`."""
    for key in ("sentences",):
        if key in parts[0][1]:
            record[key] = [[s + off, e + off] for off, part in parts for s, e in part[key]]
    for key in ("tokens", "entities", "nested", "officials"):
        if key in parts[0][1]:
            record[key] = [_shift(item, off) for off, part in parts for item in part[key]]
    if "doc_refs" in parts[0][1]:
        refs: list[dict] = []
        for off, part in parts:
            base = len(refs)
            for ref in part["doc_refs"]:
                ref = _shift(ref, off)
                if ref.get("refers_to") is not None:
                    ref["refers_to"] += base
                refs.append(ref)
        record["doc_refs"] = refs
    if "topic" in parts[0][1]:
        weights: dict[str, float] = {}
        total = 0
        for off, part in parts:
            topic = part.get("topic")
            if topic:
                size = len(part["text"].strip()) or 1
                total += size
                for label, score in topic["scores"].items():
                    weights[label] = weights.get(label, 0.0) + score * size
        record["topic"] = (
            {"label": max(weights, key=weights.get), "scores": {k: round(v / total, 6) for k, v in weights.items()}}
            if weights else None
        )
    return record


# --- the stream ----------------------------------------------------------------------------

OnError = Callable[[DocumentError], None]


def _raise(error: DocumentError) -> None:
    raise error


def annotate(
    items: Iterable[Any],
    *,
    nlp: Language | None = None,
    n_process: int = 1,
    batch_size: int = 32,
    fields: Sequence[str] = DEFAULT_FIELDS,
    read_articles: bool = True,
    text_field: str = "text",
    id_field: str = "id",
    on_error: OnError = _raise,
) -> Iterator[dict]:
    """Annotate texts (or mappings with a text field) and yield SCHEMA records, in order.

    read_articles: find title, byline, captions and boilerplate (`read_article`) and annotate
        only the content; the record's `text` is always the input, unchanged.
    on_error: called with a `DocumentError` for a document that cannot be annotated (the
        default raises it); the stream goes on with the next document when it returns.

    >>> records = annotate(["Chỉ thị 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.", {"id": "a2", "text": ""}])
    >>> [(r["id"], len(r["entities"]) > 0) for r in records]
    [('doc-0', True), ('a2', False)]
    """
    if nlp is None:
        from .pipeline import load

        nlp = load()
    unknown = set(fields) - set(ALL_FIELDS)
    if unknown:
        raise ValueError(f"unknown record fields {sorted(unknown)}; choose from {list(ALL_FIELDS)}")

    def jobs() -> Iterator[tuple[str, tuple]]:
        for index, item in enumerate(items):
            try:
                document = to_document(item, index, text_field, id_field)
            except DocumentError as error:
                on_error(error)
                continue
            article = read_article(document.text) if read_articles else None
            view = article.masked_text() if article is not None else document.text
            pieces = split_pieces(view)
            for number, (start, end) in enumerate(pieces):
                yield view[start:end], (document, article, start, number, len(pieces))

    parts: list[tuple[int, dict]] = []
    failed: str | None = None  # the document whose earlier piece failed

    def finish(doc: Any, context: tuple) -> list[dict]:
        """The records that `doc` (a piece of a document, or its exception) completes."""
        nonlocal parts, failed
        document, article, start, number, count = context
        try:
            if failed == document.id and number:
                return []
            if isinstance(doc, Exception):
                failed, parts = document.id, []
                raise doc
            if count == 1:
                return [doc_to_record(doc, document.id, document.meta, text=document.text, article=article, fields=fields)]
            piece_text = document.text[start : start + len(doc.text)]
            parts.append((start, doc_to_record(doc, document.id, text=piece_text, fields=fields)))
            if number < count - 1:
                return []
            record = doc_to_record(nlp.make_doc(""), document.id, document.meta, text="", article=article, fields=fields)
            record["text"] = document.text
            done, parts = stitch(document.text, parts, record), []
            return [done]
        except DocumentError as error:
            on_error(error)
        except Exception as error:  # one bad document never ends the stream
            on_error(DocumentError(document.id, f"{type(error).__name__}: {error}", document.location))
        return []

    if n_process > 1:
        for doc, context in nlp.pipe(jobs(), as_tuples=True, n_process=n_process, batch_size=batch_size):
            yield from finish(doc, context)
        return
    iterator = jobs()
    while batch := list(islice(iterator, batch_size)):
        # Strings and lexemes of the batch's Docs are freed with them: memory stays flat over
        # millions of documents (records are plain Python, made inside the zone).
        with memory_zone(nlp):
            records = [record for doc, context in _pipe_batch(nlp, batch, batch_size) for record in finish(doc, context)]
        yield from records


def memory_zone(nlp: Language) -> ContextManager:
    """`nlp.memory_zone()` (spaCy >= 3.8): the strings and lexemes first seen inside it are
    forgotten when it ends, and so are its Docs."""
    zone = getattr(nlp, "memory_zone", None)
    return zone() if zone is not None else nullcontext()


def _pipe_batch(nlp: Language, batch: list[tuple[str, Any]], batch_size: int) -> list[tuple[Any, Any]]:
    """`nlp.pipe` over (text, context) pairs; a batch that fails is redone one text at a time,
    and the text that fails comes out as its exception instead of a Doc."""
    try:
        return list(nlp.pipe(batch, as_tuples=True, batch_size=batch_size))
    except Exception:
        done: list[tuple[Any, Any]] = []
        for text, context in batch:
            try:
                done.append((nlp(text), context))
            except Exception as error:
                done.append((error, context))
        return done
