"""Sentence splitting and chunking: offsets, limits, overlap and headings."""

from __future__ import annotations

import time

import pytest

from assistant.ingest.chunking import chunk_document, find_headings, split_sentences
from assistant.models import LoadedDocument, Page


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Some countries, e.g. Nigeria and Ghana, reported cases.",
        "Victims were recruited online, i.e. Through social media.",
        "The U.S. Department of State published its report.",
        "See resolution No. 5 of the Council.",
        "The report by Dr. Smith was published.",
        "Detections rose 3.5 per cent in 2022.",
        "General Assembly resolution 78/267 was adopted.",
        "The envoy M. Deng visited the camps.",
        "Fishing, mining, farming, etc. are the main sectors.",
        "Estimates by Okech et al. (2021) are lower.",
        "The Report, vol. 2 of the series, is long.",
    ],
)
def test_no_split_inside_abbreviations_and_numbers(text: str) -> None:
    assert sentences(text) == [text]


def test_splits_at_sentence_ends() -> None:
    text = "Police made 12 arrests. Victims were freed! Was it enough? Yes."
    assert sentences(text) == [
        "Police made 12 arrests.",
        "Victims were freed!",
        "Was it enough?",
        "Yes.",
    ]


def test_a_heading_in_capitals_run_into_its_paragraph_is_a_sentence_of_its_own() -> None:
    text = ("Intro ends here.\n\nCOOPERATION WITH THE PROSECUTION Faith produced evidence "
            "and testified. She was sentenced.")
    assert sentences(text) == ["Intro ends here.", "COOPERATION WITH THE PROSECUTION",
                               "Faith produced evidence and testified.", "She was sentenced."]
    # acronyms before a name are no heading, nor are capitals inside a sentence
    for kept in ("UNODC WCO CCP Container Control Programme seized 5 tons.",
                 "The FBI and the NCA SAID Operation Magnum ended."):
        assert sentences(kept) == [kept]


def test_splits_after_an_endnote_reference_against_the_full_stop() -> None:
    text = "Children work in mines.(8) During the year, laws changed.(8, 23) More followed."
    assert sentences(text) == ["Children work in mines.(8)",
                               "During the year, laws changed.(8, 23)", "More followed."]


def test_splits_after_closing_quotes_and_brackets() -> None:
    text = 'He said "the route is closed." Then they left. (See annex.) The end.'
    assert sentences(text) == [
        'He said "the route is closed."',
        "Then they left.",
        "(See annex.)",
        "The end.",
    ]


def test_splits_before_opening_quote_and_digit() -> None:
    text = "It was reported. “Many victims” were children. 2023 was worse."
    assert sentences(text) == [
        "It was reported.",
        "“Many victims” were children.",
        "2023 was worse.",
    ]


def test_splits_at_paragraph_breaks_and_headings() -> None:
    text = "## Arrests\nPolice made 12 arrests\n\nA second paragraph without a stop\n- item one\n"
    assert sentences(text) == [
        "## Arrests",
        "Police made 12 arrests",
        "A second paragraph without a stop",
        "- item one",
    ]


def test_single_newline_inside_paragraph_does_not_split() -> None:
    text = "A sentence wrapped\nover two lines. Next one."
    assert sentences(text) == ["A sentence wrapped\nover two lines.", "Next one."]


def test_a_paragraph_break_inside_a_sentence_does_not_split() -> None:
    # A PDF's text blocks may part mid-sentence: a word or comma, then lower case.
    text = ("Thus, the victim network’s\n\nrecursive server discovers these name servers. "
            "In an interview an “expert”\n\nsuggested it was possible.\n\n"
            "b. Nature of trust\n\n## Arrests\n\npolice made 12 arrests\n\n"
            "It ended.\n\nthen lower case after a stop\n\nProduction\n\nmales reported use")
    assert sentences(text) == [
        "Thus, the victim network’s\n\nrecursive server discovers these name servers.",
        "In an interview an “expert”\n\nsuggested it was possible.",
        "b.", "Nature of trust",  # a list item stays apart
        "## Arrests", "police made 12 arrests",  # so does a heading
        "It ended.", "then lower case after a stop",  # a full stop ended the first
        "Production", "males reported use",  # a label is no sentence to run on
    ]


def test_spans_are_trimmed_offsets_into_the_text() -> None:
    text = "  First one.   Second one.  \n\n  Third.  "
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["First one.", "Second one.", "Third."]
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in spans)


def test_splitting_is_fast_on_a_report_sized_text() -> None:
    para = (
        "In 2023, e.g. in West Africa, 6 million people were displaced by disasters. "
        "UNODC (No. 5) found 3.5 per cent more victims, i.e. 39,800 in total. "
    ) * 6
    text = "\n\n".join([para] * 600)  # about 45 pages' worth and more
    started = time.perf_counter()
    spans = split_sentences(text)
    assert time.perf_counter() - started < 1.0
    assert len(spans) == 600 * 12


def _doc(pages: list[str], fmt: str = "pdf") -> LoadedDocument:
    numbers = range(1, len(pages) + 1) if fmt == "pdf" else [None] * len(pages)
    return LoadedDocument(
        source="x",
        title="t",
        pages=[Page(n, t) for n, t in zip(numbers, pages, strict=True)],
        raw=b"",
        fmt=fmt,
    )


def _long_page(n_sentences: int, word: str = "victims") -> str:
    return " ".join(
        f"Sentence {i} talks about {word} detected in the region." for i in range(n_sentences)
    )


def test_chunks_have_exact_offsets_and_respect_the_limit() -> None:
    doc = _doc([_long_page(40), _long_page(25, "offenders")])
    chunks = chunk_document(doc, "doc1", max_chars=300)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        page = doc.pages[chunk.page - 1]  # type: ignore[operator]
        assert page.text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= 300
        assert chunk.text.endswith(".") and chunk.doc_id == "doc1"
    assert {c.page for c in chunks} == {1, 2}
    assert chunks[0].chunk_id == "doc1:00000"


def test_chunks_never_span_pages() -> None:
    doc = _doc(["Short page one.", "Short page two."])
    chunks = chunk_document(doc, "d")
    assert [(c.page, c.text) for c in chunks] == [(1, "Short page one."), (2, "Short page two.")]


def test_overlap_repeats_the_last_sentence() -> None:
    doc = _doc([_long_page(30)])
    chunks = chunk_document(doc, "d", max_chars=250, overlap=1)
    for prev, nxt in zip(chunks, chunks[1:], strict=False):
        last = sentences(prev.text)[-1]
        assert nxt.text.startswith(last)
        assert nxt.start < prev.end
    no_overlap = chunk_document(doc, "d", max_chars=250, overlap=0)
    assert all(a.end <= b.start for a, b in zip(no_overlap, no_overlap[1:], strict=False))


def test_overlong_sentence_is_cut_at_whitespace() -> None:
    sentence = "word " * 500 + "end."
    doc = _doc([sentence])
    chunks = chunk_document(doc, "d", max_chars=200)
    assert len(chunks) > 1
    for chunk in chunks:
        assert len(chunk.text) <= 200
        assert doc.pages[0].text[chunk.start : chunk.end] == chunk.text
        assert not chunk.text.startswith(" ") and not chunk.text.endswith(" ")
    assert "".join(c.text.replace(" ", "") for c in chunks) == sentence.replace(" ", "")


def test_markdown_headings_are_carried_across_pages() -> None:
    doc = _doc(
        ["# Brief\n\nIntro text.\n\n## Arrests\n\nPolice made 12 arrests.", "More on the arrests."],
        fmt="md",
    )
    chunks = chunk_document(doc, "d", max_chars=40)
    by_text = {c.text: c.heading for c in chunks}
    assert by_text["# Brief\n\nIntro text."] == "Brief"
    assert by_text["## Arrests\n\nPolice made 12 arrests."] == "Arrests"
    assert by_text["More on the arrests."] == "Arrests"


def test_markdown_short_lines_are_not_headings() -> None:
    doc = _doc(["Not a heading\n\nBody text that follows here."], fmt="md")
    assert chunk_document(doc, "d")[0].heading == ""


def test_pdf_style_heading_is_a_short_standalone_line() -> None:
    page = (
        "Earlier text about flows of victims across the region.\n\n"
        "Natural disasters and displacement\n\n"
        "In 2023, disasters caused an estimated 6 million displacements in the region."
    )
    doc = _doc([page, "The next page continues the section."])
    chunks = chunk_document(doc, "d", max_chars=100)
    assert chunks[0].heading == ""
    assert chunks[1].text.startswith("Natural disasters and displacement")
    assert chunks[1].heading == "Natural disasters and displacement"
    assert chunks[-1].heading == "Natural disasters and displacement"


def test_chart_labels_and_captions_are_not_headings() -> None:
    page = (
        "Fig. 12 Victims detected by region, 2022\n\nBoys Girls\n\nWest Africa\n\n"
        "East Africa\n\nSource: UNODC elaboration of national data.\n\n"
        "40 Children and armed conflict in Mali, 15 November 2022\n\n"
        "Body text that follows the chart and its notes."
    )
    assert find_headings(page) == []


def test_heading_opens_a_new_chunk_without_overlap() -> None:
    page = (
        "First section sentence one. First section sentence two.\n\n"
        "Second section\n\nSecond section body sentence."
    )
    chunks = chunk_document(_doc([page]), "d", max_chars=900)
    assert [c.heading for c in chunks] == ["", "Second section"]
    assert chunks[1].text == "Second section\n\nSecond section body sentence."


def test_empty_pages_give_no_chunks() -> None:
    assert chunk_document(_doc(["", "   "]), "d") == []
