"""Organ, title and official rules: speed on news-2017 articles (one core, one process).

Syllables (whitespace-separated pieces) and characters per second of
`vnpolitics.organs.find_organs_and_titles` and `vnpolitics.officials.extract_officials` (which
includes the organ parse), after one warm-up call (the grammar is compiled then, not timed).
Prints a Markdown table.

    python benchmarks/officials.py                      # 2,000 articles
    python benchmarks/officials.py --articles 300 --data ../shared/data
"""
from __future__ import annotations

import argparse
import time

from _common import add_data_argument, news_texts
from vnpolitics.officials import extract_officials
from vnpolitics.organs import find_organs_and_titles

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    add_data_argument(parser)
    args = parser.parse_args()
    texts = news_texts(args.data, args.articles)
    chars = sum(len(t) for t in texts)
    syllables = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} news-2017 articles, {syllables:,} syllables, {chars:,} characters\n")
    print("| function | seconds | syllables/s | characters/s | found |")
    print("|---|---:|---:|---:|---:|")
    for name, fn, count in [
        ("organs.find_organs_and_titles", find_organs_and_titles, lambda r: len(r[0]) + len(r[1])),
        ("officials.extract_officials", extract_officials, len),
    ]:
        fn("Ông Lê Trung Kiên, Trưởng Ban Quản lý Khu kinh tế Hải Phòng")
        start = time.perf_counter()
        found = sum(count(fn(t)) for t in texts)
        seconds = time.perf_counter() - start
        print(f"| `{name}` | {seconds:.1f} | {syllables / seconds:,.0f} | {chars / seconds:,.0f} | {found:,} |")


if __name__ == "__main__":
    main()
