"""The library as the edges show it: document rows and uploads saved under the index folder.

The CLI, the REST API and the UI list, add and remove documents through these functions, so
they agree on names, limits and errors.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .errors import CasebookError
from .ingest.library import IngestResult, Library

UPLOADS = "uploads"
CHUNK = 1 << 20
SAFE_NAME = re.compile(r"[^\w.\- ()]+")
KINDS = (".pdf", ".html", ".htm", ".docx", ".txt", ".md", ".markdown")


class TooLarge(CasebookError):
    """An upload over the size limit; nothing of it is kept."""


def document_rows(library: Library) -> list[dict[str, Any]]:
    """Return one row per ready document: the ``casebook docs list --json`` objects."""
    return [{
        "doc_id": d.doc_id, "title": d.title, "publisher": d.publisher, "date": d.date,
        "source": d.source, "format": d.fmt, "pages": d.pages, "chunks": d.chunks,
        "added": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(d.added_at)),
    } for d in library.documents()]


def safe_name(name: str) -> str:
    """Return an upload's file name without folders, control characters or odd symbols.

    "../../x.pdf" becomes "x.pdf"; an empty or hidden name becomes "upload".
    """
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = SAFE_NAME.sub("_", name).strip(" .")[:120]
    return name or "upload"


def save_upload(library: Library, name: str, stream: IO[bytes] | Iterable[bytes],
                limit_mb: int) -> Path:
    """Copy an upload under ``INDEX/uploads/`` chunk by chunk; refuse it past ``limit_mb``.

    Raises:
        TooLarge: the upload is larger than the limit (what was written is deleted).
    """
    folder = library.index_dir / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / safe_name(name)
    limit = limit_mb * 1_000_000
    size = 0
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("wb") as out:
            for block in _blocks(stream):
                size += len(block)
                if size > limit:
                    raise TooLarge(f"{safe_name(name)}: larger than the {limit_mb} MB upload "
                                   "limit (CASEBOOK_MAX_UPLOAD_MB)")
                out.write(block)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _blocks(stream: IO[bytes] | Iterable[bytes]) -> Iterator[bytes]:
    read = getattr(stream, "read", None)
    if read is None:
        yield from stream  # type: ignore[misc]
        return
    while block := read(CHUNK):
        yield block


def add_upload(library: Library, name: str, stream: IO[bytes] | Iterable[bytes],
               limit_mb: int) -> IngestResult:
    """Save and ingest one upload; a refusal or failure is a ``failed`` result, never raised."""
    shown = safe_name(name)
    if not shown.lower().endswith(KINDS):
        return IngestResult(shown, "failed", reason="not a PDF, HTML, DOCX, TXT or Markdown file")
    try:
        path = save_upload(library, name, stream, limit_mb)
    except TooLarge as err:
        return IngestResult(shown, "failed", reason=str(err).split(": ", 1)[1])
    result = library.ingest_one(str(path))
    result.source = shown
    return result


def summary(statuses: Iterable[str]) -> str:
    """Return "2 added, 1 failed" for the statuses of an ingest run ("nothing" for none)."""
    counts: dict[str, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "nothing"


def result_row(result: IngestResult) -> dict[str, Any]:
    """Return an ingest result as the API and the UI show it."""
    return {"file": result.source, "status": result.status, "doc_id": result.doc_id or None,
            "title": result.title or None, "chunks": result.chunks,
            "error": result.reason or None}
