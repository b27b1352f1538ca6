"""The Figures tab: every figure in the library, searchable, exported as CSV."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from ..figure_table import FigureRow, search_figures, write_csv

SHOWN = 500  # rows shown on the page; the CSV holds them all
HEADERS = ["Figure", "Counts", "Sentence", "Report", "Page", "Report date", "Kind"]
WIDTHS: list[str | int] = ["9%", "12%", "38%", "20%", "6%", "8%", "7%"]


def table(rows: list[FigureRow]) -> list[list[str]]:
    """Return the rows as the cells the page shows."""
    return [[r.text, r.counts, r.sentence, r.title, "" if r.page is None else str(r.page), r.date,
             r.kind] for r in rows[:SHOWN]]


def export(rows: list[FigureRow]) -> str:
    """Write ``rows`` to a new CSV file and return its path."""
    folder = Path(tempfile.mkdtemp(prefix="casebook-figures-"))
    path = folder / "casebook-figures.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_csv(rows, out)
    return str(path)


def summary(found: int, query: str) -> str:
    """Return the line above the table."""
    what = f" matching “{query.strip()}”" if query.strip() else ""
    shown = f" (showing the first {SHOWN}; the CSV has them all)" if found > SHOWN else ""
    return f"{found} figures{what}{shown}."


def build(rows: Callable[[], list[FigureRow]]) -> None:
    """Add the tab's components to the enclosing Blocks; ``rows`` returns the library's figures."""

    def run(query: str) -> tuple[str, list[list[str]], str | None]:
        found = search_figures(rows(), query or "")
        return summary(len(found), query or ""), table(found), export(found) if found else None

    gr.Markdown("Every figure in the library with what it counts, its sentence and its report. "
                "Search by words (\"arrests\", \"Hong Kong servers\") or by a number.")
    with gr.Row(equal_height=True):
        query = gr.Textbox(elem_id="figures-query", label="Search figures", scale=8,
                           placeholder="e.g. arrests, seized, 2,517")
        button = gr.Button("Search", elem_id="figures-search", variant="primary", scale=1,
                           min_width=96)
    count = gr.Markdown(elem_id="figures-count")
    grid = gr.Dataframe(headers=HEADERS, elem_id="figures-table", interactive=False,
                        wrap=True, max_height=600, label="Figures", column_widths=WIDTHS)
    download = gr.DownloadButton("Download CSV", elem_id="figures-csv", value=None)
    event: dict[str, Any] = {"fn": run, "inputs": [query], "outputs": [count, grid, download],
                             "api_visibility": "private"}
    button.click(**event)
    query.submit(**event)
