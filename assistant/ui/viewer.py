"""The source viewer: the cited page, with the quoted sentence highlighted.

For a PDF the page itself is rendered (PyMuPDF, no download) with the sentence painted yellow;
for other formats, and below the image, the page's text with the sentence marked. Pure
functions of the library, so they are tested without a browser.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..ingest.pdf_pages import render_page

if TYPE_CHECKING:
    from ..ingest.library import Library

PASSAGE_CHARS = 1600  # text shown around the sentence


def describe(library: Library | None, cite: dict[str, Any]) -> str:
    """Return one line naming the cited report: title, publisher, date, page and its label."""
    rec = library.table().records.get(cite["doc_id"]) if library is not None else None
    parts = [cite.get("title") or cite.get("source") or cite["doc_id"]]
    if rec is not None:
        parts += [p for p in (rec.publisher, rec.date) if p]
    if cite.get("page"):
        label = cite.get("page_label")
        printed = f" (printed {label})" if label and label != str(cite["page"]) else ""
        parts.append(f"p. {cite['page']}{printed}")
    return ", ".join(str(p) for p in parts)


def passage_html(text: str, quote: str) -> str:
    """Return the page text around ``quote`` as HTML, the sentence in a <mark>."""
    flat = " ".join(text.split())
    needle = " ".join(quote.split())
    at = flat.find(needle)
    if at < 0:
        # The quote may span a chunk boundary: mark its longest leading part that is there.
        words = needle.split()
        while words and at < 0:
            words = words[:-1]
            at = flat.find(" ".join(words)) if len(words) >= 5 else -1
        needle = " ".join(words)
    if at < 0:
        return f"<p>{html.escape(flat[:PASSAGE_CHARS])}</p>"
    lo = max(0, at - (PASSAGE_CHARS - len(needle)) // 2)
    hi = min(len(flat), at + len(needle) + (PASSAGE_CHARS - len(needle)) // 2)
    before = ("… " if lo else "") + html.escape(flat[lo:at])
    after = html.escape(flat[at + len(needle):hi]) + (" …" if hi < len(flat) else "")
    return (f"<p class='passage'>{before}<mark id='cited'>{html.escape(needle)}</mark>"
            f"{after}</p>")


def page_image(library: Library, cite: dict[str, Any]) -> str | None:
    """Return the path of a PNG of the cited PDF page with the quote highlighted, or None."""
    rec = library.table().records.get(cite["doc_id"])
    page = cite.get("page")
    if rec is None or rec.fmt != "pdf" or not page:
        return None
    path = library.original_path(rec.doc_id, "pdf")
    if not path.is_file():
        return None
    png, _ = render_page(path, int(page), cite.get("quote") or "")
    folder = Path(tempfile.mkdtemp(prefix="casebook-page-"))
    out = folder / f"{rec.doc_id}-p{page}.png"
    out.write_bytes(png)
    return str(out)


def show(library: Library | None, cite: dict[str, Any] | None) -> tuple[str | None, str]:
    """Return (page image path or None, HTML: the report line and the marked passage)."""
    if cite is None:
        return None, ""
    head = f"<p class='cite-head'><b>[{cite['n']}]</b> {html.escape(describe(library, cite))}</p>"
    if library is None:
        return None, head + passage_html(cite.get("quote") or "", cite.get("quote") or "")
    text = library.page_text(cite["doc_id"], cite.get("page"))
    image = page_image(library, cite)
    return image, head + passage_html(text or cite.get("quote") or "", cite.get("quote") or "")


def marker_links(markdown: str) -> str:
    """Turn the escaped [n] markers of an answer into links to the sources panel."""
    return re.sub(r"\\\[(\d+)\\\]", r"[\\[\1\\]](#cite-\1)", markdown)
