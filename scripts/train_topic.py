"""Train the default topic model (`models/topic-vntc`) on VNTC train, with 5-fold cross-validation.

Reads ../shared/data/vntc/train.jsonl.gz (or --data DIR, or $VNPOLITICS_DATA); nothing from the
corpus is copied into the repository. Cross-validation keeps duplicate texts in one fold
(VNTC repeats some articles) and scores each held-out article twice: whole, and its opening
(line 1: title + lead) alone, the form in which recent news is scored.

    nice -n 10 python scripts/train_topic.py                   # CV + final model + card figures
    nice -n 10 python scripts/train_topic.py --cv 0 -o /tmp/m  # just train
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from vnpolitics.classify import TopicClassifier, cross_validate, duplicate_groups, opening  # noqa: E402
from vnpolitics.classify_data import read_labelled, shared_data_dir  # noqa: E402

# The default model's settings (chosen by cross-validation on VNTC train; see the model card).
DEFAULT = dict(unit="syllables", ngram_range=(1, 2), min_df=5, C=0.5, opening_copies=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=None, help="corpora folder (default: ../shared/data or $VNPOLITICS_DATA)")
    parser.add_argument("-o", "--output", default=str(ROOT / "models" / "topic-vntc"))
    parser.add_argument("--cv", type=int, default=5, help="folds (0: skip cross-validation)")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles (quick runs)")
    parser.add_argument("--report", default=None, help="write the figures as JSON here too")
    parser.add_argument("-C", type=float, default=DEFAULT["C"])
    parser.add_argument("--ngrams", type=int, default=DEFAULT["ngram_range"][1])
    parser.add_argument("--min-df", type=int, default=DEFAULT["min_df"])
    parser.add_argument("--no-opening-copies", action="store_true")
    args = parser.parse_args(argv)

    corpus = shared_data_dir(args.data) / "vntc" / "train.jsonl.gz"
    if not corpus.exists():
        sys.exit(f"train_topic: {corpus} not found (pass --data or set VNPOLITICS_DATA)")
    data = read_labelled(corpus)
    texts, labels = data.texts, data.labels
    if args.limit:
        texts, labels = texts[: args.limit], labels[: args.limit]
    params = dict(DEFAULT, C=args.C, ngram_range=(1, args.ngrams), min_df=args.min_df,
                  opening_copies=not args.no_opening_copies)
    classifier = TopicClassifier(**params)
    figures: dict = {
        "data": "VNTC train (../shared/data/vntc/train.jsonl.gz)",
        "articles": len(texts),
        "distinct_articles": int(duplicate_groups(texts).max() + 1),
        "labels": dict(sorted(Counter(labels).items())),
        "params": {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()},
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    if args.cv:
        started = time.process_time()
        result = cross_validate(classifier, texts, labels, folds=args.cv, evaluate_on=opening)
        figures["cv"] = result
        figures["cv"]["cpu_seconds"] = round(time.process_time() - started, 1)
        print(f"{args.cv}-fold CV accuracy, whole articles: {result['cv_accuracy_mean']:.4f} "
              f"± {result['cv_accuracy_std']:.4f} {result['cv_accuracy']}", flush=True)
        print(f"{args.cv}-fold CV accuracy, title + lead only: {result['cv_variant_accuracy_mean']:.4f} "
              f"{result['cv_variant_accuracy']}", flush=True)
    started, wall = time.process_time(), time.perf_counter()
    classifier.fit(texts, labels)
    figures["train_cpu_seconds"] = round(time.process_time() - started, 1)
    figures["train_wall_seconds"] = round(time.perf_counter() - wall, 1)
    figures["terms"] = int(len(classifier.vectorizer_.vocabulary_))
    classifier.save(args.output, metrics=figures)
    size = sum(p.stat().st_size for p in Path(args.output).iterdir())
    figures["model_bytes"] = size
    print(f"trained in {figures['train_cpu_seconds']} CPU s ({figures['train_wall_seconds']} s wall), "
          f"{figures['terms']} terms, {size / 1e6:.1f} MB -> {args.output}", flush=True)
    if args.report:
        Path(args.report).write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
