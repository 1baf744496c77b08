"""Build `corpora/gold/officials.jsonl` from the hand annotations in `corpora/gold/officials.src.txt`.

The annotations name each excerpt by its article and first/last words, and list the organs and
officials as read; this script cuts the excerpt out of `../shared/data/news-2017` (or the
sample) and turns the strings into character offsets. It never runs the extractor.

    python scripts/build_officials_gold.py [--data ../shared/data]
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "corpora" / "gold" / "officials.src.txt"
OUT = ROOT / "corpora" / "gold" / "officials.jsonl"
SAMPLE = ROOT / "corpora" / "samples" / "haiphong-2024-06-15.txt"


def parse(path: Path) -> list[dict]:
    records: list[dict] = []
    current: dict | None = None
    batch = 1
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("BATCH:"):
            batch = int(line.partition(":")[2])
            continue
        if line.startswith("=== "):
            current = {"article": line[4:].strip(), "line": number, "org": [], "P": [], "M": [], "batch": batch}
            records.append(current)
            continue
        if current is None:
            sys.exit(f"{path}:{number}: annotation before the first '=== ARTICLE' line")
        key, _, value = line.partition(":")
        value = value.strip()
        if key in ("FROM", "TO"):
            current[key] = value
        elif key == "ORG":
            current["org"] += [v.strip() for v in value.split(" | ") if v.strip()]
        elif key in ("P", "M"):
            current[key].append((number, value))
        else:
            sys.exit(f"{path}:{number}: unknown field {key!r}")
    return records


def articles(data: Path, wanted: set[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    with gzip.open(data / "news-2017" / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a["id"] in wanted:
                found[a["id"]] = [a.get("sapo") or "", a.get("body") or "", a.get("title") or ""]
    return found


def _find(text: str, needle: str, start: int) -> int:
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    m = pattern.search(text, start)
    return m.start() if m else -1


def build(record: dict, fields: list[str]) -> dict:
    where = f"{SOURCE.name}:{record['line']} ({record['article']})"
    for field in fields:
        a = field.find(record["FROM"])
        b = field.find(record["TO"], a) if a != -1 else -1
        if b != -1:
            text = field[a : b + len(record["TO"])]
            break
    else:
        sys.exit(f"{where}: no field has FROM {record['FROM']!r} followed by TO {record['TO']!r}")
    organs = []
    cursor = 0
    for org in record["org"]:
        skip = 1
        if "^" in org:
            org, _, n = org.rpartition("^")
            skip = int(n)
        pos = cursor - 1
        for _ in range(skip):
            pos = _find(text, org, pos + 1)
            if pos == -1:
                sys.exit(f"{where}: organ {org!r} not found in order")
        organs.append({"start": pos, "end": pos + len(org), "text": org})
        cursor = pos + len(org)
    officials = []
    for number, value in record["P"]:
        parts = [p.strip() for p in value.split(" | ")]
        if len(parts) != 3:
            sys.exit(f"{SOURCE.name}:{number}: P needs 'name | honorific | positions'")
        name, honorific, positions = parts
        starts = [m.start() for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)]
        if not starts:
            sys.exit(f"{SOURCE.name}:{number}: name {name!r} not in the excerpt")
        mentions = [[s, s + len(name)] for s in starts]
        items = []
        for position in positions.split(" ; "):
            title, _, organization = (p.strip() for p in position.partition(" @ "))
            organization = None if organization in ("", "-") else organization
            items.append({"title": title, "organization": organization,
                          "span": _position_span(text, title, organization, starts)})
        officials.append({"name": name, "name_span": mentions[0],
                          "honorific": None if honorific == "-" else honorific,
                          "positions": items, "mentions": mentions})
    for number, value in record["M"]:
        short, _, full = (p.strip() for p in value.partition("=>"))
        target = next((o for o in officials if o["name"] == full), None)
        if target is None:
            sys.exit(f"{SOURCE.name}:{number}: {full!r} is not an official of this excerpt")
        word = short.split()[-1]
        for m in re.finditer(r"(?<!\w)" + re.escape(short) + r"(?!\w)", text):
            s = m.end() - len(word)
            if [s, m.end()] not in target["mentions"]:
                target["mentions"].append([s, m.end()])
        target["mentions"].sort()
    return {"text": text, "organs": organs, "officials": officials}


def _position_span(text: str, title: str, organization: str | None, name_starts: list[int]) -> list[int]:
    best = None
    for m in re.finditer(r"(?<!\w)" + re.escape(title) + r"(?!\w)", text):
        distance = min(abs(m.start() - s) for s in name_starts)
        if best is None or distance < best[0]:
            best = (distance, m.start(), m.end())
    if best is None:
        return [name_starts[0], name_starts[0]]
    _, s, e = best
    if organization:
        o = text.find(organization, s)
        if o != -1 and o <= e + 1:
            e = o + len(organization)
    return [s, e]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=os.environ.get("VNPOLITICS_DATA", str(ROOT.parent / "shared" / "data")))
    args = parser.parse_args()
    records = parse(SOURCE)
    news = articles(Path(args.data), {r["article"] for r in records if r["article"] != "sample"})
    lines = []
    counts = {"records": 0, "organs": 0, "officials": 0, "positions": 0, "mentions": 0}
    seen: dict[str, int] = {}
    for record in records:
        if record["article"] == "sample":
            fields, source = [SAMPLE.read_text(encoding="utf-8")], "corpora/samples/haiphong-2024-06-15.txt"
        else:
            if record["article"] not in news:
                sys.exit(f"{SOURCE.name}:{record['line']}: article {record['article']} not in news-2017")
            fields, source = news[record["article"]], "news-2017"
        built = build(record, fields)
        seen[record["article"]] = seen.get(record["article"], 0) + 1
        out = {"id": f"{record['article']}-{seen[record['article']]}", "article": record["article"],
               "source": source, "batch": record["batch"], **built}
        lines.append(json.dumps(out, ensure_ascii=False))
        counts["records"] += 1
        counts["organs"] += len(built["organs"])
        counts["officials"] += len(built["officials"])
        counts["positions"] += sum(len(o["positions"]) for o in built["officials"])
        counts["mentions"] += sum(len(o["mentions"]) for o in built["officials"])
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
