"""The library: registry, Chroma and BM25 kept in step; ingestion and removal."""

from __future__ import annotations

import bisect
import copy
import fcntl
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import numpy as np

from ..acronyms import defined_acronyms
from ..bm25 import BM25
from ..config import Settings
from ..embeddings import Embedder, shared_embedder
from ..errors import DocumentNotFound, IngestError
from ..models import Chunk, LoadedDocument
from ..names import name_bag
from ..text import tokens
from ..truecase import WordStats
from ..vectorstore import VectorStore
from . import glyphs
from .chunking import chunk_document
from .loaders import is_url, iter_sources, load, source_stem
from .pdf_pages import page_label
from .registry import DocumentRecord, Registry
from .table_cache import TableCache, still_there

MIN_NAME_USES = 5  # a common English word written in capitals this often may be an acronym
NAME_SHARE = 0.5  # of its uses inside sentences, how often a name is capitalised at least


@dataclass
class IngestResult:
    """What happened to one input: added, unchanged, replaced or failed."""

    source: str
    status: str
    doc_id: str = ""
    title: str = ""
    chunks: int = 0
    reason: str = ""

    def line(self) -> str:
        """Return the one-line report printed by ``casebook ingest``."""
        if self.status == "failed":
            return f"failed: {self.source}: {self.reason}"
        return (f"{self.status}: {self.source} -> {self.doc_id} {self.title!r} "
                f"({self.chunks} chunks)")


WRITER_LOCK = "writer.lock"
TABLE_CACHE = "table-cache.pkl"


def document_id(raw: bytes) -> str:
    """Return the content-hash id of a document's original bytes."""
    return hashlib.sha256(raw).hexdigest()[:16]


def date_number(date: str) -> int:
    """Return YYYYMMDD as an int for range filters (0 when unknown)."""
    digits = date.replace("-", "")[:8]
    if not digits[:4].isdigit():
        return 0
    return int(digits.ljust(8, "0")[:8]) if digits.isdigit() else int(digits[:4]) * 10000


def passage_text(chunk: Chunk, title: str) -> str:
    """Return the text indexed for a chunk: its title and heading give it context."""
    head = chunk.heading if chunk.heading and chunk.heading != title else ""
    return " \n".join(x for x in (title, head, chunk.text) if x)


log = logging.getLogger(__name__)
VECTOR_BATCH = 5000  # chunk vectors read from Chroma per request


def dense_top(vectors: np.ndarray, qvec: np.ndarray, k: int, mask: np.ndarray | None = None
              ) -> list[tuple[int, float]]:
    """Return the rows of the ``k`` vectors most similar to ``qvec``, best first (pure)."""
    sims = vectors @ (qvec / (np.linalg.norm(qvec) or 1.0))
    if mask is not None:
        sims = np.where(mask, sims, -np.inf)
    k = min(k, int(mask.sum()) if mask is not None else len(sims))
    if k <= 0:
        return []
    top = np.argpartition(-sims, k - 1)[:k]
    top = top[np.argsort(-sims[top], kind="stable")]
    return [(int(i), float(sims[i])) for i in top]


# A report's front matter: its first pages, at most this many chunks.
FRONT_PAGES = 2
FRONT_CHUNKS = 6


@dataclass
class ChunkTable:
    """Every ready chunk in memory, with a BM25 index over the same rows."""

    rows: list[tuple[Chunk, str]]
    position: dict[str, int]
    doc_of: np.ndarray
    bm25: BM25
    doc_index: dict[str, int]
    records: dict[str, DocumentRecord]
    # Derived lazily; they belong to this version of the library and go with it.
    doc_words: dict[str, str] = field(default_factory=dict)
    # Where each chunk's words start in ``doc_words``, and the chunks' indexes.
    doc_marks: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)
    doc_front: dict[str, frozenset[str]] = field(default_factory=dict)
    doc_bag: dict[str, frozenset[str]] = field(default_factory=dict)
    doc_acronyms: dict[str, dict[str, str]] = field(default_factory=dict)
    proper: dict[str, str] | None = None
    named: dict[str, str] | None = None
    capitals: dict[str, str] | None = None
    lower: frozenset[str] | None = None
    stats: WordStats | None = None
    # The rows' chunk vectors, unit length, searched exactly (see ``dense_top``).
    vectors: np.ndarray | None = None

    @classmethod
    def build(cls, rows: list[tuple[Chunk, str]], records: dict[str, DocumentRecord]
              ) -> ChunkTable:
        """Return the table of ``rows`` (every ready chunk)."""
        doc_index = {d: i for i, d in enumerate(sorted({c.doc_id for c, _ in rows}))}
        return cls(
            rows=rows,
            position={c.chunk_id: i for i, (c, _) in enumerate(rows)},
            doc_of=np.array([doc_index[c.doc_id] for c, _ in rows], dtype=np.int32),
            bm25=BM25([passage_text(c, t) for c, t in rows]),
            doc_index=doc_index,
            records=records,
        )

    def extended(self, rows: list[tuple[Chunk, str]], records: dict[str, DocumentRecord]
                 ) -> ChunkTable:
        """Return a new table with ``rows`` (new documents' chunks) after this one's rows.

        This table is left as it is, for the questions still reading it; the new one shares
        what did not change and counts only the new chunks' words.
        """
        doc_index = dict(self.doc_index)
        for chunk, _ in rows:
            doc_index.setdefault(chunk.doc_id, len(doc_index))
        start = len(self.rows)
        position = dict(self.position)
        position.update({c.chunk_id: start + i for i, (c, _) in enumerate(rows)})
        stats = None
        if self.stats is not None:
            stats = copy.deepcopy(self.stats)
            stats.add(c.text for c, _ in rows)
        return ChunkTable(
            rows=self.rows + rows,
            position=position,
            doc_of=np.concatenate([self.doc_of, np.array([doc_index[c.doc_id] for c, _ in rows],
                                                         dtype=np.int32)]),
            bm25=self.bm25.extended([passage_text(c, t) for c, t in rows]),
            doc_index=doc_index,
            records=records,
            doc_words=dict(self.doc_words), doc_marks=dict(self.doc_marks),
            doc_front=dict(self.doc_front), doc_bag=dict(self.doc_bag),
            doc_acronyms=dict(self.doc_acronyms), stats=stats,
            vectors=self.vectors,
        )

    def word_stats(self) -> WordStats:
        """Return the counts of the table's words, counted on first use."""
        if self.stats is None:
            self.stats = WordStats(c.text for c, _ in self.rows)
        return self.stats

    def mask(self, doc_ids: set[str]) -> np.ndarray:
        """Return a boolean mask over the rows for the given documents."""
        wanted = [self.doc_index[d] for d in doc_ids if d in self.doc_index]
        return np.isin(self.doc_of, wanted)


class Library:
    """Documents in a registry, chunk vectors in Chroma, and BM25 over the same chunks."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        """Open the library under ``settings.index`` and repair an interrupted ingest."""
        self.settings = settings
        self.index_dir = Path(settings.index)
        self.registry = Registry(self.index_dir / "registry.sqlite3")
        self.embedder = embedder or shared_embedder(
            str(settings.embed_model) if settings.embed_model else None,
            settings.embed_batch_size,
            cache=str(settings.cache) if settings.cache else None,
        )
        self.store = VectorStore(
            self.index_dir, self.embedder, settings.collection, settings.chroma_url
        )
        self._lock = threading.Lock()
        self._table: ChunkTable | None = None
        self._table_gen: int | None = None
        self._cache = TableCache(self.index_dir / TABLE_CACHE)
        self._write_lock = threading.RLock()
        self._write_depth = 0
        self._write_file: IO[str] | None = None
        self._own_gen: int | None = None  # the registry generation after our last write
        self.recover()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the library's writer lock (one writer at a time, across processes)."""
        with self._write_lock:
            if self._write_depth == 0:
                self.index_dir.mkdir(parents=True, exist_ok=True)
                self._write_file = open(self.index_dir / WRITER_LOCK, "a+")  # noqa: SIM115
                fcntl.flock(self._write_file, fcntl.LOCK_EX)
            self._write_depth += 1
            try:
                yield
            finally:
                self._write_depth -= 1
                self._own_gen = self.registry.generation()
                if self._write_depth == 0 and self._write_file is not None:
                    fcntl.flock(self._write_file, fcntl.LOCK_UN)
                    self._write_file.close()
                    self._write_file = None

    def recover(self) -> None:
        """Remove documents whose ingestion or removal was cut short, from both stores.

        Runs only when no writer holds the lock: a document another process is ingesting
        right now is pending too, and must be left alone.
        """
        self.index_dir.mkdir(parents=True, exist_ok=True)
        with open(self.index_dir / WRITER_LOCK, "a+") as probe:
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return
            try:
                for rec in self.registry.pending():
                    self._discard(rec.doc_id, rec.fmt)
            finally:
                fcntl.flock(probe, fcntl.LOCK_UN)

    def _discard(self, doc_id: str, fmt: str) -> None:
        """Delete every trace of one document: vectors, registry rows, original file."""
        self.store.delete_document(doc_id)
        self.registry.delete(doc_id)
        self.original_path(doc_id, fmt).unlink(missing_ok=True)

    # ---- reading -------------------------------------------------------------------------
    def documents(self) -> list[DocumentRecord]:
        """Return every ready document."""
        return self.registry.documents()

    def table(self) -> ChunkTable:
        """Return the in-memory chunk table, brought up to date when the library changed.

        Added documents extend the table (their chunks read, tokenised and counted alone);
        a removal rebuilds it.
        """
        gen = self.registry.generation()
        with self._lock:
            if self._table is None or gen != self._table_gen:
                if self._table is not None and gen != self._own_gen:
                    self.store.reopen()  # another process added or removed documents
                records = {r.doc_id: r for r in self.registry.documents()}
                old = self._table or self._cache.load(records)
                if old is not None and still_there(old.records, records):
                    added = set(records) - set(old.records)
                    table = old.extended(self.registry.chunks(added), records) if added else old
                else:
                    table = ChunkTable.build(self.registry.chunks(), records)
                if table is not old:  # what the cache already holds is not written again
                    self._cache.save_later(table)
                self._table, self._table_gen = table, gen
            return self._table

    def _row_vectors(self, table: ChunkTable) -> np.ndarray:
        """Return the table's vectors, reading from Chroma the rows it has none for yet."""
        have = table.vectors if table.vectors is not None else np.zeros(
            (0, self.embedder.dimension), dtype=np.float32)
        ids = [c.chunk_id for c, _ in table.rows[len(have):]]
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), VECTOR_BATCH):
            found.update(self.store.vectors(ids[start:start + VECTOR_BATCH]))
        new = np.zeros((len(ids), have.shape[1]), dtype=np.float32)
        for i, cid in enumerate(ids):
            if cid in found:  # a chunk Chroma lacks keeps a zero vector: never retrieved
                vec = found[cid]
                new[i] = vec / (np.linalg.norm(vec) or 1.0)
        return np.vstack([have, new]) if len(have) else new

    def dense(self, qvec: np.ndarray, k: int, allowed: set[str] | None = None
              ) -> list[tuple[str, float]]:
        """Return up to ``k`` (chunk id, cosine similarity) pairs, best first, over every
        chunk (or the ``allowed`` documents' chunks): an exact search of the table's vectors.

        Chroma's approximate (HNSW) search missed true neighbours: over 352 development
        questions its top 40 held 95 % of the exact top 40 on average, and none of it for
        some; the exact product is faster at this size (1.4 ms for 14,800 chunks, HNSW 6 ms).
        """
        table = self.table()
        if not table.rows:
            return []
        if table.vectors is None or len(table.vectors) < len(table.rows):
            with self._lock:
                if table.vectors is None or len(table.vectors) < len(table.rows):
                    try:
                        table.vectors = self._row_vectors(table)
                    except Exception as err:  # e.g. a vector segment a crash left unwritten
                        log.warning("exact search unavailable (%s): using Chroma's index", err)
                        where = {"doc_id": {"$in": sorted(allowed)}} if allowed is not None \
                            else None
                        return self.store.query(qvec, k, where)
                    self._cache.save_later(table)  # so the next process need not read them
        mask = table.mask(allowed) if allowed is not None else None
        return [(table.rows[i][0].chunk_id, s) for i, s in dense_top(table.vectors, qvec, k, mask)]

    def save_table_cache(self) -> None:
        """Wait until the table cache is on disk (it is written in the background)."""
        self._cache.wait()

    def _stats(self) -> WordStats:
        return self.table().word_stats()

    def proper_words(self) -> dict[str, str]:
        """Return the words the library writes as names (see ``truecase``)."""
        table = self.table()
        if table.proper is None:
            table.proper = self._stats().proper()
        return table.proper

    def name_words(self) -> dict[str, str]:
        """Return the words the library writes capitalised at least as often as not inside a
        sentence: names, though a careless reference writes one small ("the cases of Ciudad
        Juárez and monterrey"). An asked word outside these and written small is ordinary."""
        table = self.table()
        if table.named is None:
            table.named = self._stats().proper(share=NAME_SHARE)
        return table.named

    def capitals(self) -> dict[str, str]:
        """Return the names to capitalise in a question typed in lower case.

        These are the ``proper_words`` less the common English words (the embedding model's
        whole words) that the library also writes in lower case: "the panel", "the article"
        or "the hotline" typed small is an ordinary word, "nigeria" or "unodc" a name.
        """
        table = self.table()
        if table.capitals is None:
            stats = self._stats()
            common: frozenset[str] = getattr(self.embedder, "common_words", frozenset())
            # A common word written in capitals only a few times ("ROW" three times in a
            # code listing) is not shown to be a name: "in a row" typed small stays a phrase.
            table.capitals = {k: v for k, v in self.proper_words().items()
                              if not (k in common and (stats.written_small(k) or (
                                  v.isupper() and stats.total[k] < MIN_NAME_USES)))}
        return table.capitals

    def word_counts(self) -> dict[str, int]:
        """Return how often the library uses each lower-cased word (for spelling fixes)."""
        return self._stats().all

    def lower_words(self) -> frozenset[str]:
        """Return the words the library writes in lower case somewhere (ordinary words)."""
        table = self.table()
        if table.lower is None:
            table.lower = frozenset(self._stats().lower_forms)
        return table.lower

    def chunk_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Return the vectors of the given chunks: the table's, once the dense search has read
        them, else Chroma's."""
        table = self.table()
        if table.vectors is None or len(table.vectors) < len(table.rows):
            return self.store.vectors(ids)
        rows = {cid: table.vectors[table.position[cid]] for cid in ids if cid in table.position}
        return {cid: vec for cid, vec in rows.items() if vec.any()}  # none for a chunk Chroma lacks

    def written_small(self, word: str) -> int:
        """Return how often the library writes ``word`` in lower case inside a sentence."""
        return self._stats().written_small(word.lower())

    def written_large(self, word: str) -> int:
        """Return how often the library writes ``word`` capitalised inside a sentence."""
        return sum(self._stats().forms.get(word.lower(), {}).values())

    def chunk_count(self, doc_id: str) -> int:
        """Return how many chunks a document has (0 when unknown)."""
        rec = self.table().records.get(doc_id)
        return rec.chunks if rec else 0

    def publisher(self, doc_id: str) -> str:
        """Return the publisher of a document ('' when unknown)."""
        rec = self.table().records.get(doc_id)
        return rec.publisher if rec else ""

    def _doc_parts(self, doc_id: str, upto: int = 10**9, pages: int | None = None
                   ) -> tuple[list[str], list[Chunk]]:
        """Return a document's title and publisher, and its chunks (up to a chunk or a page)."""
        rec = self.table().records.get(doc_id)
        head = [rec.title, rec.publisher] if rec else []
        # An indexed lookup: scanning every row per document would not scale.
        chunks = self.registry.neighbours(doc_id, 0, 0, upto)
        return head, [c for c in chunks if pages is None or (c.page or 1) <= pages]

    def _doc_text(self, doc_id: str, upto: int = 10**9, pages: int | None = None) -> str:
        """Return a document's title, publisher and chunk texts (up to a chunk or a page)."""
        head, chunks = self._doc_parts(doc_id, upto, pages)
        return " ".join(head + [c.text for c in chunks])

    def doc_words(self, doc_id: str) -> str:
        """Return a document's title and text as space-joined tokens, padded for search."""
        table = self.table()
        if doc_id not in table.doc_words:
            self._read_whole(table, doc_id)
        return table.doc_words[doc_id]

    def _read_whole(self, table: ChunkTable, doc_id: str) -> None:
        """Read a document's whole text once for what every answer asks of it: its words and
        the acronyms it defines (each retrieved document needs both)."""
        parts, chunks = self._doc_parts(doc_id)
        words = " " + " ".join(tokens(" ".join(parts)))
        starts: list[int] = []
        for chunk in chunks:
            starts.append(len(words))
            words += " " + " ".join(tokens(chunk.text))
        table.doc_words[doc_id] = words + " "
        table.doc_marks[doc_id] = (starts, [c.index for c in chunks])
        table.doc_acronyms[doc_id] = defined_acronyms(" ".join(parts + [c.text for c in chunks]))

    def mention_distance(self, doc_id: str, index: int, pattern: re.Pattern[str]) -> int | None:
        """Return how many chunks from chunk ``index`` the nearest match of ``pattern`` lies.

        ``pattern`` runs over the document's words (see ``doc_words``); the title and the
        publisher are no chunk. None when no chunk matches.
        """
        words = self.doc_words(doc_id)
        starts, indexes = self.table().doc_marks[doc_id]
        best: int | None = None
        for m in pattern.finditer(words):
            at = bisect.bisect_right(starts, m.start()) - 1
            if at < 0:
                continue  # the title or publisher
            gap = abs(indexes[at] - index)
            best = gap if best is None else min(best, gap)
        return best

    def doc_bag(self, doc_id: str) -> frozenset[str]:
        """Return every word of a document with the acronyms it spells out or dots."""
        store = self.table().doc_bag
        if doc_id not in store:
            store[doc_id] = frozenset(name_bag(self._doc_text(doc_id)))
        return store[doc_id]

    def doc_acronyms(self, doc_id: str) -> dict[str, str]:
        """Return the acronyms a document defines ("suspicious activity reports (SARs)")."""
        table = self.table()
        if doc_id not in table.doc_acronyms:
            self._read_whole(table, doc_id)
        return table.doc_acronyms[doc_id]

    def doc_front(self, doc_id: str) -> frozenset[str]:
        """Return the words of a document's title, publisher and first pages.

        A report names itself, its author and its period there ("Final report of the Panel of
        Experts on the Sudan", "2020-2022"), and often in its file name, so a question that
        refers to the report by those words ("according to the Sudan panel", "the 2025
        report") is about this document.
        """
        store = self.table().doc_front
        if doc_id not in store:
            rec = self.table().records.get(doc_id)
            # A report's file is often named after it: "aba-aml-cft-year-in-review-2015.pdf".
            named = re.sub(r"[-_.]+", " ", source_stem(rec.source)) if rec else ""
            front = self._doc_text(doc_id, FRONT_CHUNKS - 1, FRONT_PAGES) + " " + named
            store[doc_id] = frozenset(name_bag(front))
        return store[doc_id]

    def neighbours(self, chunk: Chunk, before: int = 1, after: int = 1) -> list[Chunk]:
        """Return a chunk with its neighbours in the same document."""
        return self.registry.neighbours(chunk.doc_id, chunk.index, before, after)

    def resolve(self, doc_id: str) -> DocumentRecord:
        """Return the document whose id is or starts with ``doc_id``."""
        found = self.registry.match(doc_id) if doc_id else []
        if len(found) != 1:
            reason = "no document" if not found else f"{len(found)} documents"
            raise DocumentNotFound(f"{reason} with id {doc_id!r} in the library")
        return found[0]

    # ---- writing -------------------------------------------------------------------------
    def remove(self, doc_id: str) -> DocumentRecord:
        """Remove a document from the registry, Chroma and BM25 alike."""
        with self.writing():
            rec = self.resolve(doc_id)
            # Mark first: a crash between the two deletes is repaired by recover().
            self.registry.mark_removing(rec.doc_id)
            self._discard(rec.doc_id, rec.fmt)
        return rec

    def page_label(self, doc_id: str, page: int | None) -> str | None:
        """Return the page number printed on a PDF's page ("67" for its page 3), or None."""
        rec = self.table().records.get(doc_id)
        if rec is None or rec.fmt != "pdf":
            return None
        return page_label(self.original_path(doc_id, "pdf"), page)

    def page_text(self, doc_id: str, page: int | None) -> str:
        """Return the text of one page of a document (the whole text when it has no pages)."""
        chunks = self.registry.neighbours(doc_id, 0, 0, 10**9)
        return "\n\n".join(c.text for c in chunks if page is None or c.page == page)

    def _release(self, doc_id: str, source: str) -> None:
        """Drop ``source`` from a document; remove the document when no source is left."""
        if self.registry.drop_source(doc_id, source) == 0:
            self.remove(doc_id)

    def original_path(self, doc_id: str, fmt: str) -> Path:
        """Return where the original file of a document is kept."""
        return self.index_dir / "originals" / f"{doc_id}.{fmt}"

    def ingest(self, inputs: list[str], progress: bool = True) -> Iterator[IngestResult]:
        """Ingest files, folders and URLs one by one; a failure never stops the others."""
        from tqdm import tqdm

        sources = list(iter_sources(inputs))
        bar = tqdm(total=len(sources), unit="doc", desc="ingest", disable=not progress or None,
                   leave=False)
        with self.writing():
            for item in sources:
                if isinstance(item, IngestError):
                    yield IngestResult(item.source, "failed", reason=item.reason)
                else:
                    yield self.ingest_one(item, progress)
                bar.update(1)
        bar.close()

    def ingest_one(self, source: str, progress: bool = False) -> IngestResult:
        """Load, chunk, embed and store one document."""
        try:
            doc = load(source)
            with self.writing():
                return self._store_document(doc, progress)
        except IngestError as err:
            return IngestResult(source, "failed", reason=err.reason)
        except Exception as err:  # a loader bug must not stop the other files
            return IngestResult(source, "failed", reason=f"{type(err).__name__}: {err}")

    def _store_document(self, doc: LoadedDocument, progress: bool) -> IngestResult:
        doc_id = document_id(doc.raw)
        existing = self.registry.get(doc_id)
        # Stored sources are absolute, so "./a.pdf" and "/x/a.pdf" are one source.
        source = doc.source if is_url(doc.source) else str(Path(doc.source).resolve())
        older = [r for r in self.registry.by_source(source) if r.doc_id != doc_id]
        if existing is not None and existing.state == "ready":
            # The same content from another path is one more source of this document; older
            # versions of this source can also survive a crash in the middle of a replace.
            self.registry.add_source(doc_id, source)
            for old in older:
                self._release(old.doc_id, source)
            return IngestResult(doc.source, "unchanged", doc_id, existing.title, existing.chunks)
        if doc.fmt == "pdf":
            # "a!ack" for "attack": letters a font drew as one glyph, read from its vocabulary.
            doc = glyphs.repair(doc, getattr(self.embedder, "common_words", frozenset()))
        chunks = chunk_document(doc, doc_id, max_chars=self.settings.chunk_chars, overlap=0)
        if not chunks:
            raise IngestError(doc.source, "no text could be extracted")
        rec = DocumentRecord(
            doc_id=doc_id, source=source, title=doc.title,
            publisher=doc.metadata.get("publisher", ""), date=doc.metadata.get("date", ""),
            fmt=doc.fmt, pages=sum(1 for p in doc.pages if p.number is not None),
            chunks=len(chunks), added_at=time.time(), state="pending",
        )
        self.registry.begin(rec, chunks)
        try:
            vectors = self._embed(chunks, doc.title, progress)
            self.store.add(
                [c.chunk_id for c in chunks],
                [c.text for c in chunks],
                vectors,
                [self._metadata(c, rec) for c in chunks],
            )
            original = self.original_path(doc_id, doc.fmt)
            original.parent.mkdir(parents=True, exist_ok=True)
            original.write_bytes(doc.raw)
        except BaseException:
            self._discard(doc_id, doc.fmt)  # only our own half-written document
            raise
        if not self.registry.commit(doc_id):
            self._discard(doc_id, doc.fmt)
            raise IngestError(doc.source, "the library changed during ingestion; try again")
        for old in older:
            self._release(old.doc_id, source)
        status = "replaced" if older else "added"
        return IngestResult(doc.source, status, doc_id, doc.title, len(chunks))

    def _embed(self, chunks: list[Chunk], title: str, progress: bool) -> np.ndarray:
        from tqdm import tqdm

        texts = [passage_text(c, title) for c in chunks]
        with tqdm(total=len(texts), unit="chunk", desc=title[:40], leave=False,
                  disable=not progress or None) as bar:
            update: Callable[[int], Any] = bar.update
            return self.embedder.embed(texts, progress=update)

    @staticmethod
    def _metadata(chunk: Chunk, rec: DocumentRecord) -> dict[str, Any]:
        return {
            "doc_id": rec.doc_id,
            "index": chunk.index,
            "page": chunk.page if chunk.page is not None else -1,
            "start": chunk.start,
            "end": chunk.end,
            "heading": chunk.heading,
            "title": rec.title,
            "source": rec.source,
            "date": rec.date,
            "date_int": date_number(rec.date),
        }
