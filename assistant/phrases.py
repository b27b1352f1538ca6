"""Vectors of short phrases (names, qualifiers, figure windows), cached across questions."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .ingest.library import Library

_PHRASES: dict[tuple[int, str], np.ndarray] = {}
_LOCK = threading.Lock()


def phrase_vectors(library: Library, texts: list[str]) -> dict[str, np.ndarray]:
    """Return vectors of short phrases, embedding only those not seen before, in one batch."""
    model = id(library.embedder)
    with _LOCK:
        found = {t: _PHRASES[(model, t)] for t in texts if (model, t) in _PHRASES}
    new = sorted(set(texts) - found.keys())
    if new:
        fresh = dict(zip(new, library.embedder.embed(new), strict=True))
        found.update(fresh)
        with _LOCK:
            if len(_PHRASES) > 20000:
                _PHRASES.clear()
            _PHRASES.update({(model, t): v for t, v in fresh.items()})
    return found
