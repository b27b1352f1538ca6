"""Reading a claim: the figures it asserts and, for each, the names, years and words it goes with.

"In 2022 ... made up 7.5 per cent ..., up from 1.5 per cent five years earlier": the 7.5 per
cent goes with 2022, the 1.5 per cent with 2017. "..., according to the UN drugs office" names
where the claim comes from, not what it counts, so attributions are left out of what the
evidence must match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .figures import Figure, comparable, parse_figures, strip_qualifiers
from .quantity import counted
from .question import MONTHS, YEAR, QuestionProfile, analyse
from .text import STOPWORDS

KIND_TO_TYPE = {"count": "count", "percent": "percent", "money": "money", "year": "date",
                "date": "date"}
TIME_UNITS = ("day", "week", "month", "year", "decade", "hour")
PLAIN = STOPWORDS | MONTHS  # capitalised at a sentence's start or as a month: not a name
NAME_OR_YEAR = re.compile(r"\b(?:[A-Z][\w'’-]+|(?:19|20)\d\d)\b")
CLAUSE = re.compile(r"[,;:]\s|\s(?:and|while|whereas|but|as opposed to|compared (?:with|to)|"
                    r"against)\s")
# Where a claim says it comes from: "according to UNODC", "UNODC notes", "Europol found that".
SOURCE_VERB = (r"(?:notes?|noted|says?|said|reports?|reported|estimates?|estimated|finds|found|"
               r"writes|wrote|shows?|showed)")
ATTRIBUTION = re.compile(
    r"(?:^|,\s*|\s)according to\s+[^,.;]+"
    r"|,\s*(?:the\s+)?[\w'’ -]{2,60}?\s+" + SOURCE_VERB + r"\s*(?=[.;]?$)"
    r"|^(?:the\s+)?[A-Z][\w'’ -]{1,60}?\s+" + SOURCE_VERB + r"\s+that\s+", re.I)
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}
RELATIVE = re.compile(
    r"\b(?:(?P<n>a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+"
    r"(?:earlier|before|previously|prior)|the\s+(?:previous|prior|preceding)\s+year"
    r"|the\s+year\s+before|a\s+year\s+earlier)\b", re.I)


@dataclass
class ClaimFigure:
    """One figure of a claim, ready to be checked."""

    fig: Figure
    what: str  # what it counts ("arrests")
    names: list[str]  # names and years it goes with (attributions left out)
    subject: list[str]  # all the claim's names and the figure's years
    profile: QuestionProfile  # the figure as a question: what the evidence must match


def claim_figures(claim: str) -> list[Figure]:
    """Return the figures a claim asserts: counts, shares and amounts; dates only when alone.

    A year beside a count ("in 2023, 2,517 arrests") dates the count: it is matched as part
    of the quantity, not checked as a figure of its own.
    """
    relative = [m.span() for m in RELATIVE.finditer(claim)]
    figs = [f for f in parse_figures(claim)
            if not any(a <= f.start < b for a, b in relative)]  # "five years earlier"
    amounts = [f for f in figs if f.kind not in ("year", "date")]
    return amounts or figs



def read_claim(text: str) -> list[ClaimFigure]:
    """Return each figure of a (truecased) claim with what it counts and goes with."""
    figs = claim_figures(text)
    # The claim's other amounts are facts of their own: the evidence need not repeat them.
    spans = [(qualified_start(text, f), f.end) for f in figs if f.kind not in ("year", "date")]
    sourced = [m.span() for m in ATTRIBUTION.finditer(text)]
    out = []
    for fig in figs:
        drop = [sp for sp in spans if sp[1] != fig.end] + [(qualified_start(text, fig), fig.end)]
        drop += [sp for sp in sourced if not sp[0] <= fig.start < sp[1]]
        profile = analyse(without(text, drop))
        what = counted(text, fig)
        profile.focus = what
        profile.answer_type = KIND_TO_TYPE[fig.kind]
        if fig.kind == "count" and any(w.startswith(TIME_UNITS) for w in what.split()[:1]):
            profile.answer_type = "duration"
        profile.terms = [t for t in profile.terms if not t[0].isdigit()]
        every = [e.text for e in profile.entities]
        names = own_names(text, fig, every + profile.years)
        years = relative_years(text, fig, names)
        names = [n for n in names if not n.isdigit()] + years
        profile.years = years
        out.append(ClaimFigure(fig, what, names, every + years, profile))
    return out


def relative_years(text: str, fig: Figure, names: list[str]) -> list[str]:
    """Return the years ``fig`` goes with, reading "five years earlier" against the claim's year."""
    own = [n for n in names if n.isdigit()]
    lo, hi = clause(text, fig.start)
    rel = RELATIVE.search(text, lo, hi) or RELATIVE.search(text, fig.end, min(len(text),
                                                                             fig.end + 40))
    years = sorted({int(y) for y in YEAR.findall(text)})
    if rel is None or len(years) != 1:
        return own
    back = rel["n"] or "1"
    return [str(years[0] - (int(back) if back.isdigit() else _NUMBERS[back.lower()]))]


def own_names(text: str, fig: Figure, names: list[str]) -> list[str]:
    """Return the names of the claim that go with ``fig`` rather than another of its figures."""
    figs = [g for g in parse_figures(text) if comparable(fig, g)]
    if len(figs) < 2:
        return names
    return [n for n in names
            if any(owner(text, figs, m.start()) == fig for m in name_re(n).finditer(text))
            or not name_re(n).search(text)]


def qualified_start(text: str, fig: Figure) -> int:
    """Return where ``fig`` starts with the qualifier words written before it."""
    before = text[max(0, fig.start - 160):fig.start]
    return fig.start - len(before) + len(strip_qualifiers(before))


def without(text: str, spans: list[tuple[int, int]]) -> str:
    for a, b in sorted(spans, reverse=True):
        text = text[:a] + " " + text[b:]
    return " ".join(text.split())


def owner(quote: str, figs: list[Figure], at: int) -> Figure | None:
    """Return the figure a name at offset ``at`` belongs to: the one in its clause, or nearest."""
    lo, hi = clause(quote, at)
    inside = [g for g in figs if lo <= g.start < hi]
    pool = inside or figs
    return min(pool, key=lambda g: min(abs(g.start - at), abs(g.end - at))) if pool else None


def clause(quote: str, at: int) -> tuple[int, int]:
    bounds = [0, *[m.end() for m in CLAUSE.finditer(quote)], len(quote) + 1]
    return max(b for b in bounds if b <= at), min(b for b in bounds if b > at)


@lru_cache(maxsize=512)
def name_re(name: str) -> re.Pattern[str]:
    """Return a pattern for a name in text: acronyms and years exact, words with an ending."""
    words = re.findall(r"\w+", name)
    return re.compile(r"\b" + r"\W+".join(
        re.escape(w) + r"\b" if w.isupper() or w.isdigit()
        else re.escape(w[:max(4, len(w) - 2)]) + r"\w*" for w in words))


