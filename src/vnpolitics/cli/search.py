"""`vnpolitics search QUERY --db corpus.db`: query a search index from the shell."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys

from . import CommandError

EXAMPLES = """examples:
  vnpolitics search "nghi quyet 28"                      # without diacritics finds "Nghị quyết 28"
  vnpolitics search '"Hạ Long"' --exact                  # exact: "Hạ" is not "Hà"
  vnpolitics search --code 05-CT/TW                      # every article citing it
  vnpolitics search --code 05-CT/TW --citations          # ... with the sentence around each citation
  vnpolitics search "Đảng*" --topic "Chính trị Xã hội" --since 2024-01 --person "Lê Trung Kiên"
  vnpolitics search --person "Lê Trung Kiên" --positions # positions over time
  vnpolitics search "chuyển đổi số" --facets --format json

Query language: words are ANDed; "..." is a phrase; a trailing * is a prefix (Đảng*);
OR between two terms; -word excludes. Anything else (quotes, NEAR, SQL) is searched as text.
The index is opened read-only. --db defaults to $VNPOLITICS_DB or ./corpus.db.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "search",
        help="search an index built by `vnpolitics index`",
        description="Search annotated articles: full text (with or without diacritics), cited "
        "document codes, officials, organisations, topics and dates.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", nargs="?", default="", metavar="QUERY", help="text query (optional with filters)")
    parser.add_argument("--db", default=os.environ.get("VNPOLITICS_DB", "corpus.db"), help="index file")
    parser.add_argument("--code", help="cites this document code (28-NQ/TU; spacing, case and Đ/D do not matter)")
    parser.add_argument("--type", help="cites a document of this type (NQ, CT, KL, QĐ, NĐ... or its name)")
    parser.add_argument("--issuer", help="cites a document of this issuer (TW, TTg, Bộ Chính trị...)")
    parser.add_argument("--person", help="mentions this person (whole words; diacritics optional)")
    parser.add_argument("--org", help="mentions this organisation (whole words; diacritics optional)")
    parser.add_argument("--topic", help="has this topic label")
    parser.add_argument("--since", help="published on or after (YYYY, YYYY-MM or YYYY-MM-DD)")
    parser.add_argument("--until", help="published on or before (YYYY, YYYY-MM or YYYY-MM-DD)")
    parser.add_argument("--limit", type=int, default=20, help="results to show (default: 20)")
    parser.add_argument("--exact", action="store_true", help="match diacritics exactly (Hà is not Hạ)")
    parser.add_argument("--facets", action="store_true", help="also count results by topic, code, official, month")
    parser.add_argument("--citations", action="store_true", help="with --code: every citation and its sentence")
    parser.add_argument("--positions", action="store_true", help="with --person: positions over time")
    parser.add_argument("--format", choices=["table", "json"], default="table", help="output format (default: table)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..search import Corpus, QueryError

    if args.limit < 0:
        raise CommandError("--limit must be 0 or more")
    if args.citations and not args.code:
        raise CommandError("--citations needs --code")
    if args.positions and not args.person:
        raise CommandError("--positions needs --person")
    try:
        corpus = Corpus(args.db)
    except (FileNotFoundError, ValueError) as error:
        raise CommandError(str(error)) from None
    filters = {name: getattr(args, name) for name in
               ("code", "type", "issuer", "person", "org", "topic", "since", "until")}
    try:
        with corpus:
            if args.citations:
                return _print(corpus.citing(args.code, limit=args.limit or None), args.format,
                              ["id", "published", "citation", "sentence"])
            if args.positions:
                return _print(corpus.positions(args.person, exact=args.exact), args.format,
                              ["name", "title", "organization", "first_seen", "last_seen", "articles"])
            if not args.query and not any(filters.values()):
                raise CommandError("give a QUERY or at least one filter (--code, --person, ...)")
            tty = sys.stdout.isatty() and args.format == "table"
            highlight = ("\x1b[1;33m", "\x1b[0m") if tty else ("[", "]")
            frame = corpus.search(args.query, exact=args.exact, limit=args.limit, highlight=highlight, **filters)
            total = corpus.count(args.query, exact=args.exact, **filters)
            facets = corpus.facets(args.query, exact=args.exact, **filters) if args.facets else {}
    except QueryError as error:
        raise CommandError(str(error)) from None
    if args.format == "json":
        payload = {"total": total, "results": json.loads(frame.to_json(orient="records", force_ascii=False))}
        if facets:
            payload["facets"] = {name: dict(f.values.tolist()) for name, f in facets.items()}
        print(json.dumps(payload, ensure_ascii=False, indent=1))
        return 0
    print(f"{total} article(s){'' if total <= len(frame) else f', showing {len(frame)}'}")
    for row in frame.itertuples(index=False):
        print(f"\n{row.id}  {row.published or ''}  {row.topic or ''}  score {row.score:.3g}")
        print(f"  {row.title or ''}")
        print(f"  {row.snippet}")
    for name, table in facets.items():
        if not table.empty:
            print(f"\n{name}: " + "; ".join(f"{v} ({n})" for v, n in table.values.tolist()))
    return 0


def _print(frame, fmt: str, columns: list[str]) -> int:
    if fmt == "json":
        print(frame.to_json(orient="records", force_ascii=False, indent=1))
        return 0
    if frame.empty:
        print("nothing found")
        return 0
    width = shutil.get_terminal_size((120, 20)).columns
    with __import__("pandas").option_context("display.max_colwidth", max(30, width // 2),
                                             "display.width", width):
        print(frame[columns].to_string(index=False))
    return 0
