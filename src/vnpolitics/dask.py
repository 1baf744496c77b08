"""Annotation on a Dask cluster: a bag of texts in, records or a folder of shards out.

The workers load the pipeline once each and keep it; shards are written by the workers into
the output folder (which must be on a disk they share with the client, e.g. the cluster's
network file system), with the same shard files, shard records, ``errors.jsonl``,
``manifest.json`` and resume as a local run (`vnpolitics.corpus.run`).

>>> import dask.bag as db                                          # doctest: +SKIP
>>> from vnpolitics.dask import annotate_bag, write_bag            # doctest: +SKIP
>>> texts = db.from_sequence(["Kết luận số 01-KL/TW của Bộ Chính trị."], npartitions=1)  # doctest: +SKIP
>>> [r["entities"][0]["label"] for r in annotate_bag(texts).compute()]   # doctest: +SKIP
['DOC_CODE']
>>> write_bag(db.read_text("corpus/*.jsonl").map(json.loads), "out/").failed  # doctest: +SKIP
0

Command line: ``vnpolitics annotate INPUT -o out/ --engine dask --scheduler tcp://host:8786``
(without ``--scheduler``, a local cluster of ``--n-process`` worker processes).
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .corpus.readers import CorpusError, InputDoc, Location, ReadOptions, record_to_input
from .corpus.run import (
    Annotator, DocError, OutputFolder, RunConfig, RunSummary, RunTracker, _as_factory,
    annotate_items, shards_to_do, worker_annotator,
)
from .corpus.writers import DEFAULT_FIELDS, DEFAULT_FORMATS


def _client(scheduler: str | None, n_workers: int):
    """A client of the given scheduler, or of a new local cluster (closed with the client)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise CorpusError("the dask engine needs dask[distributed]: pip install 'vnpolitics[dask]'") from None
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster), cluster


def _to_inputs(items: Iterable[Any], partition: int, options: ReadOptions) -> list:
    """Bag items (texts, or dicts with a text field) as numbered input documents."""
    inputs = []
    for k, item in enumerate(items):
        location = Location(f"partition {partition}", k + 1)
        default_id = f"{partition}:{k}"
        if isinstance(item, str):
            inputs.append(InputDoc(default_id, item, location, {}))
        else:
            inputs.append(record_to_input(item, location, default_id, options))
    return list(enumerate(inputs))


def _annotate_partition(items: Iterable[Any], partition: int, factory: Callable[[], Annotator],
                        options: ReadOptions) -> list[dict[str, Any]]:
    from . import SCHEMA_VERSION

    numbered = _to_inputs(items, partition, options)
    texts = {n: getattr(doc, "text", "") for n, doc in numbered}
    records = []
    for outcome in annotate_items(worker_annotator(factory), numbered):
        if outcome.record is not None:
            records.append(outcome.record)
        else:  # no annotation: the record says why, in its errors
            records.append({"schema": SCHEMA_VERSION, "id": outcome.id, "text": texts[outcome.number],
                            "errors": [outcome.error.reason]})
    return records


def annotate_bag(bag, *, fields: Sequence[str] = DEFAULT_FIELDS, article_reader: bool = True,
                 text_field: str | None = None, id_field: str = "id", annotator=None):
    """A bag of SCHEMA records from a bag of texts or of dicts (``text``, or title/sapo/body).

    Ids come from ``id_field``, else ``"partition:index"``. A document that cannot be
    annotated keeps its place, with only ``schema``, ``id``, ``text`` and ``errors`` (the reason).
    """
    import dask
    import dask.bag as db

    config = RunConfig(inputs=(), out_dir="", fields=tuple(fields), article_reader=article_reader,
                       formats=("jsonl",))
    factory = _as_factory(annotator, config)
    options = ReadOptions(text_field=text_field, id_field=id_field)
    parts = [dask.delayed(_annotate_partition)(part, i, factory, options) for i, part in enumerate(bag.to_delayed())]
    return db.from_delayed(parts)


def _write_shard(out_dir: str, config: RunConfig, factory: Callable[[], Annotator], shard: int,
                 items: list, batch_size: int) -> tuple[int, int, int]:
    """On a worker: annotate one shard and commit it; (shard, documents, failed)."""
    start = time.perf_counter()
    annotator = worker_annotator(factory)
    outcomes = []
    for k in range(0, len(items), batch_size):
        outcomes.extend(annotate_items(annotator, items[k:k + batch_size]))
    info = OutputFolder(out_dir, config).commit_shard(shard, outcomes, time.perf_counter() - start)
    return shard, info["documents"], info["failed"]


def _write_partition(items: Iterable[Any], out_dir: str, config: RunConfig, factory: Callable[[], Annotator],
                     shard: int) -> tuple[int, int, int]:
    numbered = [(shard * config.shard_size + n, doc) for n, doc in _to_inputs(items, shard, config.read)]
    return _write_shard(out_dir, config, factory, shard, numbered, config.batch_size)


def _run_shards(client, tasks: Iterable[Callable[[], Any]], tracker: RunTracker) -> RunSummary:
    """Submit shard tasks (at most two per worker at a time), follow them, keep the manifest."""
    from distributed import as_completed

    limit = max(2, 2 * len(client.scheduler_info().get("workers", {})))
    status = "interrupted"
    try:
        running = as_completed()
        for submit in tasks:
            running.add(submit())
            while running.count() >= limit:
                _collect(next(running), tracker)
        for future in running:
            _collect(future, tracker)
        status = "complete"
    finally:
        summary = tracker.close(status)
    return summary


def _collect(future, tracker: RunTracker) -> None:
    _shard, documents, failed = future.result()
    tracker.advance(documents, failed)
    tracker.shard_written()


def run_corpus_dask(config: RunConfig, annotator=None) -> RunSummary:
    """`run_corpus` on a Dask cluster: the client reads the inputs into shards, the workers
    annotate and write them (``config.scheduler``, or a local cluster of ``n_process`` workers)."""
    factory = _as_factory(annotator, config)
    out_dir = str(Path(config.out_dir).resolve())
    client, cluster = _client(config.scheduler, config.n_process)
    try:
        tracker = RunTracker(OutputFolder(config.out_dir, config))

        def tasks():
            for shard, items in shards_to_do(config, tracker.done):
                [data] = client.scatter([items])
                yield lambda shard=shard, data=data: client.submit(
                    _write_shard, out_dir, config, factory, shard, data, config.batch_size, pure=False)

        return _run_shards(client, tasks(), tracker)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def write_bag(bag, out_dir: str | Path, *, formats: Sequence[str] = DEFAULT_FORMATS,
              fields: Sequence[str] = DEFAULT_FIELDS, article_reader: bool = True,
              text_field: str | None = None, id_field: str = "id", resume: bool | None = None,
              annotator=None, client=None, progress: bool = True) -> RunSummary:
    """Annotate a bag into a folder of shards, one shard per partition, resumable.

    ``bag``'s partitions must come out the same on a rerun (e.g. ``read_text`` of the same
    files); its name (dask's token of the computation) is kept in the manifest and checked.
    ``client``: a ``distributed.Client`` (default: the current one).
    """
    import dask
    from distributed import default_client

    client = client or default_client()
    sizes = bag.map_partitions(lambda part: [sum(1 for _ in part)]).compute()
    shard_size = max(sizes) if sizes else 1
    config = RunConfig(inputs=(f"dask.bag:{bag.name}",), out_dir=str(out_dir), formats=tuple(formats),
                       fields=tuple(fields), shard_size=shard_size, article_reader=article_reader,
                       read=ReadOptions(text_field=text_field, id_field=id_field), resume=resume,
                       progress=progress, engine="dask")
    factory = _as_factory(annotator, config)
    tracker = RunTracker(OutputFolder(out_dir, config), total=sum(sizes))
    target = str(Path(out_dir).resolve())
    partitions = bag.to_delayed()

    def tasks():
        for shard, part in enumerate(partitions):
            if shard not in tracker.done:
                yield lambda shard=shard, part=part: client.compute(
                    dask.delayed(_write_partition)(part, target, config, factory, shard))

    return _run_shards(client, tasks(), tracker)


__all__ = ["annotate_bag", "write_bag", "run_corpus_dask", "DocError"]
