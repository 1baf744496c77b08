"""Citations of Party and state documents: the phrase around a code, short references, issuers.

A citation (`DOC_CODES.md` §4) is read around each code that `vnpolitics.codes.find_codes`
finds: the type name before it ("Nghị quyết số"), then in any order the date, "của" + the
issuing organ (matched with the organ grammar of `vnpolitics.organs`, so commas and "và" inside
names are kept), "(khóa XII)", "về" + the subject and an alias in parentheses. A short reference
("Chỉ thị 05 của Bộ Chính trị", "Nghị quyết 28") is a citation without a code, linked by
`refers_to` to the full citation with the same type and number. Local issuers (TU, HU, UBND…)
are resolved to the organ named in the citation or, failing that, in the article.

>>> text = ("Chiều 14/6, Đảng ủy Khu kinh tế Hải Phòng sơ kết Nghị quyết số 28-NQ/TU ngày 10/11/2009 "
...         "của Ban Thường vụ Thành ủy về “Xây dựng tổ chức Đảng”. Nghị quyết 28 đã đi vào cuộc sống.")
>>> full, short = find_citations(text)
>>> full.text, full.date, full.issuer_resolved, full.subject
('Nghị quyết số 28-NQ/TU ngày 10/11/2009 của Ban Thường vụ Thành ủy', '2009-11-10', 'Thành ủy Hải Phòng', 'Xây dựng tổ chức Đảng')
>>> short.text, short.code, short.refers_to
('Nghị quyết 28', None, 0)
"""
from __future__ import annotations

import datetime
import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, replace
from functools import lru_cache

from .codes import DocumentCode, abbreviations, find_codes, parse_code  # noqa: F401 (doctests)
from .resources import data_path
from .text import normalize_text
from .text.normalize import normalize

__all__ = ["Citation", "find_citations", "read_citations", "parse_date", "resolve_issuer", "central_organ",
           "type_names"]

_MAX_SUBJECT = 300
_YEAR_NOT_NUMBER = re.compile(r"(?:19[4-9]\d|20[0-3]\d)")


@dataclass(frozen=True)
class Citation:
    """One citation of a document; `to_dict()` gives the SCHEMA `doc_refs` entry.

    Offsets are into the text given to `find_citations`. `code` is None for a short reference,
    whose `refers_to` is the index (in the same list) of the full citation it points to.
    """

    start: int
    end: int
    text: str
    code: str | None
    code_span: tuple[int, int] | None
    system: str | None
    number: str | None
    year: int | None
    type: str | None
    type_name: str | None
    issuer: str | None
    issuer_name: str | None
    issuer_span: tuple[int, int] | None
    issuer_resolved: str | None
    date: str | None
    subject: str | None
    refers_to: int | None = None
    term: str | None = None
    alias: str | None = None
    ref_span: tuple[int, int] | None = None  # type name through the code or number

    @classmethod
    def from_dict(cls, data: dict) -> "Citation":
        """The inverse of `to_dict`."""
        spans = {k: tuple(data[k]) if data.get(k) is not None else None
                 for k in ("code_span", "issuer_span", "ref_span")}
        return cls(**{**data, **spans})

    def to_dict(self) -> dict:
        """The SCHEMA dict (spans as lists)."""
        out = asdict(self)
        for key in ("code_span", "issuer_span", "ref_span"):
            if out[key] is not None:
                out[key] = list(out[key])
        return out


# ------------------------------------------------------------------ vocabularies


@dataclass(frozen=True)
class _TypeName:
    written: str
    party: str | None
    state: str | None
    short: str  # "", "short", "short-lower" or "number" (see type_names.tsv)


def _rows(*parts: str) -> list[list[str]]:
    path = data_path(*parts)
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@lru_cache(maxsize=None)
def type_names() -> dict[str, _TypeName]:
    """Type names as written before codes, keyed by their lower-cased form (abbreviations as is)."""
    table = {}
    for row in _rows("codes", "type_names.tsv"):
        written = row[0]
        entry = _TypeName(written, None if row[1] == "-" else row[1],
                          None if row[2] == "-" else row[2], row[3] if len(row) > 3 else "")
        table[written if written.isupper() else written.lower()] = entry
    return table


def _type_entry(written: str) -> _TypeName | None:
    return type_names().get(written if written.isupper() else written.lower())


@lru_cache(maxsize=None)
def _type_regexes() -> tuple[re.Pattern, re.Pattern]:
    names = sorted(type_names(), key=len, reverse=True)

    def alternation(selected, lower=lambda name: True):
        parts = []
        for name in selected:
            if name.isupper():
                parts.append(re.escape(name))
            else:  # "Nghị quyết", and "nghị quyết" where the name allows it
                first = f"[{name[0].upper()}{name[0]}]" if lower(name) else name[0].upper()
                parts.append(first + re.escape(name[1:]).replace(r"\ ", r"\s+"))
        return "|".join(parts)

    before_code = re.compile(
        rf"(?<![^\W_])({alternation(names)})(?:\s+(?:khẩn|hỏa tốc|hoả tốc))?(?:\s+[Ss]ố)?\s*:?\s*$")
    short = [n for n in names if type_names()[n].short.startswith("short")]
    with_number_word = [n for n in names if type_names()[n].short == "number"]
    number = r"(\d{1,4}[a-z]?)(?:/(\d{4}))?(?![^\W_]|[/\-–]\w|[.,]\d)"
    short_ref = re.compile(
        rf"(?<![^\W_])(?:({alternation(short, lambda n: type_names()[n].short == 'short-lower')})"
        rf"\s+(?:[Ss]ố\s*:?\s*)?|({alternation(with_number_word)})\s+[Ss]ố\s*:?\s*){number}"
    )
    return before_code, short_ref


@lru_cache(maxsize=None)
def _central_organs() -> dict[str, str]:
    return {_organ_key(row[0]): row[1] for row in _rows("codes", "central_organs.tsv")}


def _organ_key(name: str) -> str:
    return normalize_text(" ".join(name.split())).casefold()


_TERM_SUFFIX = re.compile(r"\s*\(?\s*kho[áa]\s+[\wivxlc]+\s*\)?$")
_CENTRAL_SUFFIX = re.compile(r"\s+(?:trung ương đảng|t\.ư đảng|tw đảng|trung ương|t\.ư|tư|tw)$")


def central_organ(name: str) -> str | None:
    """The resolved name of a central organ as written ("Ban Bí thư T.Ư Đảng", "Bộ Chính trị
    khóa XII", "Ban chấp hành Trung ương Đảng khóa XI"), or None.

    >>> central_organ("Ban Bí thư T.Ư Đảng"), central_organ("UBND tỉnh Nam Định")
    ('Ban Bí thư', None)
    """
    key = _TERM_SUFFIX.sub("", _organ_key(name))
    table = _central_organs()
    if key in table:
        return table[key]
    short = _CENTRAL_SUFFIX.sub("", key)
    return table.get(short) if short in (_organ_key("Bộ Chính trị"), _organ_key("Ban Bí thư")) else None


@lru_cache(maxsize=None)
def _cities() -> frozenset[str]:
    return frozenset(normalize_text(r[0]) for r in _rows("codes", "cities.txt"))


@lru_cache(maxsize=None)
def _province_regex() -> re.Pattern:
    names = sorted(_provinces(), key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(n) for n in names) + r")(?![^\W_])")


@lru_cache(maxsize=None)
def _provinces() -> frozenset[str]:
    rows = _rows("organs", "places.tsv") + _rows("organs", "places_extra.tsv")
    return frozenset(normalize_text(r[0]) for r in rows if len(r) > 1 and r[1] == "province")


# ------------------------------------------------------------------ dates

_DATE_NUMERIC = re.compile(
    r"(?:(?:ban hành|ký|được ký|được ban hành)\s+)?(?:[Nn]gày\s+)?(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4})(?!\d)"
)
_DATE_WORDS = re.compile(
    r"(?:(?:ban hành|ký|được ký|được ban hành)\s+)?[Nn]gày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})(?!\d)"
)


def parse_date(text: str) -> str | None:
    """A date written as news writes it, in ISO form; None if it is not a valid date.

    >>> parse_date("ngày 10/11/2009"), parse_date("4-7-2017"), parse_date("ngày 4 tháng 7 năm 2017")
    ('2009-11-10', '2017-07-04', '2017-07-04')
    """
    match = _date_at(text.strip(), 0)
    return match[1] if match and match[0] == len(text.strip()) else None


def _date_at(text: str, pos: int) -> tuple[int, str] | None:
    """(end, ISO date) of a date starting at `pos`."""
    for pattern in (_DATE_WORDS, _DATE_NUMERIC):
        match = pattern.match(text, pos)
        if match is None:
            continue
        groups = match.groups()
        day, month, year = (groups[0], groups[2], groups[3]) if len(groups) == 4 else groups
        try:
            return match.end(), datetime.date(int(year), int(month), int(day)).isoformat()
        except ValueError:
            return None
    return None


# ------------------------------------------------------------------ the phrase after a code

_SPACES = re.compile(r"[ \t\u00a0]*(?:,[ \t\u00a0]*)?")
_OF = re.compile(r"(?:do|của)\s+")
_TITLE = re.compile(
    r"(?:Phó\s+)?(?:Thủ tướng|Chủ tịch|Bộ trưởng|Thứ trưởng|Thống đốc|Tổng Thanh tra|Giám đốc|Chánh án|"
    r"Viện trưởng|Cục trưởng|Tổng cục trưởng|Chánh [Tt]hanh tra|Trưởng [Bb]an|Bí thư)\s+")
# Head words of organs the organ grammar may not know ("Cục thuế Hà Tĩnh", "Hiệp hội …").
_ORGAN_HEAD = re.compile(
    r"(?:Bộ(?!\s+(?:trưởng|luật|đội|phận))|Tổng cục|Chi cục|Cục|Sở|Thanh tra|Ban|Văn phòng|Hiệp hội|Trung tâm|Tập đoàn|Hội đồng|Ủy ban|Uỷ ban|"
    r"Viện|Tòa án|Bảo hiểm xã hội|Đảng ủy|Đảng uỷ|Công an|Kho bạc|Ngân hàng|Tổng Liên đoàn|Liên đoàn)"
    r"(?!\s+(?:trưởng|phó))\b")
_PHRASE_STOP = re.compile(
    r"\s+(?:về|ngày|số|đã|có|vừa|mới|cũng|được|theo|tại|với|là|trong|để|nhằm|gửi|ký|ban hành|quy định|"
    r"hướng dẫn|sửa|cho|khi|do|thì|mà|nêu|yêu|giao|cấp|xử|trả|kết|đối|đề|thông|giải|năm|tháng|này|"
    r"trên|nhưng|và|chỉ|ra|lên|đang|sẽ|không|cử|của|khóa|khoá)(?![^\W_])|\s*[,.;:()“”\"–—]|\s+-\s|\n")
_MAX_PHRASE_WORDS = 8
_COORDINATION = re.compile(r"\s*[,;]?\s*(?:và\s+)?(?:[Ss]ố\s+)?")
_VERB_INSIDE = re.compile(r"\s+(?:đang|đã|có|vừa|mới|sẽ|được|về|ngày|theo|tại|với|là|để|nhằm|gửi|ký|ban hành)(?![^\W_])")
_TERM = re.compile(r"\(\s*[Kk]h[óoọ]a\s+([IVXLC]+)\s*\)")
_ABOUT = re.compile(r"về(?:\s+việc)?\s*:?\s*")
_QUOTED = re.compile(r"[“\"«]([^”\"»\n]{1,400})[”\"»]")
_CLAUSE_END = re.compile(r"[.;\n…]|\s+[-–]\s+(?=[A-ZĐ])|,\s+(?:gắn với|đồng thời|theo đó|trong đó|nhằm|qua đó|từ đó)\b")
_ALIAS = re.compile(r"\s*\(\s*(?:sau đây\s+)?(?:gọi tắt là\s+|gọi tắt\s+|viết tắt là\s+)?[“\"]?([^()\n“”\"]{2,60}?)[”\"]?\s*\)")
_JOIN = re.compile(r"\s*(?:,|và|,\s*và)\s+")


def _organ_at(organs_by_start: dict[int, tuple[int, object]], pos: int) -> int | None:
    hit = organs_by_start.get(pos)
    return hit[0] if hit else None


def _phrase_at(text: str, pos: int) -> int | None:
    """End of an organ named by a head word the grammar may not know ("Cục thuế Hà Tĩnh")."""
    head = _ORGAN_HEAD.match(text, pos)
    if head is None:
        return None
    window = text[pos:pos + 100]
    stop = _PHRASE_STOP.search(window, head.end() - pos)
    end = stop.start() if stop else len(window.rstrip())
    words = list(re.finditer(r"\S+", window[:end]))
    for i in range(2, len(words)):  # "Cục thuế Hà Tĩnh xác định": a name ends in capitals
        if words[i].group()[0].islower() and words[i - 1].group()[0].isupper() and words[i - 2].group()[0].isupper() \
                and words[i - 2].start() >= head.end() - pos:
            end = words[i - 1].end()
            break
    place = _province_regex().search(normalize_text(window[:end]))
    if place:  # "Sở VHTT Hà Nội Trương Minh Tiến": the organ ends with its place
        end = place.end()
    words = [w for w in words if w.end() <= end]
    if len(words) > _MAX_PHRASE_WORDS:
        end = words[_MAX_PHRASE_WORDS - 1].end()
    return pos + end


def _organ_end(text: str, pos: int, organs_by_start) -> int | None:
    """End of the organ at `pos`: the organ grammar's, else a phrase led by an organ word."""
    organ = _organ_at(organs_by_start, pos)
    if organ and central_organ(text[pos:organ]):
        return organ
    verb = _VERB_INSIDE.search(text, pos, organ) if organ else None
    if verb:  # "Cục SHTT đang …": no organ name runs on into a verb
        organ = verb.start()
    phrase = _phrase_at(text, pos)  # "Cục Quản lý cạnh tranh" where the grammar stops at "Cục Quản lý"
    return max(organ or 0, phrase or 0) or None


def _issuer_at(text: str, pos: int, organs_by_start) -> tuple[int, int] | None:
    """The issuer phrase at `pos`: organs joined by commas or "và" ("Bộ Chính trị, Ban Bí thư"),
    after an official's title if there is one ("của Chủ tịch UBND tỉnh …")."""
    end = _organ_end(text, pos, organs_by_start)
    if end is None:
        title = _TITLE.match(text, pos)
        if title is None:
            return None
        pos = title.end()
        end = _organ_end(text, pos, organs_by_start)
        if end is None:
            return None
    while True:
        join = _JOIN.match(text, end)
        nxt = _organ_at(organs_by_start, join.end()) if join else None
        if nxt is None:
            return pos, end
        end = nxt


def _read_tail(text: str, pos: int, organs_by_start) -> dict:
    """Date, issuer, term, subject and alias after a code or short reference at `pos`."""
    found: dict = {"end": pos}
    while True:
        step = _SPACES.match(text, pos).end()
        date = None if "date" in found else _date_at(text, step)
        if date:
            found["date"], pos = date[1], date[0]
            found["end"] = pos
            continue
        of = _OF.match(text, step)
        issuer = _issuer_at(text, of.end(), organs_by_start) if of and "issuer" not in found else None
        if issuer:
            found["issuer"], pos = issuer, issuer[1]
            found["end"] = pos
            continue
        term = None if "term" in found else _TERM.match(text, step)
        if term:
            found["term"], pos = term.group(1), term.end()
            found["end"] = pos
            continue
        break
    alias = _ALIAS.match(text, found["end"])
    if alias and _looks_like_alias(alias.group(1)):
        found["alias"] = alias.group(1).strip()
        found["alias_span"] = (alias.start(1), alias.end(1))
        pos = alias.end()
    about = _ABOUT.match(text, _SPACES.match(text, pos).end())
    if about:
        found["subject"], subject_end = _subject_at(text, about.end())
        alias = _ALIAS.match(text, subject_end) if "alias" not in found else None
        if alias and _looks_like_alias(alias.group(1)):
            found["alias"] = alias.group(1).strip()
            found["alias_span"] = (alias.start(1), alias.end(1))
    return found


def _looks_like_alias(alias: str) -> bool:
    """An alias names the document by its type ("Nghị quyết 04", "Chương trình 224"); a bracket
    that abbreviates something else ("(CBCCVC)") is not one."""
    words = alias.split()
    return len(words) >= 2 and any(
        " ".join(words[:n]) in type_names() or " ".join(words[:n]).lower() in type_names() for n in (1, 2, 3))


def _subject_at(text: str, pos: int) -> tuple[str | None, int]:
    """The subject after "về" (quoted, or to the end of the clause) and where it ends."""
    quoted = _QUOTED.match(text, pos)
    if quoted:
        return quoted.group(1).strip(), quoted.end()
    window = text[pos:pos + _MAX_SUBJECT]
    stop = _CLAUSE_END.search(window)
    end = stop.start() if stop else len(window)
    for bracket in re.finditer(r"\(", window[:end]):  # the subject ends at the alias, if any
        alias = _ALIAS.match(window, bracket.start())
        if alias and _looks_like_alias(alias.group(1)):
            end = bracket.start()
            break
    return window[:end].strip(" ,:") or None, pos + len(window[:end].rstrip(" ,:"))


# ------------------------------------------------------------------ issuer resolution

_LOCAL_HEAD = re.compile(
    r"^(?:(?:Ban Thường vụ|Ban thường vụ|BTV|Thường trực|Thường vụ|Ban Chấp hành|Ban chấp hành|BCH)\s+)"
)
_PARTY_BODY = re.compile(r"^Đảng bộ\s+(tỉnh|thành phố|huyện|quận|thị xã)\s+")
_COMMITTEE = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "huyện": "Huyện ủy", "quận": "Quận ủy",
              "thị xã": "Thị ủy"}
_LOCAL_ISSUER_WORD = {"HU": "Huyện ủy", "QU": "Quận ủy", "TX": "Thị ủy"}
_LOCAL_STATE = {"UBND": "UBND", "UB": "UBND", "HĐND": "HĐND", "VPUBND": "UBND"}


def _local_party_abbreviation(issuer: str) -> bool:
    return issuer in {"TU", "HU", "QU", "TX", "ĐU", "ĐUK", "ĐUTCT", "BCSĐ", "BCS", "ĐĐ"} or (
        issuer.endswith(("TU", "HU")) and issuer not in {"TW"})


_OLD_TONE = re.compile(r"([oOuU])([àáảãạÀÁẢÃẠỳýỷỹỵỲÝỶỸỴèéẻẽẹ])(?![^\W_])")


def _modern(text: str) -> str:
    """NFC with the modern tone placement of organ names ("Uỷ" -> "Ủy", "hoà" -> "hòa")."""
    def move(match):
        decomposed = unicodedata.normalize("NFD", match.group(2))
        return unicodedata.normalize("NFC", match.group(1) + decomposed[1:]) + decomposed[0]
    return _OLD_TONE.sub(move, unicodedata.normalize("NFC", text))


def _canonical_local(name: str) -> str:
    """'Ban Thường vụ Thành ủy Hải Phòng' -> 'Thành ủy Hải Phòng'; 'Ủy ban nhân dân tỉnh X' -> 'UBND tỉnh X'."""
    name = _modern(" ".join(name.split()))
    name = _LOCAL_HEAD.sub("", name)
    body = _PARTY_BODY.match(name)
    if body:
        name = _COMMITTEE[body.group(1)] + " " + name[body.end():]
    for long, short in (("Ủy ban nhân dân", "UBND"), ("Uỷ ban nhân dân", "UBND"), ("Hội đồng nhân dân", "HĐND")):
        if name.startswith(long):
            name = short + name[len(long):]
    return name


@dataclass(frozen=True)
class _ArticleContext:
    """What issuer resolution reads from the article: its organs and the places they name."""

    committees: Counter  # "Thành ủy Hải Phòng" -> mentions
    councils: Counter  # "UBND tỉnh Quảng Ninh" -> mentions
    provinces: Counter  # "Hải Phòng" -> mentions (as a place of an organ)
    districts: Counter

    @classmethod
    def read(cls, organs, text: str = "") -> "_ArticleContext":
        committees, councils, provinces, districts = Counter(), Counter(), Counter(), Counter()
        if text:  # provinces named anywhere count once each; organs' places count more below
            provinces.update(m.group(0) for m in _province_regex().finditer(normalize_text(text)))
        for _, _, organ in organs:
            name = _canonical_local(organ.text)
            if organ.place:
                place = _modern(organ.place)
                if normalize_text(place) in _provinces():
                    provinces[normalize_text(place)] += 2
                else:
                    districts[place] += 1
                if name.startswith(("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy")):
                    committees[name] += 1
                elif name.startswith(("UBND", "HĐND")):
                    councils[name] += 1
        return cls(committees, councils, provinces, districts)

    def committee(self, word: str | None) -> str | None:
        """The article's most named committee of that kind ("Thành ủy Hải Phòng")."""
        for name, _ in self.committees.most_common():
            if word is None or name.split(" ", 2)[:2] == word.split(" "):
                return name
        return None

    def province(self) -> str | None:
        return _modern(self.provinces.most_common(1)[0][0]) if self.provinces else None


def _provincial_word(place: str | None) -> str:
    return "Thành ủy" if place and normalize_text(place) in _cities() else "Tỉnh ủy"


def resolve_issuer(code: DocumentCode | None, named: str | None, context: _ArticleContext | None = None) -> str | None:
    """The organ that issued a document: central abbreviations expanded or the organ named,
    local ones completed with the place the article is about.

    >>> resolve_issuer(parse_code("01-KL/TW"), "Bộ Chính trị")
    'Bộ Chính trị'
    >>> resolve_issuer(parse_code("30/2020/NĐ-CP"), None)
    'Chính phủ'
    """
    first = code.issuer.split("-")[0] if code else None
    local_party = code is not None and code.system == "party" and _local_party_abbreviation(first)
    local_state = first in _LOCAL_STATE
    if code is not None and code.system == "state" and not local_state and _central_name(code):
        return _central_name(code)  # the code names a central state organ: it wins over the prose
    if named:
        parts = [central_organ(p) for p in re.split(r",\s*|\s+và\s+", named.strip())]
        if all(parts):
            return ", ".join(dict.fromkeys(parts))
    if named:
        return _complete_local(_canonical_local(named), context)
    if context is None or code is None:
        return None if code is None or local_party or local_state else _central_name(code)
    if local_party:
        if first == "TU":
            found = context.committee("Tỉnh ủy") or context.committee("Thành ủy")
            province = context.province()
            return found or (f"{_provincial_word(province)} {province}" if province else None)
        word = _LOCAL_ISSUER_WORD.get(first)
        return context.committee(word) if word else None
    if local_state:
        return _complete_local(_LOCAL_STATE[first], context)
    return _central_name(code)


_LEVELS = {"tỉnh": "province", "thành": "province", "TP": "province", "TP.": "province", "Tp": "province",
           "huyện": "district", "quận": "district", "thị": "district", "xã": "commune", "phường": "commune"}


def _complete_local(name: str, context: _ArticleContext | None) -> str:
    """A local organ named without its place ("Thành ủy", "UBND tỉnh") completed from the article."""
    words = name.split()
    if context is None:
        return name
    head = " ".join(words[:2])
    if head in ("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy") and len(words) == 2:
        province = context.province()
        return context.committee(head) or (
            f"{head} {province}" if province and head in ("Tỉnh ủy", "Thành ủy") else name)
    if words and words[0] in ("UBND", "HĐND") and (len(words) == 1 or words[1:] in (["tỉnh"], ["thành", "phố"], ["TP"])):
        # the article's council of that level: "UBND tỉnh" is not the "UBND huyện Hữu Lũng" it names
        level = _LEVELS.get(words[1]) if len(words) > 1 else None
        for council, _ in context.councils.most_common():
            parts = council.split()
            if parts[0] == words[0] and len(parts) > 1 and (level is None or _LEVELS.get(parts[1]) == level):
                return council
        province = context.province()
        if province:
            unit = "thành phố" if normalize_text(province) in _cities() else "tỉnh"
            return f"{words[0]} {unit} {province}"
        return name
    if name.endswith(("Tỉnh ủy", "Thành ủy")) and context.province():
        return f"{name} {context.province()}"
    return name


def _known_central(code: DocumentCode) -> bool:
    return _central_name(code) is not None


def _central_name(code: DocumentCode) -> str | None:
    """Expanded name of a central issuer from the code tables (TW, CP, TTg, QH14, BTC…)."""
    first = code.issuer.split("-")[0]
    if code.system == "party":
        entry = abbreviations("party_issuers").get(first.casefold())
        return entry.name if entry and "/" not in entry.name and not _local_party_abbreviation(first) else None
    if first.upper().startswith("UBTVQH"):
        return "Ủy ban Thường vụ Quốc hội"
    if first.upper().startswith("QH"):
        return "Quốc hội"
    entry = abbreviations("state_issuers").get(first.casefold())
    if entry is None or first.split("-")[0] in _LOCAL_STATE:
        return None
    names = [abbreviations("state_issuers").get(p.casefold()) for p in code.issuer.split("-")]
    return ", ".join(e.name for e in names if e) if all(names) else entry.name


# ------------------------------------------------------------------ finding citations


def find_citations(text: str, codes: list[tuple[int, int, DocumentCode]] | None = None,
                   context: str | None = None, organs=None) -> list[Citation]:
    """Every citation in `text`: full ones around codes and short references, in text order.

    `codes` are `find_codes(text)` when already computed; `context` is the whole article when
    `text` is a part of it (issuer resolution reads the article); `organs` are
    `vnpolitics.organs.find_organs(text)` when already computed.
    """
    from .organs import find_organs  # the organ grammar loads its vocabularies on first use

    codes = find_codes(text) if codes is None else codes
    before_code, short_ref = _type_regexes()
    shorts = [m for m in short_ref.finditer(text)
              if not any(s < m.end() and m.start() < e for s, e, _ in codes)]
    if not codes and not shorts:
        return []
    organs = find_organs(text) if organs is None else organs
    organs_by_start = {s: (e, o) for s, e, o in organs}
    article = (_ArticleContext.read(organs, text) if context is None
               else _ArticleContext.read(find_organs(context), context))

    drafts = []
    for code_start, code_end, code in codes:
        head = before_code.search(text, max(0, code_start - 40), code_start)
        start = head.start() if head else code_start
        written_type = head.group(1) if head else None
        tail = _read_tail(text, code_end, organs_by_start)
        issuer_span = tail.get("issuer") or _issuer_before(text, start, organs)
        ref_start = start
        if issuer_span and issuer_span[1] <= start:
            start = issuer_span[0]
        entry = _type_entry(written_type) if written_type else None
        drafts.append(dict(
            start=start, end=tail["end"], code=code.canonical, code_span=(code_start, code_end),
            system=code.system, number=code.number, year=code.year, type=code.type,
            type_name=_written_name(entry) or code.type_name or (
                "Công văn" if code.family == "congvan" else None),
            issuer=code.issuer, issuer_span=issuer_span, date=tail.get("date"),
            subject=tail.get("subject"), term=tail.get("term"), alias=tail.get("alias"),
            ref_span=(ref_start, code_end), _alias_span=tail.get("alias_span"),
            _written=written_type, _code=code))
    alias_spans = [d["_alias_span"] for d in drafts if d["_alias_span"]]
    for match in shorts:
        if any(s <= match.start() < e for s, e in alias_spans):
            continue  # "(Nghị quyết 04)" right after a citation is its alias
        if _YEAR_NOT_NUMBER.fullmatch(match.group(3)) and not re.search(r"[Ss]ố", match.group(0)):
            continue  # "Nghị định 2006": the decree of 2006, not decree No. 2006
        written_type = match.group(1) or match.group(2)
        entry = _type_entry(written_type)
        tail = _read_tail(text, match.end(), organs_by_start)
        kind = entry.party or entry.state if entry else None
        if entry and entry.party and entry.state and entry.party != entry.state:
            kind = None  # Quy định: QĐ in a Party code, QyĐ in a state one
        drafts.append(dict(
            start=match.start(), end=tail["end"], code=None, code_span=None, system=None,
            number=match.group(3), year=int(match.group(4)) if match.group(4) else None,
            type=kind, type_name=_written_name(entry), issuer=None, issuer_span=tail.get("issuer"),
            date=tail.get("date"), subject=tail.get("subject"), term=tail.get("term"),
            alias=tail.get("alias"), ref_span=(match.start(), match.end()), _alias_span=None,
            _written=written_type, _code=None))
    drafts.sort(key=lambda d: (d["start"], d["end"]))
    links = [None if d["code"] else _link(drafts, i) for i, d in enumerate(drafts)]
    # The issuer named at one citation of a document (or at a short reference to it) holds for
    # all its citations in the article: the longest name wins ("Cục Sở hữu trí tuệ" over "Cục SHTT").
    named_for_code: dict[str, str] = {}
    for draft in drafts:
        span = draft["issuer_span"]
        draft["issuer_name"] = text[span[0]:span[1]] if span else None
    # "Quy định số 40-QĐ/TW, ngày … và Quyết định số 343-QĐNS/TW, ngày … của Bộ Chính trị":
    # coordinated codes of one issuer share the organ named after the last of them.
    shared: dict[int, str] = {}
    for i in range(len(drafts) - 2, -1, -1):
        this, nxt = drafts[i], drafts[i + 1]
        name = nxt["issuer_name"] or shared.get(i + 1)
        if (name and this["code"] and nxt["code"] and not this["issuer_name"]
                and this["issuer"] == nxt["issuer"] and _COORDINATION.fullmatch(text, this["end"], nxt["start"])):
            shared[i] = name
    for i, draft in enumerate(drafts):
        draft["issuer_name_shared"] = shared.get(i)
        code = draft["code"] or (drafts[links[i]]["code"] if links[i] is not None else None)
        name = draft["issuer_name"] or draft["issuer_name_shared"]
        if code and name and len(name) > len(named_for_code.get(code, "")):
            named_for_code[code] = name
    citations = []
    for i, draft in enumerate(drafts):
        named = named_for_code.get(draft["code"]) or draft["issuer_name"] or draft["issuer_name_shared"]
        resolved = resolve_issuer(draft["_code"], named, article)
        fields = {k: v for k, v in draft.items() if not k.startswith("_") and k != "issuer_name_shared"}
        citation = Citation(text=text[draft["start"]:draft["end"]], refers_to=links[i],
                            issuer_resolved=resolved, **fields)
        citations.append(citation)
    for i, citation in enumerate(citations):
        if citation.refers_to is not None and citation.issuer_resolved is None:
            target = citations[citation.refers_to]
            citations[i] = replace(citation, issuer_resolved=target.issuer_resolved,
                                   system=target.system, type=citation.type or target.type)
    return citations


def _written_name(entry: _TypeName | None) -> str | None:
    if entry is None or entry.written.isupper():
        return None
    return entry.written


_VERB_BEFORE = re.compile(
    r"(?:\s*\([^()\n]{1,40}\))?(?:\s+(?:đã|vừa|mới|cũng|chỉ|lại|nhanh chóng|tiếp tục))*"
    r"\s+(?:ký ban hành|ban hành|có|ký|ra|gửi|lên|tại)\s+$")


def _issuer_before(text: str, start: int, organs, organs_by_end=None) -> tuple[int, int] | None:
    """"Huyện ủy Tuy Đức ban hành Nghị quyết…", "Bộ Y tế vừa có Công văn…": the organ before the verb."""
    window_start = max(0, start - 50)
    match = _VERB_BEFORE.search(text, window_start, start)
    if not match:
        return None
    cut = match.start()
    for s, e, _ in organs:
        if e == cut:
            return s, e
    for head in _ORGAN_HEAD.finditer(text, max(0, cut - 60), cut):
        if _phrase_at(text, head.start()) == cut:
            return head.start(), cut
    return None


def _number_key(number: str | None) -> str | None:
    return number.lstrip("0") or "0" if number else None


def _compatible(short: dict, full: dict) -> bool:
    if _number_key(short["number"]) != _number_key(full["number"]):
        return False
    if short["year"] and full["year"] and short["year"] != full["year"]:
        return False
    written = (short["_written"] or "").lower()
    full_written = (full["_written"] or "").lower()
    if full_written and full_written == written:
        return True
    entry = _type_entry(short["_written"] or "")
    if entry is None:
        return False
    wanted = {entry.party if full["system"] == "party" else entry.state}
    if entry.written.lower() == "quy định":
        wanted |= {"QĐi", "QyĐ", "QĐ"}
    return full["type"] in wanted


def _link(drafts: list[dict], index: int) -> int | None:
    """The nearest full citation before the short one with the same type and number (else after)."""
    short = drafts[index]
    before = [i for i in range(index - 1, -1, -1) if drafts[i]["code"] and _compatible(short, drafts[i])]
    if before:
        return before[0]
    after = [i for i in range(index + 1, len(drafts)) if drafts[i]["code"] and _compatible(short, drafts[i])]
    return after[0] if after else None


def read_citations(text: str, organs=None) -> list[Citation]:
    """`find_citations` on the normalised view of `text` (NFC, one tone placement, Ð→Đ, NBSP→space),
    as the pipeline runs it, with every offset and quoted text mapped back to `text`. `organs`
    are `vnpolitics.organs.find_organs(text)` when already computed.

    >>> [c.text for c in read_citations("Theo Nghị định 30/2020/NĐ\u2011CP của Chính phủ")]
    ['Nghị định 30/2020/NĐ\u2011CP của Chính phủ']
    """
    view = normalize(text)
    if organs is not None and len(view.text) != len(text):
        organs = None  # offsets of the text, not of the view: let the view be parsed
    return [_on_original(c, view, text) for c in find_citations(view.text, organs=organs)]


def _on_original(citation: Citation, view, text: str) -> Citation:
    """The citation with its spans (and the texts they cover) in the original text."""
    if view.is_identity:
        return citation

    def span(pair):
        return None if pair is None else view.to_original(*pair)

    start, end = view.to_original(citation.start, citation.end)
    issuer_span = span(citation.issuer_span)
    texts = {}
    for field in ("subject", "alias"):  # re-read from the original: the view moves tone marks
        value = getattr(citation, field)
        at = view.text.find(value, citation.start) if value else -1
        if at >= 0:
            o_start, o_end = view.to_original(at, at + len(value))
            texts[field] = text[o_start:o_end]
    return replace(
        citation, **texts,
        start=start, end=end, text=text[start:end], code_span=span(citation.code_span),
        issuer_span=issuer_span, ref_span=span(citation.ref_span),
        issuer_name=text[issuer_span[0]:issuer_span[1]] if issuer_span else None,
    )
