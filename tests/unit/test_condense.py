"""Tests for turning follow-up questions into stand-alone ones."""

from __future__ import annotations

import pytest

from assistant.condense import condense


def history(*questions: str) -> list[tuple[str, str]]:
    """Return a chat history of (question, answer) turns."""
    return [(q, f"answer to {q}") for q in questions]


LIBERTERRA = "How many arrests did Liberterra II make?"


@pytest.mark.parametrize("empty", [None, []])
def test_no_history_leaves_question_unchanged(empty: list[tuple[str, str]] | None) -> None:
    assert condense("And how many victims were rescued?", empty) == (
        "And how many victims were rescued?")


def test_history_of_blank_questions_is_ignored() -> None:
    assert condense("And how many victims?", [("  ", "hello")]) == "And how many victims?"


def test_follow_up_inherits_names() -> None:
    out = condense("And how many victims were rescued?", history(LIBERTERRA))
    assert "Liberterra II" in out
    assert out.startswith("And how many victims were rescued?")


def test_follow_up_with_pronoun_inherits_all_names() -> None:
    out = condense("How many arrests did they make?",
                   history("What was INTERPOL's operation Liberterra II?"))
    assert "INTERPOL" in out and "Liberterra II" in out


def test_names_come_from_the_last_question_that_had_some() -> None:
    out = condense("And how many victims?",
                   history("How many arrests did Synergia II make?", LIBERTERRA, "Tell me more."))
    assert "Liberterra II" in out
    assert "Synergia" not in out


def test_follow_up_that_already_names_the_thing_is_unchanged() -> None:
    question = "And how many victims did Liberterra II rescue?"
    assert condense(question, history(LIBERTERRA)) == question


def test_what_about_swaps_the_name() -> None:
    assert condense("What about Synergia II?", history(LIBERTERRA)) == (
        "How many arrests did Synergia II make?")


@pytest.mark.parametrize("lead", ["How about", "And what about", "what about the"])
def test_other_swap_phrasings(lead: str) -> None:
    assert condense(f"{lead} Synergia II?", history(LIBERTERRA)) == (
        "How many arrests did Synergia II make?")


def test_swap_uses_the_last_question() -> None:
    out = condense("What about Synergia II?",
                   history("When did Jackal III start?", LIBERTERRA))
    assert out == "How many arrests did Synergia II make?"


def test_and_in_year_swaps_the_year() -> None:
    last = "How many arrests did First Light make in 2024?"
    assert condense("And in 2022?", history(last)) == (
        "How many arrests did First Light make in 2022?")


def test_year_written_after_a_name_is_swapped() -> None:
    out = condense("And in 2022?", history("How many victims did First Light 2024 rescue?"))
    assert out == "How many victims did First Light 2022 rescue?"


def test_swap_name_and_year_together() -> None:
    out = condense("What about Synergia II in 2022?",
                   history("How many arrests did Liberterra II make in 2024?"))
    assert "Synergia II" in out and "2022" in out
    assert "Liberterra" not in out and "2024" not in out


def test_self_contained_question_with_its_own_names_is_unchanged() -> None:
    question = "How many victims did Operation Serengeti rescue?"
    assert condense(question, history(LIBERTERRA)) == question


def test_self_contained_question_without_names_keeps_its_words() -> None:
    # A follow-up without names gets names added, never loses its own words.
    out = condense("How many victims were rescued there?", history(LIBERTERRA))
    assert out.startswith("How many victims were rescued there?")
    assert "Liberterra II" in out


def test_swap_keeps_the_names_it_does_not_replace() -> None:
    out = condense("What about Synergia II?",
                   history("How many arrests did INTERPOL's operation Liberterra II make?"))
    assert out == "How many arrests did INTERPOL's operation Synergia II make?"


def test_swap_to_hyphenated_name() -> None:
    out = condense("What about Sub-Saharan Africa?",
                   history("How many migrants came from North Africa?"))
    assert out == "How many migrants came from Sub-Saharan Africa?"
