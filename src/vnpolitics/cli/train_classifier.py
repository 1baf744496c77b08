"""`vnpolitics train-classifier DATA -o DIR`: train a topic classifier on labelled texts."""
from __future__ import annotations

import argparse
import time

from . import CommandError

EXAMPLES = """examples:
  vnpolitics train-classifier articles.jsonl.gz -o models/my-topics
  vnpolitics train-classifier labelled.csv --text-field title+lead --label-field topic -o my-topics
  vnpolitics train-classifier folder_of_label_folders/ -o my-topics --cv 5
  vnpolitics train-classifier tagged.jsonl --multi-label --label-field tags -o my-tags

DATA is a JSONL(.gz) file, a CSV file with a header, or a folder with one sub-folder per label
holding one UTF-8 .txt file per text. Use the model with
  nlp.add_pipe("topic_classifier", config={"model": "my-topics"})  or  vnpolitics.load(classifier="my-topics")
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "train-classifier",
        help="train a topic classifier on labelled texts",
        description="Train a topic classifier (TF-IDF over Vietnamese syllable n-grams, linear SVM, "
        "calibrated probabilities) and save it as a model folder.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("data", help="JSONL(.gz) / CSV file, or a folder of label folders")
    parser.add_argument("-o", "--output", required=True, help="model folder to write")
    parser.add_argument("--text-field", default="text", help="field/column of the text; join several with + (default: text)")
    parser.add_argument("--label-field", default="label", help="field/column of the label (default: label)")
    parser.add_argument("--multi-label", action="store_true", help="each text has a list of labels ('|' between labels in CSV)")
    parser.add_argument("--cv", type=int, default=0, metavar="K", help="also report K-fold cross-validated accuracy (0: skip)")
    parser.add_argument("--unit", choices=["syllables", "words"], default="syllables", help="feature unit (default: syllables, fast)")
    parser.add_argument("--ngrams", type=int, default=2, metavar="N", help="n-grams of 1..N units (default: 2)")
    parser.add_argument("--min-df", type=int, default=2, help="keep terms found in at least this many texts (default: 2)")
    parser.add_argument("--max-features", type=int, default=None, help="keep at most this many terms")
    parser.add_argument("-C", type=float, default=0.5, help="SVM regularisation (default: 0.5)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..classify import ClassifierDataError, TopicClassifier, cross_validate, validate_examples
    from ..classify_data import read_labelled

    if args.ngrams < 1:
        raise CommandError("--ngrams must be at least 1")
    if args.cv == 1 or args.cv < 0:
        raise CommandError("--cv must be 0 (skip) or at least 2")
    try:
        data = read_labelled(args.data, args.text_field, args.label_field, args.multi_label)
        validate_examples(data.texts, data.labels, args.multi_label, data.sources)
        classifier = TopicClassifier(
            unit=args.unit, ngram_range=(1, args.ngrams), min_df=min(args.min_df, len(data)),
            max_features=args.max_features, C=args.C, multi_label=args.multi_label,
        )
        metrics: dict = {"n_examples": len(data)}
        if args.cv:
            metrics.update(cross_validate(classifier, data.texts, data.labels, args.cv))
            print(f"{args.cv}-fold cross-validated accuracy: {metrics['cv_accuracy_mean']:.4f} "
                  f"(± {metrics['cv_accuracy_std']:.4f})")
        started = time.perf_counter()
        classifier.fit(data.texts, data.labels, sources=data.sources)
        metrics["train_seconds"] = round(time.perf_counter() - started, 1)
        classifier.save(args.output, metrics=metrics)
    except ClassifierDataError as error:
        raise CommandError(str(error)) from None
    except OSError as error:
        raise CommandError(f"cannot write {args.output}: {error.strerror or error}") from None
    labels = ", ".join(map(str, classifier.classes_))
    print(f"trained on {len(data)} texts, {len(classifier.classes_)} labels ({labels}), "
          f"{len(classifier.vectorizer_.vocabulary_)} terms in {metrics['train_seconds']} s; saved to {args.output}")
    return 0
