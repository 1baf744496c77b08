"""Harvest candidate organ names from news-2017 for the organ vocabularies (`data/organs/`).

For each organ head word ("Cục", "Sở", "Phòng", "Ủy ban", "Ban Chỉ đạo", …) the words after it
up to the first punctuation are collected; every prefix of those words that the text closes
(punctuation, a spaced dash, a unit word such as "tỉnh", or the end) at least `--min` times is
a candidate name. Each candidate is then tried in its own sentences with the current rules
(`vnpolitics.organs.find_organs`): `covered` counts the sentences where an organ span starts at
the head and covers the name. The output (TSV: head, name, closed, seen, covered, sentences) is
for review by hand; only reviewed names go into the data files. No corpus text is written
except the names themselves (public names of institutions).

    python scripts/harvest_organs.py --head "Cục" --min 3 > /tmp/cuc.tsv
    python scripts/harvest_organs.py --exclude-ids /tmp/heldout.txt   # every head, held-out articles left out
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Head words and the data file their names go to (review decides).
HEADS = ["Tổng cục", "Cục", "Vụ", "Sở", "Phòng", "Chi cục", "Ủy ban", "Uỷ ban", "UB", "Ban Chỉ đạo",
         "Ban chỉ đạo", "Ban Quản lý", "Ban", "Hội", "Viện", "Học viện", "Trường Chính trị", "Thanh tra",
         "Đảng ủy", "Đảng bộ", "Công an", "Bộ Chỉ huy", "Liên đoàn", "Trung tâm", "Văn phòng", "Tổng công ty"]
WORD = r"[^\s,;:()“”\"'?!.…]+"
TAIL = re.compile(r"(?:\s+|(?<=\w)[-–&](?=\w))(" + WORD + r")")
CLOSERS = re.compile(r"\s*(?:[,;:()“”\"?!…]|\.(?!\w)|\s[-–]\s|$)")
UNIT = {"tỉnh", "thành", "TP", "TP.", "huyện", "quận", "thị", "xã", "phường", "Hà", "TP.HCM"}
STOPS = {"cho", "đã", "đang", "sẽ", "là", "của", "tại", "và", "với", "về", "trong", "ngày", "có", "được",
         "bị", "vừa", "cũng", "đến", "từ", "khi", "để", "thì", "này", "đó", "nên", "không", "phải", "theo"}
MAX_WORDS = 8


def articles(data: Path, exclude: set[str]):
    with gzip.open(data / "news-2017" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a["id"] in exclude:
                continue
            for field in ("title", "sapo", "body"):
                if a.get(field):
                    yield a["id"], a[field]


def harvest(data: Path, heads: list[str], exclude: set[str], minimum: int, contexts: int):
    head_re = re.compile(r"(?<![\w/-])(" + "|".join(sorted(map(re.escape, heads), key=len, reverse=True)) + r")(?=\s)")
    closed: Counter = Counter()
    seen: Counter = Counter()
    examples: dict = defaultdict(list)
    for _, text in articles(data, exclude):
        for m in head_re.finditer(text):
            head = m.group(1)
            words, cursor = [], m.end()
            while len(words) < MAX_WORDS:
                t = TAIL.match(text, cursor)
                if not t or t.group(1) in STOPS:
                    break
                words.append((t.group(1), t.start(), t.end()))
                cursor = t.end()
            for k in range(1, len(words) + 1):
                key = (head, text[m.end():words[k - 1][2]].strip())
                seen[key] += 1
                end = words[k - 1][2]
                after = words[k][0] if k < len(words) else None
                if CLOSERS.match(text, end) or after in UNIT:
                    closed[key] += 1
                    if len(examples[key]) < contexts:
                        s = max(text.rfind(". ", 0, m.start()) + 2, m.start() - 200, 0)
                        e = text.find(". ", end)
                        examples[key].append((text[s:e if e != -1 else len(text)], m.start() - s))
    return [(k, closed[k], seen[k], examples[k]) for k in closed if closed[k] >= minimum]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("VNPOLITICS_DATA", str(ROOT.parent / "shared" / "data")))
    parser.add_argument("--head", action="append", help="head word(s) to harvest (default: all of HEADS)")
    parser.add_argument("--min", type=int, default=3, help="times a name must be closed by punctuation")
    parser.add_argument("--contexts", type=int, default=5, help="sentences per name tried with the rules")
    parser.add_argument("--exclude-ids", help="file of article ids to leave out (held-out batches)")
    args = parser.parse_args()
    exclude: set[str] = set()
    gold = ROOT / "corpora" / "gold" / "officials.jsonl"
    exclude |= {json.loads(line)["article"] for line in gold.read_text("utf-8").splitlines()}
    if args.exclude_ids:
        exclude |= set(Path(args.exclude_ids).read_text().split())
    from vnpolitics.organs import find_organs
    out = sys.stdout
    out.write("head\tname\tclosed\tseen\tcovered\ttried\n")
    rows = harvest(Path(args.data), args.head or HEADS, exclude, args.min, args.contexts)
    for (head, name), n_closed, n_seen, examples in sorted(rows, key=lambda r: (r[0][0], -r[1])):
        covered = 0
        for sentence, offset in examples:
            target = offset + len(head) + 1 + len(name)
            if any(s == offset and e >= target for s, e, _ in find_organs(sentence)):
                covered += 1
        out.write(f"{head}\t{name}\t{n_closed}\t{n_seen}\t{covered}\t{len(examples)}\n")


if __name__ == "__main__":
    main()
