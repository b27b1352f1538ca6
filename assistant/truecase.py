"""Restore the capitals and spelling of words a user typed, from how the library writes them."""

from __future__ import annotations

import re
import string
from collections import Counter
from collections.abc import Iterable, Mapping

from .question import NOT_NAMES
from .text import STOPWORDS, stem

WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
NUMBERED = re.compile(r"\b([A-Z][\w'’-]*\s+)(ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)\b")
SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")
# An e-mail or web address is no use of its words: "zubair@tranchulas.com" does not write the
# given name "Zubair" in lower case, nor "www.interpol.int" the name "INTERPOL".
ADDRESS = re.compile(r"\S+@\S+|(?:https?://|www\.)\S+", re.I)


class WordStats:
    """Word counts of a library's texts, kept up to date as texts are added.

    ``proper``, ``counts`` and ``lower`` derive from counters, so adding a document costs only
    its own words, never a new pass over the whole library.
    """

    def __init__(self, texts: Iterable[str] = ()) -> None:
        """Count ``texts``."""
        self.forms: dict[str, Counter[str]] = {}
        self.total: Counter[str] = Counter()  # mid-sentence uses, by lower-cased word
        self.all: Counter[str] = Counter()  # every use, by lower-cased word
        self.lower_forms: set[str] = set()  # words written in lower case somewhere
        self.add(texts)

    def add(self, texts: Iterable[str]) -> None:
        """Count more texts."""
        for text in texts:
            text = ADDRESS.sub(" ", text)
            for m in WORD.finditer(text):
                if SENTENCE_START.search(text, max(0, m.start() - 3), m.start()):
                    continue
                word = m.group(0)
                key = word.lower()
                self.total[key] += 1
                if word[0].isupper():
                    self.forms.setdefault(key, Counter())[word] += 1
            self.all.update(m.group(0).lower() for m in LETTERS.finditer(text))
            self.lower_forms.update(re.findall(r"\b[a-z][a-z'-]+\b", text))

    def written_small(self, key: str) -> int:
        """Return how often the texts write ``key`` in lower case inside a sentence."""
        return self.total[key] - sum(self.forms.get(key, {}).values())

    def proper(self, min_count: int = 2, share: float = 0.8) -> dict[str, str]:
        """Return, by lower-cased word, how the texts write words they nearly always capitalise.

        Words at the start of a sentence are not counted: there every word is capitalised.
        """
        out = {}
        for key, seen in self.forms.items():
            if (len(key) >= 2 and self.total[key] >= min_count
                    and sum(seen.values()) >= share * self.total[key]):
                out[key] = seen.most_common(1)[0][0]
        return out


def proper_words(texts: Iterable[str], min_count: int = 2, share: float = 0.8) -> dict[str, str]:
    """Return, by lower-cased word, how the texts write words they nearly always capitalise."""
    return WordStats(texts).proper(min_count, share)


def truecase(question: str, proper: dict[str, str]) -> str:
    """Write the lower-case words of ``question`` the way the library writes them as names."""

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        return proper.get(word, word) if word.islower() else word

    # A numeral after a name is part of it: "Liberterra iii" -> "Liberterra III".
    return NUMBERED.sub(lambda m: m.group(1) + m.group(2).upper(), WORD.sub(fix, question))


LETTERS = re.compile(r"\b[^\W\d_]+\b")  # letters only: "2023" and "G7" are left alone
MIN_LENGTH = 6  # shorter words have too many neighbours to guess from ("ships" -> "shops")
LONG = 9  # words this long may be two edits off ("trafficing" -> "trafficking")
ALWAYS_KNOWN = STOPWORDS | NOT_NAMES  # a small library may lack "which" or "whose"


def word_counts(texts: Iterable[str]) -> dict[str, int]:
    """Count the lower-cased words of ``texts``: a vocabulary for ``correct_spelling``."""
    return dict(WordStats(texts).all)


def correct_spelling(question: str, vocabulary: Mapping[str, int]) -> str:
    """Replace the misspelt words of ``question`` with the library's nearest word.

    A word is corrected only when it has at least five letters, is not in the vocabulary and
    exactly one most frequent vocabulary word lies one edit away (insertion, deletion,
    substitution or swap of neighbours); words of nine letters or more may be two edits off
    when none is one edit off. Numbers, known words, short words and other forms of a word
    the library writes ("costing" beside "cost") are left as typed.

    Args:
        question: The question as the user typed it.
        vocabulary: Lower-case word -> how often the library's text uses it.

    Returns:
        The question with its corrections, capitalised as the user wrote each word.
    """

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        key = word.lower()
        if len(key) < MIN_LENGTH or key in vocabulary or key in ALWAYS_KNOWN:
            return word
        if _another_form_known(key, vocabulary):
            return word  # "costing" where the library writes "cost": no typo for "hosting"
        best = _most_frequent(_edits(key) & vocabulary.keys(), vocabulary)
        if best is None and len(key) >= LONG:
            best = _most_frequent(_two_edits(key, vocabulary), vocabulary)
        if best is None or stem(best) == stem(key):
            return word  # another form of the same word ("promise" / "promised") is no typo
        return _same_case(best, word)

    return LETTERS.sub(fix, question)


# Endings that make another word of the same root: "geolocated" / "geolocation".
SUFFIXES = ("ations", "ation", "ions", "ion", "ated", "ates", "ate", "ed", "ing", "ers", "er",
            "ors", "or", "ments", "ment", "ally", "al", "ly", "ive", "ity", "s", "")
MIN_ROOT = 5


def _another_form_known(key: str, vocabulary: Mapping[str, int]) -> bool:
    """Return True when the library writes another form of ``key``: the same stem, or the
    same root with another ending ("geolocated" where the library writes "geolocation"; but
    "trafficing" is no form of "trafficking": "king" is no ending)."""
    root = stem(key)
    if len(root) >= 4 and any(stem(w) == root for w in vocabulary if w.startswith(root[:4])):
        return True
    roots = {key[:-len(end)] for end in SUFFIXES if end and key.endswith(end)
             and len(key) - len(end) >= MIN_ROOT}
    return any(w[len(r):] in SUFFIXES for r in roots for w in vocabulary
               if w.startswith(r) and w != key)


def _most_frequent(candidates: Iterable[str], vocabulary: Mapping[str, int]) -> str | None:
    ranked = sorted(candidates, key=lambda w: vocabulary[w], reverse=True)
    if not ranked or (len(ranked) > 1 and vocabulary[ranked[0]] == vocabulary[ranked[1]]):
        return None  # a tie is a guess: leave the word as typed
    return ranked[0]


def _same_case(word: str, like: str) -> str:
    if like.isupper():
        return word.upper()
    return word[0].upper() + word[1:] if like[0].isupper() else word


def _deletes(word: str) -> list[str]:
    return [word[:i] + word[i + 1:] for i in range(len(word))]


def _edits(word: str) -> set[str]:
    """Return the strings one Damerau-Levenshtein edit away from ``word``."""
    letters = set(string.ascii_lowercase) | set(word)
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = set(_deletes(word))
    out.update(a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    out.update(a + c + b[1:] for a, b in splits if b for c in letters)
    out.update(a + c + b for a, b in splits for c in letters)
    out.discard(word)
    return out


def _two_edits(word: str, vocabulary: Mapping[str, int]) -> set[str]:
    """Return the vocabulary words two edits away from ``word``.

    Generating all edits of all edits is too slow for long words, so the second edit is
    looked up in an index of the vocabulary's words with one letter deleted.
    """
    index = _deletion_index(vocabulary)
    found: set[str] = set()
    for near in _edits(word):
        found.update(index.get(near, ()))  # the word has one more letter than ``near``
        for shorter in _deletes(near):
            if shorter in vocabulary:
                found.add(shorter)
            found.update(index.get(shorter, ()))  # a substitution or a swap
    return {w for w in found if _distance(word, w) <= 2}


_INDEX: list[tuple[Mapping[str, int], int, dict[str, list[str]]]] = []


def _deletion_index(vocabulary: Mapping[str, int]) -> dict[str, list[str]]:
    """Return (and keep for the next question) the long vocabulary words by deletion."""
    if _INDEX and _INDEX[0][0] is vocabulary and _INDEX[0][1] == len(vocabulary):
        return _INDEX[0][2]
    index: dict[str, list[str]] = {}
    for w in vocabulary:
        if len(w) >= LONG - 2:  # nothing shorter is two edits from a long word
            for d in set(_deletes(w)):
                index.setdefault(d, []).append(w)
    _INDEX[:] = [(vocabulary, len(vocabulary), index)]
    return index


def _distance(a: str, b: str) -> int:
    """Return the Damerau-Levenshtein (optimal string alignment) distance of two words."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]
