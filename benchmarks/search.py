"""Search benchmark on the news-2017 corpus annotated by the vnpolitics pipeline.

Two steps, both resumable:

  # 1. annotate (once; appends to the file, skips ids already there; stop any time with Ctrl-C)
  nice -n 10 python benchmarks/search.py annotate --out /tmp/news2017.annotated.jsonl.gz --limit 10000 --minutes 35
  # 2. measure: index build rate, size, query latency, recall of --code
  python benchmarks/search.py measure --annotated /tmp/news2017.annotated.jsonl.gz --db /tmp/news2017.db
  python benchmarks/search.py measure --annotated /tmp/news2017.annotated.jsonl.gz --db /tmp/news2017x.db --exact-index

`annotate` takes every article that cites a document code (by `vnpolitics.codes.find_codes`)
first, then the others in corpus order, up to --limit. An article's text is
"title\\n\\nsapo\\n\\nbody". The corpus is read from ../shared/data (or --data / $VNPOLITICS_DATA).

`measure` reports: build throughput (wall and CPU) of what `vnpolitics index` does (the JSONL
lines read, digested, parsed and indexed, gunzip included), database size against the UTF-8 size of the
indexed texts, p50/p95 latency of (a) a text query with two filters (the topic and an
organisation of a random article, query = two syllables of that article), (b) the same plus
counts and facets (what the web page runs), (c) a code lookup (`search(code=X)`) for every cited
code, and the recall check: every article whose annotation has code X (a doc_ref's code, a
short reference resolved to it, or a DOC_CODE entity) is returned by `search(code=X)`.
"""
from __future__ import annotations

import argparse
import gc
import gzip
import itertools
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def data_dir(arg: str | None) -> Path:
    from vnpolitics.resources import shared_data_dir

    return shared_data_dir(arg, required_by="benchmarks/search.py")


def news_articles(data: Path):
    with gzip.open(data / "news-2017" / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text = "\n\n".join(part for part in (row["title"], row.get("sapo") or "", row["body"]) if part)
            yield {"id": row["id"], "text": text, "meta": {"source": "news-2017"}}


def annotate(args: argparse.Namespace) -> None:
    import vnpolitics
    from vnpolitics.codes import find_codes

    out = Path(args.out)
    done, whole = set(), []
    if out.exists():
        try:
            with gzip.open(out, "rt", encoding="utf-8") as handle:
                for line in handle:
                    done.add(json.loads(line)["id"])
                    whole.append(line)
        except (EOFError, json.JSONDecodeError, gzip.BadGzipFile):
            # A run killed mid-write: keep the whole records in a clean file, then append to it.
            with gzip.open(out, "wt", encoding="utf-8") as handle:
                handle.writelines(whole)
    articles = list(news_articles(data_dir(args.data)))
    citing = [a for a in articles if find_codes(a["text"])]
    citing_ids = {a["id"] for a in citing}
    order = citing + [a for a in articles if a["id"] not in citing_ids]
    todo = [a for a in order[: args.limit] if a["id"] not in done]
    print(f"{len(articles)} articles, {len(citing)} cite a code; {len(done)} already annotated, "
          f"{len(todo)} to go", flush=True)
    deadline = time.monotonic() + args.minutes * 60
    began, n, failed = time.perf_counter(), 0, []
    with gzip.open(out, "at", encoding="utf-8") as handle:
        for chunk in (todo[i:i + 50] for i in range(0, len(todo), 50)):
            try:
                records = list(vnpolitics.annotate(chunk, n_process=args.processes))
            except BaseException as error:  # noqa: BLE001 (a crash inside the pipeline): one at a time
                if isinstance(error, KeyboardInterrupt):
                    raise
                records = []
                for article in chunk:
                    try:
                        records += list(vnpolitics.annotate([article]))
                    except BaseException as error:  # noqa: BLE001
                        if isinstance(error, KeyboardInterrupt):
                            raise
                        failed.append(article["id"])
                        print(f"pipeline failed on article {article['id']}: {type(error).__name__}: "
                              f"{str(error)[:200]}", flush=True)
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += len(records)
            handle.flush()
            print(f"{n} annotated, {n / (time.perf_counter() - began):.1f}/s", flush=True)
            if time.monotonic() > deadline:
                print(f"stopping at the {args.minutes}-minute limit", flush=True)
                break
    print(f"done: {n} annotated in {time.perf_counter() - began:.0f} s; pipeline failed on {failed}", flush=True)


def codes_of(record: dict) -> set[str]:
    """Every code the record's annotation attributes to the article (what --code must find)."""
    from vnpolitics.search import code_key

    refs = record.get("doc_refs") or []
    codes = {r["code"] for r in refs if r.get("code")}
    for r in refs:
        target = r.get("refers_to")
        if not r.get("code") and isinstance(target, int) and 0 <= target < len(refs) and refs[target].get("code"):
            codes.add(refs[target]["code"])
    codes |= {e["text"] for e in record.get("entities") or [] if e["label"] == "DOC_CODE"}
    return {code_key(c) for c in codes}


def children_cpu() -> float:
    """CPU seconds of the finished child processes (the index's workers)."""
    times = os.times()
    return times.children_user + times.children_system


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def timed(fn, *args, **kwargs) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one call: on a shared machine the CPU time is the steadier figure."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn(*args, **kwargs)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def report(name: str, times: list[tuple[float, float]], digits: int = 1) -> None:
    wall, cpu = [w for w, _ in times], [c for _, c in times]
    print(f"{name} ({len(times):,}): wall p50 {percentile(wall, 50):.{digits}f} ms, "
          f"p95 {percentile(wall, 95):.{digits}f} ms; CPU p50 {percentile(cpu, 50):.{digits}f} ms, "
          f"p95 {percentile(cpu, 95):.{digits}f} ms")


def measure(args: argparse.Namespace) -> None:
    from vnpolitics.search import Corpus, build_index, read_records

    db = Path(args.db)
    for suffix in ("", "-journal"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    # What `vnpolitics index` does: read the JSONL lines (gunzip included), digest, parse, index.
    lines = read_records([args.annotated], parse=False)
    if args.limit:
        lines = itertools.islice(lines, args.limit)
    load = os.getloadavg()[0]
    wall, cpu, workers_cpu = time.perf_counter(), time.process_time(), children_cpu()
    stats = build_index(lines, db, exact_index=args.exact_index, workers=args.workers)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    workers_cpu = children_cpu() - workers_cpu  # the worker processes that read and parse
    # The records are read only now: a process holding 35k parsed records (millions of Python
    # objects for the garbage collector to walk, a larger heap to fork) builds slower than
    # `vnpolitics index`, which holds none.
    records = list(read_records([args.annotated]))
    if args.limit:
        records = records[: args.limit]
    text_bytes = sum(len(r["text"].encode("utf-8")) for r in records)
    assert stats.added == len(records), (stats.added, len(records))
    # Out of the garbage collector's sight, as in a process that searches and holds no records:
    # else its full passes over them land in the query timings.
    gc.collect()
    gc.freeze()
    size = db.stat().st_size
    print(f"articles: {len(records):,}; text: {text_bytes / 1e6:.1f} MB (UTF-8); "
          f"{'folded + exact' if args.exact_index else 'folded'} full-text index")
    total = cpu + workers_cpu
    print(f"build: {wall:.2f} s wall = {len(records) / wall:,.0f} articles/s; "
          f"{total:.2f} s CPU ({cpu:.2f} writing + {workers_cpu:.2f} in worker processes) = "
          f"{len(records) / total:,.0f} articles/CPU-s (load average {load:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after)")
    print(f"database: {size / 1e6:.1f} MB = {size / text_bytes:.2f} x text")
    rerun = time.perf_counter()
    lines = read_records([args.annotated], parse=False)
    again = build_index(itertools.islice(lines, args.limit) if args.limit else lines, db)
    print(f"re-index of the same records: {again.unchanged:,} unchanged in {time.perf_counter() - rerun:.2f} s")

    rng = random.Random(7)
    corpus = Corpus(db)
    # (a)/(b): text + two filters, from random articles that have a topic and an ORG.
    candidates = [r for r in records if r.get("topic") and any(e["label"] == "ORG" for e in r.get("entities") or [])]
    filter_names = ("topic", "org")
    if not candidates:  # before the topic and NER components: filters by cited code and type
        candidates = [r for r in records if any(ref.get("code") and ref.get("type") for ref in r.get("doc_refs") or [])]
        filter_names = ("code", "type")
    if not candidates:  # before doc_refs too: the code of a DOC_CODE entity, one filter only
        candidates = [r for r in records if any(e["label"] == "DOC_CODE" for e in r.get("entities") or [])]
        filter_names = ("code",)
    queries = []
    for record in rng.sample(candidates, min(args.queries, len(candidates))):
        words = record["text"].split()
        start = rng.randrange(max(1, len(words) - 2))
        text = " ".join(w.strip(".,;:!?()\"'“”") for w in words[start:start + 2])
        if filter_names == ("topic", "org"):
            org = rng.choice([e["text"] for e in record["entities"] if e["label"] == "ORG"])
            filters = {"topic": record["topic"]["label"], "org": org}
        elif filter_names == ("code", "type"):
            ref = rng.choice([r for r in record["doc_refs"] if r.get("code") and r.get("type")])
            filters = {"code": ref["code"], "type": ref["type"]}
        else:
            filters = {"code": rng.choice([e["text"] for e in record["entities"] if e["label"] == "DOC_CODE"])}
        queries.append((text, filters))
    for text, filters in queries[:5]:  # warm the page cache
        corpus.search(text, **filters)
    report(f"text query + {' + '.join(filter_names)}", [timed(corpus.search, t, **f) for t, f in queries])
    report("  ... + count + 6 facets (the web page)",
           [timed(lambda t, f: (corpus.search(t, **f), corpus.count(t, **f), corpus.facets(t, **f)), t, f)
            for t, f in queries])
    report("text query alone", [timed(corpus.search, t) for t, _ in queries])
    report("text query alone + count + 6 facets",
           [timed(lambda t: (corpus.search(t), corpus.count(t), corpus.facets(t)), t) for t, _ in queries])
    report("exact text query (exact=True)", [timed(corpus.search, t, exact=True) for t, _ in queries])
    # Without an exact index, counting checks every candidate's text: slow for common syllables,
    # so this line times the first 50 queries only.
    exact_counted = queries if args.exact_index else queries[:50]
    report("exact text query + count", [timed(lambda t: (corpus.search(t, exact=True), corpus.count(t, exact=True)), t)
                                        for t, _ in exact_counted])

    expected: dict[str, set[str]] = {}
    for record in records:
        for key in codes_of(record):
            expected.setdefault(key, set()).add(record["id"])
    lookups, missing = [], 0
    for key, ids in expected.items():
        wall, cpu = time.perf_counter(), time.process_time()
        found = set(corpus.search(code=key, limit=len(ids) + 10)["id"])
        lookups.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
        missing += len(ids - found)
    if lookups:
        report("code lookup, search(code=X) with snippets", lookups, digits=2)
        report("code lookup, count(code=X)", [timed(corpus.count, code=key) for key in expected], digits=2)
    total = sum(len(ids) for ids in expected.values())
    print(f"recall of --code: {total - missing:,}/{total:,} (article, code) pairs found; {missing} missing")
    corpus.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="step", required=True)
    one = commands.add_parser("annotate", help="annotate news-2017 with the pipeline (resumable)")
    one.add_argument("--out", required=True, help="annotated JSONL.gz to append to")
    one.add_argument("--limit", type=int, default=10_000, help="articles at most (default 10,000)")
    one.add_argument("--minutes", type=float, default=35, help="stop after this long (default 35)")
    one.add_argument("--processes", type=int, default=1, help="n_process of vnpolitics.annotate")
    one.add_argument("--data", help="the shared data folder (default ../shared/data)")
    two = commands.add_parser("measure", help="index and query the annotated corpus")
    two.add_argument("--annotated", required=True, help="annotated JSONL(.gz)")
    two.add_argument("--db", default="/tmp/vnpolitics-search-bench.db", help="index to (re)build")
    two.add_argument("--queries", type=int, default=300, help="text queries to time (default 300)")
    two.add_argument("--limit", type=int, default=0, help="index only the first N records")
    two.add_argument("--exact-index", action="store_true", help="build with the exact full-text index too")
    two.add_argument("--workers", type=int, default=None,
                     help="worker processes of the build (default: vnpolitics.search.default_workers())")
    args = parser.parse_args(argv)
    (annotate if args.step == "annotate" else measure)(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
