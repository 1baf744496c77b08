"""Search over annotated corpora: an embedded SQLite index with entity, document and topic facets.

`build_index(records, db)` stores annotation records (see SCHEMA.md) in one SQLite file: the
documents, an FTS5 index of their text folded to plain letters ("nghi quyet" finds "nghị
quyết", "dang" finds "Đảng"), the entities, the document citations (canonical codes, with short
references counted for the code they resolve to), the officials with their positions, and the
topics. Exact search (`exact=True`, which keeps "Hà" apart from "Hạ") takes the folded index's
candidates and keeps those whose stored text holds the query's words with their diacritics: a
second, exact FTS index would double both the build time and its size. Building is incremental and idempotent by
document id: a record already indexed with the same content is skipped, a changed one replaces
the old rows.

`Corpus(db)` opens the file read-only and answers queries; user text only ever reaches SQLite as
a bound parameter or as a quoted FTS5 string built by `parse_query`.

>>> import tempfile, os
>>> text = "Kết luận số 01-KL/TW của Bộ Chính trị về tiếp tục thực hiện Chỉ thị 05-CT/TW."
>>> record = {"schema": "vnpolitics.annotation/1", "id": "kl-01", "text": text, "errors": [],
...           "entities": [{"start": 12, "end": 20, "label": "DOC_CODE", "text": "01-KL/TW"},
...                        {"start": 25, "end": 37, "label": "ORG", "text": "Bộ Chính trị"}]}
>>> db = os.path.join(tempfile.mkdtemp(), "corpus.db")
>>> build_index([record], db).added
1
>>> corpus = Corpus(db)
>>> corpus.search("ket luan", code="01-kl/tw")[["id", "snippet"]].values.tolist()
[['kl-01', '[Kết luận] số 01-KL/TW của Bộ Chính trị về tiếp tục thực hiện Chỉ thị 05-CT/TW.']]
>>> corpus.close()
"""
from __future__ import annotations

import hashlib
import itertools
import json
import os
import pickle
import re
import sqlite3
import sys
import threading
import unicodedata
import zlib
from array import array as array_t
from bisect import bisect_right
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
import functools
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from queue import Empty
from typing import Any, NamedTuple

import msgspec
import pandas as pd

__all__ = [
    "INDEX_VERSION",
    "QueryError",
    "Term",
    "Query",
    "parse_query",
    "fold",
    "code_key",
    "code_keys",
    "name_key",
    "IndexStats",
    "Hit",
    "build_index",
    "annotated_files",
    "read_records",
    "AnnotatedLines",
    "JsonLine",
    "default_workers",
    "Corpus",
]

INDEX_VERSION = "vnpolitics.search/3"
MAX_QUERY_CHARS = 20_000
MAX_QUERY_SYLLABLES = 2_000
SNIPPET_WORDS = 36
FACETS_IN_SQL = 100  # up to this many matching articles, facets are counted by SQL joins
_CHARS_PER_WORD = 6  # a Vietnamese syllable and its space, on average (news text)


class QueryError(ValueError):
    """A query or filter that cannot be run, with the reason in one line."""


# --- folding: one character in, one character out, so offsets survive ----------------------


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base.isascii() and base.isalpha():
            table[code] = base.lower()
    for upper in range(ord("A"), ord("Z") + 1):
        table[upper] = chr(upper).lower()
    table.update({ord("đ"): "d", ord("Đ"): "d", ord("Ð"): "d", ord("ð"): "d"})
    return table


_FOLD = _fold_table()


def _letter_classes() -> dict[str, str]:
    """Folded letter -> a regex class of every letter that folds to it ("d" -> "[dđĐ...]")."""
    forms: dict[str, set[str]] = {}
    for code, base in _FOLD.items():
        forms.setdefault(base, {base}).add(chr(code))
    return {base: "[" + "".join(sorted(chars)) + "]" for base, chars in forms.items()}


_LETTER_CLASS = _letter_classes()


def fold(text: str) -> str:
    """Lower-case `text` and strip Vietnamese diacritics (đ → d), keeping its length.

    >>> fold("Nghị quyết Đảng ủy Hạ Long")
    'nghi quyet dang uy ha long'
    """
    return text.translate(_FOLD)


_SPACES = re.compile(r"\s+")
_CODE_JUNK = re.compile(r"[\s\u00a0]+")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                         "\u2212": "-"})


def code_key(code: str) -> str:
    """The key a document code is matched by: no spaces, plain dashes, Đ → D, upper case.

    >>> code_key("28- nq/tu") == code_key("28-NQ/TU")
    True
    >>> code_key("100/2019/ND-CP") == code_key("100/2019/NĐ-CP")
    True
    """
    # Only Đ folds (news often drop its stroke); "TƯ" is not "TU" (Tỉnh ủy), so no other diacritic does.
    return _CODE_JUNK.sub("", unicodedata.normalize("NFC", code).translate(_DASHES)).upper().replace("Đ", "D")


def code_keys(code: str) -> list[str]:
    """The keys to look a user's code up by: as typed, and as `vnpolitics.codes` canonicalises
    it ("09/NQ-TW" is the Party code 09-NQ/TW, "05-CT/TƯ" is 05-CT/TW).

    >>> code_keys("05-CT/TƯ")
    ['05-CT/TƯ', '05-CT/TW']
    >>> code_keys("28-NQ/TU")
    ['28-NQ/TU']
    """
    from .codes import parse_code

    keys = [code_key(code)]
    parsed = parse_code(code.strip())
    if parsed is not None and code_key(parsed.canonical) not in keys:
        keys.append(code_key(parsed.canonical))
    return keys


def name_key(name: str) -> str:
    """The key a name is matched by: folded, single spaces.

    >>> name_key("  Lê Trung   Kiên ")
    'le trung kien'
    """
    return " ".join(fold(unicodedata.normalize("NFC", name)).split())  # as re.sub(r"\s+", " ", ...).strip()


def _exact_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).lower().split())


# --- the query language --------------------------------------------------------------------

# A syllable as SQLite's unicode61 tokenizer sees it: a run of letters, digits and marks.
_SYLLABLE = re.compile(r"[^\W_]+(?:[\u0300-\u036f][^\W_]*)*")
_QUERY_PIECE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    """One searchable unit: a syllable sequence that must appear in order (a phrase).

    `prefix` makes the last syllable a prefix; `negated` excludes documents that contain it.
    """

    syllables: tuple[str, ...]
    prefix: bool = False
    negated: bool = False

    def fts(self, exact: bool = False) -> str:
        """The FTS5 expression for this term: only quoted strings, never user syntax."""
        words = [s.lower() if exact else fold(s) for s in self.syllables]
        expr = " + ".join('"' + w.replace('"', '""') + '"' for w in words)
        return expr + (" *" if self.prefix else "")

    def pattern(self, exact: bool) -> str:
        """A regular expression finding this term in the original text (case-insensitive use);
        unless `exact`, each letter stands for all its diacritic forms ("dang" finds "Đảng").

        >>> re.search(Term(("dang",)).pattern(False), "Ban chấp hành Đảng bộ, Đảng viên", re.I).span()
        (14, 18)
        """
        words = [re.escape(s) if exact else "".join(_LETTER_CLASS.get(ch, re.escape(ch)) for ch in fold(s))
                 for s in self.syllables]
        tail = r"[^\W_]*" if self.prefix else r"(?![^\W_])"
        # The first syllable, then a look back that no letter comes before it: a pattern that
        # starts with its letters lets the regex engine skip ahead (about 2.3x faster).
        return words[0] + r"(?<![^\W_]" + words[0] + ")" + "".join(r"[\W_]+" + w for w in words[1:]) + tail


@dataclass(frozen=True)
class Query:
    """A parsed text query: groups joined by AND, each group a list of alternatives (OR)."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups)

    def fts(self, excluded: bool = True, exact: bool = False) -> str:
        """The FTS5 MATCH expression (every user word inside quotes), folded unless `exact`.

        `excluded=False` leaves out the `-` terms (exact search without an exact index checks
        those in the text itself: excluding folded "-Hạ" would also drop articles that say "Hà").
        """
        parts = []
        for group in self.groups:
            alternatives = [term.fts(exact) for term in group]
            parts.append(alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")")
        expr = " AND ".join(parts)
        if self.phrase is not None:
            # Same matches (the phrase holds every word), but BM25 adds the phrase's score:
            # articles with the words together rank first.
            expr = f"({expr}) OR ({self.phrase.fts(exact)})"
        for term in self.excluded if excluded else ():
            expr = f"({expr}) NOT {term.fts(exact)}"
        return expr

    @cached_property
    def phrase(self) -> Term | None:
        """The query's words as one phrase, when it is several plain words ("chi thi 05")."""
        if not 2 <= len(self.groups) <= 8 or any(len(g) != 1 for g in self.groups):
            return None
        terms = [g[0] for g in self.groups]
        if any(t.prefix for t in terms[:-1]):
            return None
        return Term(tuple(s for t in terms for s in t.syllables), prefix=terms[-1].prefix)

    def highlights(self, exact: bool = False) -> list[re.Pattern[str]]:
        """Patterns to highlight with, best first: the whole phrase, then any term."""
        patterns = [re.compile(self.phrase.pattern(exact), re.IGNORECASE)] if self.phrase else []
        whole = self.regex(exact)
        return patterns + ([whole] if whole else [])

    def regex(self, exact: bool = False) -> re.Pattern[str] | None:
        """One pattern finding any of the query's terms, for highlighting."""
        terms = [term for group in self.groups for term in group]
        if not terms:
            return None
        # Longer terms first, so a phrase wins over one of its syllables.
        terms.sort(key=lambda t: -sum(map(len, t.syllables)))
        return re.compile("|".join(t.pattern(exact) for t in terms), re.IGNORECASE)

    @cached_property
    def _exact_patterns(self) -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
        groups = tuple(re.compile("|".join(t.pattern(True) for t in g), re.IGNORECASE) for g in self.groups)
        excluded = tuple(re.compile(t.pattern(True), re.IGNORECASE) for t in self.excluded)
        return groups, excluded

    def matches_exactly(self, *texts: str) -> bool:
        """Whether `texts` hold every group and no excluded term, diacritics as written.

        >>> q = parse_query("Hạ Long")
        >>> q.matches_exactly("Thành ủy Hạ Long"), q.matches_exactly("Hà Long")
        (True, False)
        """
        groups, excluded = self._exact_patterns
        return (all(any(p.search(t) for t in texts) for p in groups)
                and not any(p.search(t) for p in excluded for t in texts))


def parse_query(text: str) -> Query:
    """Parse a search box query into a `Query`.

    Words are ANDed; `"…"` is a phrase; a trailing `*` makes the last syllable a prefix; `OR`
    between two terms makes alternatives; a leading `-` excludes a term. Punctuation inside a word
    joins its syllables into a phrase, so `28-NQ/TU` is the phrase "28 NQ TU". Everything else —
    quotes, NEAR, AND, `--`, `;`, SQL — is text to look for.

    >>> parse_query('"nghị quyết" 28-NQ/TU OR 05-ct/tw Đảng* -Hạ').fts()
    '("nghi" + "quyet" AND ("28" + "nq" + "tu" OR "05" + "ct" + "tw") AND "dang" *) NOT "ha"'
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    text = unicodedata.normalize("NFC", text)
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    pending_or = False
    n_syllables = 0
    for match in _QUERY_PIECE.finditer(text):
        quoted_neg, quoted, bare = match.group(1), match.group(2), match.group(3)
        negated = bool(quoted_neg)
        if bare is not None:
            if bare == "OR":
                pending_or = bool(groups)
                continue
            negated = bare.startswith("-") and len(bare) > 1
            body = bare[1:] if negated else bare
            prefix = body.endswith("*")
        else:
            body, prefix = quoted, quoted.rstrip().endswith("*")
        syllables = tuple(_SYLLABLE.findall(body))
        if not syllables:
            continue
        n_syllables += len(syllables)
        if n_syllables > MAX_QUERY_SYLLABLES:
            raise QueryError(f"query has more than {MAX_QUERY_SYLLABLES:,} words; shorten it")
        term = Term(syllables, prefix=prefix, negated=negated)
        if negated:
            excluded.append(term)
        elif pending_or:
            groups[-1].append(term)
        else:
            groups.append([term])
        pending_or = False
    # "a AND a" is "a": repeated terms only make the expression longer.
    unique_groups = tuple(dict.fromkeys(tuple(g) for g in groups))
    return Query(unique_groups, tuple(dict.fromkeys(excluded)))


# --- building the index --------------------------------------------------------------------

_SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS documents(
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    digest TEXT NOT NULL,
    title TEXT, author TEXT, section TEXT, published TEXT, month TEXT,
    topic TEXT, topic_key TEXT, topic_score REAL,
    source TEXT
);
-- The texts apart from the small rows above, which filters and facets scan.
CREATE TABLE IF NOT EXISTS texts(
    doc INTEGER PRIMARY KEY,  -- documents.rowid
    text BLOB NOT NULL,       -- zlib-compressed UTF-8 (`_pack`): half the size, microseconds to read
    hidden TEXT,              -- JSON [[start, end], ...]: boilerplate left out of the text indexes
    mentions BLOB             -- the entities: (start, end, doc_names.idx, nested) as int32 (`_entities_of`)
);
CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
CREATE INDEX IF NOT EXISTS documents_topic ON documents(topic_key);
-- unicode61 strips the diacritics of decomposable letters; đ/Đ (not decomposable) are
-- replaced by d/D before indexing (`_fts_fold`).
CREATE VIRTUAL TABLE IF NOT EXISTS text_folded USING fts5(
    title, body, content='', columnsize=0, tokenize='unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS names(
    name_id INTEGER PRIMARY KEY, label TEXT NOT NULL, text TEXT NOT NULL,
    key TEXT NOT NULL, exact TEXT NOT NULL);  -- one row per (label, text): the build sees to it
CREATE INDEX IF NOT EXISTS names_key ON names(label, key);
-- Each distinct name of each document (its mentions' offsets are in texts.mentions).
CREATE TABLE IF NOT EXISTS doc_names(
    doc INTEGER NOT NULL, idx INTEGER NOT NULL,  -- idx: the name's number in the document
    name_id INTEGER NOT NULL, uses INTEGER NOT NULL,  -- uses: its mentions in the document
    PRIMARY KEY(doc, idx)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS doc_names_name ON doc_names(name_id, doc, uses);  -- uses: spellings read only it
CREATE TABLE IF NOT EXISTS citations(
    doc INTEGER NOT NULL, idx INTEGER NOT NULL,
    kind TEXT NOT NULL,    -- 'full' (a code), 'short' (resolved to a full one), 'unresolved', 'entity'
    start INTEGER NOT NULL, end INTEGER NOT NULL,
    code TEXT, code_key TEXT, system TEXT, type TEXT, type_name TEXT,
    issuer TEXT, issuer_name TEXT, issuer_resolved TEXT, issuer_key TEXT,
    date TEXT, subject TEXT, sentence_start INTEGER, sentence_end INTEGER,
    PRIMARY KEY(doc, idx)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS citations_code ON citations(code_key, doc);
CREATE INDEX IF NOT EXISTS citations_type ON citations(type, doc);
CREATE TABLE IF NOT EXISTS positions(
    doc INTEGER NOT NULL, official INTEGER NOT NULL, idx INTEGER NOT NULL, pos INTEGER NOT NULL,
    honorific TEXT, title TEXT, organization TEXT, org_key TEXT,
    start INTEGER, end INTEGER,
    PRIMARY KEY(doc, official, idx, pos)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS positions_official ON positions(official, doc);
-- How facets show a key written several ways: its most cited spelling (`_write_spellings`).
CREATE TABLE IF NOT EXISTS spellings(
    kind TEXT NOT NULL,  -- a names.label, or 'code' (citations.code_key)
    key TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY(kind, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS positions_org ON positions(org_key, doc);
-- The words of every name's key (rowid = names.name_id): the candidates of a --person/--org filter.
CREATE VIRTUAL TABLE IF NOT EXISTS name_words USING fts5(
    key, content='', columnsize=0, tokenize='unicode61 remove_diacritics 2');
"""


@dataclass
class IndexStats:
    """What one `build_index` call did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.added + self.replaced + self.unchanged


def annotated_files(paths: Iterable[str | Path]) -> list[Path]:
    """The JSONL(.gz) files named by `paths`: files as given, folders searched for `*.jsonl[.gz]`
    (the shard folders of `vnpolitics annotate`; hidden and `.tmp` files skipped)."""
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
                           and (p.name.endswith(".jsonl") or p.name.endswith(".jsonl.gz")))
            if not found:
                raise FileNotFoundError(f"{path}: folder holds no .jsonl or .jsonl.gz file")
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
    return files


def read_records(paths: Iterable[str | Path], *, parse: bool = True) -> Iterable[dict[str, Any] | JsonLine]:
    """Yield annotation records from JSONL(.gz) files and folders of them (`annotated_files`).

    A line that is not a JSON object raises `ValueError` naming the file and line. With
    `parse=False` the result is an `AnnotatedLines`: its lines come as `JsonLine`s, and
    `build_index` given it reads the files itself, parsing in worker processes.
    """
    lines = AnnotatedLines(paths)
    return (_parse_line(item) for item in lines) if parse else lines


class AnnotatedLines:
    """The records of JSONL(.gz) files and folders (`annotated_files`), unparsed: iterating gives
    `JsonLine`s; `build_index` reads the files as bytes in its worker processes."""

    def __init__(self, paths: Iterable[str | Path]):
        self.paths = list(paths)

    def files(self) -> list[Path]:
        return annotated_files(self.paths)

    def __iter__(self) -> Iterator[JsonLine]:
        for line, where in _raw_lines(self.files()):
            yield JsonLine(line.decode("utf-8"), _where(where))


def _where(where: Any) -> str:
    """"file:line" of a `_raw_lines` position (or a JsonLine's `where`, as it is)."""
    return f"{where[0]}:{where[1]}" if isinstance(where, tuple) else str(where)


def _raw_lines(files: list[Path]) -> Iterator[tuple[bytes, tuple[str, int]]]:
    """(line, (file, number)) for every non-blank line of `files`, the line stripped. Read in
    blocks: no decoding, no per-line file calls."""
    for path in files:
        name = str(path)
        number = 0
        with _gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb") as handle:
            rest = b""
            while True:
                block = handle.read(1 << 20)
                lines = (rest + block).split(b"\n") if block else [rest]
                rest = lines.pop() if block else b""
                for line in lines:
                    number += 1
                    line = line.strip()
                    if line and (line[0] > 0x7E or line[-1] > 0x7E):  # maybe Unicode spaces, as text mode strips
                        line = line.decode("utf-8", "surrogateescape").strip().encode("utf-8", "surrogateescape")
                    if line:
                        yield line, (name, number)
                if not block:
                    break


def _digest(record: Mapping[str, Any]) -> str:
    payload = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    return _digest_bytes(payload.encode("utf-8"))


def _digest_bytes(line: bytes) -> str:
    return hashlib.blake2b(line, digest_size=12).hexdigest()


def _spans(value: Any) -> list[tuple[int, int]]:
    spans = []
    for item in value or []:
        if isinstance(item, (list, tuple)) and len(item) == 2:
            spans.append((int(item[0]), int(item[1])))
    return spans


try:  # ISA-L: the zlib and gzip formats, 2 to 2.5 times faster (stdlib zlib reads what it writes)
    from isal import igzip as _gzip
    from isal import isal_zlib as _zlib

    _ZLIB_LEVEL = 2  # measured on news-2017: as small as zlib's level 1
except ImportError:  # pragma: no cover (isal is a dependency; this keeps a build without it working)
    import gzip as _gzip

    _zlib, _ZLIB_LEVEL = zlib, 1


def _pack(text: str) -> bytes:
    return _zlib.compress(text.encode("utf-8"), _ZLIB_LEVEL)


def _unpack(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def _fts_fold(text: str) -> str:
    """What the folded index is given: unicode61 strips the other diacritics itself."""
    return text.replace("đ", "d").replace("Đ", "D")


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the given spans replaced by spaces (offsets unchanged)."""
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in sorted(spans):
        start, end = max(start, last), min(end, len(text))
        if start >= end:
            continue
        pieces += [text[last:start], " " * (end - start)]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def _searchable(text: str, hidden: str | None) -> str:
    """The indexed text of a stored document: its boilerplate (JSON spans) blanked out."""
    return _blank(text, [tuple(span) for span in json.loads(hidden)] if hidden else [])


def _sentence_around(sentences: list[tuple[int, int]], starts: list[int], start: int, end: int,
                     text: str) -> tuple[int, int]:
    """The sentence span holding [start, end), from the record's sentences or by punctuation."""
    i = bisect_right(starts, start) - 1
    if 0 <= i < len(sentences) and sentences[i][0] <= start:
        s_start = sentences[i][0]
        j = i
        while j + 1 < len(sentences) and sentences[j][1] < end:
            j += 1
        return s_start, max(sentences[j][1], end)
    # No sentence layer: the line, cut at sentence punctuation before and after.
    left = max(text.rfind("\n", 0, start), *(text.rfind(p, 0, start) for p in (". ", "? ", "! ")))
    right_candidates = [k for k in (text.find("\n", end), *(text.find(p, end) for p in (". ", "? ", "! "))) if k >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    left = 0 if left < 0 else left + (1 if text[left] == "\n" else 2)
    return left, min(right, len(text))


# --- records as the index reads them -----------------------------------------------------------


class _Entity(msgspec.Struct):
    start: int
    end: int
    label: str
    text: str | None = None


class _Record(msgspec.Struct):
    """The fields of an annotation record (SCHEMA.md) that the index reads; the others are
    skipped without being built."""

    id: Any = None
    text: Any = None
    meta: Any = None
    article: Any = None
    topic: Any = None
    entities: list[_Entity] | None = None
    nested: list[_Entity] | None = None
    doc_refs: Any = None
    officials: Any = None
    sentences: Any = None


class _LineRecord(_Record):
    """A record read from a JSONL line: its sentences stay JSON until an article cites something."""

    sentences: msgspec.Raw = msgspec.Raw(b"null")


_LINE_DECODER = msgspec.json.Decoder(_LineRecord)


def _pack_mentions(mentions: Mapping[tuple[int, int, int], int]) -> bytes:
    """{(start, end, name number): nested} as int32s: start, end, number of each, then the nested flags."""
    values = array_t("i", itertools.chain.from_iterable(mentions))
    values.extend(mentions.values())
    if sys.byteorder != "little":
        values.byteswap()
    return values.tobytes()


def _entities_of(blob: bytes | None) -> list[tuple[int, int, int, int]]:
    """The (start, end, name number, nested) mentions stored by `_pack_mentions`."""
    values = array_t("i")
    values.frombytes(blob or b"")
    if sys.byteorder != "little":
        values.byteswap()
    n = len(values) // 4
    return list(zip(values[0:3 * n:3], values[1:3 * n:3], values[2:3 * n:3], values[3 * n:]))


@functools.lru_cache(maxsize=4096)
def _label_key(label: str) -> str:
    """`name_key` of a label met again and again (topics, issuers)."""
    return name_key(label)


class _Prepared(NamedTuple):
    """Everything one record contributes to the index, made without the database (in a worker
    process): the writer adds the rowid and the name ids."""

    doc_id: str
    digest: str
    columns: tuple                    # documents' columns after rowid, id and digest
    text: bytes                       # `_pack`ed text
    hidden: str | None                # JSON boilerplate spans
    # Title and text without boilerplate, `_fts_fold`ed, as UTF-8: FTS5 reads a blob as the text
    # it holds (the same index), and bytes cost neither pickling nor SQLite a conversion.
    title: bytes
    body: bytes
    exact: tuple[bytes, bytes] | None  # the same unfolded, for text_exact
    names: str | list[str]            # distinct `_name`s of the entities, first seen first, joined
                                      # by `_NAME_SEP` (faster to pickle) unless a text holds it
    uses: list[int]                   # mentions of each (distinct start, end)
    mentions: bytes                   # (start, end, index in names, nested) as int32
    citations: list[tuple]            # citations' columns after doc
    positions: list[tuple]            # official's name, then positions' columns after doc and official


class _Skip(NamedTuple):
    """A record whose digest is already indexed: unchanged, unless this build replaced it."""

    doc_id: str
    digest: str
    payload: Any      # the line or record, to prepare if it is not unchanged after all
    where: Any


class _Bad(NamedTuple):
    message: str


def _canonical(code: str) -> str:
    """A DOC_CODE entity's code as `vnpolitics.codes` writes it (as written when it cannot)."""
    from .codes import parse_code

    parsed = parse_code(code)
    return parsed.canonical if parsed is not None else code


def _prepare(record: _Record, digest: str, exact: bool, names_out: list | None = None) -> _Prepared:
    """The rows of `record`; its names (entities' and officials') are added to `names_out`."""
    doc_id = record.id
    if not isinstance(doc_id, str) or not doc_id:
        raise ValueError("record has no string 'id'")
    text = record.text
    if not isinstance(text, str):
        raise ValueError(f"document {doc_id!r}: record has no string 'text'")
    article = record.article or {}
    meta = record.meta or {}
    title = article.get("title") or meta.get("title") or ""
    published = article.get("published") or meta.get("published") or meta.get("date")
    published = str(published) if published else None
    topic = record.topic or {}
    topic_label = topic.get("label") if isinstance(topic, Mapping) else None
    topic_score = None
    if topic_label and isinstance(topic.get("scores"), Mapping):
        topic_score = topic["scores"].get(topic_label)
    hidden = _spans(article.get("boilerplate"))
    body = _blank(text, hidden)
    columns = (
        title, article.get("author"), article.get("section"), published,
        published[:7] if published and len(published) >= 7 else None,
        topic_label, _label_key(topic_label) if topic_label else None, topic_score,
        meta.get("source"),
    )

    index: dict[str, int] = {}  # `_name` -> its number in the document
    seen: dict[tuple[int, int, int], int] = {}  # (start, end, number) -> nested; the first layer wins
    for nested, layer in ((0, record.entities), (1, record.nested)):
        for ent in layer or ():
            start, end = ent.start, ent.end
            key = f"{ent.label}{_LABEL_SEP}{ent.text or text[start:end]}"
            number = index.get(key)
            if number is None:
                if _LABEL_SEP in ent.label:
                    raise ValueError(f"document {doc_id!r}: entity label {ent.label!r} holds a control character")
                number = index[key] = len(index)
            if nested:  # a mention in both layers counts once, as flat
                seen.setdefault((start, end, number), 1)
            else:
                seen[start, end, number] = 0
    counts = Counter(map(itemgetter(2), seen))
    uses = [counts[number] for number in range(len(index))]

    refs = record.doc_refs or []
    codes = [e for e in record.entities or () if e.label == "DOC_CODE"]
    # Only an article that cites something needs its sentences.
    sentences: Any = record.sentences if refs or codes else None
    if isinstance(sentences, msgspec.Raw):
        sentences = json.loads(bytes(sentences))
    sentences = _spans(sentences)
    sentence_starts = [s for s, _ in sentences]
    citations = []
    covered: list[tuple[int, int]] = []
    for idx, ref in enumerate(refs):
        code = ref.get("code")
        kind = "full"
        resolved = ref
        if not code:
            target = ref.get("refers_to")
            if isinstance(target, int) and 0 <= target < len(refs) and refs[target].get("code"):
                resolved, code, kind = refs[target], refs[target]["code"], "short"
            else:
                kind = "unresolved"
        start, end = int(ref["start"]), int(ref["end"])
        covered.append((start, end))
        s_start, s_end = _sentence_around(sentences, sentence_starts, start, end, text)

        def pick(key: str) -> Any:
            return ref.get(key) if ref.get(key) is not None else resolved.get(key)

        issuer_bits = [pick("issuer"), pick("issuer_name"), pick("issuer_resolved")]
        citations.append((
            idx, kind, start, end, code, code_key(code) if code else None, pick("system"),
            pick("type"), pick("type_name"), pick("issuer"), pick("issuer_name"),
            pick("issuer_resolved"),
            "|" + "|".join(_label_key(b) for b in issuer_bits if b) + "|",
            pick("date"), pick("subject"), s_start, s_end,
        ))
    # A DOC_CODE entity outside every citation still cites its code (e.g. before doc_refs run).
    for ent in codes:
        start, end = ent.start, ent.end
        if any(s <= start and end <= e for s, e in covered):
            continue
        code = _canonical(ent.text or text[start:end])
        s_start, s_end = _sentence_around(sentences, sentence_starts, start, end, text)
        citations.append((
            len(citations), "entity", start, end, code, code_key(code), None, None, None, None,
            None, None, None, None, None, s_start, s_end,
        ))

    positions = []
    for idx, official in enumerate(record.officials or []):
        name = official.get("name")
        if not name:
            continue
        for pos, position in enumerate(official.get("positions") or [{}]):
            span = position.get("span") or official.get("name_span") or [None, None]
            organization = position.get("organization")
            positions.append((
                name, idx, pos, official.get("honorific"), position.get("title"), organization,
                name_key(organization) if organization else None, span[0], span[1],
            ))
    if names_out is not None:
        names_out += index
        names_out += [_name("PER", p[0]) for p in positions]
        names_out += [_name(_POSITION_ORG, p[5]) for p in positions if p[5]]
    return _Prepared(
        doc_id, digest, columns, _pack(text), json.dumps(hidden) if hidden else None,
        _fts_fold(title).encode("utf-8"), _fts_fold(body).encode("utf-8"),
        (title.encode("utf-8"), body.encode("utf-8")) if exact else None,
        _join_names(index), uses, _pack_mentions(seen), citations, positions,
    )


_NAME_SEP, _LABEL_SEP = "\x1e", "\x1f"


def _name(label: str, text: str) -> str:
    """How the build keys a name: one string (faster to hash than a tuple); a label holds no
    `_LABEL_SEP` (`_prepare` checks), so `_label_text` gets both back."""
    return label + _LABEL_SEP + text


def _label_text(name: str) -> tuple[str, str]:
    label, _, text = name.partition(_LABEL_SEP)
    return label, text


def _join_names(names: Iterable[str]) -> str | list[str]:
    """`_name`s joined by `_NAME_SEP` (`_split_names`), or as a list when a text holds it."""
    names = list(names)
    joined = _NAME_SEP.join(names)
    return joined if joined.count(_NAME_SEP) == max(len(names) - 1, 0) else names


def _split_names(names: str | list[str]) -> list[str]:
    if not isinstance(names, str):
        return names
    return names.split(_NAME_SEP) if names else []


class _Preparer:
    """Turns lines or records into `_Prepared` rows (or `_Skip`s, `_Bad`s), with the keys of the
    names it has not handed on yet."""

    def __init__(self, exact: bool):
        self.exact = exact
        self.sent: set[tuple[str, str]] = set()
        self.names: list[str] = []  # `_name`s of the records prepared since the last chunk

    def one(self, payload: Any, where: Any, digest: str | None = None) -> _Prepared | _Bad:
        record: Any = payload
        try:
            if isinstance(payload, bytes):
                digest = digest or _digest_bytes(payload)
                record = self._decode(payload, where)
            elif isinstance(payload, JsonLine):
                digest = digest or _digest_bytes(payload.text.encode("utf-8"))
                record = self._decode(payload.text, payload.where)
            else:
                digest = digest or _digest(payload)
                record = msgspec.convert(payload if isinstance(payload, dict) else dict(payload), _Record)
            return _prepare(record, digest, self.exact, self.names)
        except (KeyError, TypeError, ValueError, OverflowError, IndexError, AttributeError) as error:
            doc_id = getattr(record, "id", None) if not isinstance(record, Mapping) else record.get("id")
            return _Bad(str(error) if type(error) is ValueError else (
                f"document {doc_id!r}: malformed record ({type(error).__name__}: {error})"))

    @staticmethod
    def _decode(line: bytes | str, where: Any) -> _Record:
        try:
            return _LINE_DECODER.decode(line)
        except msgspec.MsgspecError:
            # The json module's reading decides: its error message, or its record (NaN...) checked.
            text = line if isinstance(line, str) else line.decode("utf-8", "replace")
            record = _parse_line(JsonLine(text, _where(where)))
            try:
                return msgspec.convert(record, _Record)
            except msgspec.ValidationError as error:
                raise ValueError(f"document {record.get('id')!r}: malformed record ({error})") from None

    def chunk(self, items: list[tuple[Any, Any]], indexed: Mapping[str, str]) -> tuple[list, dict]:
        """Each (payload, where) prepared, or a `_Skip` when its digest is in `indexed` (digest ->
        id); and {(label, text): (key, exact key)} of the names not handed on before."""
        out: list[_Prepared | _Skip | _Bad] = []
        for payload, where in items:
            if isinstance(payload, bytes):
                digest = _digest_bytes(payload)
            elif isinstance(payload, JsonLine):
                digest = _digest_bytes(payload.text.encode("utf-8"))
            else:
                digest = _digest(payload)
            doc_id = indexed.get(digest)
            out.append(_Skip(doc_id, digest, payload, where) if doc_id is not None
                       else self.one(payload, where, digest))
        keys = {}
        sent = self.sent
        for name in self.names:
            if name not in sent:
                sent.add(name)
                text = _label_text(name)[1]
                keys[name] = (name_key(text), _exact_key(text))
        self.names = []
        return out, keys


def _chunks(iterable: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


_UNIT_DONE = b"."  # after the chunks of each unit of work (a file, or one chunk) a worker is given


def _prepare_in_worker(files: list[Path], by_file: bool, worker: int, workers: int, size: int, queue: Any,
                       indexed: Mapping[str, str], exact: bool) -> None:
    """A worker process. Units of work go round: worker k prepares the files k, k + n, ... (`by_file`),
    or, reading every line, the chunks k, k + n, ... Each unit's chunks are followed by `_UNIT_DONE`,
    the last unit by None."""
    try:
        preparer = _Preparer(exact)
        if by_file:
            units: Iterable[Iterable[list]] = (_chunks(_raw_lines([f]), size) for f in files[worker::workers])
        else:
            units = ([chunk] for number, chunk in enumerate(_chunks(_raw_lines(files), size))
                     if number % workers == worker)
        for unit in units:
            for chunk in unit:  # pickled here: an error is caught, not lost in the queue's thread
                queue.put(pickle.dumps(preparer.chunk(chunk, indexed), protocol=pickle.HIGHEST_PROTOCOL))
            queue.put(_UNIT_DONE)
        queue.put(None)
    except BaseException as error:  # noqa: BLE001 (handed to the writer, which raises it)
        queue.put(pickle.dumps(_Bad(str(error) if isinstance(error, (OSError, ValueError))
                                    else f"{type(error).__name__}: {error}")))


def _prepared_chunks(records: Iterable[Any], preparer: _Preparer, indexed: Mapping[str, str], size: int,
                     workers: int) -> Iterator[tuple[list, dict]]:
    """The prepared chunks of `records` in order: from `workers` processes when `records` are the
    lines of files (`AnnotatedLines`) and fork is available, else made here."""
    import multiprocessing

    if workers < 1 or not isinstance(records, AnnotatedLines) or \
            "fork" not in multiprocessing.get_all_start_methods():
        items = (((line, line.where) if isinstance(line, JsonLine) else (line, None)) for line in records) \
            if not isinstance(records, AnnotatedLines) else _raw_lines(records.files())
        for chunk in _chunks(items, size):
            yield preparer.chunk(chunk, indexed)
        return
    files = records.files()
    context = multiprocessing.get_context("fork")
    queues = [context.Queue(maxsize=8) for _ in range(workers)]
    by_file = len(files) >= 2 * workers  # else every worker reads every line (one big file)
    processes = [context.Process(target=_prepare_in_worker, daemon=True, name=f"vnpolitics-index-{k}",
                                 args=(files, by_file, k, workers, size, queues[k], indexed, preparer.exact))
                 for k in range(workers)]
    for process in processes:
        process.start()
    try:
        for unit in itertools.count():
            queue, process = queues[unit % workers], processes[unit % workers]
            while True:
                try:
                    result = queue.get(timeout=1.0)
                except Empty:
                    if not process.is_alive() and queue.empty():
                        raise RuntimeError(f"index worker {process.name} stopped (exit code {process.exitcode})") from None
                    continue
                if result is None:
                    return
                if result == _UNIT_DONE:
                    break
                result = pickle.loads(result)
                if type(result) is _Bad:
                    raise ValueError(result.message)
                yield result
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
            process.join()


class _Names:
    """Name ids for the build, numbered when first seen; the new names wait in `new` for the writer."""

    def __init__(self, conn: sqlite3.Connection):
        self.ids: dict[str, int] = {  # `_name` -> id
            _name(label, text): name_id for name_id, label, text in conn.execute("SELECT name_id, label, text FROM names")}
        self.next = max(self.ids.values(), default=0) + 1
        self.new: list[tuple[int, str, str, str, str]] = []

    def id(self, name: str, keys: Mapping[str, tuple[str, str]]) -> int:
        name_id = self.ids.get(name)
        if name_id is None:
            name_id = self.ids[name] = self.next
            self.next += 1
            label, text = _label_text(name)
            key, exact = keys.get(name) or (name_key(text), _exact_key(text))
            self.new.append((name_id, label, text, key, exact))
        return name_id

    def take(self) -> list[tuple[int, str, str, str, str]]:
        new, self.new = self.new, []
        return new


# Each code key's most frequent spelling (by citations), ties in code-point order.
_CODE_SPELLINGS_SQL = """
INSERT INTO spellings SELECT 'code', code_key, code FROM (
    SELECT code_key, code, row_number() OVER (PARTITION BY code_key ORDER BY count(*) DESC, code) AS r
    FROM citations WHERE code IS NOT NULL GROUP BY code_key, code) WHERE r = 1;
"""


def _name_spellings(names: Iterable[tuple[int, str, str, str]], uses: Mapping[int, int]) -> list[tuple[str, str, str]]:
    """(label, key, text) of each name key's most frequent spelling, from (name_id, label, key,
    text) and {name_id: mentions}; ties in code-point order. In Python: 0.8 s on news-2017's 140k
    names, where the same as an SQL window took 2.0 s."""
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for name_id, label, key, text in names:
        rank = (-uses.get(name_id, 0), text)  # str order is code-point order, as SQLite's BINARY
        current = best.get((label, key))
        if current is None or rank < current:
            best[(label, key)] = rank
    return sorted((label, key, text) for (label, key), (_, text) in best.items())  # in key order: appended


def _write_spellings(conn: sqlite3.Connection, names: list[tuple[str, str, str]] | None = None) -> None:
    """Fill `spellings` with `names` (`_name_spellings`; read from the index if None) and each code
    key's most frequent spelling (`_CODE_SPELLINGS_SQL`)."""
    if names is None:
        names = _name_spellings(conn.execute("SELECT name_id, label, key, text FROM names"),
                                dict(conn.execute("SELECT name_id, sum(uses) FROM doc_names GROUP BY name_id")))
    conn.execute("BEGIN")
    conn.execute("DELETE FROM spellings")
    conn.executemany("INSERT INTO spellings VALUES(?,?,?)", names)
    conn.execute(_CODE_SPELLINGS_SQL)
    conn.execute("COMMIT")

# The label of an official's organisation in `names` (not an entity: no mention, no facet), so
# that the word index finds the organisations an `org` filter means among `positions` too.
_POSITION_ORG = "position-org"

# Secondary indexes of the tables above, made after the rows when a new index is built.
_DEFERRED_INDEXES = ("names_key", "doc_names_name", "citations_code", "citations_type",
                     "positions_official", "positions_org", "documents_published", "documents_topic")

_EXACT_SQL = """CREATE VIRTUAL TABLE text_exact USING fts5(
    title, body, content='', columnsize=0, tokenize='unicode61 remove_diacritics 0')"""


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None


def _connect_rw(db: str | Path, check_same_thread: bool = True, exact_index: bool | None = None
                ) -> sqlite3.Connection:
    conn = sqlite3.connect(str(db), isolation_level=None, check_same_thread=check_same_thread)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.execute("PRAGMA synchronous=OFF")  # an index is rebuilt from its JSONL, never the reverse
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA cache_size=-262144")  # 256 MB
    conn.execute("PRAGMA page_size=16384")  # ~3 kB articles waste less of a 16 kB page (new files only)
    version = conn.execute("SELECT value FROM meta WHERE key='version'").fetchone() \
        if _has_table(conn, "meta") else None
    if version is not None and version[0] != INDEX_VERSION:
        conn.close()
        raise ValueError(f"{db}: index version {version[0]!r}, this vnpolitics writes "
                         f"{INDEX_VERSION!r}; build a new database")
    conn.executescript(_SCHEMA_SQL)
    # A larger in-memory term hash: fewer, larger segments while building (faster, smaller).
    conn.execute("INSERT INTO text_folded(text_folded, rank) VALUES('hashsize', ?)", (128 << 20,))
    if exact_index and not _has_table(conn, "text_exact"):
        if conn.execute("SELECT 1 FROM documents LIMIT 1").fetchone():
            conn.close()
            raise ValueError(f"{db}: was built without an exact index; build a new database to add one")
        conn.execute(_EXACT_SQL)
        conn.execute("INSERT INTO text_exact(text_exact, rank) VALUES('hashsize', ?)", (128 << 20,))
    if version is None:
        conn.execute("INSERT INTO meta VALUES('version', ?)", (INDEX_VERSION,))
    return conn


class _FullText:
    """Where the full-text rows (texts, and the words of names) go. Into the index's own tables,
    or, for a new index, into a second SQLite file written by a thread, copied into the index at
    the end (`finish`): SQLite
    tokenizes without holding the GIL, so the full-text work (the largest part of a build) runs
    beside the writing of the other tables. Both ways make the same full-text index."""

    def __init__(self, conn: sqlite3.Connection, db: str | Path, separate: bool):
        from concurrent.futures import ThreadPoolExecutor

        self.conn = conn
        self.tables = ("text_folded", "text_exact") if _has_table(conn, "text_exact") else ("text_folded",)
        self.copied = (*self.tables, "name_words")  # the FTS5 tables written here
        self.pool = self.side = None
        self.pending: list[Any] = []
        if separate:
            self.path = Path(str(db) + ".fulltext-tmp")
            self.path.unlink(missing_ok=True)
            self.side = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False)
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "page_size=16384", "cache_size=-65536"):
                self.side.execute(f"PRAGMA {pragma}")
            for table in self.copied:  # the same tables with the same settings (set as FTS5 commands)
                self.side.execute(conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
                for key, value in conn.execute(f"SELECT k, v FROM {table}_config WHERE k != 'version' ORDER BY k"):
                    self.side.execute(f"INSERT INTO {table}({table}, rank) VALUES(?, ?)", (key, value))
            self.side.execute("BEGIN")
            self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vnpolitics-fulltext")

    def run(self, statements: list[tuple[str, list[tuple]]]) -> None:
        """`executemany` each (sql, rows), in order."""
        if self.pool is None:
            for sql, rows in statements:
                self.conn.executemany(sql, rows)
            return
        self.pending.append(self.pool.submit(self._run_side, statements))
        while len(self.pending) > 2:  # a bounded backlog
            self.pending.pop(0).result()

    def _run_side(self, statements: list[tuple[str, list[tuple]]]) -> None:
        for sql, rows in statements:
            # Closed here: a cursor left to the other thread would be finalized there, mid-statement.
            self.side.executemany(sql, rows).close()

    def finish(self, optimize: bool) -> None:
        """Merge the segments ('optimize') and bring a separate file's tables into the index."""
        target = self.conn
        if self.pool is not None:
            while self.pending:
                self.pending.pop(0).result()
            self.pool.shutdown()
            target = self.side
        for table in self.tables:
            if optimize:
                target.execute(f"INSERT INTO {table}({table}) VALUES('optimize')")
            target.execute(f"INSERT INTO {table}({table}, rank) VALUES('automerge', 4)")  # FTS5's default
        if self.side is None:
            return
        self.side.execute("COMMIT")
        self.side.close()
        self.side = None
        conn = self.conn
        conn.execute("ATTACH DATABASE ? AS fulltext", (str(self.path),))
        try:
            conn.execute("BEGIN")
            for table in self.copied:
                for shadow in ("data", "idx", "config"):  # FTS5's tables for content='', columnsize=0
                    conn.execute(f"DELETE FROM main.{table}_{shadow}")
                    conn.execute(f"INSERT INTO main.{table}_{shadow} SELECT * FROM fulltext.{table}_{shadow}")
            conn.execute("COMMIT")
        finally:
            conn.execute("DETACH DATABASE fulltext")
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        if self.side is not None:
            self.side.close()
            self.side = None
        if getattr(self, "path", None) is not None:
            self.path.unlink(missing_ok=True)


def _delete_document(conn: sqlite3.Connection, rowid: int, fulltext: _FullText) -> None:
    title, text, hidden = conn.execute(
        "SELECT d.title, x.text, x.hidden FROM documents d JOIN texts x ON x.doc = d.rowid "
        "WHERE d.rowid=?", (rowid,)).fetchone()
    body = _searchable(_unpack(text), hidden)
    # A contentless FTS5 table forgets a row when given the values that were indexed.
    fulltext.run([(f"INSERT INTO {table}({table}, rowid, title, body) VALUES('delete', ?, ?, ?)",
                   [(rowid, *((_fts_fold(title or ""), _fts_fold(body)) if table == "text_folded"
                              else (title or "", body)))]) for table in fulltext.tables])
    for table in ("doc_names", "citations", "positions", "texts"):
        conn.execute(f"DELETE FROM {table} WHERE doc=?", (rowid,))  # table names are constants
    conn.execute("DELETE FROM documents WHERE rowid=?", (rowid,))


@dataclass(frozen=True)
class JsonLine:
    """A record still in its JSONL form: `build_index` parses it and digests the line as is."""

    text: str
    where: str


def _parse_line(line: JsonLine) -> dict[str, Any]:
    try:
        record = json.loads(line.text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{line.where}: not a JSON record ({error.msg})") from None
    if not isinstance(record, dict):
        raise ValueError(f"{line.where}: not a JSON object")
    return record


class _Writer:
    """Writes prepared records in order: numbers them (rowids, name ids), decides what is new,
    replaced or unchanged, and inserts the rows of each chunk with one `executemany` per table."""

    def __init__(self, conn: sqlite3.Connection, preparer: _Preparer, stats: IndexStats, on_error: str):
        self.conn, self.preparer, self.stats, self.on_error = conn, preparer, stats, on_error
        self.exact = _has_table(conn, "text_exact")
        self.fulltext: _FullText | None = None  # set by build_index
        self.names = _Names(conn)
        # id -> (digest, rowid) of every indexed document, and digest -> id
        self.known = {doc_id: (digest, rowid) for doc_id, digest, rowid in
                      conn.execute("SELECT id, digest, rowid FROM documents")}
        self.indexed = {digest: doc_id for doc_id, (digest, _) in self.known.items()}
        self.next_rowid = (conn.execute("SELECT max(rowid) FROM documents").fetchone()[0] or 0) + 1
        # A new index: every name and its mentions, for the spellings without reading them back.
        self.written: tuple[list[tuple], dict[int, int]] | None = None if self.known else ([], {})
        self.rows: dict[str, list[tuple]] = {table: [] for table in (
            "documents", "texts", "text_folded", "text_exact", "doc_names", "citations", "positions")}

    def write(self, items: list[_Prepared | _Skip | _Bad], keys: Mapping[str, tuple[str, str]]) -> None:
        stats, known, names, rows = self.stats, self.known, self.names, self.rows
        for item in items:
            if type(item) is _Skip:
                old = known.get(item.doc_id)
                if old is not None and old[0] == item.digest:
                    stats.unchanged += 1
                    continue
                item = self.preparer.one(item.payload, item.where, item.digest)  # replaced during this build
            if type(item) is _Bad:
                if self.on_error == "raise":
                    raise ValueError(item.message)
                stats.errors.append(item.message)
                continue
            old = known.get(item.doc_id)
            if old is not None and old[0] == item.digest:
                stats.unchanged += 1
                continue
            if old is not None:
                self._flush()  # keep the order
                _delete_document(self.conn, old[1], self.fulltext)
                self.written = None  # its names' mentions are gone: the spellings are read back
            stats.replaced += old is not None
            stats.added += old is None
            rowid = self.next_rowid
            self.next_rowid += 1
            known[item.doc_id] = (item.digest, rowid)
            self.indexed[item.digest] = item.doc_id
            rows["documents"].append((rowid, item.doc_id, item.digest, *item.columns))
            rows["texts"].append((rowid, item.text, item.hidden, item.mentions))
            rows["text_folded"].append((rowid, item.title, item.body))
            if self.exact:
                rows["text_exact"].append((rowid, *item.exact))
            ids = names.ids
            rows["doc_names"] += [(rowid, number, ids.get(name) or names.id(name, keys), uses)
                                  for number, (name, uses) in enumerate(zip(_split_names(item.names), item.uses))]
            rows["citations"] += [(rowid, *c) for c in item.citations]
            for name, *position in item.positions:
                if position[4]:  # the organisation, for the name word index
                    names.id(_name(_POSITION_ORG, position[4]), keys)
                rows["positions"].append((rowid, names.id(_name("PER", name), keys), *position))
        self._flush()

    def _flush(self) -> None:
        conn, rows = self.conn, self.rows
        if not conn.in_transaction:
            conn.execute("BEGIN")
        new = self.names.take()
        if self.written is not None:
            names, uses = self.written
            names += [(name_id, label, key, text) for name_id, label, text, key, _ in new]
            for _, _, name_id, count in rows["doc_names"]:
                uses[name_id] = uses.get(name_id, 0) + count
        conn.executemany("INSERT INTO names VALUES(?,?,?,?,?)", new)
        if new:
            self.fulltext.run([("INSERT INTO name_words(rowid, key) VALUES(?,?)", [(n[0], n[3]) for n in new])])
        conn.executemany("INSERT INTO documents VALUES(?,?,?,?,?,?,?,?,?,?,?,?)", rows["documents"])
        conn.executemany("INSERT INTO texts VALUES(?,?,?,?)", rows["texts"])
        if rows["text_folded"]:
            self.fulltext.run([(f"INSERT INTO {table}(rowid, title, body) VALUES(?,?,?)", rows[table].copy())
                               for table in self.fulltext.tables])
        conn.executemany("INSERT INTO doc_names VALUES(?,?,?,?)", rows["doc_names"])
        conn.executemany("INSERT INTO citations VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows["citations"])
        conn.executemany("INSERT OR IGNORE INTO positions VALUES(?,?,?,?,?,?,?,?,?,?)", rows["positions"])
        for table in rows.values():
            table.clear()


_SEPARATE_FULLTEXT = True  # tests set it to False to compare both ways


def default_workers() -> int:
    """How many processes `build_index` parses files with by default: one per CPU core but the
    writer's (whose full-text thread takes the rest of a second core), at most 4; none (parsing in
    the writing process) on a single core."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores - 1, 4)


def build_index(records: Iterable[Mapping[str, Any] | JsonLine], db: str | Path, *,
                batch_size: int = 256, optimize: bool = True, on_error: str = "raise",
                exact_index: bool | None = None, workers: int | None = None) -> IndexStats:
    """Add annotation records to the SQLite index `db` (created if missing) and return counts.

    `records` are dicts, `JsonLine`s, or (fastest) the `AnnotatedLines` of
    `read_records(paths, parse=False)`: then `workers` processes (default `default_workers()`;
    0: none) read and parse the files while this one writes. A record whose id is already
    indexed with identical content is skipped; with other content it replaces the old one.
    `on_error="skip"` records bad records in `stats.errors` instead of raising. `optimize` merges
    the full-text segments at the end.

    `exact_index=True` (for a new database) adds a second full-text index that keeps the
    diacritics: exact queries (`exact=True`) then cost what folded ones do, for about 30% more
    build time and 40% more space. Without it, exact queries check the folded index's candidates
    against the stored text, which is slow for common syllables. `None` keeps what `db` has.
    """
    import gc
    import time

    if on_error not in ("raise", "skip"):
        raise ValueError(f"on_error must be 'raise' or 'skip', not {on_error!r}")
    began = time.perf_counter()
    stats = IndexStats()
    # Millions of short-lived tuples and no reference cycles: the cyclic collector's passes over
    # them are pure cost (measured on news-2017: about 15% of the build). Workers inherit it.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_index(records, db, stats, batch_size=batch_size, optimize=optimize, on_error=on_error,
                            exact_index=exact_index, workers=workers, began=began)
    finally:
        if collecting:
            gc.enable()


def _build_index(records: Iterable[Any], db: str | Path, stats: IndexStats, *, batch_size: int, optimize: bool,
                 on_error: str, exact_index: bool | None, workers: int | None, began: float) -> IndexStats:
    import time

    conn = _connect_rw(db, exact_index=exact_index)
    fulltext = None
    try:
        preparer = _Preparer(_has_table(conn, "text_exact"))
        writer = _Writer(conn, preparer, stats, on_error)
        if not writer.known:  # a new index: sort each secondary index once at the end, not row by row
            for name in _DEFERRED_INDEXES:
                conn.execute(f"DROP INDEX IF EXISTS {name}")  # names are constants
        # One merge of the full-text segments at the end ('optimize') instead of merges on the way.
        merges = 0 if optimize else 4
        for table in ("text_folded", "text_exact") if writer.exact else ("text_folded",):
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES('automerge', ?)", (merges,))
        # A new index on more than one core: the full-text index is written beside the rest.
        separate = not writer.known and _SEPARATE_FULLTEXT and (os.cpu_count() or 1) > 1
        fulltext = writer.fulltext = _FullText(conn, db, separate)
        # One transaction (a build is redone from its JSONL if it stops): measured on news-2017,
        # with the 128 MB term hash, a 7% smaller file (fewer freed pages) at the same speed.
        chunks = _prepared_chunks(records, preparer, writer.indexed, max(batch_size, 1),
                                  default_workers() if workers is None else workers)
        for items, keys in chunks:
            writer.write(items, keys)
        writer._flush()
        if conn.in_transaction:
            conn.execute("COMMIT")
        spellings = None
        if writer.written is not None and stats.added:  # a new index: worked out beside the indexes
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=1) as pool:
                spellings = pool.submit(_name_spellings, *writer.written)
                conn.executescript(_SCHEMA_SQL)  # SQLite sorts without the GIL
                spellings = spellings.result()
        conn.executescript(_SCHEMA_SQL)  # (re)creates the indexes dropped above
        if stats.added or stats.replaced:
            _write_spellings(conn, spellings)
        fulltext.finish(optimize and bool(stats.added or stats.replaced))
        conn.execute("PRAGMA analysis_limit=1000")  # statistics from a sample: enough to plan
        conn.execute("ANALYZE")
    except BaseException:
        if fulltext is not None:
            fulltext.close()
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.executescript(_SCHEMA_SQL)
        raise
    finally:
        conn.close()
    stats.seconds = time.perf_counter() - began
    return stats


# --- querying --------------------------------------------------------------------------------


def _like_words(key: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching `key` as whole words inside ' ' || column || ' '."""
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"% {escaped} %"


def _date_bound(value: Any, name: str) -> str:
    text = str(value)
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2}([T ][\d:.]+)?)?)?", text):
        raise QueryError(f"{name}={text!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return text


@dataclass(frozen=True)
class Hit:
    """One search result: `snippet` is a window of the article, `marks` the matches in it."""

    id: str
    title: str | None
    published: str | None
    section: str | None
    topic: str | None
    score: float
    snippet: str
    marks: tuple[tuple[int, int], ...]

    def highlighted(self, before: str = "[", after: str = "]", escape=None) -> str:
        """The snippet with each match wrapped; `escape` (e.g. `html.escape`) applies to the text.

        >>> Hit("a", None, None, None, None, 1.0, "Nghị quyết 28", ((0, 10),)).highlighted("<b>", "</b>")
        '<b>Nghị quyết</b> 28'
        """
        escape = escape or (lambda text: text)
        out, last = [], 0
        for start, end in self.marks:
            out += [escape(self.snippet[last:start]), before, escape(self.snippet[start:end]), after]
            last = end
        out.append(escape(self.snippet[last:]))
        return "".join(out)


class Corpus:
    """A read-only view of an index built by `build_index`.

    >>> corpus = Corpus("corpus.db")                     # doctest: +SKIP
    >>> corpus.search("nghi quyet 28", topic="Chính trị Xã hội", limit=5)  # doctest: +SKIP
    >>> corpus.citing("05-CT/TW")                         # doctest: +SKIP
    >>> corpus.positions("Lê Trung Kiên")                 # doctest: +SKIP
    """

    def __init__(self, path: str | Path):
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such index; build it with `vnpolitics index`")
        self.path = path
        uri = path.resolve().as_uri() + "?mode=ro"
        self._conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            version = self._conn.execute("SELECT value FROM meta WHERE key='version'").fetchone()
        except sqlite3.DatabaseError as error:
            self._conn.close()
            raise ValueError(f"{path}: not a vnpolitics index ({error})") from None
        if not version or version[0] != INDEX_VERSION:
            self._conn.close()
            raise ValueError(f"{path}: index version {version and version[0]!r}, expected {INDEX_VERSION!r}; "
                             "build it again with `vnpolitics index`")
        self.exact_index = _has_table(self._conn, "text_exact")
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple, list[tuple[int, float]]] = OrderedDict()
        self._version: int | None = None

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __len__(self) -> int:
        return self._conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    # -- filters --

    def _name_ids(self, label: str, value: str, exact: bool) -> list[int]:
        """The names of `label` holding `value` as whole words (diacritics as typed if `exact`).

        The word index `name_words` finds the candidates; the LIKE on each candidate decides, so
        the answer is the one a LIKE over every name would give, without reading every name.
        """
        column, key = ("exact", _exact_key(value)) if exact else ("key", name_key(value))
        check = f"n.label = ? AND (' ' || n.{column} || ' ') LIKE ? ESCAPE '\\'"
        words = tuple(_SYLLABLE.findall(name_key(value)))
        if not words:  # only punctuation: nothing for the word index to look up
            sql, params = f"SELECT n.name_id FROM names n WHERE {check}", [label, _like_words(key)]
        else:
            sql = f"SELECT n.name_id FROM name_words w JOIN names n ON n.name_id = w.rowid WHERE name_words MATCH ? AND {check}"
            params = [Term(words).fts(), label, _like_words(key)]
        return [name_id for name_id, in self._execute(sql, params)]

    def _filter_docs(self, *, code=None, type=None, issuer=None, person=None, org=None, topic=None,
                     since=None, until=None, exact=False) -> list[int] | None:
        """The rowids of the documents passing every filter (in no set order, maybe repeated), or
        None without filters.

        Each filter is one indexed look-up; their intersection is what the text query is then
        restricted to (or what is listed, without text).
        """
        lookups: list[tuple[str, list[Any]]] = []
        if code:
            keys = code_keys(str(code))
            lookups.append((f"SELECT doc FROM citations WHERE code_key IN ({','.join('?' * len(keys))})", keys))
        if type:
            lookups.append(("SELECT doc FROM citations WHERE type=? COLLATE NOCASE OR type_name=? COLLATE NOCASE",
                            [str(type).strip(), str(type).strip()]))
        if issuer:
            lookups.append(("SELECT doc FROM citations WHERE issuer_key LIKE ? ESCAPE '\\'",
                            ["%|" + name_key(str(issuer)).replace("\\", "\\\\").replace("%", "\\%")
                             .replace("_", "\\_") + "|%"]))
        if person:
            ids = json.dumps(self._name_ids("PER", str(person), exact))
            lookups.append(("SELECT doc FROM doc_names WHERE name_id IN (SELECT value FROM json_each(?)) "
                            "UNION SELECT doc FROM positions WHERE official IN (SELECT value FROM json_each(?))",
                            [ids, ids]))
        if org:
            ids = json.dumps(self._name_ids("ORG", str(org), exact))
            # An official's organisation matches by its folded key (`exact` or not), as it always has.
            organizations = json.dumps(self._name_ids(_POSITION_ORG, str(org), False))
            lookups.append(("SELECT doc FROM doc_names WHERE name_id IN (SELECT value FROM json_each(?)) "
                            "UNION SELECT doc FROM positions WHERE org_key IN (SELECT key FROM names "
                            "WHERE name_id IN (SELECT value FROM json_each(?)))", [ids, organizations]))
        if topic:
            lookups.append(("SELECT rowid FROM documents WHERE topic_key=?", [name_key(str(topic))]))
        if since or until:
            bounds = [_date_bound(since, "since")] if since else []
            if until:  # inclusive: 2024-06 keeps 2024-06-30T23:59
                bounds.append(_date_bound(until, "until") + "\uffff")
            where = " AND ".join(c for c, v in (("published >= ?", since), ("published < ?", until)) if v)
            lookups.append((f"SELECT rowid FROM documents WHERE {where}", bounds))
        if not lookups:
            return None
        # One statement: SQLite intersects the look-ups without sending their ids through Python.
        sql = " INTERSECT ".join(f"SELECT * FROM ({sql})" for sql, _ in lookups)
        return [doc for doc, in self._execute(sql, [p for _, params in lookups for p in params])]

    def _ranked(self, query: Query, docs: list[int] | None, exact: bool,
                stop_after: int | None = None) -> list[tuple[int, float]]:
        """(document rowid, score) of the matches among `docs` (all documents if None), best
        first: by BM25 with a text query, newest first without. All of them, or the first
        `stop_after`.

        The full-text index is read once, by one cursor: a `rowid IN` that SQLite handed to FTS5
        would open a cursor per document, each recomputing BM25's corpus statistics (seconds).
        Exact search without an exact index runs the folded query and keeps the candidates
        whose text holds the words as written.
        """
        if docs is not None and not docs:
            return []
        limit = -1 if stop_after is None else int(stop_after)
        among, params = ("", []) if docs is None else (
            " AND {} IN (SELECT value FROM json_each(?))", [json.dumps(docs)])
        if not query:
            sql = (f"SELECT rowid, 0.0 FROM documents WHERE 1{among.format('rowid')} "
                   "ORDER BY published DESC, rowid LIMIT ?")
            return self._execute(sql, [*params, limit])
        table = "text_exact" if exact and self.exact_index else "text_folded"
        verify = exact and not self.exact_index
        hits = (f"SELECT rowid AS doc, -bm25({table}, 4.0, 1.0) AS score FROM {table} "
                f"WHERE {table} MATCH ?{among.format('+rowid')}")
        params = [query.fts(excluded=not verify, exact=table == "text_exact"), *params]
        if not verify:
            return self._execute(f"{hits} ORDER BY score DESC, doc LIMIT ?", [*params, limit])
        kept: list[tuple[int, float]] = []
        try:
            candidates = self._conn.execute(
                f"SELECT h.doc, h.score, d.title, x.text, x.hidden FROM ({hits}) AS h "
                "JOIN documents AS d ON d.rowid = h.doc JOIN texts AS x ON x.doc = h.doc "
                "ORDER BY h.score DESC, h.doc", params)
            for doc, score, title, text, hidden in candidates:
                if query.matches_exactly(title or "", _searchable(_unpack(text), hidden)):
                    kept.append((doc, score))
                    if len(kept) == limit:
                        break
            candidates.close()
        except sqlite3.OperationalError as error:
            raise QueryError(f"the index could not run this query ({error})") from None
        return kept

    def _prepare(self, query: str | Query | None, exact: bool) -> Query:
        parsed = query if isinstance(query, Query) else parse_query(query or "")
        if parsed.excluded and not parsed.groups:
            raise QueryError("a query needs at least one word that is not excluded with '-'")
        return parsed

    def _matches(self, query: str | Query | None, exact: bool, filters: dict[str, Any],
                 stop_after: int | None = None) -> tuple[Query, list[tuple[int, float]]]:
        """The parsed query and its ranked matches (`_ranked`). Every match is kept for the next
        calls with the same arguments (the web page asks for the count, a page of results and the
        facets of one query), until the database changes."""
        parsed = self._prepare(query, exact)
        flt = {name: value for name, value in filters.items() if value}
        key = (parsed, bool(exact), tuple(sorted((name, str(value)) for name, value in flt.items())))
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        with self._lock:
            if version != self._version:
                self._cache.clear()
                self._version = version
            if key in self._cache:
                self._cache.move_to_end(key)
                return parsed, self._cache[key]
        docs = self._filter_docs(exact=exact, **flt)
        ranked = self._ranked(parsed, docs, exact, stop_after)
        if stop_after is None:
            with self._lock:
                self._cache[key] = ranked
                while len(self._cache) > 8:
                    self._cache.popitem(last=False)
        return parsed, ranked

    def _execute(self, sql: str, params: Iterable[Any]) -> list[tuple]:
        try:
            return self._conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.OperationalError as error:
            # Only reachable through a malformed FTS expression, which parse_query never builds.
            raise QueryError(f"the index could not run this query ({error})") from None

    def search(self, query: str | Query | None = None, *, code: str | None = None,
               type: str | None = None, issuer: str | None = None, person: str | None = None,
               org: str | None = None, topic: str | None = None, since: str | None = None,
               until: str | None = None, limit: int = 20, offset: int = 0, exact: bool = False,
               highlight: tuple[str, str] = ("[", "]")) -> pd.DataFrame:
        """Documents matching `query` and every filter, best first (BM25; newest first without text).

        Columns: id, title, published, section, topic, score, snippet (matches wrapped in
        `highlight`). `exact=True` matches diacritics exactly ("Hà" is not "Hạ").
        """
        hits = self.hits(query, code=code, type=type, issuer=issuer, person=person, org=org,
                         topic=topic, since=since, until=until, limit=limit, offset=offset, exact=exact)
        columns = ["id", "title", "published", "section", "topic", "score"]
        records = [{**{c: getattr(h, c) for c in columns}, "snippet": h.highlighted(*highlight)} for h in hits]
        return pd.DataFrame.from_records(records, columns=[*columns, "snippet"])

    def hits(self, query: str | Query | None = None, *, limit: int = 20, offset: int = 0,
             exact: bool = False, **filters: Any) -> list[Hit]:
        """The rows of `search` as `Hit` objects (snippet text and match spans kept apart)."""
        rows, parsed = self._search_rows(query, limit=limit, offset=offset, exact=exact, **filters)
        patterns = parsed.highlights(exact)
        hits = []
        for row in rows:
            snippet, marks = _snippet(_searchable(row["text"], row["hidden"]), patterns, SNIPPET_WORDS)
            hits.append(Hit(row["id"], row["title"], row["published"], row["section"], row["topic"],
                            row["score"], snippet, tuple(marks)))
        return hits

    def _search_rows(self, query, *, limit: int, offset: int = 0, exact: bool = False, **filters):
        if not isinstance(limit, int) or limit < 0:
            raise QueryError(f"limit must be a whole number ≥ 0, not {limit!r}")
        offset = int(offset)
        # Rank and cut first, then read the few articles shown (their text is the costly part).
        parsed, ranked = self._matches(query, exact, filters, stop_after=limit + offset)
        top = ranked[offset:offset + limit]
        if not top:
            return [], parsed
        columns = ["rowid", "id", "title", "published", "section", "topic", "text", "hidden"]
        found = {r[0]: dict(zip(columns, r)) for r in self._execute(
            "SELECT d.rowid, d.id, d.title, d.published, d.section, d.topic, x.text, x.hidden "
            "FROM documents d JOIN texts x ON x.doc = d.rowid WHERE d.rowid IN (SELECT value FROM json_each(?))",
            [json.dumps([doc for doc, _ in top])])}
        rows = []
        for doc, score in top:
            row = found[doc]
            row["score"], row["text"] = score, _unpack(row["text"])
            rows.append(row)
        return rows, parsed

    def count(self, query: str | Query | None = None, *, exact: bool = False, **filters: Any) -> int:
        """How many documents match (same arguments as `search`)."""
        return len(self._matches(query, exact, filters)[1])

    def facets(self, query: str | Query | None = None, *, exact: bool = False, limit: int = 10,
               **filters: Any) -> dict[str, pd.DataFrame]:
        """Counts of matching documents by topic, cited code, official, person, organisation, month.

        Each value is a DataFrame with columns `value` and `documents`, largest first (months:
        newest first). Names and codes are counted by key (`name_key`, `code_key`); a key written
        several ways shows its most frequent spelling in the index.
        """
        # The matching articles (found once, shared with `count`).
        matches = [doc for doc, _ in self._matches(query, exact, filters)[1]]
        if len(matches) > FACETS_IN_SQL:  # many: count with the facet arrays (loaded once)
            return _FacetArrays.of(self).counts(matches, limit)
        # A few: each facet joins its table to them.
        docs = json.dumps(matches)

        def spelling(kind: str) -> str:
            return f"(SELECT text FROM spellings WHERE kind = '{kind}' AND key = n.key)"

        queries = {
            "topic": "SELECT d.topic, count(*) FROM hits JOIN documents d ON d.rowid = hits.doc "
                     "WHERE d.topic IS NOT NULL GROUP BY d.topic",
            "code": "SELECT (SELECT text FROM spellings WHERE kind = 'code' AND key = c.code_key), count(DISTINCT c.doc) FROM citations c JOIN hits ON hits.doc = c.doc "
                    "WHERE c.code IS NOT NULL GROUP BY c.code_key",
            "official": f"SELECT {spelling('PER')}, count(DISTINCT p.doc) FROM positions p JOIN hits ON hits.doc = p.doc "
                        "JOIN names n ON n.name_id = p.official GROUP BY n.key",
            "person": f"SELECT {spelling('PER')}, count(DISTINCT m.doc) FROM doc_names m JOIN hits ON hits.doc = m.doc "
                      "JOIN names n ON n.name_id = m.name_id WHERE n.label = 'PER' GROUP BY n.key",
            "org": f"SELECT {spelling('ORG')}, count(DISTINCT m.doc) FROM doc_names m JOIN hits ON hits.doc = m.doc "
                   "JOIN names n ON n.name_id = m.name_id WHERE n.label = 'ORG' GROUP BY n.key",
            "month": "SELECT d.month, count(*) FROM hits JOIN documents d ON d.rowid = hits.doc "
                     "WHERE d.month IS NOT NULL GROUP BY d.month",
        }
        result = {}
        for name, sql in queries.items():
            order = "1 DESC" if name == "month" else "2 DESC, 1"
            rows = self._execute(f"WITH hits(doc) AS (SELECT value FROM json_each(?)) {sql} "
                                 f"ORDER BY {order} LIMIT ?", [docs, limit])
            result[name] = pd.DataFrame(rows, columns=["value", "documents"])
        return result

    def citing(self, code: str, *, limit: int | None = None) -> pd.DataFrame:
        """Every citation of `code` (directly or by a short reference resolved to it), by article.

        Columns: id, title, published, code, kind ('full', 'short' or 'entity'), citation (the
        cited phrase), sentence (the sentence around it), start, end (offsets in the article).
        """
        keys = code_keys(code)
        sql = ("SELECT d.id, d.title, d.published, c.code, c.kind, c.start, c.end, c.sentence_start, "
               "c.sentence_end, x.text, c.type, c.issuer, c.date FROM citations c "
               "JOIN documents d ON d.rowid = c.doc JOIN texts x ON x.doc = c.doc "
               f"WHERE c.code_key IN ({','.join('?' * len(keys))}) "
               "ORDER BY d.published IS NULL, d.published, d.id, c.start LIMIT ?")
        rows = [(*r[:9], _unpack(r[9]), *r[10:])
                for r in self._execute(sql, (*keys, -1 if limit is None else int(limit)))]
        records = [{
            "id": r[0], "title": r[1], "published": r[2], "code": r[3], "kind": r[4],
            "citation": r[9][r[5]:r[6]], "sentence": _SPACES.sub(" ", r[9][r[7]:r[8]]).strip(),
            "start": r[5], "end": r[6], "type": r[10], "issuer": r[11], "date": r[12],
        } for r in rows]
        return pd.DataFrame.from_records(records, columns=[
            "id", "title", "published", "code", "kind", "citation", "sentence", "start", "end",
            "type", "issuer", "date"])

    def positions(self, person: str, *, exact: bool = False) -> pd.DataFrame:
        """The positions stated for `person` (whole-word name match), in order of first mention.

        One row per (name, title, organization): first_seen, last_seen (publication dates),
        articles (how many state it) and ids (which).
        """
        column, key = ("exact", _exact_key(person)) if exact else ("key", name_key(person))
        sql = ("SELECT n.text, p.title, p.organization, min(d.published), max(d.published), "
               "count(DISTINCT p.doc), group_concat(DISTINCT d.id) FROM positions p "
               "JOIN names n ON n.name_id = p.official JOIN documents d ON d.rowid = p.doc "
               f"WHERE (' ' || n.{column} || ' ') LIKE ? ESCAPE '\\' "
               "GROUP BY n.key, p.title, p.organization "
               "ORDER BY min(d.published) IS NULL, min(d.published), n.text, p.title")
        rows = self._execute(sql, (_like_words(key),))
        return pd.DataFrame([(*r[:6], sorted(r[6].split(",")) if r[6] else []) for r in rows],
                            columns=["name", "title", "organization", "first_seen", "last_seen",
                                     "articles", "ids"])

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """One indexed article: its fields, text, entities (flat and nested), citations, officials."""
        row = self._conn.execute(
            "SELECT d.rowid, d.id, d.title, d.author, d.section, d.published, d.topic, d.topic_score, "
            "d.source, x.text, x.hidden, x.mentions FROM documents d JOIN texts x ON x.doc = d.rowid WHERE d.id = ?",
            (doc_id,)).fetchone()
        if row is None:
            return None
        keys = ["rowid", "id", "title", "author", "section", "published", "topic", "topic_score",
                "source", "text", "hidden", "mentions"]
        doc = dict(zip(keys, row))
        rowid = doc.pop("rowid")
        doc["hidden"] = json.loads(doc["hidden"]) if doc["hidden"] else []
        doc["text"] = _unpack(doc["text"])
        names = {idx: (name_id, label, text) for idx, name_id, label, text in self._conn.execute(
            "SELECT m.idx, m.name_id, n.label, n.text FROM doc_names m JOIN names n ON n.name_id = m.name_id "
            "WHERE m.doc = ?", (rowid,))}
        # (start, end, label, text, nested), ordered as before: by start, longest first, then name id
        ents = sorted(((s, e, names[i][1], names[i][2], n, names[i][0]) for s, e, i, n in _entities_of(doc.pop("mentions"))),
                      key=lambda m: (m[0], -m[1], m[5]))
        doc["entities"] = [{"start": s, "end": e, "label": lab, "text": t} for s, e, lab, t, n, _ in ents if not n]
        doc["nested"] = [{"start": s, "end": e, "label": lab, "text": t} for s, e, lab, t, n, _ in ents if n]
        cites = self._conn.execute(
            "SELECT kind, start, end, code, type, issuer, date FROM citations WHERE doc = ? ORDER BY start",
            (rowid,)).fetchall()
        doc["citations"] = [dict(zip(["kind", "start", "end", "code", "type", "issuer", "date"], c))
                            for c in cites]
        officials = self._conn.execute(
            "SELECT n.text, p.honorific, p.title, p.organization FROM positions p JOIN names n "
            "ON n.name_id = p.official WHERE p.doc = ? ORDER BY p.idx, p.pos", (rowid,)).fetchall()
        doc["officials"] = [dict(zip(["name", "honorific", "title", "organization"], o)) for o in officials]
        return doc

    def stats(self) -> dict[str, int]:
        """Row counts of the index (documents, entities, citations, positions, names)."""
        counts = {table: self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                  for table in ("documents", "texts", "citations", "positions", "names")}
        # 16 bytes a mention (`_entities_of`)
        counts["mentions"] = self._conn.execute("SELECT coalesce(sum(length(mentions)), 0) / 16 FROM texts").fetchone()[0]
        return counts


class _FacetArrays:
    """Every facet as arrays of (document rowid, value number), one pair per document and value,
    so that counting a large set of matches is one `numpy.bincount` per facet instead of a join
    over every entity of every match. Loaded once per database file (and its version) per process.

    Counts, values and order are the ones of the SQL of `Corpus.facets` (a test checks both).
    """

    _loaded: dict[str, tuple[tuple[int, int], _FacetArrays]] = {}
    _lock = threading.Lock()

    def __init__(self, conn: sqlite3.Connection):
        import numpy as np

        def ints(sql: str) -> list[np.ndarray]:
            """The columns of a one-row `group_concat` query as arrays: two strings instead of a
            million rows through Python."""
            return [np.fromstring(text, dtype=np.int64, sep=",") if text else np.zeros(0, dtype=np.int64)
                    for text in conn.execute(sql).fetchone()]

        self.facets: dict[str, tuple[np.ndarray, np.ndarray, list[str], np.ndarray]] = {}
        self.size = (conn.execute("SELECT max(rowid) FROM documents").fetchone()[0] or 0) + 1
        size = (conn.execute("SELECT max(name_id) FROM names").fetchone()[0] or 0) + 1
        # name id -> number of its key, per label; a key shows its most frequent spelling
        numbers = {label: np.full(size, -1, dtype=np.int64) for label in ("PER", "ORG")}
        spellings: dict[str, list[str]] = {"PER": [], "ORG": []}
        for label in ("PER", "ORG"):
            ids, keys, last = [], [], None
            for name_id, key, text in conn.execute(
                    "SELECT n.name_id, n.key, s.text FROM names n JOIN spellings s ON s.kind = n.label "
                    "AND s.key = n.key WHERE n.label = ? ORDER BY n.key", (label,)):
                if key != last:
                    spellings[label].append(text)
                    last = key
                ids.append(name_id)
                keys.append(len(spellings[label]) - 1)
            numbers[label][np.array(ids, dtype=np.int64)] = keys
        docs, name_ids = ints("SELECT group_concat(doc), group_concat(name_id) FROM doc_names")
        for facet, label in (("person", "PER"), ("org", "ORG")):
            values = numbers[label][name_ids]
            keep = values >= 0
            self.facets[facet] = self._distinct(docs[keep], values[keep], spellings[label])
        docs, officials = ints("SELECT group_concat(doc), group_concat(official) FROM positions")
        values = numbers["PER"][officials]
        keep = values >= 0
        self.facets["official"] = self._distinct(docs[keep], values[keep], spellings["PER"])
        for facet, sql in (("topic", "SELECT rowid, topic, topic FROM documents WHERE topic IS NOT NULL"),
                           ("code", "SELECT c.doc, c.code_key, s.text FROM citations c JOIN spellings s "
                                    "ON s.kind = 'code' AND s.key = c.code_key WHERE c.code IS NOT NULL"),
                           ("month", "SELECT rowid, month, month FROM documents WHERE month IS NOT NULL")):
            docs, values, labels, last = [], [], [], None
            for doc, key, label in conn.execute(sql + " ORDER BY 2, 3"):
                if key != last:
                    labels.append(label)
                    last = key
                docs.append(doc)
                values.append(len(labels) - 1)
            self.facets[facet] = self._distinct(np.array(docs, dtype=np.int64), np.array(values, dtype=np.int64), labels)

    @staticmethod
    def _distinct(docs, values, labels) -> tuple:
        """(docs, values, labels, rank of each label in code-point order) without repeated pairs."""
        import numpy as np

        pairs = np.sort(docs * (len(labels) + 1) + values, kind="stable")  # radix sort
        pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
        rank = np.empty(len(labels), dtype=np.int64)
        rank[np.argsort(np.array(labels, dtype=object), kind="stable")] = np.arange(len(labels))
        return pairs // (len(labels) + 1), pairs % (len(labels) + 1), labels, rank

    @classmethod
    def of(cls, corpus: Corpus) -> _FacetArrays:
        path = str(corpus.path.resolve())
        stat = corpus.path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
        with cls._lock:
            loaded = cls._loaded.get(path)
            if loaded is None or loaded[0] != version:
                loaded = cls._loaded[path] = (version, cls(corpus._conn))
        return loaded[1]

    def counts(self, docs: list[int], limit: int) -> dict[str, pd.DataFrame]:
        import numpy as np

        mask = np.zeros(self.size, dtype=bool)
        mask[np.asarray(docs, dtype=np.int64)] = True
        result = {}
        for facet in ("topic", "code", "official", "person", "org", "month"):
            doc_of, values, labels, rank = self.facets[facet]
            counts = np.bincount(values[mask[doc_of]], minlength=len(labels))
            present = np.flatnonzero(counts)
            # most documents first, then by value; months newest first
            order = (np.argsort(-rank[present]) if facet == "month"
                     else np.lexsort((rank[present], -counts[present])))
            top = present[order[:limit]] if limit >= 0 else present[order]
            result[facet] = pd.DataFrame([(labels[i], int(counts[i])) for i in top], columns=["value", "documents"])
        return result


def _snippet(body: str, patterns: list[re.Pattern[str]], words: int) -> tuple[str, list[tuple[int, int]]]:
    """About `words` words of `body` around the densest matches of the first pattern that matches
    at all, and the match spans inside that window (whitespace runs shown as one space)."""
    pattern, matches = None, []
    for candidate in patterns:
        matches = [m.start() for m in candidate.finditer(body)]
        if matches:
            pattern = candidate
            break
    width = words * _CHARS_PER_WORD
    first = 0
    if matches:
        # Slide a window of `width` characters over the match starts; keep the fullest.
        best, best_count, j = 0, -1, 0
        for i, at in enumerate(matches):
            while matches[j] < at - width:
                j += 1
            if i - j + 1 > best_count:
                best, best_count = matches[j], i - j + 1
        first = max(0, best - width // 5)
        if first:  # start on a word
            space = body.rfind(" ", 0, first + 1)
            first = space + 1 if space >= 0 else 0
    last = first + width
    if last < len(body):  # end on a word
        space = body.find(" ", last)
        last = space if space >= 0 else len(body)
    text = _SPACES.sub(" ", body[first:last]).strip()
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(text) if pattern else ():
        s, e = match.span()
        if spans and text[spans[-1][1]:s].isspace():  # "[Kết] [luận]" reads better as "[Kết luận]"
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    prefix = "… " if body[:first].strip() else ""
    suffix = " …" if body[last:].strip() else ""
    return prefix + text + suffix, [(s + len(prefix), e + len(prefix)) for s, e in spans]
