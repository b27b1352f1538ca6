"""One run, side by side: Casebook against the LangChain tutorial pipeline.

Measures, on this machine and in this run:
* ingest time of the 45-page UNODC PDF, each as a whole process (imports and model load
  included), with the peak memory of that process;
* retrieval p50 (warm, in-process) over the evaluation questions;
* answer p50 per engine (extractive; llm = SmolLM2 through llama.cpp; tutorial pipeline);
* figure accuracy and abstention on the same questions, scored by the same function.

Usage: python -m benchmarks.bench [--questions FILE] [--limit N] [--skip-llm]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PDF = SHARED / "reports" / "unodc-glotip-2024-chapter-2-africa.pdf"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))
QUESTIONS = ROOT / "tests" / "eval" / "questions.jsonl"


def timed_process(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run a command; return wall seconds, peak RSS in MiB and its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True, cwd=ROOT)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step failed ({proc.returncode}): {' '.join(cmd)}")
    return wall, usage.ru_maxrss / 1024, out


def p50(values: list[float]) -> float:
    """Return the median, or nan for no values."""
    return statistics.median(values) if values else float("nan")


def ratio(ours: float, theirs: float) -> str:
    """Return how many times faster (or better) ours is, as text."""
    if not ours or ours != ours or not theirs or theirs != theirs:
        return "-"
    return f"{theirs / ours:.1f}x"


def bench_ingest(env: dict[str, str], work: Path) -> dict[str, Any]:
    """Time both pipelines ingesting the PDF from a cold process."""
    ours = timed_process([sys.executable, "-m", "assistant.cli", "ingest", str(PDF), "--index",
                          str(work / "ours-pdf"), "--quiet"], env)
    theirs = timed_process([sys.executable, "-m", "benchmarks.baseline", "ingest", str(PDF),
                            "--index", str(work / "base-pdf")], env)
    return {"ours_s": ours[0], "ours_mib": ours[1], "base_s": theirs[0], "base_mib": theirs[1]}


def bench_quality(env: dict[str, str], work: Path, questions: Path, limit: int | None,
                  skip_llm: bool) -> dict[str, Any]:
    """Score both pipelines on the same questions over the same documents."""
    from assistant.chain import Answerer
    from assistant.config import load_settings
    from assistant.evaluation import evaluate, figure_found, load_questions
    from assistant.ingest.library import Library
    from assistant.retrieval import hybrid_search

    docs = [str(ROOT / "corpus"), str(PDF), *map(str, SEEDS)]
    settings = load_settings(index=work / "ours-all", llm="none" if skip_llm else "embedded")
    library = Library(settings)
    for _ in library.ingest(docs, progress=False):
        pass
    answerer = Answerer(settings, library)
    rows = load_questions(questions)[:limit]
    answerer.ask("warm-up: how many arrests?")
    retrieve_ms = []
    for row in rows:
        t = time.perf_counter()
        hybrid_search(library, row["question"], settings.top_k)
        retrieve_ms.append((time.perf_counter() - t) * 1000)
    out: dict[str, Any] = {"retrieve_p50_ms": p50(retrieve_ms), "n": len(rows)}
    engines = ["extractive"] + ([] if skip_llm else ["llm"])
    for engine in engines:
        report = evaluate(answerer, questions, engine=engine, limit=limit)
        s = report["summary"]
        out[engine] = {
            "answer_p50_ms": s["answer_p50_ms"], "right_figure": s["right_figure"],
            "abstain_unanswerable": s["abstain_unanswerable"], "hit_at_5": s["hit_at_5"],
            "llm_used": sum(r["engine"] == "llm" for r in report["results"]),
        }
    # The tutorial pipeline over the same documents, scored by the same figure matcher.
    subprocess.run([sys.executable, "-m", "benchmarks.baseline", "ingest", *docs_files(docs),
                    "--index", str(work / "base-all")], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cmd = [sys.executable, "-m", "benchmarks.baseline", "ask", "--index", str(work / "base-all"),
           "--questions", str(questions)] + (["--limit", str(limit)] if limit else [])
    lines = subprocess.run(cmd, env=env, cwd=ROOT, check=True, capture_output=True,
                           text=True).stdout.splitlines()
    answers = [json.loads(x) for x in lines if x.startswith("{")]
    answers = [a for a in answers if not a.get("summary")]
    by_q = {a["question"]: a for a in answers}
    right, abstained, gen_ms = [], [], []
    from benchmarks.baseline import abstains

    for row in rows:
        a = by_q.get(row["question"])
        if a is None:
            continue
        gen_ms.append(a["retrieve_ms"] + a["generate_ms"])
        if row.get("answerable", True):
            right.append(figure_found(row.get("expected") or [], a["answer"]))
        else:
            abstained.append(abstains(a["answer"]))
    out["baseline"] = {
        "answer_p50_ms": p50(gen_ms),
        "right_figure": sum(right) / len(right) if right else None,
        "abstain_unanswerable": sum(abstained) / len(abstained) if abstained else None,
    }
    return out


def docs_files(inputs: list[str]) -> list[str]:
    """Expand folders to the .md/.txt/.pdf files the baseline can read."""
    files: list[str] = []
    for item in inputs:
        p = Path(item)
        files += sorted(str(f) for f in p.rglob("*") if f.suffix in {".md", ".txt", ".pdf"}) \
            if p.is_dir() else [item]
    return files


def pct(v: float | None) -> str:
    """Return a share as a percentage string."""
    return "n/a" if v is None else f"{100 * v:.1f} %"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--questions", default=str(QUESTIONS))
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--skip-llm", action="store_true")
    args = ap.parse_args(argv)
    if not PDF.is_file():
        raise SystemExit(f"benchmark needs {PDF}")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
           "CASEBOOK_LLM": "none"}
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        work = Path(tmp)
        print("ingest: timing both pipelines on the 45-page PDF ...", flush=True)
        ing = bench_ingest(env, work)
        print("quality: evaluating both pipelines on the same questions ...", flush=True)
        q = bench_quality(env, work, Path(args.questions), args.limit, args.skip_llm)
    ex, llm, base = q["extractive"], q.get("llm"), q["baseline"]
    rows = [
        ("ingest 45-page PDF, whole process", f"{ing['ours_s']:.1f} s",
         f"{ing['base_s']:.1f} s", ratio(ing["ours_s"], ing["base_s"]) + " faster"),
        ("ingest peak memory", f"{ing['ours_mib']:.0f} MiB", f"{ing['base_mib']:.0f} MiB", ""),
        ("retrieval p50 (warm)", f"{q['retrieve_p50_ms']:.1f} ms", "", "target <= 20 ms"),
        ("answer p50, extractive (warm)", f"{ex['answer_p50_ms']:.0f} ms",
         f"{base['answer_p50_ms']:.0f} ms", "target <= 100 ms"),
    ]
    if llm:
        rows.append(("answer p50, llm engine (SmolLM2)", f"{llm['answer_p50_ms']:.0f} ms", "",
                     f"{llm['llm_used']} answers kept from the model"))
    rows += [
        ("right figure, extractive", pct(ex["right_figure"]), pct(base["right_figure"]), ""),
    ]
    if llm:
        rows.append(("right figure, llm engine", pct(llm["right_figure"]),
                     pct(base["right_figure"]), ""))
    rows += [
        ("abstains when unanswerable", pct(ex["abstain_unanswerable"]),
         pct(base["abstain_unanswerable"]), ""),
        ("retrieval hit@5", pct(ex["hit_at_5"]), "", "target >= 95 %"),
    ]
    print(f"\n{q['n']} questions from {args.questions}\n")
    print(f"{'measure':38} {'casebook':>12} {'tutorial':>12}  note")
    for name, ours, theirs, note in rows:
        print(f"{name:38} {ours:>12} {theirs:>12}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
