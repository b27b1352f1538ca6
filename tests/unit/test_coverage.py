"""Tests for the word-by-word coverage check, with a fake embedder whose words match exactly."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

from assistant.coverage import MIN_COVERAGE, Coverage, coverage
from assistant.evidence import Candidate
from assistant.models import Chunk
from assistant.text import WORD, tokens


class WordEmbedder:
    """A word's vector is its stem's hash: a question word is covered only by the same word."""

    def word_vectors(self, texts: list[str]) -> list[list[tuple[str, np.ndarray]]]:
        out = []
        for text in texts:
            words = []
            for m in WORD.finditer(text):
                vec = np.zeros(256, dtype=np.float32)
                stem = (tokens(m.group()) or [m.group().lower()])[0]
                vec[int(hashlib.md5(stem.encode()).hexdigest(), 16) % 256] = 1.0
                words.append((m.group(), vec))
            out.append(words)
        return out


@dataclass
class FakeBM25:
    rare: frozenset[str]

    def idf(self, term: str) -> float:
        return 5.0 if term in self.rare else 1.0


class FakeLibrary:
    def __init__(self, rare: set[str] | None = None) -> None:
        self.embedder = WordEmbedder()
        self.bm25 = FakeBM25(frozenset(rare or ()))

    def table(self) -> Any:
        return self


def sentence(quote: str, context: str = "") -> Candidate:
    chunk = Chunk(doc_id="d1", index=0, text=quote, page=1, start=0, end=len(quote))
    return Candidate(quote=quote, chunk=chunk, title="Report", start=0, end=len(quote),
                     context=context, figures=[], dense=0.5)


def test_a_sentence_with_every_asked_word_covers_the_question() -> None:
    got = coverage(FakeLibrary(), "How many tonnes of scales were seized?",  # type: ignore[arg-type]
                   sentence("Officers seized 12 tonnes of scales."))
    assert got.share == pytest.approx(1.0) and got.unspoken == [] and got.enough


def test_a_missing_rare_word_is_named_and_refuses() -> None:
    lib = FakeLibrary(rare={"pangolin"})
    got = coverage(lib, "How many tonnes of pangolin scales were seized?",  # type: ignore[arg-type]
                   sentence("Officers seized 12 tonnes of ivory scales."))
    assert got.unspoken == ["pangolin"]
    assert got.share < MIN_COVERAGE and not got.enough


def test_the_text_before_the_sentence_counts() -> None:
    lib = FakeLibrary(rare={"pangolin"})
    got = coverage(lib, "How many tonnes of pangolin scales were seized?",  # type: ignore[arg-type]
                   sentence("Officers seized 12 tonnes of scales.", context="Pangolin trade."))
    assert got.enough and got.unspoken == []


def test_names_already_judged_are_left_out() -> None:
    lib = FakeLibrary(rare={"liberterra"})
    question = "How many arrests did Liberterra II make?"
    alone = sentence("The operation brought 2,517 arrests.")
    assert not coverage(lib, question, alone).enough  # type: ignore[arg-type]
    judged = coverage(lib, question, alone, frozenset({"liberterra", "ii"}))  # type: ignore[arg-type]
    assert judged.enough and "Liberterra" not in judged.unspoken


def test_a_low_share_without_any_unspoken_word_still_answers() -> None:
    assert Coverage(0.2, []).enough
    assert not Coverage(0.2, ["pangolin"]).enough
    assert Coverage(MIN_COVERAGE, ["pangolin"]).enough


def test_a_question_without_content_words_is_covered() -> None:
    got = coverage(FakeLibrary(), "How many?", sentence("It was 12."))  # type: ignore[arg-type]
    assert got.enough and got.share == 1.0
