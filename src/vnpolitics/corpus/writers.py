"""Write annotation records as shard files: JSON lines, Parquet, spaCy DocBin, CoNLL-U.

Each format writes one file per shard in its own folder of the output (``jsonl/``,
``parquet/``, ``docbin/``, ``conllu/``), so ``pandas.read_parquet("out/parquet")`` reads the
whole corpus. A file is written under a temporary name (``.part-00003.parquet.tmp``, which
readers of the folder skip) and renamed when complete: a shard file that exists is whole.

>>> import tempfile, pathlib, json
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> record = {"schema": "vnpolitics.annotation/1", "id": "a", "text": "Thành ủy Hải Phòng",
...           "tokens": [{"start": 0, "end": 8, "tag": "N", "pos": "NOUN"},
...                      {"start": 9, "end": 18, "tag": "Np", "pos": "PROPN"}],
...           "sentences": [[0, 18]], "errors": [],
...           "entities": [{"start": 9, "end": 18, "label": "LOC", "text": "Hải Phòng"}]}
>>> path = write_shard_file("conllu", folder, 0, [record])
>>> path.read_text(encoding="utf-8").splitlines()[-2].split("\\t")
['2', 'Hải Phòng', '_', 'PROPN', 'Np', '_', '_', '_', '_', 'NER=B-LOC|TokenRange=9:18']
"""
from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from ..record import ALL_FIELDS as FIELDS, ALWAYS, DEFAULT_FIELDS  # the record's parts (SCHEMA.md)


@dataclass(frozen=True)
class Format:
    """An output format: its folder and file suffix, the record fields it needs, its writer."""

    name: str
    suffix: str
    needs: tuple[str, ...]
    write: Callable[[Path, Sequence[dict[str, Any]], Sequence[str]], None]

    def path(self, out_dir: Path, shard: int) -> Path:
        return Path(out_dir) / self.folder / shard_name(shard, self.suffix)

    @property
    def folder(self) -> str:
        return self.name.split(".")[0]


def shard_name(shard: int, suffix: str) -> str:
    return f"part-{shard:05d}{suffix}"


def select_fields(record: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The record with only the always-written keys and ``fields``, in SCHEMA order."""
    keep = set(ALWAYS) | set(fields)
    return {k: v for k, v in record.items() if k in keep}


def parse_fields(spec: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"entities,doc_refs"`` or ``"all"`` -> the fields, checked; None -> the default."""
    if spec is None:
        return DEFAULT_FIELDS
    names = [n.strip() for n in (spec.split(",") if isinstance(spec, str) else spec) if n.strip()]
    if names == ["all"]:
        return FIELDS
    unknown = [n for n in names if n not in FIELDS and n not in ALWAYS]
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}; choose from {', '.join(FIELDS)} or 'all'")
    return tuple(n for n in FIELDS if n in names)


def write_atomically(path: Path, write: Callable[[Path], None]) -> Path:
    """Write ``path`` through a hidden temporary file in the same folder, then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    write(temporary)
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return path


def write_shard_file(format_name: str, out_dir: Path, shard: int, records: Sequence[dict[str, Any]],
                     fields: Sequence[str] = DEFAULT_FIELDS) -> Path:
    """Write the shard's records in one format; JSON lines and Parquet keep only ``fields``."""
    fmt = FORMATS[format_name]
    return write_atomically(fmt.path(Path(out_dir), shard), lambda p: fmt.write(p, records, fields))


# --- JSON lines ------------------------------------------------------------------------------


def _jsonl_lines(records: Sequence[dict[str, Any]], fields: Sequence[str]) -> Iterable[str]:
    for record in records:
        yield json.dumps(select_fields(record, fields), ensure_ascii=False) + "\n"


def _write_jsonl(path: Path, records: Sequence[dict[str, Any]], fields: Sequence[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.writelines(_jsonl_lines(records, fields))


def _write_jsonl_gz(path: Path, records: Sequence[dict[str, Any]], fields: Sequence[str]) -> None:
    # mtime=0: the same records give the same bytes, run after run.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        for line in _jsonl_lines(records, fields):
            out.write(line.encode("utf-8"))


# --- Parquet ---------------------------------------------------------------------------------


def arrow_schema(fields: Iterable[str] | None = None):
    """The Arrow schema of a record (SCHEMA.md, version 1) with the given fields.

    Nested parts are structs and lists of structs; ``meta`` (free-form) is a JSON string;
    topic scores are a map from label to score.
    """
    import pyarrow as pa

    pair = pa.list_(pa.int32())
    span = [("start", pa.int32()), ("end", pa.int32())]
    entity = pa.struct([*span, ("label", pa.string()), ("text", pa.string())])
    columns = {
        "schema": pa.string(), "id": pa.string(), "text": pa.string(), "meta": pa.string(),
        "article": pa.struct([("title", pa.string()), ("author", pa.string()),
                              ("published", pa.string()), ("section", pa.string()),
                              ("body", pa.list_(pair)), ("captions", pa.list_(pair)),
                              ("boilerplate", pa.list_(pair))]),
        "sentences": pa.list_(pair),
        "tokens": pa.list_(pa.struct([*span, ("tag", pa.string()), ("pos", pa.string())])),
        "entities": pa.list_(entity),
        "nested": pa.list_(entity),
        "doc_refs": pa.list_(pa.struct([
            *span, ("text", pa.string()), ("code", pa.string()), ("code_span", pair),
            ("system", pa.string()), ("number", pa.string()), ("year", pa.string()),
            ("type", pa.string()), ("type_name", pa.string()), ("issuer", pa.string()),
            ("issuer_name", pa.string()), ("issuer_span", pair), ("issuer_resolved", pa.string()),
            ("date", pa.string()), ("subject", pa.string()), ("refers_to", pa.int32())])),
        "officials": pa.list_(pa.struct([
            ("name", pa.string()), ("name_span", pair), ("honorific", pa.string()),
            ("positions", pa.list_(pa.struct([("title", pa.string()), ("organization", pa.string()),
                                             ("span", pair)])))])),
        "topic": pa.struct([("label", pa.string()), ("scores", pa.map_(pa.string(), pa.float64()))]),
        "errors": pa.list_(pa.string()),
    }
    keep = set(ALWAYS) | set(FIELDS if fields is None else fields)
    return pa.schema([(name, kind) for name, kind in columns.items() if name in keep])


def _coerce(value: Any, kind) -> Any:
    """``value`` shaped for the Arrow type ``kind`` (numbers as text where text is expected)."""
    import pyarrow as pa

    if value is None:
        return None
    if pa.types.is_string(kind):
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False) if isinstance(value, (dict, list)) else str(value)
    if pa.types.is_integer(kind):
        return int(value) if isinstance(value, (int, float)) else None
    if pa.types.is_floating(kind):
        return float(value) if isinstance(value, (int, float)) else None
    if pa.types.is_map(kind):
        return [(str(k), _coerce(v, kind.item_type)) for k, v in dict(value).items()]
    if pa.types.is_list(kind):
        return [_coerce(v, kind.value_type) for v in value]
    if pa.types.is_struct(kind):
        return {kind.field(i).name: _coerce(value.get(kind.field(i).name), kind.field(i).type)
                for i in range(kind.num_fields)} if isinstance(value, dict) else None
    return value


def records_to_table(records: Sequence[dict[str, Any]], fields: Iterable[str] = DEFAULT_FIELDS):
    """A pyarrow Table of the records, with :func:`arrow_schema`'s columns for ``fields``
    (the same columns in every shard, so that a folder of shards reads as one table)."""
    import pyarrow as pa

    schema = arrow_schema(fields)
    columns = [pa.array([_coerce(r.get(f.name), f.type) for r in records], type=f.type) for f in schema]
    return pa.Table.from_arrays(columns, schema=schema)


def _write_parquet(path: Path, records: Sequence[dict[str, Any]], fields: Sequence[str]) -> None:
    import pyarrow.parquet as pq

    pq.write_table(records_to_table(records, fields), path, compression="zstd")


# --- spaCy DocBin ----------------------------------------------------------------------------


def record_to_doc(record: dict[str, Any], vocab=None):
    """A spaCy Doc rebuilt from a record with tokens: words, tags, sentences, entities, spans.

    Whitespace between tokens other than one space becomes whitespace tokens, so ``doc.text``
    equals the record's text; the record's other parts are in ``doc.user_data["vnpolitics"]``.
    """
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    text, tokens = record["text"], record.get("tokens")
    if tokens is None:
        raise ValueError(f"record {record.get('id')!r} has no tokens; annotate with the 'tokens' field")
    words: list[str] = []
    spaces: list[bool] = []
    annotated: list[tuple[int, dict[str, Any]]] = []

    def add_gap(gap: str) -> None:
        if gap.startswith(" ") and words and not spaces[-1]:
            spaces[-1] = True
            gap = gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)

    position = 0
    for token in tokens:
        add_gap(text[position:token["start"]])
        annotated.append((len(words), token))
        words.append(text[token["start"]:token["end"]])
        spaces.append(False)
        position = token["end"]
    add_gap(text[position:])
    doc = Doc(vocab or Vocab(), words=words, spaces=spaces)
    for index, token in annotated:
        if token.get("tag"):
            doc[index].tag_ = token["tag"]
        if token.get("pos"):
            try:
                doc[index].pos_ = token["pos"]
            except (KeyError, ValueError):
                pass  # not a UPOS tag; the VLSP tag is kept in tag_
    sentence_starts = {start for start, _ in record.get("sentences") or []}
    if sentence_starts:
        for token in doc:
            token.is_sent_start = token.i == 0 or token.idx in sentence_starts
    doc.set_ents([s for s in (_char_span(doc, e) for e in record.get("entities") or []) if s is not None])
    doc.spans["nested"] = [s for s in (_char_span(doc, e) for e in record.get("nested") or []) if s is not None]
    doc.spans["doc_refs"] = [s for s in (_char_span(doc, dict(r, label="DOC_REF"))
                                         for r in record.get("doc_refs") or []) if s is not None]
    topic = record.get("topic") or {}
    doc.cats = dict(topic.get("scores") or {})
    doc.user_data["vnpolitics"] = {k: v for k, v in record.items()
                                   if k not in ("text", "tokens", "sentences", "entities", "nested")}
    return doc


def _char_span(doc, item: dict[str, Any]):
    return doc.char_span(item["start"], item["end"], label=item.get("label", ""), alignment_mode="expand")


def _write_docbin(path: Path, records: Sequence[dict[str, Any]], fields: Sequence[str] = ()) -> None:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    vocab = Vocab()
    docbin = DocBin(attrs=["ORTH", "TAG", "POS", "SENT_START", "ENT_IOB", "ENT_TYPE", "SPACY"],
                    store_user_data=True)
    for record in records:
        docbin.add(record_to_doc(record, vocab))
    docbin.to_disk(path)


# --- CoNLL-U ---------------------------------------------------------------------------------


def record_to_conllu(record: dict[str, Any]) -> str:
    """The record's tokens as CoNLL-U: FORM (words keep their inner spaces, as in UD VTB),
    UPOS, XPOS (VLSP tag), and in MISC the entity as BIO (``NER=B-PER``), ``SpaceAfter=No``
    and the character offsets (``TokenRange=start:end``)."""
    if record.get("tokens") is None:
        raise ValueError(f"record {record.get('id')!r} has no tokens; annotate with the 'tokens' field")
    text = record["text"]
    tokens = [t for t in record["tokens"] if text[t["start"]:t["end"]].strip()]
    bio = _bio(tokens, record.get("entities") or [])
    groups = _sentence_groups(tokens, record.get("sentences") or [])
    lines = [f"# newdoc id = {record['id']}"]
    for number, group in enumerate(groups, start=1):
        first, last = tokens[group[0]], tokens[group[-1]]
        lines.append(f"# sent_id = {record['id']}-{number}")
        lines.append("# text = " + " ".join(text[first["start"]:last["end"]].split()))
        for n, i in enumerate(group, start=1):
            token = tokens[i]
            form = " ".join(text[token["start"]:token["end"]].split())
            misc = [f"NER={bio[i]}"]
            if i + 1 < len(tokens) and tokens[i + 1]["start"] == token["end"]:
                misc.append("SpaceAfter=No")
            misc.append(f"TokenRange={token['start']}:{token['end']}")
            lines.append("\t".join([str(n), form, "_", token.get("pos") or "_", token.get("tag") or "_",
                                    "_", "_", "_", "_", "|".join(misc)]))
        lines.append("")
    return "\n".join(lines) + "\n"


def _bio(tokens: list[dict[str, Any]], entities: list[dict[str, Any]]) -> list[str]:
    tags = ["O"] * len(tokens)
    for entity in entities:
        inside = [i for i, t in enumerate(tokens) if t["start"] < entity["end"] and t["end"] > entity["start"]]
        for n, i in enumerate(inside):
            tags[i] = ("B-" if n == 0 else "I-") + entity["label"]
    return tags


def _sentence_groups(tokens: list[dict[str, Any]], sentences: list[list[int]]) -> list[list[int]]:
    if not tokens:
        return []
    starts = sorted(start for start, _ in sentences)
    groups: list[list[int]] = []
    current_sentence = None
    for i, token in enumerate(tokens):
        sentence = sum(1 for s in starts if s <= token["start"])  # index of the sentence holding it
        if not groups or sentence != current_sentence:
            groups.append([])
            current_sentence = sentence
        groups[-1].append(i)
    return groups


def _write_conllu(path: Path, records: Sequence[dict[str, Any]], fields: Sequence[str] = ()) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for record in records:
            out.write(record_to_conllu(record))


FORMATS: dict[str, Format] = {
    "jsonl": Format("jsonl", ".jsonl", (), _write_jsonl),
    "jsonl.gz": Format("jsonl.gz", ".jsonl.gz", (), _write_jsonl_gz),
    "parquet": Format("parquet", ".parquet", (), _write_parquet),
    "docbin": Format("docbin", ".spacy", ("tokens", "sentences", "entities", "nested", "doc_refs", "topic"),
                     _write_docbin),
    "conllu": Format("conllu", ".conllu", ("tokens", "sentences", "entities"), _write_conllu),
}
DEFAULT_FORMATS = ("jsonl.gz", "parquet")


def parse_formats(spec: str | Sequence[str] | None) -> tuple[str, ...]:
    """``"jsonl.gz,parquet"`` -> the formats, checked; None -> the default (JSONL.gz and Parquet)."""
    if spec is None:
        return DEFAULT_FORMATS
    names = [n.strip() for n in (spec.split(",") if isinstance(spec, str) else spec) if n.strip()]
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise ValueError(f"unknown format(s) {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    folders = [FORMATS[n].folder for n in names]
    if len(set(folders)) < len(folders):
        raise ValueError("choose one of jsonl and jsonl.gz")
    return tuple(dict.fromkeys(names))
