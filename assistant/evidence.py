"""Evidence selection: score the sentences of retrieved chunks against the question."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial

import numpy as np

from .acronyms import asked_acronyms, spell_out, used_in, written_out
from .bm25 import BM25
from .figure_focus import (
    TIMELINE_DAY,
    an_age,
    measures,
    other_side,
    same_word,
    score_focus,
    shares_word,
    told_as_change,
)
from .figures import Figure, parse_figures, same_value
from .ingest.chunking import split_sentences
from .ingest.library import Library
from .models import Chunk
from .names import initials, name_bag, with_variants
from .persons import Persons, opening_name
from .phrases import phrase_vectors
from .question import (
    DECADE,
    MAY,
    MEDIAN,
    MONTHS,
    SOURCE_STEMS,
    YEAR,
    Entity,
    QuestionProfile,
    entities,
)
from .retrieval import Hit
from .text import STOPWORDS, content_tokens, tokens

# Which figure kinds can answer which question types.
KINDS_FOR = {
    "count": {"count", "money", "percent"},
    "percent": {"percent"},
    "money": {"money"},
    "date": {"date", "year"},
    "figure": {"count", "money", "percent"},
    "duration": {"count", "date"},
    "length": {"count"},
}
LENGTH_UNIT = re.compile(
    r"[\s-]*(?:km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?|m|nautical miles?)\b", re.I)
# A measure the question names ("how much opium, in tons?") that a figure must be given in,
# by what it measures: a weight does not answer in per cent, nor an area in tonnes.
WEIGHT_UNIT = re.compile(r"[\s-]*(?:tonnes?|tons?|t|kg|kilo(?:gram)?s?|grams?|g)\b", re.I)
VOLUME_UNIT = re.compile(r"[\s-]*(?:lit(?:re|er)s?|l|ml|millilit(?:re|er)s?)\b", re.I)
AREA_UNIT = re.compile(r"[\s-]*(?:hectares?|ha)\b", re.I)
# What a weight or volume after a figure measures: "311 kilograms of cocaine".
OF_WHAT = re.compile(r"\s+of\s+(?:the\s+|pure\s+)?([A-Za-z][\w-]*)")
MEASURED_IN = {**dict.fromkeys(("tonnes", "tons", "kilograms", "kilos", "kg"),
                               (WEIGHT_UNIT, frozenset({"tonnes", "kg", "g", "mg"}))),
               **dict.fromkeys(("litres", "liters"), (VOLUME_UNIT, frozenset({"l", "ml"}))),
               "hectares": (AREA_UNIT, frozenset()),
               **dict.fromkeys(("kilometres", "kilometers", "km"), (LENGTH_UNIT, frozenset()))}
# How often: "twice a year", "three times per month", "every two years", "annually".
FREQUENCY = re.compile(
    r"\b(?:(?:once|twice|thrice|\w+ times)\s+(?:a|an|per|each|every)\s+"
    r"(?:day|week|fortnight|month|quarter|year|decade)"
    r"|every\s+(?:\w+\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?)"
    r"|(?:hourly|daily|weekly|biweekly|bi-weekly|fortnightly|monthly|bimonthly|quarterly|"
    r"annually|yearly|biennially|biannually))\b",
    re.I)
TIMES = re.compile(r"\s+times\b")
# "4 years old" is an age, not a span of time.
TIME_UNIT = re.compile(
    r"[\s-]*(?:(?:calendar|working|business|clear|banking|full|consecutive)"
    r"\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b"
    r"(?![\s-]+old\b)", re.I)
# A life sentence is a term of imprisonment without a number.
LIFE_TERM = re.compile(
    r"\b(?:life (?:imprisonment|sentences?|terms?|in prison)|sentenced to life)\b", re.I)
# "Within a month of the release": a span of one unit, written without a number.
ONE_SPAN = re.compile(
    r"\b(?:within|in|after|for|over|under|less than|more than|about|nearly|almost|just)\s+"
    r"(?:a|an|half an?)\s+(?:hour|day|week|fortnight|month|year|decade)\b", re.I)
HOW_MANY = re.compile(r"\bhow many\b", re.I)
WEIGHTS = {"dense": 0.35, "lex": 0.30, "focus": 0.35}
# Without a figure to judge, the sentence's meaning (its own vector) decides. Its shape counts
# only where it is reliable: "X is ..." for a definition, a fresh name for who. Cue words for
# why/how/list/compare ("because", "by", "such as") misled more often than they helped on
# dev3 and dev4, so those intents weigh meaning and words alone. Other questions ("what did
# X do", "what cover story") weigh the question's words a little more than the meaning: chosen
# on dev3-dev7 (+1 sentence found), checked on dev8-dev12 (+1) and dev13 (no change).
DESCRIPTIVE_WEIGHTS = {
    "other": {"dense": 0.6, "lex": 0.27, "focus": 0.13},
    "define": {"dense": 0.5, "lex": 0.2, "focus": 0.3},
    "who": {"dense": 0.6, "lex": 0.15, "focus": 0.25},
    **{kind: {"dense": 0.75, "lex": 0.25, "focus": 0.0} for kind in ("how", "why", "list",
                                                                     "compare")},
}
# A name in a sentence this close to an asked name that the sentence lacks is a rival
# ("Somalia" for "Niger" 0.54, "Democratic Republic of the Congo" for "Nigeria" 0.58;
# not "INTERPOL" for "Liberterra II" 0.17 nor "Italy" for "Nigeria" 0.47).
RIVAL_COSINE = 0.5
RIVAL_LIMIT = 10  # leading usable sentences checked for rivals
CONTEXT_RIVAL_CHARS = 300  # of the passage before a sentence, read for rivals
BAG_NAME = 0.9  # every word of a name nearby, though not in the question's order
TITLE_SHARE = 0.75  # of a quoted title's words that its report's front pages must write
DOC_ONLY = 0.85  # a name the sentence's document mentions, but not near the sentence
UNKNOWN_WORD = 0.85  # weight per question word the library never uses
SHARE_FOR_COUNT = 0.85  # weight of a per-cent figure offered for a "how many" question
# A figure question a share may answer: a rate, a change ("by how much did it rise").
SHARE_MAY_ANSWER = re.compile(
    r"\b(?:rates?|ratios?|increas\w*|decreas\w*|ris(?:e|es|en|ing)|rose|fell|fall\w*|drop\w*|"
    r"declin\w*|grow\w*|grew|chang\w*|up|down|much of|how much|average|mean|median)\b", re.I)
SHORT_DOC_CHUNKS = 25  # up to this size a document is about one subject throughout
LONG_DOC_ONLY = 0.7  # a name a long report mentions somewhere, but not near the sentence
# A figure sentence in a long report whose asked name is more than this many chunks away is
# not about it. On the development sets 5 and 12 found the same five near misses; 5 also lost
# a right answer (the name 12 chunks away); 15 loses one near miss.
FAR_CHUNKS = 12
CONTEXT_YEAR = 0.8  # a long report's sentence whose asked year is only in the text before it
SUBJECT_SHARE = 0.5  # a name a report writes about this often per chunk is what it is about
# A report whose years are mostly one year ("In 2022 ...", "during the reporting year") tells of
# that year throughout: an annual report. Counted over at least MAIN_YEAR_MIN years it writes.
MAIN_YEAR_SHARE = 0.6
MAIN_YEAR_MIN = 10
YEAR_WORD = re.compile(r"(?<= )(?:19|20)\d\d(?= )")
# An item of a list: after a bullet or a numbering, or going on in lower case.
LIST_ITEM = re.compile(r"\s*(?:[-•▪●◦*–]|\(?(?:[a-z]|\d{1,2}|[ivx]{1,4})[.)])\s+|\s*[a-z]")
LEAD_IN_CHARS = 600  # of the text before a list item, searched for the sentence leading in
# Endnotes, references, chart titles and source lines: "103 Payson Center, “Fourth Annual
# Report ...", "c IOM, Displacement Atlas ...", "Fig. 72 Prevalence of child labour, 2014-2022"
# carry figures that answer nothing.
NOTE = re.compile(
    r"\s*(?:Sources?|Notes?)\s*:|\s*See\s|\s*(?:Fig\.|Figure|Table|Map|Chart|Box|Case study)\s*\d"
    r"|\s*(?:Map|Chart|Graph|Diagram)\s+of\s"
    r"|\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]"
    r"|\s*(?:\d{1,3}|[a-z]{1,2})\s+(?:[A-Z][\w.&’'-]*+\s*+)++(?:\([A-Z]+\)\s*)?,\s"
    r"|\s*\d{1,3}\s+(?:This|The|These|See|For|Data|Based|Note|Ibid|Idem|Cf)\b"
    r"|\s*(?:\d{1,3}|[a-z]{1,2})\s+[A-Z][^.]{0,120}?(?:(?:Report|Organi[sz]ation|Office|"
    r"University|Institute|Journal|Bank|Database|Matrix|Atlas|Survey|Review)s?\b|et al|pp?\.\s?\d|"
    r"Retrieved|Available at|https?://|\((?:Geneva|New York|Vienna|Paris|London)\b)"
)
# A list of sources ("References", "6. References", "Bibliography", "Literature Cited") holds
# titles and citations, not findings: "Equifax breaks down just how bad last year's data
# breach was. Retrieved April, 2019, from https://..." answers nothing. Endnotes stay: beside
# their references (see NOTE) they explain ("OPAC (ratified by 173 countries worldwide)").
REFERENCE_SECTION = re.compile(
    r"\W*(?:[\dIVX]{1,4}\.?\s*)?(?:references?|bibliography|works cited|literature(?: cited)?|"
    r"reference list|further reading|select(?:ed)? bibliography)\W*", re.I)
GENERIC_FOCUS = frozenset("people persons individuals cases times of and the in".split())
PAST_TENSE = re.compile(r"[a-z]{2,}[^e]ed")  # "faced", "arrested"; not "seed", "need"
# "X is ...", not "X is translated into ...": a passive verb tells what is done with X.
COPULA = re.compile(r"(?:\s*\([^)]{1,60}\))?\s*(?:,\s*)?(?:(?:(?:is|are|was|were)(?!\s+(?:not\s+)?"
                    r"(?!(?:defined|understood|described|considered|known|seen|regarded|referred|"
                    r"used|meant|intended|designed)\b)(?:[a-z]{2,}ed|taken|given|shown|written|driven|"
                    r"chosen|broken|hidden|stolen|drawn|grown|made|held|set|sent|paid|found|kept|"
                    r"told|led|done)\b)|refers? to|means?|"
                    r"describes?|denotes?|involves?|consists? of|comprises?|covers?|includes?)\b"
                    r"|\u2013|-|:)", re.I)
# "The key message from this study is ...": the term of its own source, then the copula.
OF_THIS_SOURCE = (r"(?:\s+(?:of|from|in)\s+(?:this|the|my|our|its|that)\s+(?:\w+\s+)?"
                  r"(?:report|study|paper|review|chapter|guidance|document|analysis|article))?")
PLACE_BEFORE = re.compile(r"\b(?:in|at|from|across|to|near|into|within|throughout|between)\s+$",
                          re.I)
SENTENCE_DENSE_LIMIT = 40  # sentences embedded one by one for each question
# Only sentences with a figure of the asked kind are candidates for a figure question: 20 of
# them gave the same answers as 40 on every development set, at half the cost.
FIGURE_SENTENCE_LIMIT = 20
SENTENCE_SHARE = 0.6  # weight of the sentence's own vector against its chunk's
MIN_WORDS = 4
LEADER = re.compile(r"(?:\.\s?){5,}|…{2,}")
# A reference: "Author, “Title”, Publisher ..." with no ordinary word after the title; the
# title's comma may sit inside its quotes ("see Brian Phillips, “Inequality ...,” Journal").
REFERENCE = re.compile(r"[A-Z][^“”\"]{0,100}?,\s*[“\"][^”\"]{5,}(?:[,.][”\"]|[”\"]\s*[,.])")
# After a reference's title come a publisher, a place, a year, "No. 3": no ordinary words.
PROSE_AFTER = re.compile(r"\b(?!(?:and|the|for|available|see|vol|pp|no)\b)[a-z]{3,}\b")
MIN_LOWER_SHARE = 0.3  # prose has function words and verbs; addresses and headings do not


@dataclass
class Candidate:
    """One sentence of a retrieved chunk, with what it was judged on."""

    quote: str
    chunk: Chunk
    title: str
    start: int  # offsets into the page text
    end: int
    context: str  # heading and preceding sentences, used for names and years
    figures: list[Figure]
    dense: float
    lex: float = 0.0
    focus: float = 0.0
    entity: float = 1.0  # multiplier: how near the question's names and years are, and
    # whether the figure counts what was asked
    score: float = 0.0
    missing: list[str] = field(default_factory=list)
    typed: bool = True
    # The document's acronyms this sentence writes, and the sentence with them spelled out
    # ("212 SARs (suspicious activity reports)"): what its words and meaning are judged on.
    acronyms: dict[str, str] = field(default_factory=dict)
    spelled: str = field(init=False, default="")

    def __post_init__(self) -> None:
        # Derived, never passed: a copy with a longer quote (a list read on) reads it anew.
        self.spelled = spell_out(self.quote, self.acronyms)

    @property
    def usable(self) -> bool:
        """Return True when nothing the question names is missing and the type fits."""
        return not self.missing and self.typed


@dataclass
class Evidence:
    """Candidates ranked best first, and why the best may not be good enough."""

    ranked: list[Candidate]
    rejected: list[Candidate]
    missing_names: list[str]


def _weighted_cover(terms: list[str], words: set[str], idf: dict[str, float]) -> float:
    total = sum(idf[t] for t in terms) or 1.0
    return sum(idf[t] for t in terms if t in words) / total


def _sentences(library: Library, hit: Hit) -> list[tuple[int, int, str]]:
    """Return (start, end, preceding text) for each sentence of a hit's chunk."""
    text = hit.chunk.text
    spans = split_sentences(text)
    previous = ""
    if hit.chunk.index > 0:
        before = library.neighbours(hit.chunk, 1, 0)
        if before and before[0].index == hit.chunk.index - 1:
            previous = before[0].text[-400:]
    return [(s, e, previous + " " + text[:s]) for s, e in spans]


def gather(library: Library, profile: QuestionProfile, hits: list[Hit],
           qvec: np.ndarray) -> Evidence:
    """Score every sentence of the hits; return usable ones best first."""
    table = library.table()
    profile = with_variants(profile, (h.chunk.text for h in hits),
                            lambda t: table.bm25.idf(t) > 0, library.name_words(),
                            library.lower_words(),
                            lambda texts: phrase_vectors(library, texts))
    idf = {t: max(table.bm25.idf(t), 0.1) for t in profile.terms}
    unknown = _unknown_focus(profile, table.bm25)
    # Each word of the question that no document uses makes every passage a weaker answer,
    # unless it is a name the passages write another way.
    renamed = {t for e in profile.entities if e.variants for t in e.seq}
    strange = sum(1 for t in profile.terms
                  if not t[0].isdigit() and table.bm25.idf(t) == 0 and t not in renamed)
    prior_weight = UNKNOWN_WORD ** strange
    needed = KINDS_FOR.get(profile.answer_type)
    how_many = HOW_MANY.search(profile.text) is not None
    if needed and profile.answer_type == "count" and how_many:
        needed = needed - {"money"}  # "how many convictions" is not answered by "$1.1 billion"
    # What "how many" counts, in stems: "how many pills" is not answered by "27,000 pounds".
    counted = content_tokens(profile.focus) if how_many else []
    # A sentence may write the initials of the question's words ("its MER" for "mutual
    # evaluation report") where its report never spells them out.
    asked = asked_acronyms(profile.text)
    persons = Persons(profile, library.written_small, library.written_large)
    described = _described_reports(library, profile, hits)
    cands: list[Candidate] = []
    subjects: dict[str, frozenset[str]] = {}
    for hit in hits:
        if hit.chunk.heading and REFERENCE_SECTION.fullmatch(hit.chunk.heading):
            continue
        dense = float(hit.vector @ qvec) if hit.vector is not None else hit.dense
        doc_words = library.doc_words(hit.chunk.doc_id)
        front = library.doc_front(hit.chunk.doc_id)
        untitled = [t for t in profile.titles if not titled(t, front)]
        if described and hit.chunk.doc_id not in described:
            untitled.append(profile.source)
        # The whole document's words, read only when a name needs them (see _qualified_name_in).
        bag = partial(library.doc_bag, hit.chunk.doc_id)
        size = library.chunk_count(hit.chunk.doc_id)
        short_doc = size <= SHORT_DOC_CHUNKS
        # Read only when a long report's sentence lacks a name it mentions elsewhere.
        about = partial(_subjects, subjects, profile, hit.chunk.doc_id, doc_words, size)
        publisher = library.publisher(hit.chunk.doc_id)
        acronyms = {**asked, **library.doc_acronyms(hit.chunk.doc_id)}
        for s, e, prior in _sentences(library, hit):
            quote = hit.chunk.text[s:e]
            # A question in the text ("How were the situations identified?") answers nothing.
            if (len(quote) < 15 or quote.lstrip().startswith("#") or NOTE.match(quote)
                    or endnote(hit.chunk.text, s)
                    or quote.rstrip().endswith("?") or not is_prose(quote)):
                continue
            c = Candidate(
                quote=quote, chunk=hit.chunk, title=hit.title,
                start=hit.chunk.start + s, end=hit.chunk.start + e,
                context=" ".join(x for x in (hit.title, publisher, hit.chunk.heading, prior) if x),
                figures=[f for f in told_figures(quote)
                         if f.start or not note_mark(hit.chunk.text, s)],
                dense=dense, entity=prior_weight,
                acronyms=used_in(quote, acronyms),
            )
            _judge(c, profile, idf, needed, counted, doc_words, short_doc, front, bag, about,
                   persons, partial(library.mention_distance, hit.chunk.doc_id, hit.chunk.index))
            c.missing.extend(unknown + untitled)
            cands.append(c)
    if profile.wants_figure:
        # Figure questions are judged by their sentence's meaning and their figures' windows.
        _sentence_dense(library, cands, qvec, FIGURE_SENTENCE_LIMIT)
        score_focus(library, profile, cands, needed)
    else:
        # A question without a figure has only the sentence itself to go on: its own vector,
        # its words and the shape of answer the question's intent wants.
        _sentence_dense(library, cands, qvec)
        lower = library.lower_words()
        for c in cands:
            c.focus = intent_fit(profile, c, lower)
    weights = WEIGHTS if profile.wants_figure else DESCRIPTIVE_WEIGHTS.get(
        profile.intent, DESCRIPTIVE_WEIGHTS["other"])
    for c in cands:
        c.score = (weights["dense"] * c.dense + weights["lex"] * c.lex
                   + weights["focus"] * c.focus) * c.entity
    cands.sort(key=lambda c: -c.score)
    _reject_rivals(library, profile, cands)
    usable = [c for c in cands if c.usable]
    rejected = [c for c in cands if not c.usable]
    missing = sorted({m for c in cands for m in c.missing}) if not usable else []
    return Evidence(usable, rejected, missing)


def _described_reports(library: Library, profile: QuestionProfile, hits: list[Hit]
                       ) -> set[str]:
    """Return the retrieved reports whose front pages write the report a question's closing
    clause describes ("according to its correspondent banking guidance"), or none when no
    report does (the question may describe it loosely) or the clause says too little ("the
    report", "the FinCEN alert") or only names its author: the name checks judge names."""
    words = [w for w in content_tokens(profile.source) if not YEAR.fullmatch(w)]
    which = [w for w in words if w not in SOURCE_STEMS]
    if len(which) < 2 or set(which) <= profile.name_words:
        return set()  # "the World Customs Organization data": a name, which a report cites
    docs = {hit.chunk.doc_id for hit in hits}
    return {d for d in docs if _on_front(words, library.doc_front(d))}


def _on_front(words: list[str], front: frozenset[str]) -> bool:
    """Return True when a report's front pages write most of ``words``."""
    return bool(words) and sum(w in front for w in words) >= TITLE_SHARE * len(words)


def titled(title: str, front: frozenset[str]) -> bool:
    """Return True when a report's front pages (``front``, see ``Library.doc_front``) write
    the title a question quotes: most of its words, and each of its years."""
    words = content_tokens(title)
    years = [w for w in words if YEAR.fullmatch(w)]
    return all(y in front for y in years) and _on_front(words, front)


# A sentence that gives an average, or a rate that is one ("1.65 extortions per victim").
AVERAGE_TOLD = re.compile(r"\b(?:averag\w*|mean|median|typical(?:ly)?|per|each|every|a head)\b",
                          re.I)


def _reject_rivals(library: Library, profile: QuestionProfile, cands: list[Candidate]) -> None:
    """Reject leading sentences that place their figures under a rival of an asked name.

    "In 2022 in the Democratic Republic of the Congo, 26 per cent of girls ..." does not
    answer a question about Nigeria, even in a section that mentions Nigeria: the sentence
    names its own country. A rival is a name in the sentence whose vector is close to the
    asked name's (places to places), while the asked name is not in the sentence itself.
    """
    if not profile.entities or not profile.wants_figure:
        return  # names in a who/where/which answer are the answer, not rivals
    asked_tokens = profile.name_words
    checks: list[tuple[Candidate, Entity, list[str]]] = []
    for c in [c for c in cands if c.usable][:RIVAL_LIMIT]:
        words = " " + " ".join(tokens(c.spelled)) + " "  # "PRC" read "People's Republic of China"
        # A name sharing a word with an asked one is that name in another form ("East
        # Africa" for "East African") or a sibling, which _judge has dealt with.
        found = names_in(c.quote)
        names = _others(found, asked_tokens) + _leading_places(c.quote, asked_tokens)
        kin = len(names) < len(found)  # an asked name in another form is here
        about = name_bag(f"{c.title} {library.publisher(c.chunk.doc_id)}")
        parts = {p for m in SUBDIVISIONS.finditer(c.quote) for p in tokens(m.group(0))}
        context = " " + " ".join(tokens(c.context)) + " "
        for ent in profile.entities:
            if ent.text in profile.cited:
                continue  # the report's source, not what its figure is of ("the Dutch
                # Rapporteur" and "85 of them from the Netherlands")
            # In a report about the asked place, its towns and regions are no rivals
            # ("Darfur" in the Panel of Experts on the Sudan's report); nor are they in a
            # passage on it ("in the Departments of Antioquia, Bolívar ..." under Colombia).
            own = [n for n in names if not (set(tokens(n)) <= parts
                                             and ent.pattern().search(context))]
            if not (kin or ent.pattern().search(context) or ent.pattern().search(words)):
                # Nor does the passage before it name the asked place, while it names a
                # rival: "In Poland, ... So far 100 rhino horns have gone missing."
                own += _others(names_in(c.context[-CONTEXT_RIVAL_CHARS:]), asked_tokens)
            if own and not ent.pattern().search(words) and not set(ent.seq) <= about:
                checks.append((c, ent, own))
    if not checks:
        return
    vecs = phrase_vectors(library, sorted({e.text for _, e, _ in checks}
                                           | {n for _, _, ns in checks for n in ns}))
    for c, ent, names in checks:
        if any(float(vecs[ent.text] @ vecs[n]) >= RIVAL_COSINE for n in names):
            c.missing.append(ent.text)


LEADING_PLACE = re.compile(r"\b((?:[A-Z]\.){2,})(?=\s+[A-Z][a-z])")


def _leading_places(quote: str, asked: frozenset[str]) -> list[str]:
    """Return the dotted acronyms that open a name: "U.S." of "U.S. Customs and Border
    Protection" places the figure as surely as "in the United States" would."""
    heads = {m.group(1) for m in LEADING_PLACE.finditer(quote)}
    return sorted(h for h in heads if h.replace(".", "").lower() not in asked
                  and not _shares_asked_word(tokens(h), asked))


def _opens_on_other(quote: str, asked: frozenset[str], front: frozenset[str],
                    persons: Persons, initials: Iterable[str]) -> bool:
    """Return True when a sentence opens on a name (its subject) that is none of the asked
    ones, nor the initials of the question's words ("The VFS" for "virtual file store"),
    nor its report's own author or subject, and names no asked name anywhere. A capitalised
    word that opens a sentence is a name only where the library writes it so inside
    sentences, and never in lower case ("Police made ..." opens on no name)."""
    found = names_in(quote)
    if any(_shares_asked_word(e.seq, asked) for e in found):
        return False
    lead = opening_name(quote, found, article=True)
    return (lead is not None and persons.proper(lead.text.split()[0])
            and lead.text not in initials and not set(lead.seq) <= front)


def _others(found: tuple[Entity, ...], asked: frozenset[str]) -> list[str]:
    """Return the names of ``found`` that share no word with an asked name."""
    return [e.text for e in found if not _shares_asked_word(e.seq, asked)]


def _shares_asked_word(words: Sequence[str], asked: frozenset[str]) -> bool:
    """Return True when a word of a name is an asked name's word, in any of its forms."""
    return any(same_word(t, o) for t in asked for o in words)


# "the Departments of Antioquia, Bolívar and Cauca": the names that follow are parts of a place.
SUBDIVISIONS = re.compile(
    r"\b(?:[Dd]epartments?|[Pp]rovinces?|[Rr]egions?|[Dd]istricts?|[Ss]tates?|[Gg]overnorates?|"
    r"[Cc]ount(?:y|ies)|[Mm]unicipalit(?:y|ies)|[Pp]refectures?|[Cc]it(?:y|ies)|[Tt]owns?)\s+of\s+"
    r"((?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*(?:,\s*|\s+and\s+|\s+)?)+)")
# A name's weight in word overlap, against a word's 1: its own checks judge it apart. At 1 the
# development sets (dev3-dev7, questions, heldout) lost 7 answers for 5; at 0.15 they gained 2
# ("caught in Alicante") and lost none; at 0.3 two near misses more were answered.
NAME_LEX = 0.15
HASH = re.compile(r"\b[0-9A-Fa-f]{32,}\b")  # an MD5 or SHA digest: an indicator table


CITED = re.compile(r"\b(?:19|20)\d\d\b|https?://|\bpp?\.\s?\d")  # a reference's date, link or pages
# A note that sends the reader to another work: "see", "cf.", "ibid.", "supra", "et al.", pages.
SENDS_ELSEWHERE = re.compile(
    r"\b(?:see|cf|ibid|supra|op\.\s?cit|et al)\b|https?://|www\.|\bpp?\.\s?\d", re.I)
# Of a numbered paragraph's words, the share written small for it to read as running text.
NUMBERED_PROSE_SHARE = 0.75
MIN_NOTE_WORDS = 8
NOTE_NUMBER = re.compile(r"(\d{1,3})\s+[A-Z\u201c\"]")


def endnote(text: str, start: int) -> bool:
    """Return True for a reference: a paragraph opening with a note number next to its
    neighbours' numbers, and citing a date, a link or pages.

    "65 Children in armed conflict. Report of the Secretary-General ..." between notes 64 and
    66 is a reference, whatever its first sentence looks like.
    """
    if not note_mark(text, start):
        return False
    paragraph = text[start:].split("\n", 1)[0]
    # a numbered note that explains a term ("2 Situations where ...") stays
    return CITED.search(paragraph) is not None and not numbered_prose(paragraph)


def numbered_prose(paragraph: str) -> bool:
    """Return True for a numbered paragraph of running text that sends the reader nowhere.

    Court judgments number their paragraphs ("57 With respect to count 17, Officer Hanson
    testified that on April 17, 1998 ..."): that is what the judgment says, though it dates
    it. A reference is mostly names and titles ("29 Mehr News Agency, September 25, 2010.")
    or points elsewhere ("7 For discussions ..., see Camp (2012)").
    """
    if SENDS_ELSEWHERE.search(paragraph):
        return False
    words = WORD.findall(paragraph)
    return len(words) >= MIN_NOTE_WORDS and _small(words) >= NUMBERED_PROSE_SHARE * len(words)


def _small(words: list[str]) -> int:
    """Return how many of ``words`` are written small (running text has many)."""
    return sum(1 for w in words if w[0].islower())


def note_mark(text: str, start: int) -> bool:
    """Return True when the paragraph at ``start`` opens with a note's number, next to its
    neighbours' numbers ("25 In the context of ..." between notes 24 and 26): that number
    is no figure of what the note says."""
    if start and text[start - 1] != "\n":
        return False
    m = NOTE_NUMBER.match(text, start)
    if not m:
        return False
    n = int(m.group(1))
    return any(re.search(rf"(?:^|\n)\s*{k}\s+\S", text) for k in (n - 1, n + 1) if k > 0)


def is_prose(quote: str) -> bool:
    """Return True for running text, False for address lines, headings and name lists.

    "Steinenring 60, 4051 Basel, Switzerland" or "3.2 Trafficking Flows In West Africa" are
    mostly capitalised words and numbers; a sentence has function words and verbs.
    """
    if LEADER.search(quote):
        return False  # a table-of-contents line: "Case studies ........ 18"
    if BOILERPLATE.search(quote):
        return False  # "... should be made to the FATF Secretariat, ... (fax: +33 1 44 ...)"
    ref = REFERENCE.match(quote)
    if ref and not PROSE_AFTER.search(quote, ref.end()):
        return False  # 'Economic Commission for Africa, “Renewing ...”, Policy Brief No. 3'

    # A web address is no words: "GUARDIAN (Feb. 4, 2015), http://www.theguardian.com/..."
    words = WORD.findall(WEB_ADDRESS.sub(" ", quote))
    if len(words) < MIN_WORDS:
        return False
    if _small(words) < MIN_LOWER_SHARE * len(words):
        return False
    ended = re.search(r"[.!?:;…)\]”\"’']\s*$", quote) is not None
    if (not ended or len(CELL.findall(quote)) >= 2) and _table_row(words, quote):
        return False  # "Under 20: 31,254 complaints, ...; 20-29: 112,069 complaints, ..."
    return ended or len(words) >= 12


WEB_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")  # a word, for telling running text from lists
# A publisher's notice: contact numbers, copyright, permission to reproduce, and the cover page
# an institutional repository puts before a paper ("Follow this and additional works at: ...",
# "Part of the Criminology Commons", "This Article is brought to you for free and open access").
BOILERPLATE = re.compile(
    r"\b(?:fax|tel|telephone|phone)\b\.?\s*(?:no\.?\s*)?[:.]?\s*\+?\(?\d{2}"
    r"|©|\ball rights reserved\b|\bpermission to reproduce\b"
    r"|\bfollow this and additional works\b|\bpart of the (?:[\w&,-]+ )+?commons\b"
    r"|\bbrought to you for free and open access\b|\baccepted for inclusion in\b"
    r"|\brecommended citation\b|\bcitation of this (?:paper|article|report|item)\b"
    r"|\bopen[- ]access institutional repository\b"
    # A reference's access note ("Retrieved from http://...", "accessed on October 1, 2021")
    # and a publisher's disclaimer ("DISCLAIMER : This document and its contents shall ...").
    r"|\bretrieved from\s+(?:https?://|www\.)|\b(?:last\s+)?accessed\s+(?:on\s+)?"
    r"(?:\d{1,2}\s+)?(?-i:[A-Z][a-z]+)\.?\s+(?:\d{1,2},?\s+)?\d{4}\b|^\W*disclaimer\s*:", re.I)
# A labelled cell of a data line: "20-29: 112,069", "Total: $4.2 billion".
CELL = re.compile(r"[\w)]\s*:\s*[$€£]?\d")


def _table_row(words: list[str], quote: str) -> bool:
    """Return True for the cells of a table read as one line: a hash, or a repeated cell.

    "Victim's logs CnC of other malware ... Victim's logs Used by criminals ...".
    """
    if HASH.search(quote):
        return True
    pairs = [(a.lower(), b.lower()) for a, b in zip(words, words[1:], strict=False)
             if a.lower() not in STOPWORDS and b.lower() not in STOPWORDS]
    return len(set(pairs)) < len(pairs)


def _sentence_dense(library: Library, cands: list[Candidate], qvec: np.ndarray,
                    limit: int = SENTENCE_DENSE_LIMIT) -> None:
    """Blend each leading sentence's own similarity to the question into its chunk's.

    A chunk can be about the question while only one of its sentences answers it; the
    sentence vector tells which. It lifts a sentence's score but never below its chunk's: a
    sentence that leans on the one before it ("Their losses came to about USD 193 million")
    means little alone. Sentences past the limit keep a discounted chunk score.
    """
    usable = sorted((c for c in cands if c.usable), key=lambda c: -(c.dense + c.lex))
    lead = usable[:limit]
    if not lead:
        return
    texts = {id(c): _read_alone(c) for c in lead}
    vecs = phrase_vectors(library, list(texts.values()))
    chosen = {id(c) for c in lead}
    for c in cands:
        if id(c) in chosen:
            own = float(vecs[texts[id(c)]] @ qvec)
            c.dense = max(c.dense, (1 - SENTENCE_SHARE) * c.dense + SENTENCE_SHARE * own)
        else:
            c.dense *= 0.9


# A sentence whose subject is a pronoun ("Originally, it was designed as ...") names its
# subject in the sentence before.
LEANS_BACK = re.compile(
    r"^\W*(?:(?:[A-Z]\w*ly|However|Instead|Today|Also|Moreover|Then|In addition|In turn),?\s+)?"
    r"(?:it|its|they|their|them|this|these|he|she|his|her)\b", re.I)


def _read_alone(c: Candidate) -> str:
    """Return the sentence as a reader takes it in: with the sentence before when it leans on it."""
    if not LEANS_BACK.match(c.quote):
        return c.spelled
    tail = c.context[-400:]
    spans = split_sentences(tail)
    before = tail[spans[-1][0]:spans[-1][1]] if spans else ""
    return f"{before} {c.spelled}".strip()


def _unknown_focus(profile: QuestionProfile, bm25: BM25) -> list[str]:
    """Return counted nouns of the question that no document in the library uses at all.

    A verb in the past tense is no counted noun: "how many faced charges" counts people, and a
    library that never writes "faced" may still say "850 of them on charges".
    """
    idf = bm25.idf
    words = [w for w in profile.focus.split()
             if w.lower() not in GENERIC_FOCUS and not PAST_TENSE.fullmatch(w.lower())]
    return [w for w in words if content_tokens(w) and all(idf(t) == 0 for t in content_tokens(w))]


def _subjects(memo: dict[str, frozenset[str]], profile: QuestionProfile, doc_id: str,
              doc_words: str, size: int) -> frozenset[str]:
    """Return the asked names a report writes so often that it is about them.

    The US Treasury's strategy writes "U.S." on most of its pages: a sentence of it need not
    repeat the name to speak of the United States, as it must in a report that names the
    country once among many. Counted once per document and question (``memo``).
    """
    if doc_id not in memo:
        memo[doc_id] = frozenset(
            e.text for e in profile.entities
            if len(e.pattern().findall(doc_words)) >= SUBJECT_SHARE * max(size, 1))
    return memo[doc_id]


def _judge(c: Candidate, profile: QuestionProfile, idf: dict[str, float],
           needed: set[str] | None, counted: list[str], doc_words: str, short_doc: bool,
           front: frozenset[str], bag: Callable[[], frozenset[str]],
           subjects: Callable[[], frozenset[str]], persons: Persons,
           distance: Callable[[re.Pattern[str]], int | None]) -> None:
    quote_tokens = tokens(c.spelled)
    own = set(quote_tokens)
    sentence_words = " " + " ".join(quote_tokens) + " "
    context_tokens = tokens(c.context)
    local_words = " " + " ".join(context_tokens) + sentence_words
    local = set(local_words.split())
    names = profile.name_words
    terms = [t for t in profile.terms if t in idf] or list(idf)
    weight = {t: idf[t] * (NAME_LEX if t in names else 1.0) for t in terms}
    c.lex = 0.6 * _weighted_cover(terms, own, weight) + 0.4 * _weighted_cover(terms, local, weight)
    names_here = [e.seq for e in names_in(c.quote)]
    if profile.asks_average and not AVERAGE_TOLD.search(c.quote):
        c.missing.append("average")  # "the longest and the shortest sentences" are not it
    elif profile.asks_average:
        # A median is not an average: "the median sentence" is not told by "on average 760
        # days", nor "the average sentence" by "a median of 28%" alone.
        if profile.asks_median and not MEDIAN.search(c.quote):
            c.missing.append("median")
        elif not profile.asks_median and not AVERAGE_TOLD.search(MEDIAN.sub(" ", c.quote)):
            c.missing.append("average")
    if profile.answer_type == "frequency":
        # Within a year asked ("how often ... in 2022"), a count of times answers it.
        c.typed = FREQUENCY.search(c.quote) is not None or bool(profile.years and any(
            f.kind == "count" and TIMES.match(c.quote, f.end) for f in c.figures))
    elif profile.answer_type == "duration":
        # A span of time: a number of days/weeks/months/years, or "between April and August".
        # ("the eighth consecutive year" holds its unit inside the figure)
        c.typed = any(f.kind == "count" and (TIME_UNIT.match(c.quote, f.end)
                                              or TIME_UNIT.search(f.text)) for f in c.figures) \
            or bool(LIFE_TERM.search(c.quote) or ONE_SPAN.search(c.quote)) \
            or (not profile.asks_term and _date_span(c.quote, c.figures))
    elif profile.answer_type == "length":
        c.typed = any(f.kind == "count" and LENGTH_UNIT.match(c.quote, f.end) for f in c.figures)
    elif needed is not None:
        # A figure the question states itself ("the EUR 10,000 cash limit") is not its answer.
        answering = [f for f in c.figures if f.kind in needed and not (f.kind == "count" and (
            measures(c.quote, f, counted) or (not profile.asks_age and an_age(c.quote, f))))
            and not any(same_value(f, a) for a in profile.figures)]
        c.typed = bool(answering)
        if profile.answer_type == "date" and not c.typed:
            c.typed = any(f.kind == "count" and TIMELINE_DAY.search(c.quote[:f.start])
                          for f in c.figures)
        if (profile.answer_type == "count" or (profile.answer_type == "figure"
                                                and not SHARE_MAY_ANSWER.search(profile.text))) \
                and not any(f.kind != "percent" for f in answering):
            # "9 per cent of cases" answers "how many cases" less well, and "42.3 percent of
            # assets" answers "what were the total assets" less well.
            c.entity *= SHARE_FOR_COUNT
        if profile.asks_change and not any(told_as_change(c.quote, f) for f in c.figures
                                           if f.kind in needed):
            c.entity *= SHARE_FOR_COUNT  # "212 SARs filed" is a total, not how much they grew
        if c.typed and profile.measured_in in MEASURED_IN \
                and profile.answer_type in ("count", "figure"):
            after, units = MEASURED_IN[profile.measured_in]
            # "How many kilograms of MDMA?" is not told by "311 kilograms of cocaine".
            c.typed = any(f.kind == "count" and (end := _unit_end(c.quote, f, after, units))
                          and not _of_another(c.quote[end:], profile.measured_of, own)
                          for f in c.figures)
    if profile.wants_figure and (bound := other_side(profile.figures, c.figures)):
        c.missing.append(bound)  # "less than 20 accounts" for "more than 20 accounts"
    for ent in profile.entities:
        pattern = ent.pattern()
        cited = len(ent.seq) > 1 and ent.text in profile.cited
        if ent.written_in(sentence_words):
            continue
        if ent.acronym and (ent.acronym in initials(c.context + " " + c.quote)
                            or written_out(ent.acronym, c.quote)):
            continue  # "WCO" written out as "World Customs Organization", "IED" in lower case
        near = ent.written_in(local_words)
        if cited and _names_the_report(ent, front, bag):
            # The source asked for is this report's author: a sentence that names the author
            # another way ("the National Rapporteur" for "the Dutch Rapporteur") is no rival.
            c.entity *= 0.95 if near else DOC_ONLY
            continue
        if ent.seq in persons and (ent.seq[-1],) in names_here and (
                near or pattern.search(doc_words) or set(ent.seq) <= bag()):
            # A person named in full before, then by surname: "Police located William
            # Harris ... Harris was sentenced to 180 months". The surname alone is the same
            # man even beside a relative's full name ("Ablyazov's daughter, Alua Ablyazova").
            c.entity *= 0.95 if near else DOC_ONLY
            continue
        if profile.wants_figure and not near and not cited \
                and _opens_on_other(c.quote, profile.name_words, front, persons, c.acronyms):
            # "The UK indicates that ... approximately 75% of companies are formed by
            # gatekeepers" is the UK's figure, however often its report names Panama.
            c.missing.append(ent.text)
            continue
        if names_sibling(ent.seq, names_here) or another_of_its_kind(ent, c.quote) \
                or another_address(ent, c.quote) \
                or persons.other_opens(ent, c.quote, names_in(c.quote), doc_words):
            # The sentence names a sibling, and its figures are about that one, whatever the
            # context says: "West Africa" under a heading on "East Africa", "Sub-Saharan
            # Africa" for "North Africa", "Liberterra II" for "Liberterra III"; or it opens on
            # another person ("Vekselberg is ... worth $6 billion" for "Alisher Usmanov").
            c.missing.append(ent.text)
        elif near and context_sibling(ent.seq, names_here, c.context):
            # The context names both and the sentence picks the other: "Project Goldfinger
            # and Project Moneypenny ... In the Goldfinger operation, ..."
            c.missing.append(ent.text)
        elif near:
            c.entity *= 0.95
        elif another_of_its_kind(ent, c.context[-CONTEXT_RIVAL_CHARS:]):
            c.missing.append(ent.text)  # a bullet under "Operation Level Up" is about that one
        elif len(ent.seq) > 1 and set(ent.seq) <= name_bag(c.context + " " + c.quote):
            # Every word of the name is here, in another order or with its acronym written
            # out ("Labor Secretary" / "Secretary of Labor", "UN Sudan Panel").
            c.entity *= BAG_NAME
        elif set(ent.seq) <= front:
            # The report's own title or front matter names it ("the Sudan panel" for the
            # "Panel of Experts on the Sudan"): the question points at this report, and
            # its sentences need not repeat the name.
            c.entity *= DOC_ONLY
        elif pattern.search(doc_words):
            # A brief is about one subject throughout; a long report is not. A source the
            # question cites ("according to the ILO") may be named anywhere in it.
            if cited:
                c.entity *= DOC_ONLY
            elif profile.wants_figure and WHOLE_SCOPE.search(c.quote):
                # The figure is of all of them ("victims' IPs in 31 countries", "the total
                # amount of theft"), not of the one asked about, which the sentence lacks.
                c.missing.append(ent.text)
            elif short_doc or ent.text in subjects():
                c.entity *= DOC_ONLY
            elif profile.wants_figure and not _in_another_form(ent.seq, local) \
                    and (gap := distance(pattern)) is not None and gap > FAR_CHUNKS:
                # A long report names it only pages away: its figures here are of other
                # things ("Germany" once in an executive summary, the figure in a section
                # on servers). A who/which answer may name a member of the asked group, and
                # "West Africa" here is the "West African" asked.
                c.missing.append(ent.text)
            else:
                c.entity *= LONG_DOC_ONLY
        elif ent.soft or _qualified_name_in(ent, bag, front, local_words + doc_words, cited):
            # "US National Human Trafficking Hotline" for a report on the "National Human
            # Trafficking Hotline" that says "U.S." elsewhere.
            c.entity *= DOC_ONLY if cited else LONG_DOC_ONLY
        else:
            c.missing.append(ent.text)
    months_here = {w for w in own if w in MONTHS} | ({"may"} if MAY.search(c.quote) else set())
    if profile.months and months_here and not months_here & set(profile.months):
        # "July to December" asked, "January to June" told: another part of the year.
        c.missing.extend(m.capitalize() for m in profile.months)
        return
    # "(Toomes et al. 2019)" dates the work it cites, not what the sentence tells.
    years_here = _years(c.figures)  # a citation's years are no figures (told_figures)
    if CITATION.search(c.quote):
        own = set(tokens(CITATION.sub(" ", c.spelled)))
        local = set(context_tokens) | own
    # Only a decade the sentence writes: a year here may be a cited work's ("Andreas 2000").
    if profile.decades and (decades_here := set(DECADE.findall(c.quote))) \
            and not decades_here & set(profile.decades):
        # "at the end of the 1970s" does not answer "at the end of the 1990s".
        c.missing.extend(f"{d}0s" for d in profile.decades)
        return
    # A year of the report itself ("the 2025 report", "2020-2022 data") dates the source,
    # not necessarily each of its sentences.
    asked = [y for y in profile.years if y not in front or y not in profile.source_years]
    if asked and years_here and not years_here & {int(y) for y in asked}:
        # The sentence dates its figures to other years ("In 2021 and 2022 ..."): not ours.
        c.missing.extend(asked)
        return
    if profile.wants_figure and len(asked) == 1 and not any(
            f.kind == "year" and f.high for f in profile.figures) \
            and only_spanned(c.figures, int(asked[0])):
        # "From 1998 to 2002, 534 applications" is no count for 2002 alone.
        c.missing.extend(asked)
        return
    # "On 3 July" answers "on 3 July 2024" in a report that covers 2024.
    same_day = {profile.days[f.iso[2:]] for f in c.figures
                if f.kind == "date" and f.iso.startswith("--") and f.iso[2:] in profile.days}
    lead = lead_in(c.context, c.quote) if asked else set()
    # "On 17 October" in a report whose first pages date it to 2024 ("the period from 23
    # September 2024 to ...") may tell of October 2024: the month asked, without a year.
    month_dated = bool(profile.months and months_here and not years_here)
    for year in profile.years:
        if year in own or year not in asked or year in lead:
            continue  # a year that dates the report itself is no mark of any one sentence
        its_year = year in front and year == main_year(doc_words)
        if year in local or (year in same_day and f" {year} " in doc_words) \
                or (month_dated and year in front):
            # A long report moves from year to year: a year asked of the figure that only the
            # sentences before it give dates it less surely ("In 2022 ... This amounted to ...").
            # What a report about that year describes is of that year; its figures still
            # need the year near, as the year's figures change.
            c.entity *= 0.95 if short_doc or year in profile.source_years \
                or (its_year and not profile.wants_figure) else CONTEXT_YEAR
        elif (short_doc and f" {year} " in doc_words) or year not in asked or its_year:
            # A long report covers many years: there it must be near, unless the report is
            # about the year (its first pages date it so, and it writes few other years).
            c.entity *= DOC_ONLY
        else:
            c.missing.append(year)


@lru_cache(maxsize=256)
def main_year(doc_words: str) -> str | None:
    """Return the year a report's words are mostly of ("2022" for an annual report on 2022),
    or None when its years are spread or few. ``doc_words`` as ``Library.doc_words`` gives."""
    years = YEAR_WORD.findall(doc_words)
    if len(years) < MAIN_YEAR_MIN:
        return None
    year = max(set(years), key=years.count)
    return year if years.count(year) >= MAIN_YEAR_SHARE * len(years) else None


def lead_in(context: str, quote: str) -> set[str]:
    """Return the words of the sentence that leads in to the list ``quote`` is an item of
    ("In FY 2012, we initiated the following criminal investigations:" before "o 2,784 arson
    and explosives cases;"), or an empty set when the quote is no such item.

    The lead-in ends with a colon, and no sentence ends between it and the item: the items
    before this one end with semicolons or with nothing.
    """
    if not LIST_ITEM.match(quote):
        return set()
    tail = context[-LEAD_IN_CHARS:]
    colon = tail.rfind(":")
    if colon < 0 or re.search(r"[.!?][\"'’”)]?\s", tail[colon:]):
        return set()
    start = max(tail.rfind(". ", 0, colon), tail.rfind("\n\n", 0, colon)) + 1
    return set(tokens(tail[start:colon]))


# "since May 2013", "from March to June 2024", "between April and August": a span of dates.
DATE_SPAN = re.compile(r"\b(?:since|from|between|until|till|through)\s+(?:\w+\s+){0,2}$", re.I)


def _in_another_form(seq: tuple[str, ...], words: set[str]) -> bool:
    """Return True when every word of a name is among ``words`` in some form of it ("West
    Africa" for "West African")."""
    wanted = [t for t in seq if t not in STOPWORDS]
    return bool(wanted) and all(any(same_word(t, w) for w in words) for t in wanted)


def _date_span(quote: str, figures: list[Figure]) -> bool:
    """Return True when the sentence's dates mark out a span of time: two of them, or one
    after "since", "from" or "between". "In May 2013, they were taken into custody" says
    when, not for how long."""
    dates = [f for f in figures if f.kind in ("date", "year")]
    if not any(f.kind == "date" for f in dates):
        return False
    return len(dates) >= 2 or any(DATE_SPAN.search(quote[max(0, f.start - 40):f.start])
                                  for f in dates)


def _names_the_report(ent: Entity, front: frozenset[str], bag: Callable[[], frozenset[str]]
                      ) -> bool:
    """Return True when a report's title or front matter names a source the question cites.

    A word before the source's name that the report uses elsewhere qualifies it ("according
    to the Dutch National Rapporteur" for a report of the "National Rapporteur" that says
    "Dutch" later)."""
    return set(ent.seq) <= front or (set(ent.seq[1:]) <= front and ent.seq[0] in bag())


def _qualified_name_in(ent: Entity, bag: Callable[[], frozenset[str]], front: frozenset[str],
                       words: str, cited: bool = False) -> bool:
    """Return True when a name found without its leading acronym ("US", "UN", "FATF") is here.

    The rest of the name must be written in the text, or all its words be on the report's
    front pages, and the acronym must occur in the document, written out or dotted. A source
    the question cites may lead with any word the document uses ("the Dutch National Threat
    Assessment" for a report that writes "National Threat Assessment" and "Dutch"); any name
    may lead with a word of the report's front pages, its own scope ("the Dutch Public
    Prosecution Service" in a report of the Dutch Rapporteur).
    """
    lead = ent.text.split()[0].split("-")[0]
    if len(ent.seq) < 2 or not (cited or re.fullmatch(r"[A-Z]{2,5}", lead)
                                or ent.seq[0] in front):
        return False
    head, rest = ent.seq[0], ent.seq[1:]
    if head not in bag():
        return False
    return bool(Entity(" ".join(rest), rest).pattern().search(words)) or set(rest) <= front


# A sentence that counts over a whole: many countries, the world, everything.
WHOLE_SCOPE = re.compile(
    r"\b(?:worldwide|globally|around the world|across the world|in all countries|in total|"
    r"the total|a total of|overall|in (?:over |more than |some |about )?[\d,]+ (?:different )?"
    r"(?:countries|jurisdictions|nations))\b", re.I)
# An author-year citation in brackets: "(Toomes et al. 2019)", "(Johnson, 2018; Lee 2020a)":
# whatever the brackets hold, it ends on an author (no month) and a year. (Read as a run of
# author-year pairs, a long bracket left open backtracked for seconds.)
CITATION = re.compile(
    r"\([^()]*?(?!(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b)[A-Z][\w’'-]+"
    r"(?:\s+et\s+al\.?)?,?\s+(?:19|20)\d\d[a-z]?\s*[;,]?\s*\)")


def told_figures(quote: str) -> list[Figure]:
    """Return the figures of ``quote`` but the years of its author-year citations: the year
    in "(Redação Terra, 2010)" dates the work cited, it answers no question of the text."""
    cited = [m.span() for m in CITATION.finditer(quote)]
    figures = parse_figures(quote)
    return [f for f in figures if not any(a <= f.start < b for a, b in cited)] if cited else figures


def _unit_end(quote: str, fig: Figure, after: re.Pattern[str], units: frozenset[str]) -> int:
    """Return where the unit of ``fig`` ends in ``quote`` (its own end when the figure holds
    it), or 0 when the figure is in none of ``units``."""
    if fig.unit in units:
        return fig.end
    m = after.match(quote, fig.end)
    return m.end() if m else 0


def _of_another(after: str, stuff: list[str], own: set[str]) -> bool:
    """Return True when the text after a figure's unit says it measures something other than
    ``stuff`` (stems), which the sentence does not name ("311 kilograms of cocaine")."""
    m = OF_WHAT.match(after)
    return bool(stuff and m and not shares_word(stuff, tokens(m[1])) and not set(stuff) & own)


def only_spanned(figures: list[Figure], year: int) -> bool:
    """Return True when the sentence writes ``year`` only inside a span of several years
    ("from 1998 to 2002", "2010-2012"): its figures are the span's. A span of two years
    ("2021-22") may be one fiscal or reporting year."""
    spanned = alone = False
    for f in figures:
        if f.kind == "year" and f.value:
            if f.high and f.value <= year <= f.high:
                spanned = spanned or f.high - f.value > 1
            elif int(f.value) == year and not f.high:
                alone = True
        elif f.kind == "date" and f.iso[:4] == str(year):
            alone = True
    return spanned and not alone


def _years(figures: list[Figure]) -> set[int]:
    """Return the years a sentence's year and date figures cover (ranges included)."""
    out: set[int] = set()
    for f in figures:
        if f.kind == "year" and f.value:
            hi = int(f.high) if f.high else int(f.value)
            out.update(range(int(f.value), hi + 1))
        elif f.kind == "date" and f.iso[:4].isdigit():
            out.add(int(f.iso[:4]))
    return out


@lru_cache(maxsize=2048)
def names_in(text: str) -> tuple[Entity, ...]:
    """Return the names of a sentence or of its context, read once per text: a sentence is
    judged for each asked name and checked again for rivals, and its context is shared by
    every asked name."""
    return tuple(entities(text))


def context_sibling(seq: tuple[str, ...], names: list[tuple[str, ...]], context: str) -> bool:
    """Return True when the context's longer form of a sentence's name is a sibling of ``seq``.

    "Goldfinger operation" is "Project Goldfinger" in the context, a sibling of "Project
    Moneypenny". The words the context adds must be the shared ones: "Hall and Harris" does
    not make "Hall" a sibling of "Dean Hall".
    """
    if not names:
        return False
    for longer in (e.seq for e in names_in(context)):
        if "and" in longer:
            continue  # "Hall and Harris" are two names
        for name in names:
            added = set(longer) - set(name)
            if set(name) < set(longer) and added & set(seq) and names_sibling(seq, [longer]):
                return True
    return False


def names_sibling(seq: tuple[str, ...], names: list[tuple[str, ...]]) -> bool:
    """Return True when the sentence names a sibling of ``seq``.

    A sibling shares a word with the name and adds one of its own: "Liberterra II" for
    "Liberterra III", "Sub-Saharan African" for "North Africa". A shorter reference
    ("General Assembly" for "UN General Assembly") is not a sibling, nor is a name that shares
    a word from the middle of the other ("Climate Resilient Agriculture" for "Green Climate
    Fund"): siblings vary what stands around a word they both open or end on.
    """
    wanted = list(seq)
    # "of" in "State Security Service of Georgia" is no word a sibling could lack: the title
    # run into a heading, "State Security Service of Georgia Oversight", shares every other one.
    content = [t for t in wanted if t not in STOPWORDS]
    for other in map(_undotted, names):
        shared = [t for t in content if any(same_word(t, o) for o in other)]
        extra = [o for o in other if not any(same_word(t, o) for t in seq)
                 and o not in STOPWORDS]
        if shared and len(shared) < len(content) and extra and _on_edges(wanted, other):
            return True
    return False


def _on_edges(name: list[str], other: tuple[str, ...]) -> bool:
    """Return True when the two names share a word that each opens or ends on."""
    ends = (name[0], name[-1])
    return any(same_word(t, o) for t in ends for o in (other[0], other[-1]))


def another_of_its_kind(ent: Entity, quote: str) -> bool:
    """Return True when the sentence names another thing of the asked name's kind.

    "Operation Level Up ... $500 million in savings" does not answer a question on
    "Operation Winter Shield": the sentence names its own operation.
    """
    if not ent.kind:
        return False
    for m in re.finditer(rf"\b{ent.kind}s?\s+((?:[A-Z0-9][\w'’-]*)(?:\s+[A-Z0-9][\w'’-]*)*)",
                         quote, re.I):
        if m.group(1)[0].isupper() and not ent.pattern().search(
                " " + " ".join(tokens(m.group(1))) + " "):
            return True
    return False


# A domain or file name: "nprotects.org", "bbs.ezxsoft.com", "sccm.exe".
DOTTED_NAME = re.compile(
    r"(?<![\w.@/-])[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.(?:[a-z]{2,4}|[A-Z]{2,4})(?![\w.]*\w)")


def another_address(ent: Entity, quote: str) -> bool:
    """Return True when the question asks of a domain or file name and the sentence names
    another one instead: "The domain 'diggfunny.com' was registered on 14 April 2011" does
    not date "nprotects.org", however near the two stand in the report.
    """
    if not DOTTED_NAME.fullmatch(ent.text):
        return False
    asked = ent.text.lower()
    for m in DOTTED_NAME.finditer(quote):
        other = m.group(0).lower()  # "pc.nprotects.org" is "nprotects.org" still
        if other != asked and not other.endswith("." + asked) and not asked.endswith("." + other):
            return True
    return False


def _undotted(seq: tuple[str, ...]) -> tuple[str, ...]:
    """Return a name's tokens with a dotted acronym joined: "U.S." is read "us", not "u s"."""
    out: list[str] = []
    run = ""
    for t in seq:
        if len(t) == 1 and t.isalpha():
            run += t
            continue
        if run:
            out.append(run)
            run = ""
        out.append(t)
    return tuple(out + [run] if run else out)


def intent_fit(profile: QuestionProfile, c: Candidate,
               lower: frozenset[str] = frozenset()) -> float:
    """Return how well a sentence has the shape of the answer a question wants (0 to 1).

    ``lower``: the words the library writes in lower case somewhere.
    """
    kind = profile.intent
    asked = profile.name_words | set(profile.terms)
    if kind in ("who", "where"):
        # A capitalised word opening the sentence counts only when it is clearly a name: more
        # than one word, an acronym, or a word the library never writes in lower case
        # ("Bogachev, who is believed to be behind ...", not "Traffickers recruit ...").
        fresh = [m for m in NAME_IN_TEXT.finditer(c.quote)
                 if (m.start() > 0 or " " in m.group() or m.group().isupper()
                     or (lower and m.group().lower() not in lower))
                 and not set(tokens(m.group())) & asked]
        if not fresh:
            return 0.0
        if kind == "where":
            return 1.0 if any(PLACE_BEFORE.search(c.quote[: m.start()]) for m in fresh) else 0.5
        return 1.0
    if kind == "define" and profile.term:
        return max(_defines(c.quote, t) for t in defined_terms(profile.term))
    return c.lex


@lru_cache(maxsize=256)
def defined_terms(term: str) -> tuple[str, ...]:
    """Return the ways a definition may write the term asked (read once per question, not
    for each candidate sentence): as asked, without a place after it ("UPPs in Rio": "UPPs"),
    and with whose it is said the other way ("the FATF's mandate": "the mandate of the FATF")."""
    forms = [term, PLACE_AFTER.sub("", term), *possessive_forms(term)]
    return tuple(t for t in dict.fromkeys(forms) if t)


# A place after the term asked ("What are the UPPs in Rio?") says where, not what.
PLACE_AFTER = re.compile(r"\s+in\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*$")
# A term introduced in brackets after its written-out name: "Unidades de Polícia Pacificadora
# (Police Pacifying Units, UPPs)".
INTRODUCED = r"\((?:[^()]{0,80}?,\s*)?{term}s?\)"


OWNED = re.compile(r"^(?:the\s+)?(.+?)['’]s?\s+(.+)$", re.I)  # "the FATF's mandate"
OWNED_BY = re.compile(r"^(?:the\s+)?(.+?)\s+of\s+(?:the\s+)?(.+)$", re.I)  # "mandate of the FATF"


def possessive_forms(term: str) -> list[str]:
    """Return the other ways of writing whose a thing is: "the FATF's mandate" is "the mandate
    of the FATF" (with or without "the"), and "the mandate of the FATF" is "FATF's mandate"."""
    m = OWNED.match(term)
    if m:
        owner, thing = m.groups()
        return [f"{thing} of the {owner}", f"{thing} of {owner}"]
    m = OWNED_BY.match(term)
    return [f"{m.group(2)}'s {m.group(1)}"] if m else []


def _defines(quote: str, term: str) -> float:
    """Return 1 for a sentence that defines ``term`` ("X is ...", "... (X)"), 0.5 for one that
    names it, else 0."""
    words = " " + " ".join(tokens(quote)) + " "
    if " " + " ".join(tokens(term)) + " " not in words:
        return 0.0
    m = re.search(r"\b" + _written(term) + r"\w*[\"”’']?" + OF_THIS_SOURCE, quote, re.I)
    if m and COPULA.match(quote, m.end()):
        return 1.0
    bare = re.sub(r"^(?:the|a|an)\s+", "", term, flags=re.I)  # "what does the GME mean"
    if re.search(INTRODUCED.replace("{term}", _written(bare)), quote):
        return 1.0
    return 0.5


def _written(term: str) -> str:
    """Return a regex for ``term``'s words as a text writes them, any non-word between."""
    return r"\W+".join(re.escape(w) for w in term.split())


NAME_IN_TEXT = re.compile(r"\b[A-Z][\w'’-]+(?:\s+(?:of\s+|and\s+|the\s+)?[A-Z][\w'’-]+)*")


