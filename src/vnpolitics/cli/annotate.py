"""`vnpolitics annotate INPUT... [-o OUT]`: annotation records as JSONL.

To stdout or a .jsonl(.gz) file the records stream in input order; with `-o DIR` the corpus
engine (`vnpolitics.corpus`) writes resumable shards, in parallel or on a Dask cluster.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
from typing import Iterator

from . import CommandError

EXAMPLES = """\
examples:
  vnpolitics annotate corpora/samples/haiphong-2024-06-15.txt
  vnpolitics annotate article.txt --fields entities,doc_refs,topic
  echo "Kết luận số 01-KL/TW của Bộ Chính trị." | vnpolitics annotate -
  vnpolitics annotate articles.jsonl.gz --text-field body --id-field id -o records.jsonl.gz
  vnpolitics annotate articles/ -o out/ --n-process 2        (a folder: resumable shards)
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "annotate",
        help="annotate texts and print SCHEMA records as JSONL",
        description="Annotate Vietnamese news (.txt files, folders, .jsonl/.jsonl.gz, .csv, .parquet, "
        "or - for stdin) and write one annotation record per document (../shared/SCHEMA.md). "
        "Raw text on stdin is one document; JSON lines on stdin are one document each.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("input", nargs="+", help="files, folders, or - for stdin")
    parser.add_argument("-o", "--output", help="a .jsonl or .jsonl.gz file, or a folder for a corpus run (default: stdout)")
    parser.add_argument("--fields", help="record fields, comma-separated, or 'all' (default: all but tokens)")
    parser.add_argument("--text-field", default=None, help="text field of JSONL/CSV/Parquet records (default: text)")
    parser.add_argument("--id-field", default="id", help="id field of JSONL/CSV/Parquet records (default: id)")
    from ..corpus.command import add_corpus_arguments

    add_corpus_arguments(parser)
    parser.set_defaults(func=run)


def _stdin_documents(text_field: str | None, id_field: str) -> Iterator:
    from ..corpus.readers import Location, ReadOptions, _read_jsonl_lines
    from ..record import Document

    data = sys.stdin.read()
    if data.lstrip().startswith("{"):
        yield from _read_jsonl_lines(io.StringIO(data), "-", ReadOptions(text_field=text_field, id_field=id_field))
    else:
        yield Document("stdin", data, {"source": "-"}, str(Location("-")))


def run(args: argparse.Namespace) -> int:
    from ..corpus.command import is_folder_output, run_from_args
    from ..corpus.readers import CorpusError, InputDoc, ReadError, ReadOptions, read_corpus
    from ..corpus.writers import parse_fields
    from ..record import Document, DocumentError, annotate

    try:
        if is_folder_output(args.output):
            return run_from_args(args)
        fields = parse_fields(args.fields)
        options = ReadOptions(text_field=args.text_field, id_field=args.id_field, glob=args.glob)
        files = [i for i in args.input if i != "-"]
        sources = list(read_corpus(files, options)) if files else []
    except (CorpusError, ValueError) as error:
        raise CommandError(str(error)) from None

    failures: list[DocumentError] = []

    def report(error: DocumentError) -> None:
        failures.append(error)
        print(json.dumps({"error": error.to_dict()}, ensure_ascii=False), file=sys.stderr)

    def documents() -> Iterator[Document]:
        items = list(sources)
        if "-" in args.input:
            items.extend(_stdin_documents(args.text_field, args.id_field))
        for item in items:
            if isinstance(item, ReadError):
                report(DocumentError(item.id, item.reason, str(item.location)))
            elif isinstance(item, InputDoc):
                yield Document(item.id, item.text, dict(item.meta), str(item.location))
            else:
                yield item

    out = _open_output(args.output)
    try:
        from tqdm import tqdm

        progress = tqdm(unit="doc", file=sys.stderr, disable=not (args.progress and sys.stderr.isatty()), leave=False)
        from ..pipeline import load

        nlp = load()
        for record in annotate(documents(), nlp=nlp, fields=fields, read_articles=args.article_reader,
                               n_process=args.n_process, on_error=report):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            progress.update()
        progress.close()
    finally:
        if out is not sys.stdout:
            out.close()
    if failures:
        print(f"vnpolitics annotate: {len(failures)} document(s) failed (listed above)", file=sys.stderr)
        return 0 if args.allow_errors else 1
    return 0


def _open_output(path: str | None):
    if not path or path == "-":
        return sys.stdout
    if path.endswith(".gz"):
        return gzip.open(path, "wt", encoding="utf-8")
    return open(path, "w", encoding="utf-8")
