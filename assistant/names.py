"""Names in a question, as the library writes them: ordinary words dropped, variants found.

A question's names must occur near the evidence (see ``evidence``). Users write names in
other forms than reports do, so before judging sentences each name learns its variants:
- an acronym and its written-out form ("UN Convention" / "United Nations Convention"), read
  from the retrieved text itself;
- for a name no document uses at all ("Britain"), the names in the retrieved text whose
  embedding is very close to it ("United Kingdom"). Siblings ("West Africa" / "East Africa")
  are close in embedding space too, so this is used only for a name the library never writes,
  and never for a candidate that shares a word with it.
A capitalised word the library writes in lower case ("Drawn from ...", typed at the start of a
question) is not a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from .question import Entity, QuestionProfile
from .text import STOPWORDS, tokens

# Cosine of the packaged MiniLM between a name no document uses and a name in the text for the
# two to count as one: Britain / United Kingdom 0.87, Holland / Netherlands 0.90, Burma /
# Myanmar 0.94, while Britain / England is 0.81 and Britain / France 0.70.
ALIAS_MIN_COSINE = 0.85
MAX_ALIAS_CANDIDATES = 60
MIN_TYPO_LETTERS = 9  # "Colombia" / "Columbia" are two names; "Artibonite" has no sibling
RUN = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:(?:of|and|the|for|on)\s+){0,2}[A-Z][\w'’-]+)*")
ACRONYM = re.compile(r"[A-Z]{2,7}")
LINKS = frozenset({"of", "and", "the", "for", "on"})


def expansions(text: str) -> dict[str, str]:
    """Return, by acronym, the runs of capitalised words in ``text`` that spell it."""
    out: dict[str, str] = {}
    for m in RUN.finditer(text):
        words = m.group(0).split()
        caps = [i for i, w in enumerate(words) if w.lower() not in LINKS]
        # Every sub-run of two or more capitalised words spells an acronym.
        for a in range(len(caps)):
            for b in range(a + 1, len(caps)):
                run = words[caps[a]:caps[b] + 1]
                if run[0] in {"The", "A", "An"}:
                    continue
                key = "".join(w[0] for w in run if w.lower() not in LINKS)
                out.setdefault(key, " ".join(run))
                # Some acronyms keep the "of": Department of Labor is "DOL" as well as "DL".
                out.setdefault("".join(w[0] for w in run).upper(), " ".join(run))
    return out


LOWER_RUN = re.compile(r"\b[a-z]+(?:[\s-]+[a-z]+\b)+")
MIN_LOWER_ACRONYM = 3  # two letters spelled by ordinary words would match too much
MIN_SPELT_ACRONYM = 4  # from this length, also for acronyms the library writes somewhere


def lower_expansions(text: str) -> dict[str, str]:
    """Return, by acronym, runs of lower-case words in ``text`` that spell it.

    "conflict-related sexual violence" spells "CRSV" (each part of a hyphenated word counts).
    Used for an acronym the library never writes (reports often spell a term out and never
    abbreviate it, while a reader asks with the abbreviation) and for any acronym of
    ``MIN_SPELT_ACRONYM`` letters or more, which ordinary words spell by chance too rarely.
    """
    out: dict[str, str] = {}
    for m in LOWER_RUN.finditer(text):
        words = [w for w in re.split(r"[\s-]+", m.group(0)) if w not in LINKS]
        for a in range(len(words)):
            for b in range(a + MIN_LOWER_ACRONYM, min(len(words), a + 7) + 1):
                out.setdefault("".join(w[0] for w in words[a:b]).upper(), " ".join(words[a:b]))
    return out


def contractions(name: str) -> list[str]:
    """Return ``name`` with each run of two or more capitalised words written as its initials.

    "United Nations Convention" gives "UN Convention", "United NC" and "UNC".
    """
    words = name.split()
    out = []
    for a in range(len(words)):
        for b in range(a + 2, len(words) + 1):
            run = words[a:b]
            if not all(w[:1].isupper() for w in run) or any(ACRONYM.fullmatch(w) for w in run):
                continue
            out.append(" ".join(words[:a] + ["".join(w[0] for w in run)] + words[b:]))
    return out


def _seq(text: str) -> tuple[str, ...]:
    return tuple(tokens(text))


def acronym_variants(entity: Entity, found: dict[str, str]) -> list[tuple[str, ...]]:
    """Return token sequences of ``entity`` with its acronyms written out or its words shortened.

    Args:
        entity: A name of the question.
        found: The written-out forms of acronyms in the passages (``expansions``).
    """
    words = entity.text.split()
    variants = [_seq(c) for c in contractions(entity.text)]
    for i, word in enumerate(words):
        if ACRONYM.fullmatch(word) and word in found:
            variants.append(_seq(" ".join(words[:i] + [found[word]] + words[i + 1:])))
    # "Interpol-Afripol Serengeti" contracts to "IS": a variant of stop words matches anything.
    return [v for v in variants if v and v != entity.seq and not set(v) <= STOPWORDS]


def is_ordinary(entity: Entity, lower: frozenset[str], proper: dict[str, str]) -> bool:
    """Return True for a capitalised word the library writes in lower case, not as a name."""
    if len(entity.seq) != 1 or ACRONYM.fullmatch(entity.text) or not entity.text.isalpha():
        return False
    word = entity.text.lower()
    return word not in proper and word in lower


def with_variants(profile: QuestionProfile, texts: Iterable[str], seen: Callable[[str], bool],
                  proper: dict[str, str], lower: frozenset[str],
                  embed: Callable[[list[str]], dict[str, Any]]) -> QuestionProfile:
    """Return ``profile`` without ordinary words as names, each name with its variants.

    Args:
        profile: The question's profile.
        texts: The retrieved passages the variants are read from.
        seen: Whether the library uses a (stemmed) token anywhere.
        proper: The words the library writes as names (``Library.name_words``).
        lower: The words the library writes in lower case (``Library.lower_words``).
        embed: Returns a unit vector for each of some short texts.
    """
    text = " ".join(texts)
    found = expansions(text)  # once per question, shared by all its names
    kept = [e for e in _apart(profile.entities, profile.cited, text)
            if not is_ordinary(e, lower, proper)]
    out = []
    loose: dict[str, str] | None = None  # read once, and only for a name that needs it
    words: frozenset[str] | None = None
    for ent in kept:
        unseen = not any(seen(t) for t in ent.seq if not t.isdigit())
        # Four lower-case words spell an acronym by chance too rarely to matter: "CRSV" is
        # read in "conflict-related sexual violence" even where some report writes "CRSV".
        spelt = unseen or (ACRONYM.fullmatch(ent.text) is not None
                           and len(ent.text) >= MIN_SPELT_ACRONYM)
        if spelt and loose is None:
            loose = {**lower_expansions(text), **found}
        variants = acronym_variants(ent, loose if spelt and loose is not None else found)
        if unseen:
            variants += _close_names(ent, text, embed)
        if any(len(t) >= MIN_TYPO_LETTERS for t in ent.seq):
            if words is None:
                words = frozenset(tokens(text))
            variants += misspellings(ent.seq, words)
        out.append(replace(ent, variants=variants) if variants else ent)
    return replace(profile, entities=out)


def _apart(found: list[Entity], cited: list[str], text: str) -> list[Entity]:
    """Return the names, those joined by "and" that ``text`` never writes whole as two.

    "Bosnia and Herzegovina" is one name where the passages write it so; "Russia and
    Georgia's occupied regions" names two, each of which a sentence or its report may name
    its own way ("the Russian Federation", a report of Georgia's that need not repeat it).
    The authors of a source the question cites stay one ("according to Huey and Ferguson"):
    the source is read as their report, which need not name them.
    """
    if not any(e.joined for e in found):
        return found
    words = " " + " ".join(tokens(text)) + " "
    out: list[Entity] = []
    for ent in found:
        if ent.joined and ent.text not in cited and not ent.pattern().search(words):
            out.extend(p for p in ent.joined if p.seq not in {e.seq for e in out + found})
        else:
            out.append(ent)
    return out


def misspellings(seq: tuple[str, ...], words: frozenset[str]) -> list[tuple[str, ...]]:
    """Return ``seq`` with a long word written one letter off, as ``words`` have it.

    Reports misspell names ("Artbonite" for "Artibonite") and so do readers; a word of
    ``MIN_TYPO_LETTERS`` letters or more that differs by one letter (added, dropped or
    changed, the first kept) is the same word. Shorter names differ by a letter too often.
    """
    out = []
    for i, word in enumerate(seq):
        if len(word) < MIN_TYPO_LETTERS or not word.isalpha():
            continue
        for other in words:
            if other[:1] == word[:1] and one_letter_off(word, other):
                out.append((*seq[:i], other, *seq[i + 1:]))
    return out


def one_letter_off(a: str, b: str) -> bool:
    """Return True when ``b`` is ``a`` with one letter added, dropped or changed."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i + (len(a) == len(b)):] == b[i + 1:]


def _close_names(entity: Entity, text: str, embed: Callable[[list[str]], dict[str, Any]]
                 ) -> list[tuple[str, ...]]:
    """Return names in ``text`` whose embedding is very close to a name no document uses."""
    own = set(entity.seq)
    found = {re.sub(r"^(?:The|A|An)\s+", "", m.group(0)) for m in RUN.finditer(text)}
    runs = sorted(r for r in found if r and not own & set(_seq(r)))[:MAX_ALIAS_CANDIDATES]
    if not runs:
        return []
    vecs = embed([entity.text, *runs])
    target = vecs[entity.text]
    return [_seq(r) for r in runs if float(vecs[r] @ target) >= ALIAS_MIN_COSINE]


def name_bag(text: str) -> set[str]:
    """Return the words of a text with the acronyms it writes out or dots ("U.S." -> "us")."""
    dotted = {m.replace(".", "").lower() for m in re.findall(r"\b(?:[A-Z]\.){2,}", text)}
    return set(tokens(text)) | {a.lower() for a in initials(text)} | dotted


def initials(text: str) -> set[str]:
    """Return the acronyms that runs of capitalised words spell ("World Customs Organization")."""
    out = set()
    for m in re.finditer(r"[A-Z][a-z]+(?:\s+(?:(?:of|on|and|for|the)\s+){0,2}[A-Z][a-z]+)+", text):
        words = m.group(0).split()
        if words[0] in {"The", "A", "An"}:
            words = words[1:]
        out.add("".join(w[0] for w in words if w[0].isupper()))
        out.add("".join(w[0] for w in words).upper())  # "DOL": Department of Labor
        # Each part between its joining words spells its own: "the Counterterrorism Center of
        # the State Security Service" writes out "SSS" as well.
        parts = re.split(r"\s+(?:(?:of|on|and|for|the)\s+)+", " ".join(words))
        out.update("".join(w[0] for w in part.split()) for part in parts if " " in part)
    return out
