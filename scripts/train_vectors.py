"""Word vectors for the NER model, trained on news-2017 and VNTC with floret (fastText skip-gram).

Three steps, each a sub-command (run from the repository root):

    # 1. segment the raw news with OUR tokenizer: one lower-cased, normalised text a line,
    #    words joined inside by "_" (the words the NER model sees as token.norm_)
    nice -n 10 python scripts/train_vectors.py segment --out /tmp/vectors/corpus.txt --n-process 2
    # 2. skip-gram with subwords (floret in fastText mode); needs `pip install floret`
    nice -n 10 python scripts/train_vectors.py train /tmp/vectors/corpus.txt --out /tmp/vectors/news
    # 3. the most frequent words -> a spaCy vectors table keyed by the norm ("hải phòng")
    python scripts/train_vectors.py export /tmp/vectors/news.bin /tmp/vectors/corpus.txt \\
        --out /tmp/vectors/spacy --rows 30000

The vectors table (one row per word, a key for each usual spelling: `ner_data.word_vectors`) is
used through `paths.vectors` of configs/ner.cfg; the exported NER pipeline carries it, so nothing is loaded from elsewhere at run time.
Data are read from ../shared/data (or --data / VNPOLITICS_DATA); nothing is copied into the
repository.
"""
from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path
from typing import Iterator

REPO = Path(__file__).resolve().parents[1]
SOURCES = ("news-2017/articles.jsonl.gz", "vntc/train.jsonl.gz")


def data_dir(given: str | None) -> Path:
    from vnpolitics.resources import shared_data_dir

    return shared_data_dir(given, required_by="train_vectors")


def texts(data: Path) -> Iterator[str]:
    """Every article of the sources: news-2017 title, lead and body; VNTC text."""
    for name in SOURCES:
        with gzip.open(data / name, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if "text" in record:
                    yield record["text"]
                else:
                    yield "\n".join(record.get(k) or "" for k in ("title", "sapo", "body"))


def segment_one(text: str) -> str:
    """One text as the NER model's words: normalised, lower-cased, inner spaces as "_"."""
    from vnpolitics.text.normalize import normalize
    from vnpolitics.tokenize import get_engine, segment_view

    words = segment_view(normalize(text), get_engine())
    return " ".join(w.norm.lower().replace(" ", "_") for w in words)


def segment(args) -> None:
    data = data_dir(args.data)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    started, count = time.time(), 0
    with out.open("w", encoding="utf-8") as sink, Pool(args.n_process) as pool:
        for line in pool.imap(segment_one, texts(data), chunksize=64):
            sink.write(line + "\n")
            count += 1
            if count % 5000 == 0:
                print(f"{count} texts, {time.time() - started:.0f}s", flush=True)
    print(f"{count} texts -> {out} ({time.time() - started:.0f}s)")


def train(args) -> None:
    import floret

    started = time.time()
    model = floret.train_unsupervised(
        args.corpus, model="skipgram", mode="fasttext", dim=args.dim, minCount=args.min_count,
        minn=args.minn, maxn=args.maxn, epoch=args.epochs, thread=args.threads, ws=5, neg=5,
    )
    model.save_model(args.out + ".bin")
    print(f"trained {len(model.words)} words, dim {args.dim} -> {args.out}.bin ({time.time() - started:.0f}s)")


def export(args) -> None:
    """The `rows` most frequent words as a spaCy vectors table, in a blank vnpolitics pipeline."""
    import floret
    import numpy

    from vnpolitics.ner_data import word_vectors
    from vnpolitics.pipeline import blank

    counts: Counter = Counter()
    with open(args.corpus, encoding="utf-8") as lines:
        for line in lines:
            counts.update(line.split())
    model = floret.load_model(args.model)
    words = [w for w, _ in counts.most_common(args.rows)]
    table = numpy.asarray([model.get_word_vector(w) for w in words], dtype="float32")
    nlp = blank()  # a pipeline folder, as spaCy's [initialize] vectors expects
    word_vectors(nlp.vocab, [w.replace("_", " ") for w in words], table)
    nlp.to_disk(args.out)
    covered = sum(counts[w] for w in words) / max(sum(counts.values()), 1)
    print(f"{len(words)} vectors x {table.shape[1]} -> {args.out} ({covered:.1%} of the corpus's words)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="step", required=True)
    s = sub.add_parser("segment", help="news-2017 + VNTC -> one segmented text a line")
    s.add_argument("--data")
    s.add_argument("--out", required=True)
    s.add_argument("--n-process", type=int, default=2)
    s.set_defaults(func=segment)
    t = sub.add_parser("train", help="floret skip-gram (fastText mode) on the segmented corpus")
    t.add_argument("corpus")
    t.add_argument("--out", required=True, help="model path without .bin")
    t.add_argument("--dim", type=int, default=100)
    t.add_argument("--min-count", type=int, default=5)
    t.add_argument("--minn", type=int, default=2)
    t.add_argument("--maxn", type=int, default=4)
    t.add_argument("--epochs", type=int, default=5)
    t.add_argument("--threads", type=int, default=2)
    t.set_defaults(func=train)
    e = sub.add_parser("export", help="most frequent words -> a blank pipeline folder with the vectors")
    e.add_argument("model")
    e.add_argument("corpus")
    e.add_argument("--out", required=True)
    e.add_argument("--rows", type=int, default=30000)
    e.set_defaults(func=export)
    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
