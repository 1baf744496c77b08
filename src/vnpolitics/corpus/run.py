"""Annotate a corpus into a folder of shards: parallel, resumable, nothing lost.

The documents of the inputs are numbered in reading order; document ``n`` belongs to shard
``n // shard_size``. A shard is written when all its documents are done: one file per output
format (renamed into place when complete), then a small record of the shard in ``_shards/``
(its ids, its errors, its timing), which marks it complete. A rerun on the same folder skips
complete shards, so a crash plus a rerun gives the same files as an uninterrupted run.
``errors.jsonl`` (documents that could not be read or annotated, with their file, line and
the reason) and ``manifest.json`` (counts, timings, versions, command line) are rebuilt from
the shard records after every shard.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "in.txt").write_text("Kết luận số 01-KL/TW của Bộ Chính trị.", encoding="utf-8")
>>> config = RunConfig(inputs=(str(folder / "in.txt"),), out_dir=str(folder / "out"), progress=False)
>>> summary = run_corpus(config, annotator=TextFunction(lambda text: {"entities": []}))
>>> summary.documents, summary.failed, sorted(p.name for p in (folder / "out").iterdir())
(1, 0, ['_shards', 'errors.jsonl', 'jsonl', 'manifest.json', 'parquet'])
"""
from __future__ import annotations

import hashlib
import json
import platform
import shutil
import sys
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .readers import CorpusError, InputDoc, ReadError, ReadOptions, count_documents, read_corpus
from .writers import DEFAULT_FIELDS, DEFAULT_FORMATS, FIELDS, FORMATS, write_atomically, write_shard_file

MANIFEST = "manifest.json"
ERRORS = "errors.jsonl"
SHARD_RECORDS = "_shards"
DEFAULT_SHARD_SIZE = 1000

Item = tuple[int, "InputDoc | ReadError"]  # (document number in reading order, document)


@dataclass(frozen=True)
class RunConfig:
    """What to annotate, where, and how.

    The fields above ``n_process`` decide the output; a rerun into the same folder must use the
    same values (checked). The others only change how fast it goes or what is shown.
    """

    inputs: tuple[str, ...]
    out_dir: str
    formats: tuple[str, ...] = DEFAULT_FORMATS
    fields: tuple[str, ...] = DEFAULT_FIELDS
    shard_size: int = DEFAULT_SHARD_SIZE
    read: ReadOptions = ReadOptions()
    article_reader: bool = True
    n_process: int = 1
    batch_size: int = 16
    resume: bool | None = None  # None: resume when the folder holds a run, else start
    progress: bool = True
    engine: str = "local"
    scheduler: str | None = None
    command: str = ""

    def output_settings(self) -> dict[str, Any]:
        """The settings that decide the records and the shard files."""
        from .. import __version__

        return {"inputs": [str(Path(i).resolve()) if i != "-" else i for i in self.inputs],
                "formats": list(self.formats), "fields": list(self.fields),
                "shard_size": self.shard_size, "read": asdict(self.read),
                "article_reader": self.article_reader, "vnpolitics": __version__}


@dataclass
class DocError:
    """A document that is in the errors file instead of the output."""

    id: str
    file: str
    line: int | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "file": self.file, "line": self.line, "reason": self.reason}


@dataclass
class Outcome:
    """What became of one document: a record, or an error."""

    number: int
    id: str
    record: dict[str, Any] | None = None
    error: DocError | None = None


@dataclass
class RunSummary:
    """The counts of a run over the whole folder (this invocation and earlier ones)."""

    out_dir: Path
    documents: int
    annotated: int
    failed: int
    processed_now: int
    seconds: float
    manifest: dict[str, Any] = field(repr=False, default_factory=dict)

    def exit_code(self, allow_errors: bool = False) -> int:
        """0 when every document was annotated (or errors are allowed), else 1."""
        return 0 if self.failed == 0 or allow_errors else 1

    def describe(self) -> str:
        rate = self.processed_now / self.seconds if self.seconds else 0.0
        text = (f"{self.annotated:,} of {self.documents:,} documents annotated into {self.out_dir} "
                f"({self.processed_now:,} in this run, {self.seconds:.1f} s, {rate:.1f} docs/s)")
        if self.failed:
            text += f"; {self.failed:,} failed, see {self.out_dir / ERRORS}"
        return text


# --- annotators: what turns documents into records, built once per worker --------------------

Annotator = Callable[[Sequence[InputDoc]], list["dict[str, Any] | DocError"]]


class PipelineAnnotator:
    """Annotates with ``vnpolitics.load()`` and ``vnpolitics.annotate`` (articles read, long
    documents in pieces), one record or :class:`DocError` per document, in order."""

    def __init__(self, fields: Sequence[str] = DEFAULT_FIELDS, article_reader: bool = True,
                 batch_size: int = 16, nlp=None) -> None:
        from ..pipeline import load

        self.fields, self.article_reader, self.batch_size = tuple(fields), article_reader, batch_size
        self.nlp = nlp if nlp is not None else load()

    def __call__(self, docs: Sequence[InputDoc]) -> list[dict[str, Any] | DocError]:
        from ..record import Document, annotate

        failures: dict[int, str] = {}
        # Positions as ids, so that each record and each failure maps back to its document.
        items = [Document(str(k), d.text, d.meta, str(d.location)) for k, d in enumerate(docs)]
        records = annotate(items, nlp=self.nlp, fields=self.fields, read_articles=self.article_reader,
                           batch_size=self.batch_size,
                           on_error=lambda e: failures.__setitem__(int(e.doc_id), e.reason))
        results: list[dict[str, Any] | DocError | None] = [None] * len(docs)
        for record in records:
            k = int(record["id"])
            results[k] = dict(record, id=docs[k].id)
        for k, doc in enumerate(docs):
            if results[k] is None:
                reason = failures.get(k, "no record was produced")
                results[k] = DocError(doc.id, doc.location.file, doc.location.line, reason)
        return results  # type: ignore[return-value]


class TextFunction:
    """An annotator from a function ``text -> dict`` (the record's parts), for custom
    processing and tests; ``schema``, ``id``, ``text``, ``meta`` and ``errors`` are filled in."""

    def __init__(self, function: Callable[[str], dict[str, Any]]) -> None:
        self.function = function

    def __call__(self, docs: Sequence[InputDoc]) -> list[dict[str, Any] | DocError]:
        from .. import SCHEMA_VERSION

        results: list[dict[str, Any] | DocError] = []
        for doc in docs:
            try:
                parts = self.function(doc.text)
            except Exception as error:  # one bad document never stops the run
                results.append(DocError(doc.id, doc.location.file, doc.location.line,
                                        f"{type(error).__name__}: {error}"))
                continue
            results.append({"schema": SCHEMA_VERSION, "id": doc.id, "text": doc.text, "meta": doc.meta,
                            **parts, "errors": list(parts.get("errors", []))})
        return results


def pipeline_factory(config: RunConfig) -> Callable[[], Annotator]:
    """A picklable recipe for the pipeline annotator: the fields the formats need, too."""
    needed = set(config.fields).union(*(FORMATS[f].needs for f in config.formats))
    fields = tuple(f for f in FIELDS if f in needed)
    return partial(PipelineAnnotator, fields, config.article_reader, config.batch_size)


def constant(annotator: Annotator) -> Callable[[], Annotator]:
    """A factory that returns an annotator built already (it must pickle for n_process > 1)."""
    return partial(_identity, annotator)


def _identity(value: Any) -> Any:
    return value


# The annotators of this worker process, each built once and kept.
_WORKER_ANNOTATORS: dict[Any, Annotator] = {}


def worker_annotator(factory: Callable[[], Annotator]) -> Annotator:
    """The annotator of ``factory`` in this process (a Dask worker), built on first use."""
    key = _factory_key(factory)
    if key not in _WORKER_ANNOTATORS:
        _WORKER_ANNOTATORS[key] = factory()
    return _WORKER_ANNOTATORS[key]


def _factory_key(factory: Callable[[], Annotator]) -> Any:
    try:
        import pickle

        return hashlib.sha1(pickle.dumps(factory)).hexdigest()
    except Exception:  # an unpicklable factory is only ever used in-process
        return id(factory)


def annotate_items(annotator: Annotator, items: Sequence[Item]) -> list[Outcome]:
    """Annotate a batch; a batch that fails as a whole is retried one document at a time."""
    outcomes: dict[int, Outcome] = {}
    docs: list[tuple[int, InputDoc]] = []
    for number, doc in items:
        if isinstance(doc, ReadError):
            outcomes[number] = Outcome(number, doc.id, error=DocError(doc.id, doc.location.file,
                                                                      doc.location.line, doc.reason))
        else:
            docs.append((number, doc))
    try:
        results = annotator([d for _, d in docs]) if docs else []
        if len(results) != len(docs):
            raise RuntimeError(f"the annotator returned {len(results)} results for {len(docs)} documents")
        pairs = list(zip(docs, results))
    except Exception:
        pairs = [((number, doc), _annotate_one(annotator, doc)) for number, doc in docs]
    for (number, doc), result in pairs:
        if isinstance(result, DocError):
            outcomes[number] = Outcome(number, doc.id, error=result)
        elif result.get("text") != doc.text:
            outcomes[number] = Outcome(number, doc.id, error=DocError(
                doc.id, doc.location.file, doc.location.line, "the annotator changed the text"))
        else:
            outcomes[number] = Outcome(number, doc.id, record=result)
    return [outcomes[number] for number, _ in items]


def _annotate_one(annotator: Annotator, doc: InputDoc) -> dict[str, Any] | DocError:
    try:
        [result] = annotator([doc])
        return result
    except Exception as error:
        return DocError(doc.id, doc.location.file, doc.location.line, f"{type(error).__name__}: {error}")


def _worker_init(factory: Callable[[], Annotator]) -> None:
    _WORKER_ANNOTATORS["pool"] = factory()  # the model, loaded once per worker process


def _worker_annotate(items: Sequence[Item]) -> list[Outcome]:
    return annotate_items(_WORKER_ANNOTATORS["pool"], items)


# --- the output folder -----------------------------------------------------------------------


class OutputFolder:
    """The shard files, the shard records, the errors file and the manifest of one run."""

    def __init__(self, path: str | Path, config: RunConfig) -> None:
        self.path = Path(path)
        self.config = config

    @property
    def shard_dir(self) -> Path:
        return self.path / SHARD_RECORDS

    def shard_record_path(self, shard: int) -> Path:
        return self.shard_dir / f"part-{shard:05d}.json"

    def holds_run(self) -> bool:
        return (self.path / MANIFEST).exists() or self.shard_dir.exists()

    def prepare(self) -> None:
        """Check or clear the folder for this run (resume, start over, or refuse)."""
        config = self.config
        if self.holds_run():
            if config.resume is False:
                self.clear()
            else:
                previous = self.read_manifest().get("settings")
                if previous is not None and previous != config.output_settings():
                    changed = sorted(k for k in config.output_settings()
                                     if previous.get(k) != config.output_settings()[k])
                    raise CorpusError(
                        f"{self.path} holds a run with other settings ({', '.join(changed)}); "
                        "rerun with the same settings, pass --no-resume to start over, or choose another folder")
        elif self.path.exists() and any(self.path.iterdir()):
            raise CorpusError(f"{self.path} is not empty and holds no vnpolitics run; choose another folder")
        self.path.mkdir(parents=True, exist_ok=True)
        self.shard_dir.mkdir(exist_ok=True)
        for temporary in self.path.glob("**/.*.tmp"):
            temporary.unlink()  # left by a crash: never renamed, never complete

    def clear(self) -> None:
        """Remove what an earlier run wrote here (only the files this tool writes)."""
        for name in (MANIFEST, ERRORS):
            (self.path / name).unlink(missing_ok=True)
        shutil.rmtree(self.shard_dir, ignore_errors=True)
        for fmt in FORMATS.values():
            folder = self.path / fmt.folder
            for part in folder.glob("part-*"):
                part.unlink()
            for part in folder.glob(".part-*"):
                part.unlink()
            if folder.exists() and not any(folder.iterdir()):
                folder.rmdir()

    def read_manifest(self) -> dict[str, Any]:
        try:
            return json.loads((self.path / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def complete_shards(self) -> dict[int, dict[str, Any]]:
        """The shards whose record and format files are all present: shard -> its record."""
        done: dict[int, dict[str, Any]] = {}
        for path in sorted(self.shard_dir.glob("part-*.json")):
            try:
                info = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # unreadable: the shard is redone
            shard = info["shard"]
            if all(FORMATS[f].path(self.path, shard).exists() for f in self.config.formats):
                done[shard] = info
        return done

    def commit_shard(self, shard: int, outcomes: Sequence[Outcome], seconds: float) -> dict[str, Any]:
        """Write the shard's files, then its record (which marks it complete)."""
        records = [o.record for o in outcomes if o.record is not None]
        for name in self.config.formats:
            write_shard_file(name, self.path, shard, records, self.config.fields)
        info = {
            "shard": shard,
            "first": shard * self.config.shard_size,
            "documents": len(outcomes),
            "annotated": len(records),
            "failed": len(outcomes) - len(records),
            "ids": ids_digest(o.id for o in outcomes),
            "first_id": outcomes[0].id if outcomes else None,
            "last_id": outcomes[-1].id if outcomes else None,
            "seconds": round(seconds, 3),
            "written": _now(),
            "errors": [o.error.to_dict() for o in outcomes if o.error is not None],
        }
        write_atomically(self.shard_record_path(shard),
                         lambda p: p.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8"))
        return info

    def write_summary(self, status: str, started: str, processed: int, seconds: float,
                      total: int | None) -> dict[str, Any]:
        """Rebuild ``errors.jsonl`` and ``manifest.json`` from the shard records."""
        shards = self.complete_shards()
        lines = [json.dumps(e, ensure_ascii=False) + "\n" for s in sorted(shards) for e in shards[s]["errors"]]
        write_atomically(self.path / ERRORS, lambda p: p.write_text("".join(lines), encoding="utf-8"))
        previous = self.read_manifest()
        runs = [r for r in previous.get("runs", []) if r.get("started") != started]
        runs.append({"started": started, "finished": _now() if status != "running" else None,
                     "status": status, "processed": processed, "seconds": round(seconds, 3),
                     "docs_per_second": round(processed / seconds, 2) if seconds else None,
                     "engine": self.config.engine, "n_process": self.config.n_process,
                     "command": self.config.command})
        manifest = {
            "schema": _schema_version(),
            "status": status,
            "settings": self.config.output_settings(),
            "documents": {"input": sum(s["documents"] for s in shards.values()),
                          "annotated": sum(s["annotated"] for s in shards.values()),
                          "failed": sum(s["failed"] for s in shards.values()),
                          "expected": total},
            "seconds": round(sum(r["seconds"] for r in runs), 3),
            "shards": [{k: v for k, v in shards[s].items() if k != "errors"} | {
                "files": [FORMATS[f].path(Path("."), s).as_posix() for f in self.config.formats]}
                for s in sorted(shards)],
            "errors_file": ERRORS,
            "versions": versions(),
            "command": self.config.command,
            "runs": runs,
        }
        write_atomically(self.path / MANIFEST, lambda p: p.write_text(
            json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8"))
        return manifest


def ids_digest(ids: Iterable[str]) -> str:
    """A fingerprint of a shard's document ids, to notice an input that changed between runs."""
    digest = hashlib.sha1()
    for doc_id in ids:
        digest.update(doc_id.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def versions() -> dict[str, str | None]:
    from importlib import metadata

    found: dict[str, str | None] = {"python": platform.python_version()}
    for package in ("vnpolitics", "spacy", "underthesea", "scikit-learn", "pyarrow", "dask", "distributed"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    return found


def _schema_version() -> str:
    from .. import SCHEMA_VERSION

    return SCHEMA_VERSION


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --- shards of the input ---------------------------------------------------------------------


def shards_to_do(config: RunConfig, done: dict[int, dict[str, Any]]) -> Iterator[tuple[int, list[Item]]]:
    """(shard, its numbered documents) for each shard not complete yet, in order.

    Complete shards are read too, and their ids checked against what was written, so that a
    rerun on a changed input fails instead of mixing two corpora.
    """
    numbered = enumerate(read_corpus(config.inputs, config.read))
    shard = 0
    while True:
        items = list(islice(numbered, config.shard_size))
        if not items:
            break
        if shard in done:
            info = done[shard]
            ids = [doc.id for _, doc in items]
            if len(items) != info["documents"] or ids_digest(ids) != info["ids"]:
                raise CorpusError(
                    f"the input changed since the earlier run in {config.out_dir}: shard {shard} held "
                    f"{info['documents']} documents ({info['first_id']} … {info['last_id']}), the input "
                    f"now gives {len(items)} ({ids[0]} … {ids[-1]}); pass --no-resume to start over")
        else:
            yield shard, items
        shard += 1


def _batches(shards: Iterable[tuple[int, list[Item]]], size: int) -> Iterator[tuple[int, int, list[Item]]]:
    """(shard, documents in the shard, batch) for batches of at most ``size`` documents."""
    for shard, items in shards:
        for start in range(0, len(items), size):
            yield shard, len(items), items[start:start + size]


def run_corpus(config: RunConfig, annotator: Annotator | Callable[[], Annotator] | None = None) -> RunSummary:
    """Annotate ``config.inputs`` into ``config.out_dir`` (see the module's docstring).

    annotator: an annotator, or a picklable factory of one (called once per worker); default:
        the vnpolitics pipeline (`PipelineAnnotator`).
    """
    if config.shard_size < 1 or config.n_process < 1 or config.batch_size < 1:
        raise CorpusError("--shard-size, --n-process and the batch size must be positive")
    if config.engine == "dask":
        from ..dask import run_corpus_dask

        return run_corpus_dask(config, annotator)
    if config.engine != "local":
        raise CorpusError(f"unknown engine {config.engine!r}; choose local or dask")
    factory = _as_factory(annotator, config)
    folder = OutputFolder(config.out_dir, config)
    tracker = RunTracker(folder)
    status = "interrupted"
    try:
        pending: dict[int, list[Outcome]] = {}
        shard_clock: dict[int, float] = {}
        batches = _batches(shards_to_do(config, tracker.done), config.batch_size)
        for shard, size, outcomes in _annotate_batches(config, factory, batches):
            shard_clock.setdefault(shard, time.perf_counter())
            pending.setdefault(shard, []).extend(outcomes)
            tracker.advance(len(outcomes), sum(o.error is not None for o in outcomes))
            if len(pending[shard]) == size:
                folder.commit_shard(shard, pending.pop(shard), time.perf_counter() - shard_clock.pop(shard))
                tracker.shard_written()
        status = "complete"
    finally:
        summary = tracker.close(status)
    return summary


class RunTracker:
    """One invocation on an output folder: prepares it, shows progress, keeps the manifest."""

    def __init__(self, folder: OutputFolder, total: int | None = None) -> None:
        config = folder.config
        folder.prepare()
        self.folder, self.done = folder, folder.complete_shards()
        self.total = count_documents(config.inputs, config.read) if total is None else total
        self.started, self.clock = _now(), time.perf_counter()
        self.processed = self.failed = 0
        folder.write_summary("running", self.started, 0, 0.0, self.total)
        already = sum(info["documents"] for info in self.done.values())
        self.progress = _progress_bar(config, self.total, already)

    def advance(self, documents: int, failed: int) -> None:
        self.processed += documents
        self.progress.update(documents)
        if failed:
            self.failed += failed
            self.progress.set_postfix(failed=self.failed)

    def shard_written(self) -> None:
        self.folder.write_summary("running", self.started, self.processed, self.seconds(), self.total)

    def seconds(self) -> float:
        return time.perf_counter() - self.clock

    def close(self, status: str) -> RunSummary:
        self.progress.close()
        manifest = self.folder.write_summary(status, self.started, self.processed, self.seconds(), self.total)
        counts = manifest["documents"]
        return RunSummary(self.folder.path, counts["input"], counts["annotated"], counts["failed"],
                          self.processed, self.seconds(), manifest)


def _as_factory(annotator: Any, config: RunConfig) -> Callable[[], Annotator]:
    if annotator is None:
        return pipeline_factory(config)
    if isinstance(annotator, (TextFunction, PipelineAnnotator)):
        return constant(annotator)
    return annotator


def _annotate_batches(config: RunConfig, factory: Callable[[], Annotator],
                      batches: Iterator[tuple[int, int, list[Item]]]) -> Iterator[tuple[int, int, list[Outcome]]]:
    """Outcomes per batch, in input order; on ``n_process`` worker processes when > 1."""
    if config.n_process == 1:
        annotator = factory()
        for shard, size, items in batches:
            yield shard, size, annotate_items(annotator, items)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn: workers start clean (no threads or open files inherited) and load the model once.
    with ProcessPoolExecutor(config.n_process, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_worker_init, initargs=(factory,)) as pool:
        window: deque = deque()
        try:
            for shard, size, items in batches:
                window.append((shard, size, pool.submit(_worker_annotate, items)))
                if len(window) >= 4 * config.n_process:
                    shard_, size_, future = window.popleft()
                    yield shard_, size_, future.result()
            while window:
                shard_, size_, future = window.popleft()
                yield shard_, size_, future.result()
        finally:
            for _, _, future in window:
                future.cancel()


def _progress_bar(config: RunConfig, total: int | None, initial: int):
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, unit="doc", desc="annotate", file=sys.stderr,
                disable=not config.progress, smoothing=0.05, mininterval=0.5, dynamic_ncols=True)
