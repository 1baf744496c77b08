"""What the benchmark scripts share: where the corpora are, news-2017 texts, one core.

Each script runs as `python benchmarks/NAME.py` and imports this module from its own folder.
"""
from __future__ import annotations

import argparse
import os
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def add_data_argument(parser: argparse.ArgumentParser) -> None:
    """`--data`: the corpora folder (default `$VNPOLITICS_DATA`, then `../shared/data`)."""
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("VNPOLITICS_DATA", ROOT.parent / "shared" / "data")),
                        help="folder of the corpora (default: $VNPOLITICS_DATA or ../shared/data)")


def news_texts(data: Path, n: int | None = None) -> list[str]:
    """The first `n` news-2017 articles as `vnpolitics annotate` reads them: title, sapo and
    body joined by blank lines."""
    from vnpolitics.corpus.readers import InputDoc, read_corpus

    docs = (d for d in read_corpus([data / "news-2017" / "articles.jsonl.gz"]) if isinstance(d, InputDoc))
    return [d.text for d in islice(docs, n)]


def one_core() -> None:
    """Pin this process to one core, so figures are per core."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
