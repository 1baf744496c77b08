"""Tokenizer speed: vnpolitics vs underthesea (and pyvi) on the same news-2017 articles.

Syllables per second (syllables = whitespace-separated pieces of the input) of
`underthesea.word_tokenize`, `pyvi.ViTokenizer.tokenize` (if installed), `vnpolitics.word_tokenize`
and the full `vnpolitics.load()` pipeline, one after the other in one process on one core, after
one warm-up call each (model loading is not timed). Prints a Markdown table.

    python benchmarks/tokenizer.py                      # 2,000 articles
    python benchmarks/tokenizer.py --articles 200 --data ../shared/data
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_articles(data: Path, n: int) -> list[str]:
    texts = []
    with gzip.open(data / "news-2017" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            article = json.loads(line)
            texts.append("\n\n".join(p for p in (article.get("title"), article.get("sapo"), article.get("body")) if p))
            if len(texts) == n:
                break
    return texts


def timed(name: str, function, texts: list[str], syllables: int) -> dict:
    function(texts[0])  # warm-up: load the model
    start = time.perf_counter()
    for text in texts:
        function(text)
    seconds = time.perf_counter() - start
    return {"tool": name, "seconds": seconds, "syl_per_s": syllables / seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("VNPOLITICS_DATA", ROOT.parent / "shared" / "data")))
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    texts = load_articles(args.data, args.articles)
    syllables = sum(len(t.split()) for t in texts)
    chars = sum(len(t) for t in texts)

    import underthesea

    import vnpolitics

    rows = [timed("underthesea.word_tokenize", underthesea.word_tokenize, texts, syllables)]
    try:
        from pyvi import ViTokenizer

        rows.append(timed("pyvi.ViTokenizer.tokenize", ViTokenizer.tokenize, texts, syllables))
    except ImportError:
        pass
    from vnpolitics.tokenize import DEFAULT_ENGINE, ENGINES

    for engine in ENGINES:
        try:
            vnpolitics.word_tokenize("Hải Phòng", engine=engine)
        except Exception as error:  # an engine whose model is not installed
            print(f"(engine {engine!r} skipped: {error})", file=sys.stderr)
            continue
        label = f"vnpolitics.word_tokenize, engine {engine!r}" + (" (default)" if engine == DEFAULT_ENGINE else "")
        rows.append(timed(label, lambda text, e=engine: vnpolitics.word_tokenize(text, engine=e), texts, syllables))
    nlp = vnpolitics.load()
    rows.append(timed(f"vnpolitics.load() ({', '.join(nlp.pipe_names)})", nlp, texts, syllables))

    base = rows[0]["syl_per_s"]
    print(f"{len(texts)} news-2017 articles, {syllables:,} syllables, {chars:,} characters; one core, one run\n")
    print("| tool | seconds | syllables/s | vs underthesea |")
    print("|---|---:|---:|---:|")
    for row in rows:
        print(f"| {row['tool']} | {row['seconds']:.1f} | {row['syl_per_s']:,.0f} | {row['syl_per_s'] / base:.2f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
