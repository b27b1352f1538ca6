"""Split page texts into sentences and pack whole sentences into chunks.

Chunks never span pages and keep character offsets into their page's text, so a citation can
quote ``page.text[start:end]`` exactly and a viewer can highlight it on the rendered page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.models import Chunk, LoadedDocument

# Words that end with a full stop without ending the sentence, compared lowercased without dots.
_ABBREVIATIONS = frozenset(
    "eg ie cf vs viz al approx ca dr mr mrs ms mx prof rev hon gen col lt sgt capt st jr sr "
    "inc ltd co corp bros dept govt est jan feb mar apr jun jul aug sep sept oct nov dec "
    "mt ft fr mme mlle messrs".split()
)
# Abbreviations that only stay unsplit before a number: "No. 5", "para. 12", "p. 4".
_BEFORE_NUMBER = frozenset("no nos vol vols art arts para paras fig figs p pp ch sec op".split())
# Sentence-final punctuation, closing quotes or brackets, and an endnote reference written
# against it ("... hazardous work.(8) During ...").
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’)\]]*(?:\(\d{1,3}(?:,\s?\d{1,3})*\))?(?=\s)")
_OPENERS = "\"'“‘([«"
_BULLET_LINE = re.compile(r"\s*(?:[-*+•▪●■◦►]|\d{1,3}[.)]|[a-z][.)]|[ivx]{1,5}[.)])\s+\S")
_MD_HEADING = re.compile(r"\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_NOT_HEADING = re.compile(r"(fig(ure)?|table|map|box|chart|source|note|notes)s?\b\.?", re.I)
_NOTE_NUMBER = re.compile(r"\d{1,3}\s")  # "40 Children and armed conflict..." is an endnote
_MAX_HEADING_CHARS = 150
_MAX_HEADING_WORDS = 22


_SENTENCE_OPENER = re.compile(
    r"(?:The|This|That|These|Those|It|Its|In|On|At|A|An|They|Their|He|She|We|Police|"
    r"Officers|According|Over|More|Some|About|Around|During|After|Before)\b"
)


# A heading in capitals run into its paragraph's first sentence: three or more words in
# capitals, then a word in title case ("COOPERATION WITH THE PROSECUTION Faith produced ...").
_RUN_IN_HEADING = re.compile(r"((?:[A-Z][A-Z’'&-]+\s+){2,}[A-Z][A-Z’'&-]+)\s+(?=[A-Z][a-z’'])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the sentence spans of a text as (start, end) offsets, whitespace trimmed.

    Breaks at sentence-final punctuation followed by a capital, digit or opening quote, at
    paragraph breaks, around heading and list-item lines, and after a heading in capitals
    run into its paragraph; never inside "e.g.", "U.S.", "No. 5", "Dr. Smith", "J. Doe",
    "3.5" or "78/267".

    Args:
        text: The text of one page.

    Returns:
        Spans in text order; ``text[start:end]`` is a sentence with no outer whitespace.
    """
    spans: list[tuple[int, int]] = []
    for seg_start, seg_end in _rejoined(text, _segments(text)):
        start = seg_start
        run_in = _RUN_IN_HEADING.match(text, seg_start, seg_end)
        if run_in and sum(len(w) >= 4 for w in run_in.group(1).split()) >= 2:
            spans.append(_trim(text, start, run_in.end(1)))  # "ROLE IN THE ENTERPRISE Adele's ..."
            start = run_in.end(1)
        for match in _CANDIDATE.finditer(text, seg_start, seg_end):
            end = match.end()
            if end <= start or not _is_boundary(text, match.start(), end, seg_end):
                continue
            spans.append(_trim(text, start, end))
            start = end
        if start < seg_end:
            spans.append(_trim(text, start, seg_end))
    return [s for s in spans if s[1] > s[0]]


# A paragraph break inside a sentence, where a PDF's text blocks part mid-line ("Thus, the
# victim network’s" / "recursive server discovers ..."): the first part ends on a word or a
# comma, the second opens in lower case, and is no list item. A label of a few words
# ("Production") is no sentence to run on.
_OPEN_END = re.compile(r"[\w,;’”\"')]$")
_MIN_RUN_ON_WORDS = 4


def _rejoined(text: str, segments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join segments a paragraph break parted in the middle of a sentence."""
    out: list[tuple[int, int]] = []
    for start, end in segments:
        if (out and text[start].islower() and not _BULLET_LINE.match(text, start)
                and _OPEN_END.search(text, out[-1][0], out[-1][1])
                and text[out[-1][0]] != "#"
                and len(text[out[-1][0]:out[-1][1]].split()) >= _MIN_RUN_ON_WORDS):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _segments(text: str) -> list[tuple[int, int]]:
    """Split text at blank lines, and around heading and list-item lines, into spans."""
    segments: list[tuple[int, int]] = []
    seg_start: int | None = None
    prev_alone = False  # the previous line must not run on into this one (a heading)
    pos = 0
    for line in text.splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        stripped = line.strip()
        if not stripped:
            if seg_start is not None:
                segments.append((seg_start, line_start))
                seg_start = None
            continue
        heading = bool(_MD_HEADING.match(line))
        starts_new = heading or prev_alone or bool(_BULLET_LINE.match(line)) or stripped[0] == "|"
        if seg_start is not None and starts_new:
            segments.append((seg_start, line_start))
            seg_start = None
        if seg_start is None:
            seg_start = line_start
        prev_alone = heading or stripped[0] == "|"
    if seg_start is not None:
        segments.append((seg_start, len(text)))
    return [_trim(text, a, b) for a, b in segments]


def _is_boundary(text: str, punct: int, end: int, limit: int) -> bool:
    """Tell whether the punctuation at ``punct`` ends a sentence."""
    nxt = end
    while nxt < limit and text[nxt].isspace():
        nxt += 1
    while nxt < limit and text[nxt] in _OPENERS:
        nxt += 1
    if nxt >= limit:
        return True
    following = text[nxt]
    if not (following.isupper() or following.isdigit() or following in "•▪●■"):
        return False
    if text[punct] != ".":
        return True
    if text[punct : punct + 3] == "...":
        return True
    word_start = punct
    while (
        word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(["
    ):
        word_start -= 1
    word = text[word_start:punct]
    bare = word.replace(".", "").lower()
    if not bare:
        return True
    if bare in _ABBREVIATIONS:
        return False
    if bare in _BEFORE_NUMBER and following.isdigit():
        return False
    if "." in word and len(bare) <= 4 and bare.isalpha():
        return False  # dotted acronyms like U.S. or U.N.
    # An initial ("M. Deng", "J. K. Rowling") rather than a sentence ending in a capital,
    # unless a roman numeral ends a name ("HAECHI V.") and a usual sentence opener follows.
    if len(word) == 1 and word.isupper():
        before = text[:word_start].rstrip().rsplit(None, 1)[-1:] or [""]
        opener = _SENTENCE_OPENER.match(text, nxt)
        return bool(word in "IVX" and before[0][:1].isupper() and opener)
    return True


def is_heading(paragraph: str, markdown: bool = False) -> bool:
    """Tell whether a paragraph reads as a heading.

    Args:
        paragraph: One paragraph of page text.
        markdown: Only accept ``#`` heading lines (the text comes from markdown).

    Returns:
        True for ``# Title`` lines and, unless ``markdown``, for a short single line with
        letters, no closing full stop and no caption prefix such as "Fig." or "Source:".
    """
    text = paragraph.strip()
    if _MD_HEADING.match(text) and "\n" not in text:
        return True
    if markdown or not text or "\n" in text or len(text) > _MAX_HEADING_CHARS:
        return False
    if len(text.split()) > _MAX_HEADING_WORDS or text.endswith((".", ",", ";", ":", "!", "?")):
        return False
    if not (text[0].isupper() or text[0].isdigit()) or _NOT_HEADING.match(text):
        return False
    if text.startswith(("•", "*", "-", "|", "(")) or _NOTE_NUMBER.match(text):
        return False
    return sum(c.isalpha() for c in text) >= 0.5 * len(text.replace(" ", ""))


def heading_text(paragraph: str) -> str:
    """Return a heading without its markdown ``#`` marks."""
    match = _MD_HEADING.match(paragraph.strip())
    return match.group(2).strip() if match else " ".join(paragraph.split())


def find_headings(text: str, markdown: bool = False) -> list[tuple[int, str]]:
    """Return (offset, heading) for each heading paragraph of a page, in order.

    A plain heading must lead into body text and must not sit in a run of three or more short
    lines: those are chart legends, map labels and table cells, not stacked headings.
    """
    paragraphs = [text[a:b] for a, b in _segments(text)]
    offsets = [a for a, _ in _segments(text)]
    plain = [not markdown and is_heading(p) for p in paragraphs]
    found: list[tuple[int, str]] = []
    for i, para in enumerate(paragraphs):
        if _MD_HEADING.match(para) and "\n" not in para:
            found.append((offsets[i], heading_text(para)))
            continue
        if not plain[i] or i + 1 >= len(paragraphs) or not _is_body(paragraphs[i + 1]):
            continue
        run_before = 0
        while i - run_before - 1 >= 0 and plain[i - run_before - 1]:
            run_before += 1
        caption_before = i > 0 and bool(_NOT_HEADING.match(paragraphs[i - 1]))
        if run_before <= 1 and not caption_before:
            found.append((offsets[i], heading_text(para)))
    return found


def _is_body(paragraph: str) -> bool:
    """Tell whether a paragraph is running text that a heading can introduce."""
    text = paragraph.strip()
    if not text or is_heading(text) or _NOT_HEADING.match(text):
        return False
    if text[0] in "*(†‡" or text[0].islower():
        return False
    return len(text) >= 100 or text.endswith((".", "!", "?", ":", "”", '"', "’", ")"))


@dataclass
class _Sentence:
    start: int
    end: int
    heading: str
    opens_section: bool


def chunk_document(
    doc: LoadedDocument, doc_id: str, max_chars: int = 900, overlap: int = 1
) -> list[Chunk]:
    """Pack whole sentences of each page into chunks of at most ``max_chars`` characters.

    Args:
        doc: The loaded document.
        doc_id: Id stored on every chunk.
        max_chars: Longest chunk; a longer single sentence is cut at whitespace.
        overlap: Sentences repeated from the end of the previous chunk of the same section.

    Returns:
        Chunks numbered from 0 in document order, each with ``page.text[start:end] == text``
        and the heading in force where it starts (carried across pages).
    """
    chunks: list[Chunk] = []
    heading = ""
    markdown = doc.fmt == "md"
    for page in doc.pages:
        text = page.text
        headings = find_headings(text, markdown)
        sentences: list[_Sentence] = []
        h = 0
        for start, end in split_sentences(text):
            opens = False
            while h < len(headings) and headings[h][0] <= start:
                heading, opens = headings[h][1], headings[h][0] == start
                h += 1
            sentences.append(_Sentence(start, end, heading, opens))
        for start, end, chunk_heading in _pack(text, sentences, max_chars, overlap):
            chunks.append(
                Chunk(
                    doc_id=doc_id,
                    index=len(chunks),
                    text=text[start:end],
                    page=page.number,
                    start=start,
                    end=end,
                    heading=chunk_heading,
                )
            )
    return chunks


def _pack(
    text: str, sentences: list[_Sentence], max_chars: int, overlap: int
) -> list[tuple[int, int, str]]:
    """Group sentences into (start, end, heading) spans no longer than ``max_chars``."""
    spans: list[tuple[int, int, str]] = []
    current: list[_Sentence] = []

    def flush() -> None:
        if current:
            spans.append((current[0].start, current[-1].end, current[0].heading))

    for sent in sentences:
        if sent.end - sent.start > max_chars:
            flush()
            current = []
            spans.extend(
                (a, b, sent.heading) for a, b in _cut(text, sent.start, sent.end, max_chars)
            )
            continue
        if current and sent.opens_section:
            flush()
            current = [sent]  # no overlap across a heading: it belongs to another section
        elif current and sent.end - current[0].start > max_chars:
            flush()
            carried = current[-overlap:] if overlap > 0 else []
            while carried and sent.end - carried[0].start > max_chars:
                carried = carried[1:]
            current = [*carried, sent]
        else:
            current.append(sent)
    flush()
    return spans


def _cut(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut an over-long sentence at whitespace into pieces of at most ``max_chars``."""
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        window = text[start + 1 : start + max_chars + 1]
        split = start + 1 + max(window.rfind(" "), window.rfind("\n"))
        if split <= start:
            split = start + max_chars  # no space at all: cut mid-token rather than overflow
        pieces.append(_trim(text, start, split))
        start = _trim(text, split, end)[0]
    if start < end:
        pieces.append((start, end))
    return [p for p in pieces if p[1] > p[0]]
