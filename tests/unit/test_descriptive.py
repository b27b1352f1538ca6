"""Questions without a figure: intents, prose filtering, sentence shape, multi-sentence answers."""

from __future__ import annotations

import pytest

from assistant import phrases
from assistant.compose import extractive, pick, pick_descriptive, with_list
from assistant.evidence import Candidate, Evidence, is_prose
from assistant.figures import parse_figures
from assistant.models import Chunk
from assistant.question import analyse, intent
from tests.unit.test_evidence import FakeLibrary, by_quote, run


@pytest.fixture(autouse=True)
def fresh_phrase_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(phrases, "_PHRASES", {})


@pytest.mark.parametrize("question, kind", [
    ("Who led Liberterra II?", "who"),
    ("Which agencies ran the operation?", "who"),
    ("Where did Wildlife Week take place?", "where"),
    ("In which countries were the compounds found?", "where"),
    ("What is cyber-enabled fraud?", "define"),
    ("What does AFRIPOL stand for?", "define"),
    ("Why are scam centres spreading?", "why"),
    ("What drives the demand for pangolin scales?", "why"),
    ("Which services do the networks offer?", "list"),
    ("List the main forms of exploitation", "list"),
    ("What are the main types of fraud?", "list"),
    ("How do criminals launder the proceeds?", "how"),
    ("Compare trafficking in West and East Africa", "compare"),
    ("Tell me about Serengeti", "other"),
    ("What is the EU Enforcement Group supposed to do?", "other"),  # its task, no definition
    ("What is the panel responsible for?", "other"),
])
def test_intent_of_questions_without_a_figure(question: str, kind: str) -> None:
    assert intent(question)[0] == kind
    assert analyse(question).intent == kind


def test_figure_questions_have_no_intent_and_definitions_name_their_term() -> None:
    assert analyse("How many arrests did Liberterra II make?").intent == ""
    assert analyse("What is cyber-enabled fraud?").term == "cyber-enabled fraud"


@pytest.mark.parametrize("text, prose", [
    ("Liberterra II led to 2,517 arrests.", True),
    ("Basel Institute on Governance, Steinenring 60, 4051 Basel, Switzerland", False),
    ("3.2 Trafficking Flows In West Africa", False),
    ("Trafficking in persons in and from Africa", False),  # a heading: no end, few words
    ("UNODC, INTERPOL, Europol.", False),
    ("18 Case studies: Examples of movement of sex trafficking victims ...............", False),
    ("The profile of the traffickers . . . . . . . . . . . . . . 27", False),
    ("Economic Commission for Africa, “Renewing the social contract to reduce poverty and "
     "inequality in Africa”, Policy Brief No.", False),
    ("UNODC, “Global Report on Trafficking in Persons 2024”, Vienna, 2024.", False),
    ("The report, “Trafficking in persons”, says that 61 per cent of victims were female.", True),
    # a note's reference, its title's comma inside the quotes
    ("For an argument linking vigilantes to inequality, see Brian Phillips, “Inequality and "
     "Vigilante Organizations,” Comparative Political Studies, 50 (September 2017), 1358–89.",
     False),
    ("The report, “Trafficking in persons,” says that 61 per cent of victims were female.", True),
    ("Officers rescued 3,222 potential victims of trafficking, and minors were among them "
     "according to the organisers of the week-long operation", True),
    # the cells of an indicator table read as one line: a repeated cell, a hash
    ("Victim's logs CnC of other malware used to install Carbanak Victim's logs Used by "
     "criminals to control infected machines", False),
    ("Victim's logs Used by criminals to control infected machines "
     "F66992766D8F9204551B3C42336B4F6D", False),
    ("The group sold the cards on the shop and the shop sold them on to fraud operators "
     "across the world", True),
    # a data line of labelled cells, even when it ends like a sentence
    ("Under 20: 31,254 complaints, $67.1 million in losses; 20-29: 112,069 complaints, "
     "$563.1 million in losses; 30-39: 153,293 complaints, $1.7 billion in losses.", False),
    ("In 2022: 1,200 victims were detected, and in 2023: 1,500 were detected.", True),
    # a source line whose words are mostly a web address
    ("GUARDIAN (Feb. 4, 2015), http://www.theguardian.com/technology/2015/feb/04/"
     "silk-road-ross-ulbricht-convicted-drug-charges.", False),
    ("More details on the operation are available at www.interpol.int/news for readers.",
     True),
    # a publisher's notice: permission, address, fax number, copyright
    ("Applications for such permission, for all or part of this publication, should be made "
     "to the FATF Secretariat, 2 rue André Pascal 75775 Paris Cedex 16, France (fax: +33 1 44 "
     "30 61 37 or e-mail: contact@fatf-gafi.org).", False),
    ("© 2018 FATF/OECD and Egmont Group of Financial Intelligence Units. All rights reserved.",
     False),
    ("Victims called the hotline 3,500 times by telephone in 2021, most of them at night.", True),
    # an institutional repository's cover page
    ("Part of the Criminology Commons, Criminology and Criminal Justice Commons, and the "
     "Information Security Commons", False),
    ("This item is available as part of Virtual Commons, the open-access institutional "
     "repository of Bridgewater State University, Bridgewater, Massachusetts.", False),
    ("This Article is brought to you for free and open access by Nighthawks Open Institutional "
     "Repository.", False),
    ("The commons of the town were part of the grazing land that 40 families shared.", True),
    ('Citation of this paper: Citation of this paper: Smith, Jane and Roe, Alan, "Policing '
     'Fraud Online: A Review" (2021).', False),
    ("The citation of this study in later work shows how 12 courts read the law.", True),
    # a reference's access note and a publisher's disclaimer
    # (a web address broken at a line end leaves words behind)
    ("Retrieved from http://www.computerworld.com/s/article/9231748/Energy_giant_confirms_of_ "
     "customer_project_files 15 Krebs, B. (2012, September 26).", False),
    ("Id.; Interpol Website, accessed on October 1, 2021, https://www.interpol.int/News.", False),
    ("DISCLAIMER : This document and its contents shall be deemed as proprietary and "
     "privileged information of the company and shall not be shared.", False),
    ("All our data are retrieved from the John Jay & ARTIS Transnational Terrorism database.",
     True),
    ("Logs for these tools indicate that they were accessed from two different IPs in 2021.",
     True),
    ("The auditors accessed 14 accounts in March 2020 with the bank's consent.", True),
])
def test_prose_is_told_from_addresses_headings_and_name_lists(text: str, prose: bool) -> None:
    assert is_prose(text) is prose


def test_an_address_line_is_never_evidence() -> None:
    lib = FakeLibrary({"d1": ("AML index", [
        "Basel Institute on Governance, Steinenring 60, 4051 Basel, Switzerland\n\n"
        "The index scores 152 countries on their money laundering risk."
    ])})
    ev = run(lib, "How many countries does the AML index score?")
    assert all("Steinenring" not in c.quote for c in ev.ranked + ev.rejected)
    assert ev.ranked[0].quote.startswith("The index scores 152 countries")


def test_who_prefers_a_sentence_that_names_someone_new() -> None:
    lib = FakeLibrary({"d1": ("Liberterra II", [
        "Liberterra II led to 2,517 arrests across the region. "
        "Liberterra II was led by INTERPOL with police in 116 countries."
    ])})
    ev = run(lib, "Who led Liberterra II?")
    named = by_quote(ev, "Liberterra II was led by INTERPOL")
    other = by_quote(ev, "Liberterra II led to 2,517")
    assert named.focus == 1.0 and other.focus == 0.0
    assert ev.ranked[0] is named


def test_where_prefers_a_place_after_a_preposition() -> None:
    lib = FakeLibrary({"d1": ("Wildlife Week", [
        "Wildlife Week brought rangers and prosecutors together. "
        "Wildlife Week took place in Cape Town with partners."
    ])})
    ev = run(lib, "Where did Wildlife Week take place?")
    assert ev.ranked[0].quote.startswith("Wildlife Week took place in Cape Town")


def test_define_prefers_the_defining_sentence() -> None:
    lib = FakeLibrary({"d1": ("Fraud brief", [
        "Police saw more and more cases of pig butchering every year in the region. "
        "Pig butchering is a scam in which a fraudster builds trust before asking for money."
    ])})
    ev = run(lib, "What is pig butchering?")
    assert ev.ranked[0].quote.startswith("Pig butchering is a scam")
    assert by_quote(ev, "Police saw").focus == 0.5


def test_define_prefers_the_sentence_that_introduces_the_term_in_brackets() -> None:
    lib = FakeLibrary({"d1": ("Rio brief", [
        "Critics say the UPPs have had mixed outcomes in the communities of the city. "
        "The state created Police Pacifying Units (UPPs) in which trained recruits patrol "
        "gang-held favelas."
    ])})
    ev = run(lib, "What are the UPPs in Rio?")  # a place after the term says where, not what
    assert by_quote(ev, "The state created").focus == 1.0
    assert by_quote(ev, "Critics say").focus == 0.5


def cand(quote: str, chunk: Chunk, score: float) -> Candidate:
    start = chunk.text.index(quote)
    return Candidate(quote=quote, chunk=chunk, title="T", start=chunk.start + start,
                     end=chunk.start + start + len(quote), context="",
                     figures=parse_figures(quote), dense=0.5, score=score)


LIST_CHUNK = Chunk("d1", 0, (
    "The networks offer three services:\n"
    "- money laundering through casinos;\n"
    "- fake identity documents;\n"
    "- transport across borders.\n\n"
    "Police closed two of them."), page=4, start=100, end=300)


def test_a_list_is_not_cut_at_its_colon() -> None:
    head = cand("The networks offer three services:", LIST_CHUNK, 1.0)
    full = with_list(head)
    assert full.quote.endswith("transport across borders.")
    assert "Police closed" not in full.quote
    # The quote is the exact source text at its offsets.
    assert LIST_CHUNK.text[full.start - 100:full.end - 100] == full.quote


def test_a_sentence_is_not_cut_from_the_list_the_next_one_gives() -> None:
    chunk = Chunk("d1", 0, (
        "Some Recommendations are unique to terrorist financing, set out in Section C of the text. "
        "These are: Recommendation 5 (the offence); Recommendation 6 (sanctions); and "
        "Recommendation 8 (non-profits). Other rules apply to all."), page=9, start=0, end=200)
    full = with_list(cand("Some Recommendations are unique to terrorist financing, set out in "
                          "Section C of the text.", chunk, 1.0))
    assert full.quote.endswith("Recommendation 8 (non-profits).")
    plain = cand("Other rules apply to all.", chunk, 1.0)
    assert with_list(plain) is plain


def test_descriptive_pick_takes_a_continuing_sentence_and_close_runners_up() -> None:
    chunk = Chunk("d1", 0, "Serengeti was run by INTERPOL and AFRIPOL. It targeted ransomware. "
                  "Police also met in Kigali.", page=None, start=0, end=90)
    best = cand("Serengeti was run by INTERPOL and AFRIPOL.", chunk, 1.0)
    nxt = cand("It targeted ransomware.", chunk, 0.3)
    far = cand("Police also met in Kigali.", chunk, 0.5)
    ev = Evidence([best, far, nxt], [], [])
    chosen = pick(ev, analyse("Who ran Serengeti?"))
    assert chosen == [best, nxt]
    assert extractive(chosen, descriptive=True) == (
        "Serengeti was run by INTERPOL and AFRIPOL. [1] It targeted ransomware. [2]")


def test_descriptive_pick_stops_at_five_sentences() -> None:
    text = "A one. B two. C three. D four. E five. F six."
    chunk = Chunk("d1", 0, text, page=None, start=0, end=len(text))
    quotes = ("A one.", "B two.", "C three.", "D four.", "E five.", "F six.")
    cands = [cand(q, chunk, 1.0) for q in quotes]
    assert [c.quote for c in pick_descriptive(Evidence(cands, [], []))] == list(quotes[:5])


def test_descriptive_runner_up_joins_only_when_close() -> None:
    chunk = Chunk("d1", 0, "A one. B two. C three.", page=None, start=0, end=22)
    best, near, far = cand("A one.", chunk, 1.0), cand("C three.", chunk, 0.86), cand(
        "B two.", chunk, 0.5)
    assert pick_descriptive(Evidence([best, near, far], [], [])) == [best, near]


@pytest.mark.parametrize("text, value", [
    ("a median loss of USD 46 000 per case", 46000.0),
    ("some 1 250 000 people", 1250000.0),
    ("a score of 5.12 out of 10", 5.12),
])
def test_space_separated_thousands_and_scores_are_figures(text: str, value: float) -> None:
    assert parse_figures(text)[0].value == value


def test_a_year_then_a_count_stay_two_figures() -> None:
    figs = parse_figures("In 2022 150 victims were found")
    assert [f.value for f in figs] == [2022.0, 150.0]


def test_questions_footnotes_and_case_captions_in_the_text_are_not_evidence() -> None:
    lib = FakeLibrary({"d1": ("ASU study", [
        "How were the sex trafficking situations identified by law enforcement? "
        "¹ Situations where the form is not specified typically occur when a caller is vague. "
        "Case study 1 - Map of victim movement by sex trafficker. "
        "Most situations were identified by law enforcement through online ads."
    ])})
    ev = run(lib, "How did police identify the trafficking situations?")
    quotes = [c.quote for c in ev.ranked + ev.rejected]
    assert quotes == ["Most situations were identified by law enforcement through online ads."]


@pytest.mark.parametrize("title, text, question, defining, naming", [
    # a definition from the report's own source; a passive verb after the term defines nothing
    ("The Rapporteur's 2012 case law study",
     "At the end of this chapter, the key message is translated into recommendations. "
     "The key message from this study is that specialised judges are needed for these cases.",
     "What is the key message of the Rapporteur's 2012 study?",
     "The key message from this study", "At the end of this chapter"),
    # a quoted term is defined by a sentence that quotes it
    ("Wildlife judgment",
     "The exhibit outlines the definition of traffic under the Act as well as the following. "
     '"Traffic" is defined in Section 1(1)(s) and means "sell, buy, barter or trade."',
     "How does the Wildlife Act define 'traffic'?", '"Traffic" is defined', "The exhibit outlines"),
])
def test_the_sentence_that_defines_the_term_is_preferred_to_one_that_names_it(
        title: str, text: str, question: str, defining: str, naming: str) -> None:
    ev = run(FakeLibrary({"d1": (title, [text])}), question)
    assert by_quote(ev, defining).focus == 1.0
    assert by_quote(ev, naming).focus == 0.5
    assert ev.ranked[0].quote.startswith(defining)


def test_whose_a_thing_is_may_be_written_either_way() -> None:
    from assistant.evidence import possessive_forms

    assert possessive_forms("the FATF's mandate") == ["mandate of the FATF", "mandate of FATF"]
    assert possessive_forms("mandate of the FATF") == ["FATF's mandate"]
    assert possessive_forms("money laundering") == []


@pytest.mark.parametrize("question, written", [
    ("what is the FATF's mandate?", "The mandate of the FATF is"),
    ("What is the mandate of the FATF?", "The FATF's mandate is"),
])
def test_a_definition_may_say_whose_the_thing_is_the_other_way(question: str, written: str
                                                               ) -> None:
    lib = FakeLibrary({"d1": ("FATF procedures", [
        "The Plenary may suspend membership for failure to meet the commitments of the FATF "
        f"Mandate and its internal governance principles. {written} to set standards and to "
        "promote effective implementation of measures for combating money laundering."
    ])})
    assert by_quote(run(lib, question), written).focus == 1.0


@pytest.mark.parametrize("after, defines", [
    (" is translated into", False), (" were established in 2020", False),
    (" is made up of", False), (" is defined as", True), (" are permanent structures", True),
    (" is often a crime", True), (" are children", True), (" is that children", True),
])
def test_a_copula_defines_and_a_passive_verb_does_not(after: str, defines: bool) -> None:
    from assistant.evidence import COPULA

    assert bool(COPULA.match(after)) is defines


def test_the_next_sentence_that_names_the_thing_again_carries_the_answer_on() -> None:
    from assistant.compose import refers_back

    assert refers_back("The significant deficiency related to weak oversight.",
                       "The auditors identified one significant deficiency in control.")
    assert not refers_back("The court then sentenced him.",
                           "The auditors identified one significant deficiency in control.")
    lib = FakeLibrary({"d1": ("Audit report", [
        "The auditors identified one significant deficiency in internal control over reporting. "
        "The significant deficiency related to weak review of seized property."
    ])})
    chosen = pick_descriptive(run(lib, "What significant deficiency did the auditors identify?"))
    assert [c.quote[:28] for c in chosen][:2] == ["The auditors identified one ",
                                                   "The significant deficiency r"]
