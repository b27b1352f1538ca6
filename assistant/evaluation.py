"""Quality figures on a JSONL question set: figures, descriptive answers, abstention, hit@5.

A question row is ``{"id", "question", "answerable", "kind", "expected", "evidence", "doc",
"page", "note"}`` (``history`` for follow-ups). ``kind`` is ``figure`` (the default: one of
``expected`` must be in the answer) or ``descriptive`` (a quoted sentence must be one of
``evidence``). The checks here are deliberately independent of the answering code: figures
are matched as whole numbers, and "verified or marked" is re-checked from the answer text.
"""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path
from typing import Any

from .chain import Answerer
from .figures import Figure, find_in_text, parse_figures
from .retrieval import hybrid_search
from .text import content_tokens

# Share of an evidence sentence's content words a cited quote must hold to count as that
# sentence (quotes and evidence may differ in whitespace, hyphenation and page breaks).
EVIDENCE_OVERLAP = 0.6
_DIGITS = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d(?:[\d,.]*\d)?")


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


def _whole(needle: str, text: str) -> bool:
    """Return True when ``needle`` occurs in ``text`` not as part of a longer number or word."""
    pattern = r"(?<![\w.,])" + re.escape(needle) + r"(?![\w]|[.,]\d)"
    return re.search(pattern, text, re.I) is not None


def figure_found(expected: list[str], text: str) -> bool:
    """Return True when any expected figure occurs in ``text`` as a whole figure.

    "2,517" is found in "2 517 arrests" and "2517", never in "12,517" or "2,5170".
    """
    flat = " ".join(text.split())
    for exp in expected:
        exp = " ".join(exp.split())
        if _whole(exp, flat):
            return True
        figs = parse_figures(exp)
        if figs and all(_found(f, flat) for f in figs):
            return True
    return False


def _found(fig: Figure, text: str) -> bool:
    """Return True when ``text`` states ``fig``; a bare number matches any unit's number."""
    if find_in_text(fig, text) is not None:
        return True
    if fig.kind != "count" or fig.unit:
        return False
    return any(f.kind in ("count", "money") and f.value == fig.value and f.high == fig.high
               for f in parse_figures(text))


def quote_matches(quotes: list[str], evidence: list[str]) -> bool:
    """Return True when a quote holds most of the content words of an evidence sentence."""
    for ev in evidence:
        want = set(content_tokens(ev))
        if not want:
            continue
        for quote in quotes:
            have = set(content_tokens(quote))
            if len(want & have) >= EVIDENCE_OVERLAP * len(want):
                return True
    return False


def _numbers(text: str) -> list[str]:
    """Return each number written in ``text`` as its digits alone ("2,517" -> "2517")."""
    return [re.sub(r"\D", "", m.group()) for m in _DIGITS.finditer(text)]


def shown_honestly(answer: str, quotes: list[str], question: str = "") -> bool:
    """Return True when every number written in the answer is in a cited quote or marked.

    This re-reads the answer text on its own, without the answering code's figure parser: a
    number that no cited quote writes must be followed by "(unverified)". Citation markers
    are not numbers, nor are the question's own numbers and titles in “quotes” that an
    abstention repeats.
    """
    text = re.sub(r"\[\d+(?:\s*[,;–-]\s*\d+)*\]", " ", answer)
    text = re.sub(r"“[^”]*”", " ", text) if not quotes else text
    quoted = {n for q in [*quotes, question] for n in _numbers(q)}
    for m in _DIGITS.finditer(text):
        if re.sub(r"\D", "", m.group()) in quoted:
            continue
        if not text[m.end():].lstrip(" %").startswith("(unverified)"):
            return False
    return True


def missing_documents(library: Any, path: Path, limit: int | None = None) -> list[str]:
    """Return the ``doc`` names of a set that no document in the library's sources contains."""
    sources = [rec.source for rec in library.documents()]
    wanted = sorted({str(r["doc"]) for r in load_questions(path)[:limit] if r.get("doc")})
    return [d for d in wanted if not any(d in s for s in sources)]


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
        kind = row.get("kind") or "figure"
        expected = row.get("expected") or []
        doc = str(row.get("doc") or "")
        hits = hybrid_search(answerer.library, ans.standalone_question or row["question"], 5)
        sources = [answerer.library.registry.get(h.chunk.doc_id) for h in hits]
        hit5 = bool(doc) and any(doc in (s.source if s else "") for s in sources)
        cited_doc = bool(doc) and any(doc in c.source for c in ans.citations)
        page = row.get("page")
        cited_page = page is None or any(c.page == page for c in ans.citations)
        quotes = [c.quote for c in ans.citations]
        if kind == "descriptive":
            right = (not ans.abstained) and quote_matches(quotes, row.get("evidence") or [])
        else:
            right = (not ans.abstained) and figure_found(expected, ans.answer)
        results.append({
            "id": row.get("id"), "question": row["question"], "kind": kind,
            "answerable": bool(row.get("answerable", True)),
            "answer": ans.answer, "abstained": ans.abstained, "engine": ans.engine,
            "right": right, "hit5": hit5, "cited_doc": cited_doc, "cited_page": cited_page,
            "figures_shown_ok": shown_honestly(ans.answer, quotes, row["question"]),
            "total_ms": ans.timings_ms["total"],
            "citations": [f"{c.title} p.{c.page}" for c in ans.citations],
        })
    return {"file": str(path), "results": results, "summary": summarise(results)}


def share(items: list[bool]) -> float | None:
    """Return the share of true items, or None for none."""
    return sum(items) / len(items) if items else None


def summarise(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the headline figures of an evaluation run."""
    ans = [r for r in results if r["answerable"]]
    figs = [r for r in ans if r["kind"] != "descriptive"]
    desc = [r for r in ans if r["kind"] == "descriptive"]
    unans = [r for r in results if not r["answerable"]]
    return {
        "questions": len(results),
        "answerable": len(ans),
        "figure_questions": len(figs),
        "descriptive_questions": len(desc),
        "unanswerable": len(unans),
        "right_figure": share([r["right"] for r in figs]),
        "descriptive_right": share([r["right"] for r in desc]),
        "cited_right_doc": share([r["cited_doc"] for r in ans if not r["abstained"]]),
        "cited_right_page": share([r["cited_page"] for r in ans if not r["abstained"]]),
        "false_abstain": share([r["abstained"] for r in ans]),
        "abstain_unanswerable": share([r["abstained"] for r in unans]),
        "figures_verified_or_marked": share([r["figures_shown_ok"] for r in results]),
        "hit_at_5": share([r["hit5"] for r in ans]),
        "answer_p50_ms": statistics.median([r["total_ms"] for r in results]) if results else None,
    }


ROWS = [
    ("questions", "questions (figure / descriptive / unanswerable)"),
    ("right_figure", "right figure in the answer"),
    ("descriptive_right", "descriptive: right sentence quoted"),
    ("figures_verified_or_marked", "figures verified or marked"),
    ("abstain_unanswerable", "abstains when it cannot answer"),
    ("false_abstain", "wrongly abstains when it can"),
    ("cited_right_doc", "cited the right document"),
    ("cited_right_page", "cited the right page"),
    ("hit_at_5", "retrieval hit@5"),
    ("answer_p50_ms", "answer p50"),
]


def _cell(summary: dict[str, Any], key: str) -> str:
    if key == "questions":
        return (f"{summary['questions']} ({summary['figure_questions']} / "
                f"{summary['descriptive_questions']} / {summary['unanswerable']})")
    value = summary[key]
    if value is None:
        return "n/a"
    return f"{value:.0f} ms" if key.endswith("_ms") else f"{100 * value:.1f} %"


def print_results(report: dict[str, Any]) -> None:
    """Print one line per question: ok / MISS / FALSE, the question and the answer's start."""
    print(f"== {report['file']}")
    for r in report["results"]:
        if r["answerable"]:
            mark = "ok  " if r["right"] else "MISS"
        else:
            mark = "ok  " if r["abstained"] else "FALSE"
        print(f"{mark} {r['id']}: {r['question']}\n     -> {r['answer'][:220]}")


def print_table(reports: list[dict[str, Any]]) -> None:
    """Print the summary figures of several runs side by side, one column per set."""
    names = [Path(r["file"]).stem for r in reports]
    cells = [[label] + [_cell(r["summary"], key) for r in reports] for key, label in ROWS]
    head = ["measure"] + names
    widths = [max(len(row[i]) for row in [head, *cells]) for i in range(len(head))]
    for row in [head, ["-" * w for w in widths], *cells]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
