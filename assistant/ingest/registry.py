"""SQLite registry of documents and their chunks: the library's source of truth."""

from __future__ import annotations

import functools
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..models import Chunk

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '',
    fmt TEXT NOT NULL,
    pages INTEGER NOT NULL DEFAULT 0,
    chunks INTEGER NOT NULL DEFAULT 0,
    added_at REAL NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    text TEXT NOT NULL,
    page INTEGER,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    heading TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, idx);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('version', 0);
-- Every path or URL a document was read from: identical files at two paths are one document
-- with two sources, and editing one of them leaves the other's content in the library.
CREATE TABLE IF NOT EXISTS doc_sources (
    doc_id TEXT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (doc_id, source)
);
CREATE INDEX IF NOT EXISTS doc_sources_source ON doc_sources(source);
INSERT OR IGNORE INTO doc_sources SELECT doc_id, source FROM documents;
"""


F = TypeVar("F", bound=Callable[..., Any])


def _locked(method: F) -> F:
    """Serialise use of the one connection that the UI's worker threads share."""

    @functools.wraps(method)
    def wrapper(self: Registry, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


@dataclass
class DocumentRecord:
    """One row of the document registry."""

    doc_id: str
    source: str
    title: str
    publisher: str
    date: str
    fmt: str
    pages: int
    chunks: int
    added_at: float
    state: str


class Registry:
    """Documents and chunks in SQLite; a document is visible only once its state is 'ready'."""

    def __init__(self, path: Path) -> None:
        """Open (and create if needed) the registry at ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.lock = threading.RLock()
        self.conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block atomically."""
        with self.lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @_locked
    def generation(self) -> int:
        """Return a number that changes whenever a document becomes ready or is deleted."""
        return int(self.conn.execute("SELECT value FROM meta WHERE key='version'").fetchone()[0])

    def begin(self, rec: DocumentRecord, chunks: Iterable[Chunk]) -> None:
        """Record a document and its chunks as 'pending' before they reach the vector store."""
        with self.transaction() as c:
            c.execute(
                "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?,?,?)",
                (rec.doc_id, rec.source, rec.title, rec.publisher, rec.date, rec.fmt,
                 rec.pages, rec.chunks, rec.added_at or time.time(), "pending"),
            )
            c.execute("DELETE FROM chunks WHERE doc_id=?", (rec.doc_id,))
            c.execute("INSERT OR IGNORE INTO doc_sources VALUES (?,?)", (rec.doc_id, rec.source))
            c.executemany(
                "INSERT INTO chunks VALUES (?,?,?,?,?,?,?,?)",
                [(ch.chunk_id, ch.doc_id, ch.index, ch.text, ch.page, ch.start, ch.end,
                  ch.heading) for ch in chunks],
            )

    def commit(self, doc_id: str) -> bool:
        """Mark a document 'ready' once the vector store holds all its chunks.

        Returns False when the pending row is gone (it was cleaned up meanwhile).
        """
        with self.transaction() as c:
            done = c.execute("UPDATE documents SET state='ready' WHERE doc_id=?", (doc_id,))
            c.execute("UPDATE meta SET value = value + 1 WHERE key='version'")
            return done.rowcount == 1

    @_locked
    def mark_removing(self, doc_id: str) -> None:
        """Mark a document as being removed, so an interrupted removal is finished later."""
        self.conn.execute("UPDATE documents SET state='removing' WHERE doc_id=?", (doc_id,))

    def delete(self, doc_id: str) -> None:
        """Forget a document and its chunks."""
        with self.transaction() as c:
            c.execute("UPDATE meta SET value = value + 1 WHERE key='version'")
            c.execute("DELETE FROM chunks WHERE doc_id=?", (doc_id,))
            c.execute("DELETE FROM doc_sources WHERE doc_id=?", (doc_id,))
            c.execute("DELETE FROM documents WHERE doc_id=?", (doc_id,))

    @_locked
    def add_source(self, doc_id: str, source: str) -> bool:
        """Record another source of a document; return False when it was already known."""
        done = self.conn.execute("INSERT OR IGNORE INTO doc_sources VALUES (?,?)",
                                 (doc_id, source))
        return done.rowcount == 1

    @_locked
    def drop_source(self, doc_id: str, source: str) -> int:
        """Forget one source of a document; return how many sources it still has."""
        self.conn.execute("DELETE FROM doc_sources WHERE doc_id=? AND source=?", (doc_id, source))
        return int(self.conn.execute("SELECT COUNT(*) FROM doc_sources WHERE doc_id=?",
                                     (doc_id,)).fetchone()[0])

    @_locked
    def sources(self, doc_id: str) -> list[str]:
        """Return every source a document was read from, in order."""
        return [r[0] for r in self.conn.execute(
            "SELECT source FROM doc_sources WHERE doc_id=? ORDER BY rowid", (doc_id,))]

    @_locked
    def _records(self, where: str, args: tuple[object, ...] = ()) -> list[DocumentRecord]:
        rows = self.conn.execute(
            f"SELECT doc_id, source, title, publisher, date, fmt, pages, chunks, added_at, state "
            f"FROM documents WHERE {where} ORDER BY title", args
        ).fetchall()
        return [DocumentRecord(*r) for r in rows]

    def documents(self) -> list[DocumentRecord]:
        """Return every ready document, by title."""
        return self._records("state='ready'")

    def pending(self) -> list[DocumentRecord]:
        """Return documents whose ingestion was interrupted."""
        return self._records("state!='ready'")

    def get(self, doc_id: str) -> DocumentRecord | None:
        """Return one document, ready or not."""
        found = self._records("doc_id=?", (doc_id,))
        return found[0] if found else None

    def by_source(self, source: str) -> list[DocumentRecord]:
        """Return the ready documents ingested from ``source`` (one of their sources)."""
        return self._records("state='ready' AND doc_id IN (SELECT doc_id FROM doc_sources "
                             "WHERE source=?)", (source,))

    def match(self, prefix: str) -> list[DocumentRecord]:
        """Return ready documents whose id starts with ``prefix`` (taken literally: "_" and "%"
        are characters, not SQL wildcards)."""
        return self._records("state='ready' AND substr(doc_id, 1, ?) = ?", (len(prefix), prefix))

    @_locked
    def chunks(self, doc_ids: Iterable[str] | None = None) -> list[tuple[Chunk, str]]:
        """Return every chunk of ready documents (or of ``doc_ids``) with its title, in order."""
        only = sorted(doc_ids) if doc_ids is not None else None
        where = f" AND d.doc_id IN ({','.join('?' * len(only))})" if only else ""
        if only is not None and not only:
            return []
        rows = self.conn.execute(
            "SELECT c.doc_id, c.idx, c.text, c.page, c.start, c.end, c.heading, d.title "
            "FROM chunks c JOIN documents d ON d.doc_id=c.doc_id WHERE d.state='ready'"
            f"{where} ORDER BY c.doc_id, c.idx", tuple(only or ())
        ).fetchall()
        return [(Chunk(r[0], r[1], r[2], r[3], r[4], r[5], r[6]), r[7]) for r in rows]

    @_locked
    def neighbours(self, doc_id: str, index: int, before: int = 1, after: int = 1) -> list[Chunk]:
        """Return the chunks around ``index`` in one document, in order."""
        rows = self.conn.execute(
            "SELECT doc_id, idx, text, page, start, end, heading FROM chunks "
            "WHERE doc_id=? AND idx BETWEEN ? AND ? ORDER BY idx",
            (doc_id, index - before, index + after),
        ).fetchall()
        return [Chunk(*r) for r in rows]

    def close(self) -> None:
        """Close the database."""
        self.conn.close()
