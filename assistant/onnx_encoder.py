"""ONNX Runtime encoder for the packaged MiniLM: the same vectors, about twice as fast.

The ONNX graph is exported once from the sentence-transformers model (torch is needed only
for that step) and cached; later processes load neither torch nor sentence-transformers.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from .errors import ConfigError


def default_cache_dir() -> Path:
    """Return the folder for derived model files ($XDG_CACHE_HOME/casebook or ~/.cache/...)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "casebook"


def onnx_path(model_dir: Path, cache: Path | None = None) -> Path:
    """Return where the ONNX export of ``model_dir`` is cached (keyed by its weights)."""
    weights = model_dir / "model.safetensors"
    stamp = f"{model_dir.resolve()}:{weights.stat().st_size if weights.exists() else 0}"
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:12]
    return (cache or default_cache_dir()) / f"{model_dir.parent.name}-{digest}.onnx"


def export_onnx(model_dir: Path, target: Path) -> Path:
    """Export the transformer of a sentence-transformers folder to ONNX at ``target``."""
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    bert = model[0].auto_model
    assert isinstance(bert, torch.nn.Module)
    bert.eval()

    class LastHidden(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    enc = model.tokenizer(["an example sentence"], return_tensors="pt", padding=True)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]}
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    with torch.no_grad():
        torch.onnx.export(
            LastHidden(bert), tuple(enc[n] for n in names), str(partial),
            input_names=names, output_names=["last_hidden_state"], dynamic_axes=axes,
            opset_version=17, dynamo=False,
        )
    os.replace(partial, target)  # atomic: a concurrent reader never sees half a file
    return target


def pool_words(text: str, word_ids: list[int | None], offsets: list[tuple[int, int]],
               states: np.ndarray) -> list[tuple[str, np.ndarray]]:
    """Return the words of ``text`` with the normalised mean of their pieces' hidden states.

    ``word_ids`` and ``offsets`` give each token's word and characters (special tokens have
    no word); ``states`` holds one row per token.
    """
    pieces: dict[int, list[int]] = {}
    for i, word in enumerate(word_ids):
        if word is not None:
            pieces.setdefault(word, []).append(i)
    words = []
    for idx in pieces.values():
        vec = states[idx].mean(axis=0)
        start, end = offsets[idx[0]][0], offsets[idx[-1]][1]
        words.append((text[start:end], vec / max(float(np.linalg.norm(vec)), 1e-12)))
    return words


class OnnxEncoder:
    """Tokenise with the model's tokenizer.json, run ONNX, mean-pool and normalise."""

    def __init__(self, model_dir: Path, cache: Path | None = None) -> None:
        """Load (exporting first if needed) the ONNX form of ``model_dir``."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = onnx_path(model_dir, cache)
        if not path.exists():
            export_onnx(model_dir, path)
        config = json.loads((model_dir / "sentence_bert_config.json").read_text())
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=int(config.get("max_seq_length", 256)))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, min(4, os.cpu_count() or 1))
        options.log_severity_level = 3
        try:
            self.session = ort.InferenceSession(str(path), options,
                                                providers=["CPUExecutionProvider"])
        except Exception as err:  # a corrupt cache file: say which one to delete
            raise ConfigError(f"cannot load the ONNX model {path}: {err}; delete it") from err
        self.dimension = int(self.session.get_outputs()[0].shape[-1] or 384)

    def _hidden(self, texts: list[str]) -> tuple[list[Any], np.ndarray, np.ndarray]:
        """Return the encodings, attention mask and last hidden states of a batch."""
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                         "token_type_ids": types})[0]
        return encodings, mask, hidden

    def word_vectors(self, texts: list[str]) -> list[list[tuple[str, np.ndarray]]]:
        """Return each text's words with their normalised in-context vectors.

        A word's vector is the mean of its word pieces' last hidden states ("pangolin" is
        "pang" + "##olin"); words past the model's length limit are left out.
        """
        encodings, _, hidden = self._hidden(texts)
        return [pool_words(text, enc.word_ids, enc.offsets, states)
                for text, enc, states in zip(texts, encodings, hidden, strict=True)]

    def encode(self, texts: list[str]) -> np.ndarray:
        """Return normalised float32 sentence vectors for one batch of texts."""
        _, mask, hidden = self._hidden(texts)
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
