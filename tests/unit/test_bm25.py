"""Tests for the in-memory BM25 index and the word-level text helpers it shares."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.bm25 import BM25
from assistant.text import content_tokens, stem, tokens

TEXTS = [
    "Police made arrests in Nairobi during the operation.",  # 0
    "The operation led to arrests of traffickers and arrests of smugglers.",  # 1
    "Cocaine was seized at the port of Abidjan during the operation.",  # 2
    "The operation trained officers in the region.",  # 3
]


@pytest.fixture
def index() -> BM25:
    return BM25(TEXTS)


# ---- text helpers -------------------------------------------------------------------------


def test_thousands_separators_are_removed() -> None:
    assert tokens("Police made 2,517 arrests") == ["polic", "made", "2517", "arrest"]
    assert "1234567" in tokens("1,234,567 victims")


def test_decimal_point_is_kept() -> None:
    assert "3.5" in tokens("USD 3.5 million")


def test_separator_form_and_plain_form_give_the_same_token() -> None:
    assert tokens("2,517") == tokens("2517")


@pytest.mark.parametrize("word", ["arrest", "arrests", "arrested", "arresting", "Arrests"])
def test_inflections_share_a_stem(word: str) -> None:
    assert tokens(word) == ["arrest"]


@pytest.mark.parametrize(("word", "stemmed"), [("countries", "country"), ("victims", "victim")])
def test_plural_stems(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


@pytest.mark.parametrize("word", ["business", "status", "analysis"])
def test_words_ending_in_ss_us_is_keep_their_s(word: str) -> None:
    assert stem(word).endswith("s")


def test_straight_apostrophe_possessive_is_dropped() -> None:
    assert tokens("INTERPOL's operation") == ["interpol", "operation"]


def test_curly_apostrophe_possessive_is_dropped() -> None:
    assert tokens("INTERPOL’s operation") == tokens("INTERPOL's operation")


def test_content_tokens_drop_stop_words() -> None:
    words = content_tokens("How many of the arrests were made by the police in 2022?")
    assert words == ["arrest", "made", "polic", "2022"]


def test_a_clitic_is_no_part_of_its_word() -> None:
    assert content_tokens("organisations said they'd been hit") == ["organisation", "hit"]
    assert tokens("they’ve didn't we'll") == ["they", "did", "we"]
    assert tokens("O'Brien") == ["o'brien"]  # a name's apostrophe stays


def test_an_accented_word_is_the_same_word_without_its_accents() -> None:
    # Reports write "Medellin" where a question writes "Medellín"; some PDFs keep the accent
    # as a character of its own after its letter.
    assert tokens("Medellín traffickers") == tokens("Medellin traffickers") == ["medellin",
                                                                                  "trafficker"]
    assert tokens("Montre\u0301al North") == tokens("Montréal North") == ["montreal", "north"]
    assert tokens("Muñiz, Gonçalves") == ["muniz", "goncalv"]
    assert tokens("“Medellín”") == ["medellin"]  # punctuation is no accent


def test_an_accented_name_finds_its_plain_spelling() -> None:
    index = BM25(["violence of Medellin traffickers", "the cartels of Cali"])
    assert index.top("Medellín", 2)[0][0] == 0


def test_tokens_keep_stop_words_unless_asked() -> None:
    assert "the" in tokens("the arrests")
    assert "the" not in tokens("the arrests", drop_stopwords=True)


# ---- BM25 ----------------------------------------------------------------------------------


def test_idf_of_unseen_term_is_zero(index: BM25) -> None:
    assert index.idf("giraff") == 0.0


def test_rare_term_has_higher_idf_than_common(index: BM25) -> None:
    assert index.idf("cocain") > index.idf("arrest") > index.idf("operation") > 0


def test_rare_term_outranks_common(index: BM25) -> None:
    # "operation" is in every text; "cocaine" in one. The cocaine text must come first.
    top = index.top("cocaine operation", 4)
    assert top[0][0] == 2
    assert top[0][1] > top[1][1]


def test_term_frequency_raises_score(index: BM25) -> None:
    top = index.top("arrests", 4)
    assert [i for i, _ in top] == [1, 0]


def test_unseen_term_gives_no_results(index: BM25) -> None:
    assert index.top("giraffes", 4) == []
    assert not index.scores("giraffes").any()


def test_stop_word_query_gives_no_results(index: BM25) -> None:
    assert index.top("how many of the", 4) == []


def test_top_returns_only_positive_scores_up_to_k(index: BM25) -> None:
    assert len(index.top("operation", 2)) == 2
    assert len(index.top("operation", 10)) == 4
    assert all(s > 0 for _, s in index.top("operation", 10))


def test_results_are_best_first(index: BM25) -> None:
    scores = [s for _, s in index.top("operation arrests cocaine", 4)]
    assert scores == sorted(scores, reverse=True)


def test_allowed_mask_hides_texts(index: BM25) -> None:
    allowed = np.array([True, False, True, True])
    top = index.top("arrests", 4, allowed)
    assert [i for i, _ in top] == [0]


def test_allowed_mask_can_hide_everything(index: BM25) -> None:
    assert index.top("arrests", 4, np.zeros(4, dtype=bool)) == []


def test_number_with_separator_matches_plain_number() -> None:
    bm = BM25(["Police made 2,517 arrests.", "Police made 12 arrests."])
    assert [i for i, _ in bm.top("2517", 2)] == [0]


def test_empty_index() -> None:
    bm = BM25([])
    assert bm.top("arrests", 5) == []
    assert bm.idf("arrest") == 0.0
