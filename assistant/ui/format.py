"""Markdown for one answer in the chat; pure functions, no Gradio.

Everything that comes from a document (answer text, titles, quotes) is untrusted data: it is
escaped so that it shows as written and can never become markup, links or script.
"""

from __future__ import annotations

import re

from ..models import Answer, Citation

ABSTAIN_MARK = "**Not in the library.**"
SOURCES_HEADING = "**Sources**"
VERIFIED_HEADING = "**Figures checked against their sources:**"
NEAREST_HEADING = "**Nearest passages**"
QUOTE_CHARS = 320

# Inline Markdown that could turn document text into markup: emphasis, code, links and images,
# GFM tables and strikethrough, Gradio's $$ LaTeX, escapes themselves. Other punctuation is
# left alone because Gradio copies the raw text into each message's aria-label.
_INLINE = re.compile(r"([\\`*_\[\]~|$])")
# Block syntax only counts at the start of a line, and our text is flattened to one line.
_LEADING = re.compile(r"^(\d+)([.)])|^([#>+\-=])")
# GFM autolinks (http://, www., e-mail) would make untrusted addresses clickable.
_AUTOLINK = re.compile(r"(?<=[A-Za-z])(:)(?=//)|(?<=\bwww)(\.)|(@)", re.IGNORECASE)
_ENTITY = re.compile(r"&(?=#?\w+;)")
_WHITESPACE = re.compile(r"\s+")
YEAR = re.compile(r"(?:19|20)\d\d")


def escape_markdown(text: str) -> str:
    """Return ``text`` as inline Markdown that renders literally, on one line."""
    flat = _WHITESPACE.sub(" ", text).strip()
    flat = _ENTITY.sub("&amp;", flat).replace("<", "&lt;")
    flat = _INLINE.sub(r"\\\1", flat)
    flat = _AUTOLINK.sub(lambda m: "\\" + m.group(0), flat)
    return _LEADING.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1)
                        else f"\\{m.group(3)}", flat)


def shorten(text: str, limit: int = QUOTE_CHARS) -> str:
    """Return ``text`` cut at a word boundary to about ``limit`` characters, with an ellipsis."""
    flat = _WHITESPACE.sub(" ", text).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut} …"


def format_citation(cite: Citation) -> str:
    """Return one source line: ``[n] Title, p. N — “quote”`` (page left out when unknown)."""
    where = escape_markdown(cite.title or cite.source or cite.doc_id)
    if cite.page is not None:
        where += f", p. {cite.page}"
        if cite.page_label and cite.page_label != str(cite.page):
            where += f" (printed {escape_markdown(cite.page_label)})"
    quote = escape_markdown(shorten(cite.quote))
    return f"- \\[{cite.n}\\] {where} — “{quote}”"


def format_answer(answer: Answer) -> str:
    """Return the chat message for ``answer``: text, unverified figures, then its sources."""
    text = escape_markdown(answer.answer)
    parts = [f"{ABSTAIN_MARK} {text}" if answer.abstained else text]

    # Years date the figures; the marks are for the amounts a reader checks.
    verified = [f for f in answer.figures if f.verified and not YEAR.fullmatch(f.text)]
    if verified:
        # The same parser and matcher as a fact-check: each figure found in the passage it cites.
        marks = "; ".join(f"{escape_markdown(f.text)} (verified in \\[{f.citation}\\])"
                          for f in verified)
        parts.append(f"{VERIFIED_HEADING} {marks}")
    unverified = [f for f in answer.figures if not f.verified]
    if unverified:
        lines = []
        for fig in unverified:
            where = f" \\[{fig.citation}\\]" if fig.citation is not None else ""
            lines.append(f"- ⚠️ **Unverified figure:** {escape_markdown(fig.text)} is not in "
                         f"the passage it cites{where}.")
        parts.append("\n".join(lines))

    if answer.citations:
        parts.append(SOURCES_HEADING + "\n" + "\n".join(format_citation(c)
                                                        for c in answer.citations))
    if answer.abstained and answer.nearest:
        parts.append(NEAREST_HEADING + " (they do not answer the question)\n"
                     + "\n".join(format_citation(c) for c in answer.nearest))
    return "\n\n".join(parts)
