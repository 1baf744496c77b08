"""`vnpolitics evaluate-classifier DIR DATA`: score a saved topic classifier on labelled texts."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import CommandError

EXAMPLES = """examples:
  vnpolitics evaluate-classifier my-topics held-out.jsonl
  vnpolitics evaluate-classifier my-topics test.csv --text-field title+lead --label-field topic \\
      --confusion confusion.png --report report.json
  vnpolitics evaluate-classifier default folder_of_label_folders/

DIR is a folder written by train-classifier (or "default" for the shipped model); DATA is read as by
train-classifier. Prints per-label precision, recall and F1; writes the confusion matrix as a PNG and
the figures (with the first misclassified examples) as JSON.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "evaluate-classifier",
        help="score a topic classifier on labelled texts",
        description="Score a saved topic classifier: per-label precision/recall/F1, confusion matrix, JSON report.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("model", help='model folder (from train-classifier), or "default"')
    parser.add_argument("data", help="JSONL(.gz) / CSV file, or a folder of label folders")
    parser.add_argument("--text-field", default="text", help="field/column of the text; join several with + (default: text)")
    parser.add_argument("--label-field", default="label", help="field/column of the label (default: label)")
    parser.add_argument("--confusion", default=None, metavar="PNG",
                        help="confusion-matrix picture (default: confusion.png beside --report, or none)")
    parser.add_argument("--report", default=None, metavar="JSON", help="write the figures as JSON")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..classify import ClassifierDataError, ModelFormatError, TopicClassifier
    from ..classify_data import read_labelled
    from ..classify_eval import score_classifier
    from ..components.topic import classifier_path

    try:
        path = classifier_path(None if args.model == "default" else args.model)
        classifier = TopicClassifier.load(path)
        data = read_labelled(args.data, args.text_field, args.label_field, classifier.multi_label)
        for text, where in zip(data.texts, data.sources):
            if not text.strip():
                raise ClassifierDataError(f"{where}: empty text")
        report = score_classifier(classifier, data.texts, data.labels, data.sources)
    except (ClassifierDataError, ModelFormatError, FileNotFoundError) as error:
        raise CommandError(str(error)) from None
    print(report.table())
    confusion = args.confusion
    if confusion is None and args.report:
        confusion = str(Path(args.report).with_suffix(".png"))
    try:
        if args.report:
            Path(args.report).parent.mkdir(parents=True, exist_ok=True)
            result = {"model": str(path), "data": str(args.data), **report.to_dict()}
            Path(args.report).write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
            print(f"report: {args.report}")
        if confusion and not report.multi_label:
            report.plot_confusion(confusion)
            print(f"confusion matrix: {confusion}")
    except OSError as error:
        raise CommandError(f"cannot write {error.filename}: {error.strerror}") from None
    return 0
