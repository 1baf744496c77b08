"""`vnpolitics evaluate officials GOLD`: organs (ORG) and officials against a hand-made gold file.

Scores, micro-averaged over the records of GOLD (`corpora/gold/officials.jsonl`, see
docs/annotation.md):
- ORG: organ spans, exact character match;
- officials: (name, title, organisation) triples per record, compared casefolded with spaces
  collapsed; a title without organisation counts once when the same title has one;
- names: the officials found (a person named with at least one position);
- short mentions: later mentions ("ông Kiên") linked to the right official.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..scoring import PrecisionRecallF1
from . import CommandError


@dataclass
class Tally(PrecisionRecallF1):
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, record_id: str, gold: set, predicted: set) -> None:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)
        self.errors += [f"{record_id}\tFP\t{x}" for x in sorted(map(str, predicted - gold))]
        self.errors += [f"{record_id}\tFN\t{x}" for x in sorted(map(str, gold - predicted))]

    def counts(self) -> tuple[int, int, int]:
        return self.tp, self.tp + self.fp, self.tp + self.fn


def _key(s: str | None) -> str:
    from ..text import normalize_text

    return " ".join(normalize_text(s or "").split()).casefold()


def triples(officials: list[dict]) -> set[tuple[str, str, str]]:
    """(name, title, organisation) keys; a bare title is dropped when it also has an organ."""
    out = set()
    for official in officials:
        name = _key(official["name"])
        with_org = {_key(p["title"]) for p in official["positions"] if p.get("organization")}
        for p in official["positions"]:
            title, org = _key(p["title"]), _key(p.get("organization"))
            if not org and title in with_org:
                continue
            out.add((name, title, org))
    return out


def short_mentions(officials: list[dict]) -> set[tuple[str, int, int]]:
    """Mentions that are not the full name (e.g. "Kiên" in "ông Kiên"), with their official."""
    out = set()
    for official in officials:
        length = official["name_span"][1] - official["name_span"][0]
        for s, e in official.get("mentions", []):
            if e - s != length:
                out.add((_key(official["name"]), s, e))
    return out


def read_gold(path: Path) -> list[dict]:
    if not path.exists():
        raise CommandError(f"{path}: no such gold file")
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise CommandError(f"{path}:{number}: not JSON ({error.msg})") from None
        for key in ("id", "text", "organs", "officials"):
            if key not in record:
                raise CommandError(f"{path}:{number}: record has no {key!r} field")
        records.append(record)
    return records


def predict_rules(text: str) -> tuple[set[tuple[int, int]], list[dict]]:
    from ..officials import extract_officials
    from ..organs import find_organs_and_titles

    organs, titles = find_organs_and_titles(text)
    officials = extract_officials(text, organs=organs, titles=titles)
    return {(s, e) for s, e, _ in organs}, [o.to_dict() for o in officials]


def make_predict_pipeline():
    from .. import pipeline

    from ..components import officials as _officials, organs as _organs  # noqa: F401  (factories)

    nlp = pipeline.load(exclude=["topic_classifier"])
    # Until load() lists them, add the rule components in their place (after ner and doc refs).
    if "vnp_organs" not in nlp.pipe_names:
        nlp.add_pipe("vnp_organs", after="ner" if "ner" in nlp.pipe_names else None)
    if "vnp_officials" not in nlp.pipe_names:
        nlp.add_pipe("vnp_officials")

    def predict(text: str):
        doc = nlp(text)
        organs = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"}
        return organs, [o.to_dict() for o in (doc._.officials or [])]

    return predict


def evaluate(records: list[dict], predict) -> dict[str, Tally]:
    tallies = {"ORG": Tally(), "officials": Tally(), "names": Tally(), "short mentions": Tally()}
    for record in records:
        organs, officials = predict(record["text"])
        gold_organs = {(o["start"], o["end"]) for o in record["organs"]}
        text = record["text"]
        tallies["ORG"].add(record["id"], {(s, e, text[s:e]) for s, e in gold_organs},
                           {(s, e, text[s:e]) for s, e in organs})
        tallies["officials"].add(record["id"], triples(record["officials"]), triples(officials))
        tallies["names"].add(record["id"], {_key(o["name"]) for o in record["officials"]},
                             {_key(o["name"]) for o in officials})
        tallies["short mentions"].add(record["id"], short_mentions(record["officials"]), short_mentions(officials))
    return tallies


def register(inner) -> None:
    parser = inner.add_parser(
        "officials",
        help="score organs (ORG) and officials against a gold JSONL file",
        description=__doc__,
        epilog="Examples:\n  vnpolitics evaluate officials corpora/gold/officials.jsonl\n"
        "  vnpolitics evaluate officials corpora/gold/officials.jsonl --pipeline --errors /tmp/err.tsv",
        formatter_class=__import__("argparse").RawDescriptionHelpFormatter,
    )
    parser.add_argument("gold", type=Path, metavar="GOLD", help="gold JSONL (corpora/gold/officials.jsonl)")
    parser.add_argument("--pipeline", action="store_true",
                        help="run the full spaCy pipeline (vnpolitics.load()) instead of the pure rules")
    parser.add_argument("--batch", type=int, metavar="N",
                        help="score only the records of annotation batch N (batch 2 was held out)")
    parser.add_argument("--errors", type=Path, metavar="TSV", help="write false positives/negatives here")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.set_defaults(func=run)


def run(args) -> int:
    records = read_gold(args.gold)
    if args.batch is not None:
        records = [r for r in records if r.get("batch", 1) == args.batch]
        if not records:
            raise CommandError(f"{args.gold}: no record of batch {args.batch}")
    predict = make_predict_pipeline() if args.pipeline else predict_rules
    tallies = evaluate(records, predict)
    scores = {name: {"precision": round(t.precision, 4), "recall": round(t.recall, 4), "f1": round(t.f1, 4),
                     "gold": t.tp + t.fn, "predicted": t.tp + t.fp} for name, t in tallies.items()}
    if args.json:
        print(json.dumps({"records": len(records), "scores": scores}, ensure_ascii=False, indent=2))
    else:
        print(f"{args.gold}: {len(records)} records ({'pipeline' if args.pipeline else 'rules'})")
        print(f"{'':16} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6} {'pred':>6}")
        for name, s in scores.items():
            print(f"{name:16} {s['precision']:7.3f} {s['recall']:7.3f} {s['f1']:7.3f} {s['gold']:6d} {s['predicted']:6d}")
    if args.errors:
        args.errors.write_text("\n".join(e for t in tallies.values() for e in t.errors) + "\n", encoding="utf-8")
    return 0
