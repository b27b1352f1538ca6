"""Restore the capitals of names a user typed in lower case, from how the library writes them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
NUMBERED = re.compile(r"\b([A-Z][\w'’-]*\s+)(ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)\b")
SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n\s*)$")


def proper_words(texts: Iterable[str], min_count: int = 2, share: float = 0.8) -> dict[str, str]:
    """Return, by lower-cased word, how the texts write words they nearly always capitalise.

    Words at the start of a sentence are not counted: there every word is capitalised.
    """
    forms: dict[str, Counter[str]] = {}
    total: Counter[str] = Counter()
    for text in texts:
        for m in WORD.finditer(text):
            if SENTENCE_START.search(text, max(0, m.start() - 3), m.start()):
                continue
            word = m.group(0)
            key = word.lower()
            total[key] += 1
            if word[0].isupper():
                forms.setdefault(key, Counter())[word] += 1
    out = {}
    for key, seen in forms.items():
        if len(key) >= 2 and total[key] >= min_count and sum(seen.values()) >= share * total[key]:
            out[key] = seen.most_common(1)[0][0]
    return out


def truecase(question: str, proper: dict[str, str]) -> str:
    """Write the lower-case words of ``question`` the way the library writes them as names."""

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        return proper.get(word, word) if word.islower() else word

    # A numeral after a name is part of it: "Liberterra iii" -> "Liberterra III".
    return NUMBERED.sub(lambda m: m.group(1) + m.group(2).upper(), WORD.sub(fix, question))
