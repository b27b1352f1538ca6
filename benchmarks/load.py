"""A bounded load test on loopback: concurrent chat sessions while another process ingests.

Starts `casebook serve` over a fresh index of the sample corpus, then runs SESSIONS simultaneous
sessions against its REST API (each asks its questions in turn, a follow-up carrying the
conversation) while `casebook ingest` adds the real PDF from another process. Every answer is
checked for its expected figure, so a lost or mixed-up answer counts as wrong. Prints latency
p50 / p95 / max, errors and wrong answers, and stops by itself (a fixed number of requests and a
timeout on each). Nothing leaves 127.0.0.1.

Usage: python -m benchmarks.load [--sessions 20] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT.parent / "shared" / "reports" / "unodc-glotip-2024-chapter-2-africa.pdf"
REQUEST_TIMEOUT_S = 120
# (question, expected figure); the follow-up is asked after the first, with its history
TURNS = [
    ("How many arrests did Liberterra II make?", "2,517"),
    ("And how many victims were rescued?", "3,222"),
    ("How many bank accounts did First Light 2024 freeze?", "6,745"),
    ("How many arrests did Operation Serengeti make?", "1,006"),
]


@dataclass
class Result:
    """What the sessions saw."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def env() -> dict[str, str]:
    """Return the environment of the server and the ingest: offline, no model."""
    return {**os.environ, "CASEBOOK_LLM": "none", "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1", "GRADIO_ANALYTICS_ENABLED": "False"}


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(index: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """Start `casebook serve` and return once it answers HTTP (or raise)."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "serve", "--index", str(index), "--port",
             str(port), "--host", "127.0.0.1"], cwd=ROOT, env=env(), stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/documents", timeout=5):
                return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.5)
    stop(proc)
    raise RuntimeError(f"the server did not start:\n{log.read_text(errors='replace')}")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process started in its own session, and its children."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def post(url: str, body: dict[str, object]) -> tuple[int, dict[str, object]]:
    """POST JSON; return the status and the decoded body."""
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=REQUEST_TIMEOUT_S) as res:
            return res.status, json.loads(res.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


MAX_ROUNDS = 25  # a session keeps going while the ingest runs, but never past this


def session(base: str, rounds: int, result: Result,
            ingest: subprocess.Popen[bytes] | None = None) -> None:
    """One user: every turn in order, ``rounds`` times and on while ``ingest`` runs (bounded),
    keeping the conversation."""
    done = 0
    while done < rounds or (ingest is not None and ingest.poll() is None
                            and done < MAX_ROUNDS):
        done += 1
        history: list[list[str]] = []
        for question, expected in TURNS:
            started = time.perf_counter()
            try:
                status, body = post(f"{base}/api/ask", {"question": question,
                                                        "history": history or None})
            except OSError as err:
                result.errors.append(f"{question}: {err}")
                continue
            result.latencies_ms.append((time.perf_counter() - started) * 1000)
            if status != 200:
                result.errors.append(f"{question}: HTTP {status} {body}")
                continue
            answer = str(body.get("answer", ""))
            if body.get("question") != question or expected not in answer:
                result.wrong.append(f"{question} -> {answer[:120]}")
            history = [*history, [question, answer]][-2:]


def run_load(base: str, sessions: int, rounds: int, index: Path | None = None
             ) -> tuple[Result, float, int | None]:
    """Run the sessions at once (and, with ``index``, an ingest of the PDF beside them).

    Returns the result, the wall time in seconds and the ingest's exit code (None: no ingest).
    """
    result = Result()
    ingest = None
    if index is not None and PDF.is_file():
        ingest = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "ingest", str(PDF), "--index", str(index),
             "--quiet"], cwd=ROOT, env=env(), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        for job in [pool.submit(session, base, rounds, result, ingest)
                    for _ in range(sessions)]:
            job.result()
    wall = time.perf_counter() - started
    code = ingest.wait(timeout=900) if ingest is not None else None
    return result, wall, code


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) of ``values``."""
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if q < 100 \
        else max(values)


def main(argv: list[str] | None = None) -> int:
    """Build a fresh index, serve it, load it, print the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="casebook-load-") as tmp:
        index = Path(tmp) / "index"
        subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", "corpus", "--index",
                        str(index), "--quiet"], cwd=ROOT, env=env(), check=True,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        server = start_server(index, port, Path(tmp) / "serve.log")
        try:
            base = f"http://127.0.0.1:{port}"
            post(f"{base}/api/ask", {"question": TURNS[0][0]})  # warm caches first
            result, wall, code = run_load(base, args.sessions, args.rounds, index)
            with urllib.request.urlopen(f"{base}/api/documents", timeout=30) as res:
                documents = len(json.loads(res.read()))
        finally:
            stop(server)
    lat = result.latencies_ms
    print(f"load: {args.sessions} simultaneous sessions, {len(TURNS)} questions a round, at "
          f"least {args.rounds} rounds and on until another process had ingested the 45-page "
          f"PDF (exit {code}): {len(lat)} answers in {wall:.1f} s ({len(lat) / wall:.1f}/s)")
    print(f"  chat latency p50 {percentile(lat, 50):,.0f} ms, p95 {percentile(lat, 95):,.0f} ms, "
          f"max {max(lat, default=0):,.0f} ms")
    print(f"  errors {len(result.errors)}, wrong or mixed-up answers {len(result.wrong)}, "
          f"documents after {documents}")
    for line in (result.errors + result.wrong)[:5]:
        print("   ", line)
    return 1 if result.errors or result.wrong or code not in (0, None) else 0


if __name__ == "__main__":
    sys.exit(main())
