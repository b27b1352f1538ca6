"""Plain data types shared by ingestion, retrieval and answering."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Page:
    """Text of one page; ``number`` is 1-based, None for formats without pages."""

    number: int | None
    text: str


@dataclass
class LoadedDocument:
    """A document as read from a file or URL, before chunking."""

    source: str
    title: str
    pages: list[Page]
    raw: bytes
    fmt: str  # pdf | html | docx | txt | md
    metadata: dict[str, str] = field(default_factory=dict)  # publisher, date, kind, report, ...

    @property
    def text(self) -> str:
        """Return the text of all pages joined by blank lines."""
        return "\n\n".join(p.text for p in self.pages)


@dataclass
class Chunk:
    """A sentence-aligned span of one page, with offsets into that page's text."""

    doc_id: str
    index: int
    text: str
    page: int | None
    start: int
    end: int
    heading: str = ""

    @property
    def chunk_id(self) -> str:
        """Return the id under which the chunk is stored."""
        return f"{self.doc_id}:{self.index:05d}"


@dataclass
class Citation:
    """A cited passage: the sentence(s) quoted exactly as in the source text."""

    n: int
    doc_id: str
    title: str
    source: str
    page: int | None  # the 1-based page of the PDF file
    quote: str
    page_label: str | None = None  # the page number printed on the paper ("67"), if any


@dataclass
class FigureCheck:
    """A figure found in an answer, and whether a cited passage contains it."""

    text: str
    value: float | None
    verified: bool
    citation: int | None


@dataclass
class Answer:
    """What every answering path returns; the edges only format it."""

    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    figures: list[FigureCheck]
    engine: str
    timings_ms: dict[str, float]
    standalone_question: str = ""
    nearest: list[Citation] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Return the object of the ``casebook ask --json`` contract."""
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [asdict(c) for c in self.citations],
            "figures": [asdict(f) for f in self.figures],
            "engine": self.engine,
            "timings_ms": {k: round(v, 2) for k, v in self.timings_ms.items()},
        }
