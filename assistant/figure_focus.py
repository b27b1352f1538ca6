"""Whether a sentence's figures count what a figure question asks about.

"How many children" is answered by "4,500 children", less well by "80 armed groups ...
children", and not at all by "1,416 sex traffickers" when "labor traffickers" were asked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from .acronyms import spell_out
from .figures import Figure, asked_qualifier, same_value
from .phrases import phrase_vectors
from .question import QuestionProfile
from .text import content_tokens, tokens

if TYPE_CHECKING:
    from .evidence import Candidate
    from .ingest.library import Library

FOCUS_EMBED_LIMIT = 12
# A word of a date between a figure and what it counts: "as of September 30, 2012 and 2011,".
DATING = re.compile(r"(?i)\d{1,4}(?:st|nd|rd|th)?[,.]?|and|as|of|FY|"
                    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?")
JOINERS = frozenset(("and", "or", "&"))  # between the qualifiers of a counted noun
NOT_COUNTING = 0.8  # weight of a sentence whose figures count something else
OTHER_QUALIFIER = 0.9  # weight of a sentence without the bound the question asks ("up to")
MONEY_WORDS = frozenset({"money", "cash", "fund"})
# "(n = 83)", "(Theraphosidae, n = 14)"; not a test statistic's "(5, N = 1216)".
SAMPLE_SIZE = re.compile(r"(?:\(|[A-Za-z][,;])\s?n\s?=\s?$", re.I)
# "Since when ...?", "from what year ...?": the start of something is asked.
SINCE_WHEN = re.compile(r"\b(?:since|from) (?:when|what (?:year|date|month|time))\b", re.I)
SINCE = re.compile(r"\b(?:since|from|as early as|starting in|began in|beginning in)"
                   r"(?: at least| as early as)?(?: the (?:end|start|beginning) of)?"
                   r"\s+(?:\w+\s+){0,2}$", re.I)
# "Until what date ...?", "till when ...?": its end is asked.
UNTIL_WHEN = re.compile(r"\b(?:until|till|up to) (?:when|what (?:year|date|month|day|time))\b",
                        re.I)
UNTIL = re.compile(r"\b(?:until|till|through|into|to|ended|ending|ended on|concluded)"
                   r"\s+(?:\w+,?\s+){0,3}$", re.I)
NOT_SINCE = 0.8  # weight of a sentence whose dates do not say when something began (or ended)
# "By how much did SAR filings grow?" is answered by a change ("increasing 154 percent", "rose
# by $37.2 million", "by a factor of 3.5"), not by a total ("212 SARs filed").
CHANGE_BEFORE = re.compile(
    r"\b(?:by|increas\w*|decreas\w*|ris\w*|rose|gr[eo]w\w*|fell|fall\w*|drop\w*|declin\w*|"
    r"up|down|overstat\w*|understat\w*|more|less|fewer|higher|lower|jump\w*|doubl\w*|"
    r"tripl\w*|factor of)\s+(?:\w+\s+){0,2}$", re.I)
CHANGE_AFTER = re.compile(r"\s*(?:times|-?fold)\b", re.I)
CHANGE_TOLD = 0.3  # focus a figure told as a change earns when a change is asked
TIMELINE_DAY = re.compile(r"\bday\s+$", re.I)  # "compromised on Day 9" dates by a timeline
YEAR_FOR_DATE = 0.9  # weight of a sentence that dates its figures by year only
AMOUNT_WORDS = frozenset("""new total overall separate additional confirmed known estimated
    individual further more other reported recorded registered identified""".split())
SAME_QUALIFIER = 0.5  # cosine at which two qualifiers of a noun mean about the same
# "four distinct types of servers" counts types, not servers: it answers "how many servers"
# no better than a figure of another thing.
KIND_WORD = (r"(?:types?|kinds?|forms?|categor(?:y|ies)|class(?:es)?|sorts?|varieties|"
             r"variety)")
KIND_OF = re.compile(rf"\s+(?:\w+\s+)?{KIND_WORD}\s+of\b", re.I)
KINDS_ONLY = 0.3
# A unit written short counts what its name counts: "40,000 km" counts kilometres.
UNIT_NAMES = {short: tokens(name)[0] for short, name in {
    "km": "kilometres", "kms": "kilometres", "kg": "kilograms", "kgs": "kilograms",
    "mg": "milligrams", "g": "grams", "lb": "pounds", "lbs": "pounds", "t": "tonnes",
    "ha": "hectares", "mi": "miles", "m": "metres", "kb": "kilobytes", "mb": "megabytes",
    "gb": "gigabytes", "tb": "terabytes", "ml": "millilitres", "l": "litres",
    "ton": "tonnes", "kilo": "kilograms"}.items()}  # "tons" is "tonnes", "kilos" "kilograms"

# A weight, volume, area or distance: "27,000 pounds of fentanyl" measures how much, and
# answers no "how many pills" (only a question counting that unit: "how many tonnes").
MEASURE = re.compile(
    r"[\s-]*(?:metric\s+)?(?:tonnes?|tons?|t|kilo(?:gram)?s?|kgs?|grams?|g|mg|pounds?|lbs?|"
    r"ounces?|oz|lit(?:re|er)s?|l|ml|gallons?|barrels?|hectares?|ha|acres?|"
    r"(?:square\s+|cubic\s+)?(?:kilo)?met(?:re|er)s?|km2?|miles?|m3|cbm)\b", re.I)

# An age: "between the age of 55 and 75", "aged 12", "a 6-year-old daughter". It counts years
# of a life, no people or things: it answers only a question that asks of an age.
_AGE_BEFORE = re.compile(r"\b(?:ages?|aged)\s+(?:of\s+|between\s+|from\s+)?"
                         r"(?:\d+\s*(?:and|to|-|–)\s*)?$", re.I)
_AGE_AFTER = re.compile(r"[\s-]*years?[\s-]*old\b", re.I)


def an_age(quote: str, fig: Figure) -> bool:
    """Return True when a count figure is someone's age."""
    return bool(_AGE_BEFORE.search(quote[max(0, fig.start - 30):fig.start])
                or _AGE_AFTER.match(quote, fig.end))


# A bound and the bounds on its other side: "less than 20 accounts" is the other side of "more
# than 20", and a share of those answers no question on the share above it.
_OTHER_SIDE = {"over": ("under", "up to", "nearly"), "at least": ("under", "up to", "nearly"),
               "under": ("over", "at least"), "up to": ("over", "at least")}


def other_side(asked: Sequence[Figure], told: Sequence[Figure]) -> str:
    """Return the bound the question states ("more than 20") when the sentence states the
    same number only as the opposite bound ("less than 20"), else ''."""
    for a in asked:
        sides = _OTHER_SIDE.get(a.qualifier, ())
        same = [f for f in told if f.kind == a.kind and same_value(f, a)]
        if same and all(f.qualifier in sides for f in same):
            return f"{a.qualifier} {a.text}"
    return ""


# The number a figure's text opens with ("nearly 27,000", "1.2 million", "two"): its unit follows.
NUMBER = re.compile(r"\D{0,12}?[\d.,]*\d(?:\s+(?:hundred|thousand|million|billion))?"
                    r"|\D{0,12}?[a-z]+(?=\s)", re.I)


def measures(quote: str, fig: Figure, asked: list[str]) -> bool:
    """Return True when a count figure carries a unit of measure that the question's words
    (``asked``, stems) do not name."""
    text = quote[fig.start:fig.end + 30]  # the unit may be in the figure ("87 tonnes")
    number = NUMBER.match(text)
    m = MEASURE.match(text, number.end()) if number else None
    if not m or not asked:
        return False
    unit = [UNIT_NAMES.get(u, u) for u in tokens(m.group(0))]
    asked = [UNIT_NAMES.get(a, a) for a in asked]
    return not any(same_word(a[:5], u) or same_word(a[:4], u) for a in asked for u in unit)


def same_word(want: str, have: str) -> bool:
    """Return True for one word in two forms ("Africa" and "African")."""
    if have == want:
        return True
    short, long_ = sorted((want, have), key=len)
    return len(short) >= 4 and short.isalpha() and long_.startswith(short)


def shares_word(a: list[str], b: list[str]) -> bool:
    """Return True when a word of ``a`` (its first five letters) is a word of ``b``."""
    return any(same_word(x[:5], y) for x in a for y in b)


def figure_window(quote: str, fig: Figure) -> str:
    """Return the words around a figure: what it counts ('2,517 arrests, 850 of them').

    Five words before it, not counting dates between ("Total liabilities as of September
    30, 2012 and 2011, were $356.5 million"), and six after.
    """
    after = re.split(r"[.;:()]", quote[fig.end : fig.end + 80])[0]
    before = re.split(r"[.;:()]", quote[max(0, fig.start - 90) : fig.start])[-1].split()
    taken, kept = 0, len(before)
    while kept and taken < 5:
        kept -= 1
        if not DATING.fullmatch(before[kept]):
            taken += 1
    return " ".join(before[kept:] + after.replace(",", " ").split()[:6])


def window_cover(focus: list[str], window: str) -> float:
    """Return the share of the question's own words that occur near a figure."""
    if not focus:
        return 0.0
    have = tokens(window)
    return sum(any(same_word(f[:5], h) for h in have) for f in focus) / len(focus)


def score_focus(library: Library, profile: QuestionProfile, cands: list[Candidate],
                needed: set[str] | None) -> None:
    """Judge whether a sentence's figures count what the question asks about."""
    if profile.answer_type in ("duration", "length", "frequency"):
        for c in cands:  # a span of time, a distance or how often was asked; typed ones hold it
            c.focus = 0.7 + 0.3 * c.lex if c.typed else 0.0
        return
    if profile.answer_type == "date":
        bound = SINCE if SINCE_WHEN.search(profile.text) else \
            UNTIL if UNTIL_WHEN.search(profile.text) else None
        bounded = {id(c) for c in cands if any(bound.search(c.quote[:f.start]) for f in c.figures
                                               if f.kind in ("date", "year"))} if bound else set()
        said = said_when(library, profile, cands)
        for c in cands:  # "when" is best answered by a day, less well by a bare year
            c.focus = max(c.lex, said.get(id(c), 0.0))
            if not any(f.kind == "date" for f in c.figures):
                c.entity *= YEAR_FOR_DATE
            if bounded and id(c) not in bounded:
                c.entity *= NOT_SINCE  # "since when" is answered by when it began, if told
        return
    focus = profile.focus_text or profile.text
    focus_words = content_tokens(focus)
    # A unit the question names ("in tonnes") is what the figure should count.
    head = content_tokens(profile.unit)[0] if profile.unit else profile.focus_head
    if profile.asks_change:
        head = ""  # a figure counting the noun is no better an answer to how much it grew
    # Nor is a share of the noun ("65% of participants used ...") a better answer to what
    # share of it were something ("were business owners"): that is told of the something.
    rewarded = "" if profile.share_with_predicate else head
    bare = not asked_qualifiers(profile, head)
    pending = leading_windows(cands, lambda c, f: needed is None or f.kind in needed)
    if not pending:
        return
    vecs = phrase_vectors(library, [focus] + [w for _, _, ws in pending for w in ws])
    counting: list[Candidate] = []
    siblings: list[str] = []
    for c, figs, windows in pending:
        c.focus = min(1.0, max(
            min(float(vecs[w] @ vecs[focus]) + 0.3 * window_cover(focus_words, w)
                + head_bonus(rewarded, c.quote, f, w, c.acronyms, bare, focus_words)
                + (CHANGE_TOLD if profile.asks_change and told_as_change(c.quote, f) else 0.0),
                KINDS_ONLY if counts_kinds(head, c.quote, f) else 1.0)
            for f, w in zip(figs, windows, strict=True)
        ))
        if head and any(counts(head, c.quote, f, c.acronyms, bare, focus_words) for f in figs):
            sibling = sibling_quantity(library, profile, head, c.quote, figs)
            if sibling:
                # "1,416 sex traffickers" does not answer "how many labor traffickers".
                c.missing.append(sibling)
                siblings.append(sibling)
            elif rewarded:
                counting.append(c)
    wanted = asked_qualifier(profile.text)
    qualified = [c for c, _, _ in pending
                 if wanted and any(f.qualifier == wanted for f in c.figures)]
    if qualified:
        # "Up to how many servers" is answered by "Up to 5 servers", not by "3 servers".
        for c, _, _ in pending:
            if c not in qualified:
                c.entity *= OTHER_QUALIFIER
    if counting:
        # Some sentence has a figure that counts exactly what was asked ("4,500 children"):
        # figures of other things ("80 armed groups ... children") are weaker answers.
        for c, _, _ in pending:
            if c not in counting:
                c.entity *= NOT_COUNTING
    elif siblings:
        # The passages count the noun only with another qualifier: figures of other
        # things near them do not answer either, unless they name the asked qualifier.
        asked = set(tokens(siblings[0])) - {head}
        for c, _, _ in pending:
            if not c.missing and not asked & set(tokens(c.quote)):
                c.missing.append(siblings[0])


def said_when(library: Library, profile: QuestionProfile,
              cands: list[Candidate]) -> dict[int, float]:
    """Return, by candidate identity, how closely the words around a sentence's dates say
    what the question asks the date of.

    The question's own words may be missing: "Metro was established in 2010" answers "In what
    year was Metro Bank founded?", and the words around its year mean what the question does.
    """
    pending = leading_windows(cands, lambda c, f: f.kind in ("date", "year")
                              or TIMELINE_DAY.search(c.quote[:f.start]) is not None)
    if not pending:
        return {}
    vecs = phrase_vectors(library, [profile.text] + [w for _, _, ws in pending for w in ws])
    return {id(c): max(float(vecs[w] @ vecs[profile.text]) for w in ws) for c, _, ws in pending}


def leading_windows(cands: list[Candidate], wanted: Callable[[Candidate, Figure], bool]
                    ) -> list[tuple[Candidate, list[Figure], list[str]]]:
    """Return the leading usable candidates (by dense and word score) that have figures
    ``wanted`` reads, with those figures and their windows, acronyms spelled out; only these
    few are embedded for each question."""
    ranked = sorted((c for c in cands if c.usable), key=lambda c: -(c.dense + c.lex))
    out = []
    for c in ranked[:FOCUS_EMBED_LIMIT]:
        figs = [f for f in c.figures if wanted(c, f)]
        if figs:
            out.append((c, figs, [spell_out(figure_window(c.quote, f), c.acronyms)
                                  for f in figs]))
    return out


def told_as_change(quote: str, fig: Figure) -> bool:
    """Return True when a figure says by how much something changed: a share, or a figure
    after a verb of change or "by" ("rose by $37.2 million"), or before "times"."""
    return fig.kind == "percent" or bool(
        CHANGE_BEFORE.search(quote[max(0, fig.start - 40):fig.start])
        or CHANGE_AFTER.match(quote, fig.end))


def asked_qualifiers(profile: QuestionProfile, head: str) -> list[str]:
    """Return the words the question qualifies its counted noun with ("labor" in "how many
    labor traffickers of minors")."""
    return modifiers(profile.focus.split(" of ")[0].split() + [head], head)


def modifiers(words: list[str], head: str) -> list[str]:
    """Return the qualifying words before the first word that is ``head`` (a stem).

    Words that say how much, not what ("new", "total", "estimated"), qualify nothing.
    """
    out: list[str] = []
    for w in words:
        if any(same_word(head[:5], t) for t in tokens(w)):
            return out
        if content_tokens(w) and w.lower() not in AMOUNT_WORDS:
            out.append(w.lower())
    return []


def sibling_quantity(library: Library, profile: QuestionProfile, head: str, quote: str,
                      figs: list[Figure]) -> str:
    """Return the asked quantity when every figure counting ``head`` counts a sibling of it.

    The question's own qualifier of the noun ("labor" in "labor traffickers") is nowhere in
    the sentence, and the figure's qualifier ("1,416 sex traffickers") means something else
    (its vector is not close to the question's). Otherwise return ''.
    """
    asked = asked_qualifiers(profile, head)
    if not asked or set(tokens(" ".join(asked))) & set(tokens(quote)):
        return ""
    told_all: list[str] = []
    for f in figs:
        if not counts(head, quote, f):
            continue  # "a peak of 9.8 %" counts no trafficker, sibling or not
        words = re.findall(r"[A-Za-z][\w'-]*", quote[f.end : f.end + 40])[:4]
        if f.kind == "percent" and words[:1] == ["of"]:
            words = words[1:]  # "5.2 % of sex traffickers"
        told = modifiers(words, head)
        if not told:
            return ""  # a figure counts the bare noun: not a sibling
        at = next(i for i, w in enumerate(words) if any(same_word(head[:5], t)
                                                        for t in tokens(w)))
        if len(told) < at:
            continue  # "14 cases of sex trafficking": words between, the noun is not counted
        told_all.extend(told)
    if not told_all:
        return ""
    vecs = phrase_vectors(library, asked + told_all)
    if any(float(vecs[a] @ vecs[t]) >= SAME_QUALIFIER for a in asked for t in told_all):
        return ""
    return " ".join(asked + [profile.focus.split(" of ")[0].split()[-1]])


def head_bonus(head: str, quote: str, fig: Figure, window: str,
               acronyms: dict[str, str] | None = None, sample: bool = False,
               asked: Sequence[str] = ()) -> float:
    """Reward a figure that directly counts the question's noun ('4,500 children')."""
    if not head:
        return 0.0
    if counts(head, quote, fig, acronyms, sample, asked):
        return 0.3
    return 0.1 if head in tokens(window) else 0.0


def counts_kinds(head: str, quote: str, fig: Figure) -> bool:
    """Return True when the figure counts kinds of things ("four distinct types of C2
    servers") and the question does not ask for kinds."""
    return KIND_OF.match(quote, fig.end) is not None and not re.fullmatch(KIND_WORD, head, re.I)


def counts(head: str, quote: str, fig: Figure, acronyms: dict[str, str] | None = None,
           sample: bool = False, asked: Sequence[str] = ()) -> bool:
    """Return True when the counted noun follows the figure within three words.

    The question's own words (``asked``, stems) and "and"/"or" between them do not count
    towards the three: "2,784 arson and explosives cases" counts the cases asked of "how many
    arson and explosives cases". The document's acronyms are read spelled out: "212 SARs"
    counts reports. With ``sample`` (the question counts a bare noun, with no qualifier to
    check) a sample size counts too.
    """
    if head in MONEY_WORDS and fig.kind == "money":
        return True
    # The figure's own unit counts too: "16,000 tonnes" counts tonnes.
    after = quote[fig.start : fig.end + 60]
    for text in (after, spell_out(after, acronyms, keep=False)) if acronyms else (after,):
        words = [UNIT_NAMES.get(w, w) for w in tokens(text) if not w[0].isdigit()]
        skipped = False  # a joiner counts as a qualifier's only after one ("10 or more guns")
        while words[:1] and not same_word(head[:5], words[0]) and (
                (skipped and words[0] in JOINERS)
                or any(same_word(a[:5], words[0]) for a in asked)):
            words, skipped = words[1:], True
        if any(same_word(head[:5], w) for w in words[:3]):
            return True
    # A sample size ("Mammals received the most enquiries (n = 83)") counts what its sentence
    # counts, wherever the noun stands; of "how many labor traffickers", "males (n = 1067)" in
    # a sentence on sex traffickers does not tell, so only a bare noun is counted so.
    if sample and SAMPLE_SIZE.search(quote, 0, fig.start) and any(
            same_word(head[:5], w) for w in tokens(quote) if not w[0].isdigit()):
        return True
    # "the number of servers taken down ... as 1,037", "the percentage of female sex
    # traffickers increased from 13.4%": the noun is named before the figure.
    before = " ".join(tokens(quote[: fig.start]))
    named = "number|amount" + ("|percentag|shar|proport|rate" if fig.kind == "percent" else "")
    return bool(re.search(rf"\b(?:{named})\w* of (?:\w+ ){{0,2}}{re.escape(head[:5])}", before))
