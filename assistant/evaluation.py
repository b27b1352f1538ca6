"""Quality figures on a JSONL question set: figure accuracy, abstention, retrieval hit@5."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

from .chain import Answerer
from .figures import find_in_text, parse_figures
from .retrieval import hybrid_search


def load_questions(path: Path) -> list[dict[str, Any]]:
    """Return the questions of a JSONL file, skipping blank lines."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{n}: not JSON: {err}") from err
    return rows


def figure_found(expected: list[str], text: str) -> bool:
    """Return True when any expected figure occurs, normalised, in ``text``."""
    flat = " ".join(text.split()).lower()
    for exp in expected:
        if " ".join(exp.split()).lower() in flat:
            return True
        for fig in parse_figures(exp):
            if find_in_text(fig, text) is not None:
                return True
        if not parse_figures(exp) and exp.lower() in text.lower():
            return True
    return False


def _history(row: dict[str, Any]) -> list[tuple[str, str]] | None:
    hist = row.get("history")
    return [(h[0], h[1]) for h in hist] if hist else None


def evaluate(answerer: Answerer, path: Path, engine: str | None = None,
             limit: int | None = None) -> dict[str, Any]:
    """Ask every question; return per-question results and the summary figures."""
    rows = load_questions(path)[:limit]
    results = []
    for row in rows:
        ans = answerer.ask(row["question"], history=_history(row), engine=engine)
        expected = row.get("expected") or []
        doc = str(row.get("doc") or "")
        hits = hybrid_search(answerer.library, ans.standalone_question or row["question"], 5)
        sources = [answerer.library.registry.get(h.chunk.doc_id) for h in hits]
        hit5 = bool(doc) and any(doc in (s.source if s else "") for s in sources)
        cited_doc = bool(doc) and any(doc in c.source for c in ans.citations)
        page = row.get("page")
        cited_page = page is None or any(c.page == page for c in ans.citations)
        shown_ok = all(f.verified or f"{f.text} (unverified)" in ans.answer for f in ans.figures)
        results.append({
            "id": row.get("id"), "question": row["question"],
            "answerable": bool(row.get("answerable", True)),
            "answer": ans.answer, "abstained": ans.abstained, "engine": ans.engine,
            "right_figure": (not ans.abstained) and figure_found(expected, ans.answer),
            "hit5": hit5, "cited_doc": cited_doc, "cited_page": cited_page,
            "figures_shown_ok": shown_ok, "total_ms": ans.timings_ms["total"],
            "citations": [f"{c.title} p.{c.page}" for c in ans.citations],
        })
    return {"file": str(path), "results": results, "summary": summarise(results)}


def _share(items: list[bool]) -> float | None:
    return sum(items) / len(items) if items else None


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the headline figures of an evaluation run."""
    ans = [r for r in results if r["answerable"]]
    unans = [r for r in results if not r["answerable"]]
    return {
        "questions": len(results),
        "answerable": len(ans),
        "unanswerable": len(unans),
        "right_figure": _share([r["right_figure"] for r in ans]),
        "cited_right_doc": _share([r["cited_doc"] for r in ans if not r["abstained"]]),
        "cited_right_page": _share([r["cited_page"] for r in ans if not r["abstained"]]),
        "false_abstain": _share([r["abstained"] for r in ans]),
        "abstain_unanswerable": _share([r["abstained"] for r in unans]),
        "figures_verified_or_marked": _share([r["figures_shown_ok"] for r in results]),
        "hit_at_5": _share([r["hit5"] for r in ans]),
        "answer_p50_ms": statistics.median([r["total_ms"] for r in results]) if results else None,
    }


def print_report(report: dict[str, Any], verbose: bool = False) -> None:
    """Print per-question lines (when verbose) and the summary figures."""
    if verbose:
        for r in report["results"]:
            if r["answerable"]:
                mark = "ok " if r["right_figure"] else "MISS"
            else:
                mark = "ok " if r["abstained"] else "FALSE"
            print(f"{mark} {r['id']}: {r['question']}\n     -> {r['answer'][:200]}")
    s = report["summary"]

    def pct(v: float | None) -> str:
        return "n/a" if v is None else f"{100 * v:.1f} %"

    print(f"questions: {s['questions']} ({s['answerable']} answerable, "
          f"{s['unanswerable']} unanswerable)")
    print(f"right figure in answer:        {pct(s['right_figure'])}")
    print(f"cited the right document:      {pct(s['cited_right_doc'])}")
    print(f"cited the right page:          {pct(s['cited_right_page'])}")
    print(f"figures verified or marked:    {pct(s['figures_verified_or_marked'])}")
    print(f"abstained when unanswerable:   {pct(s['abstain_unanswerable'])}")
    print(f"abstained when answerable:     {pct(s['false_abstain'])}")
    print(f"retrieval hit@5:               {pct(s['hit_at_5'])}")
    p50 = s["answer_p50_ms"]
    print(f"answer p50:                    {'n/a' if p50 is None else f'{p50:.0f} ms'}")
