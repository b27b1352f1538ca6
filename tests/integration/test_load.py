"""Twenty simultaneous chat sessions against a real `casebook serve` while another process
ingests: no errors, no lost or mixed-up answers, and a consistent index after."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.load import ROOT, free_port, post, run_load, start_server, stop
from tests.conftest import cli_env
from tests.integration.test_crash_safety import consistent

pytestmark = pytest.mark.slow


def test_twenty_sessions_while_an_ingest_runs(tmp_path: Path) -> None:
    index = tmp_path / "index"
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", "corpus", "--quiet"],
                          cwd=ROOT, env=cli_env(index), capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(index, port, tmp_path / "serve.log")
    try:
        status, _ = post(f"{base}/api/ask",
                         {"question": "How many arrests did Liberterra II make?"})
        assert status == 200
        result, _, code = run_load(base, sessions=20, rounds=1, index=index)
    finally:
        stop(server)
    assert code in (0, None)
    assert result.errors == [] and result.wrong == []
    assert len(result.latencies_ms) >= 20 * 4
    rows = consistent(index)
    assert len(rows) == len(list((ROOT / "corpus").glob("*.md"))) + (1 if code == 0 else 0)

