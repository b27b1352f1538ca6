"""Two reports that give the same quantity different values (1,037 vs 1,307 servers).

"over 2,500" and 2,517 arrests agree (``figures.agrees`` reads qualifiers); 2,517 arrests and
850 charges count different things (``quantity.counted``). Answers and fact-checks both ask
this module, so they flag the same pairs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .figure_focus import shares_word
from .figures import Figure, agrees, comparable
from .quantity import counted
from .text import content_tokens, stem

if TYPE_CHECKING:
    from .evidence import Candidate

CONFLICT_RATIO = 0.7  # a disagreeing sentence scoring this close to the best is shown beside it
EXACT_RATIO = 0.95  # an exact figure scoring this close to a rounded one goes before it
GENERIC = frozenset(stem(w) for w in "people persons individuals suspects cases number total "
                    "figure".split())


def nouns(text: str, fig: Figure) -> list[str]:
    """Return the stems of what ``fig`` counts in ``text``, without generic words."""
    return [t for t in content_tokens(counted(text, fig)) if t not in GENERIC]


def disagree(text_a: str, a: Figure, text_b: str, b: Figure) -> bool:
    """Return True when two figures count the same named thing and neither bears out the other."""
    if not comparable(a, b) or a.kind in ("year", "date") or agrees(a, b) or agrees(b, a):
        return False
    na, nb = nouns(text_a, a), nouns(text_b, b)
    return bool(na and nb) and shares_word(na, nb)


def conflicting(best: Candidate, others: list[Candidate], kinds: set[str] | None
                ) -> Candidate | None:
    """Return the strongest sentence of another document that disagrees with ``best``."""
    mine = [f for f in best.figures if kinds is None or f.kind in kinds]
    for cand in others:
        if cand.chunk.doc_id == best.chunk.doc_id or cand.score < CONFLICT_RATIO * best.score:
            continue
        for f in cand.figures:
            if any(disagree(best.quote, m, cand.quote, f) for m in mine):
                return cand
    return None


def refines(text_a: str, a: Figure, text_b: str, b: Figure) -> bool:
    """Return True when ``b`` is the exact figure that ``a``'s rounded one stands for.

    "more than 3,200 victims" and "3,222 potential victims": same thing counted, 3,222 bears
    out "more than 3,200", and it carries no qualifier of its own.
    """
    if not a.qualifier or b.qualifier or b.approx or a.kind in ("year", "date") \
            or a.value == b.value or not agrees(a, b):
        return False
    na, nb = nouns(text_a, a), nouns(text_b, b)
    return bool(na and nb) and shares_word(na, nb)


def exact_first(best: Candidate, others: list[Candidate], kinds: set[str] | None) -> Candidate:
    """Return the close runner-up that gives ``best``'s rounded figure exactly, else ``best``.

    A reader checking a figure wants the report's exact count (3,222) before a rounded
    retelling of it ("more than 3,200"), when both answer the question about as well.
    """
    mine = [f for f in best.figures if f.qualifier and (kinds is None or f.kind in kinds)]
    if not mine:
        return best
    for cand in others:
        if cand.score < EXACT_RATIO * best.score:
            break
        if any(refines(best.quote, m, cand.quote, f) for m in mine for f in cand.figures):
            return cand
    return best
