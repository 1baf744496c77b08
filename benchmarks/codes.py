"""Document-code and citation speed on news-2017, and the worst case of the code grammar.

Characters per second of `vnpolitics.codes.find_codes` (target: 200,000), of a plain regular
expression for codes as a baseline (what a naive user would write: it finds fewer codes and no
noise, see the first table), of `vnpolitics.citations.find_citations` (codes + citations + organ
matching + short references), and the time of `find_codes` on 1 MB adversarial strings. One
process, one core, after a warm-up call. Prints Markdown tables.

    python benchmarks/codes.py                       # 5,000 articles
    python benchmarks/codes.py --articles 35389      # the whole corpus
    python benchmarks/codes.py --data ../shared/data --citations 500
"""
from __future__ import annotations

import argparse
import json
import re
import time

from _common import ROOT, add_data_argument, news_texts, one_core

# A typical hand-written pattern for codes: clean party and state codes only.
NAIVE = re.compile(r"\b\d+(?:/\d{4})?[/-][A-ZĐ]+(?:[/-][A-ZĐa-z0-9]+)*\b")
ADVERSARIAL = ["1-", "1/", "NQ/", "1-NQ/", "2020/", "1 - ", "28-NQ/TU-", "1/2020/"]


def rate(function, texts: list[str]) -> tuple[float, int]:
    function(texts[0])
    found = 0
    start = time.perf_counter()
    for text in texts:
        found += len(function(text))
    return time.perf_counter() - start, found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--citations", type=int, default=1000, help="articles for find_citations (slower)")
    add_data_argument(parser)
    args = parser.parse_args(argv)
    one_core()

    from vnpolitics.citations import find_citations
    from vnpolitics.codes import find_codes

    texts = news_texts(args.data, args.articles)
    chars = sum(len(t) for t in texts)
    print(f"{len(texts):,} news-2017 articles, {chars:,} characters\n")
    print("| function | seconds | chars/s | found |")
    print("|---|---:|---:|---:|")
    for name, function, sample in (
        ("`find_codes`", find_codes, texts),
        ("naive regex (baseline)", NAIVE.findall, texts),
        ("`find_citations`", find_citations, texts[: args.citations]),
    ):
        seconds, found = rate(function, sample)
        sample_chars = sum(len(t) for t in sample)
        label = name if sample is texts else f"{name} ({len(sample):,} articles)"
        print(f"| {label} | {seconds:.2f} | {sample_chars / seconds:,.0f} | {found:,} |")

    gold_path = ROOT / "corpora" / "gold" / "doc_refs.jsonl"
    if gold_path.exists():  # how much the grammar buys over the naive pattern, on the gold spans
        records = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        print(f"\n| code spans on {gold_path.relative_to(ROOT)} | P | R | F1 |")
        print("|---|---:|---:|---:|")
        for name, spans in (("`find_codes`", lambda t: {(s, e) for s, e, _ in find_codes(t)}),
                            ("naive regex", lambda t: {m.span() for m in NAIVE.finditer(t)})):
            tp = n_pred = n_gold = 0
            for record in records:
                gold = {(r["start"], r["end"]) for r in record["doc_refs"] if r["kind"] == "code"}
                pred = spans(record["text"])
                tp, n_pred, n_gold = tp + len(gold & pred), n_pred + len(pred), n_gold + len(gold)
            p, r = tp / n_pred, tp / n_gold
            print(f"| {name} | {p:.3f} | {r:.3f} | {2 * p * r / (p + r):.3f} |")

    print("\n| 1 MB adversarial string | seconds (`find_codes`) | codes |")
    print("|---|---:|---:|")
    for unit in ADVERSARIAL:
        text = unit * (1_000_000 // len(unit))
        start = time.perf_counter()
        found = find_codes(text)
        print(f"| `{unit}` repeated | {time.perf_counter() - start:.3f} | {len(found):,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
