"""The answering service: one library, one retriever, one chat model, one answering chain.

``Answerer`` holds what answering shares between questions and threads; the answering itself
is the LangChain Runnable of ``assistant.pipeline`` (condense, retrieve, gather, compose,
verify), and ``Answerer.ask`` is that chain's ``invoke``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from .config import Settings
from .ingest.library import Library
from .llm import make_chat_model
from .llm_compose import MAX_LLM_CHARS, clean_reply
from .models import Answer
from .pipeline import DEFAULT_ENGINE, MIN_SCORE, ChainInput, Delta, build_chain
from .retrieval import Filters, HybridRetriever

__all__ = ["DEFAULT_ENGINE", "MAX_LLM_CHARS", "MIN_SCORE", "Answerer", "Delta", "clean_reply"]


class Answerer:
    """Answer questions over one library; safe to share between threads.

    Attributes:
        settings: The settings answering follows (top_k, rrf_k, engine, llm).
        library: The library answered from.
        retriever: The hybrid retriever (a LangChain BaseRetriever) the chain retrieves with.
        chain: The answering Runnable (``assistant.pipeline.build_chain``).
        generate_lock: Serialises calls to the embedded llama.cpp model, which is not
            re-entrant; a streamed reply holds it until the reply is complete.
    """

    def __init__(self, settings: Settings, library: Library | None = None,
                 chat_model: Any | None = None) -> None:
        """Wrap ``library`` (opened from settings if not given); the LLM loads on first use."""
        self.settings = settings
        self.library = library or Library(settings)
        self._chat_model = chat_model
        self._llm_lock = threading.Lock()
        self.generate_lock = threading.Lock()
        self.retriever = HybridRetriever(library=self.library, k=settings.top_k,
                                         rrf_k=settings.rrf_k)
        self.chain = build_chain(self)

    def chat_model(self) -> Any | None:
        """Return the configured chat model, loading it once."""
        with self._llm_lock:
            if self._chat_model is None and self.settings.llm != "none":
                self._chat_model = make_chat_model(self.settings)
            return self._chat_model

    def ask(self, question: str, history: list[tuple[str, str]] | None = None,
            engine: str | None = None, filters: Filters | None = None,
            top_k: int | None = None) -> Answer:
        """Return a verified, cited answer to ``question`` (or an abstention).

        Raises:
            CasebookError: The question is empty, or the library is (``EmptyLibrary``).
        """
        answer = self.chain.invoke(_request(question, history, engine, filters, top_k))
        if not isinstance(answer, Answer):
            raise TypeError(f"the answering chain returned {type(answer).__name__}")
        return answer

    def stream(self, question: str, history: list[tuple[str, str]] | None = None,
               engine: str | None = None, filters: Filters | None = None,
               top_k: int | None = None) -> Iterator[Delta | Answer]:
        """Yield the model's unverified draft as ``Delta`` pieces, then the verified Answer.

        With the extractive engine (or when no model is configured) only the Answer comes.
        """
        yield from self.chain.stream(_request(question, history, engine, filters, top_k))


def _request(question: str, history: list[tuple[str, str]] | None, engine: str | None,
             filters: Filters | None, top_k: int | None = None) -> ChainInput:
    return {"question": question, "history": history, "engine": engine, "filters": filters,
            "top_k": top_k}
