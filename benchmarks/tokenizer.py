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
import sys
import time

from _common import add_data_argument, news_texts, one_core

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
    add_data_argument(parser)
    args = parser.parse_args(argv)
    one_core()

    texts = news_texts(args.data, args.articles)
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
