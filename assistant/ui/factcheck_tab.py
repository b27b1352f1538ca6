"""The Fact-check tab: a claim in, each figure's verdict with the sentence that decides it."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import gradio as gr

from ..errors import CasebookError
from ..factcheck import CheckResult, Evidence
from .format import escape_markdown, shorten

VERDICT_MARK = {"supported": "Supported", "contradicted": "Contradicted",
                "not_found": "Not found in the library"}
EXAMPLES = [
    "INTERPOL's Liberterra II led to more than 2,500 arrests.",
    "Synergia II took down 1,307 servers in Hong Kong.",
    "Operation Serengeti arrested 3,000 suspects.",
]
INTRO = ("Paste a sentence with figures. Each figure is checked against the reports: "
         "supported, contradicted (the report gives another value), or not found.")


def _source(ev: Evidence) -> str:
    where = escape_markdown(ev.title)
    if ev.page is not None:
        where += f", p. {ev.page}"
    return f"{where} — “{escape_markdown(shorten(ev.quote))}”"


def format_check(result: CheckResult) -> str:
    """Return the Markdown report of a fact-check; document text is escaped."""
    lines = [f"### Verdict: {VERDICT_MARK[result.verdict]}",
             f"> {escape_markdown(result.claim)}", ""]
    for fig in result.figures:
        what = f" ({escape_markdown(fig.counts)})" if fig.counts else ""
        lines.append(f"- **{escape_markdown(fig.text)}**{what}: "
                     f"{VERDICT_MARK[fig.verdict].lower()}")
        if fig.evidence is not None:
            lines.append(f"  - the report gives **{escape_markdown(fig.evidence.source_text)}**:"
                         f" {_source(fig.evidence)}")
        for other in fig.conflicts:
            lines.append(f"  - another value, **{escape_markdown(other.source_text)}**: "
                         f"{_source(other)}")
    return "\n".join(lines)


def build(check: Callable[[str], CheckResult]) -> None:
    """Add the tab's components to the enclosing Blocks; ``check`` runs one fact-check."""

    def run(claim: str) -> str:
        if not (claim or "").strip():
            return "Type or paste a claim with at least one figure."
        try:
            return format_check(check(claim))
        except CasebookError as err:
            raise gr.Error(html.escape(str(err)), print_exception=False) from err

    gr.Markdown(INTRO)
    with gr.Row(equal_height=True):
        claim = gr.Textbox(elem_id="claim", label="Claim", placeholder="A sentence to check…",
                           lines=2, max_lines=6, scale=8)
        button = gr.Button("Check", elem_id="check", variant="primary", scale=1, min_width=96)
    report = gr.Markdown(elem_id="check-result", sanitize_html=True)
    gr.Examples(examples=[[c] for c in EXAMPLES], inputs=[claim], label="Try a claim")
    event: dict[str, Any] = {"fn": run, "inputs": [claim], "outputs": [report],
                             "api_visibility": "private"}
    button.click(**event)
    claim.submit(**event)
