"""UPOS on UD VTB dev (gold words): underthesea's tagger against CRFs trained on UD VTB train.

    python benchmarks/pos.py        # about 2 minutes

Systems: (1) underthesea's VLSP 2013 CRF tagger (the `pos_crf_vlsp2013_20230303` model that
`vnpolitics.tag.UndertheseaTagger` loads), its tags mapped to UPOS by `vnpolitics.tag.UPOS`;
(2) a CRF trained here on UD VTB train UPOS (word, first/last syllable, neighbours, bigrams);
(3) the same CRF with underthesea's tags of the word and its neighbours as extra features.
Tokens with no letter or digit count as PUNCT for (1). Models are written to a temporary folder.
"""
from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pycrfsuite


from vnpolitics.tag import UPOS, UndertheseaTagger
from vnpolitics.text.normalize import normalize_text

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ud-vtb"


def read(path: Path) -> list[list[tuple[str, str]]]:
    sentences, current = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if current:
                sentences.append(current)
            current = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" not in cols[0] and "." not in cols[0]:
            current.append((normalize_text(cols[1]), cols[3]))
    if current:
        sentences.append(current)
    return sentences


def features(words: list[str], tags: list[str] | None = None) -> list[list[str]]:
    low = [w.lower() for w in words]
    out = []
    for i, word in enumerate(words):
        syllables = low[i].split()
        f = ["w=" + low[i], "f=" + syllables[0], "l=" + syllables[-1], "n=%d" % min(len(syllables), 3),
             "t" if word[:1].isupper() else "lc", "d" if any(c.isdigit() for c in word) else "nd",
             "p" if not any(c.isalnum() for c in word) else "np"]
        for k in (-2, -1, 1, 2):
            f.append(f"{k}w=" + (low[i + k] if 0 <= i + k < len(words) else "<>"))
        f.append("bg=" + (low[i - 1] if i else "<s>") + "|" + low[i])
        f.append("bg+=" + low[i] + "|" + (low[i + 1] if i + 1 < len(words) else "</s>"))
        if tags is not None:
            f += ["ut=" + tags[i], "ut-1=" + (tags[i - 1] if i else "<s>"),
                  "ut+1=" + (tags[i + 1] if i + 1 < len(words) else "</s>"), "utw=" + tags[i] + "|" + low[i]]
        out.append(f)
    return out


def main() -> int:
    train, dev = read(DATA / "train.conllu"), read(DATA / "dev.conllu")
    underthesea = UndertheseaTagger()
    uts = {id(s): underthesea.tags([w for w, _ in s]) for s in train + dev}
    correct = total = 0
    confusions: Counter = Counter()
    for s in dev:
        for (word, gold), tag in zip(s, uts[id(s)]):
            upos = "PUNCT" if not any(c.isalnum() for c in word) else UPOS.get(tag, "X")
            total += 1
            correct += upos == gold
            confusions[(gold, upos)] += upos != gold
    print(f"| underthesea pos_crf_vlsp2013 + vnpolitics.tag.UPOS | {correct / total:.4f} |")
    print(f"  most frequent confusions (gold, predicted): {confusions.most_common(6)}")
    folder = Path(tempfile.mkdtemp())
    for name, stacked in (("CRF on UD VTB train", False), ("CRF on UD VTB train + underthesea tags", True)):
        trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
        for s in train:
            trainer.append(features([w for w, _ in s], uts[id(s)] if stacked else None), [g for _, g in s])
        trainer.set_params({"c1": 0.1, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True})
        started = time.time()
        trainer.train(str(folder / "upos.crfsuite"))
        tagger = pycrfsuite.Tagger()
        tagger.open(str(folder / "upos.crfsuite"))
        correct = total = 0
        for s in dev:
            predicted = tagger.tag(features([w for w, _ in s], uts[id(s)] if stacked else None))
            correct += sum(g == p for (_, g), p in zip(s, predicted))
            total += len(s)
        print(f"| {name} | {correct / total:.4f} |  (trained in {time.time() - started:.0f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
