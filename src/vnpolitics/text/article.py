"""Reading a raw news page: title, section, byline, body, captions and boilerplate as spans.

Scraped Vietnamese news pages share one layout: an optional section name, the title, a byline
with the date and time ("Vũ Ba 15/06/2024 - 09:58"), a comment counter, sometimes the title
again, the body with image file names followed by their captions, and link lists ("Nổi bật",
"Đừng bỏ lỡ", "Tin liên quan") at the end. `read_article` finds each part as offsets into the
raw text; nothing is removed or rewritten. Plain text without that layout is all body.

>>> raw = "Thời sự\\n\\nHội nghị Ban Chấp hành\\n\\nVũ Ba 15/06/2024 - 09:58\\n\\nSáng nay, hội nghị khai mạc."
>>> article = read_article(raw)
>>> article.title, article.section, article.author, article.published
('Hội nghị Ban Chấp hành', 'Thời sự', 'Vũ Ba', '2024-06-15T09:58:00')
>>> [raw[s:e] for s, e in article.body]
['Sáng nay, hội nghị khai mạc.']
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from .normalize import LOWER, UPPER

Span = tuple[int, int]

_BYLINE = re.compile(
    r"^(?:(?P<author>[^\d\n|]{2,60}?)\s*[|,–-]?\s+)?"
    r"(?:(?:Thứ\s+\w+|Chủ\s+nhật|T[2-7]|CN)\s*,?\s*)?(?:ngày\s+)?"
    r"(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>(?:19|20)\d\d)"
    r"(?:\s*[-–|,]?\s*(?:lúc\s+)?(?P<hour>\d{1,2})[:hg](?P<minute>\d{2})(?:\s*(?:\(GMT\+7\)|GMT\+7))?)?\s*$"
)
_TIME_FIRST_BYLINE = re.compile(
    r"^(?:(?P<author>[^\d\n|]{2,60}?)\s*[|,–-]?\s+)?(?P<hour>\d{1,2})[:hg](?P<minute>\d{2})\s*[-–|,]?\s*"
    r"(?:ngày\s+)?(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>(?:19|20)\d\d)\s*$"
)
_IMAGE_FILE = re.compile(r"^\S+\.(?:jpe?g|png|gif|webp|bmp|svg)(?:\?\S*)?$", re.IGNORECASE)
_COMMENTS = re.compile(r"^\(?\d+\)?\s*(?:Bình luận|bình luận|Comments?)$")
_LINK_LIST_HEADS = {
    "nổi bật", "đừng bỏ lỡ", "tin liên quan", "xem thêm", "tin cùng chuyên mục", "tin khác",
    "bài liên quan", "tin mới", "đọc nhiều", "đọc thêm", "có thể bạn quan tâm", "tin nổi bật",
    "các tin khác", "tin đã đưa", "mới nhất",
}
_BOILERPLATE_LINES = {
    "bình luận", "chia sẻ", "in bài", "lưu bài", "theo dõi", "facebook", "zalo", "twitter",
    "gửi bình luận", "quay lại", "trở về", "trang chủ", "tags:", "từ khóa:", "từ khoá:",
}
_CAPTION_CREDIT = re.compile(r"(?:^|[\s.(])(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Nguồn ảnh|Video)\s*:\s*[^\n]{1,60}\)?\s*$")
_HTML_TAG = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|</?[A-Za-z][^<>]*>", re.DOTALL | re.IGNORECASE)
# A dateline glued to the lead: "HÀ NỘIPhó chủ tịch …", "LÀOTiền đạo …", "TP HCM - Sáng nay …".
_DATELINE = re.compile(
    r"^(?P<place>[{U}][{U} .]{{1,30}}?)(?:(?=[{U}][{L}])|\s*[-–—]\s+(?=\S)|\s*\((?:[\w.]+)\)\s*[-–—]\s*)".format(
        U=UPPER, L=LOWER
    )
)
_BLOCK_TAG = re.compile(r"</?(?:p|div|h[1-6]|br|li|ul|ol|tr|td|th|table|title|article|section|header|footer|figure|figcaption|blockquote)\b", re.I)


@dataclass
class Article:
    """The parts of a raw news page, as offsets into `raw` (half-open [start, end))."""

    raw: str
    title: str | None = None
    title_span: Span | None = None
    section: str | None = None
    author: str | None = None
    published: str | None = None
    byline_span: Span | None = None
    dateline_span: Span | None = None
    body: list[Span] = field(default_factory=list)
    captions: list[Span] = field(default_factory=list)
    boilerplate: list[Span] = field(default_factory=list)

    @property
    def content(self) -> list[Span]:
        """Spans a pipeline should annotate: the title, body paragraphs and captions, in order."""
        spans = ([self.title_span] if self.title_span else []) + self.body + self.captions
        return sorted(spans)

    def masked_text(self) -> str:
        """`raw` with everything but `content` blanked (newlines kept): same length, same offsets."""
        keep = bytearray(len(self.raw))
        for start, end in self.content:
            keep[start:end] = b"\x01" * (end - start)
        for start, end in self.boilerplate:  # markup inside a paragraph
            keep[start:end] = bytes(end - start)
        return "".join(ch if keep[i] or ch == "\n" else " " for i, ch in enumerate(self.raw))

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "title_span": list(self.title_span) if self.title_span else None,
            "section": self.section,
            "author": self.author,
            "published": self.published,
            "byline_span": list(self.byline_span) if self.byline_span else None,
            "dateline_span": list(self.dateline_span) if self.dateline_span else None,
            "body": [list(s) for s in self.body],
            "captions": [list(s) for s in self.captions],
            "boilerplate": [list(s) for s in self.boilerplate],
        }


def _lines(raw: str, blanked: str) -> list[Span]:
    """Non-empty lines as spans with surrounding whitespace trimmed (markup already blanked)."""
    spans = []
    for match in re.finditer(r"[^\n]+", blanked):
        text = match.group()
        stripped = text.strip()
        if stripped:
            start = match.start() + (len(text) - len(text.lstrip()))
            spans.append((start, start + len(stripped)))
    return spans


def _parse_byline(line: str) -> tuple[str | None, str | None] | None:
    match = _BYLINE.match(line) or _TIME_FIRST_BYLINE.match(line)
    if not match:
        return None
    try:
        stamp = datetime(
            int(match["year"]), int(match["month"]), int(match["day"]),
            int(match["hour"] or 0), int(match["minute"] or 0),
        )
    except ValueError:
        return None
    author = (match["author"] or "").strip(" -–|,") or None
    if author and (len(author.split()) > 6 or author.endswith((".", ":"))):
        return None
    published = stamp.isoformat() if match["hour"] else stamp.date().isoformat()
    return author, published


def _is_heading(line: str) -> bool:
    """A short line without sentence punctuation: a section name or a title."""
    return len(line) <= 200 and not line.endswith((".", ":", ";", ",")) and len(line.split()) <= 40


def read_article(raw: str) -> Article:
    """Split a raw news page into its parts (see the module docstring)."""
    if not isinstance(raw, str):
        raise TypeError(f"read_article expects a str, got {type(raw).__name__}")
    article = Article(raw)
    # Markup is boilerplate; blank it (keeping offsets) so the line logic sees only text.
    blanked = raw
    if "<" in raw and _HTML_TAG.search(raw):
        pieces, last = [], 0
        for match in _HTML_TAG.finditer(raw):
            pieces.append(raw[last : match.start()])
            blank = "".join("\n" if ch == "\n" else " " for ch in match.group())
            if _BLOCK_TAG.match(match.group()):  # a block element breaks the line
                blank = "\n" + blank[1:]
            pieces.append(blank)
            article.boilerplate.append((match.start(), match.end()))
            last = match.end()
        pieces.append(raw[last:])
        blanked = "".join(pieces)
    lines = _lines(raw, blanked)
    if not lines:
        return article

    def text(span: Span) -> str:
        return raw[span[0] : span[1]]

    # Header: up to the byline, found among the first lines.
    body_from = 0
    for i, span in enumerate(lines[:6]):
        parsed = _parse_byline(text(span))
        if parsed is None:
            continue
        headings = [s for s in lines[:i] if _is_heading(text(s))]
        if len(headings) != i or i > 3:
            break
        article.byline_span = span
        article.author, article.published = parsed
        if i >= 1:
            article.title_span = lines[i - 1]
            article.title = text(lines[i - 1])
        if i >= 2:
            article.section = text(lines[i - 2])
            article.boilerplate.append(lines[i - 2])
        article.boilerplate.append(span)
        body_from = i + 1
        break
    if article.byline_span is None and len(lines) >= 2 and _is_heading(text(lines[0])):
        # No byline: a heading followed by a paragraph is a title.
        if not _is_heading(text(lines[1])) or len(text(lines[1])) > len(text(lines[0])):
            article.title_span, article.title = lines[0], text(lines[0])
            body_from = 1

    in_link_list = False
    expect_caption = False
    for span in lines[body_from:]:
        line = text(span)
        lowered = line.lower().strip(" :")
        if in_link_list or lowered in _LINK_LIST_HEADS:
            in_link_list = True
            article.boilerplate.append(span)
            continue
        if _COMMENTS.match(line) or lowered in _BOILERPLATE_LINES or (article.title and line == article.title):
            article.boilerplate.append(span)
            continue
        if _IMAGE_FILE.match(line):
            article.boilerplate.append(span)
            expect_caption = True
            continue
        if expect_caption or (_CAPTION_CREDIT.search(line) and len(line) < 300):
            article.captions.append(span)
            expect_caption = False
            continue
        article.body.append(span)
    if article.body:
        first = article.body[0]
        match = _DATELINE.match(text(first))
        if match and match.group("place").strip().isupper() and len(match.group("place").strip()) >= 2:
            place = match.group("place").rstrip()
            article.dateline_span = (first[0], first[0] + len(place))
    article.boilerplate.sort()
    return article
