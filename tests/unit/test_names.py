"""Names as the library writes them: acronyms, written-out forms, ordinary words, close names."""

from __future__ import annotations

import numpy as np

from assistant.ingest.library import NAME_SHARE
from assistant.names import (
    acronym_variants,
    contractions,
    expansions,
    initials,
    is_ordinary,
    lower_expansions,
    misspellings,
    one_letter_off,
    with_variants,
)
from assistant.question import Entity, analyse
from assistant.text import tokens
from assistant.truecase import WordStats


def ent(text: str) -> Entity:
    return Entity(text, tuple(tokens(text)))


def test_acronyms_are_read_from_the_text_that_spells_them() -> None:
    found = expansions("The United Nations Convention against Transnational Organized Crime")
    assert found["UN"] == "United Nations"
    assert found["UNC"] == "United Nations Convention"


def test_an_acronym_may_keep_the_of_of_its_written_out_name() -> None:
    assert expansions("the Department of Labor report")["DOL"] == "Department of Labor"
    assert expansions("the Department of Labor report")["DL"] == "Department of Labor"
    assert {"DOL", "DL"} <= initials("the U.S. Department of Labor report")


def test_each_part_of_a_joined_name_spells_its_own_initials() -> None:
    found = initials("the Counterterrorism Center of the State Security Service opened")
    assert {"SSS", "CC", "CCSSS"} <= found


def test_written_out_names_are_also_tried_as_initials() -> None:
    assert "UN Convention" in contractions("United Nations Convention")
    seqs = acronym_variants(ent("UN Convention"),
                            expansions("the United Nations Convention was signed"))
    assert tuple(tokens("United Nations Convention")) in seqs


def test_a_capitalised_word_the_library_writes_in_lower_case_is_not_a_name() -> None:
    lower = frozenset({"drawn", "sample"})
    proper = {"interpol": "INTERPOL", "chad": "Chad"}
    assert is_ordinary(ent("Drawn"), lower, proper)
    assert not is_ordinary(ent("Chad"), lower, proper)  # written as a name
    assert not is_ordinary(ent("Britain"), lower, proper)  # never written at all
    assert not is_ordinary(ent("WCO"), lower | {"wco"}, proper)  # an acronym


def test_a_name_a_careless_reference_writes_small_is_still_a_name() -> None:
    # Four capitalised uses against two small ones in reference titles ("the cases of Ciudad
    # Juárez and monterrey"): a city, not an ordinary word, though too mixed to truecase.
    texts = ["An attack on a casino in Monterrey killed many.", "Firms in Monterrey pay.",
             "Police in Monterrey said so.", "Unlike Monterrey, the town was calm.",
             "Shirk D (2014) The cases of Ciudad Juárez and monterrey. In: Security.",
             "Corcoran P (2012) Zetas bruised, but monterrey still suffers. Insight.",
             "The sample was drawn from firms. Data were drawn again.", "Drawn Together"]
    stats = WordStats(texts)
    named = stats.proper(share=NAME_SHARE)
    lower = frozenset(stats.lower_forms)
    assert "monterrey" not in stats.proper()  # too mixed to write a typed name in capitals
    assert not is_ordinary(ent("Monterrey"), lower, named)
    assert is_ordinary(ent("Drawn"), lower, named)


def fake_embed(table: dict[str, list[float]]):  # type: ignore[no-untyped-def]
    def embed(texts: list[str]) -> dict[str, np.ndarray]:
        out = {}
        for t in texts:
            v = np.array(table.get(t, [0.0, 0.0, 1.0]))
            out[t] = v / np.linalg.norm(v)
        return out
    return embed


def test_a_name_no_report_uses_takes_a_very_close_name_from_the_passages() -> None:
    profile = analyse("How many victims did Britain identify?")
    embed = fake_embed({"Britain": [1, 0, 0], "United Kingdom": [0.95, 0.05, 0],
                        "France": [0.6, 0.8, 0]})
    text = "The United Kingdom identified 17,000 victims, France 3,000."
    out = with_variants(profile, [text], seen=lambda t: t != "britain", proper={},
                        lower=frozenset(), embed=embed)
    britain = next(e for e in out.entities if e.text == "Britain")
    assert britain.variants == [tuple(tokens("United Kingdom"))]
    assert britain.pattern().search(" " + " ".join(tokens(text)) + " ")


def test_a_name_the_library_uses_gets_no_embedding_variants() -> None:
    profile = analyse("How many victims did North Africa detect?")
    calls: list[list[str]] = []

    def embed(texts: list[str]) -> dict[str, np.ndarray]:
        calls.append(texts)
        return {t: np.ones(3) / np.sqrt(3) for t in texts}

    out = with_variants(profile, ["Sub-Saharan Africa detected 500 victims."],
                        seen=lambda t: True, proper={}, lower=frozenset(), embed=embed)
    assert calls == []
    assert all(len(v) == 1 for e in out.entities for v in e.variants)  # initials only


def test_lower_case_words_spell_an_acronym_of_three_letters_or_more() -> None:
    found = lower_expansions("reports of conflict-related sexual violence in the region")
    assert found["CRSV"] == "conflict related sexual violence"
    assert "RS" not in found  # two ordinary words would spell too much


def test_an_acronym_the_library_never_writes_matches_its_spelled_out_form() -> None:
    profile = analyse("How many cases of CRSV did the UN verify in 2024?")
    text = "In 2024 the UN verified 4,600 cases of conflict-related sexual violence."
    out = with_variants(profile, [text], seen=lambda t: t != "crsv", proper={},
                        lower=frozenset(), embed=fake_embed({}))
    crsv = next(e for e in out.entities if e.text == "CRSV")
    assert crsv.pattern().search(" " + " ".join(tokens(text)) + " ")


def test_a_short_acronym_the_library_writes_is_not_read_into_ordinary_words() -> None:
    profile = analyse("How many seizures did the WCO record in 2024?")
    out = with_variants(profile, ["seizures made when customs officers checked"],
                        seen=lambda t: True, proper={}, lower=frozenset(),
                        embed=fake_embed({}))
    wco = next(e for e in out.entities if e.text == "WCO")
    assert wco.variants == []


def test_a_long_acronym_is_read_in_its_spelled_out_form_even_where_reports_write_it() -> None:
    profile = analyse("How many prosecutors came to the conference on CRSV accountability?")
    text = ("In March 2024, in The Hague, the Team organized the first international conference "
            "of prosecutors on accountability for conflict-related sexual violence, which "
            "brought together over 50 prosecutors.")
    out = with_variants(profile, [text], seen=lambda t: True, proper={}, lower=frozenset(),
                        embed=fake_embed({}))
    crsv = next(e for e in out.entities if e.text == "CRSV")
    assert crsv.pattern().search(" " + " ".join(tokens(text)) + " ")


def test_a_long_name_matches_a_spelling_one_letter_off() -> None:
    profile = analyse("On what date was an officer killed in Artibonite?")
    out = with_variants(profile, ["An officer was killed in Segur area in Artbonite on 23 May."],
                        seen=lambda t: True, proper={}, lower=frozenset(),
                        embed=lambda texts: {})
    assert out.entities[0].pattern().search(" in artbonit on ")
    assert one_letter_off("kazakhstan", "kazakstan") and one_letter_off("artbonit", "artibonit")
    assert not one_letter_off("abcd", "abdc") and not one_letter_off("same", "same")
    # a shorter name has siblings one letter off: "Colombia" is no "Columbia"
    assert misspellings(tuple(tokens("Colombia")), frozenset(tokens("British Columbia"))) == []
    assert misspellings(tuple(tokens("Artibonite")), frozenset(tokens("Artibonite"))) == []


def test_names_joined_by_and_that_the_passages_never_write_whole_are_two() -> None:
    profile = analyse("What did the court decide about Russia and Georgia's occupied regions?")
    text = "The court found the Russian Federation in control of the occupied regions."
    out = with_variants(profile, [text], seen=lambda t: True, proper={}, lower=frozenset(),
                        embed=lambda texts: {})
    assert [e.text for e in out.entities] == ["Russia", "Georgia"]


def test_a_name_joined_by_and_that_the_passages_write_whole_stays_one() -> None:
    profile = analyse("How many victims did Bosnia and Herzegovina identify?")
    text = "Bosnia and Herzegovina identified 40 victims."
    out = with_variants(profile, [text], seen=lambda t: True, proper={}, lower=frozenset(),
                        embed=lambda texts: {})
    assert [e.text for e in out.entities] == ["Bosnia and Herzegovina"]


def test_the_authors_of_a_cited_source_stay_one_name() -> None:
    profile = analyse("According to Huey and Ferguson, how many studies came from criminology?")
    out = with_variants(profile, ["Most of the studies came from criminology."],
                        seen=lambda t: True, proper={}, lower=frozenset(),
                        embed=lambda texts: {})
    assert [e.text for e in out.entities] == ["Huey and Ferguson"]
