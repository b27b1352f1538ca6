"""The chunk table on disk, so a new process over a large library starts in seconds.

Tokenising 100,000 chunks for BM25 and counting their words takes tens of seconds; a process
that built the table writes it here (in the background, atomically), and the next one loads it
and extends it with any documents added since. A cache that lists a document the registry no
longer has as ready (removed or replaced) is not used. The file is the index folder's own data,
like the registry beside it.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .library import ChunkTable
    from .registry import DocumentRecord

log = logging.getLogger(__name__)
VERSION = 7  # 3: the chunk vectors are kept with the rows; 4: the table gained doc_marks and
# named (left empty on disk, but a table pickled without them fails when they are read);
# 5: the word counts leave e-mail and web addresses out; 6: BM25 reads "they'd" as "they";
# 7: words lose their accents ("Medellín" is "Medellin")


def still_there(cached: dict[str, DocumentRecord], ready: dict[str, DocumentRecord]) -> bool:
    """Return True when every cached document is still ready, with the same chunks.

    A document removed and added again (the same file read anew, by a newer reader) has the
    same id and may have as many chunks: its time of adding tells the copies apart.
    """
    return all(d in ready and ready[d].chunks == rec.chunks and ready[d].added_at == rec.added_at
               for d, rec in cached.items())


class TableCache:
    """One pickled ``ChunkTable`` (rows, BM25, word counts) in the index folder."""

    def __init__(self, path: Path) -> None:
        """Use the cache file at ``path``."""
        self.path = path
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def load(self, ready: dict[str, DocumentRecord]) -> ChunkTable | None:
        """Return the cached table if it is usable for these ready documents, else None."""
        try:
            with self.path.open("rb") as f:
                data: dict[str, Any] = pickle.load(f)
        except FileNotFoundError:
            return None
        except Exception as err:  # a cache from another version or a torn file: rebuild
            log.warning("ignoring the table cache %s: %s", self.path, err)
            return None
        table = data.get("table") if data.get("version") == VERSION else None
        if table is None or not still_there(table.records, ready):
            return None
        return table  # type: ignore[no-any-return]

    def save_later(self, table: ChunkTable) -> None:
        """Write ``table`` (with its word counts) in a background thread."""
        def run() -> None:
            with self._lock:
                try:
                    self._save(table)
                except Exception as err:  # a full disk must not stop answering
                    log.warning("could not write the table cache %s: %s", self.path, err)

        self._thread = threading.Thread(target=run, name="table-cache", daemon=True)
        self._thread.start()

    def _save(self, table: ChunkTable) -> None:
        table.word_stats()  # counted now, so the next process loads them with the table
        # The per-document caches grow while questions run: leave them out of the snapshot.
        snapshot = replace(table, doc_words={}, doc_marks={}, doc_front={}, doc_bag={},
                           doc_acronyms={}, proper=None, named=None, capitals=None, lower=None)
        part = self.path.with_name(f"{self.path.name}.{os.getpid()}.part")
        try:
            with part.open("wb") as f:
                pickle.dump({"version": VERSION, "table": snapshot}, f,
                            protocol=pickle.HIGHEST_PROTOCOL)
            part.replace(self.path)
        finally:
            part.unlink(missing_ok=True)

    def wait(self) -> None:
        """Return once the last write has finished."""
        if self._thread is not None:
            self._thread.join()
