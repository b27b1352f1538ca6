"""Composers: turn ranked evidence into answer text with [n] markers and citations."""

from __future__ import annotations

import re
from typing import Any

from .evidence import Candidate, Evidence
from .models import Citation
from .prompts import render
from .question import QuestionProfile

MARKER = re.compile(r"\[(\d+)\]")
SECOND_SOURCE_RATIO = 0.85


def to_citation(n: int, cand: Candidate, source: str) -> Citation:
    """Return the citation of one evidence sentence."""
    return Citation(n=n, doc_id=cand.chunk.doc_id, title=cand.title, source=source,
                    page=cand.chunk.page, quote=cand.quote)


def pick(evidence: Evidence, profile: QuestionProfile, limit: int = 2) -> list[Candidate]:
    """Return the best sentence and, from another document, a close second with a figure.

    A second source lets a reader see where reports round or disagree.
    """
    if not evidence.ranked:
        return []
    best = evidence.ranked[0]
    chosen = [best]
    for cand in evidence.ranked[1:]:
        if len(chosen) >= limit or cand.score < SECOND_SOURCE_RATIO * best.score:
            break
        if cand.chunk.doc_id in {c.chunk.doc_id for c in chosen}:
            continue
        if profile.wants_figure and not cand.figures:
            continue
        chosen.append(cand)
    return chosen


def extractive(chosen: list[Candidate]) -> str:
    """Quote the chosen sentences, each followed by its [n] marker."""
    parts = []
    for n, cand in enumerate(chosen, start=1):
        text = cand.quote.strip()
        if n == 1:
            parts.append(f"{text} [{n}]")
        else:
            # The title stays out of the answer text: it is not evidence to verify.
            parts.append(f"Another report says: “{text}” [{n}]")
    return " ".join(parts)


def format_evidence(cands: list[Candidate]) -> str:
    """Return the numbered evidence block given to a language model (pure, tested)."""
    lines = []
    for n, cand in enumerate(cands, start=1):
        where = f"{cand.title}, page {cand.chunk.page}" if cand.chunk.page else cand.title
        lines.append(f"[{n}] ({where}) {cand.quote.strip()}")
    return "\n".join(lines)


def llm_answer(model: Any, question: str, cands: list[Candidate]) -> str:
    """Ask a chat model to phrase an answer from numbered evidence; return its raw text."""
    from langchain_core.messages import HumanMessage

    prompt = render("answer", evidence=format_evidence(cands), question=question)
    reply = model.invoke([HumanMessage(content=prompt)])
    content = reply.content if hasattr(reply, "content") else str(reply)
    return content.strip() if isinstance(content, str) else str(content).strip()


def cited_numbers(text: str, upto: int) -> list[int]:
    """Return the valid [n] markers used in ``text``, in order of first use."""
    seen: list[int] = []
    for m in MARKER.finditer(text):
        n = int(m.group(1))
        if 1 <= n <= upto and n not in seen:
            seen.append(n)
    return seen


def abstention(profile: QuestionProfile, evidence: Evidence) -> str:
    """Explain why the library cannot answer, naming what is missing when we know it."""
    if evidence.missing_names:
        names = ", ".join(f"“{n}”" for n in evidence.missing_names)
        near = _near_names(evidence)
        also = f" The nearest passages are about {near}." if near else ""
        return f"The library does not say: no passage about {names} answers this.{also}"
    if profile.wants_figure:
        return "The library does not say: no passage gives a figure that answers this question."
    return "The library does not say: no passage answers this question closely enough."


def _near_names(evidence: Evidence) -> str:
    titles = []
    for cand in evidence.rejected[:3]:
        if cand.title not in titles:
            titles.append(cand.title)
    return "; ".join(f"“{t}”" for t in titles[:2])
