"""Tests for the sentence checker: each sentence of an answer must rest on what it cites."""

from __future__ import annotations

import pytest

from assistant.verify import (
    SUPPORT_THRESHOLD,
    SentenceCheck,
    check_sentences,
    sentences_supported,
)

PASSAGES = {
    1: "Liberterra II. Liberterra II led to 2,517 arrests, 850 of them on charges of human "
       "trafficking or migrant smuggling.",
    2: "Synergia II. Police in 140 countries seized 1,000 kg of cocaine during Synergia II.",
}


def one(answer: str) -> SentenceCheck:
    [check] = check_sentences(answer, PASSAGES)
    return check


def test_a_sentence_that_restates_its_passage_is_supported() -> None:
    check = one("Liberterra II led to 2,517 arrests [1].")
    assert check.supported and check.cited == [1] and check.support == 1.0


def test_a_close_paraphrase_is_supported() -> None:
    check = one("Liberterra II made 2,517 arrests, 850 of them for human trafficking [1].")
    assert check.supported
    assert SUPPORT_THRESHOLD <= check.support < 1.0
    assert check.missing == ["made"]


def test_a_paraphrase_with_new_claims_is_not_supported() -> None:
    check = one("Liberterra II led to 2,517 arrests and dismantled 40 networks across "
                "Europe [1].")
    assert not check.supported and check.support < SUPPORT_THRESHOLD
    assert {"dismantl", "network", "europ"} <= set(check.missing)


def test_a_sentence_without_a_marker_is_not_supported() -> None:
    check = one("Liberterra II led to 2,517 arrests.")
    assert not check.supported and check.cited == []


def test_a_sentence_citing_the_wrong_passage_is_not_supported() -> None:
    check = one("Liberterra II led to 2,517 arrests [2].")
    assert not check.supported and check.cited == [2]


def test_a_marker_to_a_passage_that_does_not_exist_supports_nothing() -> None:
    assert not one("Liberterra II led to 2,517 arrests [7].").supported


def test_figures_are_left_to_the_figure_check() -> None:
    # "2,600" is wrong, but that is verify_answer's verdict to give, not this check's.
    assert one("Liberterra II led to 2,600 arrests [1].").supported
    # A sentence that is a figure and a marker has no words to check.
    check = one("2,517 [1].")
    assert check.supported and check.support == 1.0


def test_a_sentence_without_content_words_needs_no_marker() -> None:
    [first, second] = check_sentences("Liberterra II led to 2,517 arrests [1]. That is all.",
                                      PASSAGES)
    assert first.supported and second.supported  # "that is all" is only stop words


def test_each_sentence_is_checked_against_its_own_markers() -> None:
    answer = ("Liberterra II led to 2,517 arrests [1]. "
              "Synergia II police seized 1,000 kg of cocaine [2].")
    checks = check_sentences(answer, PASSAGES)
    assert [c.cited for c in checks] == [[1], [2]]
    assert sentences_supported(checks)
    swapped = answer.replace("[1]", "[x]").replace("[2]", "[1]").replace("[x]", "[2]")
    assert not any(c.supported for c in check_sentences(swapped, PASSAGES))


def test_a_sentence_citing_two_passages_may_draw_on_both() -> None:
    both = ("Liberterra II led to 2,517 arrests and Synergia II seized cocaine in 140 "
            "countries [1][2].")
    check = one(both)
    assert check.cited == [1, 2] and check.supported
    assert not one(both.replace("[1][2]", "[1]")).supported


def test_one_unsupported_sentence_fails_the_answer() -> None:
    checks = check_sentences("Liberterra II led to 2,517 arrests [1]. It was the largest "
                             "operation ever mounted in Africa [1].", PASSAGES)
    assert [c.supported for c in checks] == [True, False]
    assert not sentences_supported(checks)


@pytest.mark.parametrize("threshold, supported", [(0.5, True), (0.9, False)])
def test_the_threshold_is_a_parameter(threshold: float, supported: bool) -> None:
    # 3 of the 4 content words (liberterra, ii, arrest; not "made") are in passage 1.
    [check] = check_sentences("Liberterra II made 2,517 arrests [1].", PASSAGES, threshold)
    assert check.support == pytest.approx(0.75) and check.supported is supported


def test_no_answer_has_no_sentences() -> None:
    assert check_sentences("", PASSAGES) == [] and sentences_supported([])
