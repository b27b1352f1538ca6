"""The people a question asks about, and a sentence that is about another person instead.

"What is Alisher Usmanov's net worth?" is not answered by "Vekselberg is a prominent Russian
businessman with an estimated net worth exceeding $6 billion", however near the two stand in
the report: the sentence opens on another person, and its figure is that person's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .question import Entity, QuestionProfile
from .text import STOPWORDS, tokens

_CAPITALISED = re.compile(r"[A-Z][a-z]+")
_OPENING = " \t\n\"“‘'("  # what may stand before a sentence's first word
_ARTICLE = re.compile(r"The\s+")


def opening_name(quote: str, names: tuple[Entity, ...], article: bool = False
                 ) -> Entity | None:
    """Return the first of a sentence's ``names`` when the sentence opens on it (after an
    opening quote or bracket, and with ``article`` a "The"), else None."""
    if not names:
        return None
    at = len(quote) - len(quote.lstrip(_OPENING))
    if article and (m := _ARTICLE.match(quote, at)):
        at = m.end()
    return names[0] if quote.startswith(names[0].text, at) else None


class Persons:
    """The asked names that read as a person's: a given name and a surname.

    A given name is a word the library never writes in lower case inside a sentence
    ("William", "Mukhtar"), unlike the first word of a place or body ("North Africa",
    "Security Council"). An e-mail address ("william.taylor@...") is no such use.
    """

    def __init__(self, profile: QuestionProfile, written_small: Callable[[str], int],
                 written_large: Callable[[str], int]) -> None:
        self.written_small = written_small
        self.written_large = written_large
        self.asked = frozenset(
            e.seq for e in profile.entities
            if 2 <= len(e.seq) <= 3 and not e.kind and not e.acronym
            and _CAPITALISED.fullmatch(e.text.split()[0]) and not written_small(e.text.split()[0]))

    def __contains__(self, seq: object) -> bool:
        return seq in self.asked

    def proper(self, word: str) -> bool:
        """Return True when the library writes ``word`` capitalised inside sentences, and
        never in lower case: a name's word ("UK", "Vekselberg"), not "Police"."""
        return bool(self.written_large(word)) and not self.written_small(word)

    def _proper(self, word: str) -> bool:
        return bool(_CAPITALISED.fullmatch(word)) and self.proper(word)

    def other_opens(self, ent: Entity, quote: str, names: tuple[Entity, ...],
                    doc_words: str) -> bool:
        """Return True when ``quote`` opens on another person than the asked ``ent``: a name
        of two or three proper words ("Viktor Vekselberg"), or a surname the report writes
        after a given name elsewhere ("Vekselberg", for "Viktor Vekselberg")."""
        if ent.seq not in self.asked:
            return False
        lead = opening_name(quote, names)
        if lead is None or set(lead.seq) & set(ent.seq):
            return False
        words = lead.text.split()
        if 2 <= len(words) <= 3:
            return all(self._proper(w) for w in words)
        if len(words) != 1 or not self._proper(words[0]):
            return False
        surname = tokens(words[0])[0]
        return any(g not in STOPWORDS and self.proper(g)
                   for g in set(re.findall(rf"(\w+) {re.escape(surname)}\b", doc_words)))
