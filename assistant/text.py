"""Word-level text helpers shared by the sparse index and evidence scoring."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ACCENT = re.compile("[\u0300-\u036f]")  # the combining accents that NFD splits from letters
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:[.,]\d+)*")

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    many much according did say says said tell show give gave report reports reported per also
    s t than via against across within among around throughout toward towards upon""".split()
)


# A word's clitic is no part of it: "they'd" is "they", "didn't" is "did".
CLITIC = re.compile(r"(?:['’](?:s|d|ve|re|ll|m)|n['’]t)$")


@lru_cache(maxsize=1 << 17)  # the same words recur in every passage and question
def stem(word: str) -> str:
    """Return a crude stem, enough to match 'arrests', 'arrested' and 'arrest'."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def unaccented(text: str) -> str:
    """Return ``text`` with its letters' accents dropped: "Medellín" is "Medellin".

    Reports and questions write foreign names with and without accents, and some PDFs keep an
    accent as a character of its own after its letter; either way the word is the same one.
    """
    if text.isascii():
        return text
    return ACCENT.sub("", unicodedata.normalize("NFD", text))


def tokens(text: str, drop_stopwords: bool = False) -> list[str]:
    """Return lower-cased, stemmed tokens; numbers lose their thousands separators.

    Accented letters count as their plain ones (see ``unaccented``).
    """
    out = []
    for m in WORD.finditer(unaccented(text)):
        w = m.group(0)
        if w[0].isdigit():
            out.append(w.replace(",", ""))
            continue
        w = w.lower()
        if "'" in w or "’" in w:  # most words have none: no regex pass for them
            w = CLITIC.sub("", w) or w
        if drop_stopwords and w in STOPWORDS:
            continue
        out.append(stem(w))
    return out


def content_tokens(text: str) -> list[str]:
    """Return stemmed tokens without stop words."""
    return tokens(text, drop_stopwords=True)
