"""Tests for the composers: evidence formatting, [n] markers, picking and abstaining."""

from __future__ import annotations

import pytest

from assistant.compose import (
    CLOSER_RATIO,
    RUNNER_UP_SCORE,
    SECOND_SOURCE_RATIO,
    abstention,
    cited_numbers,
    extractive,
    format_evidence,
    pick,
    pick_covered,
    to_citation,
)
from assistant.coverage import Coverage
from assistant.evidence import Candidate, Evidence
from assistant.figures import parse_figures
from assistant.models import Chunk
from assistant.question import analyse

COUNT_Q = analyse("How many arrests did Liberterra II make?")
OTHER_Q = analyse("Who led Liberterra II?")


def cand(quote: str, doc: str = "d1", score: float = 1.0, page: int | None = 3,
         title: str | None = None, index: int = 0) -> Candidate:
    """Return a candidate sentence built by hand, with its figures parsed."""
    chunk = Chunk(doc_id=doc, index=index, text=f"Intro. {quote} Outro.", page=page,
                  start=100, end=100 + len(quote) + 14)
    return Candidate(
        quote=quote, chunk=chunk, title=title or f"Report {doc}", start=107,
        end=107 + len(quote), context="", figures=parse_figures(quote), dense=0.5, score=score,
    )


def evidence(*ranked: Candidate, rejected: list[Candidate] | None = None,
             missing: list[str] | None = None) -> Evidence:
    return Evidence(list(ranked), rejected or [], missing or [])


# ---- format_evidence ------------------------------------------------------------------------


def test_format_evidence_numbers_from_one_and_shows_pages() -> None:
    block = format_evidence([
        cand("Police made 2,517 arrests.", "d1", page=4, title="Liberterra II"),
        cand("  Some 850 victims were rescued.  ", "d2", page=None, title="Web brief"),
    ])
    assert block == (
        "[1] (Liberterra II, page 4) Police made 2,517 arrests.\n"
        "[2] (Web brief) Some 850 victims were rescued."
    )


def test_format_evidence_of_nothing_is_empty() -> None:
    assert format_evidence([]) == ""


def test_format_evidence_is_pure() -> None:
    cands = [cand("Police made 2,517 arrests.")]
    assert format_evidence(cands) == format_evidence(cands)
    assert cands[0].quote == "Police made 2,517 arrests."


# ---- cited_numbers --------------------------------------------------------------------------


def test_cited_numbers_in_order_of_first_use() -> None:
    assert cited_numbers("B [2], A [1], again [2] and [1].", 3) == [2, 1]


@pytest.mark.parametrize("text", ["none here", "[0] zero", "[4] too far", "[x] [] [-1]"])
def test_cited_numbers_ignores_invalid_markers(text: str) -> None:
    assert cited_numbers(text, 3) == []


def test_cited_numbers_keeps_valid_among_invalid() -> None:
    assert cited_numbers("[7] then [3] then [0] then [1]", 3) == [3, 1]


def test_cited_numbers_upto_zero_accepts_nothing() -> None:
    assert cited_numbers("[1]", 0) == []


# ---- extractive -----------------------------------------------------------------------------


def test_extractive_quotes_one_sentence_with_marker() -> None:
    assert extractive([cand("  Police made 2,517 arrests. ")]) == "Police made 2,517 arrests. [1]"


def test_extractive_second_source_is_quoted_without_its_title() -> None:
    # A title such as "Report 2024" in the answer text would be checked as a figure.
    text = extractive([
        cand("Police made 2,517 arrests.", "d1"),
        cand("Some 2,500 people were arrested.", "d2", title="AFRIPOL brief 2024"),
    ])
    assert text == ("Police made 2,517 arrests. [1] "
                    "Another report says: “Some 2,500 people were arrested.” [2]")
    assert "2024" not in text


def test_extractive_of_nothing_is_empty() -> None:
    assert extractive([]) == ""


# ---- pick -----------------------------------------------------------------------------------


def test_pick_nothing_from_empty_evidence() -> None:
    assert pick(evidence(), COUNT_Q) == []


def test_pick_adds_close_second_from_another_document() -> None:
    best = cand("Police made 2,517 arrests.", "d1", score=1.0)
    other = cand("Some 2,500 people were arrested.", "d2", score=0.9)
    assert pick(evidence(best, other), COUNT_Q) == [best, other]


def test_pick_skips_same_document_and_takes_the_next_other_document() -> None:
    best = cand("Police made 2,517 arrests.", "d1", score=1.0)
    same = cand("Another 12 arrests followed.", "d1", score=0.95, index=1)
    other = cand("Some 2,500 people were arrested.", "d2", score=0.9)
    assert pick(evidence(best, same, other), COUNT_Q) == [best, other]


def test_pick_no_second_below_ratio() -> None:
    best = cand("Police made 2,517 arrests.", "d1", score=1.0)
    weak = cand("Some 2,500 people were arrested.", "d2", score=SECOND_SOURCE_RATIO - 0.01)
    assert pick(evidence(best, weak), COUNT_Q) == [best]


def test_pick_second_exactly_at_ratio_is_allowed() -> None:
    best = cand("Police made 2,517 arrests.", "d1", score=1.0)
    edge = cand("Some 2,500 people were arrested.", "d2", score=SECOND_SOURCE_RATIO)
    assert pick(evidence(best, edge), COUNT_Q) == [best, edge]


def test_pick_stops_at_ratio_even_if_a_later_one_is_from_another_document() -> None:
    best = cand("Police made 2,517 arrests.", "d1", score=1.0)
    weak = cand("Another 12 arrests followed.", "d1", score=0.5, index=1)
    later = cand("Some 2,500 people were arrested.", "d2", score=0.49)
    assert pick(evidence(best, weak, later), COUNT_Q) == [best]


def test_pick_second_must_have_a_figure_when_one_is_wanted() -> None:
    best = cand("Police made 2,517 arrests.", "d1", score=1.0)
    no_fig = cand("Many people were arrested.", "d2", score=0.99)
    fig = cand("Some 2,500 people were arrested.", "d3", score=0.9)
    assert pick(evidence(best, no_fig, fig), COUNT_Q) == [best, fig]


def test_pick_second_without_figure_is_fine_for_other_questions() -> None:
    best = cand("INTERPOL led Liberterra II.", "d1", score=1.0)
    second = cand("The operation was led by INTERPOL.", "d2", score=0.9)
    assert pick(evidence(best, second), OTHER_Q) == [best, second]


def test_pick_puts_the_exact_figure_before_a_close_rounded_retelling() -> None:
    rounded = cand("It spoke of more than 3,200 victims rescued in one week.", "d1", score=1.0)
    exact = cand("Officers also rescued 3,222 potential victims of trafficking.", "d1",
                 score=0.96, index=1)
    assert pick(evidence(rounded, exact), COUNT_Q)[0] is exact


def test_pick_keeps_the_rounded_figure_when_the_exact_one_scores_much_lower() -> None:
    rounded = cand("It spoke of more than 3,200 victims rescued in one week.", "d1", score=1.0)
    exact = cand("Officers also rescued 3,222 potential victims of trafficking.", "d1",
                 score=0.9, index=1)
    assert pick(evidence(rounded, exact), COUNT_Q)[0] is rounded


@pytest.mark.parametrize("other", [
    "Officers also rescued 3,222 migrants at the borders.",  # another thing counted
    "Officers also rescued 3,150 potential victims of trafficking.",  # not over 3,200
    "Officers also rescued about 3,222 potential victims of trafficking.",  # rounded too
])
def test_pick_swaps_only_for_the_same_quantity_given_exactly(other: str) -> None:
    rounded = cand("It spoke of more than 3,200 victims rescued in one week.", "d1", score=1.0)
    runner = cand(other, "d1", score=0.99, index=1)
    assert pick(evidence(rounded, runner), COUNT_Q)[0] is rounded


def test_pick_respects_limit() -> None:
    ranked = [cand(f"Police made {n} arrests.", f"d{n}", score=1.0 - n / 100)
              for n in range(1, 5)]
    assert pick(evidence(*ranked), COUNT_Q, limit=1) == ranked[:1]
    assert pick(evidence(*ranked), COUNT_Q, limit=3) == ranked[:3]


# ---- citations and abstention ---------------------------------------------------------------


# ---- pick_covered ---------------------------------------------------------------------------


def speaks_of(*words: str):  # type: ignore[no-untyped-def]
    """A coverage check that passes a sentence holding every one of ``words``."""
    def covers(c: Candidate) -> Coverage:
        missing = [w for w in words if w not in c.quote]
        return Coverage(0.0 if missing else 1.0, missing)
    return covers


SCRIPT_Q = analyse("How many times may the script's GET parameters be iterated?")


def test_pick_covered_takes_the_best_sentence_that_speaks_of_the_question() -> None:
    best = cand("The script sends 5 requests.", score=0.50)
    runner = cand("The GET parameters may be iterated up to 3 times.", score=0.47, index=1)
    chosen, covered, rest = pick_covered(evidence(best, runner), SCRIPT_Q, 0.36,
                                         speaks_of("iterated"))
    assert chosen == [runner] and covered is not None and covered.enough
    assert best not in rest.ranked  # the sentence passed over is no rival figure either


def test_pick_covered_keeps_the_best_when_it_speaks_of_the_question() -> None:
    best = cand("The GET parameters may be iterated up to 3 times.", score=0.50)
    runner = cand("They are iterated 4 times in version 1.", score=0.49, index=1)
    chosen, _, _ = pick_covered(evidence(best, runner), SCRIPT_Q, 0.36, speaks_of("iterated"))
    assert chosen == [best]


def test_pick_covered_refuses_with_the_best_sentences_words_when_no_close_one_speaks() -> None:
    best = cand("The script sends 5 requests.", score=0.50)
    far = cand("The GET parameters may be iterated up to 3 times.",
               score=0.50 * RUNNER_UP_SCORE - 0.01, index=1)
    chosen, covered, _ = pick_covered(evidence(best, far), SCRIPT_Q, 0.36,
                                      speaks_of("iterated"))
    assert chosen == [] and covered is not None and covered.unspoken == ["iterated"]


def test_pick_covered_tries_two_runners_up_at_most() -> None:
    ranked = [cand(f"The script sends {n} requests.", score=0.50 - n / 1000, index=n)
              for n in range(3)]
    found = cand("The GET parameters may be iterated up to 3 times.", score=0.49, index=9)
    chosen, _, _ = pick_covered(evidence(*ranked, found), SCRIPT_Q, 0.36, speaks_of("iterated"))
    assert chosen == []


def test_pick_covered_chooses_nothing_under_the_floor() -> None:
    weak = cand("The GET parameters may be iterated up to 3 times.", score=0.30)
    assert pick_covered(evidence(weak), SCRIPT_Q, 0.36, speaks_of("iterated"))[:2] == ([], None)


def share_of(*words: str):  # type: ignore[no-untyped-def]
    """A coverage check: the share of ``words`` a sentence holds."""
    def covers(c: Candidate) -> Coverage:
        missing = [w for w in words if w not in c.quote.lower()]
        return Coverage(1 - len(missing) / len(words), missing)
    return covers


SHARE_Q = analyse("What share of the wildlife reports showed a link to corruption?")
SHARE_WORDS = share_of("share", "wildlife", "reports", "link", "corruption")


def test_pick_covered_prefers_a_close_runner_up_that_speaks_of_more_of_the_question() -> None:
    best = cand("FinCEN found 25 percent of wildlife reports had links to these places.",
                score=0.54)
    runner = cand("A link to corruption showed in 10 percent of the wildlife reports.",
                  score=0.52, index=1)
    chosen, covered, rest = pick_covered(evidence(best, runner), SHARE_Q, 0.36, SHARE_WORDS)
    assert chosen == [runner] and covered is not None and covered.share == 0.8
    assert rest.ranked[:2] == [runner, best]  # the best sentence stays a rival


def test_pick_covered_keeps_the_best_over_a_runner_up_well_behind() -> None:
    best = cand("FinCEN found 25 percent of wildlife reports had links to these places.",
                score=0.54)
    runner = cand("A link to corruption showed in 10 percent of the wildlife reports.",
                  score=0.54 * CLOSER_RATIO - 0.01, index=1)
    assert pick_covered(evidence(best, runner), SHARE_Q, 0.36, SHARE_WORDS)[0] == [best]


@pytest.mark.parametrize("question, best_quote, runner_quote", [
    # The runner-up's figure is the question's own.
    ("How many agents worked in the 46 offices abroad?",
     "The 46 offices abroad are staffed by 119 agents.",
     "Agents worked in 46 offices abroad with their police counterparts."),
    # A share of the reports does not answer how many there were, when the best gives a count.
    ("How many wildlife reports linked to corruption were filed by 2022?",
     "Wildlife reports linked to corruption reached 92,200 by the end of 2022.",
     "Notably, 73% of wildlife reports linked to corruption were filed by banks."),
    # A ratio stands for a rounded share, here of something else.
    ("What share of the wildlife reports showed a link to corruption?",
     "FinCEN found a 25 percent share of wildlife reports showed links to these places.",
     "What one out of six rules showed: a link to corruption in wildlife reports."),
])
def test_pick_covered_keeps_the_best_over_a_runner_up_without_a_figure_of_its_own(
        question: str, best_quote: str, runner_quote: str) -> None:
    best, runner = cand(best_quote, score=0.54), cand(runner_quote, score=0.53, index=1)
    words = share_of(*(w for w in question.lower().rstrip("?").split() if len(w) > 3))
    chosen, _, _ = pick_covered(evidence(best, runner), analyse(question), 0.36, words)
    assert chosen == [best]


def test_to_citation_copies_the_sentence_and_page() -> None:
    c = cand("Police made 2,517 arrests.", "d1", page=7, title="Liberterra II")
    cit = to_citation(2, c, "reports/liberterra.pdf")
    assert (cit.n, cit.doc_id, cit.title, cit.source, cit.page, cit.quote) == (
        2, "d1", "Liberterra II", "reports/liberterra.pdf", 7, "Police made 2,517 arrests.")


def test_abstention_names_missing_names_and_nearest_titles() -> None:
    near = [cand("Liberterra II led to 2,517 arrests.", "d1", title="Liberterra II results"),
            cand("More on Liberterra II.", "d1", title="Liberterra II results"),
            cand("Synergia II made 300 arrests.", "d2", title="Synergia II brief")]
    msg = abstention(analyse("How many arrests did Liberterra III make?"),
                     evidence(rejected=near, missing=["Liberterra III"]))
    assert msg == ("The library does not say: no passage about “Liberterra III” answers this. "
                   "The nearest passages are about “Liberterra II results”; "
                   "“Synergia II brief”.")


def test_abstention_with_missing_names_and_nothing_near() -> None:
    msg = abstention(COUNT_Q, evidence(missing=["Liberterra III", "2031"]))
    assert msg == ("The library does not say: no passage about “Liberterra III”, “2031” "
                   "answers this.")


def test_abstention_for_a_figure_question() -> None:
    msg = abstention(COUNT_Q, evidence())
    assert "no passage gives a figure" in msg


def test_abstention_names_the_words_no_passage_speaks_of() -> None:
    msg = abstention(COUNT_Q, evidence(), ["pangolin", "scales"])
    assert msg == ("The library does not say: the closest passage does not speak of "
                   "“pangolin” or “scales”, so it does not answer this question.")


def test_abstention_for_other_questions() -> None:
    msg = abstention(OTHER_Q, evidence())
    assert msg == "The library does not say: no passage answers this question closely enough."
