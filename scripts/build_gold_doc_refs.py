"""Build `corpora/gold/doc_refs.jsonl` from hand-written annotations and the stored paragraphs.

The annotations (`corpora/gold/doc_refs.annotations.txt`) are written by hand, one line per
mention, after reading the paragraphs (see docs/annotation.md):

    [k] news-2017/ID                 an article (k: its index in the paragraphs file)
    C<p> WRITTEN [= CANONICAL] | DATE | RESOLVED [| key=value ...]   a code in paragraph p
    S<p> WRITTEN -> CANONICAL         a short reference in paragraph p and the code it means

This script only turns those lines into offsets and fields: it finds WRITTEN in paragraph p
(the next occurrence, whole-word) and splits the hand-written CANONICAL code into its parts.
It does not call the vnpolitics parser.

    python scripts/build_gold_doc_refs.py --paragraphs corpora/gold/doc_refs.jsonl \
        --annotations corpora/gold/doc_refs.annotations.txt --out corpora/gold/doc_refs.jsonl
"""
from __future__ import annotations

import argparse
import json
import re
import sys

# Types as the first part after the slash in a state code (Nghị định 30/2020, Appendix III).
STATE_TYPES = {"NĐ", "QĐ", "TT", "TTLT", "NQ", "CT", "KH", "TB", "HD", "CĐ", "TTr", "BC", "GP", "PC",
               "KL", "CV", "BB", "CTr", "PL", "L", "VBHN", "QyĐ", "NQLT"}


def split_code(code: str) -> dict:
    """The parts of a canonical code, by its punctuation alone."""
    fields = dict(number=None, year=None, type=None, issuer=None, system="state")
    m = re.fullmatch(r"(\w+(?:\.\d+)?)-(\d{4})/(\w+)-(.+)", code)
    if m:  # 19-2016/NQ-CP
        return dict(fields, number=m[1], year=int(m[2]), type=m[3], issuer=m[4])
    m = re.fullmatch(r"(\w+(?:\.\d+)?)-(\w+)/(\w+)(?:-(\w+))?", code)
    if m:  # 28-NQ/TU
        return dict(fields, number=m[1], type=m[2], issuer=m[3], system="party")
    m = re.fullmatch(r"(\w+(?:\.\d+)?)/(\d{4})/(.+)", code)
    if m:  # 30/2020/NĐ-CP, 59/2020/QH14
        parts = m[3].split("-")
        if len(parts) == 1:
            return dict(fields, number=m[1], year=int(m[2]), issuer=parts[0])
        return dict(fields, number=m[1], year=int(m[2]), type=parts[0], issuer="-".join(parts[1:]))
    m = re.fullmatch(r"(\w+(?:\.\d+)?)/(.+)", code)
    if m:  # 1234/QĐ-TTg, 526/UBND-TNMT, 464/BNV
        parts = m[2].split("-")
        if parts[0] in STATE_TYPES and len(parts) > 1:
            return dict(fields, number=m[1], type=parts[0], issuer=parts[1])
        return dict(fields, number=m[1], issuer=parts[0])
    raise ValueError(f"cannot split code {code!r}")


def find_mention(paragraph: str, written: str, cursor: int) -> int:
    pattern = re.compile(r"(?<![^\W_])" + re.escape(written) + r"(?![^\W_])(?![/\-–]\w)")
    match = pattern.search(paragraph, cursor) or pattern.search(paragraph)
    if match is None:
        raise ValueError(f"{written!r} not found in paragraph {paragraph[:60]!r}")
    return match.start()


def build(records: dict, annotation_lines: list[str]) -> list[dict]:
    out, current, cursors = [], None, {}
    for line_no, raw in enumerate(annotation_lines, 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        try:
            if line.startswith("["):
                article_id = line.split("]", 1)[1].strip()
                current = {"id": article_id, "paragraphs": records[article_id]["paragraphs"], "mentions": []}
                cursors = {}
                out.append(current)
                continue
            kind, rest = line[0], line[1:]
            para_text, _, body = rest.partition(" ")
            para = int(para_text)
            if kind == "C":
                parts = [p.strip() for p in body.split(" | ")]
                written, _, canonical = parts[0].partition(" = ")
                canonical = canonical or written
                fields = split_code(canonical)
                for extra in parts[3].split() if len(parts) > 3 else []:
                    key, _, value = extra.partition("=")
                    fields[key] = None if value == "-" else value
                mention = dict(kind="code", written=written, code=canonical, **fields,
                               date=None if parts[1] == "-" else parts[1],
                               issuer_resolved=None if parts[2] == "-" else parts[2])
            elif kind == "S":
                written, _, target = body.partition(" -> ")
                number = re.search(r"(\d+[a-z]?)(?:/(\d{4}))?$", written)
                mention = dict(kind="short", written=written, code=None, number=number[1],
                               year=int(number[2]) if number[2] else None,
                               refers_to_code=None if target.strip() == "-" else target.strip())
            else:
                raise ValueError(f"unknown line kind {kind!r}")
            start = find_mention(current["paragraphs"][para], written, cursors.get(para, 0))
            cursors[para] = start + len(written)
            mention["paragraph"], mention["offset"] = para, start
            current["mentions"].append(mention)
        except Exception as error:  # one clear line naming the annotation line
            raise SystemExit(f"annotations line {line_no}: {error}: {line!r}") from None
    return [finish(article) for article in out]


def finish(article: dict) -> dict:
    paragraphs = article["paragraphs"]
    starts, pos = [], 0
    for p in paragraphs:
        starts.append(pos)
        pos += len(p) + 2
    text = "\n\n".join(paragraphs)
    refs = []
    for m in sorted(article["mentions"], key=lambda m: (m["paragraph"], m["offset"])):
        start = starts[m["paragraph"]] + m["offset"]
        ref = {k: v for k, v in m.items() if k not in ("paragraph", "offset", "written")}
        ref = dict(start=start, end=start + len(m["written"]), text=m["written"], **ref)
        assert text[ref["start"]:ref["end"]] == m["written"]
        refs.append(ref)
    for i, ref in enumerate(refs):
        if ref["kind"] != "short":
            continue
        target = ref["refers_to_code"]
        full = [j for j, r in enumerate(refs) if r["kind"] == "code" and r["code"] == target]
        before = [j for j in full if j < i]
        ref["refers_to"] = (before[-1] if before else full[0]) if full else None
        if target and not full:
            raise SystemExit(f"{article['id']}: short reference {ref['text']!r} points to {target}, not cited")
    return {"id": article["id"], "source": article["id"].split("/")[0], "paragraphs": paragraphs,
            "text": text, "doc_refs": refs}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--paragraphs", required=True, help="JSON list or JSONL of {id, paragraphs}")
    parser.add_argument("--annotations", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    with open(args.paragraphs, encoding="utf-8") as f:
        content = f.read()
    rows = json.loads(content) if content.lstrip().startswith("[") else [json.loads(l) for l in content.splitlines() if l.strip()]
    records = {r["id"]: r for r in rows}
    with open(args.annotations, encoding="utf-8") as f:
        gold = build(records, f.readlines())
    with open(args.out, "w", encoding="utf-8") as f:
        for record in gold:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    codes = sum(r["kind"] == "code" for g in gold for r in g["doc_refs"])
    shorts = sum(r["kind"] == "short" for g in gold for r in g["doc_refs"])
    print(f"{len(gold)} documents, {codes} code mentions, {shorts} short references -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
