"""SIGKILL during `casebook ingest` at many moments: the index stays consistent and resumes.

Each round starts an ingest of the corpus and the real PDF in a subprocess, kills it with
SIGKILL after a delay that sweeps the whole run (loading, embedding, storing, committing), then
opens the library the way the next command would and checks that the registry, Chroma and BM25
agree: every ready document has all its chunks in Chroma and in the BM25 table, and nothing
else is in either. The last round lets the ingest finish and checks it completed everything.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.ingest.library import Library
from tests.conftest import CORPUS, REPORT, ROOT, cli_env, settings_for

pytestmark = pytest.mark.slow

DELAYS_S = [0.5, 2.0, 3.5, 5.0, 6.5, 8.0, 10.0, 12.0]


def consistent(index: Path) -> list[dict[str, object]]:
    """Open the library as the next process would; assert its three stores agree."""
    library = Library(settings_for(index))
    ready = {d.doc_id: d for d in library.documents()}
    stored: dict[str, int] = {}
    for meta in library.store.collection.get(include=["metadatas"])["metadatas"] or []:
        stored[str(meta["doc_id"])] = stored.get(str(meta["doc_id"]), 0) + 1
    bm25: dict[str, int] = {}
    for chunk, _ in library.table().rows:
        bm25[chunk.doc_id] = bm25.get(chunk.doc_id, 0) + 1
    assert set(stored) == set(ready), "Chroma holds chunks of documents that are not ready"
    assert set(bm25) == set(ready)
    for doc_id, rec in ready.items():
        assert stored[doc_id] == rec.chunks == bm25[doc_id], rec
    assert library.registry.pending() == []
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "docs", "list", "--json"],
                          cwd=ROOT, env=cli_env(index), capture_output=True, text=True,
                          timeout=300)
    rows = json.loads(done.stdout)
    assert {r["doc_id"] for r in rows} == set(ready)
    return rows


def test_sigkill_at_any_moment_leaves_a_consistent_index(tmp_path: Path) -> None:
    index = tmp_path / "index"
    inputs = [str(CORPUS), *([str(REPORT)] if REPORT.is_file() else [])]
    cmd = [sys.executable, "-m", "assistant.cli", "ingest", *inputs, "--quiet"]
    seen: list[int] = []
    for delay in DELAYS_S:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=cli_env(index), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        seen.append(len(consistent(index)))
    # the sweep must have cut ingests short, not only watched finished ones
    assert min(seen) < 15, seen

    done = subprocess.run(cmd, cwd=ROOT, env=cli_env(index), capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stderr
    rows = consistent(index)
    assert len(rows) == len(list(CORPUS.glob("*.md"))) + (1 if REPORT.is_file() else 0)
