"""The word-by-word coverage check with the real packaged MiniLM and the real corpus library."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.chain import Answerer
from assistant.coverage import coverage
from assistant.embeddings import Embedder, shared_embedder
from assistant.evidence import Candidate
from assistant.ingest.library import Library
from assistant.models import Chunk
from tests.conftest import settings_for

pytestmark = pytest.mark.slow


def sentence(quote: str, context: str = "") -> Candidate:
    chunk = Chunk(doc_id="d1", index=0, text=quote, page=1, start=0, end=len(quote))
    return Candidate(quote=quote, chunk=chunk, title="Report", start=0, end=len(quote),
                     context=context, figures=[], dense=0.5)


@pytest.mark.parametrize("question, quote", [
    # another word for the same thing is close in the model's word vectors
    ("How many civilians died when the mosque was shelled?",
     "The mosque was hit on 1 July, killing at least 11 civilians, including 10 children."),
    ("How many people were detained during the operation?",
     "The operation led to 2,517 arrests, 850 of them on charges of human trafficking."),
    ("How much did the gang earn from ransoms each year?",
     "Ransom payments brought the group an estimated USD 5 million per year."),
])
def test_a_sentence_that_answers_in_other_words_covers_the_question(
        corpus_library: Library, question: str, quote: str) -> None:
    got = coverage(corpus_library, question, sentence(quote))
    assert got.enough, got


def test_a_sentence_about_something_else_does_not(corpus_library: Library) -> None:
    got = coverage(corpus_library, "How many forged passports did border guards confiscate?",
                   sentence("Officers also rescued 3,222 potential victims of trafficking."))
    assert not got.enough and "forged" in got.unspoken, got


def test_one_missing_word_among_many_is_not_enough_to_refuse(corpus_library: Library) -> None:
    # The known limit of an average: a near miss that differs by one word ("pangolin") is
    # left to the other checks (names, years, what the figure counts).
    got = coverage(corpus_library, "How many tonnes of pangolin scales were seized?",
                   sentence("Measured by weight, the seizures came to over 16,000 tonnes."))
    assert got.enough and got.unspoken == ["pangolin"], got


def test_torch_and_onnx_give_the_same_word_vectors() -> None:
    text = ["Pangolin scales were seized in Lagos.", "Officers rescued 3,222 victims."]
    onnx = shared_embedder().word_vectors(text)
    torch = Embedder(backend="torch").word_vectors(text)
    for a, b in zip(onnx, torch, strict=True):
        assert [w for w, _ in a] == [w for w, _ in b]
        assert np.allclose(np.stack([v for _, v in a]), np.stack([v for _, v in b]), atol=1e-3)
    assert [w for w, _ in onnx[0]][:2] == ["Pangolin", "scales"]  # word pieces joined


def test_the_chain_answers_a_question_in_other_words(corpus_library: Library) -> None:
    answer = Answerer(settings_for(corpus_library.index_dir), library=corpus_library).ask(
        "How many people were detained in Liberterra II?")
    assert not answer.abstained and "2,517" in answer.answer, answer.answer
