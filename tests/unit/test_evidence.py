"""Tests for evidence selection over small fakes: no embedding model, no Chroma."""

from __future__ import annotations

import hashlib
import re
from types import SimpleNamespace

import numpy as np
import pytest

from assistant import evidence, phrases
from assistant.bm25 import BM25
from assistant.evidence import Candidate, Evidence, gather, names_sibling
from assistant.figure_focus import counts, figure_window
from assistant.figures import parse_figures
from assistant.models import Chunk
from assistant.question import analyse
from assistant.retrieval import Hit
from assistant.text import tokens


class FakeEmbedder:
    """Deterministic bag-of-stems embedder: texts sharing content words point alike."""

    dim = 128

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for tok in tokens(text, drop_stopwords=True):
                out[i, int(hashlib.md5(tok.encode()).hexdigest(), 16) % self.dim] += 1.0
            norm = np.linalg.norm(out[i])
            if norm:
                out[i] /= norm
        return out

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


class FakeLibrary:
    """What evidence.gather reads from a library, over documents given as chunk texts."""

    def __init__(self, docs: dict[str, tuple[str, list[str]]],
                 publishers: dict[str, str] | None = None) -> None:
        self.embedder = FakeEmbedder()
        self.titles = {doc: title for doc, (title, _) in docs.items()}
        self.chunks: dict[str, list[Chunk]] = {}
        for doc, (_, texts) in docs.items():
            chunks, pos = [], 0
            for i, text in enumerate(texts):
                chunks.append(Chunk(doc, i, text, page=1, start=pos, end=pos + len(text)))
                pos += len(text) + 1
            self.chunks[doc] = chunks
        rows = [c for cs in self.chunks.values() for c in cs]
        self._table = SimpleNamespace(bm25=BM25([c.text for c in rows]))
        self.publishers = publishers or {}
        self.neighbour_calls: list[tuple[str, int, int, int]] = []

    def table(self) -> SimpleNamespace:
        return self._table

    def neighbours(self, chunk: Chunk, before: int = 1, after: int = 1) -> list[Chunk]:
        self.neighbour_calls.append((chunk.doc_id, chunk.index, before, after))
        return [c for c in self.chunks[chunk.doc_id]
                if chunk.index - before <= c.index <= chunk.index + after]

    def chunk_count(self, doc_id: str) -> int:
        return len(self.chunks[doc_id])

    def doc_words(self, doc_id: str) -> str:
        texts = [self.titles[doc_id]] + [c.text for c in self.chunks[doc_id]]
        return " " + " ".join(tokens(" ".join(texts))) + " "

    def mention_distance(self, doc_id: str, index: int, pattern: re.Pattern[str]) -> int | None:
        gaps = [abs(c.index - index) for c in self.chunks[doc_id]
                if pattern.search(" " + " ".join(tokens(c.text)) + " ")]
        return min(gaps, default=None)

    def publisher(self, doc_id: str) -> str:
        return self.publishers.get(doc_id, "")

    def doc_bag(self, doc_id: str) -> frozenset[str]:
        from assistant.names import name_bag

        return frozenset(name_bag(" ".join(
            [self.titles[doc_id]] + [c.text for c in self.chunks[doc_id]])))

    def doc_acronyms(self, doc_id: str) -> dict[str, str]:
        from assistant.acronyms import defined_acronyms

        return defined_acronyms(" ".join(c.text for c in self.chunks[doc_id]))

    def doc_front(self, doc_id: str) -> frozenset[str]:
        texts = [self.titles[doc_id], self.publisher(doc_id)]
        return frozenset(tokens(" ".join(texts + [self.chunks[doc_id][0].text])))

    def lower_words(self) -> frozenset[str]:
        import re

        return frozenset(w for cs in self.chunks.values() for c in cs
                         for w in re.findall(r"\b[a-z][a-z'-]+\b", c.text))

    def written_small(self, word: str) -> int:
        from assistant.truecase import WordStats

        return WordStats(c.text for cs in self.chunks.values() for c in cs).written_small(
            word.lower())

    def written_large(self, word: str) -> int:
        from assistant.truecase import WordStats

        stats = WordStats(c.text for cs in self.chunks.values() for c in cs)
        return sum(stats.forms.get(word.lower(), {}).values())

    def proper_words(self) -> dict[str, str]:
        from assistant.truecase import proper_words

        return proper_words(c.text for cs in self.chunks.values() for c in cs)

    def name_words(self) -> dict[str, str]:
        from assistant.ingest.library import NAME_SHARE
        from assistant.truecase import proper_words

        return proper_words((c.text for cs in self.chunks.values() for c in cs),
                            share=NAME_SHARE)

    def hits(self, dense: float = 0.5) -> list[Hit]:
        """Return every chunk as a hit with the same dense score (no stored vector)."""
        return [Hit(c, self.titles[c.doc_id], 1.0, dense=dense)
                for cs in self.chunks.values() for c in cs]


@pytest.fixture(autouse=True)
def fresh_phrase_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the module's phrase-vector cache from leaking between fake embedders."""
    monkeypatch.setattr(phrases, "_PHRASES", {})


def run(library: FakeLibrary, question: str) -> Evidence:
    profile = analyse(question)
    return gather(library, profile, library.hits(), library.embedder.embed_one(question))


def by_quote(ev: Evidence, start: str) -> Candidate:
    found = [c for c in ev.ranked + ev.rejected if c.quote.startswith(start)]
    assert len(found) == 1, [c.quote for c in ev.ranked + ev.rejected]
    return found[0]


def liberterra_library() -> FakeLibrary:
    return FakeLibrary({"d1": ("Liberterra II results", [
        "Liberterra II led to 2,517 arrests across the region. "
        "Liberterra II focused on arrests of traffickers. "
        "Liberterra II ran in 2023 with arrests in many places."
    ])})


# ---- names ----------------------------------------------------------------------------------


def test_sibling_name_is_rejected_and_reported_missing() -> None:
    ev = run(liberterra_library(), "How many arrests did Liberterra III make?")
    assert ev.ranked == []
    figure = by_quote(ev, "Liberterra II led to 2,517")
    assert figure.missing == ["Liberterra III"]
    assert not figure.usable
    assert ev.missing_names == ["Liberterra III"]


def test_sibling_name_is_rejected_even_when_the_document_mentions_the_wanted_one() -> None:
    lib = FakeLibrary({"d1": ("Annual review", [
        "Liberterra II led to 2,517 arrests across the region.",
        "A later operation, Liberterra III, is planned for next year.",
    ])})
    ev = run(lib, "How many arrests did Liberterra III make?")
    assert "Liberterra III" in by_quote(ev, "Liberterra II led").missing
    assert all("2,517" not in c.quote for c in ev.ranked)


def test_sibling_in_sentence_beats_wanted_name_in_context() -> None:
    lib = FakeLibrary({"d1": ("Liberterra III results", [
        "Liberterra III is planned. Liberterra II led to 2,517 arrests across the region."
    ])})
    ev = run(lib, "How many arrests did Liberterra III make?")
    assert by_quote(ev, "Liberterra II led").missing == ["Liberterra III"]
    assert ev.ranked == []


def test_a_sentence_on_another_domain_does_not_date_the_asked_one() -> None:
    lib = FakeLibrary({"d1": ("Domains of the attackers", [
        "The attackers also ran nprotects.org and other look-alike domains. "
        "The domain 'diggfunny.com' was registered on 14 April 2011 by Lee Cooper.",
        "The domain pc.nprotects.org was registered on 2 May 2011 by Lee Cooper.",
    ])})
    ev = run(lib, "When was the domain nprotects.org registered?")
    assert by_quote(ev, "The domain 'diggfunny.com'").missing == ["nprotects.org"]
    assert [c.quote[:24] for c in ev.ranked] == ["The domain pc.nprotects."]


@pytest.mark.parametrize("text, asked, other", [
    ("The update came from bbs.ezxsoft.com.", "nprotects.org", True),
    ("The beacon calls pc.nprotects.org on port 80.", "nprotects.org", False),
    ("See www.example.com/path for the paper.", "example.com", False),
    ("It ended.Next, the U.S. Army, e.g. here, wrote 1.2.3.", "example.com", False),
    ("Mail a@b.com for it.", "b.org", False),
    ("Lee Cooper registered the domain in 2011.", "Lee Cooper", False),
])
def test_another_address_reads_domain_and_file_names(text: str, asked: str,
                                                     other: bool) -> None:
    ent = analyse(f"When was {asked} registered?").entities[0]
    assert evidence.another_address(ent, text) is other


def test_matching_name_is_usable() -> None:
    ev = run(liberterra_library(), "How many arrests were there in Liberterra II?")
    assert ev.missing_names == []
    assert ev.ranked and ev.ranked[0].quote.startswith("Liberterra II led to 2,517")
    assert ev.ranked[0].entity == 1.0


def test_name_only_in_previous_chunk_is_context() -> None:
    lib = FakeLibrary({"d1": ("Annual review", [
        "This section covers Liberterra II in West Africa.",
        "Police made 2,517 arrests across the region.",
    ])})
    ev = run(lib, "How many arrests were there in Liberterra II?")
    c = by_quote(ev, "Police made 2,517")
    assert c.usable
    assert c.entity == pytest.approx(0.95)
    assert ("d1", 1, 1, 0) in lib.neighbour_calls


def test_name_only_elsewhere_in_the_document_is_discounted() -> None:
    lib = FakeLibrary({"d1": ("Annual review", [
        "Police made 2,517 arrests across the region.",
        "Filler sentence one is here. Filler sentence two is here.",
        "The work was part of Liberterra II.",
    ])})
    ev = run(lib, "How many arrests were there in Liberterra II?")
    c = by_quote(ev, "Police made 2,517")
    assert c.usable
    assert c.entity == pytest.approx(evidence.DOC_ONLY)


def test_name_absent_from_the_document_is_missing() -> None:
    lib = FakeLibrary({"d1": ("Annual review", ["Police made 2,517 arrests across the region."])})
    ev = run(lib, "How many arrests were there in Liberterra II?")
    assert ev.ranked == []
    assert ev.missing_names == ["Liberterra II"]


def test_missing_year_is_reported() -> None:
    ev = run(liberterra_library(), "How many arrests did Liberterra II make in 2031?")
    assert ev.ranked == []
    assert "2031" in ev.missing_names


def test_counted_noun_no_document_uses_is_missing() -> None:
    ev = run(liberterra_library(), "How many giraffes did Liberterra II rescue?")
    assert ev.ranked == []
    assert "giraffes" in ev.missing_names


def test_a_verb_after_how_many_is_no_counted_noun_the_library_lacks() -> None:
    # "how many faced charges" counts people: the library need not write "faced", but a
    # noun it never writes ("charges") is still missing.
    ev = run(liberterra_library(), "Of those held in Liberterra II, how many faced charges?")
    assert ev.missing_names == ["charges"]
    ev = run(liberterra_library(), "Of those held in Liberterra II, how many faced arrests?")
    assert by_quote(ev, "Liberterra II led").usable


# ---- answer type ----------------------------------------------------------------------------


def test_how_many_rejects_sentences_without_a_count() -> None:
    ev = run(liberterra_library(), "How many arrests were there in Liberterra II?")
    no_figure = by_quote(ev, "Liberterra II focused on arrests")
    only_year = by_quote(ev, "Liberterra II ran in 2023")
    assert no_figure.typed is False and no_figure in ev.rejected
    assert only_year.typed is False and only_year in ev.rejected
    assert [c.quote for c in ev.ranked] == [
        "Liberterra II led to 2,517 arrests across the region."]


def test_when_question_accepts_the_year_sentence() -> None:
    ev = run(liberterra_library(), "When did Liberterra II run?")
    assert by_quote(ev, "Liberterra II ran in 2023").typed is True
    assert by_quote(ev, "Liberterra II led to 2,517").typed is False


@pytest.mark.parametrize("question, typed", [
    ("How much opium did Ruritania produce, in tons?", ["Ruritania produced 6,400 tons"]),
    ("How many tonnes of opium did Ruritania produce?", ["Ruritania produced 6,400 tons"]),
    # a price per kilogram is money, not a weight
    ("What did opium cost per kg in Ruritania?", ["Ruritania sold opium at $100"]),
    ("How much opium did Ruritania produce?", ["Ruritania produced 6,400 tons",
                                                "Opium cultivation in Ruritania fell by 95",
                                                "Ruritania sold opium at $100"]),
])
def test_a_measure_the_question_names_needs_a_figure_in_it(question: str, typed: list[str]
                                                           ) -> None:
    library = FakeLibrary({"d1": ("Ruritania opium survey", [
        "Ruritania produced 6,400 tons of opium in 2021. "
        "Opium cultivation in Ruritania fell by 95 per cent in 2023. "
        "Ruritania sold opium at $100 per kg at the border."
    ])})
    ev = run(library, question)
    assert sorted(c.quote for c in ev.ranked + ev.rejected if c.typed) == sorted(
        c.quote for c in ev.ranked + ev.rejected if any(c.quote.startswith(t) for t in typed))
    assert len(typed) == sum(c.typed for c in ev.ranked + ev.rejected)


@pytest.mark.parametrize("question, typed", [
    ("How many tonnes of heroin did Ruritania seize?", ["Ruritania also seized 2 tonnes of "
                                                       "heroin"]),
    # "6,400 tons of opium" is no weight of heroin; "2 tonnes" is, named in its sentence.
    ("How many tonnes of cannabis did Ruritania seize?", []),
    ("How many tonnes of opium did Ruritania produce?", ["Ruritania produced 6,400 tons"]),
])
def test_a_weight_of_another_substance_does_not_answer(question: str, typed: list[str]) -> None:
    library = FakeLibrary({"d1": ("Ruritania drug survey", [
        "Ruritania produced 6,400 tons of opium in 2021. "
        "Ruritania also seized 2 tonnes of heroin in 2021."
    ])})
    ev = run(library, question)
    assert sorted(c.quote for c in ev.ranked + ev.rejected if c.typed) == sorted(
        c.quote for c in ev.ranked + ev.rejected if any(c.quote.startswith(t) for t in typed))


def test_a_span_of_years_gives_no_figure_for_one_year_of_it() -> None:
    library = FakeLibrary({"d1": ("Residence permits", [
        "From 1998 to 2002, some 534 applications were submitted. "
        "In 2002 alone, 41 applications were submitted. "
        "In 2001-02, 70 applications were submitted."
    ])})
    ev = run(library, "How many applications were submitted in 2002?")
    assert by_quote(ev, "From 1998 to 2002").missing == ["2002"]
    assert by_quote(ev, "In 2002 alone").missing == []
    # Two years written as one ("2001-02") may be one reporting year.
    assert by_quote(ev, "In 2001-02").missing == []
    # Asked of the span, the span answers.
    ev = run(library, "How many applications were submitted from 1998 to 2002?")
    assert by_quote(ev, "From 1998 to 2002").missing == []


def test_a_share_beside_weights_answers_how_many_as_a_share() -> None:
    # "48 kg" is no count of people: the sentence answers only with its per cent.
    library = FakeLibrary({"d1": ("Ruritania drug survey", [
        "Heroin seizures in Ruritania rose 154 percent, from 48 kg to 122 kg. "
        "Heroin seizures in Ruritania rose 154 percent, from 48 to 122 cases."
    ])})
    ev = run(library, "How many people did Ruritania arrest for heroin?")
    weights = by_quote(ev, "Heroin seizures in Ruritania rose 154 percent, from 48 kg")
    cases = by_quote(ev, "Heroin seizures in Ruritania rose 154 percent, from 48 to")
    assert weights.typed and cases.typed
    assert weights.entity == pytest.approx(evidence.SHARE_FOR_COUNT * cases.entity)


def test_other_question_needs_no_figure() -> None:
    ev = run(liberterra_library(), "What did Liberterra II focus on?")
    assert all(c.typed for c in ev.ranked + ev.rejected)
    assert len(ev.ranked) == 3


def test_short_and_heading_sentences_are_skipped() -> None:
    lib = FakeLibrary({"d1": ("Liberterra II results", [
        "# Liberterra II arrests\n\nToo short.\n\nLiberterra II led to 2,517 arrests in total."
    ])})
    ev = run(lib, "How many arrests were there in Liberterra II?")
    quotes = [c.quote for c in ev.ranked + ev.rejected]
    assert quotes == ["Liberterra II led to 2,517 arrests in total."]


# ---- focus ----------------------------------------------------------------------------------


def test_figure_next_to_the_counted_noun_outranks_noun_elsewhere() -> None:
    # Both sentences name the operation, mention arrests and carry a count; only in the
    # second does the figure count the arrests. The noun-elsewhere sentence comes first.
    lib = FakeLibrary({"d1": ("Liberterra II results", [
        "Arrests were the priority of Liberterra II, which covered 40 countries. "
        "Liberterra II led to 2,517 arrests across the region."
    ])})
    ev = run(lib, "How many arrests were there in Liberterra II?")
    near = by_quote(ev, "Liberterra II led to 2,517")
    far = by_quote(ev, "Arrests were the priority")
    assert near.usable and far.usable
    assert near.lex == pytest.approx(far.lex)
    assert near.focus > far.focus
    assert ev.ranked[0] is near


def test_focus_uses_the_library_embedder_once_per_batch() -> None:
    lib = liberterra_library()
    run(lib, "How many arrests were there in Liberterra II?")
    # One call for the question vector, one batch for the sentences with a figure, one for
    # the focus phrase and windows.
    assert len(lib.embedder.calls) == 3
    assert lib.embedder.calls[1] == ["Liberterra II led to 2,517 arrests across the region."]
    assert "arrests" in lib.embedder.calls[2]


def test_scores_are_sorted_best_first() -> None:
    ev = run(liberterra_library(), "What did Liberterra II focus on?")
    scores = [c.score for c in ev.ranked]
    assert scores == sorted(scores, reverse=True)


def test_offsets_point_into_the_page_text() -> None:
    lib = FakeLibrary({"d1": ("Liberterra II results", [
        "First chunk says little of note.",
        "Intro sentence here. Liberterra II led to 2,517 arrests in total.",
    ])})
    ev = run(lib, "How many arrests were there in Liberterra II?")
    c = by_quote(ev, "Liberterra II led")
    page_text = " ".join(ch.text for ch in lib.chunks["d1"])
    assert page_text[c.start:c.end] == c.quote


# ---- figure_window --------------------------------------------------------------------------


def test_figure_window_gives_the_words_around_a_figure() -> None:
    quote = "Police made 2,517 arrests, 850 of them for trafficking."
    first, second = parse_figures(quote)
    assert figure_window(quote, first) == "Police made arrests 850 of them for trafficking"
    assert figure_window(quote, second) == "Police made 2,517 arrests, of them for trafficking"


def test_figure_window_stops_at_sentence_punctuation() -> None:
    quote = "In 2023 (the pilot year) officers rescued 300 victims; others fled."
    fig = [f for f in parse_figures(quote) if f.value == 300][0]
    assert figure_window(quote, fig) == "officers rescued victims"
    year = [f for f in parse_figures(quote) if f.value == 2023][0]
    assert figure_window(quote, year) == "In"


def test_figure_window_is_limited_to_nearby_words() -> None:
    quote = ("One two three four five six seven 42 alpha beta gamma delta epsilon zeta eta "
             "theta.")
    fig = parse_figures(quote)[-1]
    assert figure_window(quote, fig) == (
        "three four five six seven alpha beta gamma delta epsilon zeta")


# ---- long reports, notes, units, acronyms -----------------------------------------------------


def long_report(extra: list[str], opening: str = "") -> FakeLibrary:
    filler = [f"Section {i} discusses trends in {2000 + i} across the region." for i in range(30)]
    # ``opening`` follows the first chunk: the front pages name the report's own subjects.
    texts = filler[:1] + ([opening] if opening else []) + filler[1:] + extra
    return FakeLibrary({"r1": ("A long report", texts)})


def test_in_a_long_report_a_year_mentioned_elsewhere_does_not_date_a_sentence() -> None:
    lib = long_report(["Some 4,000 people crossed the sea to Europe."])
    ev = run(lib, "How many people crossed the sea to Europe in 2021?")
    assert "2021" in by_quote(ev, "Some 4,000 people").missing


@pytest.mark.parametrize("quote, usable", [
    ("In total, we observed over 1,000 victim IPs in 31 countries.", False),
    ("Worldwide, we observed over 1,000 victim IPs.", False),
    ("We observed over 1,000 victim IPs.", True),  # it may be of the report's one subject
])
def test_a_figure_over_a_whole_is_not_of_a_name_it_lacks(quote: str, usable: bool) -> None:
    lib = long_report(["The group targets Spain and Morocco.", "Its tools are old ones.",
                       "They are written in C.", quote])
    c = by_quote(run(lib, "How many victim IPs were located in Spain?"), quote[:20])
    assert c.usable is usable and (usable or c.missing == ["Spain"])


def test_a_year_in_a_citation_does_not_date_the_sentence() -> None:
    # "(Toomes et al. 2019)" dates the work cited, not the 4,000 crossings.
    lib = long_report(["Some 4,000 people crossed the sea to Europe (Toomes et al. 2019)."])
    ev = run(lib, "How many people crossed the sea to Europe in 2019?")
    assert "2019" in by_quote(ev, "Some 4,000 people").missing
    # a year in brackets that is no citation still dates it
    lib = long_report(["Some 4,000 people crossed the sea to Europe (May 2019)."])
    ev = run(lib, "How many people crossed the sea to Europe in 2019?")
    assert by_quote(ev, "Some 4,000 people").usable


def test_a_citation_year_answers_no_date_question() -> None:
    cited = "The governor called it decisive (Terra, 2010)."
    told = "On Monday 29th November 2010 the cover of the paper showed the flag."
    lib = long_report([cited, told])
    ev = run(lib, "On what day did the paper's cover show the flag the governor called decisive?")
    assert ev.ranked and ev.ranked[0].quote.startswith("On Monday")
    assert not by_quote(ev, "The governor").figures  # typed for a date question before


@pytest.mark.parametrize("text, cited", [
    ("are present in the U.S. trade (Toomes et al. 2019).", ["(Toomes et al. 2019)"]),
    ("as shown before (Johnson, 2018; Lee 2020a) and", ["(Johnson, 2018; Lee 2020a)"]),
    ("seized in 2019 (n = 3)", []),
    ("in (May 2019) the", []),
    ("(September 2019)", []),
    ("(Sept. 2019)", []),
    ("(Mayer 2019; Marshall, 2020)", ["(Mayer 2019; Marshall, 2020)"]),  # names, not months
])
def test_an_author_year_citation(text: str, cited: list[str]) -> None:
    assert [m.group() for m in evidence.CITATION.finditer(text)] == cited


def test_a_long_bracket_left_open_is_read_at_once() -> None:
    import time

    started = time.perf_counter()
    assert not evidence.CITATION.search("(" + "Smith 2019 and " * 11 + "no end")
    assert time.perf_counter() - started < 1.0  # 11 pairs took 4.5 s with backtracking


def test_in_a_long_report_a_name_mentioned_once_elsewhere_is_discounted_more() -> None:
    lib = long_report(["Some 4,000 people crossed the sea.", "Filler about Malta once."])
    c = by_quote(run(lib, "How many people crossed the sea from Malta?"), "Some 4,000 people")
    assert c.usable and c.entity == pytest.approx(evidence.LONG_DOC_ONLY)


def test_in_a_long_report_a_name_mentioned_only_pages_away_is_missing() -> None:
    # "Germany" once in the executive summary does not place a figure thirty chunks on.
    lib = long_report(["Some 4,000 people crossed the sea."], opening="Filler about Malta once.")
    c = by_quote(run(lib, "How many people crossed the sea from Malta?"), "Some 4,000 people")
    assert lib.mention_distance("r1", c.chunk.index, re.compile(r" malta ")) == 30
    assert c.missing == ["Malta"] and not c.usable


@pytest.mark.parametrize("sentence, opening, question", [
    # "West Africa" in the sentence is the "West African" asked, though the report writes
    # "West African" itself only pages away.
    ("In West Africa, 26 per cent of children worked in the mines.",
     "Filler about West African provinces.",
     "What share of West African children worked in the mines?"),
    # A which/who answer names a member of the asked group ("Zambia" for "African"): the
    # distance rule is for the figures a sentence gives, not the names it offers.
    ("Officials worked with Zambia on border checks.", "Filler about African states.",
     "Which African government did officials work with?"),
])
def test_a_far_name_is_not_missing_in_another_form_or_for_a_which_question(
        sentence: str, opening: str, question: str) -> None:
    lib = long_report([sentence], opening=opening)
    assert by_quote(run(lib, question), sentence[:12]).usable


def test_a_name_a_long_report_writes_on_most_pages_is_its_subject() -> None:
    filler = [f"Section {i} discusses Malta and trends in {2000 + i}." for i in range(30)]
    body = ["A note on method without names.", "Some 4,000 people crossed the sea."]
    lib = FakeLibrary({"r1": ("A long report", filler + body)})
    c = by_quote(run(lib, "How many people crossed the sea from Malta?"), "Some 4,000 people")
    assert c.usable and c.entity == pytest.approx(evidence.DOC_ONLY)


def test_a_day_written_without_its_year_answers_the_full_date_of_a_long_report() -> None:
    lib = long_report(["In 2024 the city was besieged.", "Filler without dates here.",
                       "On 3 July, shelling of the market killed 15 people."])
    ev = run(lib, "How many people were killed at the market on 3 July 2024?")
    assert by_quote(ev, "On 3 July").usable
    ev = run(lib, "How many people were killed at the market on 4 July 2024?")
    assert "2024" in by_quote(ev, "On 3 July").missing  # another day does not date it


def test_in_a_long_report_a_year_only_in_the_sentences_before_dates_a_figure_less_surely(
) -> None:
    lib = long_report(["In 2022 the port reopened. Police seized 300 kilograms of cocaine there."])
    c = by_quote(run(lib, "How much cocaine did police seize in 2022?"), "Police seized 300")
    assert c.usable and c.entity == pytest.approx(evidence.CONTEXT_YEAR)
    # a year that dates the source, not the figure, is not held against it
    c = by_quote(run(lib, "In the 2022 report, how much cocaine did police seize?"),
                 "Police seized 300")
    assert c.entity == pytest.approx(0.95)


def test_in_a_short_brief_the_documents_year_is_enough() -> None:
    lib = FakeLibrary({"b1": ("Brief on crossings", [
        "This brief covers 2021.", "Some 4,000 people crossed the sea to Europe."])})
    ev = run(lib, "How many people crossed the sea to Europe in 2021?")
    assert by_quote(ev, "Some 4,000 people").usable


def front_matter_report(body: list[str]) -> FakeLibrary:
    """A long report whose first chunk names its author and period, as a cover page does."""
    cover = "Final report of the Panel of Experts on the Sudan, covering 2020-2022."
    filler = [f"Section {i} discusses trends in {2000 + i} across the region." for i in range(30)]
    return FakeLibrary({"r1": ("Security Council", [cover] + filler + body)})


def test_a_name_for_the_report_itself_is_found_in_its_front_matter() -> None:
    lib = front_matter_report(["Some 4,000 people fled the town in June."])
    ev = run(lib, "According to the Sudan Panel, how many people fled the town?")
    assert by_quote(ev, "Some 4,000 people").usable


def test_a_name_neither_near_nor_in_the_front_matter_is_still_missing() -> None:
    lib = front_matter_report(["Some 4,000 people fled the town in June."])
    ev = run(lib, "According to the Chad Panel, how many people fled the town?")
    assert "Chad Panel" in by_quote(ev, "Some 4,000 people").missing


def test_a_year_that_dates_the_report_does_not_date_each_sentence() -> None:
    lib = front_matter_report(["In 2021, some 4,000 people fled the town."])
    ev = run(lib, "In the Panel's 2022 report, how many people fled the town?")
    assert by_quote(ev, "In 2021, some 4,000 people").usable


def test_a_year_of_the_event_is_checked_even_when_the_cover_names_it() -> None:
    lib = front_matter_report(["In 2021, some 4,000 people fled the town."])
    ev = run(lib, "How many people fled the town in 2022?")
    assert "2022" in by_quote(ev, "In 2021, some 4,000 people").missing


@pytest.mark.parametrize("note", [
    "48 This figure also includes internally displaced persons and 3,000 refugees.",
    "117 World Meteorological Organization (WMO), State of the Climate 2022, 2023.",
    "c IOM, Displacement Atlas, Round 3, November 2023, 4,500 households.",
    "See www.example.org/sudan-gum-arabic-production-150000-tons; and interviews in 2024.",
])
def test_endnotes_and_chart_notes_are_not_evidence(note: str) -> None:
    lib = FakeLibrary({"d1": ("Report", [note, "About 4,500 households were displaced."])})
    ev = run(lib, "How many households were displaced?")
    assert all(not c.quote.startswith(note[:10]) for c in ev.ranked + ev.rejected)


@pytest.mark.parametrize("heading", ["References", "6. References", "Bibliography",
                                     "Literature Cited", "REFERENCES"])
def test_a_reference_section_is_not_evidence(heading: str) -> None:
    from dataclasses import replace

    lib = FakeLibrary({"d1": ("Report", [
        "The breach exposed the data of 147 million people in 2017.",
        "Equifax breaks down just how bad the data breach was for 147 million people. "
        "Retrieved April, 2019, from https://example.org/equifax.",
    ])})
    lib.chunks["d1"][1] = replace(lib.chunks["d1"][1], heading=heading)
    ev = run(lib, "How many people did the Equifax data breach expose?")
    assert [c.quote[:12] for c in ev.ranked + ev.rejected] == ["The breach e"]


@pytest.mark.parametrize("heading", ["Sources of funding", "Endnotes"])
def test_a_section_named_after_its_sources_is_still_evidence(heading: str) -> None:
    from dataclasses import replace

    lib = FakeLibrary({"d1": ("Report", [
        "The group raised 4,500 donations from charities in 2017."])})
    lib.chunks["d1"][0] = replace(lib.chunks["d1"][0], heading=heading)
    ev = run(lib, "How many donations did the group raise from charities in 2017?")
    assert ev.ranked and ev.ranked[0].quote.startswith("The group raised")


def test_a_unit_named_in_the_question_is_what_the_figure_should_count() -> None:
    lib = FakeLibrary({"d1": ("Wildlife seizures", [
        "Seizures touched about 4,000 species of wildlife.",
        "Measured by weight, wildlife seizures came to over 16,000 tonnes.",
    ])})
    ev = run(lib, "Measured in tonnes, how much wildlife was seized?")
    assert "16,000 tonnes" in ev.ranked[0].quote


def test_an_acronym_matches_its_written_out_name() -> None:
    lib = FakeLibrary({"d1": ("Thunder 2024", [
        "The World Customs Organization ran Thunder 2024 with police.",
        "Officers recovered about 20,000 live animals.",
    ])})
    ev = run(lib, "How many live animals did the WCO operation recover?")
    assert by_quote(ev, "Officers recovered").usable


def test_a_word_no_document_uses_weakens_every_passage() -> None:
    plain = by_quote(run(liberterra_library(), "How many arrests were there in Liberterra II?"),
                     "Liberterra II led to 2,517")
    odd = by_quote(run(liberterra_library(), "How many arrests were there in Liberterra II ships?"),
                   "Liberterra II led to 2,517")
    assert odd.entity == pytest.approx(plain.entity * evidence.UNKNOWN_WORD)


def test_chart_titles_and_source_lines_are_not_evidence() -> None:
    lib = FakeLibrary({"d1": ("Report", [
        "Fig. 72 Prevalence of child labour in 25 countries, 2014-2022",
        "Source: UNODC NGO Survey, based on 87 answers.",
        "Some 87 organisations answered the survey.",
    ])})
    quotes = [c.quote for c in (lambda ev: ev.ranked + ev.rejected)(
        run(lib, "How many organisations answered the survey?"))]
    assert quotes == ["Some 87 organisations answered the survey."]


def test_how_long_needs_a_span_of_time() -> None:
    lib = FakeLibrary({"d1": ("Synergia II", [
        "Synergia II involved 95 countries.",
        "Synergia II ran for four months in 2024.",
    ])})
    ev = run(lib, "How long did Synergia II run?")
    assert analyse("How long did Synergia II run?").answer_type == "duration"
    assert [c.quote for c in ev.ranked] == ["Synergia II ran for four months in 2024."]


def test_a_bound_asked_for_weighs_down_figures_without_it() -> None:
    lib = FakeLibrary({"d1": ("The tool", [
        "Our sample had 3 servers configured.", "Up to 5 servers can be configured.",
    ])})

    def weights(question: str) -> dict[str, float]:
        return {c.quote.split()[0]: c.entity for c in run(lib, question).ranked}

    bound = weights("Up to how many servers can be configured in the tool?")
    plain = weights("How many servers can be configured in the tool?")
    assert bound["Our"] < plain["Our"]
    assert bound["Up"] == plain["Up"]
    assert run(lib, "Up to how many servers can be configured?").ranked[0].quote.startswith("Up")


def test_a_date_alone_is_no_span_of_time() -> None:
    lib = FakeLibrary({"d1": ("Custody", [
        "In May 2013, she and her daughter were taken into custody by the police.",
        "She had been held since May 2013 in a detention centre near the capital.",
    ])})
    ev = run(lib, "How long was she held in custody?")
    assert [c.quote for c in ev.ranked] == [
        "She had been held since May 2013 in a detention centre near the capital."]


def test_dates_of_what_happened_are_no_prison_term() -> None:
    lib = FakeLibrary({"d1": ("Cigarette cases", [
        "From December 2008 through May 2011, agents investigated Sam Alazzam for smuggling.",
        "Rainbird was sentenced to 46 months of imprisonment for the scheme.",
    ])})
    ev = run(lib, "What prison sentence did Sam Alazzam receive?")
    assert all(not c.quote.startswith("From December") for c in ev.ranked)
    assert by_quote(ev, "Rainbird was").typed
    # A span of dates still answers how long something lasted.
    assert run(lib, "How long did agents investigate Sam Alazzam?").ranked[0].quote.startswith(
        "From December")


def test_a_weight_does_not_answer_how_many_things() -> None:
    lib = FakeLibrary({"d1": ("Seizures", [
        "In 2023 customs officers seized nearly 27,000 pounds of fentanyl pills at the border.",
    ])})
    assert run(lib, "How many fentanyl pills did customs officers seize in 2023?").ranked == []
    assert run(lib, "How many pounds of fentanyl pills did customs officers seize in 2023?"
               ).ranked


@pytest.mark.parametrize("question", [
    "How often does the Enforcement Group meet?",
    "how frequently does the Enforcement Group meet?",
    "How many times a year does the Enforcement Group meet?",
])
def test_how_often_needs_a_frequency(question: str) -> None:
    lib = FakeLibrary({"d1": ("Enforcement Group", [
        "The Enforcement Group has 27 members and met in Brussels in 2024.",
        "The Enforcement Group meets on average twice a year.",
    ])})
    assert analyse(question).answer_type == "frequency"
    ev = run(lib, question)
    assert [c.quote for c in ev.ranked] == ["The Enforcement Group meets on average twice a year."]


@pytest.mark.parametrize("text, found", [
    ("It meets twice a year.", True), ("Reports are due annually.", True),
    ("Checks run every two weeks.", True), ("It met three times per month.", True),
    ("It has met twice since 2020.", False), ("It has 27 members.", False),
    ("It takes screenshots every 20 seconds.", True), ("Servers rotate on a biweekly basis.", True),
    ("It reports hourly.", True), ("It ran for 20 seconds.", False),
])
def test_frequencies_are_recognised(text: str, found: bool) -> None:
    assert (evidence.FREQUENCY.search(text) is not None) is found


def test_a_run_of_years_answers_how_many_years_in_a_row() -> None:
    lib = FakeLibrary({"d1": ("Terrorism in Africa", [
        "Africa recorded 6,000 terrorism deaths.",
        "Africa recorded the most terrorism deaths for the eighth consecutive year.",
    ])})
    ev = run(lib, "For how many years in a row did Africa record the most terrorism deaths?")
    assert [c.quote for c in ev.ranked] == [
        "Africa recorded the most terrorism deaths for the eighth consecutive year."]


def test_ranks_are_not_counts() -> None:
    assert parse_figures("The first report and the second time it met.") == []


def test_when_prefers_a_day_to_a_bare_year() -> None:
    lib = FakeLibrary({"d1": ("Liberterra II", [
        "The Liberterra II results were announced in 2024.",
        "The Liberterra II results were announced on 6 November 2024.",
    ])})
    ev = run(lib, "When were the Liberterra II results announced?")
    assert "6 November 2024" in ev.ranked[0].quote


def test_a_span_of_time_answers_how_long_even_in_other_words() -> None:
    from assistant.chain import MIN_SCORE

    lib = FakeLibrary({"d1": ("Synergia II", [
        "Synergia II was run from April to August 2024.",
        "Synergia II involved 95 countries and a long list of last-minute targets.",
    ])})
    ev = run(lib, "How long did Synergia II last?")
    assert ev.ranked[0].quote.startswith("Synergia II was run from April")
    assert ev.ranked[0].score >= MIN_SCORE


def test_a_name_in_another_order_or_with_its_acronym_written_out_is_found() -> None:
    lib = front_matter_report([
        "The Secretary of Labor said 168 million children still work, according to the ILO."])
    ev = run(lib, "How many children still work, as the Labor Secretary says?")
    assert by_quote(ev, "The Secretary of Labor").usable


def test_a_person_named_in_full_before_is_named_by_surname_after() -> None:
    lib = FakeLibrary({"d1": ("Gang cases", [
        "The gang sold drugs across the county for years. " * 8,
        "Police located William “Tae” Harris, who was driving a stolen car.",
        "The gang sold drugs across the county for years. " * 8,
        "Hall was sentenced to 90 months, and Harris was sentenced to 180 months."])})
    c = by_quote(run(lib, "How many months did William Harris receive?"), "Hall was")
    assert c.usable and c.missing == []


def test_a_relative_with_the_same_surname_is_no_rival() -> None:
    lib = FakeLibrary({"d1": ("Dissidents abroad", [
        "Mukhtar Ablyazov left Kazakhstan in 2009. In May 2013, Ablyazov's wife and "
        "6-year-old daughter, Alua Ablyazova, were deported by Italian police."])})
    c = by_quote(run(lib, "How old was Mukhtar Ablyazov's daughter in 2013?"), "In May 2013")
    assert c.usable and c.missing == []


def test_a_sentence_that_opens_on_another_person_does_not_answer_for_the_asked_one() -> None:
    lib = FakeLibrary({"d1": ("Russian elites", [
        "OFAC sanctioned Alisher Usmanov and Viktor Vekselberg in 2022. "
        "Usmanov is one of the wealthiest billionaires with vast holdings. "
        "Vekselberg is a prominent businessman with an estimated net worth exceeding $6 "
        "billion. Viktor Vekselberg owns a yacht. Germany seized a yacht worth $600 million."])})
    ev = run(lib, "What is Alisher Usmanov's estimated net worth?")
    assert "Alisher Usmanov" in by_quote(ev, "Vekselberg is").missing  # a surname told in full
    assert "Alisher Usmanov" in by_quote(ev, "Viktor Vekselberg owns").missing  # a full name
    # a sentence on the asked person, or one that opens on no person, is judged as before
    assert by_quote(ev, "Usmanov is one").missing == []
    assert "Alisher Usmanov" not in by_quote(ev, "OFAC sanctioned").missing
    # a place is no person: the report writes no given name before it
    assert "Alisher Usmanov" not in by_quote(ev, "Germany seized").missing


def test_a_sentence_that_opens_on_another_place_does_not_answer_for_the_asked_one() -> None:
    lib = FakeLibrary({"d1": ("Beneficial ownership study", [
        "Companies in Panama were asked about gatekeepers.",
        "Registries differ in what they hold and for how long. " * 6,
        "In the UK and in Spain, gatekeepers are optional. "
        "The UK indicates that approximately 75% of companies are formed by gatekeepers. "
        "The UK says 40% of Panama firms use agents."])})
    ev = run(lib, "What share of companies in Panama are formed by gatekeepers?")
    assert "Panama" in by_quote(ev, "The UK indicates").missing
    assert "Panama" not in by_quote(ev, "The UK says").missing  # it names Panama too
    # the initials of the question's words are no other name
    store = FakeLibrary({"d1": ("Rootkit analysis", [
        "Rootkits hide what they install from the system's own tools.",
        "The Carbon rootkit keeps its files in a virtual file store (VFS).",
        "Registries differ in what they hold and for how long. " * 6,
        "The VFS was realized as a 100 MB file with an NTFS filesystem on it."])})
    vfs = run(store, "How big was the virtual file store of the Carbon rootkit?")
    assert by_quote(vfs, "The VFS was").missing == []


def test_a_surname_alone_is_not_a_place_named_in_full() -> None:
    # "North" is an ordinary word of the library: "North Africa" is no given name and surname.
    lib = FakeLibrary({"d1": ("Migration", [
        "Most routes run north through the desert to North Africa.",
        "In Africa and West Africa, 4,712 victims were detected."])})
    c = by_quote(run(lib, "How many victims were detected in North Africa?"), "In Africa")
    assert "North Africa" in c.missing


def test_a_sibling_region_is_not_taken_for_a_name_in_another_order() -> None:
    lib = FakeLibrary({"d1": ("Forced labour in Africa", [
        "East Africa is covered in the next section. "
        "Based on 4,712 victims of forced labour detected by countries in West Africa."])})
    ev = run(lib, "How many forced labour victims did East African countries detect?")
    assert not by_quote(ev, "Based on 4,712").usable


def test_months_date_a_figure_and_other_months_do_not_answer() -> None:
    lib = FakeLibrary({"d1": ("Gum arabic", [
        "Traders said 3,700 tons had been looted from January to June 2024."])})
    assert by_quote(run(lib, "How many tons were looted between January and June 2024?"),
                    "Traders said").usable
    assert not by_quote(run(lib, "How many tons were looted between July and December 2024?"),
                        "Traders said").usable


def test_a_figure_counting_the_noun_with_another_qualifier_does_not_answer() -> None:
    lib = FakeLibrary({"d1": ("A six-year study", [
        "There were 1,416 sex traffickers of minors arrested from 2010 to 2015. "
        "The average age of the sex traffickers of minors was 28.5 years. "
        "Labor exploitation was outside the study."])})
    ev = run(lib, "How many labor traffickers of minors were arrested?")
    assert ev.ranked == []
    assert "labor traffickers" in by_quote(ev, "There were 1,416").missing


def test_the_asked_qualifier_in_the_sentence_keeps_the_figure() -> None:
    lib = FakeLibrary({"d1": ("A six-year study", [
        "Among labor trafficking cases, there were 212 labor traffickers of minors arrested."])})
    ev = run(lib, "How many labor traffickers of minors were arrested?")
    assert by_quote(ev, "Among labor trafficking").usable


def test_a_bare_noun_after_the_figure_is_not_a_sibling() -> None:
    lib = FakeLibrary({"d1": ("A six-year study", [
        "Police arrested 1,416 traffickers of minors from 2010 to 2015. "
        "Labor exploitation was outside the study."])})
    ev = run(lib, "How many labor traffickers of minors were arrested?")
    assert by_quote(ev, "Police arrested 1,416").missing == []


def test_how_far_needs_a_distance() -> None:
    lib = FakeLibrary({"d1": ("Darfur", [
        "Um Kaddadah lies some 160 km east of El Fasher. "
        "Um Kaddadah was attacked by 300 fighters from El Fasher."])})
    ev = run(lib, "How far from El Fasher is Um Kaddadah?")
    assert by_quote(ev, "Um Kaddadah lies").usable
    assert not by_quote(ev, "Um Kaddadah was attacked").usable


def test_a_name_with_a_leading_country_acronym_the_report_drops_is_found() -> None:
    lib = front_matter_report([
        "In 2021, 10,359 situations were reported to the National Human Trafficking Hotline. "
        "The hotline serves the whole of the U.S. and its territories."])
    ev = run(lib, "How many situations were reported to the US National Human Trafficking "
                  "Hotline in 2021?")
    assert by_quote(ev, "In 2021, 10,359").usable


def test_a_leading_acronym_the_report_never_uses_is_still_missing() -> None:
    lib = front_matter_report([
        "In 2021, 10,359 situations were reported to the National Human Trafficking Hotline."])
    ev = run(lib, "How many situations were reported to the EU National Human Trafficking "
                  "Hotline in 2021?")
    assert not by_quote(ev, "In 2021, 10,359").usable


class PlacesEmbedder(FakeEmbedder):
    """The fake embedder, except that country names point the same way, as places do."""

    PLACES = {"Nigeria", "Congo"}  # entities() reads "Democratic Republic", "Congo"

    def is_place(self, text: str) -> bool:
        return text in self.PLACES

    def embed(self, texts: list[str]) -> np.ndarray:
        out = super().embed(texts)
        for i, text in enumerate(texts):
            if self.is_place(text):
                out[i] = 0.0
                out[i, 0] = 1.0
        return out


def places_library() -> FakeLibrary:
    lib = FakeLibrary({"d1": ("Children and armed groups", [
        "A report on children and armed groups across Africa.",
        "Nigeria is covered in this section on girls and armed groups. "
        "In 2022 in the Democratic Republic of the Congo, 26 per cent of girls recruited by "
        "armed groups were subjected to sexual slavery."])})
    lib.embedder = PlacesEmbedder()
    return lib


def test_a_sentence_placing_its_figure_in_a_rival_country_does_not_answer() -> None:
    ev = run(places_library(), "In Nigeria, what share of girls recruited by armed groups "
                               "were subjected to sexual slavery?")
    assert "Nigeria" in by_quote(ev, "In 2022 in the Democratic").missing


def test_a_stopword_in_the_asked_name_does_not_make_its_report_a_sibling() -> None:
    # The title run into a heading, "State Security Service of Georgia Oversight", lacks no
    # word of the asked "State Security Service of Georgia": "of" is no word a sibling lacks.
    asked = tuple(tokens("State Security Service of Georgia"))
    assert not names_sibling(asked, [tuple(tokens("State Security Service of Georgia "
                                                  "Oversight"))])
    assert names_sibling(tuple(tokens("Panel of Experts on the Sudan")),
                         [tuple(tokens("Panel of Experts on Libya"))])


def test_the_asked_country_in_the_sentence_is_no_rival_case() -> None:
    ev = run(places_library(), "In the Democratic Republic of the Congo, what share of girls "
                               "recruited by armed groups were subjected to sexual slavery?")
    assert by_quote(ev, "In 2022 in the Democratic").usable


def test_names_in_a_which_answer_are_the_answer_not_rivals() -> None:
    ev = run(places_library(), "Which country in Nigeria's region saw girls subjected to "
                               "sexual slavery by armed groups?")
    assert by_quote(ev, "In 2022 in the Democratic").missing == []


def test_a_share_of_a_sibling_quantity_does_not_answer_either() -> None:
    lib = FakeLibrary({"d1": ("A six-year study", [
        "In 2010, 5.2% of sex traffickers had a criminal history, reaching a peak of 9.8% in "
        "2014. Labor exploitation was outside the study."])})
    ev = run(lib, "What share of labor traffickers had a criminal history?")
    assert "labor traffickers" in by_quote(ev, "In 2010, 5.2%").missing


def test_a_noun_named_after_the_counted_one_is_not_a_sibling() -> None:
    lib = FakeLibrary({"d1": ("A six-year study", [
        "In 2015 there were 138 cases of sex trafficking involving online ads. "
        "Child exploitation was the subject of the study."])})
    ev = run(lib, "How many child sex trafficking cases involved online ads in 2015?")
    assert by_quote(ev, "In 2015 there were 138").missing == []


def test_towns_of_the_place_a_report_is_about_are_no_rivals() -> None:
    lib = FakeLibrary({"d1": ("Final report on Nigeria", [
        "Nigeria and its neighbours.",
        "In 2022 in the Democratic Republic of the Congo, 26 per cent of girls recruited by "
        "armed groups were subjected to sexual slavery."])})
    lib.embedder = PlacesEmbedder()
    ev = run(lib, "In Nigeria, what share of girls recruited by armed groups were subjected to "
                  "sexual slavery?")
    assert "Nigeria" not in by_quote(ev, "In 2022 in the Democratic").missing


def test_amount_words_are_no_qualifiers() -> None:
    lib = FakeLibrary({"d1": ("Prosecutions", [
        "Prosecutors opened 1,200 criminal cases in 2022.", "A new law was passed."])})
    ev = run(lib, "How many new cases were opened in 2022?")
    assert by_quote(ev, "Prosecutors opened 1,200").missing == []


def test_a_capitalised_numbered_heading_is_rejected_quickly() -> None:
    import time

    from assistant.evidence import NOTE

    started = time.perf_counter()
    NOTE.match("2 GLOBAL REPORT ON TRAFFICKING IN PERSONS AND SMUGGLING OF MIGRANTS IN AFRICA")
    assert time.perf_counter() - started < 1.0  # it took 35 s with backtracking


@pytest.mark.parametrize("quote, counted", [
    ("The percentage of female sex traffickers increased from 13.4% in 2010.", True),
    ("The share of traffickers who were women rose to 24%.", True),
    ("In 2010, 37.1% of sex traffickers posted ads.", True),  # the noun after the figure
    ("The percentage of victims who were girls was 13.4%.", False),  # counts victims
    ("The number of traffickers arrested was 1,416.", True),
    ("In 2015, the amount of sex traffickers in a gang decreased to 6.9% of the sample.", True),
])
def test_a_share_counts_the_noun_named_before_it(quote: str, counted: bool) -> None:
    fig = next(f for f in parse_figures(quote) if f.kind in ("percent", "count"))
    assert counts("trafficker", quote, fig) is counted



@pytest.mark.parametrize("quote, counted", [
    ("Mammals received the most enquiries (n = 83) followed by birds (n = 27).", True),
    ("The most commonly enquired taxa were tarantula spiders (Theraphosidae, n = 14).", True),
    ("Most calls were about pets (n = 180).", False),  # the sample counts calls
    ("Of 83 mammals, most were hedgehogs.", False),  # no sample size: the noun must follow
    ("Enquiries rose (χ (5, N = 1216) = 59.6).", False),  # a test statistic's size
])
def test_a_sample_size_counts_what_its_sentence_counts(quote: str, counted: bool) -> None:
    fig = next(f for f in parse_figures(quote) if f.kind == "count")
    assert counts("enquiries", quote, fig, sample=True) is counted
    assert not counts("enquiries", quote, fig)  # only for a bare noun, which the caller tells


def test_an_age_is_not_a_span_of_time() -> None:
    lib = FakeLibrary({"d1": ("Study", [
        "The trafficked victims were 15 years old on average when rescued.",
        "Victims were trafficked for an average of 154 days."])})
    ev = run(lib, "How long were the victims trafficked on average?")
    assert [c.quote for c in ev.ranked] == ["Victims were trafficked for an average of 154 days."]


def test_a_sentences_own_vector_lifts_its_score_but_never_below_its_chunks() -> None:
    lib = liberterra_library()
    chunk = lib.chunks["d1"][0]
    close, unrelated = (Candidate(quote=q, chunk=chunk, title="t", start=0, end=len(q),
                                  context="", figures=[], dense=0.5)
                        for q in ("Police made arrests in the port.", "The weather was fine."))
    qvec = lib.embedder.embed_one("How many arrests did police make in the port?")
    evidence._sentence_dense(lib, [close, unrelated], qvec)  # type: ignore[arg-type]
    assert close.dense > 0.5
    assert unrelated.dense == 0.5


def test_a_map_or_chart_caption_is_not_evidence() -> None:
    lib = FakeLibrary({"d1": ("Study", [
        "Map of international gang-related arrests for sex trafficking of a minor. "
        "Most international gang arrests were made in coastal states."])})
    ev = run(lib, "Where were international gang arrests made?")
    assert [c.quote for c in ev.ranked] == [
        "Most international gang arrests were made in coastal states."]


def test_a_day_of_a_timeline_answers_on_which_day() -> None:
    lib = FakeLibrary({"d1": ("Bank intrusion timeline", [
        "The intrusion into the bank involved 12 workstations.",
        "The archive workstation was compromised on Day 9 with stolen credentials.",
    ])})
    question = "On which day was the archive workstation compromised?"
    assert analyse(question).answer_type == "date"
    ev = run(lib, question)
    assert ev.ranked[0].quote.startswith("The archive workstation was compromised on Day 9")


def test_a_name_the_context_pairs_with_the_asked_one_is_a_sibling() -> None:
    # The context names Project Goldfinger and Project Moneypenny; the sentence speaks of the
    # Goldfinger operation only, so its figure does not answer for Moneypenny.
    context = ("Recent studies in Europe, Project Goldfinger in the Baltic region and Project "
               "Moneypenny in several countries, looked at cash movements.")
    assert evidence.context_sibling(("project", "moneypenny"), [("goldfinger",)], context)
    assert not evidence.context_sibling(("project", "goldfinger"), [("goldfinger",)], context)
    # "Hall and Harris" are two people, not a longer name of Harris.
    assert not evidence.context_sibling(
        ("dean", "hall"), [("hall",), ("harris",)],
        "Dean Hall was charged. In January 2018, Hall and Harris were convicted.")


def test_a_sentence_naming_the_asked_name_has_more_words_in_common() -> None:
    # Names weigh little in word overlap (their own checks judge them), but not nothing: of two
    # sentences on the same arrest, the one that names the asked place shares more.
    lib = FakeLibrary({"d1": ("Carbanak", [
        "The leader of the group was apprehended in Alicante on 26 March 2018.",
        "The leader of the group was apprehended on 2 May 2017.",
    ])})
    ev = run(lib, "When was the leader of the group apprehended in Alicante?")
    lex = {c.quote: c.lex for c in ev.ranked + ev.rejected}
    assert lex["The leader of the group was apprehended in Alicante on 26 March 2018."] > \
        lex["The leader of the group was apprehended on 2 May 2017."]


def test_a_count_of_kinds_does_not_count_the_things() -> None:
    lib = FakeLibrary({"d1": ("Carbanak servers", [
        "There appear to be four distinct types of Carbanak servers in China.",
    ])})
    ev = run(lib, "How many Carbanak servers were located in China?")
    focus = [c.focus for c in ev.ranked + ev.rejected]
    assert focus and max(focus) <= 0.3
    kinds = run(lib, "How many types of Carbanak servers were located in China?")
    assert max(c.focus for c in kinds.ranked + kinds.rejected) > 0.3


@pytest.mark.parametrize("text, at, found", [
    ("she received a 100-month sentence", "100", True),
    ("Synergia II ran for four months", "four", True),
    ("a 15-year-old girl", "15", False),
    ("15 years old", "15", False),
])
def test_spans_of_time_are_recognised(text: str, at: str, found: bool) -> None:
    assert (evidence.TIME_UNIT.match(text, text.index(at) + len(at)) is not None) is found


class ColombiaEmbedder(PlacesEmbedder):
    """A name holding a place's name points the way places do ("Department of Nigeria")."""

    def is_place(self, text: str) -> bool:
        return any(place in text for place in ("Nigeria", "Colombia"))


def test_departments_of_the_asked_country_in_its_passage_are_no_rivals() -> None:
    lib = FakeLibrary({"d1": ("Sexual violence in conflict", [
        "A report on sexual violence in conflict across the world.",
        "In Colombia, the Victims' Unit recorded 1,097 cases. "
        "The cases represented a 68 per cent increase, mainly in the Department of Nigeria."])})
    lib.embedder = ColombiaEmbedder()  # the department names point the way places do
    ev = run(lib, "By what share did reported cases in Colombia rise?")
    assert "Colombia" not in by_quote(ev, "The cases represented").missing
    # the same names without "Departments of" are rival places
    lib = FakeLibrary({"d1": ("Sexual violence in conflict", [
        "A report on sexual violence in conflict across the world.",
        "In Colombia, the Victims' Unit recorded 1,097 cases. "
        "The cases represented a 68 per cent increase in Nigeria."])})
    lib.embedder = ColombiaEmbedder()
    ev = run(lib, "By what share did reported cases in Colombia rise?")
    assert "Colombia" in by_quote(ev, "The cases represented").missing


def test_a_figure_written_with_the_reports_acronym_counts_the_spelled_out_noun() -> None:
    lib = FakeLibrary({"d1": ("Wildlife finance", [
        "FinCEN reviewed suspicious activity reports (SARs) on wildlife trafficking.",
        "The final dataset comprises 212 SARs filed over four years. "
        "The final dataset names 18 companies in the trade."])})
    ev = run(lib, "How many suspicious activity reports are in the final dataset?")
    best = ev.ranked[0]
    assert best.quote.startswith("The final dataset comprises 212 SARs")
    assert "suspicious activity reports" in best.spelled
    assert best.lex > by_quote(ev, "The final dataset names").lex


def test_a_life_sentence_answers_what_sentence() -> None:
    lib = FakeLibrary({"d1": ("Case studies", [
        "The trafficker was sentenced to life imprisonment in 2019. "
        "The trafficker ran the operation with two partners."])})
    ev = run(lib, "What prison sentence did the trafficker receive?")
    assert by_quote(ev, "The trafficker was sentenced").typed
    assert not by_quote(ev, "The trafficker ran").typed


def test_a_currency_prefix_is_no_rival_place() -> None:
    lib = FakeLibrary({"d1": ("Migrant smuggling to Italy", [
        "Boats leave North Africa for Italy every week. "
        "According to the smuggler, a life jacket costs US$200."])})
    ev = run(lib, "How much does a life jacket cost on the boats to Italy?")
    assert by_quote(ev, "According to the smuggler").usable


class TrophyEmbedder(PlacesEmbedder):
    PLACES = {"Poland", "Czech"}


def test_a_rival_place_in_the_passage_before_takes_the_figure_from_an_absent_name() -> None:
    def library(first: str) -> FakeLibrary:
        lib = FakeLibrary({"d1": ("Wildlife crime finance", [
            "Hunters from the Czech Republic and Poland imported trophies.",
            "Dealers sold the trophies abroad.",
            f"{first} hunters imported rhino trophies through one dealer. "
            "So far 100 rhino horns have gone missing through this channel."])})
        lib.embedder = TrophyEmbedder()
        return lib

    question = "How many rhino horns have gone missing through Czech hunters' trophy imports?"
    assert "Czech" in by_quote(run(library("In Poland,"), question), "So far 100").missing
    # the asked country in the passage before keeps the figure
    assert by_quote(run(library("In Czech,"), question), "So far 100").usable


def test_names_joined_by_and_share_no_word_through_it() -> None:
    from assistant.evidence import names_sibling

    # "Sweden and Norway" is no sibling of "Jakobsson and Kotsadam"; "Jakobsson and Cho" is
    assert not names_sibling(("jakobsson", "and", "kotsadam"), [("sweden", "and", "norway")])
    assert names_sibling(("jakobsson", "and", "kotsadam"), [("jakobsson", "and", "cho")])


def test_an_acronym_is_written_out_in_lower_case_words() -> None:
    from assistant.acronyms import written_out

    quote = "On 17 October, a person-borne improvised explosive device was detonated."
    assert written_out("IED", quote)
    assert written_out("DOJ", "a case of the department of justice")
    assert not written_out("IED", "in each district")
    assert not written_out("UN", "under new rules")  # two letters open too many pairs
    lib = FakeLibrary({"d1": ("Security report", [
        "A person-borne improvised explosive device was detonated in a tea shop in Mogadishu, "
        "resulting in 11 fatalities and 12 injuries."])})
    ev = run(lib, "How many people did the IED in the Mogadishu tea shop kill?")
    assert by_quote(ev, "A person-borne improvised").usable


def test_a_day_without_its_year_in_a_report_dated_to_that_year_is_the_month_asked() -> None:
    filler = [f"Section {i} discusses the situation in the regions." for i in range(30)]
    body = ["On 17 October, a person-borne improvised explosive device was detonated in a tea "
            "shop in Mogadishu, resulting in 11 fatalities and 12 injuries."]
    lib = FakeLibrary({"r1": ("Report of the Secretary-General", [
        "The present report covers the period from 23 September 2024 to 19 March 2025."]
        + filler + body)})
    asked = "How many people were killed by the tea shop bombing in Mogadishu in October {}?"
    assert by_quote(run(lib, asked.format(2024)), "On 17 October").usable
    assert "2023" in by_quote(run(lib, asked.format(2023)), "On 17 October").missing
    # another month is still another part of the year
    other = by_quote(run(lib, asked.replace("October", "November").format(2024)), "On 17 October")
    assert not other.usable


def test_a_name_sharing_a_word_from_the_middle_of_another_is_no_sibling() -> None:
    from assistant.evidence import names_sibling

    asked = ("green", "climat", "fund")
    assert not names_sibling(asked, [("climat", "resilient", "agricultur")])
    assert names_sibling(asked, [("adaptation", "fund")])
    assert names_sibling(("north", "africa"), [("sub", "saharan", "africa")])
    lib = FakeLibrary({"d1": ("Somalia report", [
        "On 24 October, the Green Climate Fund Board approved its first single-country "
        "adaptation project for Somalia. The $94.9 million project, entitled \u201cClimate "
        "Resilient Agriculture in Somalia (Ugbaad)\u201d, is being co-executed by FAO."])})
    ev = run(lib, "How much is the Green Climate Fund's first adaptation project for Somalia?")
    assert by_quote(ev, "The $94.9 million project").usable


def test_a_dotted_acronym_in_another_word_order_is_the_same_name_not_a_sibling() -> None:
    from assistant.evidence import names_sibling

    asked = ("us", "stat", "department")
    assert not names_sibling(asked, [("u", "s", "department", "of", "stat")])
    assert names_sibling(asked, [("u", "s", "department", "of", "justic")])
    lib = FakeLibrary({"d1": ("Wildlife trafficking finance", [
        "The U.S. Department of State has identified six jurisdictions as countries of "
        "concern for wildlife trafficking."])})
    ev = run(lib, "Which jurisdictions does the US State Department list as countries of concern?")
    assert by_quote(ev, "The U.S. Department of State").usable


def test_a_numbered_reference_among_notes_is_no_evidence_but_an_explaining_note_is() -> None:
    from assistant.evidence import endnote

    notes = ("The notes follow.\n\n64 Children and armed conflict, Report of the "
             "Secretary-General, 3 June 2024.\n\n65 Children in armed conflict. Report of "
             "the Secretary-General (A/78/842), 3 June 2024.\n\n66 Report of the Special "
             "Representative, 27 July 2023.")
    assert endnote(notes, notes.index("65 Children"))
    assert not endnote(notes, notes.index("The notes"))
    explained = ("1 Data from the hotline.\n\n2 Situations where the form is unknown occur when "
                 "an agent does not disclose details.\n\n3 Counts may overlap.")
    assert not endnote(explained, explained.index("2 Situations"))
    prose = "Officers acted.\n\n65 Children were rescued in 2024, officers said."
    assert not endnote(prose, prose.index("65 Children"))


def test_a_judgment_numbered_paragraph_that_dates_what_it_tells_is_evidence() -> None:
    from assistant.evidence import endnote

    judgment = ("56 Exhibit 7 relates to counts 16, 17 and 18. It was pawned on November 4, 1997 "
                "for $50.00 to the defendant corporation.\n\n57 With respect to count 17, the "
                "officer testified that on April 17, 1998 when he seized this item, it had a "
                "price tag of $199.00 on it.")
    assert not endnote(judgment, judgment.index("57 With"))
    assert not endnote(judgment, judgment.index("56 Exhibit"))
    # a reference with a date, or a note sending the reader elsewhere, is still one
    refs = ("28 Reuters, Mehr News Agency, September 25, 2010.\n\n29 For a discussion of the "
            "reforms and of how they were received, see the survey by Camp (2012) in full."
            "\n\n30 Mehr News Agency, September 26, 2010.")
    assert endnote(refs, refs.index("29 For"))
    assert endnote(refs, refs.index("30 Mehr"))


def test_a_judgment_paragraph_naming_an_officer_is_evidence_and_a_note_naming_an_office_not(
) -> None:
    lib = FakeLibrary({"d1": ("Bear Paw Pawn judgment", [
        "56 Exhibit 7 relates to counts 16, 17 and 18 and was pawned for $50.00 on November 4, "
        "1997.\n\n57 With respect to count 17, Officer Hanson testified that on April 17, 1998 "
        "when he seized this item, it had a price tag of $199.00 on it."])})
    ev = run(lib, "What was the price tag on Exhibit 7 when Officer Hanson seized it?")
    assert ev.ranked[0].quote.startswith("57 With respect")
    notes = FakeLibrary({"d1": ("Notes", [
        "Officers seized items worth $4,000.\n\n12 Annual figures, United Nations Office on "
        "Drugs and Crime.\n\n13 Seizure data, World Customs Organization."])})
    assert not [c for c in run(notes, "What was the value of the items seized?").ranked
                if c.quote.startswith(("12 Annual", "13 Seizure"))]


def test_another_decade_does_not_answer_the_decade_asked() -> None:
    lib = FakeLibrary({"d1": ("Tax morale", [
        "At the end of the 1970s, tax evasion in Spain was estimated at 40 percent of tax "
        "receipts. Filler text about the survey follows here."])})
    assert by_quote(run(lib, "What was tax evasion in Spain as a share of tax receipts at the "
                             "end of the 1970s?"), "At the end").usable
    ev = run(lib, "What was tax evasion in Spain as a share of tax receipts at the end of the "
                  "1990s?")
    assert "1990s" in by_quote(ev, "At the end").missing


@pytest.mark.parametrize(("quote", "head"), [
    ("control of more than 40,000 km of rail", "kilometr"),
    ("seized 500 kg of cocaine", "kilogram"),
    ("the file is only 55 KB in size", "kilobyt"),
])
def test_a_short_unit_counts_what_its_name_counts(quote: str, head: str) -> None:
    from assistant.figure_focus import counts

    fig = parse_figures(quote)[0]
    assert counts(head, quote, fig)


class ChinaEmbedder(PlacesEmbedder):
    PLACES = {"China", "PRC"}


def test_an_acronym_the_report_spells_out_is_the_asked_name_not_its_rival() -> None:
    lib = FakeLibrary({"d1": ("Fentanyl precursors", [
        "Precursors come from companies in the People's Republic of China (PRC).",
        "Brokers sell the chemicals online.",
        "After the PRC government scheduled all fentanyl-related substances as a class in "
        "May 2019, direct shipments declined."])})
    lib.embedder = ChinaEmbedder()
    ev = run(lib, "When did China schedule all fentanyl-related substances as a class?")
    assert by_quote(ev, "After the PRC government").usable


def test_a_name_opening_a_sentence_answers_who_when_the_library_never_writes_it_lower() -> None:
    lib = FakeLibrary({"d1": ("Banking botnets", [
        "Bogachev, who is believed to be behind the botnet, was indicted last spring. "
        "Officials said a group is behind the botnet and its servers. "
        "The officials gave no names."])})
    ev = run(lib, "Who is believed to be behind the botnet?")
    assert by_quote(ev, "Bogachev").focus == 1.0
    assert by_quote(ev, "Officials said").focus == 0.0


def test_a_span_of_one_unit_without_a_number_answers_how_quickly() -> None:
    lib = FakeLibrary({"d1": ("Gang report", [
        "Within a month of the release, the gang added support for new systems. "
        "The gang has grown to 40 members since then."])})
    ev = run(lib, "How quickly after the release did the gang add support?")
    assert by_quote(ev, "Within a month").typed is True
    assert by_quote(ev, "The gang has grown").typed is False


def test_the_year_of_the_report_asked_about_marks_no_sentence() -> None:
    lib = FakeLibrary({"d1": ("Threat analysis 2021", [
        "Trafficking generates between $7 and $23 billion per year. "
        "The dataset covers reports filed up to October 31, 2021, worth $1 billion."])})
    ev = run(lib, "How much money does trafficking generate each year, "
                  "according to the 2021 threat analysis?")
    assert by_quote(ev, "Trafficking generates").entity == by_quote(ev, "The dataset").entity


def test_a_sentence_opening_with_a_pronoun_is_read_with_the_one_before() -> None:
    lib = FakeLibrary({"d1": ("Kit report", [
        "BlackEnergy is a toolkit sold in the underground. "
        "Originally, it was designed for creating botnets. The toolkit costs little."])})
    ev = run(lib, "What was BlackEnergy originally designed for?")
    assert evidence._read_alone(by_quote(ev, "Originally, it")).endswith(
        "BlackEnergy is a toolkit sold in the underground. "
        "Originally, it was designed for creating botnets.")
    assert evidence._read_alone(by_quote(ev, "The toolkit")) == "The toolkit costs little."


def test_a_sentence_writing_the_initials_of_the_questions_words_speaks_of_them() -> None:
    lib = FakeLibrary({"d1": ("Jurisdictions under increased monitoring", [
        "Since the adoption of its MER in June 2024, Kuwait has made progress. "
        "Kuwait joined the review in 2023 after a visit."])})
    ev = run(lib, "When was Kuwait's mutual evaluation report adopted?")
    mer = by_quote(ev, "Since the adoption")
    assert "mutual evaluation report" in mer.spelled
    assert ev.ranked[0] is mer


def test_another_operation_in_the_sentence_or_just_before_it_takes_the_figure() -> None:
    lib = FakeLibrary({"d1": ("Annual report", [
        "Operation Winter Shield is still under way.",
        "Elder fraud rose again this year. " * 15,
        "Operation Level Up notified 8,000 victims and saved them $500 million. "
        "It stopped a victim from cashing out $750,000."])})
    ev = run(lib, "How much has Operation Winter Shield saved victims?")
    assert ev.ranked == []
    assert "Winter Shield" in by_quote(ev, "Operation Level Up").missing
    assert "Winter Shield" in by_quote(ev, "It stopped a victim").missing


def test_the_asked_operation_named_in_the_sentence_is_no_rival() -> None:
    lib = FakeLibrary({"d1": ("Annual report", [
        "Operation Winter Shield, like Operation Level Up, saved victims $200 million."])})
    ev = run(lib, "How much has Operation Winter Shield saved victims?")
    assert [c.quote[:24] for c in ev.ranked] == ["Operation Winter Shield,"]


def test_how_many_is_not_answered_by_a_sum_of_money_but_how_large_may_be() -> None:
    lib = FakeLibrary({"d1": ("Annual report", [
        "In 2023, the service recovered more than $1.1 billion in assets lost to crime "
        "and secured convictions."])})
    assert run(lib, "How many convictions did the service secure in 2023?").ranked == []
    assert run(lib, "How large were the assets the service recovered in 2023?").ranked


def test_a_dotted_place_opening_a_name_places_the_figure() -> None:
    assert evidence._leading_places(
        "In 2023, U.S. Customs and Border Protection (CBP) seized 550,000 pounds of drugs.",
        frozenset({"europ"})) == ["U.S."]
    assert evidence._leading_places(
        "In 2023, U.S. Customs and Border Protection (CBP) seized 550,000 pounds of drugs.",
        frozenset({"us", "custom"})) == []
    assert evidence._leading_places("The U.S. seized 5 tonnes.", frozenset({"europ"})) == []


def test_a_cited_source_named_only_pages_away_still_answers() -> None:
    # "according to the Horizontal Review" names the report's author or the work it quotes,
    # which a report may name anywhere: the distance rule is for places and other subjects.
    lib = long_report(["Some 4,000 people crossed the sea."],
                      opening="Filler about the Horizontal Review once.")
    c = by_quote(run(lib, "According to the Horizontal Review, how many people crossed the "
                          "sea?"), "Some 4,000 people")
    assert c.usable and c.entity == pytest.approx(evidence.DOC_ONLY)


def test_a_place_named_only_pages_away_is_still_missing_beside_a_cited_source() -> None:
    lib = long_report(["Some 4,000 people crossed the sea."],
                      opening="Filler about Malta and the Horizontal Review once.")
    c = by_quote(run(lib, "According to the Horizontal Review, how many people crossed the "
                          "sea from Malta?"), "Some 4,000 people")
    assert c.missing == ["Malta"]


@pytest.mark.parametrize("question, usable", [
    # The report writes "Dutch" and "National Threat Assessment", never together.
    ("According to the Dutch National Threat Assessment, how many people fled the town?", True),
    # A word the report never uses does not qualify the name.
    ("According to the Belgian National Threat Assessment, how many people fled the town?",
     False),
    # Not given as the source: a name like any other, which the report lacks.
    ("How many people did the Dutch National Police see flee the town?", False),
])
def test_a_cited_source_may_lead_with_a_word_the_report_uses_elsewhere(
        question: str, usable: bool) -> None:
    lib = front_matter_report([
        "Dutch volunteers helped.",
        "The National Threat Assessment counted the town's people with the National Police.",
        *[f"Part {i} has no names in it." for i in range(5)],
        "Some 4,000 people fled the town in June."])
    assert by_quote(run(lib, question), "Some 4,000 people").usable is usable



def test_a_quoted_title_is_found_on_its_reports_front_pages_not_in_the_sentence() -> None:
    lib = FakeLibrary({
        "law": ("Trafficking in Human Beings", [
            "Case law on trafficking in human beings 2009-2012. An analysis.",
            "In 2010, 85% of the proven victims had been recruited abroad."]),
        "other": ("Trafficking in Human Beings", [
            "Ninth report of the National Rapporteur, 2013.",
            "In 2010, 62% of the proven victims had been recruited abroad."]),
    })
    ev = run(lib, "According to the 2012 study 'Case law on trafficking in human beings "
                  "2009-2012', what share of victims in 2010 had been recruited abroad?")
    # the title's words and years are not asked of the sentence that answers
    assert by_quote(ev, "In 2010, 85%").usable
    # another report of the same series does not carry that title
    title = "Case law on trafficking in human beings 2009-2012"
    assert title in by_quote(ev, "In 2010, 62%").missing


def test_a_report_a_closing_clause_describes_is_found_on_its_front_pages() -> None:
    lib = FakeLibrary({
        "cb": ("Guidance on correspondent banking services", [
            "Guidance on correspondent banking services. FATF, October 2016.",
            "Correspondent banks keep accounts for 12 respondent banks on average."]),
        "fatf": ("FATF annual report", [
            "FATF annual report 2016.",
            "There are currently 39 members of the FATF, with 12 observers."]),
    })
    ev = run(lib, "How many member jurisdictions does the FATF have, according to its "
                  "correspondent banking guidance?")
    assert "its correspondent banking guidance" in by_quote(ev, "There are currently").missing
    assert "its correspondent banking guidance" not in by_quote(ev, "Correspondent banks").missing
    # a report described loosely, which no front page writes, keeps every report in play
    loose = run(lib, "How many members does the FATF have, according to its yearly review "
                     "of typologies?")
    assert by_quote(loose, "There are currently").missing == []
    # and a clause that says only what kind of report leaves the name checks to judge
    kind = run(lib, "How many members does the FATF have, according to the guidance?")
    assert by_quote(kind, "There are currently").missing == []


def test_a_notes_number_is_no_figure_of_the_note() -> None:
    lib = FakeLibrary({"d1": ("Guidance", [
        "Members apply the standards.\n24 See the glossary.\n"
        "25 In the context of a correspondent relationship, the customer is the respondent "
        "bank.\n26 FATF Recommendation 13, sub-paragraph (e)."])})
    ev = run(lib, "How many customers does a correspondent relationship have?")
    # a note (or a judgment's numbered paragraph) is read, without its number as a figure
    assert not by_quote(ev, "25 In the context").figures
    assert not by_quote(ev, "26 FATF Recommendation").figures


@pytest.mark.parametrize(("title", "front", "found"), [
    ("Case law on trafficking in human beings 2009-2012",
     "Trafficking in Human Beings. Case law in trafficking in human beings 2009–2012", True),
    # another year is another edition
    ("Case law on trafficking in human beings 2009-2012",
     "Trafficking in Human Beings. Case law on trafficking in human beings 2008-2011", False),
    ("Machine Learning Partners in Criminal Networks Lopes, Ribeiro",
     "Machine learning partners in criminal networks. D. D. Lopes, B. R. da Cunha", True),
    ("Cyberpolicing in Canada", "Policing cybercrime in the United States", False),
])
def test_a_title_is_most_of_its_words_and_every_year(title: str, front: str, found: bool) -> None:
    from assistant.evidence import titled

    assert titled(title, frozenset(tokens(front))) is found


def test_a_day_of_may_is_a_month_of_the_sentence() -> None:
    lib = FakeLibrary({"d1": ("Colleges report", [
        "57 colleges had an observer as of 31 May 2025 against 41 as of 31 December 2023."])})
    ev = run(lib, "How many colleges had an observer by 31 May 2025?")
    assert by_quote(ev, "57 colleges").usable
    ev = run(lib, "How many colleges had an observer in June 2025?")
    assert not by_quote(ev, "57 colleges").usable


def test_a_cited_author_named_another_way_is_the_author_not_a_rival() -> None:
    lib = FakeLibrary({"d1": ("Child Pornography", [
        "Child Pornography - First report of the Dutch National Rapporteur.",
        "The National Rapporteur counted 2,345 identified victims by August 2011."])})
    ev = run(lib, "According to the Dutch Rapporteur, how many identified victims were counted?")
    assert by_quote(ev, "The National Rapporteur counted").usable
    ev = run(lib, "According to the Belgian Rapporteur, how many identified victims were counted?")
    assert not by_quote(ev, "The National Rapporteur counted").usable


def test_a_name_may_lead_with_the_reports_own_scope() -> None:
    lib = FakeLibrary({"d1": ("Child Pornography", [
        "First report of the Dutch National Rapporteur."] + [
        f"Section {i} discusses trends in {2000 + i} across the region." for i in range(30)] + [
        "A total of 2595 cases were registered with the Public Prosecution Service."])})
    ev = run(lib, "How many cases were registered with the Dutch Public Prosecution Service?")
    assert by_quote(ev, "A total of 2595").usable
    ev = run(lib, "How many cases were registered with the Belgian Public Prosecution Service?")
    assert not by_quote(ev, "A total of 2595").usable


def test_an_average_asked_is_not_answered_by_the_longest_or_the_total() -> None:
    lib = FakeLibrary({"d1": ("Case law", [
        "In 2010, the longest prison sentence was five years and the shortest one month. "
        "In 2010, the average prison sentence imposed was 1.8 years. "
        "In 2010, victims claimed 3.5 million euros, 1,200 euros per victim."])})
    ev = run(lib, "What was the average prison sentence imposed in 2010?")
    assert "average" in by_quote(ev, "In 2010, the longest").missing
    assert by_quote(ev, "In 2010, the average").usable
    ev = run(lib, "On average, how much did each victim claim in 2010?")
    assert by_quote(ev, "In 2010, victims claimed").usable  # a rate "per victim" is one


# ---- lists, shares, windows with dates, figures the question states ---------------------------


def test_the_question_s_own_qualifiers_may_stand_between_a_figure_and_its_noun() -> None:
    quote = "o 2,784 arson and explosives cases, including bombing cases;"
    fig = parse_figures(quote)[0]
    assert counts("case", quote, fig, asked=["arson", "explosiv", "case"])
    assert not counts("case", quote, fig)  # four words on, without the question's words
    guns = "FFLs with 10 or more crime guns traced must report."
    fig = parse_figures(guns)[0]
    assert not counts("trace", guns, fig, asked=["crime", "gun", "trace"])  # "or more": a bound


def test_a_list_item_is_dated_by_the_sentence_leading_in_to_the_list() -> None:
    lead = ("In FY 2012, we initiated the following criminal investigations: "
            "o 25,589 firearms cases, including illegal possession;")
    assert "2012" in evidence.lead_in(lead, "o 2,784 arson and explosives cases;")
    # a sentence ends after the colon: the list is over
    assert evidence.lead_in("In 2012 we opened these: many. Then it ended. ", "o 5 cases") == set()
    assert evidence.lead_in(lead, "Police opened 5 cases.") == set()  # no list item
    lib = long_report(["In 2012, we initiated the following investigations:",
                       "o 2,784 arson and explosives cases; o 84 tobacco diversion cases."])
    ev = run(lib, "How many arson and explosives cases were opened in 2012?")
    item = by_quote(ev, "o 2,784 arson")
    assert item.usable and item.entity > evidence.CONTEXT_YEAR


def test_a_share_of_a_total_answers_what_the_total_was_less_well() -> None:
    lib = FakeLibrary({"d1": ("Financial statements", [
        "The Fund Balance represents approximately 42.3 percent of total assets in 2012. "
        "Total assets in 2012 were $550.4 million, a decrease of 1.1 percent."
    ])})
    ev = run(lib, "What were the Bureau's total assets in 2012?")
    assert by_quote(ev, "The Fund Balance").entity < by_quote(ev, "Total assets").entity
    rate = run(lib, "By how much did the total assets fall in 2012?")
    assert by_quote(rate, "The Fund Balance").entity == by_quote(rate, "Total assets").entity


def test_a_share_of_people_that_were_something_is_told_of_that_something() -> None:
    lib = FakeLibrary({"d1": ("Digital identity study", [
        "Regarding social media, 65% of study participants used a platform for their business. "
        "From an employment perspective, 35% were retired, and 30% being business owners."
    ])})
    ev = run(lib, "What proportion of the study participants were business owners?")
    assert by_quote(ev, "From an employment").focus > by_quote(ev, "Regarding social").focus
    # without a predicate the share of the people named is still the better one
    plain = run(lib, "What share of study participants used a platform?")
    assert by_quote(plain, "Regarding social").focus > by_quote(plain, "From an employment").focus


def test_a_share_below_a_bound_does_not_answer_for_the_share_above_it() -> None:
    lib = FakeLibrary({"d1": ("Digital identity study", [
        "Only 35% of the interviewees have less than 20 online accounts. "
        "Sixty-five percent of the interviewees had more than 20 online accounts."
    ])})
    ev = run(lib, "What percentage of interviewees have more than 20 online accounts?")
    assert "over 20" in by_quote(ev, "Only 35%").missing
    assert by_quote(ev, "Sixty-five").missing == []
    below = run(lib, "What share of the interviewees have fewer than 20 online accounts?")
    assert by_quote(below, "Only 35%").missing == []
    assert "under 20" in by_quote(below, "Sixty-five").missing


def test_an_age_counts_no_people() -> None:
    lib = FakeLibrary({"d1": ("Digital identity study", [
        "Interviewees were individuals between the age of 55 and 75 with no IT background. "
        "Twenty interview participants were involved in this study."
    ])})
    assert by_quote(run(lib, "How many people were interviewed for the study?"),
                    "Interviewees were").typed is False
    assert by_quote(run(lib, "How old were the people interviewed for the study?"),
                    "Interviewees were").typed is True


def test_dates_between_a_figure_and_its_noun_do_not_push_the_noun_out_of_the_window() -> None:
    quote = "Total liabilities as of September 30, 2012 and 2011, were $356.5 million."
    fig = [f for f in parse_figures(quote) if f.kind == "money"][0]
    assert figure_window(quote, fig).startswith("Total liabilities")


def test_a_figure_the_question_states_is_not_its_answer() -> None:
    lib = FakeLibrary({"d1": ("Cash rules", [
        "The regulation sets a limit to large cash payments of EUR 10 000 for traders. "
        "Breaches of the limit are fined up to EUR 50 000 under national law."
    ])})
    ev = run(lib, "How much are traders fined who breach the EUR 10,000 cash limit?")
    assert by_quote(ev, "The regulation sets").typed is False
    assert by_quote(ev, "Breaches of the limit").typed is True


def test_since_when_is_answered_by_when_it_began() -> None:
    lib = FakeLibrary({"d1": ("FIN6 profile", [
        "FIN6 has been active since its attacks on shops throughout 2018. "
        "FIN6 is a financially motivated group in operation since at least 2015."
    ])})
    ev = run(lib, "Since when has FIN6 been active?")
    began = by_quote(ev, "FIN6 is a financially motivated group")
    assert by_quote(ev, "FIN6 has been active").entity < began.entity
    alone = FakeLibrary({"d1": ("FIN6 profile", [
        "FIN6 has been active throughout 2018 and since."])})
    only = run(alone, "Since when has FIN6 been active?")
    assert by_quote(only, "FIN6 has been active").entity == by_quote(
        run(alone, "When was FIN6 active?"), "FIN6 has been active").entity  # none told
    when = run(lib, "When was FIN6 active?")
    assert by_quote(when, "FIN6 has been active").entity == by_quote(
        when, "FIN6 is a financially motivated group").entity


def test_a_span_of_working_or_calendar_days_answers_how_long() -> None:
    lib = FakeLibrary({"d1": ("Rulebook", [
        "Discrepancies shall be reported within 14 calendar days of their detection. "
        "Entities may proceed if the FIU gives no instruction within 3 working days. "
        "Entities reported 14 discrepancies to the registers."
    ])})
    ev = run(lib, "How quickly must discrepancies be reported?")
    assert by_quote(ev, "Discrepancies shall be reported").typed is True
    assert by_quote(ev, "Entities may proceed").typed is True
    assert by_quote(ev, "Entities reported 14").typed is False


class SynonymEmbedder(FakeEmbedder):
    """The fake embedder, except that "established" means what "founded" does."""

    def embed(self, texts: list[str]) -> np.ndarray:
        return super().embed([t.replace("established", "founded") for t in texts])


def test_the_words_around_a_date_may_say_what_a_when_question_asks_in_other_words() -> None:
    lib = FakeLibrary({"d1": ("Final notice to the bank", [
        "The bank must pay the penalty in full by 26 November 2024.",
        "The bank was established in 2010 and offers retail services.",
        "The bank failed to monitor its transactions.",
        "The bank has since improved its controls."])})
    lib.embedder = SynonymEmbedder()
    ev = run(lib, "In what year was the bank founded?")
    founded, paid = by_quote(ev, "The bank was established"), by_quote(ev, "The bank must pay")
    assert founded.focus > paid.focus
    assert ev.ranked[0] is founded



def test_by_how_much_is_answered_by_a_change_not_by_a_total() -> None:
    lib = FakeLibrary({"d1": ("Wildlife SAR review", [
        "Wildlife trafficking SARs filed rose each year, with a total of 212 SARs filed.",
        "Wildlife trafficking SARs filed trended up, increasing at least 154 percent.",
        "The auditors found the customer order balances overstated by $14.5 million.",
        "The bureau held customer order balances of $80.2 million at year end."])})
    ev = run(lib, "By how much did wildlife trafficking SARs filed grow?")
    assert ev.ranked[0].quote.startswith("Wildlife trafficking SARs filed trended up")
    ev = run(lib, "By how much were the customer order balances overstated?")
    assert ev.ranked[0].quote.startswith("The auditors found")  # money, not only a share


def test_until_when_is_answered_by_the_date_something_ended() -> None:
    lib = FakeLibrary({"d1": ("Database theft", [
        "On 26 July 2011 the theft of records from the databases began.",
        "The theft of records from the databases went on into the next day, 27 July 2011.",
        "In July 2011 the theft took up to 35 million records from the databases."])})
    ev = run(lib, "Until what date did the theft of records from the databases go on?")
    assert ev.ranked[0].quote.startswith("The theft of records from the databases went on")


def test_a_median_is_not_an_average() -> None:
    lib = FakeLibrary({"d1": ("Sentencing study", [
        "On average, convicted traffickers were given prison sentences of 760 days."])})
    ev = run(lib, "What was the median prison sentence given to convicted traffickers?")
    assert "median" in by_quote(ev, "On average").missing
    lib = FakeLibrary({"d1": ("Sentencing study", [
        "Convicted traffickers were given a median prison sentence of 500 days."])})
    ev = run(lib, "What was the average prison sentence given to convicted traffickers?")
    assert "average" in by_quote(ev, "Convicted traffickers").missing
    ev = run(lib, "What was the median prison sentence given to convicted traffickers?")
    assert by_quote(ev, "Convicted traffickers").usable


def annual_report(body: list[str]) -> FakeLibrary:
    """A long annual report: its cover dates it to 2022, and so do most of its sentences."""
    cover = "Annual report of the State Security Service of Georgia for 2022."
    filler = [f"Section {i} reviews the work of the Service in 2022." for i in range(30)]
    return FakeLibrary({"r1": ("The Report of the State Security Service of Georgia",
                               [cover, "It recalls the reforms of 2015."] + filler
                               + ["The Service works across the country."] + body)})


def test_an_annual_reports_sentences_are_of_its_year() -> None:
    lib = annual_report(["During the reporting year, 44 persons were detained at the line."])
    ev = run(lib, "How many persons were detained at the line in 2022?")
    assert by_quote(ev, "During the reporting year").usable


def test_an_annual_reports_year_in_the_sentences_before_is_no_weaker_than_none() -> None:
    # The report is of 2022: what a sentence after "In 2022, ..." describes is of it no less
    # surely than what one whose passage does not write the year describes. A figure still
    # needs the year near.
    lib = annual_report(["In 2022, the Service reviewed its staff. Its work on the line went "
                         "on. Then 44 persons were detained at the line.",
                         "The Service works across the country.",
                         "Its officers train every month.",
                         "Also 12 persons were detained at the port."])
    ev = run(lib, "What happened to persons detained in 2022?")
    assert by_quote(ev, "Then 44").entity > by_quote(ev, "Also 12").entity
    ev = run(lib, "How many persons were detained in 2022?")
    assert by_quote(ev, "Then 44").entity < by_quote(ev, "Also 12").entity


@pytest.mark.parametrize("question", [
    "How many persons were detained at the line in 2021?",  # not the report's year
    "How many persons were detained at the line in 2015?",  # the report's year is 2022
])
def test_an_annual_report_answers_no_other_year_unwritten(question: str) -> None:
    lib = annual_report(["During the reporting year, 44 persons were detained at the line."])
    year = re.search(r"\d{4}", question)
    assert year and year.group() in by_quote(run(lib, question), "During the reporting").missing


def test_a_report_over_many_years_still_needs_the_year_near() -> None:
    lib = long_report(["Some 4,000 people crossed the sea to Europe."], opening="Data for 2021.")
    ev = run(lib, "How many people crossed the sea to Europe in 2021?")
    assert "2021" in by_quote(ev, "Some 4,000 people").missing


@pytest.mark.parametrize("question, typed", [
    ("How often was the hot line activated in 2022?", True),
    ("How often is the hot line activated?", False),  # a rate, which a total is not
])
def test_a_count_of_times_answers_how_often_within_a_year(question: str, typed: bool) -> None:
    lib = annual_report(["In 2022, the hot line was activated 2 183 times by the two sides."])
    assert by_quote(run(lib, question), "In 2022, the hot line").typed is typed
