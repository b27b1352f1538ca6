"""The Library tab: add files or a URL, see every document, remove one.

Files go through ``library_view.add_upload`` (the REST API's path too): saved under the index
folder, ingested one by one with a result per file (added / unchanged / replaced / failed and
why). A broken file never stops the others.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import gradio as gr

from ..library_view import KINDS, add_upload, document_rows, result_row, summary

if TYPE_CHECKING:
    from ..ingest.library import Library

DOC_HEADERS = ["Title", "Publisher", "Date", "Pages", "Chunks", "Added", "Id"]
DOC_WIDTHS: list[str | int] = ["34%", "16%", "9%", "6%", "7%", "15%", "13%"]
RESULT_HEADERS = ["File", "Result", "Title", "Reason"]


def doc_table(library: Library, rows: list[dict[str, Any]] | None = None) -> list[list[Any]]:
    """Return the document list as table rows (``rows``: the library's, if already read)."""
    return [[d["title"], d["publisher"], d["date"], d["pages"], d["chunks"],
             d["added"].replace("T", " "), d["doc_id"]]
            for d in (document_rows(library) if rows is None else rows)]


def doc_choices(library: Library, rows: list[dict[str, Any]] | None = None
                ) -> list[tuple[str, str]]:
    """Return (label, doc_id) choices naming each document (``rows`` as for ``doc_table``)."""
    return [(f"{d['title']} ({d['date'] or 'undated'})", d["doc_id"])
            for d in (document_rows(library) if rows is None else rows)]


def result_table(rows: list[dict[str, Any]]) -> list[list[Any]]:
    """Return ingest results as table rows."""
    return [[r["file"], r["status"], r["title"] or "", r["error"] or ""] for r in rows]


def build(library: Library, limit_mb: int, doc_filter: gr.CheckboxGroup) -> Any:
    """Add the tab's components to the enclosing Blocks.

    ``doc_filter`` (the chat's "answer only from" choice) is refreshed whenever the library
    changes. Returns a function that gives the refreshed outputs, for the page load.
    """
    gr.Markdown(f"Add reports (PDF, HTML, DOCX, TXT, Markdown; up to {limit_mb} MB each) or a "
                "web page. Each file gets its own result; a file that cannot be read is "
                "reported and the others are still added.")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=300):
            files = gr.File(label="Drop files here or click to choose", file_count="multiple",
                            file_types=list(KINDS), elem_id="upload", type="filepath")
            add = gr.Button("Add files", elem_id="add-files", variant="primary")
        with gr.Column(scale=2, min_width=260):
            url = gr.Textbox(label="Or a web address", placeholder="https://…", elem_id="url")
            add_url = gr.Button("Add web page", elem_id="add-url")
    results = gr.Dataframe(headers=RESULT_HEADERS, label="Results", elem_id="ingest-results",
                           interactive=False, wrap=True, visible=False)
    docs = gr.Dataframe(value=doc_table(library), headers=DOC_HEADERS, label="Documents",
                        elem_id="documents", interactive=False, wrap=True, max_height=500,
                        column_widths=DOC_WIDTHS)
    with gr.Row(equal_height=True):
        chosen = gr.Dropdown(choices=doc_choices(library), value=None, label="Document to remove",
                             elem_id="remove-choice", scale=4, min_width=220)
        remove = gr.Button("Remove", elem_id="remove", variant="stop", scale=1, min_width=96)
    status = gr.Markdown(elem_id="library-status")

    def refreshed() -> tuple[Any, Any, Any]:
        rows = document_rows(library)  # one read of the registry for the table and the lists
        choices = doc_choices(library, rows)
        return (doc_table(library, rows), gr.Dropdown(choices=choices, value=None),
                gr.CheckboxGroup(choices=choices))

    def run_files(paths: list[str] | None, progress: gr.Progress = gr.Progress()  # noqa: B008
                  ) -> tuple[Any, ...]:
        if not paths:
            return (gr.Dataframe(visible=False), *refreshed(), "Choose one or more files first.",
                    None)
        rows = []
        for path in progress.tqdm(paths, desc="Adding files", unit="file"):
            with open(path, "rb") as stream:
                rows.append(result_row(add_upload(library, Path(path).name, stream, limit_mb)))
        return (gr.Dataframe(value=result_table(rows), visible=True), *refreshed(),
                _summary(rows), None)

    def run_url(address: str, progress: gr.Progress = gr.Progress()  # noqa: B008
                ) -> tuple[Any, ...]:
        if not (address or "").strip():
            return (gr.Dataframe(visible=False), *refreshed(), "Type a web address first.",
                    address)
        progress(0, desc="Fetching the page")
        rows = [result_row(library.ingest_one(address.strip()))]
        return (gr.Dataframe(value=result_table(rows), visible=True), *refreshed(),
                _summary(rows), "")

    def run_remove(doc_id: str | None) -> tuple[Any, ...]:
        if not doc_id:
            return (*refreshed(), "Choose a document to remove.")
        rec = library.remove(doc_id)
        return (*refreshed(), f"Removed “{rec.title}”.")

    outputs = [results, docs, chosen, doc_filter, status]
    add.click(run_files, inputs=[files], outputs=[*outputs, files], api_visibility="private")
    add_url.click(run_url, inputs=[url], outputs=[*outputs, url], api_visibility="private")
    url.submit(run_url, inputs=[url], outputs=[*outputs, url], api_visibility="private")
    remove.click(run_remove, inputs=[chosen], outputs=[docs, chosen, doc_filter, status],
                 api_visibility="private")
    return refreshed, [docs, chosen, doc_filter]


def _summary(rows: list[dict[str, Any]]) -> str:
    return summary(r["status"] for r in rows) + "."
