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

    @classmethod
    def asked(cls, doc_ids: list[str] | None, date_from: str, date_to: str) -> Filters | None:
        """Return the restriction a request asks for, or None when it asks for none."""
        found = cls(set(doc_ids) if doc_ids else None, date_from, date_to)
        return found if found.active() else None

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


LEADERS = 2  # each ranking's first results always reach the answerer


def rrf_fuse(rankings: list[list[str]], k: int = 60) -> list[tuple[str, float]]:
    """Fuse ranked id lists by reciprocal rank: score = sum of 1 / (k + rank)."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def keep_leaders(fused: list[tuple[str, float]], rankings: list[list[str]], k: int,
                 lead: int = LEADERS) -> list[tuple[str, float]]:
    """Return the ``k`` best of ``fused``, with each ranking's first ``lead`` among them.

    Reciprocal rank ignores how far ahead a result is: the one passage naming a rare word
    of the question ("Alicante") can top BM25 by far yet fall out of the fused list when
    the dense ranking misses it. Such a leader takes the place of the last fused result.
    """
    top = fused[:k]
    score = dict(fused)
    chosen = {cid for cid, _ in top}
    leading = list(dict.fromkeys(cid for ranking in rankings for cid in ranking[:lead]))
    for cid in [c for c in leading if c not in chosen]:
        # A leader already in the list keeps its place: only a follower gives way.
        fixed = [i for i, (c, _) in enumerate(top) if c not in leading]
        if len(top) < k:
            top.append((cid, score.get(cid, 0.0)))
        elif fixed:
            top[fixed[-1]] = (cid, score.get(cid, 0.0))  # each keeps its own fused score
    return top


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
                  depth: int = 40, rrf_k: int = 60, qvec: np.ndarray | None = None,
                  vectors: bool = True) -> list[Hit]:
    """Return the ``k`` best chunks for ``question`` by fused dense and BM25 rank.

    Args:
        library: The library to search.
        question: The stand-alone question.
        k: How many chunks to return.
        filters: Restrict the search to some documents or report dates.
        depth: How many results each of dense and BM25 contributes to the fusion.
        rrf_k: The reciprocal rank fusion constant.
        qvec: The question's vector, when the caller has embedded it already.
        vectors: Whether to fetch each hit's stored chunk vector (``Hit.vector``).
    """
    table = library.table()
    if not table.rows:
        return []
    allowed = allowed_documents(library, filters or Filters())
    if allowed is not None and not allowed:
        return []
    if qvec is None:
        qvec = library.embedder.embed_one(question)
    dense = library.dense(qvec, depth, allowed)
    mask = table.mask(allowed) if allowed is not None else None
    sparse = table.bm25.top(question, depth, mask)
    sparse_ids = [table.rows[i][0].chunk_id for i, _ in sparse]
    rankings = [[cid for cid, _ in dense], sparse_ids]
    fused = keep_leaders(rrf_fuse(rankings, rrf_k), rankings, k)
    dense_score = dict(dense)
    sparse_score = {table.rows[i][0].chunk_id: s for i, s in sparse}
    stored = library.chunk_vectors([cid for cid, _ in fused]) if vectors else {}
    hits = []
    for cid, score in fused:
        pos = table.position.get(cid)
        if pos is None:  # in Chroma but not ready in the registry: not visible
            continue
        chunk, title = table.rows[pos]
        hits.append(Hit(chunk, title, score, dense_score.get(cid, 0.0),
                        sparse_score.get(cid, 0.0), stored.get(cid)))
    return hits


class HybridRetriever(BaseRetriever):
    """LangChain retriever over the library: dense + BM25, fused by reciprocal rank.

    ``retriever.invoke(query)`` uses the retriever's own ``filters``; a caller may pass
    ``filters=`` and ``qvec=`` (the question's vector, so it is embedded only once) per call:
    ``retriever.invoke(query, config, filters=..., qvec=...)``; BaseRetriever hands keyword
    arguments on to ``_get_relevant_documents``. The results are those of ``hybrid_search``.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    library: Any
    k: int = 8
    filters: Filters | None = None
    rrf_k: int = 60

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
        filters: Filters | None = None, qvec: np.ndarray | None = None, k: int | None = None,
    ) -> list[Document]:
        # Documents carry no vectors (they would not serialise); ``documents_to_hits``
        # fetches them once, so a question still costs one vector fetch.
        hits = hybrid_search(self.library, query, k or self.k,
                             filters if filters is not None else self.filters,
                             rrf_k=self.rrf_k, qvec=qvec, vectors=False)
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


def documents_to_hits(library: Library, docs: list[Document]) -> list[Hit]:
    """Return the ``Hit`` of each retrieved Document, with its chunk, title and vector.

    Chunks come from the library's chunk table by id, so they are the very objects
    ``hybrid_search`` returns; a chunk no longer in the table (removed since it was retrieved)
    is dropped, as ``hybrid_search`` drops chunks that are not ready.
    """
    table = library.table()
    ids = [str(d.metadata["chunk_id"]) for d in docs]
    vectors = library.chunk_vectors(ids)
    hits = []
    for cid, doc in zip(ids, docs, strict=True):
        pos = table.position.get(cid)
        if pos is None:
            continue
        chunk, title = table.rows[pos]
        meta = doc.metadata
        hits.append(Hit(chunk, title, float(meta["score"]), float(meta.get("dense", 0.0)),
                        float(meta.get("sparse", 0.0)), vectors.get(cid)))
    return hits
