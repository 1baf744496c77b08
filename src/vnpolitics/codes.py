"""The grammar of Vietnamese Party and state document codes: parse one, find them all in a text.

Pure Python, no spaCy. The families follow `DOC_CODES.md` §1:

    PARTY    28-NQ/TU, 01-KL/TW, 317-QĐ/TWĐTN-TNTH
    NORM     30/2020/NĐ-CP, 59/2020/QH14, 55/2005/TTLT-BNV-VPCP
    ADMIN    1234/QĐ-TTg, 1663/NQ-UBTVQH15
    CONGVAN  1569/HQHCM-TCCB, 526/UBND-TNMT
    VBHN     09/VBHN-BQP
    OLD      100/TTg, 386-QĐ/UB, 64-CP

and the noise of §3 (spaces around separators, en dashes, lowercase, missing Đ, 961A, 66.7,
181/QĐ-TW written for 181-QĐ/TW) while look-alikes (list items, dates, ratios, units, scores,
plates) are rejected. Abbreviation tables are the data files in `vnpolitics/data/codes/`.

>>> parse_code("28-NQ/TU").canonical, parse_code("56/2012/nĐ-cp").canonical
('28-NQ/TU', '56/2012/NĐ-CP')
>>> [(s, e, c.canonical) for s, e, c in find_codes("Chỉ thị số 05- CT/TW ngày 15/5/2016")]
[(11, 20, '05-CT/TW')]

`find_codes` runs in linear time: the candidate pattern has only bounded repetitions, and each
candidate is interpreted with a constant amount of work.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from .resources import data_path

__all__ = ["DocumentCode", "Abbreviation", "parse_code", "find_codes", "abbreviations",
           "type_name", "DASHES"]

# Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus: all read as "-".
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_SPACE = "[ \t\u00a0]{0,2}"
_SEP = f"{_SPACE}[{DASHES}/]{_SPACE}"
# A piece is a 4-digit year or an abbreviation (letters then letters/digits: QH14, TWĐTN, SVH&TT).
_PIECE = r"(?:\d{4}(?!\d)|[^\W\d_](?:[^\W_]|&(?=[^\W\d_])){0,15}(?![^\W_]|&))"
_NUM = r"\d{1,5}(?:\.\d{1,3})?[A-Za-z]?(?![^\W_])"
# Not inside a number, a slug or a standard's number (QCVN 01:2013/BCT).
_CANDIDATE = re.compile(
    rf"(?<![^\W_])(?<![{DASHES}/])(?<!\d[.:])({_NUM})((?:{_SEP}{_PIECE}){{1,8}})"
)
_STANDARD_BEFORE = re.compile(r"\d\s?:\s?$")
# A slash before two letters or a year, or a dash before a type and a slash (28-NQ/, 19-2017/) or an
# old issuer (64-CP); the scan for it runs in C (separators are rare), and it must come after
# a digit (or a digit and a letter, with up to two spaces) that does not end a number glued to
# another separator or a letter ("1-1-1", "/2020/", "A0-A"): fixed-width lookbehinds, tried
# only at separators.
_SPACE_CLASS = "[ \\t\\u00a0]"
_AFTER_NUMBER = "|".join(f"(?<=\\d{suffix}{space}.)" for suffix in ("", "[A-Za-z]")
                         for space in ("", _SPACE_CLASS, _SPACE_CLASS * 2))
_NOT_GLUED = "".join(f"(?<![{DASHES}/]\\d{{{n}}}.)(?<![^\\W\\d_]\\d{{{n}}}.)" for n in range(1, 6))
_ANCHOR = re.compile(
    rf"(?:[{DASHES}](?={_SPACE}(?:\d{{4}}/|[^\W\d_][^\W_]{{0,7}}{_SPACE}/|(?i:cp|hđbt|ttg)(?![^\W_])))"  # 28-NQ/, 64-CP
    rf"|/(?={_SPACE}(?:[^\W\d_][^\W_]|[Ll]{_SEP}|\d{{4}}(?!\d))))(?:{_AFTER_NUMBER}){_NOT_GLUED}")

_PIECES = re.compile(rf"{_SPACE}([{DASHES}/]){_SPACE}({_PIECE})")
_YEAR = re.compile(r"(?:19[4-9]\d|20\d\d)")
_TERM = re.compile(r"(UBTVQH|QH)(\d{1,2})", re.IGNORECASE)
# Old state forms "64-CP", "217-HĐBT", "100/TTg": the only single-piece codes accepted.
_OLD_SINGLE = {"CP", "HĐBT", "TTg"}
_ROMAN = {11: "XI", 12: "XII", 13: "XIII", 14: "XIV", 15: "XV", 16: "XVI", 10: "X", 9: "IX"}


@dataclass(frozen=True)
class DocumentCode:
    """A parsed document code.

    `family` is one of party, norm, admin, congvan, vbhn, old; `system` is party or state.
    `number` keeps the written digits (leading zeros, letter suffix, decimal part).

    >>> parse_code("30/2020/NĐ-CP")
    DocumentCode(number='30', year=2020, system='state', type='NĐ', type_name='Nghị định', issuer='CP', issuer_name='Chính phủ', department=None, canonical='30/2020/NĐ-CP', family='norm')
    """

    number: str
    year: int | None
    system: str
    type: str | None
    type_name: str | None
    issuer: str
    issuer_name: str | None
    department: str | None
    canonical: str
    family: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Abbreviation:
    """One row of an abbreviation table: canonical spelling and its meaning."""

    abbreviation: str
    name: str


def _key(text: str) -> str:
    return text.casefold()


@lru_cache(maxsize=None)
def abbreviations(table: str) -> dict[str, Abbreviation]:
    """The abbreviation table `table` (party_types, state_types, party_issuers, state_issuers),
    keyed by the case-folded spelling and its accepted variants (QD for QĐ).

    >>> abbreviations("party_types")["tt"].name, abbreviations("state_types")["tt"].name
    ('Thông tri', 'Thông tư')
    """
    path = data_path("codes", f"{table}.tsv")
    if not path.exists():
        raise FileNotFoundError(f"no abbreviation table {table!r} ({path} does not exist)")
    rows: dict[str, Abbreviation] = {}
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            raise ValueError(f"{path}:{line_no}: expected 'abbreviation<TAB>name', got {line!r}")
        entry = Abbreviation(fields[0], fields[1])
        for spelling in [fields[0], *(v for v in (fields[2].split(",") if len(fields) > 2 else []) if v)]:
            rows.setdefault(_key(spelling.strip()), entry)
    return rows


def type_name(abbreviation: str, system: str) -> str | None:
    """The document type an abbreviation stands for in `system` ("party" or "state").

    >>> type_name("TT", "party"), type_name("TT", "state")
    ('Thông tri', 'Thông tư')
    """
    entry = abbreviations(f"{system}_types").get(_key(abbreviation))
    return entry.name if entry else None


def _lookup(table: str, piece: str) -> Abbreviation | None:
    return abbreviations(table).get(_key(piece))


def _term_issuer(piece: str) -> Abbreviation | None:
    match = _TERM.fullmatch(piece)
    if not match:
        return None
    organ, term = match.group(1).upper(), int(match.group(2))
    name = "Quốc hội" if organ == "QH" else "Ủy ban Thường vụ Quốc hội"
    roman = _ROMAN.get(term)
    return Abbreviation(f"{organ}{term}", f"{name} khóa {roman}" if roman else name)


def _looks_abbreviated(piece: str, min_upper: int = 2, letter_digits: bool = True) -> bool:
    """An abbreviation not in the tables must look like one: upper-case first, at most one
    lower-case letter (TTg, QĐi), and `min_upper` capitals or a capital and digits (C46, X11)."""
    if len(piece) < 2 or not piece[0].isupper():
        return False
    upper = sum(ch.isupper() for ch in piece)
    lower = sum(ch.islower() for ch in piece)
    if lower > 1:
        return False
    return upper >= min_upper or (letter_digits and upper == 1 and piece[1:].isdigit())


def _state_issuer(piece: str, strict: bool = False) -> Abbreviation | None:
    """A known state issuer, a QH/UBTVQH term, or (unless strict) any abbreviation-shaped piece."""
    entry = _term_issuer(piece) or _lookup("state_issuers", piece)
    if entry is None and not strict and _looks_abbreviated(piece):
        entry = Abbreviation(piece, "")
    return entry


def _party_issuer(piece: str) -> Abbreviation | None:
    entry = _lookup("party_issuers", piece)
    if entry is None and _looks_abbreviated(piece) and _lookup("state_issuers", piece) is None:
        entry = Abbreviation(piece, "")
    return entry


def _unit(piece: str) -> str | None:
    entry = _lookup("state_issuers", piece) or _lookup("party_issuers", piece)
    if entry:
        return entry.abbreviation
    # a unit may be a capital and a small letter (4708/BKHĐT-Th)
    return piece if _looks_abbreviated(piece) or (len(piece) == 2 and piece.istitle()) else None


def _number(written: str) -> str:
    return written  # as written: 961A, 30a (Nghị quyết 30a/2008/NQ-CP), 66.7


def _make(number, year, system, type_entry, issuers, department, family, canonical) -> DocumentCode:
    names = [e.name for e in issuers if e.name]
    return DocumentCode(
        number=number, year=year, system=system,
        type=type_entry.abbreviation if type_entry else None,
        type_name=type_entry.name if type_entry else None,
        issuer="-".join(e.abbreviation for e in issuers),
        issuer_name="; ".join(names) if len(names) == len(issuers) else None,
        department=department, canonical=canonical, family=family,
    )


def _interpret(number: str, seps: str, pieces: list[str]) -> DocumentCode | None:
    """Read a number and its separated pieces as one code family, or None."""
    n = len(pieces)
    if seps[0] == "-" and _YEAR.fullmatch(pieces[0]) and seps[1:2] == "/":
        # 19-2017/NQ-CP: the dash form some Government resolutions carry officially.
        code = _interpret(number, "/" + seps[1:], pieces)
        if code is None or code.type is None:
            return None
        return DocumentCode(**{**asdict(code), "canonical": code.canonical.replace("/", "-", 1)})
    if seps[0] == "-":
        if n == 1:  # old state form: 64-CP
            entry = _lookup("state_issuers", pieces[0])
            if entry and entry.abbreviation in _OLD_SINGLE:
                return _make(number, None, "state", None, [entry], None, "old",
                             f"{number}-{entry.abbreviation}")
            return None
        if seps[1] != "/" or n > 3 or (n == 3 and seps[2] != "-"):
            return None
        department = _unit(pieces[2]) if n == 3 else None
        if n == 3 and department is None:
            return None
        suffix = f"-{department}" if department else ""
        kind = _lookup("party_types", pieces[0])
        issuer = _party_issuer(pieces[1]) if kind else None
        if kind and issuer:
            return _make(number, None, "party", kind, [issuer], department, "party",
                         f"{number}-{kind.abbreviation}/{issuer.abbreviation}{suffix}")
        kind = _lookup("state_types", pieces[0])
        issuer = _state_issuer(pieces[1], strict=True) if kind else None
        if kind and issuer:  # pre-2000 state form: 386-QĐ/UB
            return _make(number, None, "state", kind, [issuer], department, "old",
                         f"{number}-{kind.abbreviation}/{issuer.abbreviation}{suffix}")
        return None
    # seps[0] == "/"
    if _YEAR.fullmatch(pieces[0]):
        year, rest, rest_seps = int(pieces[0]), pieces[1:], seps[1:]
        if not rest or any(p.isdigit() for p in rest):
            return None
        if len(rest) == 1:  # 59/2020/QH14, and the typo 06/2022-QH15
            issuer = _term_issuer(rest[0]) or (_lookup("state_issuers", rest[0]) if rest_seps == "/" else None)
            if issuer is None:
                return None
            return _make(number, year, "state", None, [issuer], None, "norm",
                         f"{number}/{year}/{issuer.abbreviation}")
        if rest_seps[0] != "/" or "/" in rest_seps[2:]:  # 32/2013/TT/BTC: a slash for a dash
            return None
        kind = _lookup("state_types", rest[0])
        issuers = [_state_issuer(p) for p in rest[1:]]
        if kind is None or not all(issuers):
            return None
        return _make(number, year, "state", kind, issuers, None, "norm",
                     f"{number}/{year}/{kind.abbreviation}-" + "-".join(e.abbreviation for e in issuers))
    if seps[:2] == "//" and n == 2 and (_lookup("state_types", pieces[0]) or _lookup("party_types", pieces[0])):
        seps = "/-"  # 324/CV/HHLTVN, 25/BC/UBND: a slash for the dash after the type
    if "/" in seps[1:] or any(p.isdigit() for p in pieces):
        return None
    if n == 1:  # old state form 100/TTg; a letter's number and its issuer only: 464/BNV
        entry = _term_issuer(pieces[0]) or _lookup("state_issuers", pieces[0])
        if number[-1].isalpha() or not _looks_abbreviated(pieces[0], 2 if entry else 3, False):
            return None
        if entry and entry.abbreviation in _OLD_SINGLE:
            return _make(number, None, "state", None, [entry], None, "old",
                         f"{number}/{entry.abbreviation}")
        entry = entry or Abbreviation(pieces[0], "")
        return _make(number, None, "state", None, [entry], None, "congvan",
                     f"{number}/{entry.abbreviation}")
    if n > 3:
        return None
    department = _unit(pieces[2]) if n == 3 else None
    if n == 3 and department is None:
        return None
    suffix = f"-{department}" if department else ""
    if _key(pieces[0]) == "vbhn":
        issuer = _state_issuer(pieces[1])
        if issuer is None:
            return None
        return _make(number, None, "state", _lookup("state_types", "VBHN"), [issuer], department,
                     "vbhn", f"{number}/VBHN-{issuer.abbreviation}{suffix}")
    party_kind = _lookup("party_types", pieces[0])
    party_issuer = _lookup("party_issuers", pieces[1])
    if party_kind and party_issuer and _lookup("state_issuers", pieces[1]) is None:
        # 181/QĐ-TW written for 181-QĐ/TW: the issuer only exists in Party codes.
        return _make(number, None, "party", party_kind, [party_issuer], department, "party",
                     f"{number}-{party_kind.abbreviation}/{party_issuer.abbreviation}{suffix}")
    kind = _lookup("state_types", pieces[0])
    if kind is not None:
        issuer = _state_issuer(pieces[1])
        if issuer is None:
            return None
        return _make(number, None, "state", kind, [issuer], department, "admin",
                     f"{number}/{kind.abbreviation}-{issuer.abbreviation}{suffix}")
    issuer = _state_issuer(pieces[0])
    unit = _unit(pieces[1])
    if issuer is None or unit is None or n == 3 or not _looks_abbreviated(pieces[0]) and issuer.name == "":
        return None
    return _make(number, None, "state", None, [issuer], unit, "congvan",
                 f"{number}/{issuer.abbreviation}-{unit}")


def _longest_reading(number: str, tail: str, tail_start: int) -> tuple[int, DocumentCode] | None:
    """The longest prefix of the pieces that reads as a code: (end offset, code)."""
    reading = _reading(number, tail)
    return None if reading is None else (tail_start + reading[0], reading[1])


@lru_cache(maxsize=8192)  # news repeats its codes; so do adversarial strings
def _reading(number: str, tail: str) -> tuple[int, DocumentCode] | None:
    seps, pieces, ends = "", [], []
    for match in _PIECES.finditer(tail):
        sep = "/" if match.group(1) == "/" else "-"
        for i, piece in enumerate(_split_glued(match.group(2)) if "/" in seps + sep else [match.group(2)]):
            seps, pieces, ends = seps + (sep if i == 0 else "-"), pieces + [piece], ends + [match.end()]
    for n in range(len(pieces), 0, -1):
        if n < len(pieces) and ends[n - 1] == ends[n]:
            continue  # never end inside a glued piece
        code = _interpret(_number(number), seps[:n], pieces[:n])
        if code is not None:
            return ends[n - 1], code
    return None


def _split_glued(piece: str) -> list[str]:
    """QĐUB, NĐCP: a state type glued to a known issuer, read as QĐ-UB, NĐ-CP."""
    if _lookup("state_issuers", piece) or _lookup("state_types", piece) or _lookup("party_issuers", piece):
        return [piece]
    for cut in (2, 3):
        head, rest = piece[:cut], piece[cut:]
        if head.isupper() and rest and _lookup("state_types", head) and _lookup("state_issuers", rest):
            return [head, rest]
    return [piece]


def parse_code(text: str) -> DocumentCode | None:
    """Parse one code written alone (surrounding spaces allowed); None if it is not a code.

    >>> parse_code("07 - NQ/HU").canonical, parse_code("181/QĐ-TW").canonical
    ('07-NQ/HU', '181-QĐ/TW')
    >>> parse_code("2-0") is None, parse_code("10/2025") is None
    (True, True)
    """
    stripped = text.strip()
    match = _CANDIDATE.fullmatch(stripped)
    if match is None:
        return None
    reading = _longest_reading(match.group(1), match.group(2), match.start(2))
    if reading is None or reading[0] != len(stripped):
        return None
    return reading[1]


def _number_start(text: str, end: int) -> int | None:
    """Where the number before a separator at `end` starts (digits, a decimal part, a letter),
    read backwards by hand: a cheap filter, `_CANDIDATE` decides."""
    i = end
    while i > 0 and end - i < 2 and text[i - 1] in " \t\u00a0":
        i -= 1
    if i > 0 and text[i - 1].isascii() and text[i - 1].isalpha():
        i -= 1
    digits_end = i
    while i > 0 and digits_end - i < 5 and text[i - 1].isdigit():
        i -= 1
    if i == digits_end:
        return None
    if i > 1 and text[i - 1] == "." and text[i - 2].isdigit() and digits_end - i <= 3:
        j = i - 1
        while j > 0 and i - 1 - j < 5 and text[j - 1].isdigit():
            j -= 1
        return j
    return i


def find_codes(text: str) -> list[tuple[int, int, DocumentCode]]:
    """Every document code in `text` as (start, end, code), offsets into `text`.

    >>> [c.canonical for _, _, c in find_codes("theo Nghị định 30/2020/ND-CP và Quyết định 1234/QĐ-TTg")]
    ['30/2020/NĐ-CP', '1234/QĐ-TTg']
    """
    found: list[tuple[int, int, DocumentCode]] = []
    last_end = 0
    # Scan for what every code has and little else has, a separator then a letter or a year,
    # and read the number before it: text full of digits and dashes costs nothing.
    for anchor in _ANCHOR.finditer(text):
        at = anchor.start()
        if at <= last_end and found:
            continue
        start = _number_start(text, at)
        if start is None or start < last_end:
            continue
        match = _CANDIDATE.match(text, start)
        if match is None or _STANDARD_BEFORE.search(text, max(0, match.start() - 4), match.start()):
            continue  # QCVN 01: 2013/BCT is a technical standard, not a document code
        reading = _longest_reading(match.group(1), match.group(2), match.start(2))
        if reading is not None:
            found.append((match.start(), reading[0], reading[1]))
            last_end = reading[0]
    return found
