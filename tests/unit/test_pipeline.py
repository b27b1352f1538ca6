"""Tests for the answering Runnable: a tiny real library (registry, Chroma, BM25) with a hashing
embedder instead of MiniLM, and a scripted chat model that records what it was sent."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatResult
from langchain_core.retrievers import BaseRetriever

from assistant.chain import Answerer
from assistant.config import load_settings
from assistant.errors import CasebookError, EmptyLibrary
from assistant.ingest.library import Library
from assistant.models import Answer
from assistant.pipeline import Delta, build_chain
from assistant.retrieval import Filters, HybridRetriever
from assistant.text import WORD, tokens

ARRESTS = "How many arrests did Liberterra II make?"
KEPT = "Liberterra II led to 2,517 arrests [1]."
BRIEF = """---
title: Liberterra II
publisher: INTERPOL
date: 2024-11-05
---
# Liberterra II

Liberterra II led to 2,517 arrests, 850 of them on charges of human trafficking or migrant
smuggling. Police in 116 countries took part in the operation. Officers rescued 3,222 victims.
"""


class HashEmbedder:
    """Deterministic bag-of-stems vectors: enough for retrieval tests, no model to load."""

    name = "hash-embedder"
    dimension = 64

    def embed(self, texts: list[str], progress: Any = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for tok in tokens(text, drop_stopwords=True):
                out[i, int(hashlib.md5(tok.encode()).hexdigest(), 16) % self.dimension] += 1.0
            out[i] /= np.linalg.norm(out[i]) or 1.0
        if progress:
            progress(len(texts))
        return out

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def word_vectors(self, texts: list[str]) -> list[list[tuple[str, np.ndarray]]]:
        # each word by its stem's vector: a word is covered only by the same word
        return [[(m.group(), self.embed([m.group()])[0]) for m in WORD.finditer(text)]
                for text in texts]


class ScriptedModel(GenericFakeChatModel):
    """Replies from a script (streamed word by word) and records every prompt it is sent."""

    prompts: list[str] = []
    lock_held: list[bool] = []
    watch: Any = None  # a lock whose state is recorded at each reply

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        self.prompts.append(str(messages[-1].content))
        if self.watch is not None:
            self.lock_held.append(self.watch.locked())
        return super()._generate(messages, *args, **kwargs)


def scripted(*replies: str) -> ScriptedModel:
    return ScriptedModel(messages=iter([AIMessage(content=r) for r in replies]), prompts=[],
                         lock_held=[])


class BrokenModel:
    """A backend that fails, with streaming as well."""

    def invoke(self, *args: object, **kwargs: object) -> AIMessage:
        raise ConnectionError("server went away")

    def stream(self, *args: object, **kwargs: object) -> Iterator[AIMessage]:
        yield AIMessage(content="Liberterra")
        raise ConnectionError("server went away mid-reply")


@pytest.fixture
def library(tmp_path: Path) -> Library:
    source = tmp_path / "docs" / "liberterra.md"
    source.parent.mkdir()
    source.write_text(BRIEF, encoding="utf-8")
    lib = Library(load_settings(index=tmp_path / "index", llm="none"), embedder=HashEmbedder())  # type: ignore[arg-type]
    [result] = lib.ingest([str(source)], progress=False)
    assert result.status == "added", result.line()
    return lib


@pytest.fixture
def answerer_with(library: Library) -> Callable[..., Answerer]:
    def make(model: object = None, llm: str = "none") -> Answerer:
        return Answerer(library.settings.model_copy(update={"llm": llm}), library, model)

    return make


def same(answer: Answer) -> Answer:
    """Return the answer without its timings, which differ from run to run."""
    return replace(answer, timings_ms={})


def test_invoke_takes_a_string_or_a_request_and_is_what_ask_returns(answerer_with) -> None:  # type: ignore[no-untyped-def]
    answerer = answerer_with()
    asked = answerer.ask(ARRESTS)
    assert not asked.abstained and "2,517" in asked.answer and asked.engine == "extractive"
    assert all(f.verified for f in asked.figures)
    for request in (ARRESTS, {"question": ARRESTS},
                    {"question": ARRESTS, "history": None, "engine": None, "filters": None}):
        assert same(answerer.chain.invoke(request)) == same(asked)


def test_batch_returns_answers_in_order(answerer_with) -> None:  # type: ignore[no-untyped-def]
    answerer = answerer_with()
    countries = "How many countries took part in Liberterra II?"
    answers = answerer.chain.batch([ARRESTS, {"question": countries}])
    assert [same(a) for a in answers] == [same(answerer.ask(ARRESTS)),
                                          same(answerer.ask(countries))]
    assert "2,517" in answers[0].answer and "116" in answers[1].answer


def test_the_extractive_engine_streams_the_answer_once(answerer_with) -> None:  # type: ignore[no-untyped-def]
    answerer = answerer_with()
    events = list(answerer.chain.stream(ARRESTS))
    assert len(events) == 1 and isinstance(events[0], Answer)
    assert same(events[0]) == same(answerer.ask(ARRESTS))


def test_the_llm_engine_streams_drafts_then_the_verified_answer(answerer_with) -> None:  # type: ignore[no-untyped-def]
    model = scripted(KEPT)
    events = list(answerer_with(model).stream(ARRESTS, engine="llm"))
    *drafts, final = events
    assert len(drafts) > 1 and all(isinstance(d, Delta) for d in drafts)
    assert "".join(d.text for d in drafts if isinstance(d, Delta)) == KEPT
    assert isinstance(final, Answer) and final.engine == "llm" and final.answer == KEPT
    assert [c.n for c in final.citations] == [1] and all(f.verified for f in final.figures)
    assert len(model.prompts) == 1 and "[1] (" in model.prompts[0] and ARRESTS in model.prompts[0]


def test_invoke_and_stream_keep_the_same_model_answer(answerer_with) -> None:  # type: ignore[no-untyped-def]
    invoked = answerer_with(scripted(KEPT)).ask(ARRESTS, engine="llm")
    *_, streamed = answerer_with(scripted(KEPT)).stream(ARRESTS, engine="llm")
    assert isinstance(streamed, Answer) and same(streamed) == same(invoked)


@pytest.mark.parametrize("reply", [
    # Figures verified, but a claim the evidence does not make:
    "Liberterra II led to 2,517 arrests and dismantled 40 smuggling rings across Europe [1].",
    "Liberterra II led to 2,517 arrests [1]. It was the largest operation INTERPOL ever ran.",
    "Liberterra II led to 2,517 arrests [2].",  # a marker to a passage not holding it
    "Liberterra II led to 2,600 arrests [1].",  # a wrong figure, as before
])
def test_a_reply_not_supported_sentence_by_sentence_falls_back(answerer_with,  # type: ignore[no-untyped-def]
                                                               reply: str) -> None:
    extractive = answerer_with().ask(ARRESTS)
    for stream in (False, True):
        answerer = answerer_with(scripted(reply))
        if stream:
            *drafts, answer = answerer.stream(ARRESTS, engine="llm")
            assert drafts and all(isinstance(d, Delta) for d in drafts)
        else:
            answer = answerer.ask(ARRESTS, engine="llm")
        assert isinstance(answer, Answer) and answer.engine == "extractive-fallback"
        assert answer.answer == extractive.answer and answer.citations == extractive.citations


def test_a_backend_failing_mid_stream_keeps_the_extractive_answer(answerer_with) -> None:  # type: ignore[no-untyped-def]
    events = list(answerer_with(BrokenModel()).stream(ARRESTS, engine="llm"))
    assert events[0] == Delta("Liberterra")
    final = events[-1]
    assert isinstance(final, Answer) and final.engine == "extractive-fallback"
    assert "2,517" in final.answer


def test_no_model_configured_means_the_extractive_answer(answerer_with) -> None:  # type: ignore[no-untyped-def]
    events = list(answerer_with().stream(ARRESTS, engine="llm"))
    assert len(events) == 1 and isinstance(events[0], Answer)
    assert events[0].engine == "extractive-fallback"


def test_the_embedded_model_streams_under_the_lock(answerer_with) -> None:  # type: ignore[no-untyped-def]
    model = scripted(KEPT)
    answerer = answerer_with(model, llm="embedded")  # the scripted model stands in for it
    model.watch = answerer.generate_lock
    held = [answerer.generate_lock.locked() for e in answerer.stream(ARRESTS, engine="llm")
            if isinstance(e, Delta)]
    assert held and all(held) and model.lock_held == [True]
    assert not answerer.generate_lock.locked()


def test_a_stream_dropped_midway_releases_the_lock(answerer_with) -> None:  # type: ignore[no-untyped-def]
    model = scripted(KEPT)
    answerer = answerer_with(model, llm="embedded")
    events = answerer.stream(ARRESTS, engine="llm")
    assert isinstance(next(events), Delta) and answerer.generate_lock.locked()
    events.close()
    assert not answerer.generate_lock.locked()


def test_filters_go_to_the_retriever_per_call(answerer_with, library: Library) -> None:  # type: ignore[no-untyped-def]
    answerer = answerer_with()
    [doc] = library.documents()
    kept = answerer.ask(ARRESTS, filters=Filters(doc_ids={doc.doc_id}))
    assert same(kept) == same(answerer.ask(ARRESTS))
    excluded = answerer.ask(ARRESTS, filters=Filters(date_to="2023-12-31"))
    assert excluded.abstained and not excluded.citations
    assert answerer.retriever.filters is None  # the shared retriever is left as it was


def test_a_quoted_title_keeps_retrieval_to_the_report_that_carries_it(
        answerer_with, library: Library) -> None:  # type: ignore[no-untyped-def]
    from assistant.pipeline import prepare

    answerer = answerer_with()
    [doc] = library.documents()
    state = prepare(answerer, "How many arrests did the report 'Liberterra II' give?")
    assert state["filters"] == Filters(doc_ids={doc.doc_id})
    state = prepare(answerer, "How many arrests did the report 'Synergia III' give?")
    assert state["filters"] is None  # no report carries it: evidence refuses every passage
    assert answerer.ask("How many arrests did the report 'Synergia III' give?").abstained
    assert not answerer.ask("How many arrests did the report 'Liberterra II' give?").abstained


def test_the_retrieval_step_is_the_answerers_hybrid_retriever(answerer_with) -> None:  # type: ignore[no-untyped-def]
    answerer = answerer_with()
    nodes = [n.data for n in answerer.chain.get_graph().nodes.values()]
    retrievers = [n for n in nodes if isinstance(n, BaseRetriever)]
    assert retrievers == [answerer.retriever]
    assert isinstance(answerer.retriever, HybridRetriever)
    assert answerer.retriever.k == answerer.settings.top_k


def test_timings_are_per_phase_and_add_up(answerer_with) -> None:  # type: ignore[no-untyped-def]
    timings = answerer_with().ask(ARRESTS).timings_ms
    assert set(timings) == {"retrieve", "generate", "total"}
    assert timings["retrieve"] > 0 and timings["generate"] > 0
    assert timings["total"] == pytest.approx(timings["retrieve"] + timings["generate"])


def test_an_empty_question_or_library_is_refused(answerer_with, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CasebookError, match="empty"):
        answerer_with().chain.invoke({"question": "  "})
    empty = Library(load_settings(index=tmp_path / "empty", llm="none"), embedder=HashEmbedder())  # type: ignore[arg-type]
    with pytest.raises(EmptyLibrary):
        build_chain(empty).invoke(ARRESTS)


def test_build_chain_over_a_library_answers_like_an_answerer(library: Library) -> None:
    chain = build_chain(library, chat_model=scripted(KEPT))
    answer = chain.invoke({"question": ARRESTS, "engine": "llm"})
    assert isinstance(answer, Answer) and answer.engine == "llm" and answer.answer == KEPT
    with pytest.raises(TypeError):
        build_chain(Answerer(library.settings, library), chat_model=scripted(KEPT))


def test_concurrent_streams_of_the_embedded_model_take_turns(answerer_with) -> None:  # type: ignore[no-untyped-def]
    model = scripted(KEPT, KEPT, KEPT)
    answerer = answerer_with(model, llm="embedded")
    model.watch = answerer.generate_lock
    finals: list[object] = []

    def run() -> None:
        finals.append(list(answerer.stream(ARRESTS, engine="llm"))[-1])

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(finals) == 3
    assert all(isinstance(f, Answer) and f.engine == "llm" for f in finals)
