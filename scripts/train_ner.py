"""Train the statistical NER model (`models/ner`) on VLSP 2016 + VLSP 2018.

Four steps, each a sub-command (run from the repository root):

    # 0. word vectors (scripts/train_vectors.py: segment, train, export) -> /tmp/vectors/spacy
    # 1. corpora -> DocBin files, tokenised by OUR tokenizer with the default engine (as users' text will be)
    nice -n 10 python scripts/train_ner.py prepare --out /tmp/ner-corpus --engine vnpolitics-crf
    # 2. `spacy train` with configs/ner.cfg (max_steps and a time limit cap the run)
    nice -n 10 python scripts/train_ner.py train --corpus /tmp/ner-corpus --out /tmp/ner-run \
        --set paths.vectors=/tmp/vectors/spacy
    # (optional) continue a run that stopped at its time limit
    nice -n 10 python scripts/train_ner.py train --corpus /tmp/ner-corpus --out /tmp/ner-run2 \
        --set paths.vectors=/tmp/vectors/spacy --resume /tmp/ner-run/model-best
    # 3. copy the best model into the repository (tokenizer + ner + its vectors, with its card)
    python scripts/train_ner.py export /tmp/ner-run/model-best models/ner

Data are read from ../shared/data (relative to the repository root), or --data, or the
environment variable VNPOLITICS_DATA; nothing is copied into the repository.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "configs" / "ner.cfg"
TRAIN_FILES = ("vlsp2016-ner/train.txt", "vlsp2018-ner/train.jsonl")
DEV_FILES = ("vlsp2016-ner/dev.txt", "vlsp2018-ner/dev.jsonl")


def data_dir(given: str | None) -> Path:
    from vnpolitics.resources import shared_data_dir

    return shared_data_dir(given, required_by="train_ner")


def tokenizer_nlp(engine: str | None):
    """The blank vnpolitics pipeline (our tokenizer) that makes the training Docs."""
    import vnpolitics.name_boundaries  # noqa: F401  (registers the "underthesea+names" engine)
    from vnpolitics.pipeline import blank

    return blank(engine) if engine else blank()


def build_docs(nlp, path: Path, segmentation: str, stats: Counter):
    """Docs of one corpus file, tokenised by our tokenizer (or the corpus's own words)."""
    from vnpolitics.ner_data import annotate_doc, doc_from_words, read_corpus

    examples = list(read_corpus(path))
    if segmentation == "gold" and all(e.words is not None for e in examples):
        docs = (doc_from_words(nlp.vocab, e.text, e.words) for e in examples)
    else:
        docs = nlp.tokenizer.pipe(e.text for e in examples)
    for example, doc in zip(examples, docs):
        stats["entities"] += len(example.entities)
        stats["misaligned"] += annotate_doc(doc, example)
        stats["docs"] += 1
        yield doc


def prepare(args) -> None:
    from spacy.tokens import DocBin

    data = data_dir(args.data)
    nlp = tokenizer_nlp(args.engine)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for split, files in (("train", TRAIN_FILES), ("dev", DEV_FILES)):
        merged = DocBin(store_user_data=False)
        for name in files:
            started = time.time()
            stats: Counter = Counter()
            part = DocBin(docs=build_docs(nlp, data / name, args.segmentation, stats))
            merged.merge(part)
            corpus = name.split("/")[0]
            part.to_disk(out / f"{split}-{corpus}.spacy")
            print(
                f"{name}: {stats['docs']} docs, {stats['entities']} entities, "
                f"{stats['misaligned']} not aligned with the tokens ({time.time() - started:.0f}s)",
                flush=True,
            )
        merged.to_disk(out / f"{split}.spacy")


class TimeUp(Exception):
    """Raised before an update once the time budget is spent; model-best is already on disk."""


def register_time_limit() -> None:
    from spacy.util import registry

    @registry.callbacks("vnpolitics.stop_after.v1")
    def stop_after(minutes: float = 40.0):
        deadline = time.monotonic() + minutes * 60

        def before_update(nlp, info) -> None:
            if time.monotonic() > deadline:
                raise TimeUp(f"time budget of {minutes} minutes spent at step {info['step']}")

        return before_update


def register_corpus_reader() -> None:
    from spacy.tokens import Doc, DocBin
    from spacy.training import Example
    from spacy.util import registry

    @registry.readers("vnpolitics.PretokenizedCorpus.v1")
    def pretokenized_corpus(path: str):
        """Examples from a DocBin made by `prepare`, keeping its tokens and their norms.

        spaCy's own reader would run the tokenizer again on every text in every epoch; the
        Docs are already our tokenizer's output, so the predicted Doc is a copy of them.
        """

        def read(nlp):
            for reference in DocBin().from_disk(path).get_docs(nlp.vocab):
                predicted = Doc(nlp.vocab, words=[t.text for t in reference],
                                spaces=[bool(t.whitespace_) for t in reference])
                for token, gold in zip(predicted, reference):
                    token.norm_ = gold.norm_
                yield Example(predicted, reference)

        return read


def train(args) -> None:
    from spacy.cli.train import train as spacy_train

    register_time_limit()
    register_corpus_reader()

    corpus = Path(args.corpus)
    overrides = {
        "paths.train": str(corpus / "train.spacy"),
        "paths.dev": str(corpus / "dev.spacy"),
        # The Docs are tokenised already; spaCy's evaluation re-tokenises the dev texts to time
        # the tokenizer, so training runs with a plain one and `export` puts ours back.
        "nlp.tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"},
    }
    for item in args.set or []:
        key, _, value = item.partition("=")
        overrides[key] = _parse_value(value)
    import vnpolitics.components.tokenizer  # noqa: F401  (registers vnpolitics.Tokenizer.v1)
    import vnpolitics.name_boundaries  # noqa: F401  (registers the engine named in the config)

    config = Path(args.config)
    if args.resume:
        # Continue training a previous run's ner (weights and all) instead of starting afresh.
        from spacy.util import load_config

        settings = load_config(config, interpolate=False)
        settings["components"]["ner"] = {"source": str(Path(args.resume).resolve())}
        config = Path(args.out).with_suffix(".resume.cfg")
        settings.to_disk(config)
    try:
        spacy_train(config, Path(args.out), overrides=overrides)
    except TimeUp as stop:
        print(f"stopped: {stop}; the best checkpoint is {Path(args.out) / 'model-best'}", flush=True)


def _parse_value(value: str):
    import srsly

    try:
        return srsly.json_loads(value)
    except ValueError:
        return value


def export(args) -> None:
    """Copy a trained pipeline, keeping only the tokenizer and `ner`, under the size budget."""
    import spacy

    import vnpolitics.components.tokenizer  # noqa: F401
    import vnpolitics.name_boundaries  # noqa: F401

    from vnpolitics.pipeline import add_ner, blank

    nlp = blank(args.engine)
    add_ner(nlp, spacy.load(args.model))
    target = Path(args.target)
    card = target / "README.md"
    kept = card.read_text(encoding="utf-8") if card.exists() else None
    if target.exists():
        shutil.rmtree(target)
    nlp.meta.update({"name": "ner", "version": "0.1.0", "description": "vnpolitics NER (PER/LOC/ORG/MISC)"})
    nlp.to_disk(target)
    if kept is not None:
        card.write_text(kept, encoding="utf-8")
    size = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
    print(f"exported {args.model} -> {target} ({size / 1e6:.1f} MB)")
    if size > 30e6:
        sys.exit("train_ner: the model is over the 30 MB budget")


def places(args) -> None:
    """Write data/ner/places.txt: LOC names of the training corpora (prefix stripped, seen twice)."""
    from vnpolitics.nested import _PREFIX
    from vnpolitics.ner_data import read_corpus
    from vnpolitics.resources import data_path
    from vnpolitics.text.normalize import normalize_text

    data = data_dir(args.data)
    counts: Counter = Counter()
    for name in TRAIN_FILES:
        for example in read_corpus(data / name):
            for span in (*example.entities, *example.nested):
                if span.label == "LOC":
                    name_text = example.text[span.start:span.end]
                    prefixed = _PREFIX.search(" " + name_text)
                    if prefixed and prefixed.start() == 1:
                        name_text = name_text.split(None, 1)[-1] if " " in name_text else name_text
                    counts[normalize_text(name_text)] += 1
    kept = sorted(n for n, c in counts.items() if c >= args.min_count and n[:1].isupper() and len(n) > 1)
    target = data_path("ner", "places.txt")
    target.parent.mkdir(parents=True, exist_ok=True)
    header = (f"# Place names that may end an organisation's name (vnpolitics.nested): LOC entities of "
              f"VLSP 2016 + 2018 train seen at least {args.min_count} times, administrative prefix removed.\n"
              "# Written by: python scripts/train_ner.py places\n")
    target.write_text(header + "\n".join(kept) + "\n", encoding="utf-8")
    print(f"{len(kept)} places -> {target}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="step", required=True)
    p = sub.add_parser("prepare", help="corpora -> DocBin (train.spacy, dev.spacy and one per corpus)")
    p.add_argument("--data", help="folder with vlsp2016-ner/ and vlsp2018-ner/ (default ../shared/data)")
    p.add_argument("--out", required=True)
    p.add_argument("--segmentation", choices=["vnpolitics", "gold"], default="vnpolitics",
                   help="our tokenizer (default), or VLSP 2016's own words where the corpus has them")
    p.add_argument("--engine", help="segmentation engine of our tokenizer (default: its default)")
    p.set_defaults(func=prepare)
    t = sub.add_parser("train", help="spacy train with configs/ner.cfg")
    t.add_argument("--corpus", required=True, help="folder written by `prepare`")
    t.add_argument("--out", required=True)
    t.add_argument("--config", default=str(CONFIG))
    t.add_argument("--resume", metavar="MODEL", help="continue training the ner of this pipeline folder")
    t.add_argument("--set", action="append", metavar="SECTION.KEY=VALUE", help="config override")
    t.set_defaults(func=train)
    e = sub.add_parser("export", help="copy the best model into models/ner")
    e.add_argument("model")
    e.add_argument("target")
    e.add_argument("--engine", default="vnpolitics-crf", help="segmentation engine saved with the model")
    e.set_defaults(func=export)
    g = sub.add_parser("places", help="write src/vnpolitics/data/ner/places.txt from the training corpora")
    g.add_argument("--data")
    g.add_argument("--min-count", type=int, default=2)
    g.set_defaults(func=places)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
