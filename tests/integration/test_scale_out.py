"""Scale out on existing engines: a real `chroma run` server and llama-cpp-python's
OpenAI-compatible server, both started here on loopback and stopped after."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.chain import Answerer, Delta
from assistant.models import Answer
from benchmarks.load import free_port, stop
from tests.conftest import CORPUS, settings_for

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
START_S = 120


def serve(cmd: list[str], probe: str, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server process; yield it once ``probe`` answers; stop it (and its children)."""
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True, env={**os.environ, "HF_HUB_OFFLINE": "1",
                                                             "ANONYMIZED_TELEMETRY": "False"})
    try:
        deadline = time.monotonic() + START_S
        while True:
            try:
                with urllib.request.urlopen(probe, timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{cmd[0]} did not start:\n{log.read_text(errors='replace')}")
                time.sleep(0.5)
        yield proc
    finally:
        stop(proc)


@pytest.fixture
def chroma_url(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    cmd = [str(BIN / "chroma"), "run", "--path", str(tmp_path / "chroma-server"), "--host",
           "127.0.0.1", "--port", str(port)]
    yield from (f"http://127.0.0.1:{port}" for _ in serve(
        cmd, f"http://127.0.0.1:{port}/api/v2/heartbeat", tmp_path / "chroma.log"))


def test_ingest_and_answer_through_a_chroma_server(chroma_url: str, tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "index").model_copy(update={"chroma_url": chroma_url})
    answerer = Answerer(settings)
    briefs = [str(CORPUS / "interpol-liberterra-ii-2024.md"),
              str(CORPUS / "interpol-synergia-ii-2024.md")]
    assert [r.status for r in answerer.library.ingest(briefs, progress=False)] == ["added"] * 2
    assert not (tmp_path / "index" / "chroma").exists()  # nothing stored in the embedded store
    assert answerer.library.store.count() == sum(d.chunks for d in answerer.library.documents())
    answer = answerer.ask("How many arrests did Liberterra II make?")
    assert "2,517" in answer.answer and all(f.verified for f in answer.figures)
    # a second process (another UI worker) shares the same server
    other = Answerer(settings_for(tmp_path / "index").model_copy(
        update={"chroma_url": chroma_url}))
    assert "59 servers" in other.ask("How many servers did Synergia II seize?").answer


@pytest.fixture
def openai_server(tmp_path: Path) -> Iterator[str]:
    pytest.importorskip("llama_cpp.server", reason="pip install 'llama-cpp-python[server]'")
    from assistant.llm import packaged_gguf

    port = free_port()
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(packaged_gguf()),
           "--model_alias", "smollm2", "--host", "127.0.0.1", "--port", str(port),
           "--n_ctx", "2048", "--verbose", "False"]
    yield from (f"http://127.0.0.1:{port}/v1" for _ in serve(
        cmd, f"http://127.0.0.1:{port}/v1/models", tmp_path / "llm.log"))


def test_answer_through_an_openai_compatible_server(openai_server: str, tmp_path: Path) -> None:
    pytest.importorskip("langchain_openai", reason="pip install langchain-openai")
    settings = settings_for(tmp_path / "index").model_copy(
        update={"llm": "openai:smollm2", "openai_base_url": openai_server})
    answerer = Answerer(settings)
    brief = [str(CORPUS / "interpol-liberterra-ii-2024.md")]
    assert [r.status for r in answerer.library.ingest(brief, progress=False)] == ["added"]

    events = list(answerer.stream("How many arrests did Liberterra II make?", engine="llm"))
    final = events[-1]
    assert isinstance(final, Answer)
    drafts = [e for e in events if isinstance(e, Delta)]
    assert drafts, "the server's reply should stream in pieces"
    assert final.timings_ms["generate"] > 0
    # the model's reply is kept only when verified; otherwise the extractive answer stands
    assert final.engine in ("llm", "extractive-fallback")
    assert "2,517" in final.answer and all(f.verified for f in final.figures)
