"""The loader and chunker on a real report: UNODC GLOTIP 2024, chapter 2 (Africa)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.ingest.chunking import chunk_document, split_sentences
from assistant.ingest.loaders import load
from assistant.models import LoadedDocument

REPORT = Path(__file__).parents[2].parent / "shared/reports/unodc-glotip-2024-chapter-2-africa.pdf"


@pytest.fixture(scope="module")
def report() -> LoadedDocument:
    if not REPORT.is_file():
        pytest.skip(f"real report not found at {REPORT} (it lives outside the repository)")
    return load(str(REPORT))


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def test_all_45_pages_numbered(report: LoadedDocument) -> None:
    assert [p.number for p in report.pages] == list(range(1, 46))
    assert report.title == "Trafficking in persons in and from Africa; a global responsibility"
    assert report.metadata["date"] == "2024-12-10"


def test_page_19_natural_disasters_sentence_reads_whole(report: LoadedDocument) -> None:
    found = [s for s in _sentences(report.pages[18].text) if "6 million" in s]
    assert found == [
        "In 2023, displacement from natural disasters were the cause of an estimated 6 million "
        "displacements in Sub-Saharan African countries, decreasing from a 7.4 million peak "
        "recorded in 2022."
    ]


def test_page_19_reads_left_column_then_right(report: LoadedDocument) -> None:
    text = report.pages[18].text
    left = text.index("identified in Europe.")  # the end of the left column
    right = text.index("The progress of Africa in combating trafficking")
    assert left < right
    heading = (
        "Important advancements in criminal justice responses but measures to target "
        "organized crime still lacking"
    )
    assert heading in text.split("\n\n")  # the heading is its own paragraph


def test_page_19_has_no_glued_footnote_markers(report: LoadedDocument) -> None:
    # "... which generally entails rapid escape." starts on page 18 and is finished there.
    assert "generally entails rapid escape." in report.pages[17].text
    text = report.pages[18].text
    for phrase in (
        "In 2023, displacement from natural disasters",
        "peak recorded in 2022.",
        "experienced human trafficking. Authorities in Burkina Faso",
        "prey to traffickers. In other studies",
        "human rights violations.",
        "identified in Europe.",
    ):
        assert phrase in text
    assert not re.search(r"[a-z][.,;:]\d{1,3}\b", text)


def test_body_pages_have_no_glued_footnote_markers(report: LoadedDocument) -> None:
    for page in report.pages[2:30]:
        glued = re.findall(r"[a-z][.,;:”)]\d{1,3}(?=\s|$)|\b[a-z]{3,}\d{1,3}\b", page.text)
        assert glued == [], (page.number, glued)


def test_no_words_split_by_line_end_hyphens(report: LoadedDocument) -> None:
    import pymupdf

    text = report.text
    assert not re.search(r"traffick-\s*ing", text)
    for word in ("displacement", "percentage", "experienced", "especially", "parallel"):
        assert word in report.pages[18].text
    with pymupdf.open(REPORT) as pdf:
        printed = " ".join(" ".join(page.get_text().split()) for page in pdf)
    # Any "word- word" left must be printed that way mid-line (suspended hyphens, URLs).
    for match in re.finditer(r"\w+- \w", text):
        assert match.group(0) in printed, match.group(0)


def test_figures_are_intact(report: LoadedDocument) -> None:
    text = report.text
    for figure in ("990 million", "65 per cent", "39,800", "1.4 billion", "100,000"):
        assert figure in text


def test_running_headers_and_page_numbers_are_dropped(report: LoadedDocument) -> None:
    for page in report.pages:
        paragraphs = page.text.split("\n\n")
        assert "Global Report on Trafficking in Persons 2024" not in paragraphs
        assert "II — Trafficking in persons in and from Africa" not in paragraphs
        assert not any(re.fullmatch(r"\d{1,3}", p.strip()) for p in paragraphs)


def test_chunks_quote_the_page_exactly(report: LoadedDocument) -> None:
    chunks = chunk_document(report, "glotip")
    assert chunks and [c.index for c in chunks] == list(range(len(chunks)))
    for chunk in chunks:
        page = report.pages[chunk.page - 1]  # type: ignore[operator]
        assert page.text[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= 900
    on_19 = [c for c in chunks if c.page == 19 and "6 million" in c.text]
    assert on_19 and "natural disasters" in on_19[0].text


def test_a_sentence_cut_by_a_figure_reads_whole(report: LoadedDocument) -> None:
    # On the page the sentence runs around Fig. 82 and its source line; the caption follows it.
    text = "\n\n".join(p.text for p in report.pages)
    sentence = ("between 60,000 and 100,000 children worked in ASM under exceptionally "
                "exploitative conditions in Burkina Faso alone.")
    assert sentence in text
    assert text.index(sentence) < text.index("Fig. 82 Estimated number of workers in ASM")
    # a sentence cut by a figure's caption, labels and source rejoins too
    assert ("target more boys than girls. Following lines of traditional gender roles, boys are "
            "generally exploited in combat roles") in text


def test_a_sentence_cut_by_a_page_break_reads_whole_on_its_first_page(
        report: LoadedDocument) -> None:
    # Page 20 ends "... collected by UNODC over the" above two charts; page 21 goes on, after
    # its own charts, with "years report on about 3,140 traffickers".
    sentence = ("The total court case summaries collected by UNODC over the years report on about "
                "3,140 traffickers, about 550 of whom are part of governance-type organized crime "
                "groups")
    assert sentence in report.pages[19].text
    assert "3,140" not in report.pages[20].text
