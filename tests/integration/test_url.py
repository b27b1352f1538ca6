"""Ingest over real HTTP from a local server: main text only, then answered with a citation."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant.chain import Answerer
from assistant.config import load_settings
from assistant.ingest.library import Library

PAGE = """<!doctype html><html><head><title>Harbour seizure</title>
<script>var tracking = "4,444 arrests";</script></head>
<body><nav>Home | About | 9,999 subscribers</nav>
<article><h1>Harbour seizure</h1>
<p>Customs officers at the port of Varnholm seized 1,250 kilograms of cocaine in March 2024.</p>
<p>The operation, called Tidewater, led to 37 arrests across three countries.</p></article>
<footer>Copyright 2024, 7,777 readers</footer></body></html>"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "news.html").write_text(PAGE, encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_is_ingested_without_page_furniture_and_answered(site: str, tmp_path: Path) -> None:
    answerer = Answerer(load_settings(index=tmp_path / "index", llm="none"))
    [result] = answerer.library.ingest([f"{site}/news.html"], progress=False)
    assert result.status == "added", result.line()
    text = " ".join(c.text for c, _ in answerer.library.table().rows)
    assert "1,250 kilograms" in text and "37 arrests" in text
    for furniture in ("4,444", "9,999", "7,777"):
        assert furniture not in text
    answer = answerer.ask("How many arrests did the Tidewater operation lead to?")
    assert not answer.abstained and "37" in answer.answer
    assert answer.citations[0].source == f"{site}/news.html"


def test_unreachable_url_fails_alone(site: str, tmp_path: Path) -> None:
    answerer = Answerer(load_settings(index=tmp_path / "index", llm="none"))
    results = list(answerer.library.ingest([f"{site}/missing.html", f"{site}/news.html"],
                                           progress=False))
    assert [r.status for r in results] == ["failed", "added"]
    assert "missing.html" in results[0].source and results[0].reason


def test_redirects_stay_on_the_same_site(tmp_path: Path) -> None:
    """A redirect within the site is followed; one to another host is refused, not fetched."""
    import http.server

    fetched: list[str] = []

    class Redirecting(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            fetched.append(self.path)
            if self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "/brief.html")
            elif self.path == "/away":
                self.send_response(302)
                self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            else:
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
            self.end_headers()
            if self.path == "/brief.html":
                self.wfile.write(b"<html><body><p>Operation Coral led to 77 arrests in four "
                                 b"ports, the coastguard said on Monday.</p></body></html>")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        library = Library(load_settings(index=tmp_path / "index", llm="none"))
        moved, away = library.ingest([f"{base}/moved", f"{base}/away"], progress=False)
    finally:
        server.shutdown()
        server.server_close()
    assert moved.status == "added", moved.line()
    assert away.status == "failed" and "redirected to another site" in away.reason
    assert "169.254.169.254" in away.reason and fetched.count("/away") == 1
