"""Entity recognition speed and memory: vnpolitics against underthesea.ner, same articles.

The first --articles (default 2,000) articles of news-2017 (title, sapo and body, one paragraph
per line) go through each system in its own process pinned to one core, so each peak memory
figure is that system's alone:

  * "vnpolitics.load()": the full pipeline (tokenizer, tagger, NER, rule layers, whatever
    `vnpolitics.load()` holds), `nlp.pipe` over whole articles;
  * "vnpolitics NER model": `spacy.load(models/ner)` (tokenizer + ner only);
  * "underthesea.ner": called once per paragraph (it takes a sentence or a short text).

Speed is syllables (whitespace-separated pieces of the input) per CPU second of the process
(the machine is shared, so CPU time is the fair clock), wall time beside it.

    python benchmarks/ner.py                       # 2,000 articles, all three systems
    python benchmarks/ner.py --articles 200 --systems full,underthesea
"""
from __future__ import annotations

import sys
from pathlib import Path


import argparse
import gzip
import json
import os
import resource
import subprocess
import time

from _common import add_data_argument  # noqa: E402  (benchmarks/_common.py)

ROOT = Path(__file__).resolve().parents[1]
SYSTEMS = {"full": "vnpolitics.load()", "model": "vnpolitics NER model", "underthesea": "underthesea.ner"}


def articles(data: Path, count: int) -> list[str]:
    texts = []
    with gzip.open(data / "news-2017" / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            parts = [record.get(key) or "" for key in ("title", "sapo", "body")]
            texts.append("\n".join(p.strip() for p in parts if p.strip()))
            if len(texts) == count:
                break
    return texts


def run_one(system: str, texts: list[str]) -> dict:
    """Time one system in this process; return its figures."""
    pipes: list[str] = []
    if system == "underthesea":
        from underthesea import ner

        def process():
            entities = 0
            for text in texts:
                for paragraph in text.split("\n"):
                    if paragraph.strip():
                        entities += sum(1 for row in ner(paragraph) if row[-1].startswith("B-"))
            return entities

        ner("Khởi động: Ông Lê Trung Kiên làm việc tại Hải Phòng.")  # model loading out of the clock
    else:
        import spacy

        import vnpolitics
        import vnpolitics.name_boundaries  # noqa: F401  (the engine models/ner was saved with)
        from vnpolitics.components import tokenizer  # noqa: F401
        from vnpolitics.resources import model_path

        nlp = vnpolitics.load() if system == "full" else spacy.load(model_path("ner"))

        def process():
            return sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=32))

        pipes = nlp.pipe_names

        nlp("Khởi động: Ông Lê Trung Kiên làm việc tại Hải Phòng.")  # lazy loading out of the clock
    cpu, wall = time.process_time(), time.perf_counter()
    entities = process()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    syllables = sum(len(text.split()) for text in texts)
    return {
        "system": SYSTEMS[system], "pipes": pipes, "articles": len(texts), "syllables": syllables, "entities": entities,
        "cpu_seconds": round(cpu, 1), "wall_seconds": round(wall, 1),
        "syllables_per_cpu_second": round(syllables / cpu), "peak_rss_mb": round(_peak_mb()),
    }


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--systems", default="full,model,underthesea", help="comma-separated: " + ", ".join(SYSTEMS))
    add_data_argument(parser)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one system in this process
    args = parser.parse_args()
    if args.one:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        print(json.dumps(run_one(args.one, articles(args.data, args.articles))))
        return
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    rows = []
    for system in args.systems.split(","):
        if system not in SYSTEMS:
            sys.exit(f"benchmarks/ner.py: unknown system {system!r}; choose from {', '.join(SYSTEMS)}")
        out = subprocess.run(
            [sys.executable, __file__, "--one", system, "--articles", str(args.articles), "--data", str(args.data)],
            check=True, capture_output=True, text=True, env=env,
        ).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    print(f"\n| system | articles | syllables | syll/CPU s | CPU s | wall s | peak RSS MB | entities |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['system']} | {r['articles']:,} | {r['syllables']:,} | {r['syllables_per_cpu_second']:,} | "
              f"{r['cpu_seconds']} | {r['wall_seconds']} | {r['peak_rss_mb']:,} | {r['entities']:,} |")
    base = next((r for r in rows if r["system"] == SYSTEMS["underthesea"]), None)
    if base:
        for r in rows:
            if r is not base:
                ratio = r["syllables_per_cpu_second"] / base["syllables_per_cpu_second"]
                print(f"{r['system']}: {ratio:.1f}x the syllables per CPU second of underthesea.ner")


if __name__ == "__main__":
    main()
