"""`vnpolitics index ANNOTATED... --db corpus.db`: build or update a search index."""
from __future__ import annotations

import argparse

from . import CommandError

EXAMPLES = """examples:
  vnpolitics annotate corpora/samples/ -o sample.jsonl
  vnpolitics index sample.jsonl --db corpus.db
  vnpolitics index out/jsonl/ --db corpus.db          # every shard of a batch run
  vnpolitics index new-week.jsonl.gz --db corpus.db   # add to an index; same ids are replaced
  vnpolitics index out/jsonl/ --db exact.db --exact-index   # fast --exact queries too

ANNOTATED are JSONL(.gz) files of annotation records (SCHEMA.md) or folders holding them.
Indexing is idempotent by document id: an unchanged record is skipped, a changed one replaced.
Search the index with `vnpolitics search`, `vnpolitics serve` or vnpolitics.search.Corpus.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "index",
        help="build or update a search index from annotated JSONL",
        description="Build or update an SQLite search index (full text with and without "
        "diacritics, entities, cited documents, officials, topics) from annotation records.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("annotated", nargs="+", metavar="ANNOTATED", help="JSONL(.gz) file or folder of them")
    parser.add_argument("--db", default="corpus.db", help="index file to create or update (default: corpus.db)")
    parser.add_argument("--skip-errors", action="store_true",
                        help="skip malformed records (reported) instead of stopping at the first")
    parser.add_argument("--exact-index", action="store_true",
                        help="new database: also index the text with its diacritics, so that --exact "
                        "queries are as fast as the others (measured: +28%% build time, +37%% size)")
    parser.add_argument("--no-optimize", action="store_true",
                        help="do not merge the full-text index at the end (faster for many small updates)")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="processes that read and parse the files while this one writes (default: "
                        "one per CPU core but one, at most 4; 0: none, all in one process)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import os

    from ..search import build_index, read_records

    try:
        stats = build_index(read_records(args.annotated, parse=False), args.db, optimize=not args.no_optimize,
                            on_error="skip" if args.skip_errors else "raise",
                            exact_index=True if args.exact_index else None, workers=args.workers)
    except (FileNotFoundError, ValueError) as error:
        raise CommandError(str(error)) from None
    for message in stats.errors:
        print(f"skipped: {message}")
    size = os.path.getsize(args.db) / 1e6
    rate = stats.seen / stats.seconds if stats.seconds else 0.0
    print(f"{args.db}: {stats.added} added, {stats.replaced} replaced, {stats.unchanged} unchanged, "
          f"{len(stats.errors)} skipped in {stats.seconds:.1f} s ({rate:,.0f} documents/s); {size:.1f} MB")
    return 1 if stats.errors else 0
