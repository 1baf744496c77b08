"""The corpus options of ``vnpolitics annotate INPUT... -o DIR``, for the command's module.

``cli/annotate.py`` adds these options with :func:`add_corpus_arguments` and, when the output
is a folder, hands over to :func:`run_from_args`, turning a :class:`CorpusError` into its
one-line error:

>>> import argparse
>>> parser = argparse.ArgumentParser(prog="vnpolitics annotate")
>>> _ = parser.add_argument("input", nargs="+"); _ = parser.add_argument("-o", "--output")
>>> add_corpus_arguments(parser)
>>> args = parser.parse_args(["articles.jsonl.gz", "-o", "out/", "--n-process", "2", "--format", "parquet"])
>>> config = config_from_args(args)
>>> config.n_process, config.formats, config.out_dir
(2, ('parquet',), 'out/')
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

from .readers import DEFAULT_GLOB, CorpusError, ReadOptions
from .run import DEFAULT_SHARD_SIZE, RunConfig, run_corpus
from .writers import FORMATS, parse_fields, parse_formats

EPILOG = """\
corpus runs (-o DIR):
  the output folder gets jsonl/part-00000.jsonl.gz ... and parquet/part-00000.parquet ...
  (--format), errors.jsonl (documents that failed: id, file, line, reason) and manifest.json.
  Rerunning the same command resumes: complete shards are kept, the rest is annotated.
  A JSONL record without a text field is read as news: title, sapo and body joined by blank
  lines.

examples:
  vnpolitics annotate ../shared/data/news-2017/articles.jsonl.gz -o out/ --n-process 2
  vnpolitics annotate archive/ --glob '2017/**/*.txt' -o out/ --format jsonl.gz,conllu
  vnpolitics annotate dump.parquet --text-field noi_dung --id-field ma -o out/ --allow-errors
  vnpolitics annotate dump.jsonl -o out/ --engine dask --scheduler tcp://10.0.0.5:8786
"""


def add_corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the corpus-run options (options the parser has already are left as they are)."""
    group = parser.add_argument_group("batch annotation (shards, resume and the engines: when -o is a folder)")
    existing = set(parser._option_string_actions)  # noqa: SLF001 (argparse has no public accessor)

    def add(*names: str, **options) -> None:
        if not existing.intersection(names):
            group.add_argument(*names, **options)

    add("--format", dest="formats", default=None, metavar="FORMATS",
        help=f"output formats, comma-separated: {', '.join(FORMATS)} (default: jsonl.gz,parquet)")
    add("--shard-size", type=int, default=DEFAULT_SHARD_SIZE, metavar="N",
        help=f"documents per shard file (default: {DEFAULT_SHARD_SIZE})")
    add("--n-process", type=int, default=1, metavar="N",
        help="worker processes, each loading the model once (default: 1)")
    add("--batch-size", type=int, default=16, metavar="N", help="documents per batch sent to a worker (default: 16)")
    add("--resume", dest="resume", action="store_true", default=None,
        help="continue the run in the output folder (the default when it holds one)")
    add("--no-resume", dest="resume", action="store_false",
        help="start over: remove what an earlier run wrote in the output folder")
    add("--allow-errors", action="store_true",
        help="exit 0 even when some documents failed (they are in errors.jsonl either way)")
    add("--engine", choices=("local", "dask"), default="local",
        help="local processes, or a Dask cluster (default: local)")
    add("--scheduler", metavar="ADDRESS",
        help="with --engine dask: the scheduler, e.g. tcp://host:8786 (default: a local cluster)")
    add("--glob", default=DEFAULT_GLOB, help=f"files to read in input folders (default: {DEFAULT_GLOB!r})")
    add("--no-article-reader", dest="article_reader", action="store_false", default=True,
        help="annotate the whole text (default: find title, byline, captions and link lists first)")
    add("--no-progress", dest="progress", action="store_false", default=True, help="no progress bar")
    if parser.epilog is None:
        parser.epilog = EPILOG
        parser.formatter_class = argparse.RawDescriptionHelpFormatter


def is_folder_output(output: str | None) -> bool:
    """Whether ``-o`` names a folder (a corpus run) rather than a JSONL file or stdout."""
    if not output or output == "-":
        return False
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        return True
    return not output.lower().endswith((".jsonl", ".jsonl.gz", ".json", ".ndjson"))


def config_from_args(args: argparse.Namespace, command: Sequence[str] | None = None) -> RunConfig:
    """The run configuration from parsed options (``args.input`` and ``args.output``)."""
    try:
        formats = parse_formats(getattr(args, "formats", None))
        fields = parse_fields(getattr(args, "fields", None))
    except ValueError as error:
        raise CorpusError(str(error)) from None
    read = ReadOptions(text_field=getattr(args, "text_field", None) or None,
                       id_field=getattr(args, "id_field", None) or "id",
                       glob=getattr(args, "glob", DEFAULT_GLOB))
    inputs = args.input if isinstance(args.input, (list, tuple)) else [args.input]
    return RunConfig(
        inputs=tuple(str(i) for i in inputs), out_dir=str(args.output), formats=formats, fields=fields,
        shard_size=getattr(args, "shard_size", DEFAULT_SHARD_SIZE), read=read,
        article_reader=getattr(args, "article_reader", True), n_process=getattr(args, "n_process", 1),
        batch_size=getattr(args, "batch_size", 16), resume=getattr(args, "resume", None),
        progress=getattr(args, "progress", True), engine=getattr(args, "engine", "local"),
        scheduler=getattr(args, "scheduler", None),
        command=" ".join(["vnpolitics", *(command if command is not None else sys.argv[1:])]),
    )


def run_from_args(args: argparse.Namespace, annotator=None) -> int:
    """Run the corpus job; print the summary on stderr; the exit status (1 if any document
    failed, unless ``--allow-errors``)."""
    summary = run_corpus(config_from_args(args), annotator)
    print(summary.describe(), file=sys.stderr)
    return summary.exit_code(getattr(args, "allow_errors", False))
