"""Fact-check a claim: each of its figures against the library's own sentences.

    result = check_claim(answerer, "INTERPOL's Liberterra II led to over 2,500 arrests.")
    result.verdict            # "supported" | "contradicted" | "not_found"
    result.figures[0].evidence.quote   # the sentence that decides it, with report and page

Each figure of the claim becomes a figure question: the claim's names, years and what the
figure counts ("arrests") are what the evidence must match, exactly as for a question, so a
fact-check and an answer judge passages the same way (``evidence.gather``) and read figures
with the same parser and matcher (``figures.agrees``). Per figure:

- supported: a strong sentence states the quantity with a value that bears the claim out,
  qualifiers read ("over 2,500" by 2,517);
- contradicted: the best sentence gives the same quantity another value, or the claim's value
  is in a close sentence but for another country, year, operation or thing counted;
- not_found: nothing strong enough states the quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from .claims import NAME_OR_YEAR, PLAIN, clause, name_re, owner, qualified_start, read_claim
from .conflicts import GENERIC, disagree, nouns
from .errors import CasebookError
from .evidence import SHORT_DOC_CHUNKS, Candidate, gather, names_sibling
from .figure_focus import shares_word
from .figures import Figure, agrees, comparable, parse_figures, same_value
from .ingest.library import Library
from .names import initials, is_ordinary, name_bag
from .phrases import phrase_vectors
from .pipeline import MIN_SCORE, in_library_words, require_documents
from .quantity import counted
from .question import entities
from .retrieval import Filters, documents_to_hits
from .text import STOPWORDS, content_tokens, stem, tokens

if TYPE_CHECKING:
    from .chain import Answerer

MARGIN = 0.08  # sentences scoring this close to the best may contradict a claim too
SUPPORT_MARGIN = 0.10  # ... and this close, bear it out
SUPPORT_SCORE = 0.3  # a sentence that states the claimed value may score a little below what
# an answer needs (MIN_SCORE): the value itself is evidence that it speaks of the same thing
TOP = 5
MISATTRIBUTED_DENSE = 0.5  # a sentence this close to the claim, holding its value for another
# thing, contradicts it
SAME_PREDICATE = 0.5  # cosine of two shares' predicates ("were female" / "were women")
TIME_WORDS = frozenset(stem(w) for w in """year years month months earlier before later previous
    ago since one two three four five six seven eight nine ten""".split())
REPORTING = frozenset(stem(w) for w in "found finds notes noted says said shows showed estimates "
                      "estimated reported reports writes wrote that".split())
SAME_NOUN = 0.75  # cosine of two counted nouns that mean one thing: deaths / fatalities 0.83,
# while arrests / suspects is 0.66 and victims / survivors 0.62


@dataclass
class Evidence:
    """The sentence a verdict rests on."""

    quote: str
    title: str
    page: int | None
    doc_id: str
    source_text: str  # the figure as the source writes it

    def to_json(self) -> dict[str, Any]:
        """Return the ``evidence`` object of the check contract."""
        return {"quote": self.quote, "title": self.title, "page": self.page,
                "doc_id": self.doc_id}


@dataclass
class FigureVerdict:
    """One figure of a claim and what the library says of it."""

    text: str
    value: float | None
    counts: str
    verdict: str
    evidence: Evidence | None = None
    conflicts: list[Evidence] = field(default_factory=list)  # other reports, other values

    def to_json(self) -> dict[str, Any]:
        """Return one entry of the check contract's ``figures``."""
        return {"text": self.text, "value": self.value, "counts": self.counts,
                "verdict": self.verdict,
                "source_text": self.evidence.source_text if self.evidence else None,
                "evidence": self.evidence.to_json() if self.evidence else None,
                "conflicts": [{**c.to_json(), "source_text": c.source_text}
                              for c in self.conflicts]}


@dataclass
class CheckResult:
    """A claim's verdict: contradicted if any figure is, not_found if any has no evidence."""

    claim: str
    verdict: str
    figures: list[FigureVerdict]

    def to_json(self) -> dict[str, Any]:
        """Return the object of the ``casebook check --json`` contract."""
        return {"claim": self.claim, "verdict": self.verdict,
                "figures": [f.to_json() for f in self.figures]}


def overall(verdicts: list[str]) -> str:
    """Return a claim's verdict from its figures' verdicts."""
    if "contradicted" in verdicts:
        return "contradicted"
    if "not_found" in verdicts or not verdicts:
        return "not_found"
    return "supported"


def check_claim(answerer: Answerer, claim: str, filters: Filters | None = None) -> CheckResult:
    """Check every figure of ``claim`` against the library.

    Raises:
        CasebookError: The claim is empty or states no figure.
        EmptyLibrary: The library holds no documents.
    """
    claim = " ".join((claim or "").split())
    if not claim:
        raise CasebookError("the claim is empty")
    library = answerer.library
    require_documents(library)
    text = in_library_words(library, claim, every_name=True)
    parts = read_claim(text)
    if not parts:
        raise CasebookError("the claim states no figure to check (a number, share, amount or "
                            "date)")
    qvec = library.embedder.embed_one(text)
    docs = answerer.retriever.invoke(text, filters=filters, qvec=qvec)
    hits = documents_to_hits(library, docs)
    verdicts = []
    for part in parts:
        evidence = gather(library, part.profile, hits, qvec)
        ordinary = {e.text for e in part.profile.entities
                    if is_ordinary(e, library.lower_words(), library.name_words())}
        claimed = Claimed(text, part.fig, part.what,
                          [n for n in part.names if n not in ordinary],
                          [n for n in part.subject if n not in ordinary], library)
        verdicts.append(judge(claimed, evidence.ranked, evidence.rejected))
    return CheckResult(claim, overall([v.verdict for v in verdicts]), verdicts)


def _near(library: Library, names: list[str], c: Candidate) -> bool:
    """Return True when the claim's names and years are near the sentence.

    Near is the sentence, its heading and the sentences before it, or the report's title or
    front matter; in a short brief (about one subject throughout) anywhere in it. A name the
    library never uses cannot be looked for and is passed over.
    """
    around = _around(c)
    bag = name_bag(around)
    short = library.chunk_count(c.chunk.doc_id) <= SHORT_DOC_CHUNKS
    idf = library.table().bm25.idf
    for name in names:
        words = [t for t in tokens(name) if t not in STOPWORDS]
        if not words or not any(t[0].isdigit() or idf(t) > 0 for t in words):
            continue
        if set(words) <= bag or (name.isupper() and name in initials(around)):
            continue
        if short and set(words) <= library.doc_bag(c.chunk.doc_id):
            continue
        if set(words) <= library.doc_front(c.chunk.doc_id):
            continue  # the report's own name or author ("UNODC notes", "its 2024 report")
        return False
    return True


@dataclass
class Claimed:
    """One figure of a claim with what it is about."""

    text: str  # the claim
    fig: Figure
    what: str  # what the figure counts
    names: list[str]  # names and years the figure belongs to
    subject: list[str]  # every name of the claim: what a contradicting sentence must be about
    library: Library

    @cached_property
    def quantity(self) -> tuple[list[str], list[str], list[str]]:
        """Return what the claim's figure counts, its verb and a share's predicate (_quantity)."""
        return _quantity(self.text, self.fig)

    def similar(self, a: str, b: str, threshold: float) -> bool:
        """Return whether two short phrases mean about the same (the packaged MiniLM)."""
        vecs = phrase_vectors(self.library, [a, b])
        return float(vecs[a] @ vecs[b]) >= threshold


def _around(c: Candidate) -> str:
    """Return a sentence with its report's title, its heading and the text before it."""
    return f"{c.title} {c.chunk.heading} {c.context} {c.quote}"


def _evidence(c: Candidate, f: Figure) -> Evidence:
    return Evidence(c.quote, c.title, c.chunk.page, c.chunk.doc_id, f.text)


def _quantity(text: str, f: Figure) -> tuple[list[str], list[str], list[str]]:
    """Return the counted nouns, the words just before the figure and a share's predicate.

    A share that opens its clause ("86 % of the networks use ...") is told by its predicate;
    one after a verb ("took down 56 per cent of ...") by that verb.
    """
    what = counted(text, f)
    lo, _ = clause(text, f.start)
    before = text[max(lo, f.start - 40):qualified_start(text, f)]
    near = [t for t in content_tokens(re.sub(r"\b[A-Z]\w*", " ", before))
            if t not in GENERIC and t not in REPORTING][-2:]
    predicate: list[str] = []
    if f.kind == "percent" and not near:
        after = re.split(r"[.;:()]|,\s", text[f.end:f.end + 200])[0]
        own = set(content_tokens(what)) | GENERIC
        predicate = [t for t in content_tokens(after) if t not in own and t not in TIME_WORDS
                     and not t[0].isdigit()][:8]
    return nouns(text, f), near, predicate


def same_quantity(claimed: Claimed, quote: str, f: Figure) -> bool | None:
    """Return whether ``f`` counts what the claim's figure counts: True, False, or None (unsure)."""
    cn, cv, cp = claimed.quantity
    sn, sv, sp = _quantity(quote, f)
    if cp and sp and not shares_word(cp, sp) and not claimed.similar(" ".join(cp), " ".join(sp),
                                                                SAME_PREDICATE):
        return False  # "86 % of networks use business structures" vs "... engage in corruption"
    if not cn:
        return True if not cv or shares_word(cv, sn + sv) else None
    if sn:
        return shares_word(cn, sn + sv) or claimed.similar(claimed.what, counted(quote, f),
                                                           SAME_NOUN)
    return True if shares_word(cn, sv + content_tokens(quote)) else None


def belongs(claimed: Claimed, quote: str, f: Figure) -> bool:
    """Return False when ``f`` is said of something else than the claim's name or year.

    In "at least 120,000 people in Myanmar, and about 100,000 in Cambodia" the 100,000 is
    Cambodia's: the claim's "Myanmar" is in the sentence but goes with the other figure, and
    the 100,000's own clause names a place the claim does not.
    """
    figs = [g for g in parse_figures(quote) if comparable(claimed.fig, g)]
    if len(figs) < 2:
        return True
    for name in claimed.names:
        spots = [m.start() for m in name_re(name).finditer(quote)]
        if spots and not any(owner(quote, figs, at) == f for at in spots):
            lo, hi = clause(quote, f.start)
            own = [m.group() for m in NAME_OR_YEAR.finditer(quote[lo:hi])]
            if any(not any(name_re(n).fullmatch(o) or o in n for n in claimed.names)
                   for o in own if o not in f.text and o.lower() not in PLAIN):
                return False
    return True


def _fits(claimed: Claimed, c: Candidate, f: Figure) -> bool:
    return comparable(claimed.fig, f) and belongs(claimed, c.quote, f) \
        and not sibling_named(claimed, c.quote)


def sibling_named(claimed: Claimed, quote: str) -> bool:
    """Return True when the sentence names a sibling of a claim's name and not the name itself.

    "... detected by countries in West Africa" says nothing of North Africa.
    """
    here = [e.seq for e in entities(quote)]
    return any(not name_re(n).search(quote) and names_sibling(tuple(tokens(n)), here)
               for n in claimed.names if not n.isdigit())


def judge(claimed: Claimed, ranked: list[Candidate], rejected: list[Candidate]
          ) -> FigureVerdict:
    """Return the verdict on a claim's figure from evidence ranked for its quantity."""
    fig = claimed.fig
    verdict = FigureVerdict(fig.text, None if fig.kind == "date" else fig.value, claimed.what,
                            "not_found")
    everything = ranked + rejected
    strong = [c for c in ranked[:TOP]
              if c.score >= MIN_SCORE and c.score >= ranked[0].score - MARGIN]
    close = [c for c in ranked[:TOP]
             if c.score >= SUPPORT_SCORE and c.score >= ranked[0].score - SUPPORT_MARGIN]
    for c in close:
        for f in c.figures:
            if (_fits(claimed, c, f) and agrees(fig, f)
                    and same_quantity(claimed, c.quote, f) is not False):
                elsewhere = _local_rival(claimed, c, everything)
                if elsewhere is not None:
                    return _set(verdict, "contradicted", *elsewhere)
                verdict.conflicts = conflicts(claimed, strong, c, f)
                return _set(verdict, "supported", c, f)
    if strong and _near(claimed.library, claimed.subject, strong[0]):
        # Only a sentence that names the claim's own subject nearby can contradict it; one
        # figure of the claim's kind there is taken for the quantity unless it counts another.
        best = strong[0]
        fitting = [f for f in best.figures if _fits(claimed, best, f)]
        other = [f for f in fitting if not agrees(fig, f)
                 and (same := same_quantity(claimed, best.quote, f)) is not False
                 and (same or len(fitting) == 1)]
        if other:
            verdict.conflicts = conflicts(claimed, strong, best, other[0])
            return _set(verdict, "contradicted", best, other[0])
    # The claimed value, but in a close sentence about another place, year or thing counted.
    for c in sorted(everything, key=lambda c: -c.dense):
        if c.dense < MISATTRIBUTED_DENSE:
            break
        for f in c.figures:
            if not (same_value(fig, f) or (comparable(fig, f) and agrees(fig, f)
                                           and not fig.qualifier)):
                continue  # the claim's own number ("more than 500" is not borne out by 772)
            if (same_quantity(claimed, c.quote, f) is False
                    or (c.missing and _named(c.missing, c.quote))
                    or not belongs(claimed, c.quote, f) or sibling_named(claimed, c.quote)):
                return _set(verdict, "contradicted", c, f)
    return verdict


def _named(missing: list[str], quote: str) -> bool:
    """Return True when the sentence names something else where the claim's name is missing."""
    return bool(re.search(r"\b(?:in|of|for|from|by)\s+(?:the\s+)?[A-Z][a-z]+", quote)) or \
        any(m.isdigit() for m in missing)


def _set(verdict: FigureVerdict, kind: str, c: Candidate, f: Figure) -> FigureVerdict:
    verdict.verdict, verdict.evidence = kind, _evidence(c, f)
    return verdict


def _local_rival(claimed: Claimed, chosen: Candidate, everything: list[Candidate]
                 ) -> tuple[Candidate, Figure] | None:
    """Return a sentence of the same report that gives the claim's own name another value.

    "Crocodilians ... 16 %" finds "Corals come first, with 16 %": the brief names crocodilians
    elsewhere ("Crocodilians follow with 9 %"), so the 16 % is the corals' figure.
    """
    around = _around(chosen)
    absent = [n for n in claimed.names if not name_re(n).search(around)]
    if not absent:
        return None
    for c in everything:
        if c.chunk.doc_id != chosen.chunk.doc_id or c is chosen:
            continue
        if not all(name_re(n).search(c.quote) for n in absent):
            continue
        for f in c.figures:
            if (_fits(claimed, c, f) and not agrees(claimed.fig, f)
                    and same_quantity(claimed, c.quote, f) is not False
                    and _nouns_allow(claimed, c.quote, f)):
                return c, f
    return None


def _nouns_allow(claimed: Claimed, quote: str, f: Figure) -> bool:
    """Return False when ``f`` names what it counts and that is not the claim's noun."""
    cn, sn = claimed.quantity[0], nouns(quote, f)
    return not (cn and sn) or shares_word(cn, sn)


def conflicts(claimed: Claimed, strong: list[Candidate], chosen: Candidate, decided: Figure
              ) -> list[Evidence]:
    """Return sentences giving the same quantity another value: other documents' or its own.

    "Two secondary reports give ... as 1,037 and 1,307": the sentence itself disagrees.
    """
    out = [_evidence(chosen, f) for f in chosen.figures
           if f is not decided and disagree(chosen.quote, decided, chosen.quote, f)]
    seen = {chosen.chunk.doc_id}
    for c in strong:
        if c.chunk.doc_id in seen:
            continue
        for f in c.figures:
            if _fits(claimed, c, f) and disagree(chosen.quote, decided, c.quote, f):
                out.append(_evidence(c, f))
                seen.add(c.chunk.doc_id)
                break
    return out


def result_lines(result: CheckResult) -> list[str]:
    """Return the plain-text report of a check: the verdict, then each figure's evidence."""
    lines = [f"{result.verdict.upper().replace('_', ' ')}: {result.claim}"]
    for f in result.figures:
        what = f" ({f.counts})" if f.counts else ""
        lines.append(f"  {f.text}{what}: {f.verdict.replace('_', ' ')}")
        if f.evidence:
            page = f", p. {f.evidence.page}" if f.evidence.page else ""
            lines.append(f"    source gives {f.evidence.source_text}: {f.evidence.title}{page}: "
                         f"“{f.evidence.quote}”")
        for c in f.conflicts:
            page = f", p. {c.page}" if c.page else ""
            lines.append(f"    conflicting figure {c.source_text}: {c.title}{page}: “{c.quote}”")
    return lines


__all__ = ["CheckResult", "Evidence", "FigureVerdict", "check_claim",
           "overall", "result_lines"]
