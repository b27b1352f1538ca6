"""Follow-ups carry the previous subject only when they need it (issue cases)."""

from __future__ import annotations

import pytest

from assistant.condense import condense

LIBERTERRA = [("How many arrests did Liberterra II make?",
               "Liberterra II led to 2,517 arrests ... [1]")]


@pytest.mark.parametrize("question", [
    "In Synergia II, how many servers were taken down?",
    "For Synergia II, how many servers were taken down?",
    "During Synergia II, how many servers were taken down?",
    "In 2023, how many victims were rescued in Kenya?",
])
def test_question_with_a_leading_phrase_and_its_own_clause_is_not_swapped(question: str) -> None:
    assert condense(question, LIBERTERRA) == question


@pytest.mark.parametrize("question", [
    "What share of detected victims were female?",
    "How many countries took part in Operation First Light?",
    "And how many countries took part in Operation First Light?",
    "What is the definition of cybercrime?",
    "Were there any arrests in Kenya?",
    "How do traffickers recruit their victims?",
    "How many arrests did Synergia II make in its first week?",
    "How many cases of IT crime were reported?",
    "How many arrests were made this year?",
])
def test_complete_question_is_unchanged(question: str) -> None:
    assert condense(question, LIBERTERRA) == question


@pytest.mark.parametrize("question", [
    "And how many victims?",
    "How many victims were rescued in it?",
    "How many countries took part in the operation?",
    "How many victims were there?",
    "How many victims?",
    "What did the victims lose?",
])
def test_question_that_needs_a_subject_gets_the_previous_one(question: str) -> None:
    assert condense(question, LIBERTERRA) == f"{question} (Liberterra II)"


def test_years_are_carried_with_the_names() -> None:
    history = [("How many arrests did First Light make in 2024?", "3,950 arrests [1]")]
    assert condense("How many bank accounts were frozen in it?", history) == (
        "How many bank accounts were frozen in it? (First Light, 2024)")


def test_own_year_is_not_overridden() -> None:
    history = [("How many arrests did First Light make in 2024?", "3,950 arrests [1]")]
    assert condense("And how many victims in 2022?", history) == (
        "And how many victims in 2022? (First Light)")


def test_the_year_before_carries_the_year_before() -> None:
    history = [("How many displacements did natural disasters cause in Sub-Saharan Africa "
                "in 2023?", "6 million [1]")]
    assert condense("And what was the peak the year before?", history) == (
        "And what was the peak the year before? (Sub-Saharan Africa, 2022)")


def test_and_in_year_adds_the_year_when_the_last_question_had_none() -> None:
    assert condense("And in 2023?", LIBERTERRA) == (
        "How many arrests did Liberterra II make in 2023?")


@pytest.mark.parametrize("question", ["How about Synergia II?", "For Synergia II?",
                                      "Same for Synergia II?", "And Synergia II?"])
def test_elliptical_name_is_swapped_into_the_last_question(question: str) -> None:
    assert condense(question, LIBERTERRA) == "How many arrests did Synergia II make?"


def test_how_about_a_place_replaces_the_corresponding_name() -> None:
    history = [("How many victims were rescued in Nigeria during Liberterra II?", "...")]
    assert condense("How about Kenya?", history) == (
        "How many victims were rescued in Kenya during Liberterra II?")


def test_what_about_a_topic_asks_the_last_question_about_it() -> None:
    assert condense("What about the victims?", LIBERTERRA) == (
        "How many victims did Liberterra II make?")
    history = [("What share of detected victims were female?", "61 % [1]")]
    assert condense("What about the traffickers?", history) == (
        "What share of traffickers were female?")


def test_what_about_a_topic_without_a_focus_carries_the_names() -> None:
    history = [("When did Liberterra II start?", "In 2023 [1]")]
    assert condense("What about the victims?", history) == (
        "What about the victims? (Liberterra II)")


def test_and_in_a_place_is_added_when_nothing_can_be_swapped() -> None:
    assert condense("And in the north?", LIBERTERRA) == (
        "How many arrests did Liberterra II make in the north?")


def test_name_with_nothing_to_replace_is_added() -> None:
    history = [("What share of detected victims were female?", "61 % [1]")]
    assert condense("What about Kenya?", history) == (
        "What share of detected victims were female? (Kenya)")


def test_earlier_follow_ups_are_resolved_before_the_swap() -> None:
    history = LIBERTERRA + [("And in 2023?", "... [1]")]
    assert condense("What about Synergia II?", history) == (
        "How many arrests did Synergia II make in 2023?")


def test_a_complete_question_resets_the_subject() -> None:
    history = LIBERTERRA + [("How many servers did Synergia II take down?", "... [1]")]
    assert condense("And how many arrests?", history) == "And how many arrests? (Synergia II)"


def test_never_returns_the_previous_question_for_a_new_one() -> None:
    for question in ["In Synergia II, how many servers were taken down?",
                     "What share of detected victims were female?", "And how many victims?"]:
        assert condense(question, LIBERTERRA) != LIBERTERRA[0][0]
