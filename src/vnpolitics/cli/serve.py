"""`vnpolitics serve corpus.db`: browse a search index in a web browser."""
from __future__ import annotations

import argparse

from . import CommandError

EXAMPLES = """examples:
  vnpolitics serve corpus.db                 # then open http://127.0.0.1:8765/
  vnpolitics serve corpus.db --port 9000
  vnpolitics serve corpus.db --host 0.0.0.0  # reachable from other machines: think first

Pages: / (search box, filters, facets), /doc?id=ID (article with entities highlighted),
/api/search?q=...&code=... (JSON). The index is opened read-only.
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="browse a search index as a web page",
        description="Serve a search index built by `vnpolitics index` as a small web site.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("db", help="index file built by `vnpolitics index`")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8765, help="port (default: 8765; 0 picks a free one)")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..server import make_server

    try:
        server = make_server(args.db, host=args.host, port=args.port, verbose=args.verbose)
    except (FileNotFoundError, ValueError) as error:
        raise CommandError(str(error)) from None
    except OSError as error:
        raise CommandError(f"cannot listen on {args.host}:{args.port} ({error.strerror})") from None
    host, port = server.server_address[:2]
    print(f"serving {args.db} on http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0
