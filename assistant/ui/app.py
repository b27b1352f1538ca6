"""The chat page: one Gradio Blocks app over ``Answerer.ask``."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol

import gradio as gr

from ..errors import CasebookError, ConfigError
from ..models import Answer
from . import factcheck_tab, figures_tab
from .format import escape_markdown, format_answer

if TYPE_CHECKING:
    from ..config import Settings
    from ..factcheck import CheckResult
    from ..figure_table import FigureRow

__all__ = ["build_ui", "chat_turn", "format_answer", "launch"]

TITLE = "Casebook"
DESCRIPTION = ("Ask about the crime reports in the library: every answer quotes the passages it "
               "relies on, and says so when the reports do not answer.")
PLACEHOLDER = "Ask about the reports…"
EXAMPLES = [
    "How many arrests did Liberterra II make?",
    "How many arrests did Operation Serengeti bring?",
    "How much was seized in HAECHI V?",
    "How many bank accounts did First Light 2024 freeze?",
]
ENGINES = ["auto", "extractive", "llm"]

# Keeps the page a readable width; everything else is the theme.
CSS = """
.gradio-container { max-width: 960px !important; margin: 0 auto !important; }
#intro p { margin-top: 0; }
"""

Messages = list[dict[str, Any]]
Pairs = list[tuple[str, str]]


class SupportsAsk(Protocol):
    """What the UI needs from an answerer (``assistant.chain.Answerer`` or a test double)."""

    def ask(self, question: str, history: Pairs | None = None,
            engine: str | None = None) -> Answer: ...


def chat_turn(answerer: SupportsAsk, question: str, messages: Messages | None,
              pairs: Pairs | None, engine: str | None
              ) -> Iterator[tuple[str, Messages, Pairs]]:
    """Run one question; yield (textbox, chat messages, history pairs) as the turn progresses.

    The question shows in the chat at once; the answer replaces the wait. ``pairs`` keeps the
    plain (question, answer text) turns the chain condenses follow-ups from, so the markup of
    earlier answers never reaches it. A CasebookError restores the question to the textbox and
    becomes a ``gr.Error`` with its message.
    """
    messages, pairs = list(messages or []), list(pairs or [])
    question = (question or "").strip()
    if not question:
        yield "", messages, pairs
        return
    pending = [*messages, {"role": "user", "content": escape_markdown(question)}]
    yield "", pending, pairs
    try:
        answer = answerer.ask(question, history=pairs or None, engine=engine or None)
    except CasebookError as err:
        yield question, messages, pairs
        # gr.Error renders its message as HTML, and messages can name untrusted documents.
        raise gr.Error(html.escape(str(err)), print_exception=False) from err
    reply = {"role": "assistant", "content": format_answer(answer)}
    yield "", [*pending, reply], [*pairs, (question, answer.answer)]


def build_ui(answerer: SupportsAsk, default_engine: str | None = None) -> gr.Blocks:
    """Return the chat page wired to ``answerer`` (not launched)."""
    if default_engine is None:
        settings = getattr(answerer, "settings", None)
        default_engine = getattr(settings, "engine", "auto")
    if default_engine not in ENGINES:
        default_engine = "auto"

    check, rows = _tools(answerer)
    with gr.Blocks(title=TITLE) as demo:
        gr.Markdown(f"# {TITLE}")
        gr.Markdown(DESCRIPTION, elem_id="intro")
        with gr.Tabs():
            with gr.Tab("Chat", id="chat-tab"):
                _chat(answerer, default_engine)
            if check is not None:
                with gr.Tab("Fact-check", id="check-tab"):
                    factcheck_tab.build(check)
            if rows is not None:
                with gr.Tab("Figures", id="figures-tab"):
                    figures_tab.build(rows)
    return demo


def _tools(answerer: SupportsAsk) -> tuple[Callable[[str], CheckResult] | None,
                                           Callable[[], list[FigureRow]] | None]:
    """Return the fact-check and figure-table functions of a real Answerer (None for doubles)."""
    from ..chain import Answerer

    if not isinstance(answerer, Answerer):
        return None, None
    from ..factcheck import check_claim
    from ..figure_table import figure_rows

    return (lambda claim: check_claim(answerer, claim)), (lambda: figure_rows(answerer.library))


def _chat(answerer: SupportsAsk, default_engine: str) -> None:
    """Add the chat's components to the enclosing Blocks."""

    def respond(question: str, messages: Messages, pairs: Pairs,
                engine: str) -> Iterator[tuple[str, Messages, Pairs]]:
        yield from chat_turn(answerer, question, messages, pairs, engine)

    chatbot = gr.Chatbot(
        value=[], elem_id="chat", label="Conversation", show_label=False, height=520,
        placeholder="Answers appear here, each with the passages it quotes.",
        buttons=["copy", "copy_all"], feedback_options=None, latex_delimiters=[],
        sanitize_html=True, allow_tags=False, autoscroll=True,
    )
    pairs = gr.State([])
    with gr.Row(equal_height=True):
        question = gr.Textbox(
            elem_id="question", placeholder=PLACEHOLDER, show_label=False,
            label="Question", lines=1, max_lines=4, scale=8, autofocus=True,
        )
        send = gr.Button("Send", elem_id="send", variant="primary", scale=1, min_width=96)
        clear = gr.Button("Clear", elem_id="clear", variant="secondary", scale=1,
                          min_width=96)
    gr.Examples(examples=[[q] for q in EXAMPLES], inputs=[question],
                label="Try a question")
    with gr.Accordion("Options", open=False):
        engine = gr.Dropdown(
            ENGINES, value=default_engine, label="Answer engine",
            info="auto: the evaluated default · extractive: quote the reports · "
                 "llm: a local model phrases the answer; every figure is still checked",
        )

    turn: dict[str, Any] = {
        "fn": respond, "inputs": [question, chatbot, pairs, engine],
        "outputs": [question, chatbot, pairs], "api_visibility": "private",
        # progress and errors show on the chat only, never over a restored question
        "show_progress_on": [chatbot],
    }
    send.click(**turn)
    question.submit(**turn)
    clear.click(lambda: ("", [], []), outputs=[question, chatbot, pairs],
                api_visibility="private")
    # The chat's own trash icon empties the messages; the history must go with them, or a
    # follow-up would be condensed against a conversation the user no longer sees.
    chatbot.clear(lambda: [], outputs=[pairs], api_visibility="private")


def theme() -> gr.themes.Base:
    """Return the page theme; its fonts are served by Gradio itself, never from a CDN."""
    return gr.themes.Soft(
        primary_hue="indigo", neutral_hue="slate",
        font=[gr.themes.LocalFont("IBM Plex Sans", weights=(400, 600, 700)),
              "ui-sans-serif", "system-ui", "sans-serif"],
    )


def launch(settings: Settings) -> None:
    """Open the library, build the page and serve it until interrupted."""
    from ..chain import Answerer
    from ..embeddings import offline_environment

    offline_environment()
    demo = build_ui(Answerer(settings), default_engine=settings.engine)
    try:
        _, url, _ = demo.queue(default_concurrency_limit=2).launch(
            server_name=settings.host, server_port=settings.port, prevent_thread_lock=True,
            footer_links=["gradio", "settings"],  # Gradio 6's show_api=False: no API link
            theme=theme(), css=CSS,
            quiet=True, ssr_mode=False,
        )
    except OSError as err:
        raise ConfigError(
            f"cannot serve on {settings.host}:{settings.port}: the port is in use or the address "
            "is not available; choose others with --port/--host or CASEBOOK_PORT/CASEBOOK_HOST"
        ) from err
    print(f"Casebook is running at {url} (Ctrl+C to stop)", flush=True)
    demo.block_thread()
