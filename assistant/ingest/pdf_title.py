"""The title of a PDF: its metadata title when the document bears it out, else its cover's.

A PDF's metadata title is often not the report's: an authoring template ("Arial 36pt
Header", "Home Office document template"), a working file name ("Microsoft Word - HTI Codebook
2013.docx", "Draft Parent Resource Guide - v5.docx"), or the title of the edition in another
language. The cover shows the title a reader sees, in its largest type, but a cover can say
little ("CGD Policy Paper 123") or be set in a font without a text encoding, which extracts as
garbage. A paper or thesis may set its title in body-size type, marked only by bold or
capitals ("Impact of Alleged Russian Cyber Attacks" in bold over the article). So the metadata
title stands when the first pages bear out its words; otherwise the cover's largest type, when
it reads as text; otherwise the metadata title with its file-name dressing removed; otherwise
the first bold or capitalised lines at the top of the cover; and only then the file name.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from .un_title import Line, un_title

BAD_TITLE = re.compile(
    r"^(untitled|document\d*|slide \d+)$|\btemplate\b|\b\d+\s?pt\b|^[\w.-]+:[\w.:-]*$", re.I)
WORD_PROCESSOR = re.compile(r"^(?:Microsoft (?:Word|PowerPoint) - )|\.(?:pdf|docx?|pptx?|indd)$",
                            re.I)
WORD = re.compile(r"[^\W\d_]{3,}")
# A font without a text encoding extracts as control characters and rare letters.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffd]")
BORNE_OUT = 0.6  # share of the title's words the first pages must use
MIN_COVER_SIZE = 14.0  # points: a cover title's type, unless it stands out from the page
STANDS_OUT = 1.2  # times the page's median type size
MAX_LINES = 4
GOES_ON = re.compile(r"\b(?:of|with|the|and|for|to|in|on|a|an|from|by|or)\s*$", re.I)
MAX_CHARS = 200
# Icons that open a line (a bullet), never a word.
BULLETS = ("•", "▪", "●", "■", "◦", "➢", "○", "►")

def pdf_title(meta_title: str, cover: Sequence[Line], front_text: str, stem: str) -> str:
    """Return the document's title.

    Args:
        meta_title: The PDF's metadata title (cleaned of ligatures and soft hyphens).
        cover: The first page's lines in reading order, with font sizes.
        front_text: The text of the first pages, which a true title's words appear in.
        stem: The file name without extension, the last resort.
    """
    meta = " ".join(WORD_PROCESSOR.sub("", meta_title).split())
    if meta and " " not in meta and "_" in meta:
        meta = meta.replace("_", " ")  # "red_alert_supplement_2014": a file name
    usable = len(meta) >= 4 and not BAD_TITLE.search(meta) and not garbled(meta)
    if usable and meta == " ".join(meta_title.split()) and borne_out(meta, front_text):
        return tidy(meta)
    shown = un_title(cover, front_text) or largest_text(cover)
    if shown and not garbled(shown):
        return tidy(shown)
    if usable:
        return tidy(meta)
    marked = emphasised_text(cover)
    return tidy(marked) if marked and not garbled(marked) else stem


def borne_out(title: str, text: str) -> bool:
    """Return True when most of the title's words appear in ``text``."""
    words = {w.lower() for w in WORD.findall(title)}
    if not words:
        return False
    used = {w.lower() for w in WORD.findall(text)}
    return len(words & used) >= BORNE_OUT * len(words)


def garbled(text: str) -> bool:
    """Return True when the text is a font's unmapped glyphs, not words."""
    return bool(CONTROL.search(text))


def largest_text(lines: Sequence[Line]) -> str:
    """Return the largest-type lines of a cover, if they stand out, with a subtitle its
    colon announces ("FOLLOW THE MONEY:" / "Inside the card shops"), or that a title cut
    after a small word needs ("En Route with" / "Part 2: Observing the Comings and Goings":
    the cover drew "Sednit" as a picture)."""
    # A chapter number or a drop capital ("9", "C") is set larger than the title it opens.
    lines = _worded(lines)
    if not lines:
        return ""
    biggest = max(ln.size for ln in lines)
    # A cover shows its title big; on a page of body text the "largest" line means nothing.
    if biggest < MIN_COVER_SIZE and biggest < STANDS_OUT * statistics.median(
            ln.size for ln in lines):
        return ""
    picked = [i for i, ln in enumerate(lines) if ln.size >= biggest - 0.5][:MAX_LINES]
    parts = [lines[i].text for i in picked]
    if " ".join(parts).rstrip().endswith(":") or GOES_ON.search(" ".join(parts)):
        after = lines[picked[-1] + 1:picked[-1] + 1 + MAX_LINES]
        size = after[0].size if after else 0.0
        parts += [ln.text for ln in after if abs(ln.size - size) < 0.5][:2]
    return " ".join(" ".join(parts).split())[:MAX_CHARS].strip(" ;,")


TOP_LINES = 8  # lines with words at the top of a cover, where a title set in body type sits
MIN_TITLE_WORDS = 3
TITLE_WORD = re.compile(r"\b(?=\w*[^\W\d_])\w{2,}")  # "IC3", "REPORT"; not "2025" nor "I N D"


def emphasised_text(lines: Sequence[Line]) -> str:
    """Return the first run of bold or all-capital lines near the top of a page whose type
    is no smaller than the body's: a title marked by its weight or case, not its size.

    Running heads in small type, page numbers and letter-spaced headings ("I N D I C T") are
    passed over; a run needs two words a line and three in all.
    """
    worded = _worded(lines)
    if not worded:
        return ""
    body = statistics.median(ln.size for ln in worded)
    run: list[str] = []
    style = ""
    for ln in worded[:TOP_LINES]:
        words = TITLE_WORD.findall(ln.text)
        marked = "bold" if ln.bold else "caps" if ln.text.isupper() else ""
        fits = ln.size >= body - 0.5 and len(words) >= 2 and marked
        if run and (not fits or marked != style or len(run) == MAX_LINES):
            break
        if fits:
            run.append(ln.text)
            style = marked
    title = " ".join(" ".join(run).split())
    if len(title) > MAX_CHARS:
        title = title[:MAX_CHARS].rsplit(" ", 1)[0]
    return title if len(TITLE_WORD.findall(title)) >= MIN_TITLE_WORDS else ""


def _worded(lines: Sequence[Line]) -> list[Line]:
    """Return the lines with two letters or more: not a page number, a chapter number or a
    drop capital."""
    return [ln for ln in lines if sum(c.isalpha() for c in ln.text) >= 2]


def tidy(title: str) -> str:
    """Return the title without a leading icon or unmatched bracket, or a closing full stop."""
    title = " ".join(title.split()).lstrip("".join(BULLETS) + " ")
    if title.startswith("[") and "]" not in title:
        title = title[1:]
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    return title.strip()
