"""The Dask engine on a LocalCluster of 2 worker processes: the same shards, errors and resume
as a local run, and the bag API."""
from __future__ import annotations

import json

import pytest

distributed = pytest.importorskip("distributed")

from test_corpus_run import codes_record, config_for, corpus, errors, jsonl_records, output_files  # noqa: E402

from vnpolitics.corpus.run import TextFunction, constant, run_corpus  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=50)
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


def test_dask_engine_writes_what_the_local_engine_writes(tmp_path, client):
    inputs = corpus(tmp_path / "in", corrupt=True)
    run_corpus(config_for(inputs, tmp_path / "local"), TextFunction(codes_record))
    address = client.scheduler.address
    summary = run_corpus(config_for(inputs, tmp_path / "dask", engine="dask", scheduler=address),
                         constant(TextFunction(codes_record)))
    assert summary.failed == 4 and summary.processed_now == summary.documents
    assert output_files(tmp_path / "dask") == output_files(tmp_path / "local")
    manifest = json.loads((tmp_path / "dask" / "manifest.json").read_text())
    assert manifest["runs"][-1]["engine"] == "dask" and manifest["status"] == "complete"
    # Resume: a lost shard is redone, the others are kept.
    (tmp_path / "dask" / "_shards" / "part-00002.json").unlink()
    again = run_corpus(config_for(inputs, tmp_path / "dask", engine="dask", scheduler=address),
                       constant(TextFunction(codes_record)))
    assert again.processed_now == 7
    assert output_files(tmp_path / "dask") == output_files(tmp_path / "local")


def test_annotate_bag_and_write_bag(tmp_path, client):
    import dask.bag as db

    from vnpolitics.dask import annotate_bag, write_bag

    inputs = corpus(tmp_path / "in")
    rows = [json.loads(line) for line in inputs[0].read_text(encoding="utf-8").splitlines()]
    bag = db.from_sequence(rows + [{"id": "bad", "text": 7}], npartitions=3)
    records = annotate_bag(bag, fields=("entities",), annotator=constant(TextFunction(codes_record))).compute()
    assert [r["id"] for r in records] == [r["id"] for r in rows] + ["bad"]
    assert records[-1]["errors"] and "entities" not in records[-1]
    assert any(e["text"] == "28-NQ/TU" for r in records for e in r.get("entities", []))
    summary = write_bag(bag, tmp_path / "out", formats=("jsonl.gz",), fields=("entities",),
                        annotator=constant(TextFunction(codes_record)), client=client, progress=False)
    assert (summary.documents, summary.failed) == (len(rows) + 1, 1)
    assert [r["id"] for r in jsonl_records(tmp_path / "out")] == [r["id"] for r in rows]
    assert errors(tmp_path / "out")[0]["id"] == "bad"
    again = write_bag(bag, tmp_path / "out", formats=("jsonl.gz",), fields=("entities",),
                      annotator=constant(TextFunction(codes_record)), client=client, progress=False)
    assert again.processed_now == 0
