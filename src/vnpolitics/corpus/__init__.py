"""Corpus-scale annotation: read folders and dumps, annotate in parallel, write shards.

>>> from vnpolitics.corpus import RunConfig, run_corpus   # doctest: +SKIP
>>> summary = run_corpus(RunConfig(inputs=("articles.jsonl.gz",), out_dir="out", n_process=2))  # doctest: +SKIP
>>> summary.failed                                        # doctest: +SKIP
0
"""
from .readers import CorpusError, InputDoc, Location, ReadError, ReadOptions, decode, read_corpus
from .run import PipelineAnnotator, RunConfig, RunSummary, TextFunction, run_corpus
from .writers import FORMATS, arrow_schema, record_to_conllu, record_to_doc, records_to_table

__all__ = [
    "CorpusError", "InputDoc", "Location", "ReadError", "ReadOptions", "decode", "read_corpus",
    "PipelineAnnotator", "RunConfig", "RunSummary", "TextFunction", "run_corpus",
    "FORMATS", "arrow_schema", "record_to_conllu", "record_to_doc", "records_to_table",
]
