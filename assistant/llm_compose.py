"""The LLM composer: prompt a chat model with numbered evidence, stream it, and judge its reply.

The model only writes: ``accept_reply`` keeps a reply only when every figure in it occurs in a
passage it cites and every sentence is supported by the passage(s) it cites; otherwise the
caller keeps the extractive answer.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage

from .compose import MARKER, cited_numbers, format_evidence, to_citation
from .evidence import Candidate
from .figures import parse_figures
from .models import Citation
from .prompts import render
from .verify import check_sentences, figures_verified, sentences_supported, verify_answer

# Longer replies from a small model are prompt echoes or rambling, never a better answer.
MAX_LLM_CHARS = 400
MAX_EVIDENCE = 4  # numbered passages shown to the model; a small model loses track of more


def answer_messages(question: str, cands: list[Candidate]) -> list[BaseMessage]:
    """Return the chat messages asking a model to answer from numbered evidence."""
    prompt = render("answer", evidence=format_evidence(cands), question=question)
    return [HumanMessage(content=prompt)]


def _text(content: Any) -> str:
    """Return the text of a message's content (a string, or a list of content blocks)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(b if isinstance(b, str) else str(b.get("text", "")) if isinstance(b, dict)
                       else "" for b in content)
    return str(content)


def generate(model: Any, messages: list[BaseMessage],
             lock: AbstractContextManager[Any] | None = None) -> str:
    """Return the model's whole reply to ``messages``, holding ``lock`` while it runs."""
    with lock or nullcontext():
        reply = model.invoke(messages)
    return _text(reply.content if hasattr(reply, "content") else reply).strip()


def stream_deltas(model: Any, messages: list[BaseMessage],
                  lock: AbstractContextManager[Any] | None = None) -> Generator[str, None, None]:
    """Yield the model's reply to ``messages`` piece by piece, as the model writes it.

    ``lock`` is held until the reply is complete or the generator is closed, because the
    embedded llama.cpp model is not re-entrant; a consumer that stops early should close the
    generator (a ``for`` loop that breaks, or garbage collection, does). A model without
    ``stream`` (a bare test double) yields its whole reply at once.
    """
    with lock or nullcontext():
        if not callable(getattr(model, "stream", None)):
            reply = model.invoke(messages)
            yield _text(reply.content if hasattr(reply, "content") else reply)
            return
        for chunk in model.stream(messages):
            text = _text(chunk.content if hasattr(chunk, "content") else chunk)
            if text:
                yield text


def clean_reply(raw: str) -> str:
    """Cut a small model's reply where it starts echoing the prompt back."""
    for stop in ("\n\nQuestion:", "\nQuestion:", "\nEvidence:", "\nAnswer:"):
        raw = raw.split(stop)[0]
    lines = [ln for ln in raw.splitlines() if not re.match(r"\s*\[\d+\]\s*\(", ln)]
    return " ".join(" ".join(lines).split())


def renumber(text: str, mapping: dict[int, int]) -> str:
    """Return ``text`` with each [n] marker replaced by [mapping[n]] (others unchanged)."""
    return MARKER.sub(lambda m: f"[{mapping.get(int(m.group(1)), int(m.group(1)))}]", text)


def shown_passages(cands: list[Candidate]) -> dict[int, str]:
    """Return, by number, each passage as the model saw it: title and sentence.

    Sentences are checked against these, so an answer may name the report ("Liberterra II
    led to ...") when only the title does.
    """
    return {n: f"{c.title}. {c.quote}" for n, c in enumerate(cands, start=1)}


def accept_reply(raw: str, cands: list[Candidate], sources: dict[str, str],
                 needed: set[str] | None) -> tuple[str, list[Citation]] | None:
    """Return the answer text and citations of a model reply that passes every check, else None.

    Checks, in order: the reply cites at least one passage, is not a refusal and is short;
    a figure question is answered with a figure of a kind in ``needed``; every figure occurs
    in a passage it cites (``verify_answer``); every sentence is supported by the passage(s)
    it cites (``check_sentences``). Kept answers are renumbered so the citations hold only
    what the answer cites, as 1..k.

    Args:
        raw: The model's reply as written.
        cands: The evidence the model was shown, numbered from 1.
        sources: Source path or URL by document id.
        needed: Figure kinds that answer the question, or None when no figure is needed.
    """
    text = clean_reply(raw)
    used = cited_numbers(text, len(cands))
    if not used or "NOT IN EVIDENCE" in text.upper() or len(text) > MAX_LLM_CHARS:
        return None
    if needed is not None and not any(f.kind in needed for f in parse_figures(text)):
        return None  # a figure question answered without a figure of its kind
    if not figures_verified(verify_answer(text, {n: cands[n - 1].quote for n in used})):
        return None
    if not sentences_supported(check_sentences(text, shown_passages(cands))):
        return None
    mapping = {old: new for new, old in enumerate(used, start=1)}
    cites = [to_citation(mapping[n], cands[n - 1], sources.get(cands[n - 1].chunk.doc_id, ""))
             for n in used]
    return renumber(text, mapping), cites
