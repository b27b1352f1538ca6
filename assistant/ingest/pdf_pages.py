"""Pages of a stored PDF as a reader sees them: printed page labels and highlighted images.

PyMuPDF (already used to read PDFs) renders a page without any download; the cited sentence is
found on the page by its words and painted over in yellow.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

ZOOM = 1.6  # about 115 dpi: a page is readable in the viewer
MAX_NEEDLE_WORDS = 8  # words searched at a time (PyMuPDF searches within lines)


@lru_cache(maxsize=64)
def page_labels(path: Path) -> tuple[str, ...]:
    """Return the label printed for each page ("67" for the third page of a chapter), or ()."""
    import pymupdf

    with pymupdf.open(path) as doc:
        labels = tuple(page.get_label() or "" for page in doc)
    return labels if any(labels) else ()


def page_label(path: Path, page: int | None) -> str | None:
    """Return the printed label of a 1-based PDF page, or None when the PDF has none."""
    if page is None or not path.is_file():
        return None
    labels = page_labels(path)
    return labels[page - 1] or None if 0 < page <= len(labels) else None


def render_page(path: Path, page: int, quote: str = "") -> tuple[bytes, int]:
    """Return the PNG of a 1-based page with ``quote`` highlighted, and how many marks were made.

    The sentence is searched piece by piece (eight words at a time), since a sentence in the
    text may run over several lines, columns or a hyphenated break on the page.
    """
    import pymupdf

    with pymupdf.open(path) as doc:
        if not 0 < page <= len(doc):
            raise ValueError(f"page {page} is not in {path.name} ({len(doc)} pages)")
        pdf_page = doc[page - 1]
        marks = 0
        for needle in _needles(quote):
            rects = pdf_page.search_for(needle)
            if rects:
                annot = pdf_page.add_highlight_annot(rects)
                annot.set_colors(stroke=(1.0, 0.85, 0.1))
                annot.update()
                marks += len(rects)
        pix = pdf_page.get_pixmap(matrix=pymupdf.Matrix(ZOOM, ZOOM), annots=True)
        return pix.tobytes("png"), marks


def _needles(quote: str) -> list[str]:
    words = re.findall(r"\S+", quote)
    return [" ".join(words[i:i + MAX_NEEDLE_WORDS])
            for i in range(0, len(words), MAX_NEEDLE_WORDS)
            if len(" ".join(words[i:i + MAX_NEEDLE_WORDS])) >= 12]
