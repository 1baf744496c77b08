"""`vnpolitics evaluate ner CORPUS`: end-to-end entity scores on a VLSP 2016 or 2018 file."""
from __future__ import annotations

import json
import time

from . import CommandError

EXAMPLES = """examples:
  vnpolitics evaluate ner ../shared/data/vlsp2016-ner/dev.txt
  vnpolitics evaluate ner ../shared/data/vlsp2018-ner/dev.jsonl --json
  vnpolitics evaluate ner ../shared/data/vlsp2016-ner/dev.txt --segmentation gold
  vnpolitics evaluate ner dev.txt --model /tmp/ner-run/model-best --limit 500

CORPUS is read natively: VLSP 2016 columns (-DOCSTART-, <s> blocks, syllables joined by `_`)
or VLSP 2018 JSONL with inline <ENAMEX TYPE=...> tags, both mapped onto one convention
(outermost spans; see vnpolitics.ner_data). End to end, as users meet it: the raw text (VLSP
2016: each sentence's syllables joined by spaces) goes through our tokenizer and the NER, and
predicted spans are compared with the gold spans on characters (exact match).
"micro" is the micro-average over PER, LOC and ORG; MISC is listed on its own; "nested" scores
the nested layer (doc.spans["nested"], rule component vnp_nested) over all labels.
--segmentation gold gives the NER VLSP 2016's own words instead (a reference figure only).
--pipeline full scores `vnpolitics.load()` (rule layers included) instead of the NER model.
--engine picks the segmentation engine of our tokenizer (default: the one the model was saved
with; see vnpolitics.tokenize.ENGINES). A checkpoint of `spacy train` (model-best), saved with
spaCy's plain tokenizer, is read through ours all the same (engine vnpolitics-crf unless given)."""


def register(subparsers) -> None:
    import argparse

    parser = subparsers.add_parser(
        "ner",
        help="PER/LOC/ORG/MISC against a VLSP 2016 or 2018 NER file, end to end",
        description="Per-label precision, recall and F1 of the NER on raw text, spans compared "
        "on characters.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("corpus", metavar="CORPUS", help="VLSP 2016 (.txt) or VLSP 2018 (.jsonl) NER file")
    parser.add_argument("--model", help="a spaCy NER pipeline folder (default: the shipped models/ner)")
    parser.add_argument("--pipeline", choices=["ner", "full"], default="ner",
                        help="score the NER model alone (default) or vnpolitics.load()")
    parser.add_argument("--segmentation", choices=["ours", "gold"], default="ours",
                        help="our tokenizer on raw text (default) or the corpus's own words")
    parser.add_argument("--engine", help="segmentation engine of our tokenizer (default: the model's own)")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N examples")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.set_defaults(func=run)


def _pipeline(args):
    import spacy

    from ..components import tokenizer  # noqa: F401  (registers vnpolitics.Tokenizer.v1)
    from ..tokenize import ENGINES

    if args.engine and args.engine not in ENGINES:
        raise CommandError(f"unknown segmentation engine {args.engine!r}; choose one of {sorted(ENGINES)}")
    if args.pipeline == "full":
        if args.model:
            raise CommandError("--model and --pipeline full exclude each other")
        from ..pipeline import load

        return load(engine=args.engine) if args.engine else load()
    from ..resources import model_path

    try:
        nlp = spacy.load(args.model or model_path("ner"))
    except (OSError, FileNotFoundError) as error:
        raise CommandError(f"cannot load the NER model: {error}") from None
    if not isinstance(nlp.tokenizer, tokenizer.VietnameseTokenizer):
        # A checkpoint of `spacy train` (model-best) carries spaCy's plain tokenizer, which would
        # split raw text on spaces only: score it through ours, with the engine it was trained on.
        nlp.tokenizer = tokenizer.VietnameseTokenizer(nlp.vocab, engine=args.engine or tokenizer.DEFAULT_ENGINE)
    elif args.engine:
        nlp.tokenizer.engine = args.engine
    from ..components import nested  # noqa: F401  (registers vnp_nested)

    nlp.add_pipe("vnp_nested")
    return nlp


def evaluate(nlp, examples, segmentation: str = "ours", batch_size: int = 64):
    """Score `nlp` on `examples`: per-label `LabelScore`s (see `ner_data.score_entities`).

    The key "nested" scores `doc.spans["nested"]` (all labels) when the pipeline fills it.
    """
    from ..ner_data import LABELS, EntitySpan, doc_entities, doc_from_words, score_entities

    if segmentation == "gold":
        if any(e.words is None for e in examples):
            raise CommandError("--segmentation gold needs a corpus with its own words (VLSP 2016)")
        docs = (doc_from_words(nlp.vocab, e.text, e.words) for e in examples)
        for _, component in nlp.pipeline:
            docs = component.pipe(docs, batch_size=batch_size) if hasattr(component, "pipe") else map(component, docs)
    else:
        docs = nlp.pipe((e.text for e in examples), batch_size=batch_size)
    pairs, nested_pairs = [], []
    for example, doc in zip(examples, docs):
        pairs.append((example.entities, doc_entities(doc)))
        predicted = [EntitySpan(s.start_char, s.end_char, s.label_) for s in doc.spans.get("nested", [])]
        nested_pairs.append((example.nested, predicted))
    scores = score_entities(pairs)
    if "vnp_nested" in nlp.pipe_names:
        scores["nested"] = score_entities(nested_pairs, micro=LABELS)["micro"]
    return scores


def run(args) -> int:
    from ..ner_data import NerFormatError, detect_format, read_corpus

    try:
        corpus_format = detect_format(args.corpus)
        examples = list(read_corpus(args.corpus))
    except (FileNotFoundError, NerFormatError, UnicodeDecodeError) as error:
        raise CommandError(str(error)) from None
    if args.limit:
        examples = examples[: args.limit]
    if not examples:
        raise CommandError(f"{args.corpus}: no sentences found")
    nlp = _pipeline(args)
    started = time.perf_counter()
    scores = evaluate(nlp, examples, args.segmentation)
    seconds = time.perf_counter() - started
    syllables = sum(len(e.text.split()) for e in examples)
    if args.json:
        print(json.dumps({
            "corpus": args.corpus, "format": corpus_format, "examples": len(examples),
            "segmentation": args.segmentation, "engine": getattr(nlp.tokenizer, "engine", None),
            "pipeline": args.pipeline, "model": args.model,
            "seconds": round(seconds, 1),
            "scores": {k: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                           "f1": round(s.f1, 4), "gold": s.gold, "predicted": s.predicted,
                           "correct": s.true_positives} for k, s in scores.items()},
        }, ensure_ascii=False, indent=2))
        return 0
    print(f"{args.corpus} ({corpus_format}, {len(examples)} examples, {syllables} syllables, "
          f"segmentation: {args.segmentation}, engine: {getattr(nlp.tokenizer, 'engine', None)}, {seconds:.0f}s)")
    print(f"{'label':<18}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}{'pred':>8}")
    for key, s in scores.items():
        name = {"micro": "PER/LOC/ORG micro", "nested": "nested (all)"}.get(key, key)
        print(f"{name:<18}{s.precision:>8.4f}{s.recall:>8.4f}{s.f1:>8.4f}{s.gold:>8}{s.predicted:>8}")
    return 0
