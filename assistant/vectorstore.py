"""The Chroma side of the library: our own embedding function, cosine space."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from .embeddings import Embedder, offline_environment
from .errors import ConfigError


def make_embedding_function(embedder: Embedder) -> Any:
    """Return a Chroma embedding function backed by ``embedder`` (never Chroma's default)."""
    from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

    class CasebookEmbedding(EmbeddingFunction[Documents]):
        def __init__(self) -> None:
            self.embedder = embedder

        def __call__(self, input: Documents) -> Embeddings:
            return list(self.embedder.embed(list(input)))

        @staticmethod
        def name() -> str:
            return "casebook-minilm"

        def get_config(self) -> dict[str, Any]:
            return {"model": self.embedder.name}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> CasebookEmbedding:
            return CasebookEmbedding()

        def default_space(self) -> str:  # type: ignore[override]
            return "cosine"

    return CasebookEmbedding()


MAX_SPELLINGS = 64  # path spellings cycled through by reopen(); older ones are closed by then


class VectorStore:
    """A persistent Chroma collection of chunk vectors with filterable metadata."""

    def __init__(self, index_dir: Path, embedder: Embedder, name: str, url: str = "") -> None:
        """Open the embedded store under ``index_dir``, or the server at ``url``."""
        offline_environment()
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if url:
            parsed = urlparse(url)
            if parsed.scheme not in {"http", "https"} or not parsed.hostname:
                raise ConfigError(f"CASEBOOK_CHROMA_URL must be http(s)://host:port, not {url!r}")
            self.client = chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=chroma_settings,
            )
        else:
            index_dir.mkdir(parents=True, exist_ok=True)
            self.client = chromadb.PersistentClient(
                path=str(index_dir / "chroma"), settings=chroma_settings
            )
        self.embedder = embedder
        self.name = name
        self._path = None if url else index_dir / "chroma"
        self._settings = chroma_settings
        self._opened = 0
        self._retired: Any = None
        self.collection = self._collection()

    def _collection(self) -> Any:
        return self.client.get_or_create_collection(
            name=self.name,
            embedding_function=make_embedding_function(self.embedder),
            configuration={"hnsw": {"space": "cosine"}},
        )

    def reopen(self) -> None:
        """Read the store afresh after another process changed it.

        An embedded Chroma keeps its vector index in memory, one instance per folder path in
        the process, and does not see chunks another process added ("Error finding id"). A
        new instance is opened under an equivalent spelling of the path, so it reads the
        folder as it is now; the previous one is closed one reopen later, so a query still
        running on it can finish. A Chroma server needs none of this.
        """
        if self._path is None:
            return
        import chromadb

        self._opened += 1
        path = str(self._path) + "/." * (self._opened % MAX_SPELLINGS + 1)
        client = chromadb.PersistentClient(path=path, settings=self._settings)
        if self._retired is not None:
            self._retired.close()
        self._retired, self.client = self.client, client
        self.collection = self._collection()

    def add(self, ids: list[str], texts: list[str], vectors: np.ndarray,
            metadatas: list[dict[str, Any]], batch: int = 2000) -> None:
        """Add chunks with precomputed vectors, in batches Chroma accepts."""
        for lo in range(0, len(ids), batch):
            hi = lo + batch
            self.collection.upsert(
                ids=ids[lo:hi],
                documents=texts[lo:hi],
                embeddings=vectors[lo:hi],  # type: ignore[arg-type]
                metadatas=metadatas[lo:hi],  # type: ignore[arg-type]
            )

    def delete_document(self, doc_id: str) -> None:
        """Remove every chunk of one document."""
        self.collection.delete(where={"doc_id": doc_id})

    def query(self, vector: np.ndarray, k: int,
              where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """Return up to ``k`` (chunk id, cosine similarity) pairs, best first."""
        count = self.collection.count()
        if count == 0:
            return []
        res = self.collection.query(
            query_embeddings=[vector.tolist()],
            n_results=min(k, count),
            where=where,
            include=["distances"],
        )
        ids = res["ids"][0]
        dists = (res.get("distances") or [[]])[0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, dists, strict=False)]

    def vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Return the stored vectors of the given chunk ids."""
        if not ids:
            return {}
        res = self.collection.get(ids=ids, include=["embeddings"])
        embs = res.get("embeddings")
        if embs is None:
            return {}
        return {i: np.asarray(e, dtype=np.float32) for i, e in zip(res["ids"], embs, strict=False)}

    def doc_ids(self) -> set[str]:
        """Return the ids of every document with chunks in the collection."""
        res = self.collection.get(include=["metadatas"])
        return {str(m["doc_id"]) for m in (res.get("metadatas") or []) if m}

    def count(self) -> int:
        """Return the number of stored chunks."""
        return int(self.collection.count())
