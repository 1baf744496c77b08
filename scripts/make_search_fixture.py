"""Regenerate tests/data/search/annotated.jsonl: the search tests' corpus, annotated by the pipeline.

    python scripts/make_search_fixture.py

Input: the bundled sample (corpora/samples/haiphong-2024-06-15.txt) and the short texts written
for the search tests (tests/data/search/articles.jsonl). Output: one annotation record per text,
exactly as `vnpolitics.annotate` writes it. Never edit the output by hand: rerun this script
when the pipeline changes, and review the diff.
"""
from __future__ import annotations

import json
from pathlib import Path

import vnpolitics

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "corpora" / "samples" / "haiphong-2024-06-15.txt"
TEXTS = REPO / "tests" / "data" / "search" / "articles.jsonl"
OUT = REPO / "tests" / "data" / "search" / "annotated.jsonl"


def main() -> None:
    docs = [{"id": SAMPLE.stem, "text": SAMPLE.read_text(encoding="utf-8"),
             "meta": {"source": "corpora/samples/" + SAMPLE.name}}]
    docs += [json.loads(line) for line in TEXTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    with OUT.open("w", encoding="utf-8") as handle:
        for record in vnpolitics.annotate(docs):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{OUT.relative_to(REPO)}: {len(docs)} records")


if __name__ == "__main__":
    main()
