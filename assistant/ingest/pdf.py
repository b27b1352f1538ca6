"""Extract reading-order page text from PDFs with PyMuPDF.

Reports are laid out in columns with charts, running headers and footnote markers glued to
words. Plain ``page.get_text()`` interleaves the columns and keeps "victims.12 The", so this
module rebuilds each page from text blocks: it drops margins that repeat across pages and
number-only blocks (page numbers, chart axes), removes superscript markers by their font,
orders blocks column by column, and unwraps lines into paragraphs separated by blank lines.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import IngestError
from assistant.models import LoadedDocument, Page

from .pdf_title import BULLETS, pdf_title

_MARKER = re.compile(r"[\d,\-–*†‡§]+|[a-z]{1,2}")
_NUMERIC = re.compile(r"[\d\s.,%–\-+()/:]*\d[\d\s.,%–\-+()/:]*")
_YEARS = re.compile(r"\(?\d{4}(\s*[–-]\s*\d{2,4})?\)?[.,;]?")
_PAGE_LABEL = re.compile(r"(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?", re.IGNORECASE)
_NOTE_START = re.compile(r"([a-z]|\d{1,3}|\*{1,3}|[†‡§])\s+\S")
# A note's letter is single or doubled ("d", "aa"); "in Ukraine", "as Windows" go on a sentence.
# A stray glyph may sit between the mark and the note's first word ("85 \x07Joint ...").
_NOTE_ENTRY = re.compile(r"(?:(?P<letter>[a-z])(?P=letter)?|\d{1,3}|\*{1,3})\s+"
                         r"[\x00-\x1f\ufffd\ue000-\uf8ff]*\s*[A-Z“\"(]")
# A figure's or table's caption, or the source line under it: "Fig. 82 ...", "Source: ...".
_CAPTION = re.compile(r"(?:(?i:fig(?:ure)?|table|map|chart|graph|box)\.?\s+\d+[A-Za-z]?"
                      r"(?:[.:]|\s+[A-Z])|(?i:source):)")
_HYPHENS = ("-", "\u00ad", "\u2010")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Ligatures, read as glyphs so that a space some PDFs set after one ("of the \ufb01 ve PLA
# of\ufb01 cers") can be told from a space between words: before a lower-case letter it is
# inside the word. "\ufb00" can end a word ("sta\ufb00 member"), so a space after it is
# kept until the document's words tell (``_close_ff_gaps``).
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
              "\ufb05": "st", "\ufb06": "st"}
_SPACE_AFTER_LIGATURE = re.compile("([\ufb01-\ufb04]) +(?=[a-z])|([\ufb00-\ufb04]) +(?=-\\s*$)")
_LIGATURE = re.compile("[\ufb01-\ufb06]|\ufb00(?! *(?:[a-z]|$))")
# TeX-made PDFs draw an accented letter as a spacing accent and the letter: "Medell´ın" for
# "Medellín", "Ju´arez" for "Juárez" (with a dotless "ı" under the acute). Inside a word and
# before a vowel ("ñ" too) the two are one letter; "don´t" and "Kaspersky´s" keep their
# apostrophe, since no English word has an accented consonant there.
_SPACING_ACCENTS = {"\u00b4": "\u0301", "`": "\u0300", "\u00a8": "\u0308", "\u02c6": "\u0302",
                    "\u02dc": "\u0303", "\u02da": "\u030a", "\u02c7": "\u030c", "\u02dd": "\u030b"}
_ACCENTED = re.compile("(?<=[^\\W\\d_])([\u00b4`\u00a8\u02c6\u02dc\u02da\u02c7\u02dd])"
                       "([aeiouyAEIOUY\u0131]|(?<=\u02dc)[nN])")
_FF_GAP = re.compile("\ufb00 +(?=[a-z])")
_FF_FRAGMENT = re.compile("\ufb00 +([a-z]+)")
# A private-use glyph is an icon font's picture: a bullet at the start of a line, else nothing.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_TRAIL_WORD = re.compile(r"([^\W\d_]+)[-\u00ad\u2010]$")
_LEAD_WORD = re.compile(r"[^\W\d_]+")
# Prefixes written with a hyphen in nearly every report; "self-" + "employed" must not fuse.
_KEEP_HYPHEN_PREFIXES = {"self", "non"}
_MIN_GUTTER = 4.0  # points of empty width that separate two columns
_MIN_COLUMN = 30.0  # points: narrower blocks (bullets, note numbers) do not make a column
_MARGIN = 0.1  # fraction of page height treated as header or footer zone


@dataclass
class _Line:
    text: str
    y0: float
    y1: float
    size: float
    bold: bool
    x1: float = 0.0  # right end


@dataclass
class _Block:
    x0: float
    y0: float
    x1: float
    y1: float
    lines: list[_Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def load_pdf(raw: bytes, source: str, stem: str) -> LoadedDocument:
    """Load a PDF into one Page per PDF page, numbered from 1.

    Args:
        raw: The PDF bytes.
        source: Path or URL, used in errors and metadata.
        stem: Fallback title when the PDF names none.

    Returns:
        The document with reading-order text per page.

    Raises:
        IngestError: If the PDF is corrupt, encrypted or has no text.
    """
    import pymupdf

    pymupdf.TOOLS.mupdf_display_errors(False)  # corrupt files would spam stderr
    try:
        doc = pymupdf.open(stream=raw, filetype="pdf")
    except Exception as exc:
        raise IngestError(source, "not a valid PDF file (corrupt or damaged)") from exc
    with doc:
        if doc.needs_pass:
            raise IngestError(source, "PDF is encrypted")
        if doc.page_count == 0:
            raise IngestError(source, "not a valid PDF file (no pages)")
        try:
            pdf_pages = [doc.load_page(i) for i in range(doc.page_count)]
            pages_blocks = [_page_blocks(page) for page in pdf_pages]
            heights = [page.rect.height for page in pdf_pages]
            meta = dict(doc.metadata or {})
        except Exception as exc:
            raise IngestError(source, "not a valid PDF file (corrupt or damaged)") from exc
    body = _body_size([b for blocks in pages_blocks for b in blocks])
    _drop_repeated_margins(pages_blocks, heights, body)
    vocab = _vocabulary(pages_blocks)
    if any("\ufb00" in line.text for blocks in pages_blocks for b in blocks for line in b.lines):
        _close_ff_gaps(pages_blocks, _vocabulary(pages_blocks, whole=True))
    counts = _word_counts(pages_blocks)
    paras = [_with_drop_capitals(_page_paras(_notes_last(_reading_order(blocks), body), vocab),
                                 counts) for blocks in pages_blocks]
    _join_across_pages(paras, body, vocab)
    pages = [Page(number=i + 1, text="\n\n".join(p.text for p in page))
             for i, page in enumerate(paras)]
    metadata = {"source": source}
    date = _pdf_date(meta.get("creationDate") or "")
    if date:
        metadata["date"] = date
    cover = [ln for b in sorted(pages_blocks[0], key=lambda b: (b.y0, b.x0)) for ln in b.lines]
    title = pdf_title(_clean(meta.get("title") or "").replace("\ufb00", "ff"), cover,
                      " ".join(p.text for p in pages[:2]), stem)
    metadata["title"] = title
    return LoadedDocument(
        source=source, title=title, pages=pages, raw=raw, fmt="pdf", metadata=metadata
    )


def _clean(text: str) -> str:
    # A soft hyphen only shows (as a hyphen) where it breaks a line, i.e. at the end.
    text = re.sub("\u00ad(?=.)", "", text).replace("\u00ad", "-")
    text = _SPACE_AFTER_LIGATURE.sub(lambda m: m.group(1) or m.group(2), text)
    text = _LIGATURE.sub(lambda m: _LIGATURES[m.group()], text)
    text = _PRIVATE_USE.sub("", text)
    text = _ACCENTED.sub(_accented, text)
    return _SPACES.sub(" ", text).strip()


def _accented(m: re.Match[str]) -> str:
    """Return the letter of ``m`` with its spacing accent put on it, if Unicode has the two."""
    letter = "i" if m.group(2) == "\u0131" else m.group(2)
    composed = unicodedata.normalize("NFC", letter + _SPACING_ACCENTS[m.group(1)])
    return composed if len(composed) == 1 else m.group(0)


def _page_blocks(page: Any) -> list[_Block]:
    """Return the page's horizontal text blocks with footnote markers removed."""
    import pymupdf

    data = page.get_text("dict", flags=pymupdf.TEXT_MEDIABOX_CLIP
                         | pymupdf.TEXT_PRESERVE_LIGATURES)
    blocks: list[_Block] = []
    for raw_block in data["blocks"]:
        if raw_block.get("type") != 0:
            continue
        # Rotated lines are chart axis titles and margin stamps, never running text.
        raw_lines = [ln for ln in raw_block["lines"] if abs(ln["dir"][1]) < 0.01 and ln["spans"]]
        sizes: Counter[float] = Counter()
        for ln in raw_lines:
            for sp in ln["spans"]:
                sizes[round(sp["size"], 1)] += len(sp["text"].strip())
        if not sizes:
            continue
        body = sizes.most_common(1)[0][0]
        block = _Block(*raw_block["bbox"])
        for li, ln in enumerate(raw_lines):
            if li and _raised_note(ln, raw_lines[li - 1], body):
                continue
            line = _make_line(ln, body, first_in_block=li == 0)
            if line is not None:
                block.lines.append(line)
        if block.lines:
            blocks.append(block)
    return blocks


def _make_line(ln: dict[str, Any], body: float, first_in_block: bool) -> _Line | None:
    spans = ln["spans"]
    parts: list[str] = []
    kept_sizes: list[tuple[float, int, bool]] = []
    base = max((sp["origin"][1] for sp in spans if sp["size"] >= body * 0.9), default=None)
    for si, sp in enumerate(spans):
        text = sp["text"]
        prev = parts[-1][-1:] if parts else ""
        # A block's leading marker numbers its own note; a raised "st" after "1" is an ordinal.
        ordinal = prev.isdigit() and text.strip().isalpha()
        if _is_marker(sp, body, base) and not (first_in_block and si == 0) and not ordinal:
            nxt = spans[si + 1]["text"][:1] if si + 1 < len(spans) else ""
            # "victims.12The" would otherwise become "victims.The".
            if prev in ".,;:)" and nxt.isalnum():
                parts.append(" ")
            continue
        parts.append(text)
        if text.strip():
            kept_sizes.append((sp["size"], len(text.strip()), bool(sp["flags"] & 16)))
    joined = "".join(parts).lstrip()
    if _PRIVATE_USE.match(joined):
        joined = "•" + joined[1:]  # an icon font's bullet opens a list item
    text = _clean(joined)
    if not text:
        return None
    size = max(kept_sizes, key=lambda k: k[1])[0] if kept_sizes else body
    bold = sum(k[1] for k in kept_sizes if k[2]) > sum(k[1] for k in kept_sizes) / 2
    return _Line(text, ln["bbox"][1], ln["bbox"][3], size, bold, ln["bbox"][2])


def _raised_note(ln: dict[str, Any], before: dict[str, Any], body: float) -> bool:
    """Tell whether a line is only a footnote marker raised beside the line before it.

    "... which we were able" | "11" (small, within that line's height) | "to link ...":
    the marker came out as a line of its own, and read as one it cuts the sentence.
    """
    spans = [sp for sp in ln["spans"] if sp["text"].strip()]
    if not spans or not all(_MARKER.fullmatch(sp["text"].strip()) for sp in spans):
        return False
    if any(sp["size"] >= body * 0.8 for sp in spans):
        return False
    top, bottom = ln["bbox"][1], ln["bbox"][3]
    return before["bbox"][1] - 1 <= top and bottom <= before["bbox"][3] + 0.5


def _is_marker(span: dict[str, Any], body: float, base: float | None) -> bool:
    """Tell whether a span is a footnote marker: small or superscript digits or letters."""
    text = span["text"].strip()
    if not text or not _MARKER.fullmatch(text):
        return False
    if span["flags"] & 1:
        return True
    raised = base is not None and span["origin"][1] < base - 0.5
    return span["size"] < body * 0.8 and raised


def _drop_repeated_margins(
    pages_blocks: list[list[_Block]], heights: list[float], body: float
) -> None:
    """Remove running headers/footers, page numbers and number-only blocks in place."""
    n = len(pages_blocks)

    def key(block: _Block) -> str:
        return re.sub(r"\d+", "#", block.text.lower())

    def in_margin(block: _Block, height: float) -> bool:
        return block.y1 < height * _MARGIN or block.y0 > height * (1 - _MARGIN)

    counts: Counter[str] = Counter()
    for blocks, height in zip(pages_blocks, heights, strict=True):
        counts.update({key(b) for b in blocks if in_margin(b, height)})
    threshold = max(3, int(0.3 * n))
    for i, height in enumerate(heights):
        pages_blocks[i] = [
            b
            for b in pages_blocks[i]
            # Number-only blocks are chart axes, data labels and page numbers.
            if not (_NUMERIC.fullmatch(b.text) and not _caption_years(b, body))
            and not (in_margin(b, height) and _PAGE_LABEL.fullmatch(b.text.strip()))
            and not (n >= 3 and in_margin(b, height) and counts[key(b)] >= threshold)
        ]


def _caption_years(block: _Block, body: float) -> bool:
    """Tell a caption's wrapped "2005–2023" (text-sized) from a chart's year axis (small)."""
    big = max(ln.size for ln in block.lines) >= 0.9 * body
    return big and bool(_YEARS.fullmatch(block.text.strip()))


def _body_size(blocks: list[_Block]) -> float:
    sizes: Counter[float] = Counter()
    for block in blocks:
        for line in block.lines:
            sizes[round(line.size)] += len(line.text)
    return float(sizes.most_common(1)[0][0]) if sizes else 0.0


def _vocabulary(pages_blocks: list[list[_Block]], whole: bool = False) -> set[str]:
    """Collect the document's words, to choose between "co-operation" and "cooperation".

    ``whole``: leave out the first word of a line whose line before ended inside a word
    ("lay-" | "ering", "o\ufb00" | "er"), to keep only the words the document writes whole.
    """
    words: set[str] = set()
    for blocks in pages_blocks:
        for block in blocks:
            cut = False
            for line in block.lines:
                text = _FF_GAP.sub("\ufb00", line.text)  # "o\ufb00 ences" is one word
                found = _WORD.findall(text.rstrip("-\u00ad"))
                words.update(w.lower() for w in found[1 if cut else 0:])
                cut = whole and text.endswith(("\ufb00", *_HYPHENS))
    return words


def _word_counts(pages_blocks: list[list[_Block]]) -> Counter[str]:
    """Count how often the document writes each word (lower case)."""
    return Counter(w.lower() for blocks in pages_blocks for block in blocks
                   for line in block.lines for w in _WORD.findall(line.text))


def _close_ff_gaps(pages_blocks: list[list[_Block]], vocab: set[str]) -> None:
    """Write "\ufb00" out as "ff", closing the space a font set after it ("o\ufb00 ences",
    "e\ufb00 orts") unless the letters after it are a word the document writes on its own
    ("sta\ufb00 members")."""
    def close(m: re.Match[str]) -> str:
        return "ff" + (" " if m.group(1) in vocab else "") + m.group(1)

    for blocks in pages_blocks:
        for block in blocks:
            for line, after in zip(block.lines, [*block.lines[1:], None], strict=True):
                if "\ufb00" not in line.text:
                    continue
                head = _LEAD_WORD.match(after.text) if after is not None else None
                if (line.text.endswith("\ufb00") and head and head.group(0).islower()
                        and after is not None and head.group(0) not in vocab):
                    line.text += head.group(0)  # the word's rest, from the next line
                    after.text = after.text[head.end():].lstrip()
                line.text = _FF_FRAGMENT.sub(close, line.text).replace("\ufb00", "ff")
            block.lines = [line for line in block.lines if line.text]


def _reading_order(blocks: list[_Block]) -> list[_Block]:
    """Order blocks for reading by recursive XY-cuts that prefer column gutters.

    A vertical strip that no block crosses is a column gutter: everything left of it is read
    before everything right of it. Without one, the blocks are cut into horizontal bands at
    empty strips, and bands only a paragraph gap apart are regrouped when together they still
    have a gutter, so that two columns above a full-width figure are not read line by line.
    """
    if len(blocks) <= 1:
        return list(blocks)
    cut = _gutter(blocks)
    if cut is not None:
        left = [b for b in blocks if b.x1 <= cut]
        right = [b for b in blocks if b.x1 > cut]
        return _reading_order(left) + _reading_order(right)
    bands = _bands(blocks)
    if len(bands) == 1:
        return sorted(blocks, key=lambda b: (b.y0, b.x0))
    heights = [ln.y1 - ln.y0 for b in blocks for ln in b.lines]
    near = 2 * statistics.median(heights)
    groups = [bands[0]]
    for band in bands[1:]:
        gap = min(b.y0 for b in band) - max(b.y1 for b in groups[-1])
        if gap <= near and _gutter(groups[-1] + band) is not None:
            groups[-1] = groups[-1] + band
        else:
            groups.append(band)
    return [b for group in groups for b in _reading_order(group)]


def _gutter(blocks: list[_Block]) -> float | None:
    """Return the x of the leftmost empty vertical strip between two columns, if any.

    A strip only counts when text of some width lies on both sides: bullets or note numbers
    set in blocks of their own must not become a column read before its text.
    """
    ordered = sorted(blocks, key=lambda b: b.x0)
    reach = ordered[0].x1
    for i, block in enumerate(ordered[1:], start=1):
        if block.x0 - reach >= _MIN_GUTTER:
            cut = (reach + block.x0) / 2
            wide_left = any(b.x1 - b.x0 >= _MIN_COLUMN for b in ordered[:i])
            wide_right = any(b.x1 - b.x0 >= _MIN_COLUMN for b in ordered[i:])
            if wide_left and wide_right:
                return cut
        reach = max(reach, block.x1)
    return None


def _bands(blocks: list[_Block]) -> list[list[_Block]]:
    """Split blocks into horizontal bands separated by empty strips, top to bottom."""
    ordered = sorted(blocks, key=lambda b: b.y0)
    bands = [[ordered[0]]]
    bottom = ordered[0].y1
    for block in ordered[1:]:
        if block.y0 >= bottom - 0.5:
            bands.append([block])
            bottom = block.y1
        else:
            bands[-1].append(block)
            bottom = max(bottom, block.y1)
    return bands


def _notes_last(blocks: list[_Block], body: float) -> list[_Block]:
    """Move footnote blocks to the end, so a paragraph cut by a column's notes rejoins."""
    text: list[_Block] = []
    notes: list[_Block] = []
    note_size = 0.0
    for block in blocks:
        size = max(ln.size for ln in block.lines)
        small = size < 0.85 * body
        if small and _NOTE_START.match(block.text):
            note_size = size
            notes.append(block)
        elif note_size and small and abs(size - note_size) < 0.6:
            notes.append(block)  # the note's wrapped continuation
        else:
            note_size = 0.0
            text.append(block)
    return text + notes


@dataclass
class _Para:
    text: str
    size: float
    bold: bool
    y0: float
    y1: float  # bottom of the last line; its height tells how far the next line may start
    x1: float = 0.0  # right end of the last line


def _join_across_pages(pages: list[list[_Para]], body: float, vocab: set[str]) -> None:
    """Finish a sentence that a page break cut: "... covering the last few" | (the next
    page's charts) | "years report on about 3,140 traffickers". The rest moves to the page the
    sentence starts on, so its quote cites one page."""
    def text_paras(page: list[_Para]) -> list[_Para]:
        """The page's running text: body-size paragraphs that are no caption or label."""
        return [p for p in page if body - BODY_SIZE_SLACK <= p.size <= body + 1.5
                and not _CAPTION.match(p.text) and len(p.text.split()) > MAX_LABEL_WORDS]

    for page, following in zip(pages, pages[1:], strict=False):
        body_paras = text_paras(page)
        if not body_paras or not _unfinished(body_paras[-1]):
            continue
        rest = next(iter(text_paras(following)), None)
        while rest is not None and rest.text[:1].islower():
            # Only the cut sentence moves; the sentences after it stay on their page.
            end = _SENTENCE_END.search(rest.text)
            tail = rest.text[:end.end()].rstrip() if end else rest.text
            body_paras[-1].text = _join(body_paras[-1].text, tail, vocab)
            if end:
                rest.text = rest.text[end.end():]
                break
            following.remove(rest)
            if not _DOTTED_END.search(tail):
                break
            # A paragraph that broke after "U.S." is carried on by the next one, which
            # starts in lower case ("... announced by U.S." | "law enforcement, ...").
            rest = next(iter(text_paras(following)), None)


def _page_paras(blocks: list[_Block], vocab: set[str]) -> list[_Para]:
    """Join lines into paragraphs, merging paragraphs that a column or block break cut.

    A figure's caption and source placed in the middle of a sentence ("... children worked
    in ASM under exceptionally | Fig. 82 Estimated number ... | Source: ... | exploitative
    conditions in Burkina Faso") are held aside until the sentence goes on, then follow it.
    """
    paras: list[_Para] = []
    held: list[_Para] = []  # captions met while the sentence of ``paras[-1]`` is unfinished
    right = max((ln.x1 for b in blocks for ln in b.lines if len(ln.text) >= 30), default=0.0)
    for block in blocks:
        for i, para in enumerate(_block_paragraphs(block, vocab)):
            prev = paras[-1] if paras else None
            if _CAPTION.match(para.text) and (held or (prev is not None and _unfinished(prev))):
                held.append(para)
            elif held and _caption_goes_on(held[-1], para):
                held[-1].text = _join(held[-1].text, para.text, vocab)
                held[-1].y1 = para.y1
            elif held and len(para.text.split()) <= MAX_LABEL_WORDS and para.text[:1].isupper() \
                    and not _ends_sentence(para.text):
                held.append(para)  # the figure's labels and legend
            elif (held and prev is not None and para.text[:1].islower()
                  and abs(prev.size - para.size) <= 0.5 and para.y0 >= held[-1].y1 - 1):
                # the sentence goes on below the figure, in the same type
                prev.text = _join(prev.text, para.text, vocab)
                prev.y1 = para.y1
                paras.extend(held)
                held = []
            else:
                paras.extend(held)
                held = []
                if i == 0 and prev is not None and _continues(prev, para, right):
                    prev.text = _join(prev.text, para.text, vocab)
                    prev.y1, prev.x1 = para.y1, para.x1  # the next line is measured from this one
                else:
                    paras.append(para)
    paras.extend(held)
    return paras


DROP_CAPITAL_SIZE = 1.8  # times the text's type: a paragraph's first letter set large


def _with_drop_capitals(paras: list[_Para], counts: Counter[str]) -> list[_Para]:
    """Give a paragraph back the large first letter set apart from it: "T" | "his is the
    first report" reads "This is the first report"; "A" | "large share" keeps its space.

    ``counts``: how often the document writes each word; a word it writes only here
    ("urking") is the rest of the letter's word.
    """
    out: list[_Para] = []
    for para in paras:
        prev = out[-1] if out else None
        if (prev is not None and len(prev.text) == 1 and prev.text.isupper()
                and para.text[:1].islower() and prev.size >= DROP_CAPITAL_SIZE * para.size
                # the paragraph starts beside the letter, not somewhere else on the page
                and prev.y0 - para.size <= para.y0 <= prev.y1):
            head = _LEAD_WORD.match(para.text)
            word = head.group(0).lower() if head else ""
            # the letter begins the word unless the word is whole without it ("A large")
            fused = (prev.text + word).lower() in counts or counts[word] < 2
            para.text = prev.text + ("" if fused else " ") + para.text
            para.y0 = min(para.y0, prev.y0)
            out[-1] = para
            continue
        out.append(para)
    return out


_SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*\s+(?=[A-Z“\"(])")
_DOTTED_END = re.compile(r"\b(?:[A-Za-z]\.){2,}$")  # "U.S.", "e.g.": no sentence need end here
_WORD_END = re.compile(r"[A-Za-z]{2},?$")
WRAPPED_LINE = 60  # characters: a shorter line is a heading or a label, not wrapped prose
WORD_WIDTH = 0.5  # a letter's width, in units of the type size (a low guess: wraps are rarer)
MAX_LABEL_WORDS = 10  # a chart's label or legend line between a caption and its source
BODY_SIZE_SLACK = 0.6  # points: a paragraph this close to the body size is running text


def _unfinished(para: _Para) -> bool:
    """Return True for running prose cut mid-sentence (not chart labels or a legend)."""
    words = para.text.split()
    capitals = sum(1 for w in words if w[:1].isupper())
    return (len(words) >= 8 and capitals < 0.4 * len(words)
            and re.search(r"[a-z,]$", para.text.rstrip()) is not None)


def _caption_goes_on(caption: _Para, para: _Para) -> bool:
    """Return True when ``para`` is the wrapped rest of a held caption (same size, right
    below it, no full stop between)."""
    return (abs(caption.size - para.size) <= 1.0 and not _ends_sentence(caption.text)
            and -0.5 * caption.size < para.y0 - caption.y1 < 0.5 * caption.size)


def _block_paragraphs(block: _Block, vocab: set[str]) -> list[_Para]:
    heights = [ln.y1 - ln.y0 for ln in block.lines]
    step = statistics.median(heights) if heights else 0.0
    paras: list[_Para] = []
    prev: _Line | None = None
    for line in block.lines:
        new_para = (
            prev is None
            or (line.y0 - prev.y1 > 0.5 * step and not _OPEN_END.search(prev.text))
            or line.text.startswith(BULLETS)
            or abs(line.size - prev.size) > 1.0
            # a change to or from bold type starts a heading, unless the line carries on the
            # words before it (_goes_on)
            or (line.bold != prev.bold and (line.bold or _ends_sentence(prev.text))
                and not _goes_on(prev.text, line.text))
        )
        if new_para:
            paras.append(_Para(line.text, line.size, line.bold, line.y0, line.y1, line.x1))
        else:
            paras[-1].text = _join(paras[-1].text, line.text, vocab)
            paras[-1].y1, paras[-1].x1 = line.y1, line.x1
        prev = line
    return paras


# A word no paragraph or heading ends on, nor a comma: the text goes on in the next line or
# block ("From late spring through summer, | GOBLIN PANDA conducted ...").
# A list item's "; and" ends the item, not the text.
_OPEN_END = re.compile(r"(?:^|[^;\s])\s+(?:the|a|an|of|and|or|to|in|for|with|by|from|as|that|"
                       r"such|its|their|between|into|than)\s*$|(?<=\w)-$|(?<=\w),$")


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", ":", "”", '"', ")"))


def _goes_on(prev: str, text: str) -> bool:
    """Return True when ``text`` carries on the words of ``prev`` in another type: "... for
    which trade must be subject to" in bold, then "stricter regulation ..." in plain type.
    A running head ("ANTI-MONEY LAUNDERING 429") ends in no word, so the text under it is
    not joined to it."""
    return text[:1].islower() and re.search(r"[a-z,]$", prev.rstrip()) is not None


def _continues(prev: _Para, para: _Para, right: float) -> bool:
    """Tell whether ``para`` continues ``prev`` across a block or column break; ``right`` is
    where the page's longest line ends."""
    if abs(prev.size - para.size) > 1.0:
        return False
    if prev.bold != para.bold and not _goes_on(prev.text, para.text):
        return False  # a heading, or the text under one
    if para.text[:1].islower() and _DOTTED_END.search(prev.text):
        return True  # "... overlooked by U.S." | "policymakers given ..."
    if para.text.startswith(BULLETS) or _ends_sentence(prev.text):
        return False
    if _NOTE_ENTRY.match(para.text):  # "d Semi-structured interviews..." is the next note
        return False
    if para.text[:1].islower() or _OPEN_END.search(prev.text):
        return True  # "... such as the | CryptoLocker ransomware": no paragraph ends on "the"
    # A caption or sentence wrapped into a second block right below the first.
    if -2 < para.y0 - prev.y1 < 0.5 * prev.size:
        return True
    # Double-spaced text (a thesis) puts each line in a block of its own, a line's height
    # below the one before. A line that stops mid-sentence where the next line's first word
    # would not have fitted has wrapped ("... the United Cyber" | "Caliphate, released ...").
    # Table rows, contents lines and headings are no such line: it ends on a word, and both
    # it and the next are long or the next ends a sentence.
    first = para.text.split(maxsplit=1)[0] if para.text.strip() else ""
    fits = prev.x1 + (len(first) + 1) * WORD_WIDTH * prev.size <= right
    if (prev.x1 > 0 and not fits and -2 < para.y0 - prev.y1 < 1.6 * prev.size
            and _WORD_END.search(prev.text) and len(prev.text) >= WRAPPED_LINE
            and (len(para.text) >= WRAPPED_LINE or _ends_sentence(para.text))):
        return True
    # A column break mid-sentence: the next block sits higher up, in the next column.
    return prev.text[-1:].islower() and para.y0 < prev.y0 and len(prev.text) > 80


def _join(left: str, right: str, vocab: set[str]) -> str:
    """Join two wrapped lines, undoing end-of-line hyphenation where it was typographic."""
    left = left.rstrip()
    right = right.lstrip()
    tail = _TRAIL_WORD.search(left)
    head = _LEAD_WORD.match(right)
    if tail and head:
        first, second = tail.group(1), head.group(0)
        hyphenated = f"{first}-{second}".lower()
        fused = f"{first}{second}".lower()
        keep = (
            not second[0].islower()
            or "/" in left.rsplit(" ", 1)[-1]  # URLs keep their hyphens
            or first.lower() in _KEEP_HYPHEN_PREFIXES
            or (hyphenated in vocab and fused not in vocab)
        )
        return left[:-1] + ("-" if keep else "") + right
    glued = left.endswith("/") or (left.endswith("–") and right[:1].isdigit())
    if glued or (left.endswith(_HYPHENS) and not left[-2:-1].isspace()):
        return left + right
    return f"{left} {right}"


def _pdf_date(value: str) -> str:
    """Turn a PDF date like ``D:20241210112801+01'00'`` into ``2024-12-10`` (or the year)."""
    match = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", value.strip())
    if not match:
        return ""
    year, month, day = match.groups()
    if month and day and 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
        return f"{year}-{month}-{day}"
    return year
