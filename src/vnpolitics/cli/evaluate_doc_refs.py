"""`vnpolitics evaluate doc-refs GOLD.jsonl`: score document references against a gold file.

The gold format is that of `corpora/gold/doc_refs.jsonl` (see docs/annotation.md): one record
per document with `text` and `doc_refs`, each gold reference of kind `code` (its span is the
code as written) or `short` (its span runs from the type name to the number).
"""
from __future__ import annotations

import json
import re
import time
import unicodedata
from collections import Counter
from pathlib import Path

from . import CommandError

FIELDS = ("type", "number", "year", "issuer", "canonical", "date")


def load_gold(path: str | Path) -> list[dict]:
    """Gold records from a JSONL file; a clear error naming the file and line."""
    path = Path(path)
    if not path.exists():
        raise CommandError(f"{path}: no such gold file")
    records = []
    for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            record["text"], record["doc_refs"]  # noqa: B018 (required keys)
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise CommandError(f"{path}:{line_no}: not a gold record ({error})") from None
        records.append(record)
    return records


_TP = re.compile(r"\b(?:tp\.?\s*|thành phố\s+)")
_HCM = re.compile(r"\b(?:thành phố\s*)?(?:hcm|hồ chí minh)\b")


def normalize_organ(name: str | None) -> str | None:
    """Organ names compared loosely: case, tone placement, UBND/HĐND and TP spellings."""
    if name is None:
        return None
    from ..citations import _modern

    text = _modern(unicodedata.normalize("NFC", name)).casefold()
    text = text.replace("ủy ban nhân dân", "ubnd").replace("hội đồng nhân dân", "hđnd")
    text = _TP.sub("thành phố ", text)
    text = _HCM.sub("thành phố hồ chí minh", text)
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def _ratio(hits: int, total: int) -> float | None:
    return hits / total if total else None


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p, r = _ratio(tp, n_pred), _ratio(tp, n_gold)
    f = 2 * p * r / (p + r) if p and r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "predicted": n_pred, "gold": n_gold}


def evaluate(records: list[dict], predict=None) -> dict:
    """Span P/R/F1 for codes and short references, and per-field accuracy on matched spans.

    `predict(text) -> list[Citation]` defaults to `vnpolitics.citations.read_citations` (what
    the `vnp_doc_refs` pipeline component runs).
    Issuer resolution is scored where the gold names an issuer; links where a short reference
    was found, as "points to a citation of the same code".
    """
    if predict is None:
        from ..citations import read_citations as predict
    counts = Counter()
    field_hits, field_total = Counter(), Counter()
    errors: list[str] = []
    started = time.perf_counter()
    for record in records:
        text, rid = record["text"], record.get("id", "?")
        citations = predict(text)
        pred_codes = {tuple(c.code_span): c for c in citations if c.code is not None}
        pred_shorts = {tuple(c.ref_span): c for c in citations if c.code is None}
        gold_codes = {(g["start"], g["end"]): g for g in record["doc_refs"] if g["kind"] == "code"}
        gold_shorts = {(g["start"], g["end"]): g for g in record["doc_refs"] if g["kind"] == "short"}
        for kind, gold, pred in (("code", gold_codes, pred_codes), ("short", gold_shorts, pred_shorts)):
            counts[f"{kind}_gold"] += len(gold)
            counts[f"{kind}_pred"] += len(pred)
            counts[f"{kind}_tp"] += len(gold.keys() & pred.keys())
            for span in gold.keys() - pred.keys():
                errors.append(f"{rid}: missed {kind} {text[span[0]:span[1]]!r} at {span[0]}")
            for span in pred.keys() - gold.keys():
                errors.append(f"{rid}: spurious {kind} {text[span[0]:span[1]]!r} at {span[0]}")
        for span in gold_codes.keys() & pred_codes.keys():
            g, p = gold_codes[span], pred_codes[span]
            values = {"type": (g["type"], p.type), "number": (g["number"], p.number),
                      "year": (g["year"], p.year), "issuer": (g["issuer"], p.issuer),
                      "canonical": (g["code"], p.code), "date": (g.get("date"), p.date)}
            if g.get("issuer_resolved"):
                values["issuer_resolution"] = (normalize_organ(g["issuer_resolved"]),
                                               normalize_organ(p.issuer_resolved))
            for field, (want, got) in values.items():
                field_total[field] += 1
                if want == got:
                    field_hits[field] += 1
                else:
                    errors.append(f"{rid}: {field} of {g['text']!r}: gold {want!r}, got {got!r}")
        for span in gold_shorts.keys() & pred_shorts.keys():
            g, p = gold_shorts[span], pred_shorts[span]
            got = citations[p.refers_to].code if p.refers_to is not None else None
            field_total["link"] += 1
            if got == g.get("refers_to_code"):
                field_hits["link"] += 1
            else:
                errors.append(f"{rid}: link of {g['text']!r}: gold {g.get('refers_to_code')!r}, got {got!r}")
    return {
        "documents": len(records),
        "seconds": round(time.perf_counter() - started, 2),
        "codes": _prf(counts["code_tp"], counts["code_pred"], counts["code_gold"]),
        "short_refs": _prf(counts["short_tp"], counts["short_pred"], counts["short_gold"]),
        "fields": {f: {"accuracy": _ratio(field_hits[f], field_total[f]), "n": field_total[f]}
                   for f in (*FIELDS, "issuer_resolution", "link")},
        "errors": errors,
    }


def format_report(result: dict) -> str:
    def pct(x):
        return "   -  " if x is None else f"{x:6.3f}"

    lines = [f"{result['documents']} documents, {result['seconds']} s", "",
             "spans            P       R       F1     gold  predicted"]
    for name in ("codes", "short_refs"):
        r = result[name]
        lines.append(f"{name:<12} {pct(r['precision'])}  {pct(r['recall'])}  {pct(r['f1'])}  "
                     f"{r['gold']:6d}  {r['predicted']:6d}")
    lines += ["", "field              accuracy      n"]
    for field, r in result["fields"].items():
        lines.append(f"{field:<18} {pct(r['accuracy'])}  {r['n']:6d}")
    return "\n".join(lines)


def register(inner) -> None:
    parser = inner.add_parser(
        "doc-refs",
        help="score document codes, citations and short references",
        description="Span precision/recall/F1 for document codes and short references, and "
        "accuracy of the parsed fields, the date, issuer resolution and short-reference links.",
        epilog="examples:\n  vnpolitics evaluate doc-refs corpora/gold/doc_refs.jsonl\n"
        "  vnpolitics evaluate doc-refs corpora/gold/doc_refs.jsonl --errors 20\n"
        "  vnpolitics evaluate doc-refs GOLD.jsonl --json > scores.json",
        formatter_class=__import__("argparse").RawDescriptionHelpFormatter,
    )
    parser.add_argument("gold", help="gold JSONL file (format of corpora/gold/doc_refs.jsonl)")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print the first N disagreements")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.set_defaults(func=run)


def run(args) -> int:
    result = evaluate(load_gold(args.gold))
    errors = result.pop("errors")
    if args.json:
        print(json.dumps({**result, "disagreements": len(errors)}, ensure_ascii=False, indent=2))
    else:
        print(format_report(result))
        for line in errors[: args.errors]:
            print(line)
    return 0
