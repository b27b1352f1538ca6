"""The answering Runnable over the real corpus index: one path for invoke, batch, stream and ask."""

from __future__ import annotations

from dataclasses import replace

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable

from assistant.chain import Answerer
from assistant.ingest.library import Library
from assistant.models import Answer
from assistant.pipeline import Delta, build_chain, prepare
from assistant.retrieval import Filters, HybridRetriever, documents_to_hits, hybrid_search

QUESTIONS = [
    "How many arrests did Liberterra II make?",
    "How many bank accounts did First Light 2024 freeze?",
    "How many arrests did Operation Serengeti make?",
    "How many arrests did Liberterra III make?",  # not in the library: an abstention
]
ARRESTS = QUESTIONS[0]


def same(answer: object) -> Answer:
    """Return the answer without its timings, which differ from run to run."""
    assert isinstance(answer, Answer), answer
    return replace(answer, timings_ms={})


@pytest.fixture(scope="module")
def answerer(corpus_library: Library) -> Answerer:
    return Answerer(corpus_library.settings, corpus_library)


def test_invoke_batch_and_stream_return_what_ask_returns(answerer: Answerer) -> None:
    chain = answerer.chain
    assert isinstance(chain, Runnable)
    asked = [same(answerer.ask(q)) for q in QUESTIONS]
    assert "2,517" in asked[0].answer and asked[3].abstained
    assert [same(chain.invoke(q)) for q in QUESTIONS] == asked
    assert [same(a) for a in chain.batch([{"question": q} for q in QUESTIONS])] == asked
    for question, expected in zip(QUESTIONS, asked, strict=True):
        events = list(chain.stream({"question": question}))
        assert len(events) == 1 and same(events[0]) == expected


def test_a_follow_up_goes_through_the_chain_with_its_history(answerer: Answerer) -> None:
    first = answerer.ask(ARRESTS)
    history = [(ARRESTS, first.answer)]
    follow = "And how many victims were rescued?"
    asked = answerer.ask(follow, history=history)
    assert "Liberterra II" in asked.standalone_question
    assert same(answerer.chain.invoke({"question": follow, "history": history})) == same(asked)


def test_the_chain_retrieves_with_a_hybrid_retriever(answerer: Answerer) -> None:
    nodes = [n.data for n in answerer.chain.get_graph().nodes.values()]
    [retriever] = [n for n in nodes if isinstance(n, BaseRetriever)]
    assert isinstance(retriever, HybridRetriever) and retriever is answerer.retriever


@pytest.mark.parametrize("filters", [None, Filters(date_from="2024-11-01")])
def test_the_retriever_finds_what_hybrid_search_finds(answerer: Answerer,
                                                      filters: Filters | None) -> None:
    library, settings = answerer.library, answerer.settings
    for question in QUESTIONS[:3]:
        state = prepare(answerer, question)
        docs = answerer.retriever.invoke(state["standalone"], filters=filters,
                                         qvec=state["qvec"])
        got = documents_to_hits(library, docs)
        want = hybrid_search(library, state["standalone"], settings.top_k, filters,
                             rrf_k=settings.rrf_k, qvec=state["qvec"])
        assert [(h.chunk, h.title, h.score, h.dense, h.sparse) for h in got] == \
            [(h.chunk, h.title, h.score, h.dense, h.sparse) for h in want]
        assert all(g.vector is not None and (g.vector == w.vector).all()
                   for g, w in zip(got, want, strict=True))


def test_the_llm_engine_streams_deltas_before_the_verified_answer(
    corpus_library: Library,
) -> None:
    reply = "Liberterra II led to 2,517 arrests [1]."
    model = GenericFakeChatModel(messages=iter([AIMessage(content=reply)] * 2))
    chain = build_chain(corpus_library, chat_model=model)
    events = list(chain.stream({"question": ARRESTS, "engine": "llm"}))
    *drafts, final = events
    assert drafts and all(isinstance(d, Delta) for d in drafts)
    assert "".join(d.text for d in drafts if isinstance(d, Delta)) == reply
    assert isinstance(final, Answer) and final.engine == "llm"
    assert "2,517" in final.answer and all(f.verified for f in final.figures)
    invoked = chain.invoke({"question": ARRESTS, "engine": "llm"})
    assert same(invoked) == same(final)


@pytest.mark.slow
def test_the_embedded_smollm2_streams_and_is_still_verified(corpus_library: Library) -> None:
    pytest.importorskip("llama_cpp", reason="pip install llama-cpp-python")
    settings = corpus_library.settings.model_copy(update={"llm": "embedded"})
    answerer = Answerer(settings, corpus_library)
    *drafts, final = answerer.stream(ARRESTS, engine="llm")
    assert drafts and all(isinstance(d, Delta) and d.text for d in drafts)
    assert isinstance(final, Answer) and final.engine in {"llm", "extractive-fallback"}
    assert final.citations and all(f.verified for f in final.figures)
    assert "(unverified)" not in final.answer
    assert not answerer.generate_lock.locked()
