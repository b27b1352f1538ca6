"""The answering chain as a LangChain Runnable: condense, retrieve, gather, compose, verify.

    chain = build_chain(answerer)  # or build_chain(library, settings, chat_model)
    answer = chain.invoke("How many arrests did Liberterra II make?")
    answers = chain.batch([{"question": q} for q in questions])
    for event in chain.stream({"question": q, "engine": "llm"}):
        if isinstance(event, Delta):
            show_draft(event.text)  # the model's words as it writes them: NOT verified
        else:
            show(event)  # the Answer, last: verified, or the extractive answer instead

Only the final ``Answer`` is verified. Deltas are the model's draft; when the draft fails a
check the final Answer holds the extractive answer instead (engine "extractive-fallback"),
so a streaming consumer must replace the draft with the final Answer's text.

The steps, each a Runnable that callbacks and ``chain.get_graph()`` see:

    prepare    RunnableLambda: normalise the input, condense and truecase the question,
               analyse it, embed it once
    retrieve   RunnableLambda: the HybridRetriever (the production retriever, drawn as a
               node of the graph), its Documents turned back into Hits; adds "hits"
    evidence   RunnableLambda: evidence.gather; adds "evidence"
    compose    ComposeStep: pick, extractive or LLM composer, verification, the Answer

``Answerer.ask`` in ``assistant.chain`` is ``chain.invoke``: there is one answering path.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field, replace
from time import perf_counter
from typing import TYPE_CHECKING, Any, Required, TypedDict, cast

from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda

from .compose import abstention, extractive, pick_covered, to_citation
from .condense import condense
from .config import Settings
from .conflicts import conflicting
from .coverage import coverage
from .errors import CasebookError, EmptyLibrary
from .evidence import KINDS_FOR, gather, titled
from .ingest.library import Library
from .llm_compose import MAX_EVIDENCE, accept_reply, answer_messages, generate, stream_deltas
from .models import Answer, Citation
from .question import analyse
from .retrieval import Filters, documents_to_hits
from .truecase import correct_spelling, truecase
from .verify import figures_verified, mark_unverified, verify_answer

if TYPE_CHECKING:
    from .chain import Answerer

log = logging.getLogger(__name__)
# The extractive composer is the default: on our evaluation it gets the figure right far more
# often than SmolLM2 does (README, "Measured"), and its figures are verified by construction.
DEFAULT_ENGINE = "extractive"
MIN_SCORE = 0.36  # below this the best evidence is too weak to answer from: abstain
# (chosen with top_k=12 on the development sets in two libraries, their own 16 documents and
# all 34; with 12 passages instead of 8 there are more weak candidates to refuse). top_k went
# to 14 later: on dev3-dev10, questions and heldout (78 documents) it found 4 answers more
# that 12 missed and answered one near miss more.


class ChainInput(TypedDict, total=False):
    """What the chain takes (a bare string is taken as the question)."""

    question: Required[str]
    history: list[tuple[str, str]] | None  # earlier (question, answer) turns, oldest first
    engine: str | None  # auto | extractive | llm; None means the settings' engine
    filters: Filters | None  # restrict retrieval to some documents or report dates
    top_k: int | None  # passages to retrieve; None means the settings' top_k


@dataclass(frozen=True)
class Delta:
    """A piece of the language model's draft answer, streamed as it is written; unverified."""

    text: str


@dataclass
class Stopwatch:
    """Milliseconds spent in each phase of one answer (``retrieve`` and ``generate``).

    Steps add the time they spend, rather than the chain reading the wall clock at its ends,
    so the timings stay true under ``batch`` (where inputs wait for each other between steps)
    and ``stream`` (where the consumer's time between events is not ours).
    """

    ms: dict[str, float] = field(default_factory=lambda: {"retrieve": 0.0, "generate": 0.0})

    def add(self, phase: str, since: float) -> float:
        """Add the time from ``since`` (a ``perf_counter`` reading) to now; return now."""
        now = perf_counter()
        self.ms[phase] += (now - since) * 1000
        return now

    def timings(self) -> dict[str, float]:
        """Return the ``timings_ms`` of an Answer: retrieve, generate and their total."""
        return {**self.ms, "total": self.ms["retrieve"] + self.ms["generate"]}


def build_chain(source: Answerer | Library, settings: Settings | None = None,
                chat_model: Any | None = None) -> Runnable[ChainInput | str, Answer | Delta]:
    """Return the answering chain over an Answerer's library, retriever and chat model.

    Args:
        source: An ``assistant.chain.Answerer`` (its chain shares its locks, retriever and
            model), or a ``Library`` to wrap in a new Answerer.
        settings: With a Library: the settings to use (default: the library's own).
        chat_model: With a Library: the chat model for the llm engine (default: load the one
            the settings name, on first use).

    Returns:
        A Runnable whose ``invoke`` and ``batch`` give ``Answer`` objects and whose ``stream``
        gives ``Delta`` drafts (llm engine only) and then the ``Answer``.
    """
    if isinstance(source, Library):
        from .chain import Answerer  # chain imports this module: import it only when needed

        return Answerer(settings or source.settings, source, chat_model).chain
    if settings is not None or chat_model is not None:
        raise TypeError("settings and chat_model go with a Library; an Answerer has its own")
    answerer = source
    library = answerer.library
    retriever = answerer.retriever

    def prepare_step(request: ChainInput | str) -> dict[str, Any]:
        return prepare(answerer, request)

    def retrieve_step(state: dict[str, Any], config: RunnableConfig) -> dict[str, Any]:
        started = perf_counter()
        # Per-call filters and the question's vector go to the retriever as keyword
        # arguments, so one retriever object serves every question.
        docs = retriever.invoke(state["standalone"], config, filters=state["filters"],
                                qvec=state["qvec"], k=state.get("top_k"))
        hits = documents_to_hits(library, docs)
        state["clock"].add("retrieve", started)
        return {**state, "hits": hits}

    def evidence_step(state: dict[str, Any]) -> dict[str, Any]:
        started = perf_counter()
        evidence = gather(library, state["profile"], state["hits"], state["qvec"])
        state["clock"].add("retrieve", started)
        return {**state, "evidence": evidence}

    # Each step returns the state with its own key added, as RunnablePassthrough.assign
    # would; assign runs its mapper in a new thread pool per call, which cost about 12 ms a
    # question here (more than half of an extractive answer).
    chain = (
        RunnableLambda(prepare_step, name="prepare")
        | RunnableLambda(retrieve_step, name="retrieve")
        | RunnableLambda(evidence_step, name="evidence")
        | ComposeStep(answerer)
    )
    return chain.with_config(run_name="casebook")


def require_documents(library: Library) -> None:
    """Raise ``EmptyLibrary`` when the library holds no documents."""
    if not library.table().rows:
        raise EmptyLibrary(
            f"the library at {library.index_dir} is empty: add reports with "
            "`casebook ingest PATH`"
        )


def in_library_words(library: Library, text: str, every_name: bool = False) -> str:
    """Return ``text`` with typos fixed and names capitalised the way the library writes them.

    Typos are fixed against the library's own words before names get their capitals. A
    question keeps the common words it types small ("the panel", see ``Library.capitals``);
    with ``every_name`` a claim, written in a report's own terms, gets every name the library
    capitalises ("member states" -> "Member States").
    """
    names = library.proper_words() if every_name else library.capitals()
    return truecase(correct_spelling(text, library.word_counts()), names)


def prepare(answerer: Answerer, request: ChainInput | str) -> dict[str, Any]:
    """Return the chain's state for one request: the stand-alone question, its profile and vector.

    Raises:
        CasebookError: The question is empty.
        EmptyLibrary: The library holds no documents.
    """
    started = perf_counter()
    req: dict[str, Any] = {"question": request} if isinstance(request, str) else dict(request)
    question = req.get("question") or ""
    engine = req.get("engine") or answerer.settings.engine
    if engine == "auto":
        engine = DEFAULT_ENGINE
    if not isinstance(question, str) or not question.strip():
        raise CasebookError("the question is empty")
    library = answerer.library
    require_documents(library)
    standalone = in_library_words(library, condense(question.strip(), req.get("history")))
    profile = analyse(standalone)
    clock = Stopwatch()
    state = {
        "question": question, "engine": engine,
        "filters": req.get("filters") or titled_filter(library, profile.titles),
        "top_k": req.get("top_k"), "library": library,
        "standalone": standalone, "profile": profile,
        "qvec": library.embedder.embed_one(standalone), "clock": clock,
    }
    clock.add("retrieve", started)
    return state


def titled_filter(library: Library, titles: list[str]) -> Filters | None:
    """Return a filter to the reports whose front pages carry every title the question
    quotes ("the study 'Case law on trafficking in human beings 2009-2012'"), or None when
    it quotes none or no report carries them (evidence then refuses every passage)."""
    if not titles:
        return None
    found = {d for d in library.table().records
             if all(titled(t, library.doc_front(d)) for t in titles)}
    return Filters(doc_ids=found) if found else None


class ComposeStep(Runnable[dict[str, Any], Answer | Delta]):
    """Compose and verify the answer from the chain's state.

    ``invoke`` asks the chat model for its whole reply (``model.invoke``) and returns the
    Answer; ``stream`` streams the reply (``model.stream``), yielding a ``Delta`` per piece,
    then the Answer. Either way the reply is kept only when it passes
    ``llm_compose.accept_reply``; the embedded model is serialised by the Answerer's lock.
    """

    name = "compose"

    def __init__(self, answerer: Answerer) -> None:
        """Compose with ``answerer``'s library, chat model and lock."""
        self.answerer = answerer

    def invoke(self, input: dict[str, Any], config: RunnableConfig | None = None,
               **kwargs: Any) -> Answer:
        """Return the verified Answer for the chain's state."""
        return cast(Answer, self._call_with_config(self._answer, input, config))

    def stream(self, input: dict[str, Any], config: RunnableConfig | None = None,
               **kwargs: Any | None) -> Iterator[Answer | Delta]:
        """Yield the model's draft as ``Delta`` pieces (llm engine), then the Answer."""
        yield from self.transform(iter([input]), config, **kwargs)

    def transform(self, input: Iterator[dict[str, Any]], config: RunnableConfig | None = None,
                  **kwargs: Any | None) -> Iterator[Answer | Delta]:
        """Gather the state the previous step streams, then stream as ``stream`` does."""
        yield from self._transform_stream_with_config(input, self._stream_events, config)

    def _answer(self, state: dict[str, Any]) -> Answer:
        *_, last = self.events(state, stream=False)
        if not isinstance(last, Answer):  # events() always ends with the Answer
            raise TypeError(f"the compose step ended with {type(last).__name__}, not an Answer")
        return last

    def _stream_events(self, chunks: Iterator[dict[str, Any]]) -> Iterator[Answer | Delta]:
        state: dict[str, Any] = {}
        for chunk in chunks:  # one chunk: the steps before this one do not stream
            state.update(chunk)
        yield from self.events(state, stream=True)

    def events(self, state: dict[str, Any], stream: bool) -> Iterator[Answer | Delta]:
        """Yield the Deltas of a streamed model reply (when ``stream``), then the Answer."""
        started = perf_counter()
        clock: Stopwatch = state["clock"]
        library, evidence, profile = self.answerer.library, state["evidence"], state["profile"]
        sources = {d: r.source for d, r in library.table().records.items()}
        nearest = [to_citation(i + 1, c, sources.get(c.chunk.doc_id, ""))
                   for i, c in enumerate((evidence.ranked + evidence.rejected)[:3])]
        chosen, covered, evidence = pick_covered(
            evidence, profile, MIN_SCORE,
            lambda c: coverage(library, profile.text, c, profile.name_words))
        if not chosen:
            unspoken = covered.unspoken if covered is not None else None
            yield finish(state, abstention(profile, state["evidence"], unspoken), True, [],
                         "extractive", nearest, started)
            return
        differs = False
        if profile.wants_figure:
            # Reports that give the quantity another value are shown beside the best one.
            strong = [c for c in evidence.ranked[1:] if c.score >= MIN_SCORE]
            rival = conflicting(chosen[0], strong, KINDS_FOR.get(profile.answer_type))
            if rival is not None:
                chosen, differs = [chosen[0], rival], True
        text = extractive(chosen, descriptive=not profile.wants_figure, differs=differs)
        engine = "extractive"
        cites = [to_citation(n, c, sources.get(c.chunk.doc_id, ""))
                 for n, c in enumerate(chosen, start=1)]
        if state["engine"] == "llm":
            engine = "extractive-fallback"
            cands = evidence.ranked[:MAX_EVIDENCE]
            raw = None
            model = self.answerer.chat_model()
            if model is not None:
                messages = answer_messages(state["standalone"], cands)
                lock = self.answerer.generate_lock if self.answerer.settings.llm == "embedded" \
                    else None
                try:
                    if stream:
                        parts = []
                        with closing(stream_deltas(model, messages, lock)) as pieces:
                            for piece in pieces:
                                parts.append(piece)
                                clock.add("generate", started)
                                yield Delta(piece)
                                started = perf_counter()
                        raw = "".join(parts).strip()
                    else:
                        raw = generate(model, messages, lock)
                except Exception as err:  # a failing backend must not cost the user the answer
                    log.warning("language model failed, keeping the extractive answer: %s", err)
            kept = accept_reply(raw, cands, sources, KINDS_FOR.get(profile.answer_type)) \
                if raw is not None else None
            if kept is not None:
                (text, cites), engine = kept, "llm"
        yield finish(state, text, False, cites, engine, nearest, started)


def finish(state: dict[str, Any], text: str, abstained: bool, cites: list[Citation],
           engine: str, nearest: list[Citation], started: float) -> Answer:
    """Return the Answer: every figure checked against its citation, failures marked."""
    library = state["library"]
    cites = [replace(c, page_label=library.page_label(c.doc_id, c.page)) for c in cites]
    nearest = [replace(c, page_label=library.page_label(c.doc_id, c.page)) for c in nearest]
    checks = verify_answer(text, {c.n: c.quote for c in cites}) if cites else []
    if not figures_verified(checks):
        text = mark_unverified(text, checks)
    clock: Stopwatch = state["clock"]
    clock.add("generate", started)
    return Answer(
        question=state["question"], answer=text, abstained=abstained, citations=cites,
        figures=checks, engine=engine, standalone_question=state["standalone"],
        timings_ms=clock.timings(), nearest=nearest if abstained else [],
    )
