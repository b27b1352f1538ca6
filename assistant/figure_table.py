"""Every figure in the library: value, what it counts, its sentence, report, page and date.

    rows = figure_rows(library)                 # built once per library version
    found = search_figures(rows, "arrests")     # words of what it counts, sentence or report
    write_csv(found, sys.stdout)

The rows come from the same parser and quantity reader that answers and fact-checks use
(``figures.parse_figures``, ``quantity.counted``), so the table, a badge and a verdict agree.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, TextIO

from .evidence import NOTE, is_prose
from .figures import parse_figures
from .ingest.chunking import split_sentences
from .quantity import counted
from .text import content_tokens, tokens

if TYPE_CHECKING:
    from .ingest.library import Library

COLUMNS = ["value", "high", "unit", "kind", "text", "counts", "sentence", "title", "page",
           "date", "doc_id"]


@dataclass(frozen=True)
class FigureRow:
    """One figure of one sentence of a report."""

    value: float | None
    high: float | None
    unit: str
    kind: str
    text: str
    counts: str
    sentence: str
    title: str
    page: int | None
    date: str  # the report's date
    doc_id: str


_CACHE: dict[int, tuple[object, list[FigureRow]]] = {}


def figure_rows(library: Library) -> list[FigureRow]:
    """Return every figure of every ready document, in document and reading order.

    A sentence repeated by overlapping chunks is listed once. The rows are kept for the
    library's current version and rebuilt when documents are added or removed.
    """
    table = library.table()
    cached = _CACHE.get(id(library))
    if cached is not None and cached[0] is table:
        return cached[1]
    rows: list[FigureRow] = []
    seen: set[tuple[str, int | None, str]] = set()
    for chunk, title in table.rows:
        rec = table.records.get(chunk.doc_id)
        for s, e in split_sentences(chunk.text):
            sentence = " ".join(chunk.text[s:e].split())
            key = (chunk.doc_id, chunk.page, sentence)
            if key in seen or len(sentence) < 8 or NOTE.match(sentence) or not is_prose(sentence):
                continue  # endnotes, references, headings and address lines state no figures
            seen.add(key)
            for fig in parse_figures(sentence):
                rows.append(FigureRow(
                    value=fig.value, high=fig.high, unit=fig.unit, kind=fig.kind,
                    text=fig.text, counts=counted(sentence, fig), sentence=sentence,
                    title=title, page=chunk.page, date=rec.date if rec else "",
                    doc_id=chunk.doc_id))
    _CACHE[id(library)] = (table, rows)
    return rows


def search_figures(rows: list[FigureRow], query: str = "", limit: int | None = None
                   ) -> list[FigureRow]:
    """Return the rows matching every word of ``query`` (all rows for an empty query).

    Words match what a figure counts, its sentence and its report's title (stemmed, so
    "arrested" finds "arrests"); a number in the query matches the figure's value.
    """
    wanted = content_tokens(query)
    numbers = [float(t) for t in tokens(query) if t.replace(".", "", 1).isdigit()]
    words = [t for t in wanted if not t[0].isdigit()]
    out: list[FigureRow] = []
    for row in rows:
        if numbers and not any(row.value == n or row.high == n for n in numbers):
            continue
        if words:
            have = set(tokens(f"{row.counts} {row.sentence} {row.title}"))
            if not all(w in have for w in words):
                continue
        out.append(row)
    # Figures that count the words asked for come first ("arrests" before a sentence that
    # mentions arrests beside another figure).
    out.sort(key=lambda r: not words or not all(w in tokens(r.counts) for w in words))
    return out[:limit] if limit is not None else out


def write_csv(rows: list[FigureRow], out: TextIO) -> None:
    """Write the rows as CSV with a header line."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(asdict(row))
