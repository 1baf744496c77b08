"""Corpus runs: shards, formats, errors, parallel workers, and crash + resume = uninterrupted.

The annotator injected here finds document codes with the project's grammar
(`vnpolitics.codes.find_codes`) and cuts words at spaces: real output on real text, fast enough
to run dozens of documents in a test. One test runs the full pipeline.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from vnpolitics.corpus.readers import CorpusError
from vnpolitics.corpus.run import RunConfig, TextFunction, constant, run_corpus
from vnpolitics.corpus.writers import record_to_doc
from vnpolitics.resources import samples_dir

SAMPLE = samples_dir() / "haiphong-2024-06-15.txt"
NEWS = Path(os.environ.get("VNPOLITICS_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")) / "news-2017" / "articles.jsonl.gz"
_WORD = re.compile(r"[^\s.,;:!?()“”\"]+(?:[.,][^\s.,;:!?()“”\"]+)*|[^\w\s]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def codes_record(text: str) -> dict:
    """Record parts: sentences, space-separated tokens, DOC_CODE entities from the code grammar."""
    from vnpolitics.codes import find_codes

    sentences, start = [], 0
    for end in [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        if text[start:end].strip():
            sentences.append([start, end])
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    return {
        "sentences": sentences,
        "tokens": [{"start": m.start(), "end": m.end(), "tag": None, "pos": None} for m in _WORD.finditer(text)],
        "entities": [{"start": s, "end": e, "label": "DOC_CODE", "text": text[s:e]} for s, e, _ in find_codes(text)],
    }


def slow_codes_record(text: str) -> dict:
    time.sleep(0.04)  # gives the kill in the reliability test time to land mid-run
    return codes_record(text)


def corpus(folder: Path, corrupt: bool = False) -> list[Path]:
    """JSONL files of the sample's paragraphs (one document each). Corrupt: in the middle of
    the run, b.jsonl has a cut line and a number for a text, b2.jsonl.gz is truncated half-way
    and b3.txt is in the VNI font encoding."""
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    folder.mkdir(parents=True, exist_ok=True)
    names = ["a.jsonl", "b.jsonl", "b2.jsonl.gz", "b3.txt", "c.jsonl.gz"] if corrupt else ["a.jsonl", "b.jsonl", "c.jsonl.gz"]
    paths = []
    for n, name in enumerate(names):
        path = folder / name
        paths.append(path)
        if name == "b3.txt":
            path.write_bytes("Ñaûng Coäng saûn Vieät Nam laø ñoäi tieân phong cuûa giai caáp coâng nhaân.".encode("cp1252"))
            continue
        stem = name.split(".")[0]
        rows = [json.dumps({"id": f"{stem}-{i}", "text": p, "n": i}, ensure_ascii=False) + "\n"
                for i, p in enumerate(paragraphs[n % 3::2] + paragraphs[n % 3::3])]
        if name == "b.jsonl" and corrupt:
            rows[3] = '{"id": "b-3", "text": "cắt ngang\n'
            rows[7] = json.dumps({"id": "b-7", "text": 42}) + "\n"
        data = "".join(rows).encode("utf-8")
        if name.endswith(".gz"):
            data = gzip.compress(data, mtime=0)
            if name == "b2.jsonl.gz":
                data = data[: len(data) // 2]
        path.write_bytes(data)
    return paths


def config_for(inputs, out: Path, **changes) -> RunConfig:
    settings = dict(inputs=tuple(map(str, inputs)), out_dir=str(out), shard_size=7, progress=False,
                    fields=("meta", "sentences", "tokens", "entities"),
                    formats=("jsonl.gz", "parquet", "conllu", "docbin"))
    settings.update(changes)
    return RunConfig(**settings)


def output_files(out: Path) -> dict[str, bytes]:
    """Every file of the run except the manifest (which has timings), by relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "manifest.json" and not p.parent.name == "_shards"}


def jsonl_records(out: Path) -> list[dict]:
    return [json.loads(line) for p in sorted((out / "jsonl").glob("part-*.jsonl.gz"))
            for line in gzip.open(p, "rt", encoding="utf-8")]


def errors(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]


def test_every_document_is_in_the_output_or_the_errors_file(tmp_path):
    inputs = corpus(tmp_path / "in", corrupt=True)
    summary = run_corpus(config_for(inputs, tmp_path / "out"), TextFunction(codes_record))
    records, failed = jsonl_records(tmp_path / "out"), errors(tmp_path / "out")
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)) and len(records) + len(failed) == summary.documents
    assert summary.failed == len(failed) == 4 and summary.exit_code() == 1 and summary.exit_code(allow_errors=True) == 0
    cut, not_text, truncated, vni = failed
    assert (cut["file"], cut["line"], cut["id"]) == (str(inputs[1]), 4, "b:4") and "not JSON" in cut["reason"]
    assert (not_text["id"], not_text["line"]) == ("b-7", 8) and "not text" in not_text["reason"]
    read_before_cut = [i for i in ids if i.startswith("b2-")]
    assert read_before_cut == [f"b2-{k}" for k in range(len(read_before_cut))] and read_before_cut
    assert (truncated["file"], truncated["line"]) == (str(inputs[2]), len(read_before_cut) + 1)
    assert "unreadable from this line on" in truncated["reason"]
    assert (vni["id"], vni["line"]) == ("b3", None) and "VNI" in vni["reason"]
    for path in (inputs[0], inputs[1], inputs[4]):  # every line of the whole files is accounted for
        lines = (gzip.open(path, "rt") if path.suffix == ".gz" else open(path)).read().splitlines()
        stem = path.name.split(".")[0]
        present = [i for i in ids if i.startswith(stem + "-")] + [e["id"] for e in failed if e["file"] == str(path)]
        assert len(present) == len(lines)
    code = [e for r in records for e in r["entities"] if e["text"] == "28-NQ/TU"][0]
    assert code["label"] == "DOC_CODE"
    for record in records:  # offsets are into the text as given
        assert all(record["text"][e["start"]:e["end"]] == e["text"] for e in record["entities"])
    assert {r["id"]: r for r in records}["a-0"]["meta"]["n"] == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["documents"]["failed"] == 4
    assert manifest["documents"]["input"] == summary.documents and len(manifest["shards"]) == -(-summary.documents // 7)
    assert manifest["versions"]["spacy"] and manifest["settings"]["shard_size"] == 7


def test_parquet_conllu_and_docbin_hold_the_same_annotation(tmp_path):
    import pandas as pd
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    inputs = corpus(tmp_path / "in")
    run_corpus(config_for(inputs, tmp_path / "out"), TextFunction(codes_record))
    records = jsonl_records(tmp_path / "out")
    frame = pd.read_parquet(tmp_path / "out" / "parquet")
    assert list(frame["id"]) == [r["id"] for r in records]
    assert [[dict(e) for e in es] for es in frame["entities"]] == [r["entities"] for r in records]
    assert json.loads(frame["meta"][0]) == records[0]["meta"]
    docs = [doc for p in sorted((tmp_path / "out" / "docbin").glob("*.spacy"))
            for doc in DocBin().from_disk(p).get_docs(Vocab())]
    assert [d.text for d in docs] == [r["text"] for r in records]
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in docs] == \
        [[(e["start"], e["end"], e["label"]) for e in r["entities"]] for r in records]
    assert docs[0].user_data["vnpolitics"]["id"] == records[0]["id"]
    conllu = "".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "out" / "conllu").glob("*.conllu")))
    code_lines = [line for line in conllu.splitlines() if "\t28-NQ/TU\t" in line]
    assert code_lines and all("NER=B-DOC_CODE" in line for line in code_lines)
    assert conllu.count("# newdoc id = ") == len(records)


def test_record_to_doc_keeps_the_text_with_newlines():
    text = "Tin địa phương\n\nThành ủy  Hải Phòng."
    record = {"id": "x", "text": text, **codes_record(text), "errors": []}
    assert record_to_doc(record).text == text


def test_parallel_run_equals_serial_run(tmp_path):
    inputs = corpus(tmp_path / "in", corrupt=True)
    run_corpus(config_for(inputs, tmp_path / "one"), TextFunction(codes_record))
    run_corpus(config_for(inputs, tmp_path / "two", n_process=2, batch_size=3),
               constant(TextFunction(codes_record)))
    assert output_files(tmp_path / "one") == output_files(tmp_path / "two")


def test_rerun_skips_complete_shards_and_refuses_other_settings(tmp_path):
    inputs = corpus(tmp_path / "in")
    config = config_for(inputs, tmp_path / "out")
    first = run_corpus(config, TextFunction(codes_record))
    again = run_corpus(config, TextFunction(codes_record))
    assert (first.processed_now, again.processed_now) == (first.documents, 0)
    with pytest.raises(CorpusError, match="other settings.*shard_size"):
        run_corpus(config_for(inputs, tmp_path / "out", shard_size=5), TextFunction(codes_record))
    fresh = run_corpus(config_for(inputs, tmp_path / "out", shard_size=5, resume=False), TextFunction(codes_record))
    assert fresh.processed_now == first.documents
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "mine.txt").write_text("x")
    with pytest.raises(CorpusError, match="not empty"):
        run_corpus(config_for(inputs, tmp_path / "other"), TextFunction(codes_record))


def test_changed_input_is_noticed_on_resume(tmp_path):
    inputs = corpus(tmp_path / "in")
    config = config_for(inputs, tmp_path / "out")
    run_corpus(config, TextFunction(codes_record))
    lines = inputs[0].read_text(encoding="utf-8").splitlines(keepends=True)
    inputs[0].write_text("".join(lines[1:]), encoding="utf-8")
    with pytest.raises(CorpusError, match="input changed"):
        run_corpus(config, TextFunction(codes_record))


_KILLED_RUN = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    import test_corpus_run as t
    from vnpolitics.corpus.run import constant, run_corpus, TextFunction
    from pathlib import Path
    inputs = t.corpus(Path({folder!r}), corrupt=True)
    run_corpus(t.config_for(inputs, Path({out!r}), n_process=2, batch_size=2),
               constant(TextFunction(t.slow_codes_record)))
""")


def test_sigkill_mid_run_then_resume_equals_an_uninterrupted_run(tmp_path):
    """The reliability test: a real run (2 worker processes) killed with SIGKILL after two shards."""
    script = _KILLED_RUN.format(tests=str(Path(__file__).parent), folder=str(tmp_path / "in"), out=str(tmp_path / "killed"))
    process = subprocess.Popen([sys.executable, "-c", script], start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    shards = tmp_path / "killed" / "_shards"
    deadline = time.time() + 120
    while len(list(shards.glob("part-*.json"))) < 2:
        assert process.poll() is None, process.stderr.read().decode()
        assert time.time() < deadline, "the run did not write two shards in time"
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the run and its workers, no chance to clean up
    process.wait()
    done_before = len(list(shards.glob("part-*.json")))
    inputs = corpus(tmp_path / "in", corrupt=True)
    total = run_corpus(config_for(inputs, tmp_path / "whole"), TextFunction(codes_record)).documents
    assert done_before * 7 < total, "killed too late to test anything"
    resumed = run_corpus(config_for(inputs, tmp_path / "killed"), TextFunction(codes_record))
    assert resumed.processed_now == total - done_before * 7
    assert output_files(tmp_path / "killed") == output_files(tmp_path / "whole")
    ids = [r["id"] for r in jsonl_records(tmp_path / "killed")] + [e["id"] for e in errors(tmp_path / "killed")]
    assert len(ids) == len(set(ids)) == total
    manifest = json.loads((tmp_path / "killed" / "manifest.json").read_text())
    assert [r["status"] for r in manifest["runs"]] == ["running", "complete"]


@pytest.mark.slow
def test_full_pipeline_on_news_articles(tmp_path, nlp):
    from vnpolitics.corpus.run import PipelineAnnotator

    if not NEWS.exists():
        pytest.skip(f"{NEWS} not found")
    with gzip.open(NEWS, "rt", encoding="utf-8") as lines:
        rows = [next(lines) for _ in range(3)]
    source = tmp_path / "news.jsonl"
    source.write_text("".join(rows), encoding="utf-8")
    config = RunConfig(inputs=(str(source),), out_dir=str(tmp_path / "out"), shard_size=2, progress=False,
                       formats=("jsonl", "parquet"))
    summary = run_corpus(config, PipelineAnnotator(config.fields, nlp=nlp))
    assert (summary.documents, summary.failed) == (3, 0)
    records = [json.loads(line) for p in sorted((tmp_path / "out" / "jsonl").glob("*.jsonl")) for line in open(p)]
    first = json.loads(rows[0])
    assert records[0]["id"] == first["id"]
    assert records[0]["text"] == "\n\n".join([first["title"], first["sapo"], first["body"]])
    assert records[0]["sentences"] and "tokens" not in records[0]
    for record in records:
        for start, end in record["sentences"]:
            assert record["text"][start:end].strip() == record["text"][start:end]


def test_a_long_document_in_pieces_gives_the_record_of_the_whole(tmp_path, nlp, monkeypatch):
    from vnpolitics import record as record_module
    from vnpolitics.corpus.run import PipelineAnnotator

    text = "\n\n".join([p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()][:12])
    source = tmp_path / "long.jsonl"
    source.write_text(json.dumps({"id": "long", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")

    def run(out: str) -> dict:
        config = RunConfig(inputs=(str(source),), out_dir=str(tmp_path / out), progress=False, formats=("jsonl",),
                           fields=("sentences", "tokens", "entities"))
        run_corpus(config, PipelineAnnotator(config.fields, nlp=nlp))
        return json.loads((tmp_path / out / "jsonl" / "part-00000.jsonl").read_text(encoding="utf-8"))

    whole = run("whole")
    monkeypatch.setattr(record_module, "PIECE_CHARS", 1000)
    assert len(record_module.split_pieces(text)) > 2
    pieces = run("pieces")
    assert pieces == whole
    assert [e["text"] for e in pieces["entities"] if e["label"] == "DOC_CODE"][:2] == ["28-NQ/TU", "01-KL/TW"]


def test_command_options_progress_and_exit_status(tmp_path, capsys):
    import argparse

    from vnpolitics.corpus.command import add_corpus_arguments, is_folder_output, run_from_args

    parser = argparse.ArgumentParser(prog="vnpolitics annotate")
    parser.add_argument("input", nargs="+")
    parser.add_argument("-o", "--output")
    parser.add_argument("--fields")
    add_corpus_arguments(parser)
    inputs = [str(p) for p in corpus(tmp_path / "in", corrupt=True)]
    out = str(tmp_path / "out") + "/"
    assert is_folder_output(out) and not is_folder_output("records.jsonl") and not is_folder_output(None)
    args = parser.parse_args([*inputs, "-o", out, "--shard-size", "10", "--format", "jsonl", "--fields", "entities"])
    assert run_from_args(args, TextFunction(codes_record)) == 1
    printed = capsys.readouterr().err
    assert "doc/s" in printed and "failed=4" in printed  # the progress bar, with the failures
    assert "4 failed, see" in printed and str(tmp_path / "out" / "errors.jsonl") in printed
    args = parser.parse_args([*inputs, "-o", out, "--shard-size", "10", "--format", "jsonl", "--fields", "entities",
                              "--allow-errors", "--no-progress"])
    assert run_from_args(args, TextFunction(codes_record)) == 0  # resumed: nothing left to do
    assert "(0 in this run" in capsys.readouterr().err
    record = json.loads((tmp_path / "out" / "jsonl" / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert set(record) == {"schema", "id", "text", "entities", "errors"}
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["command"].startswith("vnpolitics ")


@pytest.mark.slow
def test_notebook_annotate_corpus_runs_on_a_small_sample(monkeypatch):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("vnpolitics.pipeline")
    monkeypatch.setenv("VNP_NOTEBOOK_ARTICLES", "4")
    path = Path(__file__).resolve().parents[1] / "notebooks" / "annotate_corpus.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "5 files" in outputs and "5 of 5 documents annotated" in outputs
    assert any("image/png" in o.get("data", {}) for c in notebook.cells for o in c.get("outputs", []))
