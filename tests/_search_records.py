"""Annotation records for the search tests, written by hand after SCHEMA.md.

The texts are `tests/data/search/articles.jsonl` (short news-style texts written for the
project). Offsets are never typed: every span is found in the text by its words, so a record is
exactly what SCHEMA says (`text[start:end] == span text`). Used until the pipeline's own output
(`tests/data/search/annotated.jsonl`, made by `scripts/make_search_fixture.py`) is available.
"""
from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parent / "data" / "search"
SAMPLE = Path(__file__).parents[1] / "corpora" / "samples" / "haiphong-2024-06-15.txt"


def texts() -> dict[str, dict]:
    rows = [json.loads(line) for line in (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    return {row["id"]: row for row in rows}


def span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def ent(text: str, needle: str, label: str, nth: int = 0) -> dict:
    start, end = span(text, needle, nth)
    return {"start": start, "end": end, "label": label, "text": needle}


def ref(text: str, phrase: str, code: str | None, type_: str, issuer: str | None, *, nth: int = 0,
        issuer_name: str | None = None, date: str | None = None, refers_to: int | None = None,
        system: str = "party") -> dict:
    start, end = span(text, phrase, nth)
    code_span = None
    if code:
        c = text.index(code.replace(" ", ""), start)
        code_span = [c, c + len(code)]
    return {"start": start, "end": end, "text": phrase, "code": code, "code_span": code_span,
            "system": system, "number": None, "year": None, "type": type_, "type_name": None,
            "issuer": issuer, "issuer_name": issuer_name, "issuer_span": None, "issuer_resolved": None,
            "date": date, "subject": None, "refers_to": refers_to}


def official(text: str, name: str, honorific: str, positions: list[tuple[str, str, str]], nth: int = 0) -> dict:
    name_start, name_end = span(text, name, nth)
    out = []
    for title, organization, phrase in positions:
        s, e = span(text, phrase, nth)
        out.append({"title": title, "organization": organization, "span": [s, e]})
    return {"name": name, "name_span": [name_start, name_end], "honorific": honorific, "positions": out}


def record(doc_id: str, text: str, meta: dict, *, entities=(), nested=(), doc_refs=(), officials=(),
           topic: str | None = None) -> dict:
    first = text.index("\n")
    sentences, start = [], 0
    for stop in [first] + [i + 1 for i, ch in enumerate(text) if ch == "." and (i + 1 == len(text) or text[i + 1] == " ")]:
        piece = text[start:stop]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            sentences.append([start + lead, stop])
        start = stop
    return {
        "schema": "vnpolitics.annotation/1", "id": doc_id, "text": text, "meta": meta,
        "article": {"title": text[:first], "published": meta.get("published")},
        "sentences": sentences,
        "entities": sorted(entities, key=lambda e: e["start"]),
        "nested": list(nested), "doc_refs": list(doc_refs), "officials": list(officials),
        "topic": {"label": topic, "scores": {topic: 0.9}} if topic else None,
        "errors": [],
    }


def hand_records() -> list[dict]:
    rows = texts()
    out = []

    r = rows["bacninh-2023-03-02"]
    t = r["text"]
    out.append(record(r["id"], t, r["meta"], topic="Chính trị Xã hội", entities=[
        ent(t, "05-CT/TW", "DOC_CODE"), ent(t, "Bắc Ninh", "LOC"),
        ent(t, "Ban Thường vụ Tỉnh ủy Bắc Ninh", "ORG"), ent(t, "05-CT/TW", "DOC_CODE", 1),
        ent(t, "Bộ Chính trị", "ORG"), ent(t, "Hồ Chí Minh", "PER"), ent(t, "Phạm Văn Hạ", "PER"),
        ent(t, "Phó Bí thư", "TITLE"), ent(t, "Tỉnh ủy Bắc Ninh", "ORG", 1),
        ent(t, "Bộ Chính trị", "ORG", 1), ent(t, "01-KL/TW", "DOC_CODE"), ent(t, "Bộ Chính trị", "ORG", 2),
    ], nested=[ent(t, "Bắc Ninh", "LOC", 1)], doc_refs=[
        ref(t, "Chỉ thị 05-CT/TW", "05-CT/TW", "CT", "TW"),
        ref(t, "Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị", "05-CT/TW", "CT", "TW",
            issuer_name="Bộ Chính trị", date="2016-05-15"),
        ref(t, "Chỉ thị 05 của Bộ Chính trị", None, "CT", None, issuer_name="Bộ Chính trị", refers_to=1),
        ref(t, "Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị", "01-KL/TW", "KL", "TW",
            issuer_name="Bộ Chính trị", date="2021-05-18"),
    ], officials=[official(t, "Phạm Văn Hạ", "ông", [("Phó Bí thư Tỉnh ủy", "Tỉnh ủy Bắc Ninh",
                                                           "Phó Bí thư Tỉnh ủy Bắc Ninh")])]))

    r = rows["halong-2025-01-20"]
    t = r["text"]
    out.append(record(r["id"], t, r["meta"], topic="Chính trị Xã hội", entities=[
        ent(t, "Thành ủy Hạ Long", "ORG"), ent(t, "57-NQ/TW", "DOC_CODE"),
        ent(t, "Ban Thường vụ Thành ủy Hạ Long", "ORG"), ent(t, "57-NQ/TW", "DOC_CODE", 1),
        ent(t, "Bộ Chính trị", "ORG"), ent(t, "Nguyễn Thị Hà", "PER"),
        ent(t, "Phó Bí thư Thường trực", "TITLE"), ent(t, "Thành ủy Hạ Long", "ORG", 2),
    ], doc_refs=[
        ref(t, "Nghị quyết 57-NQ/TW", "57-NQ/TW", "NQ", "TW"),
        ref(t, "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị", "57-NQ/TW", "NQ", "TW",
            issuer_name="Bộ Chính trị", date="2024-12-22"),
        ref(t, "Nghị quyết 57", None, "NQ", None, nth=1, refers_to=1),
    ], officials=[official(t, "Nguyễn Thị Hà", "bà", [
        ("Phó Bí thư Thường trực Thành ủy", "Thành ủy Hạ Long", "Phó Bí thư Thường trực Thành ủy Hạ Long")])]))

    r = rows["hanoi-2025-02-10"]
    t = r["text"]
    out.append(record(r["id"], t, r["meta"], topic="Chính trị Xã hội", entities=[
        ent(t, "Hà Nội", "LOC"), ent(t, "UBND thành phố Hà Nội", "ORG"), ent(t, "749/QĐ-TTg", "DOC_CODE"),
        ent(t, "Thủ tướng Chính phủ", "ORG"), ent(t, "Trần Quang Hà", "PER"),
        ent(t, "Phó Chủ tịch", "TITLE"), ent(t, "UBND thành phố Hà Nội", "ORG", 1),
        ent(t, "30/2020/NĐ-CP", "DOC_CODE"), ent(t, "Chính phủ", "ORG", 1),
    ], doc_refs=[
        ref(t, "Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ", "749/QĐ-TTg", "QĐ",
            "TTg", issuer_name="Thủ tướng Chính phủ", date="2020-06-03", system="state"),
        ref(t, "Nghị định 30/2020/NĐ-CP của Chính phủ", "30/2020/NĐ-CP", "NĐ", "CP",
            issuer_name="Chính phủ", system="state"),
    ], officials=[official(t, "Trần Quang Hà", "ông", [
        ("Phó Chủ tịch UBND", "UBND thành phố Hà Nội", "Phó Chủ tịch UBND thành phố Hà Nội")])]))

    r = rows["halong-2025-06-05"]
    t = r["text"]
    out.append(record(r["id"], t, r["meta"], topic="Chính trị Xã hội", entities=[
        ent(t, "Hạ Long", "LOC"), ent(t, "Thành ủy Hạ Long", "ORG"), ent(t, "57-NQ/TW", "DOC_CODE"),
        ent(t, "Bộ Chính trị", "ORG"), ent(t, "Nguyễn Thị Hà", "PER"), ent(t, "Bí thư", "TITLE", 0),
        ent(t, "Thành ủy Hạ Long", "ORG", 1), ent(t, "01-KL/TW", "DOC_CODE"),
    ], doc_refs=[
        ref(t, "Nghị quyết số 57-NQ/TW của Bộ Chính trị", "57-NQ/TW", "NQ", "TW", issuer_name="Bộ Chính trị"),
        ref(t, "Nghị quyết 57", None, "NQ", None, nth=1, refers_to=0),
        ref(t, "Kết luận 01-KL/TW", "01-KL/TW", "KL", "TW"),
    ], officials=[official(t, "Nguyễn Thị Hà", "bà", [("Bí thư Thành ủy", "Thành ủy Hạ Long",
                                                             "Bí thư Thành ủy Hạ Long")])]))

    r = rows["halong-2025-06-07-bongda"]
    t = r["text"]
    out.append(record(r["id"], t, r["meta"], topic="Thể thao", entities=[
        ent(t, "Câu lạc bộ Hạ Long", "ORG"), ent(t, "Cẩm Phả", "LOC"), ent(t, "Hà Nội", "ORG"),
    ]))
    return out
