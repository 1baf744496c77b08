"""Officials: who holds which position, from the patterns of Vietnamese news writing.

News names an official with the positions in apposition after the name ("đồng chí Nguyễn
Tuấn Anh, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"), or with the title before the name
("Bộ trưởng Bộ Xây dựng Phạm Hồng Hà"), chains separated by commas, dashes or "kiêm", list
headers ("các đồng chí Ủy viên Bộ Chính trị: A, …; B, …"), and later by a short mention
("ông Kiên", "đồng chí Bí thư"). `extract_officials` reads those patterns from plain text;
organs and titles come from `vnpolitics.organs`, person names from the caller (the NER model)
or, failing that, from a rule for capitalised names after an honorific or next to a title.

>>> text = ("Phát biểu chỉ đạo hội nghị, ông Lê Trung Kiên, Trưởng Ban Quản lý Khu kinh tế "
...         "Hải Phòng đề nghị các cấp ủy tiếp tục quán triệt. Ông Kiên cũng đề nghị…")
>>> [o.to_dict()["positions"] for o in extract_officials(text)]
[[{'title': 'Trưởng Ban', 'organization': 'Ban Quản lý Khu kinh tế Hải Phòng', 'span': [47, 87]}]]
>>> official = extract_officials(text)[0]
>>> [text[s:e] for s, e in official.mentions]
['Lê Trung Kiên', 'Kiên']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Sequence

from .organs import CAP, CENTRAL_COMMITTEE, find_organs_and_titles, foreign_after, match_place, ministry_after, vocabulary
from .organs import _not_places
from .organs import surnames as _surnames
from .organs import normalize

__all__ = ["Official", "Position", "extract_officials", "find_person_names"]

Span = tuple[int, int]


@dataclass(frozen=True)
class Position:
    """One position an official holds: title ("Phó Bí thư"), organisation ("Tỉnh ủy Yên Bái",
    None when the text names none), and the span of the text stating it."""

    title: str
    organization: str | None
    span: Span

    def to_dict(self) -> dict:
        return {"title": self.title, "organization": self.organization, "span": list(self.span)}

    @classmethod
    def from_dict(cls, d: dict) -> "Position":
        return cls(d["title"], d.get("organization"), tuple(d["span"]))


@dataclass
class Official:
    """A person with every position the text gives them (SCHEMA `officials`).

    `name_span` is the first full mention; `mentions` every mention of the person, full or
    short ("ông Kiên"), in text order.
    """

    name: str
    name_span: Span
    honorific: str | None = None
    positions: list[Position] = field(default_factory=list)
    mentions: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "name_span": list(self.name_span),
            "honorific": self.honorific,
            "positions": [p.to_dict() for p in self.positions],
            "mentions": [list(m) for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict) -> "Official":
        return cls(d["name"], tuple(d["name_span"]), d.get("honorific"),
                   [Position.from_dict(p) for p in d.get("positions", [])],
                   [tuple(m) for m in d.get("mentions", [])])


# ---------------------------------------------------------------- vocabularies


@lru_cache(maxsize=1)
def _honorifics() -> tuple[str, ...]:
    words = []
    for line in vocabulary("titles", "honorifics.tsv"):
        word, _, kind = line.partition("\t")
        words.append(word)
        if kind == "rank":  # "trung tướng Đỗ Kim Tuyến"
            words.append(word.lower())
    return tuple(sorted(set(words), key=len, reverse=True))




@lru_cache(maxsize=1)
def _honorific_re() -> re.Pattern:
    alternation = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in _honorifics())
    return re.compile(r"(?<!\w)(" + alternation + r")\s+$")


_LEADING_HONORIFIC = re.compile(r"(?:Ông|Bà|Đồng chí|Anh|Chị|Các đồng chí)\s+")
_NAME_RE = re.compile(rf"{CAP}(?:[ ]{CAP})*")
# Between two positions of a chain: a term qualifier may close the first ("nhiệm kỳ 2014-2019").
_TERM = r"(?:\s+(?:nhiệm kỳ|khóa|khoá)\s+(?:\d{4}\s*[-–]\s*\d{4}|[IVXLC]+))?"
# ... and a parenthesis may stand between ("(SN 1964), chức vụ Ủy viên…").
_ASIDE = r"(?:\s*\([^()]{1,20}\))?"
# "đồng thời là" ("Phó Giám đốc Sở Y tế, đồng thời là đại biểu Quốc hội") joins two positions.
_ALSO = r"(?:đồng thời (?:cũng )?là|đồng thời|kiêm nhiệm|kiêm)\s+"
_CHAIN_STEP = re.compile(
    _TERM + _ASIDE + r"(?:\s*,\s*|\s+[-–—]\s*|\s*[-–—]\s+|\s*\((?:\s*(?:SN\s*\d{4}|\d{1,3}\s*tuổi)\s*,)?\s*|\s+kiêm\s+|\s+|[-–](?=\w))(?:chức vụ\s+|hiện (?:đang )?là\s+|" + _ALSO + ")?"
)
_CHAIN_STEP_PLAIN = re.compile(_CHAIN_STEP.pattern.replace(_ASIDE, "", 1))  # "(82 tuổi, nguyên Bí thư …)" too
# A birth date or age between a name and its apposition ("Ông Lê Hồng Quang, sinh ngày 23 tháng
# 11 năm 1968, Ủy viên …", "ông A, SN 1964, Chủ tịch …").
_BIRTH_ASIDE = re.compile(
    r"\s*,\s*(?:sinh (?:ngày \d{1,2}(?:\s+tháng\s+|[/.-])\d{1,2}(?:\s+năm\s+|[/.-])|năm\s+)\d{4}"
    r"|SN:?\s*\d{4}|\d{1,3}\s*tuổi)(?=\s*,)"
)
# Between two positions of a chain that stands before a name ("Thứ trưởng - Tổng Giám đốc
# BHXH VN Nguyễn Thị Minh", "Phó Giám đốc Sở Y tế, đồng thời là đại biểu Quốc hội bà …").
_LINK_BEFORE = re.compile(r"(?:\s*,\s*(?:" + _ALSO + r")?|\s+[-–]\s+|\s+" + _ALSO + r")$")


# ---------------------------------------------------------------- positions in text


@dataclass(frozen=True)
class _Item:
    """A position stated in the text: title + organisation, with its span."""

    start: int
    end: int
    title: str
    organization: str | None
    title_end: int  # where the title's own words end (the organisation follows)
    official: bool = True  # False: a position outside the organs ("Giám đốc Bệnh viện …")
    kind: str | None = None  # the organ's kind (party, party-local, state, local, front)


def _position_items(text: str, organs, titles) -> list[_Item]:
    view = normalize(text).text
    organ_at = {s: (e, o) for s, e, o in organs}
    items: list[_Item] = []
    for s, e, title in titles:
        position_end = s + len(title.position)
        j = e
        while j < len(text) and text[j] == " ":
            j += 1
        if j > e and text.startswith("của ", j) and j + 4 in organ_at:  # "Người phát ngôn của Bộ Tài chính"
            j += 4
        if j > e and _non_organ_re().match(view, j):
            # "Giám đốc Bệnh viện …": not an official position, but a chain goes on after it
            stop = _before_a_name(view, j, _UNTIL_SEPARATOR.match(view, j).end())
            items.append(_Item(s, stop, title.position, None, e, official=False))
            continue
        if j in organ_at and (j > e or j == e and e < position_end):
            oe, organ = organ_at[j]
            items.append(_Item(s, _after_country(view, oe), title.position, organ.text, e, kind=organ.kind))
            continue
        if e in organ_at:  # organ starting inside the title ("Trưởng" + "Ban Quản lý…")
            oe, organ = organ_at[e]
            items.append(_Item(s, oe, title.position, organ.text, e, kind=organ.kind))
            continue
        central = CENTRAL_COMMITTEE.match(view, position_end)
        if central:  # "Ủy viên Trung ương,"
            items.append(_Item(s, central.end(1), title.position, text[central.start(1):central.end(1)], position_end))
            continue
        if title.base in ("Bộ trưởng", "Thứ trưởng", "bộ trưởng", "thứ trưởng", "Trợ lý Bộ trưởng"):
            ministry = ministry_after(view, position_end)
            if ministry:
                items.append(_Item(s, _after_country(view, ministry[1]), title.position,
                                   "Bộ " + text[ministry[0]:ministry[1]], position_end,
                                   official=not foreign_after(view, ministry[1])))  # "… Quốc phòng Hà Lan"
                continue
        if title.base == "Đại sứ" and foreign_after(view, position_end):  # "Đại sứ Hà Lan tại Việt Nam …"
            items.append(_Item(s, position_end, title.position, None, position_end, official=False))
            continue
        if title.base == "Đại sứ":  # "Đại sứ Việt Nam tại Belarus Lê Ánh": the post is a place
            post = _EMBASSY.match(view, position_end)
            if post:
                items.append(_Item(s, _stop_before_surname(view, post), title.position, None, position_end))
                continue
        country = _COUNTRY.match(view, position_end)
        if country:  # "Chủ tịch nước Cộng hòa XHCN Việt Nam Trần Đại Quang"
            items.append(_Item(s, country.end(), title.position, None, position_end))
            continue
        if title.base in _PLACE_TITLES:
            place = match_place(view, position_end)
            # "Bí thư TP HCM"; "Bí thư thị trấn -": a unit word alone before a pause
            if place and (place.name or place.unit and place.unit.islower() and _PAUSE.match(view, place.end)):
                ps = position_end + (len(view[position_end:place.end]) - len(view[position_end:place.end].lstrip()))
                items.append(_Item(s, place.end, title.position, text[ps:place.end], position_end))
                continue
        # "Phó Tổng Giám đốc EVNNPC": a body known by an acronym the grammar lacks (a company).
        named = _ACRONYM_AFTER.match(view, position_end) or _BRAND_AFTER.match(view, position_end)
        unknown = (named or _unknown_body().match(view, position_end)
                   or _company_head(view, title.base, position_end)
                   or _PLURAL_AFTER.match(view, position_end))  # "Bộ trưởng các Bộ: …" names no one
        # "ông A, Chủ tịch SFOM, Vụ trưởng …": the body's name is part of the item, so the chain goes on
        # (not "Tổng giám đốc VNG Lê Hồng Minh", a title before the name).
        chained = named and view.startswith(",", named.end())
        items.append(_Item(s, named.end() if chained else position_end, title.position, None, position_end,
                           official=not unknown))
    items = [replace(it, official=False) if _NUMBER_BEFORE.search(view, max(0, it.start - 8), it.start) else it
             for it in items]
    # "Phó Chủ tịch - Tổng Thư ký Ủy ban T.Ư MTTQ", "Phó chủ tịch kiêm Tổng thư ký UB…": a
    # title joined by a dash or "kiêm" shares the organ.
    for k in range(len(items) - 2, -1, -1):
        a, b = items[k], items[k + 1]
        if a.official and a.organization is None and b.organization and _SHARED_ORGAN.fullmatch(text, a.end, b.start):
            if _PARTY_TITLE.search(a.title) and b.kind not in (None, "party", "party-local"):
                continue  # "Bí thư kiêm Chủ tịch UBND quận": the Party post is not in the UBND
            items[k] = _Item(a.start, a.end, a.title, b.organization, a.title_end, kind=b.kind)
    _distribute_bracketed(view, items, organ_at)
    _distribute_coordinated(view, items)
    return items


def _distribute_coordinated(view: str, items: list[_Item]) -> None:
    """ "A, nguyên Giám đốc và B, nguyên Phó giám đốc Ban quản lý dự án …": a bare title
    coordinated with the next person's title shares what that title is of (an organ, or a
    body outside the organs)."""
    for k in range(len(items) - 2, -1, -1):
        a, b = items[k], items[k + 1]
        if a.organization is None and a.official and _coordinated_link().fullmatch(view, a.end, b.start):
            items[k] = replace(a, organization=b.organization, official=b.official, kind=b.kind)


@lru_cache(maxsize=1)
def _coordinated_link() -> re.Pattern:
    honorifics = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in _honorifics())
    return re.compile(rf"\s+và\s+(?:(?:{honorifics})\s+)?{CAP}(?: {CAP}){{1,4}}\s*,\s*")


def _distribute_bracketed(view: str, items: list[_Item], organ_at: dict) -> None:
    """ "ông A (Chủ tịch) và ông B (Phó Chủ tịch) UBND TP X": the organ after the last
    bracket belongs to every bracketed title of the run."""
    for k in range(len(items) - 1, -1, -1):
        item = items[k]
        if item.organization is not None or not item.official:
            continue
        m = _CLOSING_BRACKET.match(view, item.end)
        if not m or m.end() not in organ_at:
            continue
        organ = organ_at[m.end()][1]
        j = k
        while True:
            items[j] = replace(items[j], organization=organ.text, kind=organ.kind)
            if j == 0 or items[j - 1].organization is not None or not items[j - 1].official:
                break
            if not _distributed_link().fullmatch(view, items[j - 1].end, items[j].start):
                break
            j -= 1


_PAUSE = re.compile(r"\s*(?:[,;:.)]|[-–]\s)")
_CLOSING_BRACKET = re.compile(r"\s*\)\s+")


@lru_cache(maxsize=1)
def _distributed_link() -> re.Pattern:
    """Between two bracketed titles that share the organ after the last: ") và ông B (".
    """
    honorifics = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in _honorifics())
    return re.compile(rf"\s*\)\s*(?:,|và|;)\s+(?:(?:{honorifics})\s+)?{CAP}(?: {CAP}){{1,4}}\s*\(\s*")


@lru_cache(maxsize=1)
def _unknown_body() -> re.Pattern:
    """A body's name the organ grammar did not match, right after a title (body_heads.txt)."""
    heads = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in sorted(vocabulary("titles", "body_heads.txt"),
                                                                         key=len, reverse=True))
    return re.compile(rf"\s+(?:{heads})\s+{CAP}")


# Heads of companies as often as of organs: with no organ after them, a capitalised name that is
# not a person's is a company's ("Giám đốc Cường Hưng"; not "Phó Giám đốc Vũ Hải", "Phó giám đốc cũng").
_COMPANY_TITLES = {"giám đốc", "tổng giám đốc"}
_NEXT_WORD = re.compile(rf"\s+({CAP})")
_PLURAL_AFTER = re.compile(r"\s+(?:các|những)(?!\w)")


def _company_head(view: str, base: str, end: int) -> bool:
    nxt = _NEXT_WORD.match(view, end)
    return (base.casefold() in _COMPANY_TITLES and nxt is not None
            and not (nxt.group(1) in _surnames() and re.match(r"\s+" + CAP, view[nxt.end():])))


# "Phó Tổng giám đốc Sacombank)", "Giám đốc Vietcombank - …": one word of plain letters, a brand.
_BRAND_AFTER = re.compile(r"\s+[A-Z][a-zA-Z]{4,}(?=\s*(?:[-–,;.()]|$))")
_ACRONYM_AFTER = re.compile(r"\s+[A-ZĐ][A-ZĐ0-9&]{1,}(?![\w.])")
# "bổ nhiệm 02 Thẩm phán …": a number of people, not one person's title (chains go on).
_NUMBER_BEFORE = re.compile(r"(?<![\w/.,])\d{1,3}\s+$")
# A country named after a title, before the name ("Chủ tịch nước Cộng hòa XHCN Việt Nam").
def _after_country(view: str, end: int) -> int:
    """End of a position that "Việt Nam" may close ("Bộ trưởng Công Thương Việt Nam - Trần Tuấn Anh")."""
    country = _COUNTRY.match(view, end)
    return country.end() if country else end


_COUNTRY = re.compile(r"\s+(?:nước\s+)?(?:(?i:Cộng (?:hoà|hòa) xã hội chủ nghĩa|CHXHCN|Cộng (?:hoà|hòa) XHCN)\s+)?Việt Nam(?!\w)")


@lru_cache(maxsize=1)
def _non_organ_re() -> re.Pattern:
    heads = sorted(vocabulary("titles", "non_organs.txt"), key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(h) for h in heads) + r")(?!\w)", re.IGNORECASE)


_EMBASSY = re.compile(rf"(?:\s+Việt Nam)?\s+tại((?:\s+{CAP})+)")


def _stop_before_surname(view: str, post: re.Match) -> int:
    """End of "tại Belarus" in "Đại sứ Việt Nam tại Belarus Lê Ánh" (the name follows)."""
    end = post.start(1)
    for word in re.finditer(r"\S+", post.group(1)):
        if word.group(0) in _surnames() and end > post.start(1):
            break
        end = post.start(1) + word.end()
    return end


def _before_a_name(view: str, start: int, end: int) -> int:
    """End of a body's name that runs to `end` but may hold the name of the person after it
    ("Chủ tịch Nhóm nữ đại biểu Quốc hội Việt Nam khóa XIV | Tòng Thị Phóng"): the start of the
    first run of 2-4 capitalised syllables opened by a family name."""
    runs = [m for m in _person_run().finditer(view, start, end) if m.end() == end or not view[m.end()].isalpha()]
    if not runs:
        return end
    cut = runs[0].start()
    honorific = _honorific_re().search(view[max(start, cut - 30):cut])
    if honorific:  # "… Tập đoàn Dầu khí quốc gia Việt Nam và nghe | đồng chí Đinh La Thăng": a new mention
        cut = max(start, cut - 30) + honorific.start()
    while cut > start and view[cut - 1] == " ":
        cut -= 1
    return cut


@lru_cache(maxsize=1)
def _person_run() -> re.Pattern:
    surnames = "|".join(sorted(map(re.escape, _surnames()), key=len, reverse=True))
    return re.compile(rf"(?<= )({surnames})(?: {CAP}){{1,3}}(?!\w)")
_UNTIL_SEPARATOR = re.compile(r"[^,;:.()–—\n]*?(?=\s+[-–]\s|[,;:.()–—\n]|$)")
_PARTY_TITLE = re.compile(r"(?i)bí thư|(?:đảng|tỉnh|thành|huyện|quận) (?:ủy|uỷ) viên")
_SHARED_ORGAN = re.compile(r"\s*[-–]\s*|\s+kiêm\s+")
_PLACE_TITLES = {"Bí thư", "Chủ tịch", "Phó Bí thư", "Phó Chủ tịch"}


# ---------------------------------------------------------------- person names


def find_person_names(text: str, organs=None, titles=None) -> list[tuple[int, int, str | None]]:
    """Person names by rule: capitalised syllables after an honorific ("ông Lê Trung Kiên"),
    or of a family name next to a position ("Bộ trưởng Phạm Hồng Hà", "Hà Ban, Phó Trưởng
    Ban…"). Returns (start, end, honorific or None).

    >>> text = "Thay mặt lãnh đạo Bộ Xây dựng, Bộ trưởng Phạm Hồng Hà đã chúc mừng đồng chí Đỗ Đức Duy."
    >>> [(text[s:e], h) for s, e, h in find_person_names(text)]
    [('Phạm Hồng Hà', None), ('Đỗ Đức Duy', 'đồng chí')]
    """
    if organs is None or titles is None:
        organs, titles = find_organs_and_titles(text)
    view = normalize(text).text
    items = _position_items(text, organs, titles)
    blocked = _blocked(organs, titles)
    for it in items:  # "Bộ trưởng Công Thương Trần Tuấn Anh": the ministry is not a name
        blocked.update(range(it.start, it.end))
    item_ends = {it.end for it in items}
    organ_item_ends = {it.end for it in items if it.organization and it.official}
    item_starts = {it.start for it in items}
    names: list[tuple[int, int, str | None]] = []
    for start, end in _name_runs(view, blocked):
        syllables = view[start:end].split(" ")
        if _mixed_capitals(syllables):
            continue  # "Đoàn LS": an abbreviation among the syllables is not a person's name
        if _place_after_unit(view, start, end):
            continue  # "Bệnh viện Đa khoa tỉnh | Hà Tĩnh": a known place after its unit word
        if view[start:end] in _foreign_people():
            continue  # "Thủ tướng Lý Khắc Cường": a foreign leader named in Sino-Vietnamese
        if any(view.startswith(name, start) for name in _not_places()):
            continue  # "Bộ Tư lệnh Thái Bình Dương Mỹ": an ocean, not a person
        if view[start:end] in _provinces():
            continue  # "Đại học Quốc gia Hà Nội, Chủ tịch Hội …": a province, not a person
        honorific = _honorific_re().search(view[max(0, start - 30):start])
        if syllables[0] not in _surnames() and all(w.isascii() for w in syllables):
            continue  # "ông Michael Pence, Chủ tịch Thượng viện": a foreign name (not annotated)
        if honorific:
            if len(syllables) >= 2:  # one syllable is a short mention ("ông Kiên"), linked later
                names.append((start, end, honorific.group(1)))
            continue
        after_item = _AFTER_ITEM.search(view, max(0, start - 40), start)
        if (syllables[0] not in _surnames() and 2 <= len(syllables) <= 3 and after_item
                and all(not w.isascii() for w in syllables)):  # Vietnamese syllables, not "James Mattis"
            # "Chủ tịch Hội Nhà báo Việt Nam Thuận Hữu;": a pen name right after a position
            # with its organ, closing the entry.
            if after_item.start() in organ_item_ends and _PUNCTUATION_NEXT.match(view, end):
                names.append((start, end, None))
            continue
        if syllables[0] not in _surnames() or len(syllables) < 2:
            continue
        if (after_item and after_item.start() in item_ends) or _followed_by_item(view, end, item_starts):
            names.append((start, end, None))
        elif _in_list(view, start, names):
            names.append((start, end, None))
    return names


def _name_runs(view: str, blocked: set[int]):
    """Runs of capitalised syllables outside organs and titles, without leading honorifics
    and stopping before words that never belong to a name ("Tại", "Ảnh")."""
    for m in _NAME_RE.finditer(view):
        glued = m.start() > 0 and (view[m.start() - 1].isalnum() or view[m.start() - 1] in ".-_/&")
        run: list[tuple[int, int]] = []
        for syllable in re.finditer(r"\S+", m.group(0)):
            s, e = m.start() + syllable.start(), m.start() + syllable.end()
            word = syllable.group(0)
            # A stop word right before punctuation is a name's last syllable ("Cao Đức Phát,"), one
            # after a lone family name and before more of the name its middle ("Nguyễn Như Tuấn"), one
            # that is a family name after an honorific its first ("Thiếu tướng Từ Hồng Sơn").
            stop = (word in _name_stops() and not _PUNCTUATION_NEXT.match(view, e)
                    and not (len(run) == 1 and view[run[0][0]:run[0][1]] in _surnames() and e < m.end())
                    and not (not run and word in _surnames() and _honorific_re().search(view[max(0, s - 30):s])))
            if s in blocked or stop or (glued and s == m.start()):
                if run:
                    yield run[0][0], run[-1][1]
                run = []
                continue
            if not run and (word in _LEADING_HONORIFICS or word in _one_word_honorifics()):
                continue
            run.append((s, e))
        if run:
            yield run[0][0], run[-1][1]


_PLACE_UNIT_BEFORE = re.compile(r"(?<!\w)(?:tỉnh|huyện|quận|xã|phường|thị xã|thị trấn|thành phố|TP\.?)\s+$")


def _place_after_unit(view: str, start: int, end: int) -> bool:
    """Whether `view[start:end]` is a place named after its unit word ("tỉnh Hà Tĩnh"), not a
    person after a position ("Chủ tịch UBND TP | Nguyễn Thành Phong")."""
    unit = _PLACE_UNIT_BEFORE.search(view, max(0, start - 12), start)
    if not unit or unit.start() == 0 or not view[unit.start() - 1].isspace():
        return False
    place = match_place(view, unit.start() - 1)
    return place is not None and place.name_start == start and place.end == end


def _mixed_capitals(syllables: list[str]) -> bool:
    """An all-capitals word of two letters or more among ordinary syllables ("Đoàn LS"); a
    name written wholly in capitals ("TRƯƠNG MINH HOÀNG") is not mixed."""
    return any(len(w) > 1 and w.isupper() for w in syllables) and not all(w.isupper() for w in syllables)


_LEADING_HONORIFICS = {"Ông", "Bà", "Anh", "Chị"}
_PUNCTUATION_NEXT = re.compile(r"\s*(?:[,;:)]|\.(?!\w)|$)")
# Between a position and the name after it: a space, a dash, or an abbreviation "(QH)".
_AFTER_ITEM = re.compile(r"(?:\s*\([^()]{1,20}\))?(?:\s+[-–]\s*|\s*[-–]\s+|\s+)$")


@lru_cache(maxsize=1)
def _one_word_honorifics() -> frozenset[str]:
    """Capitalised one-word honorifics that can open a run of capitals ("ĐB Trần Đăng Ninh")."""
    return frozenset(h for h in _honorifics() if " " not in h and h[:1].isupper())


@lru_cache(maxsize=1)
def _provinces() -> frozenset[str]:
    return frozenset(line.partition("\t")[0] for name_file in ("places.tsv", "places_extra.tsv")
                     for line in vocabulary("organs", name_file) if line.endswith("\tprovince"))


@lru_cache(maxsize=1)
def _foreign_people() -> frozenset[str]:
    return frozenset(vocabulary("titles", "foreign_people.txt"))


@lru_cache(maxsize=1)
def _name_stops() -> frozenset[str]:
    return frozenset(vocabulary("titles", "name_stops.txt"))


def _followed_by_item(view: str, end: int, item_starts: set[int]) -> bool:
    m = re.compile(r"\s*(?:,|-|–|\()\s*").match(view, end)  # "Trần Đăng Khoa- Phó Chủ tịch"
    return bool(m) and m.end() in item_starts


def _in_list(view: str, start: int, names: list) -> bool:
    """A name opening an entry of a list ("…Bộ Chính trị: Nguyễn Thiện Nhân, …; Phạm Minh
    Chính") or continuing a list of bare names ("các Phó Thủ tướng: Vương Đình Huệ, Phạm Bình
    Minh và Vũ Đức Đam")."""
    before = view[max(0, start - 4):start]
    if before.endswith(": ") or before.endswith("; "):
        return True
    if names:
        gap = view[names[-1][1]:start]
        return gap in (", ", " và ") and _list_colon(view, names[-1][0]) is not None
    return False


def _list_colon(view: str, start: int) -> int | None:
    """The colon that opens the bare-name list holding the name at `start`, if any."""
    k = start
    while True:
        head = view[:k].rstrip()
        if head.endswith(":"):
            return len(head) - 1
        if head.endswith(";"):  # "…: A – Chủ tịch UBND tỉnh; B, C": back to the header's colon
            colon = head.rfind(":")
            return colon if colon != -1 and not _SENTENCE_END.search(view, colon, k) else None
        m = re.search(rf"(?<![\w.])({CAP}(?: {CAP}){{1,4}})\s*(?:,| và)$", head)
        if not m:
            return None
        k = m.start(1)


def _entries_colon(view: str, start: int) -> int | None:
    """The colon of a list header whose entries are "title name" ("các đồng chí Ủy viên
    Trung ương Đảng: Phó Chủ tịch Quốc hội Uông Chu Lưu, Trưởng Ban Nội chính Trung ương
    Phan Đình Trạc, …"): every entry before `start` ends with a name."""
    colon = view.rfind(":", max(0, start - 400), start)
    if colon == -1 or ";" in view[colon:start] or _SENTENCE_END.search(view, colon, start):
        return None
    entries = re.split(r",|\s+và\s+", view[colon + 1:start])[:-1]
    if entries and all(_ENTRY_ENDS_WITH_NAME.search(e) for e in entries):
        return colon
    return None


_ENTRY_ENDS_WITH_NAME = re.compile(rf"\S\s+{CAP}(?: {CAP}){{1,3}}\s*$")


def _blocked(organs, titles) -> set[int]:
    blocked = set()
    for s, e, _ in [*organs, *titles]:
        blocked.update(range(s, e))
    return blocked


# ---------------------------------------------------------------- linking


def extract_officials(
    text: str,
    persons: Sequence[Span] | None = None,
    *,
    organs: list | None = None,
    titles: list | None = None,
) -> list[Official]:
    """People holding a position in `text`, each with every position the text states.

    persons: person-name spans from a NER model; when None, names come from the rule of
    `find_person_names`. Short later mentions ("ông Kiên", "đồng chí Bí thư") are added to
    the official's `mentions`.

    >>> text = "Dự hội nghị có đồng chí Nguyễn Tuấn Anh, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh."
    >>> [(p.title, p.organization) for p in extract_officials(text)[0].positions]
    [('Phó Bí thư', 'Tỉnh ủy'), ('Chủ tịch', 'UBND tỉnh')]
    """
    if organs is None or titles is None:
        organs, titles = find_organs_and_titles(text)
    view = normalize(text).text
    rule_names = find_person_names(text, organs, titles)
    if persons is None:
        names = rule_names
    else:
        honorific_of = {(s, e): h for s, e, h in rule_names}
        names = [(s, e, honorific_of.get((s, e)) or _honorific_before(view, s)) for s, e in persons]
        # The model may miss a name that the official-writing patterns make certain.
        taken = set()
        for s, e, _ in names:
            taken.update(range(s, e))
        names += [n for n in rule_names if not taken.intersection(range(n[0], n[1]))]
        names.sort()
    items = _position_items(text, organs, titles)
    claimed: set[int] = set()
    found: list[tuple[int, int, str | None, list[_Item]]] = []
    name_starts = {s for s, _, _ in names}
    for s, e, honorific in names:
        forward = _chain_after(text, e, items, claimed, name_starts, honorific)
        found.append((s, e, honorific, forward))
    for index, (s, e, honorific, forward) in enumerate(found):
        backward = _chain_before(text, view, s, items, claimed, honorific)
        entry_start = backward[0].start if backward else _entry_start(view, s, honorific)
        header = _list_header(text, view, entry_start, items)
        found[index] = (s, e, honorific, [*header, *backward, *forward])
    return _merge(text, found, view, titles)


def _entry_start(view: str, start: int, honorific: str | None) -> int:
    """Where a mention starts: at its honorific ("ông Lê Trung Kiên") or at the name."""
    if honorific:
        m = _honorific_re().search(view[max(0, start - 30):start])
        if m:
            return max(0, start - 30) + m.start()
    return start


def _honorific_before(view: str, start: int) -> str | None:
    m = _honorific_re().search(view[max(0, start - 30):start])
    return m.group(1) if m else None


def _chain_after(text: str, end: int, items: list[_Item], claimed: set[int], name_starts: set[int],
                 honorific: str | None = None) -> list[_Item]:
    """Positions in apposition after a name: ", A, B - C kiêm D" (stops at anything else).

    A chain that runs into the next name ("Phạm Bình Minh, Bí thư Thành ủy Hà Nội Hoàng Trung
    Hải") gives its positions to that name instead: they stand before it."""
    chain: list[_Item] = []
    birth = _BIRTH_ASIDE.match(text, end)
    cursor = birth.end() if birth else end
    by_start = {it.start: it for it in items}
    while True:
        m = _CHAIN_STEP.match(text, cursor)
        if m and m.end() not in by_start:  # "(Chủ tịch)" is a position, not an aside
            m = _CHAIN_STEP_PLAIN.match(text, cursor) or m
        if not m:
            break
        nxt = by_start.get(m.end())
        if nxt is None or nxt.start in claimed:
            break
        if not chain and m.group(0).strip() == "" and not (nxt.organization and nxt.official and honorific):
            # "Lê Trung Kiên Trưởng Ban" without a comma is not apposition, but "ông Hồ Quang
            # Bửu Chủ tịch UBND huyện Nam Trà My" (an honorific, a title with its organ) is
            break
        chain.append(nxt)
        cursor = nxt.end
    if chain and _AFTER_ITEM_TO_NAME.match(text, chain[-1].end) and _AFTER_ITEM_TO_NAME.match(text, chain[-1].end).end() in name_starts:
        return []
    if chain and _TOGETHER.match(text, chain[-1].end):
        return []  # "Phó thủ tướng A, Viện trưởng …, Bộ trưởng … đều nói": other people
    claimed.update(it.start for it in chain)
    if chain and _non_organ_re().match(text, chain[-1].end + len(text[chain[-1].end:]) - len(text[chain[-1].end:].lstrip(" "))):
        # "Phó Giám đốc, Phó Bí thư Đảng bộ, Bí thư Chi bộ khoa Sản bệnh viện X": the hospital
        # qualifies the chain; its bare titles are posts of the hospital, not of an organ.
        chain = [it for it in chain if it.organization is not None]
    # "ông Bùi Hữu Hùng, Phó Tổng Giám đốc, làm đại diện": a general director without an organ
    # in apposition heads a company.
    return [it for it in chain if it.official and not (it.organization is None and _COMPANY_TITLE.search(it.title))]


_COMPANY_TITLE = re.compile(r"(?i)tổng giám đốc")
_TOGETHER = re.compile(r"\s+(?:đều|cùng đều)\s")
_AFTER_ITEM_TO_NAME = re.compile(r"(?:\s*\([^()]{1,20}\))?(?:\s+[-–]\s+|\s+)")


def _chain_before(text: str, view: str, start: int, items: list[_Item], claimed: set[int], honorific) -> list[_Item]:
    """Positions before a name: "Ủy viên Bộ Chính trị, Bộ trưởng Bộ Quốc phòng Ngô Xuân Lịch",
    "Phó Trưởng ban Tổ chức Trung ương - ông Mai Văn Chính", "đồng chí Phó Trưởng ban …"."""
    by_end = {it.end: it for it in items}
    cursor = _entry_start(view, start, honorific)  # before "ông", "đồng chí"
    chain: list[_Item] = []
    m = _AFTER_ITEM.search(text, max(0, cursor - 40), cursor)
    item = by_end.get(m.start()) if m else None
    after_comma = item is None and honorific
    if item is None and honorific:  # "” - Phó Giám đốc Sở VH-TT TP HCM, ông Mai Bá Hùng, chia sẻ"
        m = _COMMA_BEFORE.search(text, max(0, cursor - 10), cursor)
        item = by_end.get(m.start()) if m else None
        if item is not None and not (_CLAUSE_START.search(view, max(0, item.start - 4), item.start) or (
                item.kind and not _NOT_NAMING_BEFORE.search(view, max(0, item.start - 12), item.start))):
            # "thừa ủy quyền của Chủ tịch nước, đồng chí …": not the person's title; but "triệu tập
            # Giám đốc Sở Kế hoạch và Đầu tư tỉnh Yên Bái, ông Vũ Xuân Sáng" (an organ the grammar
            # names, not a place: "thay lời Chủ tịch quận, ông …") is
            item = None
    while item is not None and item.start not in claimed:
        chain.insert(0, item)
        claimed.add(item.start)
        m = _LINK_BEFORE.search(text, max(0, item.start - 20), item.start)
        item = by_end.get(m.start()) if m else None
        if item is not None and _POSSESSIVE_BEFORE.search(view, max(0, item.start - 14), item.start):
            break  # "chất vấn của Bộ trưởng Bộ NN&PTNT, Chủ tịch Quốc hội Nguyễn Thị Kim Ngân"
    if after_comma and chain and _NOT_NAMING_BEFORE.search(view, max(0, chain[0].start - 12), chain[0].start):
        claimed.difference_update(it.start for it in chain)
        return []  # "mấy ông Bộ trưởng, Thứ trưởng Tài nguyên - Môi trường, ông Võ Kim Cự"
    if len(chain) == 1 and chain[0].organization is None and _COMPANY_TITLE.search(chain[0].title):
        return []  # "Tổng Giám đốc Lê Kim Thành nói PMU …": a general director alone heads a company
    return [it for it in chain if it.official]


_CLAUSE_START = re.compile(r"(?:^|[.:;!?\"“”–-])\s*$")
# "thừa ủy quyền Thủ tướng Chính phủ, Bộ trưởng …", "Tổ công tác Thủ tướng Chính phủ, Chủ tịch Tập đoàn …"
_POSSESSIVE_BEFORE = re.compile(r"(?<!\w)(?:của|với|quyền|[Tt]ổ công tác)\s+$")
# Before a title that is a predicate's object or a class, not a naming ("nhậm chức Bí thư …, ông A",
# "mấy ông Bộ trưởng, Thứ trưởng …, ông A").
_NOT_NAMING_BEFORE = re.compile(r"(?<!\w)(?:của|với|cho|chức|làm|là|ông|bà|các|mấy|những)\s+$")


def _list_header(text: str, view: str, entry_start: int, items: list[_Item]) -> list[_Item]:
    """Positions of a list header that apply to every entry of the list:
    "các đồng chí Ủy viên Bộ Chính trị: Nguyễn Thiện Nhân, …; Phạm Minh Chính, …"."""
    if not view[max(0, entry_start - 3):entry_start].rstrip().endswith((":", ";", ",", " và")):
        return []
    head = view[:entry_start].rstrip()
    if head.endswith(";"):
        colon = head.rfind(":")
        if colon == -1 or _SENTENCE_END.search(view, colon, entry_start):
            return []
        if _bare_name_list().match(view, colon + 1):
            return []  # "các Phó Thủ tướng: A, B, C; …" - the header ends with its names
    elif head.endswith(":"):
        colon = len(head) - 1
    elif head.endswith(",") or head.endswith(" và"):
        colon = _list_colon(view, entry_start)
        if colon is None:
            colon = _entries_colon(view, entry_start)
        if colon is None:
            return []
    else:
        return []
    by_end = {it.end: it for it in items}
    header = by_end.get(colon)
    if header is None or not header.official:
        return []
    chain = [header]
    m = _COMMA_BEFORE.search(text, max(0, header.start - 10), header.start)
    while m and m.start() in by_end:
        item = by_end[m.start()]
        chain.insert(0, item)
        m = _COMMA_BEFORE.search(text, max(0, item.start - 10), item.start)
    return [it for it in chain if it.official]


@lru_cache(maxsize=1)
def _bare_name_list() -> re.Pattern:
    """A list of names alone after a colon: "Vương Đình Huệ, Phạm Bình Minh…"."""
    surnames = "|".join(sorted(map(re.escape, _surnames()), key=len, reverse=True))
    return re.compile(rf"\s*{CAP}(?: {CAP})+(?:,| và)\s*(?:{surnames}) {CAP}")


_SENTENCE_END = re.compile(rf"[.!?]\s+(?={CAP})")
_COMMA_BEFORE = re.compile(r"\s*,\s*$")


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _merge(text: str, found, view: str, titles) -> list[Official]:
    officials: dict[str, Official] = {}
    order: list[str] = []
    for s, e, honorific, chain in found:
        key = _key(normalize(text[s:e]).text)
        official = officials.get(key)
        if official is None:
            official = Official(text[s:e], (s, e), honorific)
            officials[key] = official
            order.append(key)
        elif official.honorific is None and honorific:
            official.honorific = honorific
        official.mentions.append((s, e))
        seen = {(_key(p.title), _key(p.organization or "")) for p in official.positions}
        for item in chain:
            position = Position(item.title, item.organization, (item.start, item.end))
            pkey = (_key(position.title), _key(position.organization or ""))
            if pkey not in seen:
                seen.add(pkey)
                official.positions.append(position)
    result = [officials[k] for k in order if officials[k].positions]
    for official in result:  # "Thủ tướng" then "Thủ tướng Chính phủ": one position
        with_organ = {_key(p.title) for p in official.positions if p.organization}
        official.positions = [p for p in official.positions if p.organization or _key(p.title) not in with_organ]
    _link_short_mentions(text, view, result, titles)
    for official in result:
        official.mentions.sort()
    return result


def _link_short_mentions(text: str, view: str, officials: list[Official], titles) -> None:
    """ "ông Kiên" -> the official whose name ends in "Kiên" (the latest one named before);
    "đồng chí Bí thư" -> the only official holding that title."""
    if not officials:
        return
    honorifics = "|".join(re.escape(h) for h in _honorifics())
    full = set()
    for o in officials:
        full.update(range(*o.name_span))
        for m in o.mentions:
            full.update(range(*m))
    for m in re.finditer(rf"(?<!\w)(?:{honorifics})\s+({CAP})(?!\w)(?!\s+{CAP})", view):
        s, e = m.span(1)
        if s in full:
            continue
        candidates = [o for o in officials if view[o.name_span[0]:o.name_span[1]].split()[-1] == m.group(1)
                      and o.name_span[0] < s]
        if candidates:
            target = max(candidates, key=lambda o: o.name_span[0])
            if (s, e) not in target.mentions:
                target.mentions.append((s, e))
    for s, e, title in titles:
        before = view[max(0, s - 20):s]
        if not _honorific_re().search(before):
            continue
        after = view[e:e + 2]
        if after[:1].isalpha() or (after[:1] == " " and after[1:2].isupper()):
            continue  # a name or an organ follows: not a bare "đồng chí Bí thư"
        holders = [o for o in officials if any(_key(p.title) == _key(title.position) for p in o.positions)
                   and o.name_span[0] < s]
        if len(holders) == 1 and (s, e) not in holders[0].mentions:
            holders[0].mentions.append((s, e))
