"""Names typed in lower case get the capitals the library gives them."""

from __future__ import annotations

from assistant.truecase import proper_words, truecase

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


def test_truecase_restores_names_and_leaves_other_words() -> None:
    proper = proper_words(TEXTS)
    assert (truecase("how many arrests did interpol make in liberterra ii?", proper)
            == "how many arrests did INTERPOL make in Liberterra II?")
    assert truecase("What did Interpol say?", proper) == "What did Interpol say?"
