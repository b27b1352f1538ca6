"""Letters a PDF font drew as one glyph mapped to a stray symbol ("a!ack" for "attack")."""

from __future__ import annotations

from assistant.ingest.glyphs import learn, repair, restore, restore_words
from assistant.models import LoadedDocument, Page

VOCABULARY = frozenset("""attack attacks attachment attorney settings pretty matter often after
    craft software shift first file files field finance financial identified modified defined
    significant profit the group was by its in a and of to for report""".split())

GARBLED = ("The group's a!acks were pre!y fast. The a!orney said se!ings ma!er. "
           "It was #rst identi#ed in a #le; other #les were modi#ed. Its #nancial gain was "
           "signi#cant. They o$en cra$ed so$ware a$er a shi$ of plans and a$er a failed run.")


def test_the_letters_of_each_symbol_are_learned_from_the_words_they_make() -> None:
    assert learn(GARBLED, VOCABULARY) == {"!": "tt", "#": "fi", "$": "ft"}


def test_the_words_are_written_back() -> None:
    text = restore(GARBLED, learn(GARBLED, VOCABULARY), VOCABULARY)
    assert "attacks were pretty fast" in text
    assert "first identified in a file" in text
    assert "often crafted software after a shift" in text
    assert not set("!#$") & set(text)


def test_ordinary_punctuation_is_left_alone() -> None:
    text = ('Prices rose by $5 million (US$12 in all)! The "Carbanak" group, AT&T and R&D '
            'were named; "often" is a word, and so is "attack". Format %d and %s strings stay.')
    assert learn(text, VOCABULARY) == {}
    assert restore(text, {}, VOCABULARY) == text


def test_a_quote_before_a_name_stays_where_the_symbol_is_a_glyph() -> None:
    # Once "!" is read as "tt", it is rewritten inside words, but kept where it ends a
    # sentence before a name and makes no word there.
    letters = learn(GARBLED, VOCABULARY)
    assert restore("Stop! Carbanak a!acked.", letters, VOCABULARY) == "Stop! Carbanak attacked."


def test_a_document_without_stray_symbols_is_returned_as_it_is() -> None:
    doc = LoadedDocument("r.pdf", "Report", [Page(1, "A plain page about an attack.")], b"", "pdf")
    assert repair(doc, VOCABULARY) is doc


def test_repair_rewrites_every_page_and_the_title() -> None:
    doc = LoadedDocument("r.pdf", "A!ack report", [Page(1, GARBLED), Page(2, "Then a!acks.")],
                         b"", "pdf")
    fixed = repair(doc, VOCABULARY)
    assert fixed.title == "Attack report"
    assert fixed.pages[1].text == "Then attacks."
    assert "first identified" in fixed.pages[0].text


def test_a_symbol_for_several_letter_groups_is_read_word_by_word() -> None:
    # '"' stands for "ffi" in one word and "fi" in another, and "&" sits in two words only:
    # neither is learned for the whole document, but each word has one known reading.
    known = frozenset("affiliates different efforts exfiltration office traffic".split())
    text = 'The a"liates used di&erent tools; e&orts at ex"ltration hit the o"ce tra"c.'
    assert learn(text, known) == {}
    assert restore_words(text, known) == (
        "The affiliates used different tools; efforts at exfiltration hit the office traffic.")


def test_code_and_names_with_symbols_stay_as_they_are() -> None:
    known = VOCABULARY | {"action", "cc"}
    text = 'See page.php?id=4&action=view, the C&C server, c&c, AT&T, R&D and "often" %d.'
    assert restore_words(text, known) == text


def test_repair_reads_words_no_symbol_was_learned_for() -> None:
    doc = LoadedDocument("r.pdf", "Report", [Page(1, "Its a\"liates made di&erent plans.")],
                         b"", "pdf")
    fixed = repair(doc, frozenset({"affiliates", "different", "plans"}))
    assert fixed.pages[0].text == "Its affiliates made different plans."
