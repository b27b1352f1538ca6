"""Tests for the acronyms a document defines and sentences read with them spelled out."""

from __future__ import annotations

from assistant.acronyms import asked_acronyms, defined_acronyms, spell_out, used_in

TEXT = ("FinCEN reviewed suspicious activity reports (SARs) and answers from environmental "
        "agencies (EAs), the Department of Labor (DOL) and anti-money laundering (AML) teams. "
        "See the annex (UNODC). Later the SARs (SAR) were counted.")


def test_a_long_form_before_its_bracket_defines_the_acronym() -> None:
    found = defined_acronyms(TEXT)
    assert found == {"SAR": "suspicious activity reports", "EA": "environmental agencies",
                     "DOL": "Department of Labor", "AML": "anti money laundering"}


def test_a_bracket_whose_words_do_not_spell_it_defines_nothing() -> None:
    assert "UNODC" not in defined_acronyms(TEXT)
    assert defined_acronyms("It was found in the port (WCO) last year.") == {}


def test_a_sentence_is_read_with_its_acronyms_spelled_out() -> None:
    acronyms = defined_acronyms(TEXT)
    quote = "The dataset holds 212 SARs and 29 responses from EAs."
    used = used_in(quote, acronyms)
    assert set(used) == {"SAR", "EA"}
    assert spell_out(quote, used) == (
        "The dataset holds 212 SARs (suspicious activity reports) and 29 responses from EAs "
        "(environmental agencies).")
    assert spell_out("212 SARs filed", used, keep=False) == "212 suspicious activity reports filed"


def test_a_word_that_only_starts_like_an_acronym_is_left_alone() -> None:
    acronyms = {"EA": "environmental agencies"}
    assert used_in("EACH case", acronyms) == {}
    assert spell_out("EACH case", acronyms) == "EACH case"


def test_letters_inside_a_word_spell_an_acronym_but_its_first_letter_opens_a_word() -> None:
    found = defined_acronyms("Gameover Zeus (GOZ) was a botnet run for the Office of "
                             "Management and Budget (OMB).")
    assert found == {"GOZ": "Gameover Zeus", "OMB": "Office of Management and Budget"}


def test_the_initials_of_the_questions_words_are_acronyms_a_sentence_may_write() -> None:
    asked = asked_acronyms("When was Papua New Guinea's mutual evaluation report adopted "
                           "in fiscal year 2024 for trafficking in persons?")
    assert asked["MER"] == "mutual evaluation report"
    assert asked["PNG"] == "Papua New Guinea"
    assert asked["FY"] == "fiscal year"
    assert asked["TIP"] == "trafficking in persons"
    assert "GME" not in asked  # no phrase runs over a possessive
    assert "TP" not in asked  # two letters only from two words side by side
    assert "WPNG" not in asked  # nor over a question word


def test_an_acronym_the_question_writes_is_not_read_again() -> None:
    asked = asked_acronyms("How many officials did the IRS-CI International Training Team train?")
    assert "CI" not in asked and "CII" not in asked
    assert asked["ITT"] == "International Training Team"


def test_a_long_phrase_of_the_question_spells_its_acronym() -> None:
    asked = asked_acronyms("How many reports linked to online sexual abuse and exploitation of "
                           "children were filed?")
    assert asked["OSAEC"] == "online sexual abuse and exploitation of children"
