"""Acronyms a document defines, so its sentences can be read with them spelled out.

A report writes "suspicious activity reports (SARs)" once and "212 SARs" ever after; a reader
asks "how many suspicious activity reports". The sentence answers, but none of its words is the
question's. Each document's own definitions ("long form (ACR)") are read from its text, and a
sentence is scored as if it said both ("212 SARs (suspicious activity reports)"). Only what the
document itself defines is used: no list of acronyms is kept here. A report may also write
initials it never spells out ("its MER"): the initials of the question's own phrases
("mutual evaluation report") are read as such an acronym where the document defines none.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .question import NOT_NAMES

# "(SARs)", "(EAs)", "(FIU)": two to eight capitals, maybe a plural s.
DEFINITION = re.compile(r"\(\s*([A-Z]{2,8})s?\s*\)")
# Small words a long form may hold without a letter in its acronym ("Department of Labor").
SKIPPED = frozenset("of and for the on in to a an at by with &".split())
WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def defined_acronyms(text: str) -> dict[str, str]:
    """Return acronym -> long form for each "long form (ACR)" the text writes.

    The long form is the run of words just before the bracket that spells the acronym, as
    Schwartz and Hearst find it (see ``_spelled_by``; hyphenated words count each part:
    "anti-money laundering (AML)"). The first definition of an acronym wins.
    """
    found: dict[str, str] = {}
    for m in DEFINITION.finditer(text):
        acr = m.group(1)
        if acr in found:
            continue
        before = text[max(0, m.start() - 160): m.start()]
        words = WORD.findall(before.replace("-", " "))
        long_form = _spelled_by(acr, words)
        if long_form:
            found[acr] = long_form
    return found


def _spelled_by(acr: str, words: list[str]) -> str:
    """Return the trailing words that spell ``acr``, or ''.

    Each letter of the acronym is found, right to left, in the words before the bracket; its
    first letter must open a word (so "Gameover Zeus" spells "GOZ"), and the long form has
    at most as many words as the acronym has letters, plus small words.
    """
    letters = acr.lower()
    window = words[-(len(letters) + 3):]
    text = " ".join(w.lower() for w in window)
    i, pos = len(letters) - 1, len(text) - 1
    while i >= 0:
        ch = letters[i]
        # The first letter must open a word; the others may stand anywhere in one.
        while pos >= 0 and (text[pos] != ch or (i == 0 and (
                pos > 0 and text[pos - 1] != " " or text[pos:].split(" ", 1)[0] in SKIPPED))):
            pos -= 1
        if pos < 0:
            return ""
        i -= 1
        pos -= 1
    taken = text[pos + 1:].count(" ") + 1
    long_words = window[len(window) - taken:]
    content = [w for w in long_words if w.lower() not in SKIPPED]
    if len(content) > len(letters) or len(content) < 2 and len(letters) > 2:
        return ""
    if any(w[0].lower() not in letters for w in content):
        return ""  # a word that gives the acronym no letter is not part of its long form
    return " ".join(long_words)


def written_out(acr: str, text: str) -> bool:
    """Return True when ``text`` writes the words an acronym of three letters or more stands
    for, in any case: "a person-borne improvised explosive device" writes "IED" out.

    The words must follow one another, each opening on the acronym's next letter; a small word
    may give a letter ("department of justice" for "DOJ") or stand between ("United States of
    America" for "USA").
    """
    letters = acr.lower()
    if len(letters) < 3:
        return False  # two letters open too many pairs of words
    words = [w.lower() for w in WORD.findall(text.replace("-", " "))]
    for i, word in enumerate(words):
        if word[0] != letters[0] or word in SKIPPED:
            continue
        k, j = 1, i + 1
        while k < len(letters) and j < len(words):
            if words[j][0] == letters[k]:
                k, j = k + 1, j + 1
            elif words[j] in SKIPPED:
                j += 1
            else:
                break
        if k == len(letters):
            return True
    return False


def asked_acronyms(question: str) -> dict[str, str]:
    """Return acronym -> phrase for each run of two to six of the question's content words.

    A report may write "its MER" without ever spelling it out, while the reader asks about
    its "mutual evaluation report": the phrase's initials are the acronym a sentence may
    write. Small words give no letter ("trafficking in persons", TIP).
    """
    found: dict[str, str] = {}
    # A phrase runs over content words and small words, never over a possessive or a
    # question word ("Guinea's mutual evaluation" is no phrase).
    for part in re.split(r"[’']s\b|[^\w\s-]", question):
        words = WORD.findall(part.replace("-", " "))
        for i in range(len(words)):
            for j in range(i + 2, min(i + 9, len(words) + 1)):
                phrase = words[i:j]
                if any((w.lower() in NOT_NAMES and w.lower() not in SKIPPED) or w.isupper()
                       for w in phrase):
                    break  # nor over an acronym of the question's own ("IRS-CI")
                if phrase[0].lower() in SKIPPED or phrase[-1].lower() in SKIPPED:
                    continue
                content = [w for w in phrase if w.lower() not in SKIPPED]
                # "trafficking in persons" is TP or TIP; two letters only from two words
                # side by side ("fiscal year", FY), never across a small word.
                for letters in (content, phrase):
                    acr = "".join(w[0] for w in letters).upper()
                    if 2 <= len(content) <= 6 and (len(acr) > 2 or len(phrase) == 2):
                        found.setdefault(acr, " ".join(phrase))
    return {a: f for a, f in found.items() if not re.search(rf"\b{a}\b", question)}


def spell_out(text: str, acronyms: dict[str, str], keep: bool = True) -> str:
    """Return ``text`` with each defined acronym followed by (or replaced by) its long form."""
    if not acronyms:
        return text

    def repl(m: re.Match[str]) -> str:
        long_form = acronyms[m.group(1)]
        return f"{m.group(0)} ({long_form})" if keep else long_form

    return _written(tuple(acronyms)).sub(repl, text)


@lru_cache(maxsize=4096)
def _written(acronyms: tuple[str, ...]) -> re.Pattern[str]:
    """Return the pattern of the acronyms as a text writes them, maybe plural; built once for
    each set of acronyms (every sentence of a report asks for its own few, again and again)."""
    return re.compile(r"\b(" + "|".join(map(re.escape, acronyms)) + r")s?\b")


def used_in(text: str, acronyms: dict[str, str]) -> dict[str, str]:
    """Return the acronyms of ``acronyms`` that ``text`` writes."""
    return {a: f for a, f in acronyms.items() if a in text and re.search(rf"\b{a}s?\b", text)}
