"""Tests for the evaluation's own checks: they must be able to fail."""

from __future__ import annotations

import pytest

from assistant.evaluation import figure_found, quote_matches, shown_honestly, summarise


@pytest.mark.parametrize("expected, text", [
    (["2,517"], "Liberterra II led to 2,517 arrests [1]"),
    (["2517"], "Liberterra II led to 2,517 arrests [1]"),
    (["46 000"], "a median of USD 46 000 per case"),
    (["46,000"], "a median of USD 46 000 per case"),
    (["17.5 percent"], "rose by 17.5 % in a year"),
    (["6 million"], "some 6,000,000 displacements"),
])
def test_figures_are_found_in_any_spelling(expected: list[str], text: str) -> None:
    assert figure_found(expected, text)


@pytest.mark.parametrize("expected, text", [
    (["17"], "in 2017 the number fell"),
    (["2,517"], "12,517 arrests"),
    (["25"], "2,517 arrests"),
    (["5.1"], "a score of 5.12"),
    (["850"], "1,850 victims"),
])
def test_figures_match_whole_numbers_not_substrings(expected: list[str], text: str) -> None:
    assert not figure_found(expected, text)


def test_a_number_no_quote_holds_must_be_marked() -> None:
    quotes = ["Liberterra II led to 2,517 arrests."]
    assert shown_honestly("It led to 2,517 arrests [1].", quotes)
    assert shown_honestly("It led to 2517 arrests [1].", quotes)
    assert not shown_honestly("It led to 2,500 arrests [1].", quotes)
    assert shown_honestly("It led to 2,500 (unverified) arrests [1].", quotes)
    assert shown_honestly("Nothing numeric here [1].", quotes)


def test_descriptive_answers_are_judged_by_the_quoted_sentence() -> None:
    evidence = ["The operation was coordinated by INTERPOL's Cybercrime Directorate in Singapore."]
    assert quote_matches(["The operation was coordinated by INTERPOL’s Cybercrime "
                          "Directorate in Singapore, with 40 countries."], evidence)
    assert not quote_matches(["Police in 40 countries made 2,517 arrests."], evidence)
    assert not quote_matches([], evidence)


def test_summary_splits_figure_and_descriptive_questions() -> None:
    row = {"answerable": True, "abstained": False, "hit5": True, "cited_doc": True,
           "cited_page": True, "figures_shown_ok": True, "total_ms": 5.0}
    results = [
        {**row, "kind": "figure", "right": True},
        {**row, "kind": "figure", "right": False},
        {**row, "kind": "descriptive", "right": True},
        {**row, "answerable": False, "kind": "figure", "right": False, "abstained": True},
    ]
    s = summarise(results)
    assert s["right_figure"] == 0.5 and s["descriptive_right"] == 1.0
    assert s["abstain_unanswerable"] == 1.0 and s["false_abstain"] == 0.0
