"""The cosine thresholds on names and qualifiers hold for the real packaged MiniLM."""

from __future__ import annotations

import pytest

from assistant.embeddings import shared_embedder
from assistant.evidence import RIVAL_COSINE
from assistant.figure_focus import SAME_QUALIFIER
from assistant.names import ALIAS_MIN_COSINE

pytestmark = pytest.mark.slow

ALIAS, QUALIFIER, RIVAL = ALIAS_MIN_COSINE, SAME_QUALIFIER, RIVAL_COSINE


@pytest.mark.parametrize("threshold, one, other, above", [
    # A name no report uses matches a very close one: the same country under another name.
    (ALIAS, "Britain", "United Kingdom", True),
    (ALIAS, "Holland", "Netherlands", True),
    (ALIAS, "Burma", "Myanmar", True),
    (ALIAS, "Britain", "France", False),
    (ALIAS, "Britain", "England", False),
    (ALIAS, "Kenya", "Tanzania", False),
    # Qualifiers of a counted noun: "sex traffickers" are not "labor traffickers".
    (QUALIFIER, "labor", "sex", False),
    (QUALIFIER, "hazardous", "worst", False),
    (QUALIFIER, "female", "women", True),
    (QUALIFIER, "labour", "labor", True),
    # A place in a figure sentence that rivals the asked one; other kinds of name do not.
    (RIVAL, "Nigeria", "Democratic Republic of the Congo", True),
    (RIVAL, "Niger", "Somalia", True),
    (RIVAL, "Kenya", "Tanzania", True),
    (RIVAL, "Liberterra II", "INTERPOL", False),
    (RIVAL, "Nigeria", "Italy", False),
    (RIVAL, "Sudan", "RSF", False),
])
def test_thresholds_tell_the_pairs_apart(threshold: float, one: str, other: str,
                                         above: bool) -> None:
    vecs = shared_embedder().embed([one, other])
    assert (float(vecs[0] @ vecs[1]) >= threshold) is above


def test_the_words_around_a_date_tell_what_happened_then_in_other_words() -> None:
    """"Established in 2010" says when a bank was founded; a payment deadline does not,
    though both sentences are about the bank and neither writes "founded"."""
    from types import SimpleNamespace

    from assistant.figure_focus import said_when
    from assistant.figures import parse_figures
    from assistant.question import analyse

    def cand(quote: str) -> SimpleNamespace:
        return SimpleNamespace(quote=quote, figures=parse_figures(quote), acronyms={},
                               usable=True, dense=0.5, lex=0.2)

    founded = cand("The bank was established in 2010 and offers retail services.")
    paid = cand("The bank must pay the penalty in full by 26 November 2024.")
    said = said_when(SimpleNamespace(embedder=shared_embedder()),
                     analyse("In what year was the bank founded?"), [paid, founded])
    assert said[id(founded)] > said[id(paid)] + 0.2
