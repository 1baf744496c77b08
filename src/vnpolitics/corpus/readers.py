"""Read a corpus as a stream of documents, each knowing where it came from.

Inputs: folders of ``.txt`` files (recursive, filtered by a glob), ``.txt`` files, JSON lines
(``.jsonl``, ``.jsonl.gz``), CSV and Parquet. Text files are decoded from UTF-8 (with or
without a BOM), UTF-16 (VNTC's raw files) or Windows-1258 (NFC-composed); the legacy font
encodings TCVN3 (ABC) and VNI are recognised and rejected with a message saying so.

A problem with one document (a line that is not JSON, a file that cannot be decoded) is
yielded as a :class:`ReadError` in the document's place, so that the run goes on and the
problem is reported with its file and line.

>>> import json, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.jsonl").write_text(json.dumps(
...     {"id": "21395276", "title": "Hội nghị Trung ương 4", "sapo": "Sáng 9/10", "body": "..."},
...     ensure_ascii=False) + "\\n", encoding="utf-8")
>>> [doc] = read_corpus([folder / "a.jsonl"])
>>> doc.id, doc.text.split("\\n\\n")[0], doc.location.line
('21395276', 'Hội nghị Trung ương 4', 1)
"""
from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import sys
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

# When a record has no text field, these fields (present and non-empty) are joined by a blank
# line: the layout of news-2017 (`title`, `sapo` = lead paragraph, `body`).
ARTICLE_FIELDS = ("title", "sapo", "body")
DEFAULT_TEXT_FIELD = "text"
DEFAULT_ID_FIELD = "id"
DEFAULT_GLOB = "**/*.txt"
TEXT_SUFFIXES = (".txt",)
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
CSV_SUFFIXES = (".csv", ".csv.gz")
PARQUET_SUFFIXES = (".parquet",)
STDIN = "-"


class CorpusError(Exception):
    """A problem with the inputs or the output folder as a whole (one line, no traceback)."""


@dataclass(frozen=True)
class Location:
    """Where a document was read: the file, and the line (JSONL, CSV) or row (Parquet)."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True)
class InputDoc:
    """One document to annotate: its id, its text exactly as decoded, its metadata."""

    id: str
    text: str
    location: Location
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReadError:
    """A document (or the rest of a file) that could not be read, in the document's place."""

    id: str
    location: Location
    reason: str


# --- encodings --------------------------------------------------------------------------------

# Frequent words as they look when TCVN3 or VNI bytes are read as Windows-1252: "của", "là",
# "và", "các", "đã", "Việt", "những", "người", "năm", "một", "được", "Đảng".
_TCVN3_WORDS = re.compile(
    r"(?<!\w)(?:cña|lµ|vµ|c¸c|®·|ViÖt|nh÷ng|ng\x88êi|ng−êi|n¨m|mét|®\x88îc|®−îc|§¶ng|cho|®Õn)(?!\w)"
)
_VNI_WORDS = re.compile(
    r"(?<!\w)(?:cuûa|laø|vaø|caùc|ñaõ|Vieät|nhöõng|ngöôøi|naêm|moät|ñöôïc|Ñaûng|ñeán)(?!\w)"
)
_VIETNAMESE_LETTERS = re.compile(
    "[a-zA-Zàáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ"
    "ÀÁẠẢÃÂẦẤẬẨẪĂẰẮẶẲẴÈÉẸẺẼÊỀẾỆỂỄÌÍỊỈĨÒÓỌỎÕÔỒỐỘỔỖƠỜỚỢỞỠÙÚỤỦŨƯỪỨỰỬỮỲÝỴỶỸĐ]+"
)


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Decode a text file's bytes: UTF-8 (BOM or not), UTF-16, or Windows-1258 (then NFC).

    TCVN3 and VNI, the pre-Unicode Vietnamese font encodings, are recognised and rejected with a
    :class:`UnicodeError` naming the encoding; other undecodable bytes likewise.

    >>> decode("Thành ủy".encode("utf-16"))
    'Thành ủy'
    >>> decode(b"\\xef\\xbb\\xbf" + "Hà Nội".encode("utf-8"))
    'Hà Nội'
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        utf8_error = error
    as_1252 = data.decode("cp1252", errors="replace")
    tcvn3, vni = len(_TCVN3_WORDS.findall(as_1252)), len(_VNI_WORDS.findall(as_1252))
    if tcvn3 or vni:
        encoding = "TCVN3 (ABC)" if tcvn3 >= vni else "VNI"
        raise UnicodeError(
            f"{name} is in the legacy Vietnamese font encoding {encoding}, which vnpolitics does "
            "not convert; convert it to UTF-8 first (e.g. with UniKey's converter)"
        )
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        raise UnicodeError(
            f"{name} is neither UTF-8 ({utf8_error.reason} at byte {utf8_error.start}), "
            "UTF-16 nor Windows-1258"
        ) from None
    if not _looks_vietnamese(text):
        raise UnicodeError(
            f"{name} is not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and does not "
            "read as Vietnamese in Windows-1258 either"
        )
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when every other byte is mostly NUL (Latin script in UTF-16)."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_vietnamese(text: str) -> bool:
    """Most words are spelled with Vietnamese letters only (Windows-1258 decodes anything)."""
    words = text.split()
    if not words:
        return True
    good = sum(1 for word in words if _VIETNAMESE_LETTERS.fullmatch(word.strip(".,;:!?()\"'-–…")))
    return good >= 0.6 * len(words)


# --- one reader per input kind ---------------------------------------------------------------


@dataclass(frozen=True)
class ReadOptions:
    """How to find the text and the id of a record, and which files of a folder to read."""

    text_field: str | None = None  # None: "text", else title + sapo + body
    id_field: str = DEFAULT_ID_FIELD
    glob: str = DEFAULT_GLOB


def read_corpus(inputs: Sequence[str | Path], options: ReadOptions = ReadOptions()) -> Iterator[InputDoc | ReadError]:
    """Every document of the inputs, in a stable order (files sorted within a folder).

    An input that does not exist, or whose kind is unknown, raises :class:`CorpusError` before
    anything is read.
    """
    sources = list(expand_inputs(inputs, options))
    for source, base in sources:
        yield from _read_source(source, base, options)


def expand_inputs(inputs: Sequence[str | Path], options: ReadOptions = ReadOptions()) -> Iterator[tuple[str, Path | None]]:
    """(file, folder it was found in) for each input file, folders expanded by the glob."""
    if not inputs:
        raise CorpusError("no input given")
    for item in inputs:
        if str(item) == STDIN:
            yield STDIN, None
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.glob(options.glob) if p.is_file())
            if not files:
                raise CorpusError(f"{path}: no file matches {options.glob!r}")
            for file in files:
                _kind(file)  # unknown kinds fail now, not half-way through
                yield str(file), path
        elif path.is_file():
            _kind(path)
            yield str(path), None
        else:
            raise CorpusError(f"{path}: no such file or folder")


def _kind(path: Path) -> str:
    name = path.name.lower()
    for kind, suffixes in (("jsonl", JSONL_SUFFIXES), ("csv", CSV_SUFFIXES),
                           ("parquet", PARQUET_SUFFIXES)):
        if name.endswith(suffixes):
            return kind
    if name.endswith(TEXT_SUFFIXES) or "." not in name:
        return "txt"
    raise CorpusError(
        f"{path}: unknown input kind (expected .txt, .jsonl, .jsonl.gz, .csv or .parquet)"
    )


def _read_source(source: str, base: Path | None, options: ReadOptions) -> Iterator[InputDoc | ReadError]:
    if source == STDIN:
        yield from _read_jsonl_lines(sys.stdin, STDIN, options)
        return
    path = Path(source)
    kind = _kind(path)
    if kind == "txt":
        yield _read_text_file(path, base)
    elif kind == "jsonl":
        yield from _read_jsonl(path, options)
    elif kind == "csv":
        yield from _read_csv(path, options)
    else:
        yield from _read_parquet(path, options)


def _text_file_id(path: Path, base: Path | None) -> str:
    relative = path.relative_to(base) if base is not None else Path(path.name)
    return relative.with_suffix("").as_posix() if relative.suffix else relative.as_posix()


def _read_text_file(path: Path, base: Path | None) -> InputDoc | ReadError:
    location = Location(str(path))
    doc_id = _text_file_id(path, base)
    try:
        text = decode(path.read_bytes(), str(path))
    except (OSError, UnicodeError) as error:
        return ReadError(doc_id, location, str(error))
    return InputDoc(doc_id, text, location, {"source": str(path)})


def _open_text(path: Path) -> io.TextIOBase:
    if path.name.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _read_jsonl(path: Path, options: ReadOptions) -> Iterator[InputDoc | ReadError]:
    with _open_text(path) as stream:
        yield from _read_jsonl_lines(stream, str(path), options)


def _read_jsonl_lines(stream: Iterable[str], name: str, options: ReadOptions) -> Iterator[InputDoc | ReadError]:
    stem = _stem(name)
    number = 0
    try:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            location = Location(name, number)
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield ReadError(f"{stem}:{number}", location, f"not JSON: {error.msg} at column {error.colno}")
                continue
            yield record_to_input(record, location, f"{stem}:{number}", options)
    except (OSError, EOFError, UnicodeDecodeError, zlib.error) as error:
        # A truncated .gz or bytes that are not UTF-8: the rest of the file is lost, said so.
        line = number + 1
        yield ReadError(f"{stem}:{line}", Location(name, line), f"file unreadable from this line on: {error}")


def _read_csv(path: Path, options: ReadOptions) -> Iterator[InputDoc | ReadError]:
    stem = _stem(str(path))
    line = 1
    try:
        with _open_text(path) as stream:
            reader = csv.DictReader(stream)
            reader.fieldnames  # reads the header, so that line_num counts from there
            start = reader.line_num + 1
            for row in reader:
                line = start
                yield record_to_input(row, Location(str(path), start), f"{stem}:{start}", options)
                start = reader.line_num + 1
    except (OSError, EOFError, UnicodeDecodeError, zlib.error, csv.Error) as error:
        yield ReadError(f"{stem}:{line}", Location(str(path), line), f"file unreadable from this line on: {error}")


def _read_parquet(path: Path, options: ReadOptions) -> Iterator[InputDoc | ReadError]:
    import pyarrow.parquet as pq

    stem = _stem(str(path))
    row = 0
    try:
        parquet = pq.ParquetFile(path)
        for batch in parquet.iter_batches(batch_size=1024):
            for record in batch.to_pylist():
                row += 1
                yield record_to_input(record, Location(str(path), row), f"{stem}:{row}", options)
    except (OSError, ValueError) as error:  # pyarrow's ArrowInvalid is a ValueError
        yield ReadError(f"{stem}:{row + 1}", Location(str(path), row + 1), f"file unreadable from this row on: {error}")


def _stem(name: str) -> str:
    base = Path(name).name
    for suffix in (*JSONL_SUFFIXES, *CSV_SUFFIXES, *PARQUET_SUFFIXES):
        if base.lower().endswith(suffix):
            return base[: -len(suffix)]
    return base


def record_to_input(record: Any, location: Location, default_id: str, options: ReadOptions = ReadOptions()) -> InputDoc | ReadError:
    """A JSON/CSV/Parquet record as a document: the text field (or title + sapo + body), the id.

    Other scalar fields of the record are kept in ``meta``.

    >>> doc = record_to_input({"id": 7, "title": "Tiêu đề", "body": "Nội dung"}, Location("x.jsonl", 1), "x:1")
    >>> doc.id, doc.text
    ('7', 'Tiêu đề\\n\\nNội dung')
    """
    if not isinstance(record, dict):
        return ReadError(default_id, location, f"expected a JSON object, got {type(record).__name__}")
    raw_id = record.get(options.id_field)
    doc_id = default_id if raw_id in (None, "") else str(raw_id)
    text_fields = _text_fields(record, options.text_field)
    if text_fields is None:
        wanted = options.text_field or f"{DEFAULT_TEXT_FIELD!r} or {'/'.join(ARTICLE_FIELDS)}"
        return ReadError(doc_id, location, f"no text field ({wanted}) in the record")
    parts = []
    for name in text_fields:
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            return ReadError(doc_id, location, f"field {name!r} is a {type(value).__name__}, not text")
        if value:
            parts.append(value)
    used = {options.id_field, *text_fields}
    meta: dict[str, Any] = {"source": location.file}
    if location.line is not None:
        meta["line"] = location.line
    for key, value in record.items():
        if key not in used and isinstance(value, (str, int, float, bool)) and key not in meta:
            meta[key] = value
    return InputDoc(doc_id, "\n\n".join(parts), location, meta)


def _text_fields(record: dict[str, Any], text_field: str | None) -> tuple[str, ...] | None:
    """The fields whose values make the text; comma-separated names are joined by blank lines."""
    if text_field:
        names = tuple(name.strip() for name in text_field.split(",") if name.strip())
        return names if any(name in record for name in names) else None
    if DEFAULT_TEXT_FIELD in record:
        return (DEFAULT_TEXT_FIELD,)
    if any(name in record for name in ARTICLE_FIELDS):
        return ARTICLE_FIELDS
    return None


def count_documents(inputs: Sequence[str | Path], options: ReadOptions = ReadOptions()) -> int | None:
    """How many documents the inputs hold, read cheaply (for the progress bar); None for stdin."""
    total = 0
    for source, _base in expand_inputs(inputs, options):
        if source == STDIN:
            return None
        path = Path(source)
        kind = _kind(path)
        try:
            if kind == "txt":
                total += 1
            elif kind == "parquet":
                import pyarrow.parquet as pq

                total += pq.ParquetFile(path).metadata.num_rows
            elif kind == "csv":
                with _open_text(path) as stream:
                    total += sum(1 for _ in csv.DictReader(stream))
            else:
                with _open_text(path) as stream:
                    total += sum(1 for line in stream if line.strip())
        except (OSError, EOFError, UnicodeDecodeError, zlib.error, csv.Error, ValueError):
            return None  # the real read reports the problem with its line
    return total
