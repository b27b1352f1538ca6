"""Letters that a PDF font drew as one glyph and mapped to a stray symbol: "a!ack", "#rst".

Some fonts (a web page printed to PDF, for one) draw "tt", "fi", "ft" or "rt" as a single
glyph whose character code is a punctuation mark, so the text reads "a!ack" for "attack",
"identi#ed" for "identified" and "o$en" for "often". Which symbol stands for which letters
differs from font to font, so it is learned from the document itself: the letters that turn
most of the words a symbol sits in into known words (common English words and the
document's own) are the ones it stands for. A symbol that stands for several groups of
letters in one font ('"' for "ffi" in "a"liate" and for "fi" in "ex"ltration"), or sits in
too few words to be learned, is still read inside a word whose letters it joins, when exactly
one group of letters makes a known word there ("di&erent", "tra"c").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from ..models import LoadedDocument

SYMBOLS = "!\"#$%&*+<=>@^|~"
LETTERS = ("fi", "fl", "ff", "ffi", "ffl", "ft", "tt", "rt", "th", "st", "ct", "tf", "tti")
MIN_WORDS = 5  # distinct words a symbol must sit in before it is read as letters
MIN_LETTERS = 3  # letters a word needs besides the symbol: "%d" and "%s" are formats
MIN_SHARE = 0.5  # of those words, the share the letters must turn into known words
WORD = re.compile(r"[A-Za-z]+")


def _words_with(symbol: str) -> re.Pattern[str]:
    """Match a word with ``symbol`` inside it or at its start or end, beside a small letter."""
    s = re.escape(symbol)
    return re.compile(rf"(?<![\w{s}])(?:[A-Za-z]*{s}[a-z][A-Za-z]*|[A-Za-z]*[a-z]{s}[A-Za-z]*)"
                      rf"(?![\w{s}])")


def _known(word: str, vocabulary: frozenset[str]) -> bool:
    """Return True for a word of ``vocabulary`` or a plain inflection of one."""
    w = word.lower()
    return (w in vocabulary or (w.endswith("s") and w[:-1] in vocabulary)
            or (w.endswith("ed") and (w[:-2] in vocabulary or w[:-1] in vocabulary))
            or (w.endswith("ing") and (w[:-3] in vocabulary or w[:-3] + "e" in vocabulary))
            or (w.endswith("ly") and w[:-2] in vocabulary))


def learn(text: str, vocabulary: frozenset[str]) -> dict[str, str]:
    """Return the letters each stray symbol of ``text`` stands for (none when it is punctuation).

    Args:
        text: The document's text.
        vocabulary: Known lower-case words.
    """
    return _learn(text, _with_own(text, vocabulary))


def _with_own(text: str, vocabulary: frozenset[str]) -> frozenset[str]:
    """Return ``vocabulary`` and the words ``text`` writes, lower-cased."""
    return vocabulary | {w.lower() for w in WORD.findall(text)}


def _learn(text: str, own: frozenset[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for symbol in SYMBOLS:
        if symbol not in text:
            continue
        words = {m.group(0) for m in _words_with(symbol).finditer(text)
                 if len(m.group(0).replace(symbol, "")) >= MIN_LETTERS}
        if len(words) < MIN_WORDS:
            continue
        best, share = max(
            ((letters, sum(_known(w.replace(symbol, letters), own) for w in words) / len(words))
             for letters in LETTERS), key=lambda pair: pair[1])
        if share >= MIN_SHARE:
            found[symbol] = best
    return found


def restore(text: str, letters: dict[str, str], vocabulary: frozenset[str]) -> str:
    """Write the letters back. Between two letters a symbol is always a glyph ("a!ack"); at a
    word's edge only when that makes a known word ("#rst", but not a quote before a name)."""
    for symbol, fix in letters.items():
        def put(m: re.Match[str], symbol: str = symbol, fix: str = fix) -> str:
            word = m.group(0)
            inner = word.strip(symbol)
            fixed = word.replace(symbol, fix)
            if symbol in inner or _known(fixed, vocabulary):
                return fixed
            return word
        text = _words_with(symbol).sub(put, text)
    return text


# A symbol inside a word, before a small letter: "di&erent", "a"liate", "O"ce".
INNER = re.compile(rf"(?<![\w{re.escape(SYMBOLS)}])[A-Za-z]+[{re.escape(SYMBOLS)}][a-z]+"
                   rf"(?![\w{re.escape(SYMBOLS)}])")


def restore_words(text: str, vocabulary: frozenset[str]) -> str:
    """Write back the letters of each word a symbol splits, where one group of letters alone
    makes it a known word; code and addresses ("hp&action", "C&C") make none and stay."""
    def put(m: re.Match[str]) -> str:
        word = m.group(0)
        symbol = next(ch for ch in word if ch in SYMBOLS)
        if len(word) - 1 < MIN_LETTERS:
            return word
        known = {word.replace(symbol, letters) for letters in LETTERS}
        known = {w for w in known if _known(w, vocabulary)}
        return known.pop() if len(known) == 1 else word
    return INNER.sub(put, text)


def repair(doc: LoadedDocument, vocabulary: Iterable[str]) -> LoadedDocument:
    """Return ``doc`` with the letters its font drew as stray symbols written back."""
    known = frozenset(vocabulary)
    whole = "\n".join(p.text for p in doc.pages)
    if not known or not any(ch in whole for ch in SYMBOLS):
        return doc
    own = _with_own(whole, known)
    letters = _learn(whole, own)

    def fix(text: str) -> str:
        return restore_words(restore(text, letters, own), own)
    pages = [replace(p, text=fix(p.text)) for p in doc.pages]
    title = fix(doc.title)
    if title == doc.title and all(new.text == old.text
                                  for new, old in zip(pages, doc.pages, strict=True)):
        return doc
    return replace(doc, pages=pages, title=title)
