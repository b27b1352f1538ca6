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
        self.collection = self.client.get_or_create_collection(
            name=name,
            embedding_function=make_embedding_function(embedder),
            configuration={"hnsw": {"space": "cosine"}},
        )

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
