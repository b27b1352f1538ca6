"""A small in-memory BM25 index over chunk texts, built from the registry and extended as
documents are added."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np

from .text import content_tokens


class BM25:
    """Okapi BM25 over a fixed list of texts."""

    def __init__(self, texts: list[str], k1: float = 1.2, b: float = 0.75) -> None:
        """Index ``texts``; positions in the list are the result ids."""
        self.n = 0
        self.k1, self.b = k1, b
        self.lengths = np.zeros(0, dtype=np.float32)
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._add(texts)

    def _add(self, texts: list[str]) -> None:
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        lengths = np.zeros(len(texts), dtype=np.float32)
        for i, text in enumerate(texts):
            toks = content_tokens(text)
            lengths[i] = len(toks)
            for term, count in Counter(toks).items():
                postings[term].append((self.n + i, count))
        for term, ps in postings.items():
            ids = np.array([p[0] for p in ps])
            freqs = np.array([p[1] for p in ps], dtype=np.float32)
            old = self.postings.get(term)
            self.postings[term] = (ids, freqs) if old is None else (
                np.concatenate([old[0], ids]), np.concatenate([old[1], freqs]))
        self.n += len(texts)
        self.lengths = np.concatenate([self.lengths, lengths])
        avg = float(self.lengths.mean()) if self.n else 1.0
        self.norm = self.k1 * (1 - self.b + self.b * self.lengths / max(avg, 1.0))

    def extended(self, texts: list[str]) -> BM25:
        """Return a new index of these texts and ``texts`` after them, leaving this one as is.

        Only the new texts are tokenised; the postings of terms they do not use are shared.
        """
        new = BM25.__new__(BM25)
        new.n, new.k1, new.b, new.lengths = self.n, self.k1, self.b, self.lengths
        new.postings = dict(self.postings)
        new._add(texts)
        return new

    def idf(self, term: str) -> float:
        """Return the inverse document frequency of a term (0 when unseen)."""
        hit = self.postings.get(term)
        if hit is None:
            return 0.0
        df = len(hit[0])
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def scores(self, query: str) -> np.ndarray:
        """Return the BM25 score of every text for ``query``."""
        out = np.zeros(self.n, dtype=np.float32)
        for term in set(content_tokens(query)):
            hit = self.postings.get(term)
            if hit is None:
                continue
            ids, tf = hit
            out[ids] += self.idf(term) * tf * (self.k1 + 1) / (tf + self.norm[ids])
        return out

    def top(self, query: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Return up to ``k`` (id, score) pairs with a positive score, best first."""
        s = self.scores(query)
        if allowed is not None:
            s = np.where(allowed, s, 0.0)
        k = min(k, int((s > 0).sum()))
        if k <= 0:
            return []
        ids = np.argpartition(-s, k - 1)[:k]
        ids = ids[np.argsort(-s[ids])]
        return [(int(i), float(s[i])) for i in ids]
