"""`vnpolitics evaluate segmentation FILE`: word-level P/R/F1 and the most frequent errors."""
from __future__ import annotations

import json

from . import CommandError

EXAMPLES = """examples:
  vnpolitics evaluate segmentation ../shared/data/ud-vtb/dev.conllu --convention ud
  vnpolitics evaluate segmentation gold.txt --engine underthesea --mode text --errors 30
  vnpolitics evaluate segmentation gold.txt.gz --json

FILE is either the VLSP format (one sentence per line, the syllables of a word joined by `_`,
gzip allowed) or CoNLL-U (FORM = a whole word, syllables separated by spaces).
--mode syllables gives the engine the gold syllables; --mode text joins them with spaces and
runs the vnpolitics tokenizer (protected spans on), counting each document code as one word
on both sides (VLSP 2013 splits "08/NQ-TW" into pieces, vnpolitics keeps it whole)."""


def register(subparsers) -> None:
    import argparse

    parser = subparsers.add_parser(
        "segmentation",
        help="word segmentation against a VLSP or CoNLL-U gold file",
        description="Word-level precision, recall and F1 of a segmentation engine, with the "
        "most frequent disagreements (gold -> predicted; `_` joins syllables of a word).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help="gold file (VLSP `_`-joined or CoNLL-U)")
    parser.add_argument("--engine", default="vnpolitics-crf",
                        help="segmentation engine name from vnpolitics.tokenize.ENGINES "
                        "(default: vnpolitics-crf)")
    parser.add_argument("--model", help="a segmenter model folder (for the vnpolitics-crf engine)")
    parser.add_argument("--convention", choices=["vlsp", "ud"], default="vlsp",
                        help="segmentation convention of the vnpolitics-crf engine: VLSP 2013 "
                        "(default) or UD Vietnamese-VTB")
    parser.add_argument("--mode", choices=["syllables", "text"], default="syllables")
    parser.add_argument("--errors", type=int, default=20, help="how many error patterns to show")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.set_defaults(func=run)


def _engine(args):
    try:
        if args.model or args.engine == "vnpolitics-crf":
            from ..segment import load_segmenter

            return load_segmenter(args.model, convention=args.convention)
        from ..tokenize import get_engine

        return get_engine(args.engine)
    except (ValueError, FileNotFoundError) as error:
        raise CommandError(str(error)) from None


def run(args) -> int:
    from ..segment import evaluate, read_gold

    try:
        sentences = list(read_gold(args.file))
    except (FileNotFoundError, ValueError, UnicodeDecodeError) as error:
        raise CommandError(str(error)) from None
    if not sentences:
        raise CommandError(f"{args.file}: no sentences found")
    try:
        score = evaluate(sentences, _engine(args), mode=args.mode)
    except ValueError as error:
        raise CommandError(f"{args.file}: {error}") from None
    errors = score.errors.most_common(args.errors)
    if args.json:
        print(json.dumps({
            "file": args.file, "engine": args.model or args.engine, "mode": args.mode,
            "convention": args.convention,
            "sentences": len(sentences), "gold_words": score.gold, "predicted_words": score.predicted,
            "correct": score.correct, "precision": round(score.precision, 5),
            "recall": round(score.recall, 5), "f1": round(score.f1, 5),
            "errors": [{"gold": g, "predicted": p, "count": n} for (g, p), n in errors],
        }, ensure_ascii=False, indent=2))
        return 0
    print(f"{args.file}: {len(sentences)} sentences, {score.gold} gold words, "
          f"engine {args.model or args.engine}, mode {args.mode}")
    print(f"precision {score.precision:.4f}  recall {score.recall:.4f}  F1 {score.f1:.4f}")
    if errors:
        print(f"most frequent errors (gold -> predicted), {len(score.errors)} distinct:")
        for (gold, predicted), count in errors:
            print(f"  {count:5d}  {gold}  ->  {predicted}")
    return 0
