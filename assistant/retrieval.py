"""Hybrid retrieval: dense (Chroma) and sparse (BM25) results fused by reciprocal rank."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from .ingest.library import Library, date_number
from .models import Chunk


@dataclass
class Filters:
    """Restrict retrieval to some documents and/or a range of report dates (ISO strings)."""

    doc_ids: set[str] | None = None
    date_from: str = ""
    date_to: str = ""

    def active(self) -> bool:
        """Return True when any restriction is set."""
        return bool(self.doc_ids) or bool(self.date_from) or bool(self.date_to)


@dataclass
class Hit:
    """One retrieved chunk with the scores that placed it."""

    chunk: Chunk
    title: str
    score: float
    dense: float = 0.0
    sparse: float = 0.0
    vector: np.ndarray | None = field(default=None, repr=False)


def rrf_fuse(rankings: list[list[str]], k: int = 60) -> list[tuple[str, float]]:
    """Fuse ranked id lists by reciprocal rank: score = sum of 1 / (k + rank)."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def allowed_documents(library: Library, filters: Filters) -> set[str] | None:
    """Return the ids of documents that pass the filters, or None for no restriction."""
    if not filters.active():
        return None
    lo = date_number(filters.date_from) if filters.date_from else 0
    hi = date_number(filters.date_to) if filters.date_to else 99999999
    # A year or month given as the end of a range includes all of it.
    if filters.date_to and len(filters.date_to) == 4:
        hi = int(filters.date_to) * 10000 + 1231
    elif filters.date_to and len(filters.date_to) == 7:
        hi += 31
    out = set()
    for rec in library.documents():
        if filters.doc_ids and rec.doc_id not in filters.doc_ids:
            continue
        if (filters.date_from or filters.date_to) and not lo <= date_number(rec.date) <= hi:
            continue
        out.add(rec.doc_id)
    return out


def hybrid_search(library: Library, question: str, k: int = 8, filters: Filters | None = None,
                  depth: int = 40, rrf_k: int = 60, qvec: np.ndarray | None = None) -> list[Hit]:
    """Return the ``k`` best chunks for ``question`` by fused dense and BM25 rank."""
    table = library.table()
    if not table.rows:
        return []
    allowed = allowed_documents(library, filters or Filters())
    if allowed is not None and not allowed:
        return []
    if qvec is None:
        qvec = library.embedder.embed_one(question)
    where = {"doc_id": {"$in": sorted(allowed)}} if allowed is not None else None
    dense = library.store.query(qvec, depth, where)
    mask = table.mask(allowed) if allowed is not None else None
    sparse = table.bm25.top(question, depth, mask)
    sparse_ids = [table.rows[i][0].chunk_id for i, _ in sparse]
    fused = rrf_fuse([[cid for cid, _ in dense], sparse_ids], rrf_k)[:k]
    dense_score = dict(dense)
    sparse_score = {table.rows[i][0].chunk_id: s for i, s in sparse}
    vectors = library.store.vectors([cid for cid, _ in fused])
    hits = []
    for cid, score in fused:
        pos = table.position.get(cid)
        if pos is None:  # in Chroma but not ready in the registry: not visible
            continue
        chunk, title = table.rows[pos]
        hits.append(Hit(chunk, title, score, dense_score.get(cid, 0.0),
                        sparse_score.get(cid, 0.0), vectors.get(cid)))
    return hits


class HybridRetriever(BaseRetriever):
    """LangChain retriever over the library: dense + BM25, fused by reciprocal rank."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    library: Any
    k: int = 8
    filters: Filters | None = None
    rrf_k: int = 60

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = hybrid_search(self.library, query, self.k, self.filters, rrf_k=self.rrf_k)
        return [hit_to_document(h) for h in hits]


def hit_to_document(hit: Hit) -> Document:
    """Return a LangChain Document carrying the chunk and its scores as metadata."""
    c = hit.chunk
    return Document(
        page_content=c.text,
        id=c.chunk_id,
        metadata={
            "chunk_id": c.chunk_id, "doc_id": c.doc_id, "index": c.index, "page": c.page,
            "start": c.start, "end": c.end, "heading": c.heading, "title": hit.title,
            "score": hit.score, "dense": hit.dense, "sparse": hit.sparse,
        },
    )
