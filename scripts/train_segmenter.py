"""Train the vnpolitics word segmenter (CRF, python-crfsuite) into models/segmenter-crf/.

Data (read from ../shared/data, or --data, or $VNPOLITICS_DATA):
  * vlsp2013-ws/train.txt.gz minus the dev split: documents start at a time-stamp line
    ("2005/09/27 03:18:42"); document k (0-based, in file order) is dev when k % 10 == 9
    (262 of 2,626 documents). Everything else trains, including the untimed tail of the file,
    which counts as part of the last timed document.
    The 24 VLSP sentences that are also UD VTB dev sentences (both come from VietTreebank)
    are left out of training.
  * ud-vtb/train.conllu (all of it, --ud-weight times; UD VTB dev is kept for evaluation).
    Its sentences carry the "ud" convention attributes (see vnpolitics.segment.Featurizer), so
    one model learns both conventions and CRFSegmenter(convention=...) chooses at run time.
  * The dictionary features use the multi-syllable words of the training part above plus the
    proper names (NNP, or inside a PER/LOC/ORG entity) of vlsp2016-ner/train.txt.

All text goes through vnpolitics.text.normalize (old-style tone placement), as at run time.

    nice -n 10 python scripts/train_segmenter.py --sample 5000 --out /tmp/seg-small
    nice -n 10 python scripts/train_segmenter.py > /tmp/seg-train.log 2>&1
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from vnpolitics.segment import read_conllu, read_vlsp, train
from vnpolitics.text.normalize import normalize_text

ROOT = Path(__file__).resolve().parents[1]
DEV_EVERY = 10  # VLSP 2013 document k is dev when k % DEV_EVERY == DEV_EVERY - 1


def data_dir(arg: str | None) -> Path:
    from vnpolitics.resources import shared_data_dir

    return shared_data_dir(arg, required_by="train_segmenter")


def is_vlsp_dev(document: int) -> bool:
    return document % DEV_EVERY == DEV_EVERY - 1


def vlsp_split(data: Path, dev: bool):
    """The VLSP 2013 train (dev=False) or dev (dev=True) sentences, normalised."""
    for sentence in read_vlsp(data / "vlsp2013-ws" / "train.txt.gz", normalize=True):
        if is_vlsp_dev(sentence.document) == dev:
            yield sentence


def _key(sentence) -> str:
    return "".join(sentence.syllables).lower()


def name_words(path: Path) -> set[str]:
    """Proper names of a VLSP 2016 NER file: NNP words and words inside PER/LOC/ORG entities."""
    names: set[str] = set()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or "_" not in cols[0]:
                continue
            if cols[1] == "Np" or cols[1] == "NNP" or cols[3][2:] in ("PER", "LOC", "ORG"):
                names.add(normalize_text(cols[0].replace("_", " ")))
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", help="corpus folder (default ../shared/data)")
    parser.add_argument("--out", default=str(ROOT / "models" / "segmenter-crf"))
    parser.add_argument("--sample", type=int, default=0, help="train on the first N sentences only")
    parser.add_argument("--algorithm", default="ap", choices=["lbfgs", "ap", "l2sgd", "pa", "arow"])
    parser.add_argument("--c1", type=float, default=0.5)
    parser.add_argument("--c2", type=float, default=0.005)
    parser.add_argument("--iterations", type=int, default=12)
    parser.add_argument("--min-freq", type=float, default=3)
    parser.add_argument("--folds", type=int, default=5, help="jackknife blocks for the dictionary features")
    parser.add_argument("--no-ud", action="store_true", help="VLSP 2013 only")
    parser.add_argument("--ud-weight", type=int, default=4, help="copies of UD VTB train")
    args = parser.parse_args(argv)

    data = data_dir(args.data)
    out = Path(args.out)
    started = time.time()
    ud_dev = {_key(s) for s in read_conllu(data / "ud-vtb" / "dev.conllu", normalize=True)}
    sentences = [s for s in vlsp_split(data, dev=False) if _key(s) not in ud_dev]
    if args.sample:
        sentences = sentences[: args.sample]
    conventions = ["vlsp"] * len(sentences)
    if not args.no_ud:
        ud = list(read_conllu(data / "ud-vtb" / "train.conllu", normalize=True))
        if args.sample:
            ud = ud[: max(1, args.sample // 20)]
        sentences += ud * args.ud_weight
        conventions += ["ud"] * (len(ud) * args.ud_weight)
    log = lambda message: print(f"{message} ({time.time() - started:.0f}s)", flush=True)  # noqa: E731
    log(f"{len(sentences)} sentences, {sum(len(s.syllables) for s in sentences)} syllables read")
    params = {"feature.minfreq": args.min_freq}
    if args.algorithm == "lbfgs":
        params.update(c1=args.c1, c2=args.c2)
    train(sentences, out, conventions, name_words(data / "vlsp2016-ner" / "train.txt"),
          algorithm=args.algorithm, iterations=args.iterations, folds=args.folds, params=params, log=log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
