"""The workspace: Chat, Library, Fact-check, Figures and Settings tabs, and the REST API beside.

``build_ui`` returns the Gradio Blocks; ``launch`` serves it with the REST API
(``assistant.api``) on one port through uvicorn: the page at /, the API at /api, its OpenAPI
docs at /api/docs.
"""

from __future__ import annotations

import logging
import os
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from ..errors import ConfigError
from . import chat_tab, factcheck_tab, figures_tab, library_tab
from .chat_tab import ChatOptions, chat_turn
from .format import format_answer

if TYPE_CHECKING:
    from ..config import Settings
    from ..factcheck import CheckResult
    from ..figure_table import FigureRow

__all__ = ["ChatOptions", "build_ui", "chat_turn", "format_answer", "launch"]

log = logging.getLogger(__name__)

TITLE = "Casebook"
DESCRIPTION = ("Ask about the crime reports in the library: every answer quotes the passages it "
               "relies on, and says so when the reports do not answer.")
ENGINES = ["auto", "extractive", "llm"]

# A readable width on a desk, no sideways scrolling on a phone, and the cited sentence in yellow.
CSS = """
.gradio-container { max-width: 1280px !important; margin: 0 auto !important; }
#intro p { margin-top: 0; }
mark { background: #ffe066; color: inherit; padding: 0 1px; }
#passage .passage { line-height: 1.5; }
@media (max-width: 600px) {
  .gradio-container { padding: 6px !important; }
  #page-image img { max-width: 100%; height: auto; }
}
"""
# An [n] marker in an answer selects that source in the panel beside the chat.
HEAD = """<script>
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest('a[href^="#cite-"]');
  if (!link) { return; }
  event.preventDefault();
  const n = link.getAttribute("href").slice(6);
  for (const input of document.querySelectorAll('#sources input[type="radio"]')) {
    if (input.value === n) {
      input.click();
      document.getElementById("sources-panel")?.scrollIntoView({block: "nearest"});
      return;
    }
  }
});
</script>"""


def _model_line(settings: Any) -> str:
    """Return the Settings tab's description of the language model in use."""
    if settings is None:
        return ""
    llm = getattr(settings, "llm", "none")
    if llm == "embedded":
        import importlib.util

        installed = importlib.util.find_spec("llama_cpp") is not None
        what = ("SmolLM2-135M-Instruct, embedded through llama.cpp" if installed else
                "the embedded SmolLM2 is **not installed** (`make llm` builds it); the llm "
                "engine will say so")
    elif llm == "none":
        what = "none: answers are always extractive"
    else:
        what = f"`{llm}`"
    return (f"**Language model:** {what}.  \n**Embedding model:** all-MiniLM-L6-v2 (packaged)."
            f"  \n**Index:** `{settings.index}`  \n**REST API:** [/api/docs](/api/docs) "
            "(POST /api/ask, POST /api/check, GET/POST /api/documents, "
            "DELETE /api/documents/{id})")


def build_ui(answerer: Any, default_engine: str | None = None) -> gr.Blocks:
    """Return the workspace wired to ``answerer`` (not launched).

    With a real ``assistant.chain.Answerer`` every tab is there; with a test double (anything
    with ``ask``) only the chat and its settings.
    """
    settings = getattr(answerer, "settings", None)
    if default_engine is None:
        default_engine = getattr(settings, "engine", "auto")
    if default_engine not in ENGINES:
        default_engine = "auto"
    library = getattr(answerer, "library", None)
    check, rows = _tools(answerer)
    with gr.Blocks(title=TITLE) as demo:
        gr.Markdown(f"# {TITLE}")
        gr.Markdown(DESCRIPTION, elem_id="intro")
        engine = gr.Dropdown(
            ENGINES, value=default_engine, label="Answer engine", elem_id="engine",
            info="auto: the evaluated default · extractive: quote the reports · "
                 "llm: a language model phrases the answer; every figure is still checked",
            render=False)
        top_k = gr.Slider(4, 30, step=1, value=getattr(settings, "top_k", 14),
                          label="Passages retrieved per question", elem_id="top-k",
                          render=False)
        choices = library_tab.doc_choices(library) if library is not None else []
        doc_filter = gr.CheckboxGroup(choices=choices, label="Answer only from these documents",
                                      elem_id="doc-filter", render=False)
        date_from = gr.Textbox(label="Reports dated from (YYYY-MM-DD)", elem_id="date-from",
                               render=False)
        date_to = gr.Textbox(label="Reports dated until (YYYY-MM-DD)", elem_id="date-to",
                             render=False)
        loads: list[tuple[Callable[..., Any], list[Any], list[Any]]] = []
        with gr.Tabs():
            with gr.Tab("Chat", id="chat-tab"):
                chat_load = chat_tab.build(answerer, engine, top_k, doc_filter, date_from,
                                           date_to)
                with gr.Accordion("Answer only from…", open=False, elem_id="restrict"):
                    doc_filter.render()
                    with gr.Row():
                        date_from.render()
                        date_to.render()
            if library is not None:
                with gr.Tab("Library", id="library-tab"):
                    refresh, outputs = library_tab.build(library, answerer.settings.max_upload_mb,
                                                         doc_filter)
                    loads.append((refresh, [], outputs))
            if check is not None:
                with gr.Tab("Fact-check", id="check-tab"):
                    factcheck_tab.build(check)
            if rows is not None:
                with gr.Tab("Figures", id="figures-tab"):
                    figures_tab.build(rows)
            with gr.Tab("Settings", id="settings-tab"):
                engine.render()
                top_k.render()
                gr.Markdown(_model_line(settings), elem_id="model-info")
        for fn, inputs, outputs in loads:
            demo.load(fn, inputs=inputs, outputs=outputs, api_visibility="private")
        fn, inputs, outputs = chat_load
        # the question box opens disabled (see chat_tab.build): focus it once it is usable
        demo.load(fn, inputs=inputs, outputs=outputs, api_visibility="private").then(
            None, js=chat_tab.FOCUS_QUESTION, api_visibility="private")
    return demo


def _tools(answerer: Any) -> tuple[Callable[[str], CheckResult] | None,
                                   Callable[[], list[FigureRow]] | None]:
    """Return the fact-check and figure-table functions of a real Answerer (None for doubles)."""
    from ..chain import Answerer

    if not isinstance(answerer, Answerer):
        return None, None
    from ..factcheck import check_claim
    from ..figure_table import figure_rows

    return (lambda claim: check_claim(answerer, claim)), (lambda: figure_rows(answerer.library))


def theme() -> gr.themes.Base:
    """Return the page theme; its fonts are served by Gradio itself, never from a CDN."""
    return gr.themes.Soft(
        primary_hue="indigo", neutral_hue="slate",
        font=[gr.themes.LocalFont("IBM Plex Sans", weights=(400, 600, 700)),
              "ui-sans-serif", "system-ui", "sans-serif"],
    )


def make_app(answerer: Any) -> Any:
    """Return the FastAPI app serving the REST API at /api and the workspace at /."""
    from ..api import build_api

    settings = answerer.settings
    # Gradio keeps uploads in its own temporary folder: keep it under the index folder.
    os.environ.setdefault("GRADIO_TEMP_DIR", str(settings.index / "uploads" / ".incoming"))
    demo = build_ui(answerer, default_engine=settings.engine)
    demo.queue(default_concurrency_limit=4)
    return gr.mount_gradio_app(
        build_api(answerer), demo, path="/", theme=theme(), css=CSS, head=HEAD,
        footer_links=["gradio", "settings"],
        max_file_size=f"{settings.max_upload_mb}mb", ssr_mode=False,
        auth=settings.login(), auth_message="Casebook: log in (CASEBOOK_AUTH)",
    )


def _check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            raise ConfigError(
                f"cannot serve on {host}:{port}: the port is in use or the address is not "
                "available; choose others with --port/--host or CASEBOOK_PORT/CASEBOOK_HOST"
            ) from err


def launch(settings: Settings) -> None:
    """Open the library, build the workspace and the API, serve them until interrupted."""
    import uvicorn

    from ..chain import Answerer
    from ..embeddings import offline_environment

    offline_environment()
    _check_port(settings.host, settings.port)
    # Uploads in transit (the API's spooled request bodies, Gradio's files) and the pages the
    # viewer renders stay under the index folder, not in the system's temporary folder.
    incoming = Path(settings.index) / "uploads" / ".incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    tempfile.tempdir = str(incoming)
    os.environ["GRADIO_TEMP_DIR"] = str(incoming)
    app = make_app(Answerer(settings))
    print(f"Casebook is running at http://{settings.host}:{settings.port}/ (API docs at "
          f"/api/docs; Ctrl+C to stop)", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
