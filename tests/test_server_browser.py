"""The web page of `vnpolitics serve`: HTTP behaviour, escaping, and a real search in headless
Chromium (Debian's `chromium`; skipped with the reason when it is not installed)."""
from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import quote

import pytest
from _search_records import hand_records

from vnpolitics.search import build_index
from vnpolitics.server import make_server


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    db = tmp_path_factory.mktemp("serve") / "corpus.db"
    records = hand_records()
    # An article whose text and entity label try to inject markup: it must come out as text.
    hostile = "Bài <script>alert('x')</script> về \"Nghị quyết\" & <b>Đảng</b>"
    records.append({"schema": "vnpolitics.annotation/1", "id": "xss<1>", "text": hostile, "errors": [],
                    "article": {"title": hostile},
                    "entities": [{"start": 48, "end": 52, "label": "ORG<img src=x>", "text": hostile[48:52]}]})
    build_index(records, db)
    server = make_server(db, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.headers["Content-Type"], response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode("utf-8")


def test_binds_to_localhost_by_default(base_url):
    assert base_url.startswith("http://127.0.0.1:")


def test_search_page_lists_results_and_facets(base_url):
    status, kind, page = get(f"{base_url}/?q=nghi+quyet+57")
    assert status == 200 and kind.startswith("text/html")
    assert '<p id="summary">2 bài</p>' in page
    assert "<mark>Nghị quyết 57</mark>" in page
    assert 'id="facet-code"' in page and "57-NQ/TW</a> (2)" in page


def test_article_view_marks_entities(base_url):
    status, _, page = get(f"{base_url}/doc?id=hanoi-2025-02-10")
    assert status == 200
    assert page.count('class="entity"') == 9
    assert "749/QĐ-TTg" in page and "DOC_CODE" in page
    assert get(f"{base_url}/doc?id=nope")[0] == 404


def test_everything_from_the_index_or_the_request_is_escaped(base_url):
    script, attribute = quote("<script>alert(1)</script>"), quote('"><b>')
    _, _, page = get(f"{base_url}/?q={script}&code={attribute}")
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '"><b>' not in page
    _, _, page = get(f"{base_url}/?q=Nghi+quyet+Dang")
    assert "<script>alert('x')" not in page and "&lt;script&gt;" in page
    _, _, page = get(f"{base_url}/doc?id={quote('xss<1>')}")
    assert "<script>" not in page and "<img" not in page and "&lt;b&gt;Đảng&lt;/b&gt;" in page


def test_json_api_and_errors(base_url):
    status, kind, body = get(f"{base_url}/api/search?code=05-CT/TW")
    assert status == 200 and kind.startswith("application/json")
    assert [r["id"] for r in json.loads(body)["results"]] == ["bacninh-2023-03-02"]
    status, _, body = get(f"{base_url}/api/search?q=x&since=yesterday")
    assert status == 400 and "not a date" in json.loads(body)["error"]
    assert get(f"{base_url}/etc/passwd")[0] == 404


# --- headless Chromium -------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class DevTools:
    """The Chrome DevTools protocol over --remote-debugging-pipe (fd 3 in, fd 4 out)."""

    def __init__(self, binary: str, profile: str):
        to_browser_r, self._write = os.pipe()
        self._read, from_browser_w = os.pipe()
        # The child must see the pipes as fds 3 and 4.
        def wire() -> None:
            # Copies first, so that a pipe already on fd 3 or 4 is not overwritten before use.
            read, write = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(read, 3)
            os.dup2(write, 4)
        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
             "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3, 4), preexec_fn=wire)  # dup2 in wire() puts the pipes there
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        self.session = None

    def call(self, method: str, timeout: float = 30, **params):
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if self.session and not method.startswith("Target."):
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._next:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply["result"]
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise TimeoutError(f"{method}: no answer from chromium in {timeout} s")
            chunk = os.read(self._read, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk

    def open_page(self) -> None:
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except RuntimeError:  # the page is navigating: its context went away
                value = None
            if value:
                return value
            time.sleep(0.1)
        raise TimeoutError(f"page never satisfied {expression!r}")

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._read)
        os.close(self._write)


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install -y chromium)")
def test_search_in_headless_chromium(base_url, tmp_path):
    browser = DevTools(CHROMIUM, str(tmp_path / "profile"))
    try:
        browser.open_page()
        browser.call("Page.enable")
        browser.call("Page.navigate", url=f"{base_url}/")
        browser.wait_for("document.readyState === 'complete' && !!document.querySelector('#q')")
        assert "6 bài trong chỉ mục" in browser.evaluate("document.querySelector('#summary').textContent")
        # Type a query without diacritics and press the button, as a user would.
        browser.evaluate("document.querySelector('#q').value = 'chi thi 05'; document.querySelector('#go').click(); 1")
        browser.wait_for("location.search.includes('q=chi+thi+05') && document.readyState === 'complete'")
        titles = browser.evaluate("[...document.querySelectorAll('article.hit h2 a')].map(a => a.textContent)")
        assert titles == ["Sơ kết việc thực hiện Chỉ thị 05-CT/TW tại Bắc Ninh"]
        marks = browser.evaluate("[...document.querySelectorAll('.snippet mark')].map(m => m.textContent)")
        assert "Chỉ thị 05" in marks
        facet = browser.evaluate("document.querySelector('#facet-code').textContent")
        assert "05-CT/TW (1)" in facet and "01-KL/TW (1)" in facet
        # Follow the result to the article view: the entities are marked.
        browser.evaluate("document.querySelector('article.hit h2 a').click(); 1")
        browser.wait_for("location.pathname === '/doc' && document.readyState === 'complete'")
        entities = browser.evaluate(
            "[...document.querySelectorAll('#article mark.entity')].map(m => m.firstChild.textContent.trim())")
        assert entities[:2] == ["05-CT/TW", "Bắc Ninh"]
        assert "Phạm Văn Hạ" in entities
    finally:
        browser.close()
