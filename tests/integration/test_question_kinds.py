"""The issue's examples through the real pipeline: question kinds, follow-ups, typos."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from assistant.chain import Answerer
from assistant.ingest.library import Library
from tests.conftest import settings_for

pytestmark = pytest.mark.slow

LIBERTERRA = [("How many arrests did Liberterra II make?",
               "Liberterra II led to 2,517 arrests, 850 of them on charges of human trafficking "
               "or migrant smuggling. [1]")]


@pytest.fixture(scope="module")
def answerer(corpus_library: Library) -> Answerer:
    return Answerer(settings_for(corpus_library.index_dir), library=corpus_library)


@pytest.mark.parametrize("question, wanted", [
    # "Liberterra II led to 2,517 arrests" is no answer to who led it.
    ("Who led Liberterra II?", "run by INTERPOL"),
    ("Who ran Serengeti?", "run jointly by INTERPOL and AFRIPOL"),
    ("Where did Wildlife Week take place?", "Cape Town"),
])
def test_who_and_where_questions_quote_the_sentence_that_answers(
        answerer: Answerer, question: str, wanted: str) -> None:
    ans = answerer.ask(question)
    assert not ans.abstained, ans.answer
    assert wanted in ans.citations[0].quote, ans.answer
    # Every quoted sentence is exact source text with its own marker.
    for c in ans.citations:
        assert f"[{c.n}]" in ans.answer and c.quote.strip() in ans.answer


def test_a_report_named_by_its_quoted_title_is_found_and_another_edition_is_not(
        answerer: Answerer) -> None:
    ans = answerer.ask("In UNODC's report 'World Wildlife Crime Report 2024: Trafficking in "
                       "Protected Species', what share of seizure cases involved corals?")
    assert not ans.abstained and "16 %" in ans.answer, ans.answer
    assert "world-wildlife-crime" in ans.citations[0].source
    ans = answerer.ask("In UNODC's report 'World Wildlife Crime Report 2020: Trafficking in "
                       "Protected Species', what share of seizure cases involved corals?")
    assert ans.abstained, ans.answer


def test_descriptive_question_about_an_absent_edition_abstains(answerer: Answerer) -> None:
    ans = answerer.ask("Who led Liberterra III?")
    assert ans.abstained and "Liberterra III" in ans.answer


def test_a_follow_up_starting_with_in_is_its_own_question(answerer: Answerer) -> None:
    ans = answerer.ask("In Synergia II, how many servers were taken down?", history=LIBERTERRA)
    assert ans.standalone_question == "In Synergia II, how many servers were taken down?"
    assert not ans.abstained and "41 arrests" not in ans.answer
    assert "servers" in ans.citations[0].quote


def test_an_unrelated_question_does_not_inherit_the_last_names(answerer: Answerer) -> None:
    ans = answerer.ask("What share of detected victims were female?", history=LIBERTERRA)
    assert "Liberterra" not in ans.standalone_question
    assert not ans.abstained and "%" in ans.answer


def test_an_elliptical_follow_up_keeps_the_subject(answerer: Answerer) -> None:
    ans = answerer.ask("And how many victims were rescued?", history=LIBERTERRA)
    assert "Liberterra II" in ans.standalone_question
    assert "3,222" in ans.answer


def test_typos_are_fixed_from_the_library_vocabulary(answerer: Answerer) -> None:
    ans = answerer.ask("How many arests did the opration Liberterra II make?")
    assert ans.standalone_question == "How many arrests did the operation Liberterra II make?"
    assert "2,517" in ans.answer and all(f.verified for f in ans.figures)


def test_a_word_no_report_uses_still_abstains(answerer: Answerer) -> None:
    # "ships" is one letter from words the library uses; it must not be "corrected" into them.
    ans = answerer.ask("How many ships did Thunder 2024 seize?")
    assert ans.abstained, ans.answer


def _paper_with_references(path: Path) -> None:
    """Write a two-page PDF: findings in prose, then a list of references."""
    doc = pymupdf.open()
    doc.new_page().insert_textbox(pymupdf.Rect(72, 72, 520, 700), (
        "Findings\n\n"
        "The Equifax data breach exposed the personal records of millions of customers. "
        "The attackers used an unpatched flaw in a web application framework to get in."),
        fontsize=11)
    doc.new_page().insert_textbox(pymupdf.Rect(72, 72, 520, 700), (
        "References\n\n"
        "Kelly, G. (2019, April 2). Equifax breaks down how bad the data breach of 143 million "
        "customers was. Retrieved April, 2019, from https://example.org/equifax-breach.\n\n"
        "Peterson, A. (2014, May 21). EBay asks 145 million users to change passwords after "
        "data breach. Retrieved April, 2019, from https://example.org/ebay-breach."),
        fontsize=11)
    doc.save(path)
    doc.close()


def test_a_reference_list_is_never_quoted_as_the_answer(tmp_path: Path) -> None:
    pdf = tmp_path / "breaches.pdf"
    _paper_with_references(pdf)
    library = Library(settings_for(tmp_path / "index"))
    assert [r.status for r in library.ingest([str(pdf)], progress=False)] == ["added"]
    headings = {c.heading for c, _ in library.table().rows}
    assert "References" in headings  # the real chunker reads the section's heading
    answerer = Answerer(settings_for(tmp_path / "index"), library=library)
    ans = answerer.ask("How many customers were affected by the Equifax data breach?")
    # The findings give no figure: a title in the list of references is none either.
    assert "143 million" not in ans.answer, ans.answer
    assert all(c.page == 1 for c in ans.citations + ans.nearest), ans.citations + ans.nearest
