"""Batch annotation figures: throughput per core, n-process speed-up, memory per worker.

The first --articles (default 300) articles of news-2017, as `vnpolitics annotate` reads them
(title, sapo and body joined by blank lines), go through:

  * "underthesea.ner": one call per paragraph, in one process pinned to one core;
  * "vnpolitics annotate, --n-process 1" and "--n-process 2": the corpus engine
    (`vnpolitics.corpus.run_corpus`, full pipeline, JSONL.gz + Parquet shards of 100).

Each runs in its own process. Throughput per core is documents per CPU second (the machine is
shared, so CPU time is the fair clock; worker CPU included); the speed-up is wall time of
--n-process 1 over --n-process 2 (startup included). A sampler reads the resident memory of the
run and of each worker every second: the peak per process, and the worker memory after the
first shard and in the last tenth of the documents, to show whether it grows over the run.

    python benchmarks/batch.py                          # 300 articles, all three
    python benchmarks/batch.py --articles 5000 --systems n1      # a long run: memory over time
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _common import add_data_argument  # noqa: E402  (benchmarks/_common.py)

ROOT = Path(__file__).resolve().parents[1]
SYSTEMS = {"underthesea": "underthesea.ner (1 process)", "n1": "vnpolitics annotate --n-process 1",
           "n2": "vnpolitics annotate --n-process 2"}


def write_articles(data: Path, count: int, target: Path) -> int:
    with gzip.open(data / "news-2017" / "articles.jsonl.gz", "rt", encoding="utf-8") as lines, \
            open(target, "w", encoding="utf-8") as out:
        for n, line in enumerate(lines):
            if n == count:
                return n
            out.write(line)
    return count


class MemorySampler(threading.Thread):
    """RSS of this process and its children, every second: peak per pid, and a time series."""

    def __init__(self, progress) -> None:
        super().__init__(daemon=True)
        import psutil

        self.me, self.progress = psutil.Process(), progress
        self.peak: dict[int, float] = {}
        self.series: list[tuple[int, dict[int, float]]] = []  # (documents done, {pid: MB})
        self.stopped = threading.Event()

    def run(self) -> None:
        import psutil

        while not self.stopped.wait(1.0):
            sample = {}
            for process in [self.me, *self.me.children(recursive=True)]:
                try:
                    sample[process.pid] = process.memory_info().rss / 2**20
                except psutil.Error:
                    continue
            for pid, mb in sample.items():
                self.peak[pid] = max(self.peak.get(pid, 0.0), mb)
            self.series.append((self.progress(), sample))


def run_underthesea(path: Path) -> dict:
    from underthesea import ner

    from vnpolitics.corpus.readers import read_corpus

    texts = [doc.text for doc in read_corpus([str(path)])]
    ner("Khởi động: Ông Lê Trung Kiên làm việc tại Hải Phòng.")  # model loading out of the clock
    cpu, wall = time.process_time(), time.perf_counter()
    entities = sum(1 for text in texts for paragraph in text.split("\n\n") if paragraph.strip()
                   for row in ner(paragraph) if row[-1].startswith("B-"))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return {"documents": len(texts), "cpu_seconds": cpu, "wall_seconds": wall, "entities": entities,
            "peak_mb": {"main": _self_peak_mb()}}


def run_vnpolitics(path: Path, n_process: int) -> dict:
    from vnpolitics.corpus.run import RunConfig, run_corpus

    out = Path(tempfile.mkdtemp(prefix="vnp-batch-")) / "out"
    shards = out / "_shards"
    sampler = MemorySampler(lambda: 100 * len(list(shards.glob("part-*.json"))) if shards.exists() else 0)
    sampler.start()
    config = RunConfig(inputs=(str(path),), out_dir=str(out), n_process=n_process, shard_size=100, progress=False)
    cpu, wall = _cpu(), time.perf_counter()
    summary = run_corpus(config)
    cpu, wall = _cpu() - cpu, time.perf_counter() - wall
    sampler.stopped.set()
    sampler.join()
    me = os.getpid()
    workers = {pid: mb for pid, mb in sampler.peak.items() if pid != me}
    tenth = max(1, summary.documents // 10)
    # Memory once the first shard is written (model loaded, caches warm) against the end.
    first = min((done for done, _ in sampler.series if done > 0), default=0)
    early = [s for done, s in sampler.series if done == first] or [s for _, s in sampler.series[:1]]
    late = [s for done, s in sampler.series if done >= summary.documents - tenth] or [s for _, s in sampler.series[-1:]]
    worker_mb = lambda samples: round(max((mb for s in samples for pid, mb in s.items()
                                          if (pid != me) == (n_process > 1)), default=0.0))
    # The largest worker's memory in each tenth of the run: bounded caches fill, then it must level.
    by_tenth = [worker_mb(samples) if samples else None for samples in
                ([s for done, s in sampler.series if k * tenth <= done < (k + 1) * tenth] for k in range(10))]
    return {"documents": summary.documents, "failed": summary.failed, "cpu_seconds": cpu, "wall_seconds": wall,
            "worker_mb_by_tenth": by_tenth,
            "peak_mb": {"main": round(sampler.peak.get(me, 0.0)), **{f"worker {i}": round(mb) for i, mb in
                                                                    enumerate(sorted(workers.values()))}},
            "worker_mb_after_first_shard": worker_mb(early), "worker_mb_last_tenth": worker_mb(late)}


def _cpu() -> float:
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _self_peak_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--systems", default="underthesea,n1,n2", help="comma-separated: " + ", ".join(SYSTEMS))
    add_data_argument(parser)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one system in this process
    parser.add_argument("--input", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        path = Path(args.input)
        row = run_underthesea(path) if args.one == "underthesea" else run_vnpolitics(path, int(args.one[1:]))
        print(json.dumps(row))
        return
    folder = Path(tempfile.mkdtemp(prefix="vnp-batch-in-"))
    path = folder / "articles.jsonl"
    count = write_articles(args.data, args.articles, path)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    rows = {}
    for system in args.systems.split(","):
        if system not in SYSTEMS:
            sys.exit(f"benchmarks/batch.py: unknown system {system!r}; choose from {', '.join(SYSTEMS)}")
        command = [sys.executable, __file__, "--one", system, "--input", str(path)]
        if system == "underthesea":
            command = ["taskset", "-c", "0", *command]
        load = os.getloadavg()[0]
        out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
        rows[system] = dict(json.loads(out.strip().splitlines()[-1]), load=load)
        print(json.dumps({"system": SYSTEMS[system], **rows[system]}), flush=True)
    print(f"\n{count:,} news-2017 articles; load average (1 min) on this shared 2-core machine at each start shown.\n")
    print("| system | docs | CPU s | docs per CPU s | wall s | docs/s (wall) | peak RSS MB | load |")
    print("|---|---:|---:|---:|---:|---:|---|---:|")
    for system, r in rows.items():
        peaks = ", ".join(f"{k} {v:,}" for k, v in r["peak_mb"].items())
        print(f"| {SYSTEMS[system]} | {r['documents']:,} | {r['cpu_seconds']:.1f} | {r['documents'] / r['cpu_seconds']:.2f} | "
              f"{r['wall_seconds']:.1f} | {r['documents'] / r['wall_seconds']:.2f} | {peaks} | {r['load']:.1f} |")
    if "underthesea" in rows:
        base = rows["underthesea"]["documents"] / rows["underthesea"]["cpu_seconds"]
        for system in ("n1", "n2"):
            if system in rows:
                ratio = rows[system]["documents"] / rows[system]["cpu_seconds"] / base
                print(f"{SYSTEMS[system]}: {ratio:.2f}x the documents per CPU second of underthesea.ner")
    if "n1" in rows and "n2" in rows:
        print(f"--n-process 2 speed-up over --n-process 1 (wall): {rows['n1']['wall_seconds'] / rows['n2']['wall_seconds']:.2f}x")
    for system in ("n1", "n2"):
        if system in rows:
            r = rows[system]
            print(f"{SYSTEMS[system]}: worker RSS {r['worker_mb_after_first_shard']:,} MB after the first shard, "
                  f"{r['worker_mb_last_tenth']:,} MB in the last tenth; by tenth of the run: "
                  + ", ".join("-" if mb is None else f"{mb:,}" for mb in r["worker_mb_by_tenth"]))


if __name__ == "__main__":
    main()
