"""Browser fixtures: a real index, a real ``casebook serve`` and a real headless Chromium.

Nothing here is faked: the index is built from ``corpus/`` by the CLI, the server is the CLI in a
subprocess, and the page is driven through Playwright. Chromium is the system one
(``/usr/bin/chromium``); ``playwright install`` is never needed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from benchmarks.load import stop

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CASEBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SERVER_START_S = 120
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(CASEBOOK_LLM="none", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
               GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1")
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers_http(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return an index of the sample corpus, built once by ``casebook ingest``."""
    index = tmp_path_factory.mktemp("browser") / "index"
    # the real PDF too when it is there, so the viewer shows a rendered page
    report = ROOT.parent / "shared" / "reports" / "unodc-glotip-2024-chapter-2-africa.pdf"
    cmd = [sys.executable, "-m", "assistant.cli", "ingest", "corpus",
           *([str(report)] if report.is_file() else []), "--index", str(index), "--quiet"]
    done = subprocess.run(cmd, cwd=ROOT, env=_env(), capture_output=True, text=True,
                          timeout=900)
    if done.returncode != 0:
        pytest.fail(f"ingest failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return index


@pytest.fixture(scope="session")
def server_url(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Start ``casebook serve`` on a free port; yield its URL once it answers HTTP."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log_path = tmp_path_factory.mktemp("server") / "serve.log"
    cmd = [sys.executable, "-m", "assistant.cli", "serve", "--index", str(index_dir),
           "--port", str(port), "--host", "127.0.0.1"]
    with log_path.open("w") as log:
        # Its own session, so teardown can stop the server and anything it started, by id.
        proc = subprocess.Popen(cmd, cwd=ROOT, env=_env(), stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while not _answers_http(url):
            if proc.poll() is not None:
                pytest.fail(f"casebook serve exited with {proc.returncode}:\n"
                            f"{log_path.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"casebook serve did not answer within {SERVER_START_S} s:\n"
                            f"{log_path.read_text()}")
            time.sleep(0.5)
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Yield a headless system Chromium driven by Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object, server_url: str) -> Iterator[object]:
    """Yield a fresh page on the chat, and fail if it asked anything of another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(60_000)
    outside: list[str] = []

    def watch(request: object) -> None:
        parsed = urlparse(request.url)  # type: ignore[attr-defined]
        if parsed.scheme in {"http", "https", "ws", "wss"} and parsed.hostname not in LOCAL_HOSTS:
            outside.append(request.url)  # type: ignore[attr-defined]

    page.on("request", watch)
    # Gradio keeps connections open, so "networkidle" never comes: wait for load, then elements.
    page.goto(server_url, wait_until="load")
    # the box opens disabled until the page's load event has run; keys typed before are lost
    page.wait_for_selector("#question textarea:not([disabled])", state="visible")
    yield page
    context.close()
    assert not outside, f"the page loaded from other hosts (must work offline): {outside}"


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    """Return the folder screenshots go to: $CASEBOOK_SCREENSHOTS, else tests/browser/screenshots
    (ignored by git), so a person can look at them after `make test`."""
    wanted = os.environ.get("CASEBOOK_SCREENSHOTS")
    folder = Path(wanted) if wanted else ROOT / "tests" / "browser" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
