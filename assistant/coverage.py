"""Does the answering passage speak of what the question asks, word by word?

A near miss often retrieves a sentence that fits the question's shape but speaks of something
else ("How many forged passports did border guards confiscate?" against "Officers rescued
3,222 potential victims"). Each content word of the question is matched to its closest word
in the sentence and the text just before it (heading, preceding sentences) by the embedding
model's in-context word vectors, so "died" finds "killing" and "detained" finds "arrests"
(the same word in another form always counts); the matches are averaged, rarer words weighing
more (their idf in the library). The question's names are left to the name checks of
``evidence``. An average misses a near miss that differs by one word among many ("pangolin
scales" against a sentence on all seizures); the other checks (names, years, what a figure
counts) are there for those.

MIN_COVERAGE was chosen on the development sets (dev3, dev4, dev5, questions, heldout; 49
documents): it refused 3 more of 61 near misses and 3 more wrong answers, at the cost of 4
of 198 right answers (2 more in the 16-document library of the quality tests). A stricter
share for figure questions alone (0.56, chosen on half of the development sets by replaying
recorded coverage) refused 12 more near misses for 5 right figures on all development sets,
but 5 near misses for 11 right figures on the retired blind sets, and was dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .figure_focus import shares_word
from .text import content_tokens, tokens

if TYPE_CHECKING:
    from .evidence import Candidate
    from .ingest.library import Library

MIN_COVERAGE = 0.5  # below this the best passage speaks of too little of the question
CONTEXT_CHARS = 300  # of the text before the sentence (its heading, the sentences before it)
UNSPOKEN = 0.3  # a question word whose best match is below this is named in the refusal
MIN_IDF = 0.1


@dataclass(frozen=True)
class Coverage:
    """How much of a question one passage speaks of."""

    share: float  # idf-weighted mean of each question word's best match, 0 to 1
    unspoken: list[str]  # the question's rarer words the passage has nothing close to

    @property
    def enough(self) -> bool:
        """Return True unless the passage speaks of too little of the question, and of some
        of its words not at all."""
        return self.share >= MIN_COVERAGE or not self.unspoken


def coverage(library: Library, question: str, cand: Candidate,
             names: frozenset[str] = frozenset()) -> Coverage:
    """Return how much of ``question`` the sentence ``cand`` and the text before it cover.

    Words of ``names`` (stems) are left out: evidence gathering has judged the question's
    names already, with the report's title and front pages, which a passage need not repeat.
    """
    text = f"{cand.context[-CONTEXT_CHARS:]} {cand.spelled}"
    asked, passage = library.embedder.word_vectors([question, text])
    idf = library.table().bm25.idf
    words, weights, vecs = [], [], []
    for word, vec in asked:
        stems = content_tokens(word)
        if stems and stems[0] not in names and re.search(r"[A-Za-z]", word):
            words.append(word)
            weights.append(max(idf(stems[0]), MIN_IDF))
            vecs.append(vec)
    if not words or not passage:
        return Coverage(1.0, [])
    best = (np.stack(vecs) @ np.stack([v for _, v in passage]).T).max(axis=1)
    # The same word in another form ("seized", "seizures") is spoken of, whatever the vectors.
    here = [t for w, _ in passage for t in tokens(w)]
    best = np.array([1.0 if shares_word(tokens(w), here) else b
                     for w, b in zip(words, best, strict=True)])
    w = np.array(weights)
    share = float((best * w).sum() / w.sum())
    order = np.argsort(-(w * (1 - best)))
    unspoken = [words[i] for i in order if best[i] < UNSPOKEN][:2]
    return Coverage(share, unspoken)
