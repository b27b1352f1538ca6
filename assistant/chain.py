"""The answering chain: condense, retrieve, select evidence, compose, verify."""

from __future__ import annotations

import logging
import re
import threading
import time
from typing import Any

from .compose import (
    MARKER,
    abstention,
    cited_numbers,
    extractive,
    llm_answer,
    pick,
    to_citation,
)
from .condense import condense
from .config import Settings
from .errors import CasebookError, EmptyLibrary
from .evidence import KINDS_FOR, Candidate, gather
from .figures import parse_figures
from .ingest.library import Library
from .llm import make_chat_model
from .models import Answer, Citation
from .question import analyse
from .retrieval import Filters, hybrid_search
from .truecase import truecase
from .verify import figures_verified, mark_unverified, verify_answer

# The extractive composer is the default: on our evaluation it gets the figure right far more
# often than SmolLM2 does (README, "Measured"), and its figures are verified by construction.
log = logging.getLogger(__name__)
DEFAULT_ENGINE = "extractive"
MIN_SCORE = 0.33
MAX_LLM_CHARS = 400


class Answerer:
    """Answer questions over one library; safe to share between threads.

    The embedded llama.cpp model is not re-entrant, so calls to it are serialised.
    """

    def __init__(self, settings: Settings, library: Library | None = None,
                 chat_model: Any | None = None) -> None:
        """Wrap ``library`` (opened from settings if not given); the LLM loads on first use."""
        self.settings = settings
        self.library = library or Library(settings)
        self._chat_model = chat_model
        self._llm_lock = threading.Lock()
        self._generate_lock = threading.Lock()

    def chat_model(self) -> Any | None:
        """Return the configured chat model, loading it once."""
        with self._llm_lock:
            if self._chat_model is None and self.settings.llm != "none":
                self._chat_model = make_chat_model(self.settings)
            return self._chat_model

    def ask(self, question: str, history: list[tuple[str, str]] | None = None,
            engine: str | None = None, filters: Filters | None = None) -> Answer:
        """Return a verified, cited answer to ``question`` (or an abstention)."""
        t0 = time.perf_counter()
        engine = engine or self.settings.engine
        if engine == "auto":
            engine = DEFAULT_ENGINE
        if not question.strip():
            raise CasebookError("the question is empty")
        if not self.library.table().rows:
            raise EmptyLibrary(
                f"the library at {self.library.index_dir} is empty: add reports with "
                "`casebook ingest PATH`"
            )
        standalone = truecase(condense(question.strip(), history), self.library.proper_words())
        profile = analyse(standalone)
        qvec = self.library.embedder.embed_one(standalone)
        hits = hybrid_search(self.library, standalone, self.settings.top_k, filters,
                             rrf_k=self.settings.rrf_k, qvec=qvec)
        evidence = gather(self.library, profile, hits, qvec)
        t1 = time.perf_counter()
        chosen = pick(evidence, profile)
        sources = {d: r.source for d, r in self.library.table().records.items()}
        nearest = [to_citation(i + 1, c, sources.get(c.chunk.doc_id, ""))
                   for i, c in enumerate((evidence.ranked + evidence.rejected)[:3])]
        if not chosen or chosen[0].score < MIN_SCORE:
            return self._answer(question, standalone, abstention(profile, evidence), True, [],
                                "extractive", t0, t1, nearest)
        used = "extractive"
        text = extractive(chosen, descriptive=not profile.wants_figure)
        cites = [to_citation(n, c, sources.get(c.chunk.doc_id, ""))
                 for n, c in enumerate(chosen, start=1)]
        if engine == "llm":
            llm = self._try_llm(standalone, evidence.ranked[:4], sources,
                                KINDS_FOR.get(profile.answer_type))
            if llm is not None:
                text, cites = llm
                used = "llm"
            else:
                used = "extractive-fallback"
        return self._answer(question, standalone, text, False, cites, used, t0, t1, nearest)

    def _try_llm(self, question: str, cands: list[Candidate], sources: dict[str, str],
                 needed: set[str] | None) -> tuple[str, list[Citation]] | None:
        """Return the model's answer when every figure in it is verified, else None."""
        model = self.chat_model()
        if model is None:
            return None
        try:
            if self.settings.llm == "embedded":
                with self._generate_lock:
                    raw = llm_answer(model, question, cands)
            else:
                raw = llm_answer(model, question, cands)
        except Exception as err:  # a failing backend must not cost the user the answer
            log.warning("language model failed, keeping the extractive answer: %s", err)
            return None
        raw = clean_reply(raw)
        used = cited_numbers(raw, len(cands))
        if not used or "NOT IN EVIDENCE" in raw.upper() or len(raw) > MAX_LLM_CHARS:
            return None
        passages = {n: cands[n - 1].quote for n in used}
        checks = verify_answer(raw, passages)
        if needed is not None and not any(f.kind in needed for f in parse_figures(raw)):
            return None  # a figure question answered without a figure of its kind
        if not figures_verified(checks):
            return None
        # Renumber so the citations list holds only what the answer cites, as 1..k.
        renumber = {old: new for new, old in enumerate(used, start=1)}
        text = _renumber(raw, renumber)
        cites = [to_citation(renumber[n], cands[n - 1], sources.get(cands[n - 1].chunk.doc_id, ""))
                 for n in used]
        return text, cites

    def _answer(self, question: str, standalone: str, text: str, abstained: bool,
                cites: list[Citation], engine: str, t0: float, t1: float,
                nearest: list[Citation]) -> Answer:
        checks = verify_answer(text, {c.n: c.quote for c in cites}) if cites else []
        if not figures_verified(checks):
            text = mark_unverified(text, checks)
        t2 = time.perf_counter()
        return Answer(
            question=question, answer=text, abstained=abstained, citations=cites,
            figures=checks, engine=engine, standalone_question=standalone,
            timings_ms={"retrieve": (t1 - t0) * 1000, "generate": (t2 - t1) * 1000,
                        "total": (t2 - t0) * 1000},
            nearest=nearest if abstained else [],
        )


def clean_reply(raw: str) -> str:
    """Cut a small model's reply where it starts echoing the prompt back."""
    for stop in ("\n\nQuestion:", "\nQuestion:", "\nEvidence:", "\nAnswer:"):
        raw = raw.split(stop)[0]
    lines = [ln for ln in raw.splitlines() if not re.match(r"\s*\[\d+\]\s*\(", ln)]
    return " ".join(" ".join(lines).split())


def _renumber(text: str, mapping: dict[int, int]) -> str:
    return MARKER.sub(lambda m: f"[{mapping.get(int(m.group(1)), int(m.group(1)))}]", text)
