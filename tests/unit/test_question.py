"""Tests for question analysis: answer type, names, years and the counted noun."""

from __future__ import annotations

import pytest

from assistant.question import Entity, analyse, answer_type, entities, focus_phrase
from assistant.text import tokens


def words(text: str) -> str:
    """Return text as the space-padded token string that entity patterns search."""
    return " " + " ".join(tokens(text)) + " "


def names(question: str) -> list[str]:
    return [e.text for e in entities(question)]


# ---- answer types ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many arrests were made?", "count"),
        ("What is the number of victims?", "count"),
        ("How many victims did First Light 2024 rescue?", "count"),
        ("What share of victims were women?", "percent"),
        ("What percentage of cases involved minors?", "percent"),
        ("What proportion of migrants were children?", "percent"),
        ("What % of victims were rescued?", "percent"),
        ("How much money was seized?", "money"),
        ("What were the losses to fraud?", "money"),
        ("How much in USD was laundered?", "money"),
        ("How many dollars were seized?", "money"),
        ("What is the average extortion demand, in pesos, in Mexico?", "money"),
        ("How many rupees did the scheme take in?", "money"),
        ("When did Operation Serengeti start?", "date"),
        ("And when did it end?", "date"),
        ("What year did First Light run?", "date"),
        ("In what year was the convention adopted?", "date"),
        ("How much cocaine was seized?", "figure"),
        ("What is the weight cap on giant clam shells?", "figure"),
        ("What was the average age of the victims?", "figure"),
        ("What is the maximum fine for smuggling?", "figure"),
        ("What is the role of the panel?", "other"),
        ("How often does the group meet?", "frequency"),
        ("How many times a year does the group meet?", "frequency"),
        ("Who led the operation?", "other"),
        ("Where did Operation Serengeti take place?", "other"),
        ("What happened in Operation Jackal III?", "other"),
        ("Which predicate crimes produce the most illicit proceeds?", "other"),
        ("Which year saw the most seizures?", "date"),
        ("How quickly after the first infection was the account taken over?", "duration"),
        ("How soon did the bank notice?", "duration"),
        ("On average, how much Plenary time does one discussion take?", "duration"),
        # "By how much" is answered by money, a share or a count alike.
        ("By how much were the year-end balances overstated?", "figure"),
        ("After the raids, by how much did the number of arrests go up?", "figure"),
    ],
)
def test_answer_type(question: str, kind: str) -> None:
    assert answer_type(question) == kind
    assert analyse(question).answer_type == kind


def test_money_beats_figure_for_how_much_money() -> None:
    # "how much" alone is a figure; naming money makes it money.
    assert answer_type("How much was seized?") == "figure"
    assert answer_type("How much money was seized?") == "money"


def test_how_many_lost_lives_is_a_count() -> None:
    assert answer_type("How many migrants lost their lives crossing the sea?") == "count"


@pytest.mark.parametrize(
    ("question", "wants"),
    [("How many arrests?", True), ("When did it start?", True), ("Who led it?", False)],
)
def test_wants_figure(question: str, wants: bool) -> None:
    assert analyse(question).wants_figure is wants


# ---- entities -------------------------------------------------------------------------------


def test_possessive_splits_two_names_and_drops_wrapper() -> None:
    found = entities("How many arrests did INTERPOL's operation Liberterra II make?")
    assert [e.text for e in found] == ["INTERPOL", "Liberterra II"]
    assert found[1].seq == ("liberterra", "ii")


def test_curly_possessive_splits_names_too() -> None:
    assert names("How many arrests did INTERPOL’s operation Liberterra II make?") == [
        "INTERPOL", "Liberterra II"]


@pytest.mark.parametrize(("question", "found"), [
    ("What did the Cloud Atlas IP addresses turn out to be?", ["Cloud Atlas", "IP"]),
    ("Who ran the Walk Free US consumer survey?", ["Walk Free", "US"]),
    # a numeral or an acronym among acronyms stays in the name
    ("How many arrests did Liberterra II make?", ["Liberterra II"]),
    ("What did INTERPOL AFRIPOL agents do?", ["INTERPOL AFRIPOL"]),
    ("What did the UN Security Council say?", ["UN Security Council"]),
])
def test_an_acronym_qualifying_the_noun_after_a_name_is_apart(question: str,
                                                              found: list[str]) -> None:
    assert names(question) == found


def test_trailing_year_is_kept_apart_from_the_name() -> None:
    profile = analyse("How many victims did First Light 2024 rescue?")
    assert [e.text for e in profile.entities] == ["First Light"]
    assert profile.entities[0].seq == ("first", "light")
    assert profile.years == ["2024"]


def test_hyphenated_pair_of_names_gives_both() -> None:
    assert names("What did INTERPOL-AFRIPOL agree in 2023?") == ["INTERPOL", "AFRIPOL"]


def test_hyphenated_ordinary_word_is_not_split() -> None:
    assert names("How many migrants came from Sub-Saharan Africa?") == ["Sub-Saharan Africa"]


@pytest.mark.parametrize(
    "question",
    [
        "How many arrests were made?",
        "What share of victims were women?",
        "When did it end?",
        "Which year?",
        "Please tell me how many?",
        "Who, according to the report, led it?",
    ],
)
def test_question_words_are_not_names(question: str) -> None:
    assert entities(question) == []


def test_lone_year_is_not_a_name() -> None:
    profile = analyse("How many arrests were made in 2022?")
    assert profile.entities == []
    assert profile.years == ["2022"]


def test_operation_wrapper_is_stripped() -> None:
    assert names("Where did Operation Serengeti take place?") == ["Serengeti"]


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("How many ships were attacked in the Gulf of Guinea?", "Gulf of Guinea"),
        ("What did the Bank of England report?", "Bank of England"),
        ("What did the Trafficking and Smuggling Unit find?", "Trafficking and Smuggling Unit"),
    ],
)
def test_of_and_and_join_a_multi_word_name(question: str, name: str) -> None:
    assert names(question) == [name]


def test_years_are_sorted_and_unique() -> None:
    assert analyse("Arrests in 2023 compared with 2021 and 2023?").years == ["2021", "2023"]


def test_a_number_inside_an_identifier_is_not_an_asked_year() -> None:
    assert analyse("When was guidance FIN-2010-G006 issued?").years == []
    assert analyse("Who exploited CVE-2015-2545 in 2016?").years == ["2016"]
    assert analyse("What did report S/2025/223 say?").years == []
    assert analyse("How many arrests from mid-2019 to 2020-21?").years == ["2019", "2020"]


# ---- Entity.pattern -------------------------------------------------------------------------


def test_pattern_does_not_match_a_longer_sibling() -> None:
    pattern = Entity("Liberterra II", ("liberterra", "ii")).pattern()
    assert pattern.search(words("Liberterra II led to 2,517 arrests."))
    assert not pattern.search(words("Liberterra III led to 2,517 arrests."))


def test_pattern_does_not_match_a_shorter_sibling() -> None:
    pattern = Entity("Liberterra III", ("liberterra", "iii")).pattern()
    assert not pattern.search(words("Liberterra II led to 2,517 arrests."))


def test_long_word_may_take_a_short_ending() -> None:
    pattern = Entity("Africa", ("africa",)).pattern()
    assert pattern.search(words("across African countries"))
    assert pattern.search(words("in Africa."))
    assert not pattern.search(words("an Africanist view"))  # more than three letters added


def test_pattern_needs_whole_words() -> None:
    pattern = entities("What did INTERPOL report?")[0].pattern()
    assert pattern.search(words("INTERPOL said"))
    assert not pattern.search(words("XINTERPOL said"))


def test_pattern_matches_a_name_with_possessive_in_text() -> None:
    pattern = entities("What did INTERPOL report?")[0].pattern()
    assert pattern.search(words("INTERPOL's officers"))


# ---- focus ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("How many irregular migrants were identified?", "irregular migrants"),
        ("How many arrests did INTERPOL's operation Liberterra II make?", "arrests"),
        ("What share of victims were women?", "victims"),
        ("What is the percentage of the cases that involved minors?", "cases"),
        ("What is the number of victims?", "victims"),
        ("How much cocaine was seized?", "cocaine"),
        ("Who led the operation?", ""),
        ("Up to how many c&c servers can be configured?", "c&c servers"),
        ("How many APT28/Sofacy officers were indicted?", "APT28/Sofacy officers"),
    ],
)
def test_focus_phrase(question: str, focus: str) -> None:
    assert focus_phrase(question) == focus
    assert analyse(question).focus == focus


def test_focus_head_is_the_stemmed_counted_noun() -> None:
    assert analyse("How many irregular migrants were identified?").focus_head == "migrant"
    assert analyse("Who led the operation?").focus_head == ""


def test_focus_text_leaves_out_names_years_and_stop_words() -> None:
    profile = analyse("How many arrests did Liberterra II make in 2022?")
    assert profile.focus_text == "arrests make"


def test_how_much_was_has_no_counted_noun() -> None:
    assert focus_phrase("How much was lost to fraud?") == ""


def test_terms_are_content_tokens() -> None:
    assert analyse("How many arrests did Liberterra II make?").terms == [
        "arrest", "liberterra", "ii", "make"]


@pytest.mark.parametrize(("question", "names"), [
    ("How many traffickers belonged to Africa-based groups?", ["Africa"]),
    ("How much did victims lose across 19 African countries?", ["African"]),
    ("Measured in tonnes, how much ivory was seized?", []),
])
def test_names_lose_suffixes_counts_and_sentence_initial_verbs(question: str,
                                                             names: list[str]) -> None:
    assert [e.text for e in analyse(question).entities] == names


def test_a_capitalised_first_word_is_only_a_soft_name() -> None:
    [back] = analyse("Back in 2016, what share of victims were men?").entities
    assert back.text == "Back" and back.soft


def test_focus_stops_at_the_verb_and_the_unit_is_kept() -> None:
    profile = analyse("How many traffickers belonged to armed groups in tonnes?")
    assert profile.focus == "traffickers"
    assert profile.unit == "tonnes"


@pytest.mark.parametrize(("question", "years"), [
    ("What share lives in poverty according to the Secretary-General's 2025 report?", ["2025"]),
    ("Among situations where ethnicity was known (2020-2022), what share were Latino?",
     ["2020", "2022"]),
    ("In the 2014 Findings, how many countries made advances?", ["2014"]),
    ("How many kilograms of gold did the mine produce in 2023?", []),
    ("Which guidance does the October 2020 human trafficking advisory build on?", ["2020"]),
    ("How many priorities does the 2024 strategy set?", ["2024"]),
    ("How many coins existed, according to the ABA's 2015 anti-money laundering year-in-review?",
     ["2015"]),
    ("What does the 2021 thesis call cyber warfare?", ["2021"]),
    ("Which countries were in Tier 3 of the 2015 Trafficking in Persons report?", []),
    # a lone year in brackets dates the work cited, as in a reference
    ("In the Rapporteur's first report on child abuse images (2011), what share was Dutch?",
     ["2011"]),
    ("What share of girls met a stranger, in the study cited by the Rapporteur (2011)?",
     ["2011"]),
    ("How many colleges were there, according to the EBA's 2024-25 colleges report?",
     ["2024", "2025"]),
    ("In how many countries, as cited by Esser (Anti-Trafficking Review, 2016)?", ["2016"]),
    ("According to the EBA's report on the functioning of AML/CFT colleges in 2024-25, how "
     "many colleges were there?", ["2024", "2025"]),
])
def test_source_years_are_the_years_that_date_the_report(question: str, years: list[str]) -> None:
    assert analyse(question).source_years == years


def test_month_names_are_dates_not_names() -> None:
    q = "How many tons were looted between January and June 2024 in East Darfur?"
    assert [e.text for e in entities(q)] == ["East Darfur"]
    # the range asks about every month in it
    assert analyse(q).months == ["april", "february", "january", "june", "march", "may"]
    assert [e.text for e in entities("What did Backpage do after the January 2017 Senate "
                                      "hearing?")] == ["Backpage", "Senate"]
    # a month written short dates beside a day or a year; "Jan" alone is a name
    q = "What did an oxycodone pill cost on Dutch channels in Sept 2024?"
    assert [e.text for e in entities(q)] == ["Dutch"] and analyse(q).months == ["september"]
    assert analyse("Who was arrested on 3 Oct. in Lagos?").months == ["october"]
    assert [e.text for e in entities("What did Jan Kowalski smuggle?")] == ["Jan Kowalski"]


@pytest.mark.parametrize(("question", "focus"), [
    ("How many of the arrested traffickers of minors were not US citizens?",
     "arrested traffickers of minors"),
    ("How many armed groups recruited children?", "armed groups"),
    ("What share of detected victims were female?", "detected victims"),
    # a modal verb ends what is counted, or stands where nothing is named
    ("How much money could the gang launder?", "money"),
    ("How many officers should go in each car?", "officers"),
    ("How much might banks have contributed to the fight?", ""),
    ("How much agarwood oil may a person carry?", "agarwood oil"),
    # an adverb before a participle is part of what is counted, not a verb after it
    ("How many internally displaced people were registered?", "internally displaced people"),
    ("How many illegally imported exotic pets were seized?", "illegally imported exotic pets"),
    ("How many of the 120 defendants actually appeared in videos?", "120 defendants actually"),
])
def test_what_a_how_many_question_counts(question: str, focus: str) -> None:
    assert focus_phrase(question) == focus


def test_a_name_takes_an_adjective_ending_but_not_any_letters() -> None:
    niger = entities("How many victims did Niger detect?")[0].pattern()
    assert niger.search(" niger ") and not niger.search(" nigeria ")
    nigeria = entities("How many victims did Nigeria detect?")[0].pattern()
    assert nigeria.search(" nigerian ") and nigeria.search(" nigeria ")
    assert entities("What about Sudan?")[0].pattern().search(" sudanese ")


def test_month_ranges_and_may() -> None:
    from assistant.question import asked_months

    assert asked_months("How many arrests between May and July 2024?") == ["july", "june", "may"]
    assert asked_months("From March to June, how many?") == ["april", "june", "march", "may"]
    assert asked_months("What happened in May 2023?") == ["may"]
    assert asked_months("May I ask how many arrests there were?") == []
    # the month of the source asked about dates the source, not the figure
    assert asked_months("What share does Alrosa mine, per FinCEN's March 2022 alert?") == []
    assert asked_months("What did the March 2021 dissertation find?") == []


@pytest.mark.parametrize(("question", "focus"), [
    ("How many civilians died when the mosque was shelled?", "civilians died"),
    ("How many victims were rescued after the raids?", "victims rescued"),
    ("When did Interpol start it?", "start"),  # a leading "when" asks, it does not frame
])
def test_the_circumstances_of_a_count_are_not_what_it_counts(question: str, focus: str) -> None:
    assert analyse(question).focus_text == focus


@pytest.mark.parametrize("question, names", [
    ("What was the note worth in US dollars?", []),
    ("How much did Canada's note fetch, in Hong Kong dollars?", ["Canada"]),
    ("How much did the US spend on it?", ["US"]),
    ("Did a life jacket cost US$200 or HK$ 300?", []),
    ("Was the fine USD 46 000 or EUR 2 million?", []),
])
def test_a_currency_is_a_unit_not_a_name(question: str, names: list[str]) -> None:
    assert [e.text for e in entities(question)] == names



@pytest.mark.parametrize("asked, written", [
    ("Asian", "asia"), ("Asian", "asian"), ("Nigerian", "nigeria"), ("Libyan", "libya"),
    ("African", "african"), ("Asia", "asian"), ("Japan", "japanese"), ("Sudan", "sudanese"),
    ("Italy", "italian"), ("Italy", "italy"), ("Germany", "german"), ("Hungary", "hungarian"),
    ("Mexico", "mexican"), ("China", "chinese"), ("Chinese", "china"),
    ("Korea", "korean"), ("Japanese", "japan"), ("Europe", "european"), ("European", "europe"),
    ("Sudanese", "sudan"), ("Lebanese", "lebanon"), ("Pakistan", "pakistani"),
    ("Jordan", "jordanian"), ("Taiwan", "taiwanese"),
    # its people in -ian, where the place does not end in "ia"
    ("Belarusian", "belarus"), ("Peruvian", "peru"), ("Italian", "italy"), ("Brazilian", "brazil"),
    ("Ukrainian", "ukraine"), ("Canadian", "canada"), ("Egyptian", "egypt"),
    ("Jordanian", "jordan"), ("Iranian", "iran"),
])
def test_a_place_adjective_matches_its_place(asked: str, written: str) -> None:
    written = " ".join(tokens(written))
    assert entities(f"How many cases in the {asked} review?")[0].pattern().search(f" {written} ")


@pytest.mark.parametrize("asked, written", [
    ("China", "chin"), ("Austria", "australian"), ("India", "indonesian"), ("Europe", "europol"),
    ("Nigeria", "niger"), ("Iran", "iraqi"), ("African", "africa"),
])
def test_a_place_does_not_match_a_word_that_merely_begins_like_it(asked: str, written: str
                                                                   ) -> None:
    pattern = entities(f"How many cases in the {asked} review?")[0].pattern()
    assert not pattern.search(" " + " ".join(tokens(written)) + " ")


def test_a_plural_acronym_matches_its_singular() -> None:
    ips = entities("How many IPs did the group use?")[0]
    assert ips.pattern().search(" " + " ".join(tokens("unique IP addresses")) + " ")
    assert ips.pattern().search(" " + " ".join(tokens("the IPs")) + " ")
    assert not ips.pattern().search(" " + " ".join(tokens("an ipsum")) + " ")


def test_a_short_acronym_matches_its_dotted_form() -> None:
    us = entities("How large is the US sector?")[0]
    assert us.pattern().search(" " + " ".join(tokens("the U.S. sector")) + " ")
    assert not us.pattern().search(" " + " ".join(tokens("the U.N. sector")) + " ")


@pytest.mark.parametrize("question, expected", [
    ("Among FIUs rating the risk high, what share cooperated?", ["FIUs"]),
    ("Across Europe, how many networks were found?", ["Europe"]),
    ("What does listing under CITES Appendix I mean?", ["CITES Appendix I"]),
    ("How do I report a case?", []),
])
def test_a_function_word_or_pronoun_is_no_part_of_a_name(question: str,
                                                          expected: list[str]) -> None:
    assert names(question) == expected


@pytest.mark.parametrize("question, kind", [
    ("What prison sentence did the trafficker receive?", "duration"),
    ("what sentence was Cecilia given?", "duration"),
    ("What prison term did Adele get on each count?", "duration"),
    ("How much was the bank fined?", "money"),
    ("What kinds of businesses launder the proceeds?", "other"),
    ("What types of losses did banks report?", "other"),
])
def test_sentences_fines_and_kinds(question: str, kind: str) -> None:
    assert answer_type(question) == kind


def test_what_kinds_of_asks_for_a_list() -> None:
    assert analyse("What kinds of businesses launder the proceeds?").intent == "list"


@pytest.mark.parametrize("question, kind", [
    ("What price did the kit sell for on underground forums?", "money"),
    ("What ransom did the malware demand from infected users?", "money"),
    ("How much ransom did the gang make?", "money"),
    ("What fee do the brokers charge?", "money"),
    ("What is the date of the earliest sample tied to the gang?", "date"),
    ("What was the year of the first seizure?", "date"),
    ("What was the year-on-year increase in arrests?", "other"),
])
def test_money_nouns_and_dates_asked_with_what(question: str, kind: str) -> None:
    assert answer_type(question) == kind


@pytest.mark.parametrize("question, expected", [
    ("Besides DDoS, what have gangs used the kit for?", ["DDoS"]),
    ("Despite Interpol's warnings, how many fell for it?", ["Interpol"]),
    ("How quickly after Windows 8.1 came out was support added?", ["Windows 8.1"]),
    ("How much did the winning bid on theblaze.com cost?", ["theblaze.com"]),
    ("How often does the malware reach its C&C server?", ["C&C"]),
])
def test_leading_prepositions_versions_sites_and_ampersands(question: str,
                                                           expected: list[str]) -> None:
    assert names(question) == expected


def test_a_version_keeps_its_decimal_and_a_site_matches_its_text() -> None:
    windows = entities("When did Windows 8.1 come out?")[0]
    assert windows.pattern().search(" " + " ".join(tokens("Windows 8.1’s release")) + " ")
    assert not windows.pattern().search(" " + " ".join(tokens("Windows 8 release")) + " ")
    site = entities("How much was the bid on theblaze.com?")[0]
    assert site.pattern().search(" " + " ".join(tokens("ads on theblaze.com were")) + " ")


def test_what_was_it_built_to_do_asks_no_definition() -> None:
    assert analyse("What was BlackEnergy originally built to do?").intent == "other"
    assert analyse("What was BlackEnergy?").intent == "define"


def test_where_a_term_is_defined_is_not_part_of_the_term() -> None:
    asked = analyse("How do Bergmann and Gude define extortion in their article on San Salvador?")
    assert (asked.intent, asked.term) == ("define", "extortion")
    assert analyse("How does the report define the absence of the State?").term == (
        "absence of the State")
    assert analyse("How does Alberta's Wildlife Act define 'traffic'?").term == "traffic"


def test_a_decade_is_asked_apart_from_years() -> None:
    asked = analyse("What was tax evasion in Spain at the end of the 1990s?")
    assert (asked.decades, asked.years) == (["199"], [])


@pytest.mark.parametrize("question, kind", [
    ("How old was the youngest victim?", "count"),
    ("At what age were most victims recruited?", "count"),
    ("What was the death toll of the attack?", "count"),
    ("What did the shipment weigh?", "figure"),
    ("How heavy was the largest ivory shipment?", "figure"),
    ("What quantity of cocaine was seized in Ecuador?", "figure"),
    ("What amount of money was laundered through the casinos?", "figure"),
    ("What was the ransom demand?", "money"),
    ("What did victims pay smugglers for the crossing?", "money"),
    ("What do smugglers charge per person?", "money"),
    ("What portion of the proceeds was laundered?", "percent"),
    ("How much time did the attackers spend inside the network?", "duration"),
    ("How long is the border?", "length"),
    ("How long did the operation last?", "duration"),
    ("What did the gang do with the proceeds?", "other"),
])
def test_how_reporters_ask_for_ages_weights_tolls_and_payments(question: str,
                                                              kind: str) -> None:
    assert answer_type(question) == kind


@pytest.mark.parametrize("question, expected", [
    ("Overall, how many victims were identified?", []),
    ("Altogether how many arrests were made?", []),
    ("Globally, what share of victims are children?", []),
    ("Last year, how many seizures were reported?", []),
    ("What did the Last Mile network do?", ["Last Mile"]),
    ("How many arrests did First Light 2024 make?", ["First Light"]),
])
def test_an_opening_adverb_is_no_name(question: str, expected: list[str]) -> None:
    assert names(question) == expected


def test_a_name_remembers_the_generic_noun_the_question_puts_before_it() -> None:
    found = entities("How much has the FBI's Operation Winter Shield saved victims?")
    assert [(e.text, e.kind) for e in found] == [("FBI", ""), ("Winter Shield", "operation")]
    assert entities("How many arrests did operation Liberterra II make?")[0].kind == "operation"


@pytest.mark.parametrize("question, kind", [
    ("What was Colombia's total coca cultivation area in 2015?", "figure"),
    ("What was the gang's average age?", "figure"),
    ("What was its maximum penalty?", "figure"),
    ("What are the areas of concern?", "other"),
])
def test_a_quantity_noun_after_a_possessive_asks_for_a_figure(question: str, kind: str) -> None:
    assert answer_type(question) == kind


@pytest.mark.parametrize("question, kind", [
    ("How long is the random AES key the backdoor generates?", "figure"),
    ("How long is the sentence for trafficking?", "duration"),
    ("How long was the victim held?", "duration"),
    ("How long was the anonymised user.txt brute-force file, in lines?", "figure"),
    ("How long did the campaign run, in days?", "duration"),
])
def test_how_long_is_a_key_asks_for_a_size(question: str, kind: str) -> None:
    assert answer_type(question) == kind


def test_an_iso_currency_code_is_no_name() -> None:
    assert names("How much did Kenya lose, in KES 2 million or more?") == ["Kenya"]
    assert names("Were INR 5.65 billion traced in India?") == ["India"]


@pytest.mark.parametrize("question, kind", [
    ("How far did the Russian currency fall in value in 2014?", "figure"),
    ("how far have seizures risen since 2019?", "figure"),
    ("How far did the migrants walk to reach the coast?", "length"),
    ("How far is the camp from the border?", "length"),
])
def test_how_far_did_it_fall_asks_for_a_change_not_a_distance(question: str, kind: str) -> None:
    assert answer_type(question) == kind


@pytest.mark.parametrize("question, kind", [
    ("How fast does the agency think crime proceeds are growing each year?", "figure"),
    ("How quickly are seizures of the drug rising?", "figure"),
    ("At what rate is the illegal market expanding?", "figure"),
    ("How quickly did the gang recruit new members?", "duration"),
    ("How quickly were the victims moved across the border?", "duration"),
])
def test_how_fast_is_it_growing_asks_for_a_rate_not_a_time(question: str, kind: str) -> None:
    # "at least 5% per year" answers it; a money question would refuse the share.
    assert answer_type(question) == kind


@pytest.mark.parametrize("question, kind", [
    ("What did the 2014 breach actually end up costing?", "money"),
    ("What were the costs of the breach?", "money"),
    ("How much did the bank pay to settle the lawsuit?", "money"),
    ("How much did the gang launder through casinos?", "money"),
    ("How much did the seizure weigh?", "figure"),
])
def test_what_it_cost_asks_for_money(question: str, kind: str) -> None:
    assert answer_type(question) == kind


@pytest.mark.parametrize("question, kind", [
    ("When extortion of bus drivers took off in the 2000s, how much a month did gangs charge?",
     "figure"),
    ("After the party lost the presidency in 2000, how much more violence did towns see?",
     "figure"),
    ("In 2023, how many people were arrested?", "count"),
    ("When did the gang form?", "date"),
    ("How much was lost when the bank failed?", "money"),
    ("When a match is found, within what time must it be reported to the officer?", "duration"),
    ("When the raid ended, for how long were the suspects held?", "duration"),
    ("Within what period must the bank file the report?", "duration"),
])
def test_a_clause_that_sets_the_scene_does_not_decide_the_kind(question: str, kind: str) -> None:
    assert answer_type(question) == kind


def test_a_closing_quote_ends_a_name() -> None:
    assert names("On how many counts was 'Ugly Gorilla' Wang Dong indicted?") == [
        "Ugly Gorilla", "Wang Dong"]


def test_a_quoted_nickname_inside_a_name_leaves_one_name() -> None:
    assert names("How long a prison term did William “Tae” Harris receive?") == [
        "William Harris"]
    assert names('Police located William "Tae" Harris in El Paso.') == [
        "Police", "William Harris", "El Paso"]


def test_an_ip_address_is_one_name_not_a_decimal() -> None:
    found = names("How many unique domains has the busy IP 50.63.202.94 hosted since 2012?")
    assert "50.63.202.94" in found
    assert not any(n.startswith("IP 50") for n in found)


def test_a_short_acronym_matches_its_plural() -> None:
    ip = entities("How many victim IP addresses did they observe?")[0]
    assert ip.text == "IP" and ip.pattern().search(" " + " ".join(tokens("victims’ IPs")) + " ")


def test_a_contraction_of_a_name_takes_no_plural() -> None:
    west = Entity("West Africa", ("west", "africa"), variants=[("wa",)])
    assert west.pattern().search(" wa ") and not west.pattern().search(" was ")


def test_a_brand_written_with_a_small_first_letter_is_one_name() -> None:
    # "eBay" is not "Bay": a name starts at its word's start.
    assert names("How many customers did eBay warn after its 2014 breach?") == ["eBay"]
    assert names("Did iPhone users in the US lose money?") == ["iPhone", "US"]



@pytest.mark.parametrize("question, cited", [
    ("How many, according to the Dutch National Rapporteur's paper on prostitution?",
     ["Dutch National Rapporteur"]),
    ("In what year, as noted in the Dutch Rapporteur's review of studies?", ["Dutch Rapporteur"]),
    ("How many children work, per the ILO report?", ["ILO"]),
    ("What did the Dutch National Threat Assessment count?", ["Dutch National Threat Assessment"]),
    # A possessive alone is no source: "Amsterdam's prostitution sector".
    ("How many sex workers work in Amsterdam's prostitution sector?", []),
    ("How many arrests did INTERPOL make in Liberterra II?", []),
])
def test_cited_names_are_the_names_given_as_the_answers_source(
        question: str, cited: list[str]) -> None:
    assert analyse(question).cited == cited


def test_a_month_that_dates_the_source_is_not_asked() -> None:
    from assistant.question import asked_months

    assert asked_months("Since when, per FinCEN's March 2020 advisory?") == []
    assert asked_months("Per the March 26, 2020 advisory, what happened in May 2019?") == ["may"]
    assert asked_months("How many arrests in March 2020?") == ["march"]


@pytest.mark.parametrize("text, written", [
    ("more than 64% of the workers in Ivory Coast and 14% in Ghana are minors", True),
    ("in Ivory Coast and Ghana, most workers are minors", True),
    ("64% of the workers in Ivory Coast are minors", False),  # one of the two is no answer
])
def test_names_joined_by_and_may_be_written_apart(text: str, written: bool) -> None:
    from assistant.text import tokens

    ent = analyse("What share of workers in Ivory Coast and Ghana are minors?").entities[0]
    assert ent.text == "Ivory Coast and Ghana"
    assert ent.written_in(" " + " ".join(tokens(text)) + " ") is written


@pytest.mark.parametrize(("question", "asked", "titles"), [
    ("Per the Rapporteur's 2012 study 'Case law on trafficking in human beings 2009-2012', "
     "what share of victims were male?",
     "Per the Rapporteur's 2012 study, what share of victims were male?",
     ["Case law on trafficking in human beings 2009-2012"]),
    ("What accuracy did the paper \u201cMachine Learning Partners in Criminal Networks\u201d "
     "(Lopes, Ribeiro et al.) reach?", "What accuracy did the paper reach?",
     ["Machine Learning Partners in Criminal Networks Lopes, Ribeiro"]),
    ('Which databases did the review titled "Cyberpolicing in Canada" search?',
     "Which databases did the review search?", ["Cyberpolicing in Canada"]),
    # a news piece is cited like a report
    ("How much debt did China hold, according to the Reuters piece 'In Cyberspy vs. cyberspy, "
     "China has the edge'?", "How much debt did China hold, according to the Reuters piece?",
     ["In Cyberspy vs. cyberspy, China has the edge"]),
    # a quoted term is what is asked, not a title: no source noun before it, or one word
    ("What is the 'use = abuse doctrine' that the judges derive?",
     "What is the 'use = abuse doctrine' that the judges derive?", []),
    ('What does the report call "abuse of a position of vulnerability"?',
     'What does the report call "abuse of a position of vulnerability"?', []),
    ("Which body does the report 'Colleges' name?", "Which body does the report 'Colleges' name?",
     []),
    ("What does the report 'active monitoring' cover?",
     "What does the report 'active monitoring' cover?", []),
    # "et al." cites authors; it is no word of the question
    ("How many victims did Barrick et al. interview?", "How many victims did Barrick interview?",
     []),
])
def test_a_quoted_title_names_the_report_not_the_answer(
        question: str, asked: str, titles: list[str]) -> None:
    profile = analyse(question)
    assert (profile.text, profile.titles) == (asked, titles)
    title_words = {"case", "law", "2009", "machine", "learning", "lopes", "cyberpolicing"}
    assert not title_words & {t for e in profile.entities for t in e.seq}
    assert not title_words & set(profile.terms) and "2009" not in profile.years


@pytest.mark.parametrize(("question", "average"), [
    ("What was the average prison sentence in 2010?", True),
    ("On average, how long did the sessions last?", True),
    ("What was the mean price of a pill in 2024?", True),
    ("What median share of sales did the firms pay?", True),
    ("How many sentences were imposed in 2010?", False),
    ("What does the term 'grooming' mean?", False),
    ("What is meant by average prudence?", False),  # no figure asked
])
def test_an_average_is_asked_of_a_figure(question: str, average: bool) -> None:
    assert analyse(question).asks_average is average


def test_the_source_a_definition_is_asked_of_is_no_part_of_the_term() -> None:
    asked = analyse("What is the key message of the Rapporteur's 2012 study?")
    assert (asked.intent, asked.term) == ("define", "key message")
    asked = analyse("What are AML/CFT colleges, as described in the EBA's 2024-2025 report on "
                    "their functioning?")
    assert (asked.intent, asked.term) == ("define", "AML/CFT colleges")
    assert "function" not in asked.terms and "colleg" in asked.terms  # judged by the term
    assert analyse("What is money laundering?").term == "money laundering"
    # a long phrase left over asks for no definition
    assert analyse("What was the aim of North Korea's remote IT worker scheme described in the "
                   "report?").intent == "other"


@pytest.mark.parametrize("text, years", [
    ("From what date does Regulation (EU) 2024/1624 apply?", []),
    ("Under Directive (EU) 2015/849, who is obliged?", []),
    ("How many cases were there in 2023/24?", ["2023"]),
    ("How many cases were there in 2023/2024?", ["2023", "2024"]),
    ("How many cases were there in 2024?", ["2024"]),
])
def test_a_document_number_is_no_year(text: str, years: list[str]) -> None:
    assert analyse(text).years == years


def test_a_dotted_acronym_is_one_name_and_part_of_what_is_counted() -> None:
    profile = analyse("From how many U.S. businesses was Unit 61398 accused of stealing data?")
    assert [e.text for e in profile.entities][:1] == ["US"]
    assert profile.focus == "US businesses"
    assert [e.text for e in analyse("Which U.N. body met the U.K. envoy?").entities] == [
        "UN", "UK"]


def test_a_prefix_joined_to_a_word_stays_in_the_name() -> None:
    # "Anti-corruption Agency" is one name; "Africa-based" still names only Africa.
    assert [e.text for e in entities("What did Georgia's Anti-corruption Agency seize?")] == [
        "Georgia", "Anti-corruption Agency"]
    assert [e.text for e in entities("How many Africa-based groups were named?")] == ["Africa"]
