"""Word segmentation: vnpolitics-crf against underthesea.word_tokenize and pyvi, side by side.

Same text for every system, one process (one core), one run:
  * VLSP 2013 dev split (documents k % 10 == 9 of vlsp2013-ws/train.txt.gz, held out from
    training), and UD VTB dev: each gold sentence's syllables joined by spaces is the input
    text; words are compared as spans of the text without whitespace, and each document code
    (vnpolitics.codes.find_codes) counts as one word on both sides for every system.
  * news-2017: the bodies of the first --articles articles, one call per paragraph, for speed.
Speed is syllables (whitespace-separated pieces of the input) per CPU second of this process.

    python benchmarks/segment.py                 # full run, a few minutes
    python benchmarks/segment.py --limit 500 --articles 100   # quick look
"""
from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from train_segmenter import data_dir, vlsp_split  # noqa: E402

from vnpolitics.segment import SegmentationScore, code_units, group, load_segmenter, read_conllu  # noqa: E402
from vnpolitics.text.normalize import normalize_text  # noqa: E402


def systems(model: str | None) -> dict:
    """name -> function(text) -> list of words (syllables separated by spaces)."""
    from pyvi import ViTokenizer
    from underthesea import word_tokenize as uts_word_tokenize

    from vnpolitics.tokenize import UndertheseaSegmenter, tokenize

    ours = load_segmenter(model)
    ours_ud = load_segmenter(model, convention="ud")
    uts_engine = UndertheseaSegmenter()

    def with_engine(engine):
        return lambda text: [text[s:e] for s, e in tokenize(text, engine)]

    return {
        "vnpolitics tokenizer + vnpolitics-crf": with_engine(ours),
        "vnpolitics tokenizer + vnpolitics-crf (ud)": with_engine(ours_ud),
        "vnpolitics tokenizer + underthesea CRF": with_engine(uts_engine),
        "underthesea.word_tokenize": uts_word_tokenize,
        "pyvi ViTokenizer": lambda text: [w.replace("_", " ") for w in ViTokenizer.tokenize(text).split()],
    }


def accuracy(name: str, run, sentences) -> dict:
    score = SegmentationScore()
    mismatched = syllables = 0
    cpu = 0.0
    for sentence in sentences:
        gold = [" ".join(word) for word in sentence.words]
        text = " ".join(gold)
        syllables += len(sentence.syllables)
        start = time.process_time()
        predicted = run(text)
        cpu += time.process_time() - start
        try:
            score.add(gold, predicted, code_units(text))
        except ValueError:
            mismatched += 1  # the system changed the characters: all its words count as wrong
            score.gold += len(gold)
            score.predicted += len(predicted)
    return {"system": name, "precision": score.precision, "recall": score.recall, "f1": score.f1,
            "mismatched": mismatched, "syl_per_s": syllables / cpu if cpu else 0.0}


def engine_on_gold_syllables(model: str | None, sentences, convention: str = "vlsp") -> dict:
    """The engine alone, given the gold syllables (no tokenizer; codes arrive in pieces)."""
    ours = load_segmenter(model, convention=convention)
    score = SegmentationScore()
    syllables, cpu = 0, 0.0
    for sentence in sentences:
        normalised = [normalize_text(s) for s in sentence.syllables]
        start = time.process_time()
        begins = ours.begins(normalised)
        cpu += time.process_time() - start
        syllables += len(normalised)
        score.add([" ".join(w) for w in sentence.words], group(sentence.syllables, begins))
    return {"system": f"vnpolitics-crf ({convention}) engine on gold syllables", "precision": score.precision,
            "recall": score.recall, "f1": score.f1, "mismatched": 0, "syl_per_s": syllables / cpu}


def news_paragraphs(data: Path, articles: int) -> list[str]:
    out = []
    with gzip.open(data / "news-2017" / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in itertools.islice(handle, articles):
            body = json.loads(line)["body"] or ""
            out.extend(p.strip() for p in body.split("\n") if p.strip())
    return out


def speed(name: str, run, paragraphs: list[str]) -> dict:
    syllables = sum(len(p.split()) for p in paragraphs)
    run(paragraphs[0])  # load the model outside the timing
    start = time.process_time()
    words = sum(len(run(p)) for p in paragraphs)
    cpu = time.process_time() - start
    return {"system": name, "syllables": syllables, "words": words, "cpu_s": cpu, "syl_per_s": syllables / cpu}


def table(rows: list[dict], columns: list[tuple[str, str, str]]) -> str:
    head = "| " + " | ".join(title for _, title, _ in columns) + " |"
    rule = "|" + "|".join("---" if i == 0 else "---:" for i in range(len(columns))) + "|"
    lines = [head, rule]
    for row in rows:
        lines.append("| " + " | ".join(format(row[key], fmt) for key, _, fmt in columns) + " |")
    return "\n".join(lines)


ACCURACY = [("system", "system", ""), ("precision", "P", ".4f"), ("recall", "R", ".4f"),
            ("f1", "F1", ".4f"), ("syl_per_s", "syllables/s", ",.0f")]
SPEED = [("system", "system", ""), ("syllables", "syllables", ",d"), ("cpu_s", "CPU s", ".1f"),
         ("syl_per_s", "syllables/s", ",.0f")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data")
    parser.add_argument("--model", help="segmenter model folder (default: the shipped one)")
    parser.add_argument("--limit", type=int, default=0, help="first N sentences of each dev set")
    parser.add_argument("--articles", type=int, default=500, help="news-2017 articles for speed")
    parser.add_argument("--only", help="comma-separated parts: vlsp,ud,news")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    data = data_dir(args.data)
    parts = set((args.only or "vlsp,ud,news").split(","))
    runners = systems(args.model)
    datasets = {
        "vlsp": ("VLSP 2013 dev split (documents k % 10 == 9)", lambda: vlsp_split(data, dev=True)),
        "ud": ("UD VTB dev", lambda: read_conllu(data / "ud-vtb" / "dev.conllu")),
    }
    for key, (title, load) in datasets.items():
        if key not in parts:
            continue
        sentences = list(load())
        if args.limit:
            sentences = sentences[: args.limit]
        n_syl = sum(len(s.syllables) for s in sentences)
        rows = [accuracy(name, run, sentences) for name, run in runners.items()]
        rows.append(engine_on_gold_syllables(args.model, sentences))
        rows.append(engine_on_gold_syllables(args.model, sentences, "ud"))
        print(f"\n### {title}: {len(sentences)} sentences, {n_syl} syllables\n")
        print(table(rows, ACCURACY))
        mismatched = {r["system"]: r["mismatched"] for r in rows if r["mismatched"]}
        if mismatched:
            print(f"\nsentences whose characters a system changed (scored as all wrong): {mismatched}")
        sys.stdout.flush()
    if "news" in parts:
        paragraphs = news_paragraphs(data, args.articles)
        rows = [speed(name, run, paragraphs) for name, run in runners.items() if "(ud)" not in name]
        base = next(r["syl_per_s"] for r in rows if r["system"] == "underthesea.word_tokenize")
        for row in rows:
            row["vs"] = row["syl_per_s"] / base
        print(f"\n### news-2017 speed: first {args.articles} articles, {len(paragraphs)} paragraphs\n")
        print(table(rows, SPEED + [("vs", "× underthesea", ".2f")]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
