"""The close-name threshold holds for the real packaged MiniLM."""

from __future__ import annotations

import pytest

from assistant.embeddings import shared_embedder
from assistant.names import ALIAS_MIN_COSINE

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name, other, same", [
    ("Britain", "United Kingdom", True),
    ("Holland", "Netherlands", True),
    ("Burma", "Myanmar", True),
    ("Britain", "France", False),
    ("Britain", "England", False),
    ("Kenya", "Tanzania", False),
])
def test_close_names_are_variants_and_neighbours_are_not(name: str, other: str,
                                                         same: bool) -> None:
    vecs = shared_embedder().embed([name, other])
    assert (float(vecs[0] @ vecs[1]) >= ALIAS_MIN_COSINE) is same


@pytest.mark.parametrize("asked, told, same", [
    ("labor", "sex", False),
    ("hazardous", "worst", False),
    ("female", "women", True),
    ("labour", "labor", True),
])
def test_qualifiers_of_a_counted_noun_are_told_apart_by_the_model(asked: str, told: str,
                                                                  same: bool) -> None:
    from assistant.evidence import SAME_QUALIFIER

    vecs = shared_embedder().embed([asked, told])
    assert (float(vecs[0] @ vecs[1]) >= SAME_QUALIFIER) is same


@pytest.mark.parametrize("asked, told, rival", [
    ("Nigeria", "Democratic Republic of the Congo", True),
    ("Niger", "Somalia", True),
    ("Kenya", "Tanzania", True),
    ("Liberterra II", "INTERPOL", False),
    ("Nigeria", "Italy", False),
    ("Sudan", "RSF", False),
])
def test_rival_places_are_told_from_other_names_by_the_model(asked: str, told: str,
                                                             rival: bool) -> None:
    from assistant.evidence import RIVAL_COSINE

    vecs = shared_embedder().embed([asked, told])
    assert (float(vecs[0] @ vecs[1]) >= RIVAL_COSINE) is rival
