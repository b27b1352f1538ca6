"""Names typed in lower case get the capitals the library gives them."""

from __future__ import annotations

import random
import string

from assistant.truecase import WordStats, correct_spelling, proper_words, truecase, word_counts

TEXTS = [
    "Police in North Africa worked with INTERPOL. The operation Liberterra II ran for a week.",
    "INTERPOL said Liberterra II found victims in North Africa. Officers from the north came.",
    "Arrests rose. Arrests fell in the north of the region, said INTERPOL and UNODC and UNODC.",
]


def test_words_the_library_capitalises_mid_sentence_are_names() -> None:
    proper = proper_words(TEXTS)
    assert proper["interpol"] == "INTERPOL"
    assert proper["liberterra"] == "Liberterra" and proper["ii"] == "II"
    assert proper["unodc"] == "UNODC"
    assert "north" not in proper  # "North Africa" twice, but "the north" twice as well
    assert "arrests" not in proper  # capitalised only at the start of sentences


def test_addresses_do_not_write_a_name_in_lower_case() -> None:
    stats = WordStats(["Zubair Khan founded the firm. Mail zubair@firm.example or see "
                       "https://www.interpol.int/news and www.interpol.int for INTERPOL news.",
                       "Later, Zubair Khan left."])
    assert stats.written_small("zubair") == 0
    assert stats.written_small("interpol") == 0
    assert stats.written_small("news") == 1  # the words around an address still count


def test_truecase_restores_names_and_leaves_other_words() -> None:
    proper = proper_words(TEXTS)
    assert (truecase("how many arrests did interpol make in liberterra ii?", proper)
            == "how many arrests did INTERPOL make in Liberterra II?")
    assert truecase("What did Interpol say?", proper) == "What did Interpol say?"


VOCABULARY = {"arrests": 40, "arrest": 12, "operation": 30, "operations": 9, "trafficking": 25,
              "liberterra": 8, "victims": 20, "vicars": 1}


def test_typos_are_corrected_to_the_library_word() -> None:
    assert (correct_spelling("How many arests did the opration make?", VOCABULARY)
            == "How many arrests did the operation make?")


def test_correction_keeps_the_capitals_typed() -> None:
    assert (correct_spelling("ARESTS in Libertera? Opration!", VOCABULARY)
            == "ARRESTS in Liberterra? Operation!")


def test_swapped_letters_and_long_words_two_edits_off() -> None:
    assert correct_spelling("victmis of trafikcing", VOCABULARY) == "victims of trafficking"


def test_numbers_known_and_short_words_are_left_alone() -> None:
    question = "Did arest2 or G7 make 2,517 arrests in 2023 (opn)?"
    assert correct_spelling(question, VOCABULARY) == question
    # Not in the library and more than one edit away from any word: left as typed.
    assert correct_spelling("How many servers?", VOCABULARY) == "How many servers?"


def test_equally_frequent_candidates_are_not_guessed() -> None:
    assert correct_spelling("bxxxxx", {"bxxxxa": 3, "bxxxxb": 3}) == "bxxxxx"
    assert correct_spelling("bxxxxx", {"bxxxxa": 3, "bxxxxb": 4}) == "bxxxxb"


def test_word_counts_count_lower_cased_words_only() -> None:
    assert word_counts(["Arrests rose: 2,517 arrests.", "G7 arrests"]) == {"arrests": 3, "rose": 1}


def test_correction_works_on_a_large_vocabulary() -> None:
    # Speed is a benchmark matter; this checks the edit-candidate path on a big vocabulary.
    rng = random.Random(7)
    big = {"".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 14))): rng.randint(1, 99)
           for _ in range(50_000)}
    big.update(VOCABULARY)
    question = "How many arests did the opration make against trafikcing networks in 2023?"
    assert correct_spelling(question, big).startswith("How many arrests did the operation")


def test_valid_words_the_library_lacks_are_not_corrected() -> None:
    # Short words have too many neighbours ("ships" / "shops"); another form of a word the
    # library uses ("promise" / "promised") is no typo.
    vocab = {"shops": 9, "promised": 4, "arrests": 5}
    assert correct_spelling("How many ships?", vocab) == "How many ships?"
    assert correct_spelling("What did they promise?", vocab) == "What did they promise?"
    assert correct_spelling("How many arests?", vocab) == "How many arrests?"


def test_a_form_of_a_word_the_library_uses_is_not_turned_into_its_neighbour() -> None:
    # "costing" is one edit from "hosting", but the library writes "cost": no typo.
    vocab = {"hosting": 7, "cost": 5, "costs": 3, "arrests": 5}
    assert correct_spelling("What did the breach end up costing?", vocab) \
        == "What did the breach end up costing?"
    assert correct_spelling("How many arests?", vocab) == "How many arrests?"


def test_another_ending_of_a_library_word_is_no_typo() -> None:
    vocabulary = {"geolocation": 3, "relocated": 5, "trafficking": 25}
    # "geolocated" is one edit from "relocated", but the library writes its root as
    # "geolocation": the user typed a word in another form, not a typo.
    assert correct_spelling("IPs that geolocated to Korea", vocabulary) == (
        "IPs that geolocated to Korea")
    # "king" is no ending: "trafficing" is still a typo of "trafficking".
    assert correct_spelling("trafficing", vocabulary) == "trafficking"
