"""`vnpolitics serve corpus.db`: the search index as a small web page (standard library only).

Pages: `/` (search box, filters, facets, results with highlighted snippets), `/doc?id=…` (the
article with its entities highlighted displaCy-style, its citations and officials) and
`/api/search?q=…` (the same search as JSON). Every piece of text from the index or the request
is HTML-escaped; the server binds to 127.0.0.1 unless told otherwise, and opens the index
read-only.

>>> server = make_server("corpus.db", port=0)          # doctest: +SKIP
>>> server.server_address                               # doctest: +SKIP
('127.0.0.1', 40123)
>>> server.serve_forever()                              # doctest: +SKIP
"""
from __future__ import annotations

import json
import threading
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from .search import Corpus, QueryError

FILTERS = ("code", "type", "issuer", "person", "org", "topic", "since", "until")
PAGE_SIZE = 20
FACET_TITLES = {"topic": "Chủ đề", "code": "Văn bản được trích dẫn", "official": "Cán bộ",
                "person": "Người", "org": "Tổ chức", "month": "Tháng"}
# facet -> the filter a click on one of its values sets.
FACET_FILTERS = {"topic": "topic", "code": "code", "official": "person", "person": "person", "org": "org"}
COLORS = {"PER": "#aa9cfc", "ORG": "#7aecec", "LOC": "#ff9561", "MISC": "#e4e7d2",
          "DOC_CODE": "#fddc5c", "TITLE": "#bfeeb7", "DATE": "#bfe1d9"}

_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;color:#222}
header{background:#7a1f1f;color:#fff;padding:.6em 1em}header a{color:#fff;text-decoration:none}
form.search{display:flex;flex-wrap:wrap;gap:.4em;padding:.8em 1em;background:#f4f1ea}
form.search input[type=text]{padding:.3em}form.search input[name=q]{flex:1 1 30em;font-size:1.1em}
main{display:flex;gap:2em;padding:1em}aside{flex:0 0 16em;font-size:.9em}aside h3{margin:.8em 0 .2em}
aside ul{list-style:none;padding:0;margin:0}section.results{flex:1}
article.hit{margin-bottom:1.2em}article.hit h2{font-size:1.05em;margin:0}
.meta{color:#666;font-size:.85em}mark{background:#ffe066;padding:0 .1em}
.error{color:#a00;font-weight:bold}
"""


def _page(title: str, body: str) -> bytes:
    return (f"<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
            f"<header><a href=\"/\">vnpolitics</a> · tìm kiếm</header>{body}</body></html>").encode("utf-8")


def _params(query: str) -> dict[str, str]:
    return {k: v[-1].strip() for k, v in parse_qs(query, keep_blank_values=False).items()}


def _filters(params: dict[str, str]) -> dict[str, str]:
    return {name: params[name] for name in FILTERS if params.get(name)}


def _link(params: dict[str, str], **changes: str | None) -> str:
    merged = {**params, **changes}
    return "/?" + urlencode({k: v for k, v in merged.items() if v})


def render_search(corpus: Corpus, params: dict[str, str]) -> bytes:
    """The search page for the request parameters (`q`, `exact`, the filters, `page`)."""
    q = params.get("q", "")
    exact = params.get("exact") == "1"
    filters = _filters(params)
    try:
        page = max(1, int(params.get("page", "1")))
    except ValueError:
        page = 1
    fields = "".join(
        f'<input type="text" name="{name}" placeholder="{name}" value="{escape(params.get(name, ""))}" size="12">'
        for name in FILTERS)
    form = (f'<form class="search" method="get" action="/">'
            f'<input type="text" name="q" id="q" value="{escape(q)}" placeholder="nghi quyet 28, &quot;Hạ Long&quot;, Đảng*" autofocus>'
            f'<label><input type="checkbox" name="exact" value="1"{" checked" if exact else ""}> đúng dấu</label>'
            f'{fields}<button type="submit" id="go">Tìm</button></form>')
    if not q and not filters:
        n = len(corpus)
        return _page("vnpolitics", form + f'<main><p id="summary">{n:,} bài trong chỉ mục.</p></main>')
    try:
        total = corpus.count(q, exact=exact, **filters)
        hits = corpus.hits(q, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, exact=exact, **filters)
        facets = corpus.facets(q, exact=exact, **filters)
    except QueryError as error:
        return _page("vnpolitics", form + f'<main><p class="error">{escape(str(error))}</p></main>')
    items = []
    for hit in hits:
        meta = " · ".join(escape(str(v)) for v in (hit.published, hit.topic, hit.id) if v)
        items.append(f'<article class="hit"><h2><a href="/doc?{escape(urlencode({"id": hit.id, "q": q}))}">'
                     f'{escape(hit.title or hit.id)}</a></h2><div class="meta">{meta}</div>'
                     f'<p class="snippet">{hit.highlighted("<mark>", "</mark>", escape)}</p></article>')
    pager = ""
    if page * PAGE_SIZE < total:
        pager = f'<a id="next" href="{escape(_link(params, page=str(page + 1)))}">Trang sau →</a>'
    side = []
    for name, frame in facets.items():
        if frame.empty:
            continue
        target = FACET_FILTERS.get(name)
        lis = []
        for value, count in frame.itertuples(index=False):
            if target:
                label = f'<a href="{escape(_link(params, **{target: value, "page": None}))}">{escape(str(value))}</a>'
            elif name == "month":
                label = (f'<a href="{escape(_link(params, since=value, until=value, page=None))}">'
                         f'{escape(str(value))}</a>')
            else:
                label = escape(str(value))
            lis.append(f"<li>{label} ({count})</li>")
        side.append(f'<h3>{escape(FACET_TITLES.get(name, name))}</h3><ul class="facet" id="facet-{name}">{"".join(lis)}</ul>')
    summary = f'<p id="summary">{total:,} bài</p>'
    body = (f'{form}<main><aside>{"".join(side)}</aside><section class="results">{summary}'
            f'{"".join(items)}{pager}</section></main>')
    return _page(f"{q or 'vnpolitics'} – vnpolitics", body)


def render_entities(text: str, entities: list[dict[str, Any]]) -> str:
    """The text with its entities marked displaCy-style (spaCy's renderer, text escaped by it)."""
    from spacy import displacy

    ents = [{"start": e["start"], "end": e["end"], "label": _safe_label(e["label"])} for e in entities]
    colors = {label: color for label, color in COLORS.items()}
    return displacy.render({"text": text, "ents": ents, "title": None}, style="ent", manual=True,
                           jupyter=False, options={"colors": colors})


def _safe_label(label: str) -> str:
    # displaCy writes labels unescaped: keep only the characters a label is made of.
    return "".join(ch for ch in str(label) if ch.isalnum() or ch == "_")[:20] or "ENT"


def render_document(corpus: Corpus, doc_id: str) -> bytes | None:
    doc = corpus.document(doc_id)
    if doc is None:
        return None
    meta = " · ".join(escape(str(doc[k])) for k in ("published", "author", "section", "topic", "id") if doc.get(k))
    cites = "".join(
        f"<li>{escape(doc['text'][c['start']:c['end']])} → <a href=\"{escape(_link({}, code=c['code']))}\">"
        f"{escape(c['code'])}</a> ({escape(c['kind'])})</li>" if c["code"] else
        f"<li>{escape(doc['text'][c['start']:c['end']])} (chưa xác định)</li>"
        for c in doc["citations"])
    officials = "".join(
        f"<li><a href=\"{escape(_link({}, person=o['name']))}\">{escape(o['name'])}</a>"
        f"{': ' + escape(o['title']) if o['title'] else ''}"
        f"{', ' + escape(o['organization']) if o['organization'] else ''}</li>"
        for o in doc["officials"])
    side = ""
    if cites:
        side += f'<h3>Văn bản được trích dẫn</h3><ul id="citations">{cites}</ul>'
    if officials:
        side += f'<h3>Cán bộ</h3><ul id="officials">{officials}</ul>'
    body = (f'<main><aside>{side}</aside><section class="results"><h1>{escape(doc["title"] or doc["id"])}</h1>'
            f'<div class="meta">{meta}</div><div id="article">{render_entities(doc["text"], doc["entities"])}'
            f'</div></section></main>')
    return _page(doc["title"] or doc["id"], body)


class SearchHandler(BaseHTTPRequestHandler):
    """Serves the pages of one index; `server.corpus_path` names it."""

    server_version = "vnpolitics"

    def _corpus(self) -> Corpus:
        local = self.server.local  # type: ignore[attr-defined]
        if not hasattr(local, "corpus"):
            local.corpus = Corpus(self.server.corpus_path)  # type: ignore[attr-defined]
        return local.corpus

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        params = _params(url.query)
        try:
            if url.path == "/":
                self._send(HTTPStatus.OK, render_search(self._corpus(), params))
            elif url.path == "/doc":
                page = render_document(self._corpus(), params.get("id", ""))
                if page is None:
                    self._send(HTTPStatus.NOT_FOUND, _page("không thấy", "<main><p class=\"error\">"
                               f"Không có bài {escape(params.get('id', ''))}.</p></main>"))
                else:
                    self._send(HTTPStatus.OK, page)
            elif url.path == "/api/search":
                self._send_json(self._api_search(params))
            else:
                self._send(HTTPStatus.NOT_FOUND, _page("không thấy", "<main><p class=\"error\">Không có trang này.</p></main>"))
        except QueryError as error:
            self._send_json({"error": str(error)}, HTTPStatus.BAD_REQUEST)

    def _api_search(self, params: dict[str, str]) -> dict[str, Any]:
        corpus = self._corpus()
        exact = params.get("exact") == "1"
        try:
            limit = min(100, max(0, int(params.get("limit", PAGE_SIZE))))
        except ValueError:
            raise QueryError(f"limit={params.get('limit')!r} is not a number") from None
        frame = corpus.search(params.get("q", ""), exact=exact, limit=limit, **_filters(params))
        return {"total": corpus.count(params.get("q", ""), exact=exact, **_filters(params)),
                "results": json.loads(frame.to_json(orient="records", force_ascii=False))}

    def _send(self, status: HTTPStatus, body: bytes, kind: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
        self.end_headers()
        self.wfile.write(body)

    def _send_json(self, payload: Any, status: HTTPStatus = HTTPStatus.OK) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"),
                   "application/json; charset=utf-8")

    def log_message(self, format: str, *args: Any) -> None:  # quiet unless asked
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)


def make_server(db: str | Path, host: str = "127.0.0.1", port: int = 8765,
                verbose: bool = False) -> ThreadingHTTPServer:
    """An HTTP server for the index `db` (checked now: a missing or foreign file fails here)."""
    Corpus(db).close()
    server = ThreadingHTTPServer((host, port), SearchHandler)
    server.daemon_threads = True
    server.corpus_path = Path(db)  # type: ignore[attr-defined]
    server.local = threading.local()  # type: ignore[attr-defined]
    server.verbose = verbose  # type: ignore[attr-defined]
    return server
