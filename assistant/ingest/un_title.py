"""Titles of United Nations documents, whose covers show the organ's name largest.

A UN document's first page has a masthead ("United Nations", the symbol "S/2025/239", the organ
"Security Council" in large type, "Distr.: General", the date, "Original: English"); its own
title comes after, in smaller bold type. A letter that transmits a report names the report in
its first sentence ("I have the honour to transmit herewith the final report of the Panel of
Experts on the Sudan"): that is what a reader would call the document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

SYMBOL = re.compile(r"^(?:[A-Z]{1,3}/(?:[A-Z0-9.]+/)*\d+/\d+)(?:-[A-Z]/\d+/\d+)*$")
MASTHEAD_END = re.compile(r"^(?:Original|English|Distr\.|\d{1,2} \w+ \d{4}$)", re.I)
BARCODE = re.compile(r"^\*\d+\*$|^\d{2}-\d{5}")
TRANSMITS = re.compile(
    r"\btransmit(?:ting)? (?:to you |herewith )*(?:herewith )?(?P<what>(?:the|a) [^.;]{10,160}?)"
    r"(?=,| pursuant| established| submitted| prepared| in accordance| which|\.)", re.I)
MAX_CHARS = 200
MIN_WORDS = 5  # a transmitted report's name shorter than this is completed by the letter


class Line(Protocol):
    """A line of the cover page as the PDF loader reads it."""

    text: str
    size: float
    bold: bool


def un_title(lines: Sequence[Line], cover_text: str) -> str:
    """Return the title of a UN document from its cover, or '' when it is not one.

    Args:
        lines: The first page's lines in reading order, with font sizes.
        cover_text: The text of the first pages, for the report a letter transmits.
    """
    texts = [ln.text.strip() for ln in lines]
    symbol = next((t for t in texts[:6] if SYMBOL.match(t)), "")
    if not symbol or "United Nations" not in texts[:6]:
        return ""
    after = [i for i, t in enumerate(texts) if MASTHEAD_END.match(t)]
    if not after:
        return ""
    largest = max(ln.size for ln in lines)
    organ = {t for t, ln in zip(texts, lines, strict=True) if ln.size >= largest - 0.5}
    rest = [ln for ln, t in zip(lines[after[-1] + 1:], texts[after[-1] + 1:], strict=True)
            if ln.bold and t not in organ and not BARCODE.match(t)]
    if not rest:
        return ""
    biggest = max(ln.size for ln in rest)
    first = next(i for i, ln in enumerate(rest) if ln.size >= biggest - 0.5)
    title_lines = []
    for ln in rest[first:]:
        if ln.size < biggest - 0.5:
            break
        title_lines.append(ln.text.strip())
    title = re.sub(r"\*+$", "", " ".join(title_lines)).strip()
    if title.lower().startswith("letter dated"):
        m = TRANSMITS.search(" ".join(cover_text.split()))
        if m:
            what = re.sub(r"^(?:the|a) ", "", m.group("what"))
            what = what[:1].upper() + what[1:]
            # "the interim report" alone says less than the letter, which names its sender.
            title = what if len(what.split()) >= MIN_WORDS else f"{what}: {title}"
    return f"{title[:MAX_CHARS]} ({symbol})" if title else ""
