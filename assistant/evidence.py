"""Evidence selection: score the sentences of retrieved chunks against the question."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .figures import Figure, parse_figures
from .ingest.chunking import split_sentences
from .ingest.library import Library
from .models import Chunk
from .question import QuestionProfile
from .retrieval import Hit
from .text import content_tokens, tokens

# Which figure kinds can answer which question types.
KINDS_FOR = {
    "count": {"count", "money"},
    "percent": {"percent"},
    "money": {"money", "count"},
    "date": {"date", "year"},
    "figure": {"count", "money", "percent"},
}
WEIGHTS = {"dense": 0.45, "lex": 0.35, "focus": 0.20}


@dataclass
class Candidate:
    """One sentence of a retrieved chunk, with what it was judged on."""

    quote: str
    chunk: Chunk
    title: str
    start: int  # offsets into the page text
    end: int
    context: str  # heading and preceding sentences, used for names and years
    figures: list[Figure]
    dense: float
    lex: float = 0.0
    focus: float = 0.0
    entity: float = 1.0
    score: float = 0.0
    missing: list[str] = field(default_factory=list)
    typed: bool = True

    @property
    def usable(self) -> bool:
        """Return True when nothing the question names is missing and the type fits."""
        return not self.missing and self.typed


@dataclass
class Evidence:
    """Candidates ranked best first, and why the best may not be good enough."""

    ranked: list[Candidate]
    rejected: list[Candidate]
    missing_names: list[str]


def _contains(haystack: str, seq: tuple[str, ...]) -> bool:
    return " " + " ".join(seq) + " " in haystack


def _weighted_cover(terms: list[str], words: set[str], idf: dict[str, float]) -> float:
    total = sum(idf[t] for t in terms) or 1.0
    return sum(idf[t] for t in terms if t in words) / total


def _counted_phrases(quote: str, figs: list[Figure]) -> list[str]:
    """Return the words around each figure: what it counts ('2,517 arrests' -> 'arrests')."""
    out = []
    for f in figs:
        after = quote[f.end : f.end + 80].split(".")[0].split(";")[0]
        before = quote[max(0, f.start - 60) : f.start]
        words_after = after.replace(",", " ").split()[:6]
        words_before = before.split()[-5:]
        out.append(" ".join(words_before + words_after))
    return out


def _sentences(library: Library, hit: Hit) -> list[tuple[int, int, str]]:
    """Return (start, end, preceding text) for each sentence of a hit's chunk."""
    text = hit.chunk.text
    spans = split_sentences(text)
    previous = ""
    if hit.chunk.index > 0:
        before = library.neighbours(hit.chunk, 1, 0)
        if before and before[0].index == hit.chunk.index - 1:
            previous = before[0].text[-400:]
    out = []
    for i, (s, e) in enumerate(spans):
        prior = " ".join(text[a:b] for a, b in spans[max(0, i - 2) : i])
        out.append((s, e, prior if prior else previous))
    return out


def gather(library: Library, profile: QuestionProfile, hits: list[Hit],
           qvec: np.ndarray) -> Evidence:
    """Score every sentence of the hits; return usable ones best first."""
    table = library.table()
    idf = {t: max(table.bm25.idf(t), 0.1) for t in profile.terms}
    needed = KINDS_FOR.get(profile.answer_type)
    cands: list[Candidate] = []
    for hit in hits:
        dense = float(hit.vector @ qvec) if hit.vector is not None else hit.dense
        doc_words = library.doc_words(hit.chunk.doc_id)
        for s, e, prior in _sentences(library, hit):
            quote = hit.chunk.text[s:e]
            if len(quote) < 15:
                continue
            figs = [f for f in parse_figures(quote)]
            c = Candidate(
                quote=quote, chunk=hit.chunk, title=hit.title,
                start=hit.chunk.start + s, end=hit.chunk.start + e,
                context=" ".join(x for x in (hit.title, hit.chunk.heading, prior) if x),
                figures=figs, dense=dense,
            )
            _judge(c, profile, idf, needed, doc_words)
            cands.append(c)
    _score_focus(library, profile, cands)
    for c in cands:
        c.score = (WEIGHTS["dense"] * c.dense + WEIGHTS["lex"] * c.lex
                   + WEIGHTS["focus"] * c.focus) * c.entity
    cands.sort(key=lambda c: -c.score)
    usable = [c for c in cands if c.usable]
    rejected = [c for c in cands if not c.usable]
    missing = sorted({m for c in cands for m in c.missing}) if not usable else []
    return Evidence(usable, rejected, missing)


def _judge(c: Candidate, profile: QuestionProfile, idf: dict[str, float],
           needed: set[str] | None, doc_words: str) -> None:
    own = set(tokens(c.quote))
    local_words = " " + " ".join(tokens(c.context + " " + c.quote)) + " "
    local = set(local_words.split())
    terms = [t for t in profile.terms if t in idf]
    c.lex = 0.75 * _weighted_cover(terms, own, idf) + 0.25 * _weighted_cover(terms, local, idf)
    if needed is not None:
        c.typed = any(f.kind in needed for f in c.figures)
    for ent in profile.entities:
        sentence_words = " " + " ".join(tokens(c.quote)) + " "
        if _contains(sentence_words, ent.seq):
            continue
        if _contains(local_words, ent.seq):
            c.entity *= 0.95
        elif _contains(doc_words, ent.seq):
            c.entity *= 0.8
        else:
            c.missing.append(ent.text)
    for year in profile.years:
        if year in own:
            continue
        if year in local:
            c.entity *= 0.95
        elif f" {year} " in doc_words:
            c.entity *= 0.85
        else:
            c.missing.append(year)


def _score_focus(library: Library, profile: QuestionProfile, cands: list[Candidate]) -> None:
    """Judge whether a sentence's figures count what the question counts."""
    if not profile.focus:
        for c in cands:
            c.focus = c.lex
        return
    focus_terms = set(content_tokens(profile.focus))
    phrases: list[str] = []
    owners: list[int] = []
    for i, c in enumerate(cands):
        if focus_terms and focus_terms <= set(tokens(c.quote)):
            c.focus = 1.0
            continue
        for p in _counted_phrases(c.quote, c.figures) or [c.quote]:
            phrases.append(p)
            owners.append(i)
    if not phrases:
        return
    vecs = library.embedder.embed([profile.focus] + phrases)
    sims = vecs[1:] @ vecs[0]
    for i, sim in zip(owners, sims, strict=True):
        partial = 0.5 if focus_terms & set(tokens(cands[i].quote)) else 0.0
        cands[i].focus = max(cands[i].focus, float(sim), partial)
