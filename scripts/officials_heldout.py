"""Held-out batches of the officials gold: draw sentences to annotate, count, pool with intervals.

The procedure behind the first-sight figures in docs/benchmarks.md ("Organs, titles and
officials"): a batch is drawn from political articles of news-2017 that the gold does not use yet,
annotated by hand (docs/annotation.md), committed unscored, then scored once with the rules as
they were at that moment.

    # 1. draw 60 sentences from odd-numbered articles (the held-out pool), seed 39039
    python scripts/officials_heldout.py draw 39039 60 --parity 1 --out /tmp/b39.jsonl
    # 2. annotate them in corpora/gold/officials.src.txt, build, commit; then count the rules of
    #    a commit on the batch: run this script with that commit's code on the path
    git archive 7d1d61f src | tar -x -C /tmp/rules-7d1d61f
    PYTHONPATH=/tmp/rules-7d1d61f/src python scripts/officials_heldout.py count \\
        corpora/gold/officials.jsonl 38 --out /tmp/b38.json
    # 3. pool the per-excerpt counts of several batches, with a bootstrap 95% interval
    python scripts/officials_heldout.py pool /tmp/b19.json /tmp/b20.json ...

Counts are per excerpt: (true positives, false positives, false negatives) for organ spans and
for (name, title, organisation) triples, as `vnpolitics evaluate officials` scores them.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "corpora" / "gold" / "officials.jsonl"
# Sentences of these articles are in tests; lines 1-3,000 and 5,001-7,000 of articles.jsonl.gz
# were looked at in aggregate while writing the rules (docs/annotation.md).
IN_TESTS = {"21474082", "21475090", "21484708", "21478051"}
LOOKED_AT = (range(1, 3001), range(5001, 7001))
TITLE = re.compile(r"(Bí thư|Chủ tịch|Bộ trưởng|Thứ trưởng|Giám đốc|Trưởng ban|Trưởng Ban|Phó Thủ tướng|"
                   r"Thủ tướng|Ủy viên|Uỷ viên|Chánh|Viện trưởng|Cục trưởng|Vụ trưởng|Tổng Bí thư|"
                   r"Chủ nhiệm|Tư lệnh)")
NAME = re.compile(r"(?:Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|"
                  r"Trương|Mai|Đào|Hà|Lương|Đoàn|Tô|Vương|Trịnh|Lâm|Phùng|Cao|Tạ|Lại) "
                  r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ-ỹ]\w+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐ“\"])")


def draw(args) -> None:
    """One sentence (60-600 characters, a title word and a family name) from each of N articles."""
    used = {json.loads(line)["article"] for line in GOLD.open(encoding="utf-8")} | IN_TESTS
    pool = []
    with gzip.open(Path(args.data) / "news-2017" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if any(lineno in looked for looked in LOOKED_AT):
                continue
            article = json.loads(line)
            if article["id"] in used or int(article["id"]) % 2 != args.parity:
                continue
            body = article.get("body") or ""
            if len(TITLE.findall(body)) < 2:
                continue
            candidates = [s for s in SENTENCE_END.split(body)
                          if 60 <= len(s) <= 600 and TITLE.search(s) and NAME.search(s)]
            if candidates:
                pool.append((article["id"], candidates))
    rng = random.Random(args.seed)
    rng.shuffle(pool)
    with open(args.out, "w", encoding="utf-8") as out:
        for article, candidates in pool[: args.n]:
            out.write(json.dumps({"article": article, "sentence": rng.choice(candidates)}, ensure_ascii=False) + "\n")
    print(f"{len(pool)} articles in the pool; {min(args.n, len(pool))} sentences written to {args.out}")


def count(args) -> None:
    """Per-excerpt counts of the rules importable as `vnpolitics` on the given batches."""
    import vnpolitics
    from vnpolitics.cli.evaluate_officials import predict_rules, triples

    batches = {int(b) for b in args.batches.split(",")}
    rows = []
    for line in open(args.gold, encoding="utf-8"):
        record = json.loads(line)
        if record["batch"] not in batches:
            continue
        organs, officials = predict_rules(record["text"])
        gold_organs = {(o["start"], o["end"]) for o in record["organs"]}
        gold, predicted = triples(record["officials"]), triples(officials)
        rows.append({"id": record["id"], "batch": record["batch"],
                     "org": [len(gold_organs & organs), len(organs - gold_organs), len(gold_organs - organs)],
                     "off": [len(gold & predicted), len(predicted - gold), len(gold - predicted)]})
    Path(args.out).write_text(json.dumps(rows), encoding="utf-8")
    print(f"{len(rows)} excerpts counted with {Path(vnpolitics.__file__).parent} -> {args.out}")


def _prf(rows: list[dict], key: str) -> tuple[float, float, float, int]:
    tp = sum(r[key][0] for r in rows)
    fp = sum(r[key][1] for r in rows)
    fn = sum(r[key][2] for r in rows)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), tp + fn


def pool(args) -> None:
    """P, R, F1 per batch and pooled, with a bootstrap 95% interval over excerpts."""
    rows = [row for name in args.files for row in json.loads(Path(name).read_text(encoding="utf-8"))]
    if not rows:
        sys.exit("officials_heldout: no excerpts in the files given")
    for batch in sorted({r["batch"] for r in rows}):
        part = [r for r in rows if r["batch"] == batch]
        o, f = _prf(part, "org"), _prf(part, "off")
        print(f"batch {batch} ({len(part)}): ORG P {o[0]:.3f} R {o[1]:.3f} F1 {o[2]:.3f} (gold {o[3]}) | "
              f"officials P {f[0]:.3f} R {f[1]:.3f} F1 {f[2]:.3f} (gold {f[3]})")
    rng = random.Random(args.seed)
    org_f1, off_f1 = [], []
    for _ in range(args.resamples):
        sample = [rows[rng.randrange(len(rows))] for _ in rows]
        org_f1.append(_prf(sample, "org")[2])
        off_f1.append(_prf(sample, "off")[2])
    org_f1.sort()
    off_f1.sort()
    lo, hi = int(0.025 * args.resamples) - 1, int(0.975 * args.resamples) - 1
    o, f = _prf(rows, "org"), _prf(rows, "off")
    print(f"pooled ({len(rows)} excerpts): ORG P {o[0]:.3f} R {o[1]:.3f} F1 {o[2]:.3f} (gold {o[3]}) "
          f"[95% {org_f1[lo]:.3f}-{org_f1[hi]:.3f}] | officials P {f[0]:.3f} R {f[1]:.3f} F1 {f[2]:.3f} "
          f"(gold {f[3]}) [95% {off_f1[lo]:.3f}-{off_f1[hi]:.3f}]")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="draw sentences to annotate from unused political articles")
    d.add_argument("seed", type=int)
    d.add_argument("n", type=int)
    d.add_argument("--parity", type=int, choices=[0, 1], default=1,
                   help="1: odd-numbered articles, the held-out pool (default); 0: even, the pool looked at")
    d.add_argument("--out", required=True)
    d.add_argument("--data", default=str(REPO.parent / "shared" / "data"))
    d.set_defaults(func=draw)
    c = sub.add_parser("count", help="per-excerpt counts of the rules on the path, on some batches")
    c.add_argument("gold")
    c.add_argument("batches", help="comma-separated batch numbers")
    c.add_argument("--out", required=True)
    c.set_defaults(func=count)
    p = sub.add_parser("pool", help="pooled P/R/F1 with a bootstrap interval")
    p.add_argument("files", nargs="+")
    p.add_argument("--resamples", type=int, default=2000)
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=pool)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
