"""Quality figures of fact-checking on a JSONL claim set.

A claim row is ``{"id", "claim", "verdict", "kind", "source", "page", "evidence", "note"}``:
``verdict`` is the expected overall verdict (supported / contradicted / not_found) and ``kind``
says how the claim was made (true, wrong_figure, wrong_quantity, absent). The headline figure is
the share of claims whose overall verdict is right, overall and per kind; for claims decided by
a sentence, whether the evidence shown is that sentence (same content words) is reported too.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from time import perf_counter
from typing import Any

from .chain import Answerer
from .errors import CasebookError
from .evaluation import load_questions, quote_matches, share
from .factcheck import check_claim

KINDS = ("true", "wrong_figure", "wrong_quantity", "absent")


def is_claim_set(path: Path) -> bool:
    """Return True when a JSONL file holds claims rather than questions."""
    rows = load_questions(path)
    return bool(rows) and "claim" in rows[0]


def evaluate_claims(answerer: Answerer, path: Path, limit: int | None = None) -> dict[str, Any]:
    """Check every claim of a set; return per-claim results and the summary figures."""
    results = []
    for row in load_questions(path)[:limit]:
        started = perf_counter()
        try:
            got = check_claim(answerer, row["claim"])
            verdict, quotes = got.verdict, [f.evidence.quote for f in got.figures if f.evidence]
            shown = "; ".join(f"{f.text}: {f.verdict}" + (f" ({f.evidence.source_text} in "
                                                        f"“{f.evidence.quote[:120]}”)"
                                                        if f.evidence else "")
                              for f in got.figures)
        except CasebookError as err:
            verdict, quotes, shown = "error", [], str(err)
        evidence = row.get("evidence")
        results.append({
            "id": row.get("id"), "claim": row["claim"], "kind": row.get("kind", ""),
            "expected": row["verdict"], "verdict": verdict, "right": verdict == row["verdict"],
            "evidence_right": (quote_matches(quotes, [evidence]) if evidence and verdict ==
                               row["verdict"] and verdict != "not_found" else None),
            "shown": shown, "ms": (perf_counter() - started) * 1000,
        })
    return {"file": str(path), "results": results, "summary": summarise_claims(results)}


def summarise_claims(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the headline figures of a claim run."""
    summary: dict[str, Any] = {
        "claims": len(results),
        "verdict_right": share([r["right"] for r in results]),
        "evidence_right": share([r["evidence_right"] for r in results
                                  if r["evidence_right"] is not None]),
        "check_p50_ms": statistics.median([r["ms"] for r in results]) if results else None,
    }
    for kind in KINDS:
        summary[kind] = share([r["right"] for r in results if r["kind"] == kind])
    return summary


def print_claims(report: dict[str, Any], verbose: bool = False) -> None:
    """Print a claim run's figures (and with ``verbose`` one line per claim)."""
    s = report["summary"]
    if verbose:
        for r in report["results"]:
            mark = "ok  " if r["right"] else "MISS"
            print(f"{mark} {r['id']} [{r['kind']}, want {r['expected']}, got {r['verdict']}]: "
                  f"{r['claim']}\n     -> {r['shown'][:300]}")
    name = Path(report["file"]).stem

    def pct(v: float | None) -> str:
        return "n/a" if v is None else f"{100 * v:.1f} %"

    parts = ", ".join(f"{k.replace('_', ' ')} {pct(s[k])}" for k in KINDS)
    print(f"{name}: {s['claims']} claims, overall verdict right {pct(s['verdict_right'])} "
          f"({parts}); evidence sentence right {pct(s['evidence_right'])}; "
          f"check p50 {s['check_p50_ms']:.0f} ms")
