"""The Chat tab: the conversation, its sources panel and the source viewer.

A turn shows the question at once, the model's draft as it streams (llm engine), then the
verified answer with [n] markers that open the cited page beside the chat. Conversations are
kept in the browser (localStorage): a reload restores the current one, "New chat" files it
under "Earlier conversations" from which it can be reopened.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

import gradio as gr

from ..errors import CasebookError
from ..models import Answer
from ..retrieval import Filters
from . import viewer
from .format import escape_markdown, format_answer

if TYPE_CHECKING:
    from ..ingest.library import Library

log = logging.getLogger(__name__)

PLACEHOLDER = "Ask about the reports…"
EXAMPLES = [
    "How many arrests did Liberterra II make?",
    "How many arrests did Operation Serengeti bring?",
    "How much was seized in HAECHI V?",
    "How many bank accounts did First Light 2024 freeze?",
]
DRAFT_NOTE = "_Draft from the language model, being checked against the sources…_"
MAX_SAVED = 30  # earlier conversations kept per browser

Messages = list[dict[str, Any]]
Pairs = list[tuple[str, str]]
Cites = list[dict[str, Any]]


@dataclass
class ChatOptions:
    """The settings a turn is asked with."""

    engine: str = "auto"
    top_k: int | None = None
    doc_ids: list[str] | None = None
    date_from: str = ""
    date_to: str = ""

    def filters(self) -> Filters | None:
        """Return the retrieval restriction these options ask for, if any."""
        return Filters.asked(self.doc_ids, self.date_from.strip(), self.date_to.strip())

    def kwargs(self, answerer: Any) -> dict[str, Any]:
        """Return the keyword arguments of ``ask`` that ``answerer`` takes beyond the engine."""
        extra: dict[str, Any] = {}
        if getattr(answerer, "library", None) is not None:  # a real Answerer
            extra = {"filters": self.filters(), "top_k": self.top_k}
        return {"engine": self.engine or None, **extra}


def _answer_stream(answerer: Any, question: str, pairs: Pairs,
                   options: ChatOptions) -> Iterator[str | Answer]:
    """Yield the model's draft so far (str) as it grows, then the Answer."""
    kwargs = options.kwargs(answerer)
    if not hasattr(answerer, "stream"):
        yield answerer.ask(question, history=pairs or None, **kwargs)
        return
    draft = ""
    for event in answerer.stream(question, history=pairs or None, **kwargs):
        if isinstance(event, Answer):
            yield event
            return
        draft += getattr(event, "text", "")
        yield draft


def citations(answer: Answer) -> Cites:
    """Return the passages the sources panel lists: the citations, or the nearest passages."""
    return [asdict(c) for c in (answer.nearest if answer.abstained else answer.citations)]


def chat_turn(answerer: Any, question: str, messages: Messages | None, pairs: Pairs | None,
              options: ChatOptions | None = None
              ) -> Iterator[tuple[str, Messages, Pairs, Cites]]:
    """Run one question; yield (textbox, messages, history pairs, cited passages) as it goes.

    An error never loses the conversation: the question goes back to the textbox and the chat
    says in words what went wrong.
    """
    options = options or ChatOptions()
    messages, pairs = list(messages or []), list(pairs or [])
    question = (question or "").strip()
    if not question:
        yield "", messages, pairs, []
        return
    pending = [*messages, {"role": "user", "content": escape_markdown(question)}]
    yield "", pending, pairs, []
    try:
        for step in _answer_stream(answerer, question, pairs, options):
            if isinstance(step, str):
                draft = {"role": "assistant", "content": f"{escape_markdown(step)}\n\n{DRAFT_NOTE}"}
                yield "", [*pending, draft], pairs, []
                continue
            reply = {"role": "assistant",
                     "content": viewer.marker_links(format_answer(step))}
            yield "", [*pending, reply], [*pairs, (question, step.answer)], citations(step)
    except CasebookError as err:
        yield question, [*pending, _problem(f"Could not answer: {err}")], pairs, []
    except Exception as err:  # never lose the conversation to an unexpected failure
        log.exception("the chat failed on %r", question)
        yield question, [*pending, _problem(
            f"Something went wrong ({type(err).__name__}: {err}). The conversation is kept; "
            "your question is back in the box, try again.")], pairs, []


def _problem(text: str) -> dict[str, Any]:
    return {"role": "assistant", "content": f"**{escape_markdown(text)}**"}


def copy_text(answer_text: str, cites: Cites, library: Library | None) -> str:
    """Return the answer and a plain reference list (title, publisher, date, page)."""
    lines = [answer_text.strip()]
    if cites:
        lines += ["", "Sources:"] + [f"[{c['n']}] {viewer.describe(library, c)}. “{c['quote']}”"
                                     for c in cites]
    return "\n".join(lines)


# ---- conversations kept in the browser -----------------------------------------------------

def empty_store() -> dict[str, Any]:
    """Return the browser store of a first visit."""
    return {"current": {"messages": [], "pairs": []}, "saved": []}


def _title(messages: Messages) -> str:
    first = next((m["content"] for m in messages if m.get("role") == "user"), "Conversation")
    return " ".join(str(first).replace("\\", "").split())[:60]


def remember(store: dict[str, Any] | None, messages: Messages, pairs: Pairs) -> dict[str, Any]:
    """Return the store with the current conversation updated."""
    store = dict(store or empty_store())
    store["current"] = {"messages": messages, "pairs": [list(p) for p in pairs]}
    return store


def file_away(store: dict[str, Any] | None, messages: Messages, pairs: Pairs
              ) -> dict[str, Any]:
    """Return the store with the current conversation filed under earlier ones and cleared."""
    store = dict(store or empty_store())
    saved = list(store.get("saved") or [])
    if messages:
        saved.insert(0, {"title": _title(messages), "messages": messages,
                         "pairs": [list(p) for p in pairs]})
    store["saved"] = saved[:MAX_SAVED]
    store["current"] = {"messages": [], "pairs": []}
    return store


def reopen(store: dict[str, Any] | None, index: int, messages: Messages, pairs: Pairs
           ) -> tuple[dict[str, Any], Messages, Pairs]:
    """Return the store and the conversation at ``index``; the current one is filed away."""
    store = file_away(store, messages, pairs)
    saved = list(store["saved"])
    # filing the current conversation moved the others one place down
    pos = index + (1 if messages else 0)
    if not 0 <= pos < len(saved):
        return store, [], []
    chosen = saved.pop(pos)
    store["saved"] = saved
    restored = [(str(a), str(b)) for a, b in chosen.get("pairs") or []]
    store["current"] = {"messages": chosen["messages"], "pairs": [list(p) for p in restored]}
    return store, chosen["messages"], restored


def saved_choices(store: dict[str, Any] | None) -> list[tuple[str, int]]:
    """Return the dropdown choices of earlier conversations: (title, index)."""
    return [(s.get("title") or "Conversation", i)
            for i, s in enumerate((store or {}).get("saved") or [])]


# Run in the page once the conversation is restored and the question box enabled.
FOCUS_QUESTION = "() => { document.querySelector('#question textarea')?.focus(); return []; }"


# ---- the tab ------------------------------------------------------------------------------

def build(answerer: Any, engine: gr.Dropdown, top_k: gr.Slider,
          doc_filter: gr.CheckboxGroup, date_from: gr.Textbox, date_to: gr.Textbox
          ) -> tuple[Any, list[Any], list[Any]]:
    """Add the chat, its sources panel and viewer to the enclosing Blocks.

    ``engine`` and ``top_k`` come from the Settings tab, the restriction components from the
    Library tab; they are read on every turn. Returns the page-load event (function, inputs,
    outputs) that restores the browser's conversation, for the Blocks to register.
    """
    library = getattr(answerer, "library", None)
    store = gr.BrowserState(empty_store(), storage_key="casebook-conversations")
    pairs = gr.State([])
    cites = gr.State([])
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            chatbot = gr.Chatbot(
                value=[], elem_id="chat", label="Conversation", show_label=False, height=520,
                placeholder="Answers appear here, each with the passages it quotes.",
                buttons=["copy", "copy_all"], feedback_options=None, latex_delimiters=[],
                sanitize_html=True, allow_tags=False, autoscroll=True,
            )
            with gr.Row(equal_height=True):
                question = gr.Textbox(
                    elem_id="question", placeholder=PLACEHOLDER, show_label=False,
                    label="Question", lines=1, max_lines=4, scale=8, autofocus=True,
                    # usable (with Send) once the page load has restored the conversation: a
                    # question sent before that would be wiped by the restore
                    interactive=False,
                )
                send = gr.Button("Send", elem_id="send", variant="primary", scale=1,
                                 min_width=80, interactive=False)
            with gr.Row():
                new = gr.Button("New chat", elem_id="new-chat", size="sm", min_width=80)
                copy = gr.Button("Copy with sources", elem_id="copy-sources", size="sm",
                                 min_width=80)
            earlier = gr.Dropdown(choices=[], value=None, label="Earlier conversations",
                                  elem_id="earlier")
            copied = gr.Textbox(visible=False, elem_id="copy-text", label="Answer with sources")
            gr.Examples(examples=[[q] for q in EXAMPLES], inputs=[question],
                        label="Try a question")
        with gr.Column(scale=2, min_width=300, elem_id="sources-panel"):
            sources = gr.Radio(choices=[], label="Sources of the last answer",
                               elem_id="sources", info="Choose a source to see its page.")
            page = gr.Image(label="Cited page", elem_id="page-image", type="filepath",
                            interactive=False, visible=False, buttons=["fullscreen"])
            passage = gr.HTML(elem_id="passage", label="Cited passage")

    def respond(text: str, messages: Messages, hist: Pairs, saved: dict[str, Any],
                eng: str, k: float, docs: list[str] | None, since: str, until: str
                ) -> Iterator[tuple[Any, ...]]:
        options = ChatOptions(eng, int(k) if k else None, docs or None, since or "",
                              until or "")
        for box, msgs, new_pairs, found in chat_turn(answerer, text, messages, hist, options):
            choices = [(f"[{c['n']}] {viewer.describe(library, c)}", c["n"]) for c in found]
            answer_text = new_pairs[-1][1] if new_pairs and found else ""
            # the first source opens at once; the [n] markers open the others
            first = found[0]["n"] if found and not box else None
            yield (box, msgs, new_pairs, found, gr.Radio(choices=choices, value=first),
                   remember(saved, msgs, new_pairs),
                   copy_text(answer_text, found, library) if answer_text else "")

    turn: dict[str, Any] = {
        "fn": respond,
        "inputs": [question, chatbot, pairs, store, engine, top_k, doc_filter, date_from,
                   date_to],
        "outputs": [question, chatbot, pairs, cites, sources, store, copied],
        "api_visibility": "private", "show_progress_on": [chatbot],
    }
    send.click(**turn)
    question.submit(**turn)

    def view(n: int | None, found: Cites) -> tuple[Any, str]:
        cite = next((c for c in found if c["n"] == n), None)
        try:
            image, text = viewer.show(library, cite)
        except Exception as err:  # a page that cannot be rendered still shows its text
            log.warning("could not render the cited page: %s", err)
            image, text = None, viewer.show(None, cite)[1] if cite else ""
        return gr.Image(value=image, visible=image is not None), text

    sources.change(view, inputs=[sources, cites], outputs=[page, passage],
                   api_visibility="private")

    def start_new(saved: dict[str, Any], messages: Messages, hist: Pairs) -> tuple[Any, ...]:
        saved = file_away(saved, messages, hist)
        return (saved, [], [], [], gr.Radio(choices=[], value=None), "", "",
                gr.Dropdown(choices=saved_choices(saved), value=None),
                gr.Image(value=None, visible=False), "")

    new.click(start_new, inputs=[store, chatbot, pairs],
              outputs=[store, chatbot, pairs, cites, sources, passage, copied, earlier, page,
                       question],
              api_visibility="private")
    # The chat's own trash icon empties the messages: the history goes with them.
    chatbot.clear(lambda: ([], []), outputs=[pairs, cites], api_visibility="private")

    def pick_earlier(index: int | None, saved: dict[str, Any], messages: Messages,
                     hist: Pairs) -> tuple[Any, ...]:
        if index is None:
            return saved, messages, hist, gr.Dropdown()
        saved, msgs, restored = reopen(saved, int(index), messages, hist)
        return saved, msgs, restored, gr.Dropdown(choices=saved_choices(saved), value=None)

    earlier.input(pick_earlier, inputs=[earlier, store, chatbot, pairs],
                  outputs=[store, chatbot, pairs, earlier], api_visibility="private")

    copy.click(None, inputs=[copied], outputs=None, api_visibility="private",
               js="(text) => { if (text) { navigator.clipboard.writeText(text); } return []; }")

    def restore(saved: dict[str, Any] | None) -> tuple[Any, ...]:
        saved = saved or empty_store()
        current = saved.get("current") or {}
        restored = [(str(a), str(b)) for a, b in current.get("pairs") or []]
        return (current.get("messages") or [], restored,
                gr.Dropdown(choices=saved_choices(saved), value=None),
                gr.Textbox(interactive=True), gr.Button(interactive=True))

    return restore, [store], [chatbot, pairs, earlier, question, send]
