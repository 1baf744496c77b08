"""Political organs (ORG) and official titles (TITLE) in Vietnamese news, found by grammar.

The organ grammar (`data/organs/grammar.txt`) names the central Party and state organs, the
ministries (current and former), front and mass organisations, and the local patterns
("Tỉnh ủy Yên Bái", "Ban Thường vụ Thành ủy", "Đảng ủy Khu kinh tế Hải Phòng", "UBND tỉnh X",
"Sở …", "Công an tỉnh X"), with place names from `data/organs/places.tsv` (built from the PyPI
packages vietnamadminunits and vietnam-provinces by `scripts/build_organ_places.py`). Titles
come from `data/titles/` with their modifiers (nguyên, Quyền, Phó, Thường trực, Thứ nhất).

Matching runs on the normalised view (`vnpolitics.text.normalize`: NFC, "Uỷ"/"Ủy" alike) and
every span is reported as offsets into the text given.

>>> text = "Ông Lê Trung Kiên, Trưởng Ban Quản lý Khu kinh tế Hải Phòng phát biểu."
>>> [(text[s:e], o.kind, o.place) for s, e, o in find_organs(text)]
[('Ban Quản lý Khu kinh tế Hải Phòng', 'local', 'Hải Phòng')]
>>> [(text[s:e], t.position) for s, e, t in find_titles(text)]
[('Trưởng', 'Trưởng Ban')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .resources import data_path
from .text import normalize as _normalize, normalize_text

__all__ = [
    "Organ",
    "Title",
    "PlaceMatch",
    "find_organs",
    "find_titles",
    "find_organs_and_titles",
    "vocabulary",
    "match_place",
    "ministry_after",
    "foreign_after",
    "organ_grammar",
    "surnames",
    "common_surnames",
]

_UPPER = "".join(
    ch for ch in map(chr, range(0x41, 0x1EFF + 1)) if ch.isalpha() and ch.isupper()
)
# One capitalised syllable (letters only; "TP.HCM" style tokens are in the place list).
CAP = rf"[{_UPPER}][^\W\d_]*"
LOW = rf"[^\W\d_{_UPPER}][^\W\d_]*"


@dataclass(frozen=True)
class Organ:
    """A political organ as named in the text ("Tỉnh ủy Yên Bái", "Bộ Chính trị").

    `kind`: party, party-local, state, local or front (the grammar's section). `place` is the
    place name the organ is qualified by, if any, and `place_span` its offsets in the text.
    """

    text: str
    kind: str
    place: str | None = None
    place_span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Title:
    """An official title as written ("Phó Bí thư Thường trực", "nguyên Bộ trưởng").

    `text` is the TITLE entity's text; `position` the title of the position it names, which
    keeps a head word shared with the organ that follows ("Trưởng" + "Ban Quản lý…" gives the
    position "Trưởng Ban"). `base` is the title without modifiers; `modifiers` the modifiers
    in text order.
    """

    text: str
    position: str
    base: str
    modifiers: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PlaceMatch:
    """A place after an organ or title: an optional unit word ("tỉnh") and a name."""

    start: int
    end: int
    name: str | None
    name_start: int
    unit: str | None


# ---------------------------------------------------------------- data loading


@lru_cache(maxsize=4)
def normalize(text: str):
    """`vnpolitics.text.normalize`, kept for the last few texts: the organ, title and official
    rules all read the same text's normalised view."""
    return _normalize(text)


def vocabulary(*parts: str) -> list[str]:
    """The entries of a vocabulary file in `data/` (comments and blanks dropped), normalised."""
    path = data_path(*parts)
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(normalize_text(line))
    return out


def _alternation(words) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def _places() -> tuple[frozenset[str], frozenset[str]]:
    """(all known place names, names that may follow an organ without a unit word)."""
    every: set[str] = set()
    major: set[str] = set()
    for name_file in ("places.tsv", "places_extra.tsv"):
        for line in vocabulary("organs", name_file):
            name, _, level = line.partition("\t")
            every.add(name)
            if level in ("province", "district", "zone", "none"):  # zone: "Khu kinh tế Dung Quất"
                major.add(name)
    return frozenset(every), frozenset(major)


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    """Names that begin with a place's name but are none ("Thái Bình Dương"): level "none"."""
    return frozenset(line.partition("\t")[0] for line in vocabulary("organs", "places_extra.tsv")
                     if line.partition("\t")[2] == "none")


@lru_cache(maxsize=1)
def _surname_table() -> dict[str, bool]:
    table: dict[str, bool] = {}
    for line in vocabulary("titles", "surnames.txt"):
        name, _, mark = line.partition("\t")
        table[name] = table.get(name, False) or mark == "common"
    return table


def surnames() -> frozenset[str]:
    """Vietnamese family names (`data/titles/surnames.txt`)."""
    return frozenset(_surname_table())


def common_surnames() -> frozenset[str]:
    """The commonest family names (Nguyễn, Trần, Lê, …), marked "common" in surnames.txt."""
    return frozenset(n for n, common in _surname_table().items() if common)


_surnames = surnames


_UNIT_WORDS = (
    "thành phố", "Thành phố", "TP.", "TP", "Tp.", "Tp", "TX", "tỉnh", "Tỉnh", "huyện", "quận", "thị xã",
    "xã", "phường", "thị trấn", "đặc khu", "khu vực", "Quận", "Huyện", "Thị xã", "Xã", "Phường", "Thị trấn", "đơn vị",
)
# Abbreviated unit words, glued to the name by their dot ("UBND Q.Ngũ Hành Sơn", "Chi cục Thuế Q.1").
_DOTTED_UNITS = ("Q", "P", "H", "TT")
_UNIT_RE = re.compile(r"\s+(" + _alternation(_UNIT_WORDS + _DOTTED_UNITS) + r")(?!\w)")
_TOKEN_RE = re.compile(r"\s+([^\s,;:()“”\"'?!/]+)")  # "tỉnh Hà Nam./." ends at the slash
_MAX_PLACE_SYLLABLES = 6


# After a family name, the rest of a person's name: two capitalised syllables, or one before a
# pause or a capital ("Huỳnh Cách Mạng", "Vũ Bằng,"); one before a lower-case word or a bracket is a place.
_PERSON_AFTER_SURNAME = re.compile(rf"\s+{CAP}(?:\s+{CAP}|(?=\s*(?:[,;:.)–-]|$)))")  # not "xã Cao Nhân (Thủy Nguyên"


def match_place(view: str, pos: int, *, unit_required: bool = False) -> PlaceMatch | None:
    """The place that starts after `pos` in the normalised `view`, if any.

    A unit word ("tỉnh", "xã", "TP") may stand before the name; after a unit word an unknown
    name of capitalised syllables is accepted (stopping before a family name, which begins the
    name of a person: "UBND xã Cương Gián Nguyễn Văn A"), without one only a known province or
    district. A unit word alone is a place without a name ("UBND tỉnh").

    >>> v = "Chủ tịch UBND tỉnh Yên Bái Đỗ Đức Duy"
    >>> m = match_place(v, 13)
    >>> v[m.start:m.end], m.name, m.unit
    (' tỉnh Yên Bái', 'Yên Bái', 'tỉnh')
    """
    every, major = _places()
    known = _longest_known(view, pos, major)
    if known and known[0] in _not_places():
        return None  # "Bộ Tư lệnh | Thái Bình Dương"
    if known and not unit_required:
        return PlaceMatch(pos, known[1], known[0], known[1] - len(known[0]), None)
    unit = None
    cursor = pos
    unit_match = _UNIT_RE.match(view, pos)
    dotted = unit_match is not None and view.startswith(".", unit_match.end())
    if unit_match and unit_match.group(1) in _DOTTED_UNITS and not dotted:
        unit_match = None  # "Q", "P", "H", "TT" are unit words only with their dot
    if unit_match:
        unit = unit_match.group(1)
        cursor = unit_match.end()
        if unit in ("TP", "Tp", *_DOTTED_UNITS) and dotted:
            unit, cursor = unit + ".", cursor + 1
        if unit.endswith(".") and cursor < len(view) and not view[cursor].isspace():
            known = _longest_known(view, cursor, every, leading_space=False)
            if known:
                return PlaceMatch(pos, known[1], known[0], cursor, unit)
            glued = re.compile(r"(\d{1,2})(?!\w)").match(view, cursor)  # "Q.10"
            if glued and unit != "TP.":
                return PlaceMatch(pos, glued.end(), glued.group(1), cursor, unit)
    elif unit_required:
        return None
    known = _longest_known(view, cursor, every if unit else major)
    if known and unit and known[0] in _surnames() and _PERSON_AFTER_SURNAME.match(view, known[1]):
        known = None  # "UBND TP | Hồ Kỳ Minh": a person, not the township "Hồ"
    if known:
        name_start = cursor + len(view[cursor:]) - len(view[cursor:].lstrip())
        return PlaceMatch(pos, known[1], known[0], name_start, unit)
    if unit is None:
        return None
    # Numbered units ("Phường 5", "Quận 1") and unknown names after a unit word.
    number = re.compile(r"\s+(\d{1,2}|[IVX]{1,4})(?!\w)").match(view, cursor)
    if number and unit.casefold() not in ("tỉnh", "thành phố", "tp", "tp."):  # not "UBND tỉnh | 1 chiếc"
        return PlaceMatch(pos, number.end(), number.group(1), number.start(1), unit)
    syllables = []
    end = cursor
    for m in re.compile(r"\s+(" + CAP + r"(?:['’][^\W\d_]+)?)(?!\w)").finditer(view, cursor):  # "Đắk R’lấp"
        if m.start() != end or len(syllables) == 4:
            break
        if m.group(1) in _surnames() and _PERSON_AFTER_SURNAME.match(view, m.end()):
            break  # a person's name: "UBND TP | Huỳnh Cách Mạng" (not "UBND xã Thạch Tiến thông tin")
        syllables.append(m)
        end = m.end()
    if syllables:
        return PlaceMatch(pos, end, view[syllables[0].start(1):end], syllables[0].start(1), unit)
    if unit.endswith("."):  # "LĐLĐ TP." at the end of a sentence: the dot is punctuation
        unit, cursor = unit[:-1], cursor - 1
    return PlaceMatch(pos, cursor, None, cursor, unit)


def _longest_known(view: str, pos: int, names: frozenset[str], *, leading_space: bool = True):
    """Longest known place name made of the syllables after `pos`: (name, end) or None."""
    tokens = []
    cursor = pos
    pattern = _TOKEN_RE if leading_space else re.compile(r"([^\s,;:()“”\"'?!]+)")
    for _ in range(_MAX_PLACE_SYLLABLES):
        m = pattern.match(view, cursor)
        if not m:
            break
        tokens.append(m)
        cursor = m.end()
        pattern = _TOKEN_RE
    for k in range(len(tokens), 0, -1):
        start = tokens[0].start(1)
        end = tokens[k - 1].end(1)
        candidate = view[start:end]
        for trimmed in (candidate, candidate.rstrip(".")):
            if " ".join(trimmed.split()) in names and trimmed:
                return trimmed, start + len(trimmed)
    return None


# ---------------------------------------------------------------- organ grammar


@dataclass(frozen=True)
class _Rule:
    kind: str
    place: str  # "-", "place", "place!", "+", "place+", "head!", "name" or "name!"
    regex: re.Pattern

    @property
    def heads(self) -> bool | str:
        """Whether an organ named right after this one belongs to it ("Ban Thường vụ" + …);
        "must" when this is an organ only with it ("Văn phòng" + "Tổng cục Du lịch")."""
        return "must" if self.place == "head!" else self.place.endswith("+")


def _macro_table() -> dict[str, list[str]]:
    """Grammar macros read from vocabulary files: names matched with any joiner and any case
    (`_unit_name`); those in `_STRICT_FIRST` keep the case of their first letter."""
    return {
        "BoName": vocabulary("organs", "ministries.txt"),
        "SoName": vocabulary("organs", "departments.txt"),
        "SoNameAnyCase": vocabulary("organs", "departments.txt"),
        "PhongName": vocabulary("organs", "divisions.txt"),
        "DeptName": vocabulary("organs", "central_departments.txt"),
        "SubDeptName": vocabulary("organs", "sub_departments.txt"),
        "PoliceDivision": vocabulary("organs", "police_divisions.txt"),
        "NACommittee": vocabulary("organs", "na_committees.txt"),
        "MassOrg": vocabulary("organs", "mass_organisations.txt"),
        "LocalBody": vocabulary("organs", "local_bodies.txt"),
        "MilitaryUnit": vocabulary("organs", "military_units.txt"),
        "SteeringName": vocabulary("organs", "steering_committees.txt"),
    }


# Macros whose first letter keeps its case: a district division after a lower-case "phòng", names
# that begin an organ (the grammar's index of first words is case-sensitive), and committees
# ("Ủy ban đối ngoại Nghị viện châu Âu" is not the National Assembly's).
_STRICT_FIRST = ("PhongName", "SoName", "LocalBody", "NACommittee")


# How the parts of a ministry's or department's name are joined in news writing: "và", "&",
# a dash or a comma, written with or without spaces ("Văn hóa, Thể thao và Du lịch",
# "Văn hóa - Thể thao & Du lịch", "NN&PTNT", "NN và PTNT", "KH-ĐT").
_JOINER = r"(?:\s*[&,–-]\s*|\s+và\s+|\s+)"
_JOINER_WORDS = re.compile(r"\s*(?:&|,|–|-)\s*|\s+và\s+")


def _unit_name(name: str, strict_first: bool) -> str:
    """Regex for a ministry or department name: any joiner between its parts, and any case
    ("Bộ Tài Nguyên và Môi Trường", "Sở y tế Cao Bằng"), but for the first letter when
    `strict_first` (a district division after a lower-case "phòng")."""
    parts = [p for p in _JOINER_WORDS.split(name) if p]
    body = _JOINER.join(re.escape(p).replace(r"\ ", r"\s+") for p in parts)
    first = re.escape(name[0]) if strict_first else ""
    return first + "(?i:" + body[len(first):] + ")"


def _unit_alternation(names, strict_first: bool = False) -> str:
    return "|".join(_unit_name(n, strict_first) for n in sorted(set(names), key=len, reverse=True))


def _translate(pattern: str, macros: dict[str, str]) -> str:
    """Grammar notation -> regex: words literal, (a|b), [optional], {MACRO}, spaces = \\s+."""
    out: list[str] = []
    optional_closers: list[str] = []  # one per open "[": ")?" or "))?" when it took a space
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch.isspace():
            j = i
            while j < n and pattern[j].isspace():
                j += 1
            if j < n and pattern[j] == "[":
                out.append(r"(?:\s+(?:")  # the space belongs to the optional part
                optional_closers.append("))?")
                i = j + 1
                continue
            out.append(r"\s+")
            i = j
        elif ch == "(":
            out.append("(?:")
            i += 1
        elif ch == "[":
            out.append("(?:")
            optional_closers.append(")?")
            i += 1
        elif ch == ")":
            out.append(")")
            i += 1
        elif ch == "]":
            closer = optional_closers.pop()
            i += 1
            if closer == ")?" and i < n and pattern[i].isspace():
                # "[X] Y": the space after an optional part belongs to it
                while i < n and pattern[i].isspace():
                    i += 1
                out.append(r"\s+" + closer)
            else:
                out.append(closer)
        elif ch == "|":
            out.append("|")
            i += 1
        elif ch == "\\" and i + 1 < n:  # "\(" a literal bracket
            out.append(re.escape(pattern[i + 1]))
            i += 2
        elif ch == "{":
            j = pattern.index("}", i)
            name = pattern[i + 1 : j]
            if name not in macros:
                raise ValueError(f"organ grammar: unknown macro {{{name}}} in {pattern!r}")
            out.append(f"(?:{macros[name]})")
            i = j + 1
        else:
            out.append(re.escape(ch))
            i += 1
    return "".join(out)


@dataclass(frozen=True)
class _Grammar:
    rules: tuple[_Rule, ...]
    trigger: re.Pattern  # the words an organ can begin with
    by_word: dict[str, tuple[_Rule, ...]]  # first word -> the rules that may begin with it
    unanchored: tuple[_Rule, ...]  # rules whose first word is not known (searched everywhere)


@lru_cache(maxsize=1)
def organ_grammar() -> _Grammar:
    """The compiled organ grammar (one regex per rule), read from `data/organs/grammar.txt`,
    with an index of the words each rule can begin with, so a text is scanned once."""
    # "Phòng Tài chính" as a name; "phòng" lowercase only after "Trưởng" (not "Văn phòng Hội").
    macros: dict[str, str] = {"Cap": CAP, "Low": LOW, "Num": r"\d{1,3}", "Phong": r"(?:Phòng|(?<=rưởng )phòng)",
                              "LowPhong": r"(?<![Vv]ăn )phòng",
                              # "Vụ trưởng Vụ đại học": a unit named in lower case after its head's title
                              # (not "Bộ trưởng | vụ tàu cá …": the unit word after its own head's title)
                              "UnitAfterTitle": r"(?:(?<=[Tt]ổng cục [Tt]rưởng )(?:Tổng cục|tổng cục)|(?<=[Cc]ục [Tt]rưởng )"
                                                r"(?:Cục|cục)|(?<=[Vv]ụ [Tt]rưởng )(?:Vụ|vụ))",
                              # "Chánh thanh tra tỉnh Yên Bái": the head's title holds the organ's head word
                              "ChiefOf": r"(?<=[Cc]hánh )",
                              "DirectorOf": r"(?<=[Gg]iám đốc )",
                              "JudgeOf": r"(?<=[Cc]hánh án )",
                              "ChairOf": r"(?<=[Cc]hủ nhiệm )",  # "Phó chủ nhiệm Ủy ban | Nguyễn Văn Tuyết"
                              # not a number ("Cục I - Thanh tra Chính phủ") nor a title ("Tổng cục Trưởng tổng cục …")
                              "NotRoman": r"(?![IVX]+(?!\w)|[Tt]rưởng(?!\w)|[Pp]hó(?!\w))",
                              # "Ban hành …" is a verb; steering committees have rules of their own
                              "NotHanh": r"(?!(?:hành|chỉ đạo|Chỉ đạo)(?!\w))",
                              "LowVanPhong": r"văn phòng",
                              "LowBo": r"(?<=trưởng )bộ",  # "Bộ trưởng bộ Y tế"
                              # "ĐBQH Đoàn TP.Hà Nội": a deputy's delegation named by its place
                              "DelegationOf": r"(?<=ĐBQH )|(?<=[Đđ]ại biểu Quốc hội )",
                              "HeadOf": r"(?<=[Tt]rưởng )",
                              "NotHiep": r"(?<![Hh]iệp )",  # "Hiệp Hội Xăng Dầu Việt Nam" is an association
                              "PMNext": r"(?=\s+(?:của\s+)?Thủ tướng)",
                              "DeptCodeAfterTitle": r"(?<=[Cc]ục trưởng )",
                              "AtDelegation": r"(?<=tại )",
                              "Year": r"(?:19|20)\d\d",
                              "CommanderOf": r"(?<=[Tt]ư lệnh )",
                              # a name whose parent follows in brackets or after a comma or dash
                              # ("Cơ quan CSĐT (Bộ Công an)", "Cơ quan Cảnh sát điều tra, Công an tỉnh …")
                              "BracketNext": r"(?=(?:\s*\([A-ZĐ]{2,8}\))?\s*[(,–-]\s*(?:Bộ|Công an|CA)\b)",
                              # "Hội đá quý Việt Nam" but not an event ("Hội nghị …", "Hội chợ …") nor a
                              # diaspora association ("Hội người Việt Nam …")
                              "NotEvent": r"(?!(?:nghị|thảo|thi|chợ|diễn|đồng|trại|sách|hoa|làng|quán|ngộ|nhập|chẩn|đàm|họa|hoạ|viên|tụ|xuân|khỏe|khoẻ|chữ|báo|ca|giảng|trường|ý|người)(?!\w))",
                              "PoliceCode": r"(?:PC|PA|PK|PX)\d{2}[A-Z]?",  # "PC47", "PK20E"
                              # a word that names nothing alone when a name follows ("Mặt trận | Fatah")
                              "Bare": rf"(?!\s+{CAP})",
                              # ... or only a person's name follows ("Phó chủ nhiệm Ủy ban | Nguyễn Văn Tuyết")
                              "BareOrPerson": rf"(?:(?!\s+{CAP})|(?=\s+(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý)\s+{CAP}))",
                              # "Đảng bộ, chính quyền và nhân dân …" names no organ
                              "NotPeople": r"(?!\s*,?\s*(?:và\s+)?(?:chính quyền|Chính quyền|nhân dân|Nhân dân))"}
    raw: dict[str, list[str]] = {"LowPhong": ["phòng"], "UnitAfterTitle": ["Tổng", "tổng", "Cục", "cục", "Vụ", "vụ"],
                                 "ChiefOf": [""], "DirectorOf": [""], "JudgeOf": [""], "ChairOf": [""], "LowVanPhong": ["văn"],
                                 "DelegationOf": [""], "BracketNext": [""], "NotEvent": [""], "HeadOf": [""], "CommanderOf": [""], "AtDelegation": [""], "DeptCodeAfterTitle": [""], "NotHiep": [""], "PMNext": [""],
                                 "LowBo": ["bộ"]}
    for name, words in _macro_table().items():
        macros[name] = _unit_alternation(words, strict_first=name in _STRICT_FIRST)
        raw[name] = words
    # A branch the vocabulary names ends where its name ends ("Chi cục Kiểm lâm tỉnh | phối hợp").
    macros["NotSubDept"] = r"(?!(?:" + macros["SubDeptName"] + r")(?!\w))"
    rules: list[_Rule] = []
    by_word: dict[str, list[_Rule]] = {}
    unanchored: list[_Rule] = []
    for number, line in enumerate(vocabulary("organs", "grammar.txt"), 1):
        if line.startswith("@"):
            name, _, body = line[1:].partition("=")
            alternatives = [a.strip() for a in body.split(" | ")]
            alternatives.sort(key=len, reverse=True)
            macros[name.strip()] = "|".join(_translate(a, macros) for a in alternatives)
            raw[name.strip()] = alternatives
            continue
        try:
            kind, place, pattern = line.split(None, 2)
        except ValueError:
            raise ValueError(f"organ grammar line {number}: expected KIND PLACE PATTERN: {line!r}") from None
        if place not in ("-", "place", "place!", "+", "place+", "head!", "name", "name!"):
            raise ValueError(f"organ grammar line {number}: PLACE must be -, place, place!, +, place+, head!, name "
                             f"or name!: {line!r}")
        # Not inside a document code ("421/UBND-TKBT").
        # Not inside a document code ("421/UBND-TKBT", "NQ/TW"), but after a photo credit's
        # slash ("Văn Điệp/TTXVN").
        rule = _Rule(kind, place, re.compile(r"(?<![\w-])(?<!\d/)(?:" + _translate(_longest_first(pattern), macros)
                                             + r")(?!\w|/\d|/[A-ZĐ]{2}|-\w)"))
        rules.append(rule)
        first = _first_words(pattern, raw)
        if first is None:
            unanchored.append(rule)
        for word in first or ():
            by_word.setdefault(word, []).append(rule)
    trigger = re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, by_word), key=len, reverse=True)) + ")")
    return _Grammar(tuple(rules), trigger, {w: tuple(r) for w, r in by_word.items()}, tuple(unanchored))


def _longest_first(pattern: str) -> str:
    """The pattern with the alternatives of each bracket sorted longest first, so that a regex
    (which takes the first alternative that fits) prefers "Văn hóa, Giáo dục, Thanh niên…" to
    "Văn hóa, Giáo dục"."""
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif ch in "([":
            j = _closing(pattern, i)
            inner = sorted((_longest_first(a) for a in _split_top(pattern[i + 1:j])), key=len, reverse=True)
            out.append(ch + "|".join(inner) + pattern[j])
            i = j + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _closing(pattern: str, i: int) -> int:
    """Index of the bracket closing the one at `i`."""
    depth = 0
    for j in range(i, len(pattern)):
        if pattern[j] in "([":
            depth += 1
        elif pattern[j] in ")]":
            depth -= 1
            if depth == 0:
                return j
    raise ValueError(f"organ grammar: unbalanced brackets in {pattern!r}")


def _split_top(body: str) -> list[str]:
    parts, depth, last = [], 0, 0
    for j, ch in enumerate(body):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(body[last:j])
            last = j + 1
    return [*parts, body[last:]]


def _first_words(pattern: str, raw: dict[str, list[str]]) -> set[str] | None:
    """The words a grammar pattern can begin with, or None when a code macro begins it."""
    p = pattern.lstrip()
    if not p:
        return set()
    if p[0] in "([":
        j = _closing(p, 0)
        rest = p[j + 1:]
        words: set[str] = set()
        for alternative in _split_top(p[1:j]):
            found = _first_words(alternative + rest, raw)
            if found is None:
                return None
            words |= found
        if p[0] == "[":
            found = _first_words(rest, raw)
            if found is None:
                return None
            words |= found
        return words
    if p[0] == "{":
        j = p.index("}")
        if p[1:j] not in raw:
            return None
        words = set()
        for alternative in raw[p[1:j]]:
            found = _first_words(alternative + " " + p[j + 1:], raw)
            if found is None:
                return None
            words |= found
        return words
    m = re.match(r"(?:\\.|[^\s()\[\]{}|\\])+", p)
    return {m.group(0).replace("\\", "")}


def _organ_candidates(view: str) -> list[tuple[int, int, str, PlaceMatch | None]]:
    grammar = organ_grammar()
    found = []
    foreign: set[int] = set()
    matches = [m for rule in grammar.unanchored for m in ((rule, x) for x in rule.regex.finditer(view))]
    for hit in grammar.trigger.finditer(view):
        for rule in grammar.by_word.get(hit.group(0), ()):
            m = rule.regex.match(view, hit.start())
            if m:
                matches.append((rule, m))
    for rule, m in matches:
        start, end = m.start(), m.end()
        if end > start and view[end - 1] in " ,-":
            continue
        place = None
        if rule.place.startswith("name"):
            end = _without_trailing_stops(view, start, end)  # "Cục Thuế | cho biết"
            longer = _name_run_end(view, end, start)
            if longer is None and rule.place == "name!":
                continue
            end = _after_abbreviation(view, start, longer or end)
        if rule.place.startswith("place"):
            place = match_place(view, end)
            if place is None and rule.place == "place!":
                continue
            if place is not None:
                end = place.end
        if place is None:
            end = _before_person(view, start, end)
        if (place is None or place.name is None) and (_GENERIC_BEFORE.search(view, max(0, start - 8), start)
                                                      or view.startswith((" các ", " cấp ", ", thành phố ", "/thành phố "), end)):
            continue  # "các chi bộ", "các Bộ", "UBND các tỉnh", "UBND cấp huyện", "UBND tỉnh, thành phố": a class
        if _inside_other_name(view, start) and not _DELEGATION_AFTER_DEPUTY.search(view, max(0, start - 20), start + 4):
            continue  # "Thư viện Công an nhân dân", "Đại tướng Phòng Phong Huy" (not "ĐBQH | Đoàn TP.Hà Nội")
        if foreign_after(view, end) or (place is None and _ends_with_country(view, start, end)):
            foreign.add(start)
            continue  # "Quốc hội Cuba", "Bộ Y tế công cộng Lào", "Phòng Thương mại Hoa kỳ": a foreign body
        found.append((start, end, rule.kind, place, rule.heads))
    # ... and no shorter organ at its start ("Ban Chấp hành | Trung ương Đảng Cộng sản Trung Quốc").
    return [c for c in found if c[0] not in foreign]


# The next word of a name: after a glued dash ("Lao động-Tiền lương"), "&" or a space; "và"
# only before a capitalised part ("Quan hệ lao động và Tiền lương").
_RUN_WORD = re.compile(r"\s+và\s+(?P<after>[^\W\d_]+)|(?:[-–]|\s*&\s*|\s+)(?P<word>[^\W\d_]+)")
_HARD_BOUNDARY = re.compile(r"\s*(?:[,;:()”\"]|\.(?!\w)|[-–]\s|$)")
_MAX_RUN = 6


@lru_cache(maxsize=1)
def _run_stops() -> frozenset[str]:
    return frozenset(vocabulary("organs", "unit_name_stops.txt"))


def _without_trailing_stops(view: str, start: int, end: int) -> int:
    words = list(re.finditer(r"\S+", view[start:end]))
    while len(words) > 2 and (words[-1].group(0) in _run_stops() or words[-1].group(0) in ("-", "–", "&")):
        words.pop()
    return start + words[-1].end() if words else end


@lru_cache(maxsize=1)
def _known_department() -> re.Pattern:
    return re.compile(r"(?:Tổng cục|Cục|Vụ)\s+(?:" + _unit_alternation(vocabulary("organs", "central_departments.txt")) + ")")


_ABBREVIATED_NAME = re.compile(r"\S+\s+[A-ZĐ][A-ZĐ&]+(?=\s+[^\W\d_A-ZĐ])")


def _after_abbreviation(view: str, start: int, end: int) -> int:
    """A department named by its abbreviation ends with it ("Cục NTBD | khẩn trương")."""
    m = _ABBREVIATED_NAME.match(view, start, end)
    return m.end() if m and view[m.end():end].strip()[:1].islower() else end


def _name_run_end(view: str, end: int, start: int | None = None) -> int | None:
    """Where a department's name that runs on after its first words ends ("Cục Quan hệ | lao
    động và Tiền lương.", "Vụ đại | học, Bộ GD-ĐT"): at a comma, bracket, full stop or spaced
    dash, or after "Việt Nam", within a few words and before any word of
    `unit_name_stops.txt`; None when the name does not run on to such an end."""
    best = None
    cursor = end
    capitalised = False
    first = _RUN_WORD.match(view, end)
    if (start is not None and first and (first.group("word") or "")[:1].islower()
            and _known_department().fullmatch(view, start, end)):
        # "Cục Viễn thông | chia sẻ:": a known name, then a verb; but a longer name runs on to
        # its parent or abbreviation in brackets ("Cục An ninh kinh tế nông thôn (Bộ Công an)")
        return _run_to_bracket(view, end) or end
    for _ in range(_MAX_RUN):
        m = _RUN_WORD.match(view, cursor)
        word = m and (m.group("after") or m.group("word"))
        if not m or word in _run_stops():
            if m and best is None and capitalised:
                best = cursor  # "Vụ Lao động-Tiền lương | đã được …"
            break
        capitalised = capitalised or (cursor > end and word[:1].isupper())  # not just the first word
        cursor = m.end()
        if _HARD_BOUNDARY.match(view, cursor) or view.endswith("Việt Nam", 0, cursor):
            best = cursor
        elif start is not None and _known_department().fullmatch(view, start, cursor):
            nxt = _RUN_WORD.match(view, cursor)
            if nxt and (nxt.group("word") or "")[:1].islower():
                return _run_to_bracket(view, cursor) or cursor  # "Cục Quản lý thị trường | kiểm tra"
    return best


_BRACKET_NEXT = re.compile(r"\s*\((?=[A-ZĐ])|\s*[,–-]\s*(?=Bộ |Tổng cục )")


def _run_to_bracket(view: str, end: int) -> int | None:
    """The end of two to four more lower-case words of a name that reach a bracket holding a
    parent organ or an abbreviation, or its parent ministry after a comma ("Cục An ninh | kinh tế
    nông thôn (Bộ Công an)", "Cục quản lý chất lượng | giáo dục, Bộ GD&ĐT"), or None."""
    cursor = end
    for n in range(4):
        m = _RUN_WORD.match(view, cursor)
        word = m and m.group("word")
        if not word or not word[:1].islower() or word in _run_stops():
            return None
        cursor = m.end()
        if n and _BRACKET_NEXT.match(view, cursor):
            return cursor
    return None


@lru_cache(maxsize=1)
def _other_name_before() -> re.Pattern:
    """What stands right before words that are not an organ though the grammar matches them:
    the head of a non-organ body ("Thư viện | Công an nhân dân") or a person's honorific
    ("Đại tướng | Phòng Phong Huy")."""
    heads = [h for h in vocabulary("titles", "non_organs.txt") if h != "Trường"]  # "Trường Ban" is a typo of a title
    honorifics = [line.partition("\t")[0] for line in vocabulary("titles", "honorifics.tsv")]
    words = sorted({*heads, *honorifics}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\s+$")


_DELEGATION_AFTER_DEPUTY = re.compile(r"(?:ĐBQH|[Đđ]ại biểu Quốc hội)\s+[Đđ]oàn$")


# Bodies whose names run over a few words before an organ's name inside them ("Nhóm nữ đại biểu
# | Quốc hội Việt Nam", "Trường Đại học Kỹ thuật-Hậu cần | Công an nhân dân", "Viện Khoa học Hình sự | Bộ
# Công an").
_LONG_NAME_HEAD = re.compile(r"(?<!\w)(?:Nhóm|Thư viện|Nhà xuất bản|Trường Đại học|Trường ĐH|Học viện|Bảo tàng|Viện(?!\s+[Tt]rưởng))"
                             r"((?:[\s-]+[^\W\d_]+){0,4})\s+$")


@lru_cache(maxsize=1)
def _foreign_after() -> re.Pattern:
    """A country after an organ's name, perhaps after a few lower-case words (countries.txt)."""
    names = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in sorted(vocabulary("organs", "countries.txt"),
                                                                          key=len, reverse=True))
    between = r"(?!(?:tại|ở|và|với|của|sang|đến|cho|từ|về|thăm|gặp)(?!\w))" + LOW  # not "TTXVN tại Séc"
    # ... or the words of a state's or a legislature's name ("Bộ Nội vụ Cộng hòa Slovakia", "Đảng
    # Cộng sản Trung Quốc", "Ủy ban Đối ngoại Thượng Nghị viện Mỹ").
    state = r"(?:Cộng hòa|Cộng hoà|Cộng sản|Liên bang|Dân chủ|Nhân dân|Hồi giáo|Xã hội chủ nghĩa|Thượng viện|Hạ viện|Thượng Nghị viện|Nghị viện|Quốc hội|và nhân dân|Vương quốc)(?!\w)"
    return re.compile(rf"(?:\s+(?:{state}|{between})){{0,3}}\s+(?:{names})(?!\w)")


@lru_cache(maxsize=1)
def _country() -> re.Pattern:
    names = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in sorted(vocabulary("organs", "countries.txt"),
                                                                          key=len, reverse=True))
    return re.compile(rf"(?:{names})(?!\w)")


def _ends_with_country(view: str, start: int, end: int) -> bool:
    """Whether an organ's name as matched ends with a country of two words or more, or with the
    start of one ("Phòng Thương mại Hoa kỳ", "Phòng Thương mại Hoa | Kỳ"); not a friendship
    association ("Hội Hữu nghị Việt Nam - Hàn Quốc") nor a place ("xã Thuần Mỹ")."""
    if "Việt Nam" in view[start:end]:
        return False
    for word in re.finditer(r"(?<=\s)\S", view[start:end]):
        m = _country().match(view, start + word.start())
        if m and m.end() >= end and " " in m.group(0):
            return True
    return False


def foreign_after(view: str, pos: int) -> bool:
    """Whether a country follows `pos` in the normalised `view`, perhaps after a few lower-case
    words or a state's words ("Bộ trưởng Quốc phòng | Hà Lan", "Quốc hội | Cộng hòa Liên bang Đức")."""
    return bool(_foreign_after().match(view, pos))


def _inside_other_name(view: str, start: int) -> bool:
    if _other_name_before().search(view, max(0, start - 30), start):
        return True
    m = _LONG_NAME_HEAD.search(view, max(0, start - 60), start)
    return bool(m) and not any(w in _run_stops() for w in re.findall(r"[^\W\d_]+", m.group(1)))


# "Trung ương Đoàn | Lê Quốc Phong": "Đoàn" (the Youth Union) before a person whose family name is
# a common one is the organ's last word, not the person's first.
_UNION_BEFORE_PERSON = re.compile(r"Đoàn\s+(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý)\s+"
                                  + CAP + r"\s+" + CAP)


def _before_person(view: str, start: int, end: int) -> int:
    """Cut an open-ended unit name before a person's name that follows it ("Tổng cục Du lịch |
    Nguyễn Thị Thanh Hương"): at a family name followed by another capitalised syllable."""
    words = list(re.finditer(r"\S+", view[start:end]))
    cuts = []
    for k in range(2, len(words)):
        following = words[k + 1].group(0) if k + 1 < len(words) else (re.match(r"\s+(\S+)", view[end:]) or [None, ""])[1]
        if (words[k].group(0) in _surnames() and re.match(CAP, following)
                and view[start + words[k].end():end].strip() != "Việt Nam"  # "Hội Đông Y Việt Nam"
                and not _UNION_BEFORE_PERSON.match(view, start + words[k].start())):
            if view[start + words[k].start():end] in _places()[0]:
                return end  # "… Hồ Chí Minh" is a place, not a person
            cuts.append(k)
    if not cuts:
        return end
    # "Bệnh viện Bạch Mai | Nguyễn Quốc Anh": a common family name is the likelier start.
    common = [k for k in cuts if words[k].group(0) in common_surnames()]
    k = (common or cuts)[0]
    return start + words[k - 1].end()


# "Ủy viên Trung ương" (no "Đảng"): the Central Committee, named by "Trung ương" alone.
CENTRAL_COMMITTEE = re.compile(r"\s+(Trung ương|Trung Ương|TW|T\.Ư|TƯ)(?=\s*[,;.:)–-]|\s+(?:và|kiêm)\b)")

# "các Bộ", "40 Sở GD-ĐT"; "Ủy ban liên Chính phủ", "Nhà Quốc hội" (a building) name no organ.
_GENERIC_BEFORE = re.compile(r"(?<!\w)(?:các|những|mọi|liên|hai|Nhà|[Tt]òa nhà|[Tt]oà nhà|(?<!thứ )(?<![\w/,-])\d{1,3}(?:\.\d{3})*)\s+$")  # not "lần thứ 4 Ban Chấp hành", "tháng 3/2017 Bộ Tài chính"


# A code or abbreviation in brackets between an organ and the body it belongs to ("phòng Cảnh
# sát truy nã tội phạm (PC52) Công an tỉnh Lào Cai"): kept inside the organ.
_BRACKETED_CODE = re.compile(r" \([^()\s]{2,12}\) ")


def _join_heads(view: str, chosen: list) -> list:
    """Merge an organ that heads another with the organ right after it ("Ban Thường vụ" +
    "Đảng ủy Công an Trung ương"), and drop an abbreviation in brackets after an organ
    ("Ủy ban T.Ư MTTQ Việt Nam (UB T.Ư MTTQ VN)")."""
    out: list = []
    for cand in chosen:
        if out:
            prev = out[-1]
            gap = view[prev[1]:cand[0]]
            if prev[4] and (gap == " " or _BRACKETED_CODE.fullmatch(gap)):
                out[-1] = (prev[0], cand[1], prev[2], cand[3] or prev[3], cand[4])
                continue
            if gap == " (" and view[cand[1]:cand[1] + 1] == ")" and _is_abbreviation(view[cand[0]:cand[1]]):
                continue
        out.append(cand)
    return [c for c in out if c[4] != "must"]


def _is_abbreviation(name: str) -> bool:
    """"UB T.Ư MTTQ VN" after the organ it abbreviates; not a parent named in brackets ("(Bộ GD-ĐT)")."""
    return all(not w[:1].islower() for w in name.split()) and name.split()[0] not in ("Bộ", "Sở", "Tổng", "Cục")


def _leftmost_longest(candidates):
    candidates = sorted(candidates, key=lambda c: (c[0], -(c[1] - c[0])))
    chosen, last_end = [], -1
    for cand in candidates:
        if cand[0] >= last_end:
            chosen.append(cand)
            last_end = cand[1]
    return chosen


def find_organs(text: str) -> list[tuple[int, int, Organ]]:
    """Organs named in `text`, outermost and non-overlapping: (start, end, Organ), in order.

    A title's modifier is not part of the organ after it: in "Phó Bí thư Thường trực Tỉnh ủy"
    the organ is "Tỉnh ủy" (though "Thường trực Tỉnh ủy" alone is an organ).

    >>> text = "Chiều 14/6, Đảng ủy Khu kinh tế Hải Phòng tổ chức hội nghị theo Kết luận của Bộ Chính trị."
    >>> [text[s:e] for s, e, _ in find_organs(text)]
    ['Đảng ủy Khu kinh tế Hải Phòng', 'Bộ Chính trị']
    """
    return find_organs_and_titles(text)[0]


def _raw_organs(text: str) -> list[tuple[int, int, Organ]]:
    view = normalize(text)
    organs = []
    for start, end, kind, place, _ in _join_heads(view.text, _leftmost_longest(_organ_candidates(view.text))):
        s, e = view.to_original(start, end)
        place_name, place_span = None, None
        if place is not None and place.name:
            ps, pe = view.to_original(place.name_start, place.end)
            place_name, place_span = text[ps:pe], (ps, pe)
        organs.append((s, e, Organ(text[s:e], kind, place_name, place_span)))
    return organs


# ---------------------------------------------------------------- titles


@lru_cache(maxsize=1)
def _title_table() -> tuple[re.Pattern, dict[str, str]]:
    uses: dict[str, str] = {}
    for line in vocabulary("titles", "titles.tsv"):
        title, _, use = line.partition("\t")
        uses[title] = use or "free"
    for title in list(uses):  # "tổng cục trưởng" as written after "Phó": a title before an organ
        uses.setdefault(title[:1].lower() + title[1:], "org")
    places: dict[str, list[str]] = {"before": [], "deputy": [], "after": []}
    for line in vocabulary("titles", "modifiers.tsv"):
        word, _, where = line.partition("\t")
        places[where].append(word)
    regex = re.compile(
        r"(?<!\w)(?<!Phủ )(?<![ủỦ]y )(?<![uU]ỷ )(?:(?P<before>" + _alternation(places["before"]) + r")\s+)?"  # not "Phủ Chủ tịch" (a palace), "ủy quyền" (on behalf)
        r"(?:(?P<deputy>" + _alternation(places["deputy"]) + r")\s+)?"
        r"(?P<base>" + _alternation(uses) + r")"
        r"(?:\s+(?P<after>" + _alternation(places["after"]) + r"))?(?!\w)"
    )
    return regex, uses


@lru_cache(maxsize=1)
def _ministry_re() -> re.Pattern:
    return re.compile(r"\s+(" + _unit_alternation(vocabulary("organs", "ministries.txt")) + r")(?!\w)")


def ministry_after(view: str, pos: int) -> tuple[int, int] | None:
    """A ministry's short name right after `pos` ("Bộ trưởng Công Thương"): its span in `view`."""
    m = _ministry_re().match(view, pos)
    return (m.start(1), m.end(1)) if m else None


def find_titles(
    text: str, organs: list[tuple[int, int, Organ]] | None = None
) -> list[tuple[int, int, Title]]:
    """Official titles in `text`: (start, end, Title), in order.

    A title that only counts before an organ ("Ủy viên", "Trưởng") is kept only there. Where an
    organ begins inside a title ("Trưởng Ban Quản lý…"), the TITLE span stops before the organ
    and `Title.position` keeps the whole title ("Trưởng Ban").

    >>> text = "đồng chí Nguyễn Tuấn Anh, Phó Bí thư Thường trực Tỉnh ủy, nguyên Chủ tịch UBND tỉnh"
    >>> [(text[s:e], t.base, t.modifiers) for s, e, t in find_titles(text)]
    [('Phó Bí thư Thường trực', 'Bí thư', ('Phó', 'Thường trực')), ('nguyên Chủ tịch', 'Chủ tịch', ('nguyên',))]
    """
    if organs is None:
        return find_organs_and_titles(text)[1]
    view = normalize(text)
    regex, uses = _title_table()
    # Organ offsets in the view (the view has the same length as the text when NFC already).
    organ_starts = {}
    for s, e, _ in organs:
        organ_starts[s] = e
    titles = []
    for m in regex.finditer(view.text):
        start, end = m.span()
        s, e = view.to_original(start, end)
        base = m.group("base")
        # An organ wholly inside the title belongs to it ("Tổng Kiểm toán Nhà nước").
        inner = [(os, oe) for os, oe, _ in organs if s < os < e]
        trimmed_end = e
        if inner and inner[0][1] > e:
            trimmed_end = inner[0][0]
            while trimmed_end > s and text[trimmed_end - 1].isspace():
                trimmed_end -= 1
        if any(os <= s < oe and oe >= e and (os, oe) != (s, e) for os, oe, _ in organs):
            continue  # the title is part of an organ's name
        pending = False
        use = uses.get(base)
        if m.group("deputy") and base[:1].islower():  # "Phó tổng cục trưởng" as "Phó Tổng cục trưởng"
            use = uses.get(base[:1].upper() + base[1:], use)
        if use == "org":
            followed = (_organ_at(text, trimmed_end, organ_starts) or (inner and inner[0][1] > e)
                        or bool(CENTRAL_COMMITTEE.match(view.text, end)))
            if not followed:
                if (_IN_APPOSITION.search(view.text, max(0, start - 40), start) and _ENDS_PHRASE.match(view.text, end)
                        and (m.group("deputy") or m.group("after") or base.casefold() in _BARE_APPOSITION)):
                    pass  # "ông Cao Đức Phát, Phó trưởng ban Thường trực;" after a name
                elif _JOINED.match(view.text, end):
                    pending = True  # "Phó chủ tịch kiêm Tổng thư ký UB T.Ư MTTQ": kept if a title follows
                else:
                    continue
        if trimmed_end <= s:
            continue
        modifiers = tuple(g for g in (m.group("before"), m.group("deputy"), m.group("after")) if g)
        position = text[s:e]
        titles.append((s, trimmed_end, Title(text[s:trimmed_end], position, base, modifiers), pending, end))
    # A pending title stays when the title joined to it ("kiêm", a dash) stays.
    kept: list = []
    for s, e, title, pending, end in reversed(titles):
        if pending:
            joined = _JOINED.match(view.text, end)
            if not (kept and view.to_original(joined.end(), joined.end())[0] == kept[-1][0]):
                continue
        kept.append((s, e, title))
    return kept[::-1]


# A title in apposition right after a person's name ("…Cao Đức Phát, Phó trưởng ban"); the
# titles that may stand there without their organ; and what joins two titles of one organ.
_IN_APPOSITION = re.compile(rf"{CAP} {CAP}\s*(?:,|\s[-–])\s*$")
_BARE_APPOSITION = {"trưởng ban", "phó ban", "trưởng phòng", "trưởng đoàn"}
_ENDS_PHRASE = re.compile(r"\s*(?:[;,.:()]|$)")
_JOINED = re.compile(r"\s+kiêm\s+|\s*[-–]\s*")


def find_organs_and_titles(text: str):
    """Organs and titles made consistent: an organ that starts with a title's trailing
    modifier ("Thường trực Tỉnh ủy" after "Phó Bí thư") loses the modifier."""
    organs = _raw_organs(text)
    titles = find_titles(text, organs)
    view = normalize(text)
    regex, _ = _title_table()
    fixed = []
    for os_, oe, organ in organs:
        # A title whose "after" modifier runs into this organ: find it by matching at the
        # words before the organ.
        shrunk = None
        for m in regex.finditer(view.text, max(0, os_ - 40), oe):
            ms, me = view.to_original(*m.span())
            if m.group("after") and ms < os_ and os_ < me <= oe:
                shrunk = me
        if shrunk is None:
            fixed.append((os_, oe, organ))
            continue
        ns = shrunk
        while ns < oe and text[ns].isspace():
            ns += 1
        if ns < oe:
            fixed.append((ns, oe, Organ(text[ns:oe], organ.kind, organ.place, organ.place_span)))
    if fixed != organs:
        titles = find_titles(text, fixed)
    # An organ inside a title is part of it ("Tổng Kiểm toán Nhà nước", "Thường trực Ban Bí thư").
    fixed = [o for o in fixed if not any(ts <= o[0] and o[1] <= te for ts, te, _ in titles)]
    return fixed, titles


def _organ_at(text: str, pos: int, organ_starts: dict[int, int]) -> bool:
    j = pos
    while j < len(text) and text[j] == " ":
        j += 1
    if text.startswith("của ", j):  # "Người phát ngôn của Bộ Tài chính"
        j += 4
    return j > pos and j in organ_starts
