"""Loaders: source discovery, every format, and the errors a user can cause."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

import httpx
import pymupdf
import pytest

from assistant.errors import IngestError
from assistant.ingest import loaders
from assistant.ingest.loaders import iter_sources, load

BODY = 10.0


def _write_runs(page: pymupdf.Page, x: float, y: float, runs: list[tuple[str, float]]) -> None:
    """Write one line of text runs; runs smaller than the body are raised as superscripts."""
    for text, size in runs:
        page.insert_text((x, y - (4 if size < BODY else 0)), text, fontsize=size)
        x += pymupdf.get_text_length(text, fontsize=size)


def _write_lines(page: pymupdf.Page, x: float, y: float, lines: list[str]) -> float:
    for line in lines:
        page.insert_text((x, y), line, fontsize=BODY)
        y += 13
    return y


def _margins(page: pymupdf.Page, number: int) -> None:
    page.insert_text((50, 40), "Casebook Test Report on Trafficking", fontsize=9)
    page.insert_text((290, 810), str(number), fontsize=9)


@pytest.fixture
def report_pdf(tmp_path: Path) -> Path:
    """Build a three-page report: two columns, a footnote marker, hyphenation, headers."""
    doc = pymupdf.open()
    page = doc.new_page()
    _margins(page, 1)
    page.insert_text((50, 100), "Trafficking in the Test Region", fontsize=24)
    y = _write_lines(
        page,
        50,
        160,
        [
            "Left column opens the report and describes the flows",
            "of victims detected in the region. Many victims of traffick-",
            "ing were children in 2023 and the G20 countries reported",
        ],
    )
    _write_runs(
        page,
        50,
        y,
        [
            ("more victims.", BODY),
            ("12", 6.0),
            (" The total in Africa", BODY),
            ("3", 6.0),
            (" rose to", BODY),
        ],
    )
    _write_lines(page, 50, y + 13, ["39,800 detected victims in 2022."])
    _write_lines(
        page,
        320,
        160,
        [
            "Right column comes second in reading order and",
            "talks about convictions, which rose by 3.5 per cent.",
        ],
    )
    for number in (2, 3):
        page = doc.new_page()
        _margins(page, number)
        _write_lines(
            page,
            50,
            160,
            [
                f"Page {number} body text about victims and offenders.",
                "It has a second line of ordinary prose.",
            ],
        )
    doc.set_metadata({"title": "Test Report on Trafficking", "creationDate": "D:20240315120000"})
    path = tmp_path / "report.pdf"
    doc.save(path)
    return path


def test_pdf_pages_are_numbered_from_one(report_pdf: Path) -> None:
    doc = load(str(report_pdf))
    assert doc.fmt == "pdf"
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.raw == report_pdf.read_bytes()


def test_pdf_metadata_title_and_date(report_pdf: Path) -> None:
    doc = load(str(report_pdf))
    assert doc.title == "Test Report on Trafficking"
    assert doc.metadata["date"] == "2024-03-15"
    assert doc.metadata["source"] == str(report_pdf)


def test_pdf_reads_left_column_before_right(report_pdf: Path) -> None:
    text = load(str(report_pdf)).pages[0].text
    assert text.index("Left column opens") < text.index("Right column comes second")
    assert "reported more victims" in text  # the left column is not interleaved with the right


def test_pdf_joins_hyphenated_line_breaks_and_unwraps_lines(report_pdf: Path) -> None:
    text = load(str(report_pdf)).pages[0].text
    assert "victims of trafficking were children" in text
    assert "traffick-" not in text
    assert "describes the flows of victims" in text


def test_pdf_strips_superscript_footnote_markers_only(report_pdf: Path) -> None:
    text = load(str(report_pdf)).pages[0].text
    assert "more victims. The total in Africa rose to 39,800" in text
    assert "G20" in text and "2023" in text and "3.5 per cent" in text


def test_pdf_drops_running_headers_and_page_numbers(report_pdf: Path) -> None:
    doc = load(str(report_pdf))
    for page in doc.pages:
        assert "Casebook Test Report" not in page.text
        assert page.text.split("\n\n")[-1].strip() != str(page.number)


def test_pdf_columns_around_a_full_width_figure(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    # Paragraph gaps line up across the columns: a naive band cut would interleave them.
    _write_lines(page, 50, 100, ["Top left one, first paragraph.", "Still top left one."])
    _write_lines(page, 50, 150, ["Top left two, second paragraph."])
    _write_lines(page, 320, 100, ["Top right one, first paragraph.", "Still top right one."])
    _write_lines(page, 320, 150, ["Top right two, second paragraph."])
    _write_lines(
        page, 50, 250, ["Fig. 1 A caption that runs across both of the columns of the page."]
    )
    _write_lines(page, 50, 350, ["Bottom left paragraph."])
    _write_lines(page, 320, 350, ["Bottom right paragraph."])
    path = tmp_path / "figure.pdf"
    doc.save(path)
    text = load(str(path)).pages[0].text
    order = [
        "Top left one",
        "Top left two",
        "Top right one",
        "Top right two",
        "Fig. 1",
        "Bottom left",
        "Bottom right",
    ]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions), text


def test_pdf_title_falls_back_to_large_first_page_text(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((50, 100), "A Big Cover Title", fontsize=30)
    _write_lines(page, 50, 200, ["Body text of the report in normal size."])
    path = tmp_path / "cover.pdf"
    doc.save(path)
    assert load(str(path)).title == "A Big Cover Title"


def test_pdf_title_in_bold_body_type_is_the_title(tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((50, 60), "4", fontsize=BODY)
    page.insert_text((50, 100), "Impact of Alleged Cyber Attacks", fontsize=BODY, fontname="hebo")
    _write_lines(page, 50, 200, ["During a two week period the country was attacked.",
                                 "The attack was not the first nor the largest one."])
    path = tmp_path / "article.pdf"
    doc.save(path)
    assert load(str(path)).title == "Impact of Alleged Cyber Attacks"


def test_pdf_metadata_title_the_pages_do_not_bear_out_gives_way_to_the_cover(
        tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((50, 100), "Follow the Money:", fontsize=30)
    page.insert_text((50, 140), "Inside the card shops", fontsize=18)
    _write_lines(page, 50, 200, ["Body text of the report in normal size."])
    doc.set_metadata({"title": "Arial 36pt Header"})
    path = tmp_path / "template.pdf"
    doc.save(path)
    assert load(str(path)).title == "Follow the Money: Inside the card shops"


def test_pdf_encrypted_is_refused(tmp_path: Path) -> None:
    doc = pymupdf.open()
    _write_lines(doc.new_page(), 50, 100, ["Secret text."])
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="user", owner_pw="owner")
    with pytest.raises(IngestError, match="PDF is encrypted"):
        load(str(path))


def test_pdf_corrupt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(random.Random(0).randbytes(4096))
    with pytest.raises(IngestError) as info:
        load(str(path))
    assert "not a valid PDF" in info.value.reason
    assert "Traceback" not in str(info.value)


def test_pdf_without_text_is_refused(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().draw_rect(pymupdf.Rect(50, 50, 200, 200), color=(0, 0, 0))
    path = tmp_path / "scan.pdf"
    doc.save(path)
    with pytest.raises(IngestError, match="no text could be extracted"):
        load(str(path))


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(IngestError, match="file is empty"):
        load(str(path))


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file or directory"):
        load(str(tmp_path / "nope.pdf"))


HTML = """<!doctype html><html><head><title>Arrests in Lagos | News</title>
<meta property="og:title" content="Police arrest 12 suspected traffickers in Lagos">
<style>body { color: red; }</style><script>var tracking = "SCRIPT-TEXT";</script></head>
<body><nav><a href="/">Home</a> <a href="/about">NAV-LINK About us</a></nav>
<header>SITE-HEADER</header>
<article><h1>Police arrest 12 suspected traffickers</h1>
<p>Police in Lagos arrested 12 people suspected of trafficking on 3 May 2024, after a
two-month investigation supported by the national anti-trafficking agency.</p>
<p>The suspects were charged with trafficking 40 women and children to Europe and the Gulf.
Investigators said the network had operated since 2019 and used forged documents.</p>
<p>Victims were referred to shelters run by civil society organizations for assistance.</p>
</article><aside>ASIDE-PROMO</aside><footer>FOOTER-COPYRIGHT 2024</footer></body></html>"""


@pytest.mark.parametrize("trafilatura_available", [True, False])
def test_html_keeps_main_text_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trafilatura_available: bool
) -> None:
    if not trafilatura_available:
        monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails: BS4 fallback
    path = tmp_path / "news.html"
    path.write_text(HTML, encoding="utf-8")
    doc = load(str(path))
    assert doc.fmt == "html"
    assert doc.title == "Police arrest 12 suspected traffickers in Lagos"
    assert [p.number for p in doc.pages] == [None]
    text = doc.pages[0].text
    assert "arrested 12 people suspected of trafficking" in text
    for noise in ("SCRIPT-TEXT", "NAV-LINK", "FOOTER-COPYRIGHT", "color: red", "ASIDE-PROMO"):
        assert noise not in text


def test_html_title_from_title_tag(tmp_path: Path) -> None:
    path = tmp_path / "plain.htm"
    path.write_text(
        "<html><head><title>Plain page</title></head><body><p>Some text about "
        "trafficking cases in the region.</p></body></html>",
        encoding="utf-8",
    )
    assert load(str(path)).title == "Plain page"


def test_docx_paragraphs_headings_and_tables(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Annual Trafficking Brief", level=1)
    document.add_paragraph("Authorities identified 120 victims in 2023.")
    document.add_heading("Arrests", level=2)
    document.add_paragraph("Police made 45 arrests.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Country", "Victims"
    table.cell(1, 0).text, table.cell(1, 1).text = "Ghana", "76"
    path = tmp_path / "brief.docx"
    document.save(str(path))
    doc = load(str(path))
    assert doc.fmt == "docx"
    assert doc.title == "Annual Trafficking Brief"
    paragraphs = doc.pages[0].text.split("\n\n")
    assert "Arrests" in paragraphs
    assert "Police made 45 arrests." in paragraphs
    assert "Ghana | 76" in paragraphs


def test_docx_title_from_core_properties(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = "Core Title"
    document.add_paragraph("Body.")
    path = tmp_path / "t.docx"
    document.save(str(path))
    assert load(str(path)).title == "Core Title"


def test_fake_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("just some text, not a zip", encoding="utf-8")
    with pytest.raises(IngestError, match="not a valid DOCX file"):
        load(str(path))


def test_txt_in_cp1252_decodes(tmp_path: Path) -> None:
    text = (
        "Le café du port a servi de lieu de recrutement. Les enquêteurs ont identifié "
        "douze victimes, dont trois mineures, selon le rapport publié en été.\n"
    )
    path = tmp_path / "note.txt"
    path.write_bytes(text.encode("cp1252"))
    doc = load(str(path))
    assert doc.fmt == "txt" and doc.title == "note"
    assert "café" in doc.pages[0].text and "enquêteurs" in doc.pages[0].text


def test_binary_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(500))
    with pytest.raises(IngestError, match=r"not a text file \(binary content\)"):
        load(str(path))


MARKDOWN = """---
title: Lagos arrests brief
publisher: Casebook Team
date: 2024-05-03
kind: brief
report: Lagos 2024
pages: 3
tags: [a, b]
---
# Lagos arrests brief

Police made **12 arrests** and _rescued_ 40 victims, according to
[the agency](https://example.org/agency).

## Arrests

The suspects were charged on 5 May.
"""


def test_markdown_front_matter_and_body(tmp_path: Path) -> None:
    path = tmp_path / "brief.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = load(str(path))
    assert doc.fmt == "md"
    assert doc.title == "Lagos arrests brief"
    meta = doc.metadata
    assert meta["publisher"] == "Casebook Team"
    assert meta["date"] == "2024-05-03"
    assert (meta["kind"], meta["report"], meta["pages"]) == ("brief", "Lagos 2024", "3")
    assert "tags" not in meta
    text = doc.pages[0].text
    assert "---" not in text and "publisher" not in text
    assert "## Arrests" in text.splitlines()
    assert "Police made 12 arrests and rescued 40 victims" in text
    assert "the agency." in text and "https://" not in text


def test_markdown_date_with_time_becomes_iso_date(tmp_path: Path) -> None:
    path = tmp_path / "x.markdown"
    path.write_text("---\ndate: 2024-05-03 10:00:00\n---\nText.\n", encoding="utf-8")
    doc = load(str(path))
    assert doc.metadata["date"] == dt.date(2024, 5, 3).isoformat()
    assert doc.title == "x"


def test_iter_sources_walks_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    (root / "b").mkdir(parents=True)
    (root / ".hidden").mkdir()
    for name in (
        "z.md",
        "a.txt",
        "b/c.pdf",
        "b/d.HTML",
        "notes.csv",
        ".secret.txt",
        ".hidden/e.txt",
    ):
        (root / name).write_text("x", encoding="utf-8")
    found = list(iter_sources([str(root)]))
    assert found == [
        str(root / "a.txt"),
        str(root / "b" / "c.pdf"),
        str(root / "b" / "d.HTML"),
        str(root / "z.md"),
    ]


def test_iter_sources_reports_missing_and_unsupported(tmp_path: Path) -> None:
    csv = tmp_path / "table.csv"
    csv.write_text("a,b", encoding="utf-8")
    url = "https://example.org/report.pdf"
    items = list(iter_sources([str(tmp_path / "gone.pdf"), str(csv), url]))
    assert isinstance(items[0], IngestError) and items[0].reason == "no such file or directory"
    assert isinstance(items[1], IngestError) and "unsupported file type" in items[1].reason
    assert items[2] == url


def _fake_get(content: bytes, content_type: str, status: int = 200):  # type: ignore[no-untyped-def]
    """Return a stand-in for loaders._client that answers every request the same way."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers={"content-type": content_type}, content=content)

    return lambda: httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)


def test_url_dispatches_by_content_type(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaders, "_client", _fake_get(HTML.encode(), "text/html; charset=utf-8"))
    doc = load("https://news.example.org/story")
    assert doc.fmt == "html" and doc.source == "https://news.example.org/story"
    assert "arrested 12 people" in doc.pages[0].text


def test_url_http_error_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaders, "_client", _fake_get(b"gone", "text/html", status=404))
    with pytest.raises(IngestError, match="HTTP 404"):
        load("https://news.example.org/missing")


def test_url_network_failure_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no route")

    monkeypatch.setattr(loaders, "_client",
                        lambda: httpx.Client(transport=httpx.MockTransport(fail)))
    with pytest.raises(IngestError, match="download failed"):
        load("https://news.example.org/x")


def test_url_larger_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loaders, "MAX_DOWNLOAD", 1000)
    monkeypatch.setattr(loaders, "_client", _fake_get(b"x" * 5000, "text/plain"))
    with pytest.raises(IngestError, match="download limit"):
        load("https://news.example.org/huge.txt")


def test_a_caption_inside_a_sentence_moves_after_it() -> None:
    from assistant.ingest.pdf import _Block, _Line, _page_paras

    def _render_page(blocks: list[_Block], vocab: set[str]) -> str:
        return "\n\n".join(p.text for p in _page_paras(blocks, vocab))

    def block(text: str, y0: float, size: float = 10.0) -> _Block:
        return _Block(0, y0, 200, y0 + 12, [_Line(text, y0, y0 + 12, size, False)])

    body = "The number of children in mines is hard to tell, but some 60,000 worked under"
    page = _render_page([
        block(body, 700),
        block("Fig. 8 Estimated number of miners,", 100, 9.0),
        block("by country, 2022", 111, 9.0),
        block("Source: World Bank, 2023.", 400, 7.0),
        block("exploitative conditions in one country alone.", 450),
    ], set())
    assert page.split("\n\n") == [
        body + " exploitative conditions in one country alone.",
        "Fig. 8 Estimated number of miners, by country, 2022",
        "Source: World Bank, 2023.",
    ]
    # prose that names a figure is no caption
    prose = _render_page([block("While the survey is small, the trend is clear and", 100),
                          block("Figure 5 might suggest otherwise for buyers.", 113)], set())
    assert "and Figure 5 might suggest" in prose


def test_a_sentence_cut_by_a_page_break_finishes_on_its_first_page() -> None:
    from assistant.ingest.pdf import _join_across_pages, _Para

    body = 10.0
    first = [_Para("The total court case summaries that the office collected over the", body, False,
                   600, 700),
             _Para("Source: national data.", 7.0, False, 720, 730)]
    second = [_Para("Fig. 9 Persons convicted in 2022, by region, with the total persons "
                    "investigated", 9.0, False, 100, 110),
              _Para("Persons investigated", 7.6, False, 120, 130),
              _Para("years report on about 3,140 traffickers, about 550 of them in groups.",
                    body, False, 300, 330),
              _Para("A new paragraph starts here and is left where it is on its page.", body,
                    False, 340, 360)]
    _join_across_pages([first, second], body, set())
    assert first[0].text == ("The total court case summaries that the office collected over the "
                             "years report on about 3,140 traffickers, about 550 of them in "
                             "groups.")
    assert [p.text for p in second][-1].startswith("A new paragraph")
    assert not any("3,140" in p.text for p in second)
    # a finished sentence takes nothing from the next page
    done = [_Para("This sentence ends on its page, as most of them do in any report.", body,
                  False, 600, 700)]
    nxt = [_Para("and this lower-case paragraph is a list item of the next page, kept there.",
                 body, False, 100, 120)]
    _join_across_pages([done, nxt], body, set())
    assert len(nxt) == 1


def test_a_cut_sentence_whose_rest_breaks_after_an_abbreviation_moves_whole() -> None:
    from assistant.ingest.pdf import _join_across_pages, _Para

    body = 10.0
    first = [_Para("This suspected activity continued past the date of the most recent",
                   body, False, 600, 700)]
    second = [_Para("arrest of the group's members that was announced in public by U.S.", body,
                    False, 100, 110),
              _Para("law enforcement, although the attackers now use an updated JavaScript "
                    "backdoor.", body, False, 114, 124),
              _Para("and a lower-case paragraph after the finished sentence stays on its page.",
                    body, False, 130, 140)]
    _join_across_pages([first, second], body, set())
    assert first[0].text.endswith("announced in public by U.S. law enforcement, although the "
                                  "attackers now use an updated JavaScript backdoor.")
    assert [p.text[:5] for p in second] == ["and a"]


def test_a_paragraph_never_ends_on_a_small_word_but_a_list_item_ends_on_and() -> None:
    from assistant.ingest.pdf import _Block, _Line, _page_paras

    def lines(*texts: str, gap: float = 20.0) -> _Block:
        rows = [_Line(t, i * gap, i * gap + 12, 10.0, False) for i, t in enumerate(texts)]
        return _Block(0, 0, 200, len(texts) * gap, rows)

    # a gap between lines, but "such as the" cannot end a paragraph
    page = _page_paras([lines("GOZ delivered other malware, such as the",
                              "CryptoLocker ransomware, and caused damage.")], set())
    assert [p.text for p in page] == [
        "GOZ delivered other malware, such as the CryptoLocker ransomware, and caused damage."]
    # the same gap after a finished sentence, or a list item's "; and", starts a paragraph
    page = _page_paras([lines("customers with UK addresses; and",
                              "Customers who moved abroad.")], set())
    assert len(page) == 2
    # nor on a comma, even when a name follows in capitals
    page = _page_paras([lines("From late spring through summer,",
                              "GOBLIN PANDA conducted targeted intrusions.")], set())
    assert [p.text for p in page] == [
        "From late spring through summer, GOBLIN PANDA conducted targeted intrusions."]
    # the same across two blocks of the same type
    page = _page_paras([lines("The group moved money through shell firms in many countries, "
                              "and its members were paid in Bitcoin, Monero,"),
                        lines("Ether and other coins.")], set())
    assert len(page) == 1 and "Monero, Ether" in page[0].text


def test_bold_words_and_short_words_in_capitals_do_not_cut_a_sentence() -> None:
    from assistant.ingest.pdf import _Block, _Line, _page_paras

    def block(y: float, *rows: tuple[str, bool]) -> _Block:
        lines = [_Line(t, y + 15 * i, y + 15 * i + 12, 10.5, bold)
                 for i, (t, bold) in enumerate(rows)]
        return _Block(63, y, 527, y + 15 * len(rows), lines)

    # a paragraph that opens in bold goes on, in plain type, in the next block
    page = _page_paras([block(394, ("Persons not residing in the EU may import personal", True),
                              ("effects as long as they are contained in the luggage of", False)),
                        block(439, ("the traveller.", False))], set())
    assert [p.text for p in page] == [
        "Persons not residing in the EU may import personal effects as long as they are "
        "contained in the luggage of the traveller."]
    # a bold line that starts in lower case is no heading
    page = _page_paras([block(198, ("Certificates issued in any Member State are valid", False),
                              ("throughout the EU.", True))], set())
    assert len(page) == 1
    # "in Ukraine" goes on the sentence; "d Semi-structured ..." would be the next note
    page = _page_paras([block(587, ("Amsterdam to Kuala Lumpur was shot down while flying over "
                                    "a conflict zone", False)),
                        block(602, ("in Ukraine. These events received attention.", False))],
                       set())
    assert len(page) == 1 and "conflict zone in Ukraine" in page[0].text
    # a running head in bold ends in no word: the text under it is not joined to it
    page = _page_paras([block(40, ("ANTI-MONEY LAUNDERING 429", True)),
                        block(70, ("authority, required all financial services companies to "
                                   "report.", False))], set())
    assert len(page) == 2
    # a bold heading after a finished sentence still starts its own paragraph
    page = _page_paras([block(100, ("The sentence before the heading ends here.", False),
                              ("Non-EU residents:", True))], set())
    assert len(page) == 2


def test_a_sentence_set_one_line_per_block_is_joined_line_after_line() -> None:
    from assistant.ingest.pdf import _Block, _Line, _page_paras

    texts = ["disrupted not only the infamous Gameover Zeus botnet, but also",
             "CryptoLocker. The U.S. Department of Justice filed an indictment against",
             "an individual called Evgeniy Mikhailovich",
             "Bogachev, who is believed to be behind the GOZ botnet, as well as several",
             "other unnamed co-conspirators."]
    # each line its own block, 15 points apart, as some PDF writers set them
    blocks = [_Block(238, 400 + 15 * i, 570, 411 + 15 * i,
                     [_Line(t, 400 + 15 * i, 411 + 15 * i, 9.1, False)])
              for i, t in enumerate(texts)]
    page = _page_paras(blocks, set())
    assert len(page) == 1
    assert "Evgeniy Mikhailovich Bogachev, who is believed" in page[0].text


def test_double_spaced_lines_that_wrap_mid_sentence_are_one_paragraph() -> None:
    from assistant.ingest.pdf import _Block, _Line, _page_paras

    def spaced(rows: list[tuple[str, float]]) -> list[str]:
        """Read a thesis set double-spaced: each line a block of its own, a line's height
        below the one before, ending at x1 (a ragged right edge)."""
        blocks = [_Block(108, 100 + 28 * i, x1, 116 + 28 * i,
                         [_Line(t, 100 + 28 * i, 116 + 28 * i, 12.0, False, x1)])
                  for i, (t, x1) in enumerate(rows)]
        return [p.text for p in _page_paras(blocks, set())]

    rows = [("Finally, in April 2016 yet another ISIS affiliated hacking group, the United Cyber",
             537),
            ("Caliphate, released the names of 3,600 New York citizens under the title, We Want",
             530),
            ("Them Dead followed by data dumps that totaled over 22,000 U.S. citizens listed as",
             541),
            ("Revenge for Muslims (Nance & Sampson, 2017).", 300),
            ("Yet, dangerous cyberterrorism events continue to be overlooked by U.S.", 470),
            ("policymakers given the lack of resulting tangible physical harm, as others note.",
             535),
            ("Literature Review", 210),
            ("Deterrence theory was first set out for nuclear weapons and later for cyberspace.",
             538)]
    page = spaced(rows)
    assert page[0] == ("Finally, in April 2016 yet another ISIS affiliated hacking group, the "
                       "United Cyber Caliphate, released the names of 3,600 New York citizens "
                       "under the title, We Want Them Dead followed by data dumps that totaled "
                       "over 22,000 U.S. citizens listed as Revenge for Muslims (Nance & "
                       "Sampson, 2017).")
    # "U.S." then a word in lower case goes on; a finished sentence or a heading does not
    assert page[1].startswith("Yet, dangerous") and page[1].endswith("as others note.")
    assert page[2:] == ["Literature Review", rows[-1][0]]
    # a line that stops short of the right edge is not wrapped: the next word would have fitted
    assert len(spaced([(rows[0][0], 400), (rows[1][0], 530)])) == 2
    # nor are rows of a table, which end on figures
    assert len(spaced([("Escort Services and other commercial sex venues 1801 17% 1734 10%", 540),
                       ("Factories and Manufacturing in the region in total 189 2% 206 1%", 540)]
                      )) == 2
    # nor is the page's first footnote under a sentence that goes on over the page, even with
    # a stray glyph between its number and its text
    assert len(spaced([("Treasury examined de-risking for foreign banks with low correspondent "
                        "banking", 540),
                       ("85 \x07Joint Statement on Bank Secrecy Act Due Diligence Requirements "
                        "for Charities", 530)])) == 2
    # but a number that goes on the sentence is no footnote
    assert spaced([("a state may invoke the right of self-defense under the Charter in Article",
                    540),
                   ("51 following a cyberattack that amounts to an armed attack on its people.",
                    500)]) == ["a state may invoke the right of self-defense under the Charter in "
                               "Article 51 following a cyberattack that amounts to an armed "
                               "attack on its people."]


def test_a_template_title_is_replaced_and_line_breaks_in_a_title_are_spaces(
        tmp_path: Path) -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((50, 100), "Bots,\rMachines", fontsize=30)
    _write_lines(page, 50, 200, ["Body text of the report in normal size."])
    doc.set_metadata({"title": "Home Office document template"})
    path = tmp_path / "template.pdf"
    doc.save(path)
    title = load(str(path)).title
    assert "template" not in title and "\r" not in title and "Bots" in title


def test_pdf_text_closes_the_space_some_pdfs_set_after_a_ligature() -> None:
    from assistant.ingest.pdf import _clean
    assert _clean("one of the \ufb01 ve PLA of\ufb01 cers, a \ufb02 ag") == (
        "one of the five PLA officers, a flag")
    assert _clean("drug tra\ufb03  cking") == "drug trafficking"  # two spaces
    assert _clean("a signi\ufb01 -") == "a signifi-"  # a line broken inside the word
    # "\ufb00" may end a word ("sta\ufb00 member"): the document's words decide, later
    assert _clean("the sta\ufb00 member") == "the sta\ufb00 member"
    assert _clean("the sta\ufb00, and o\ufb00") == "the staff, and o\ufb00"


def test_pdf_text_puts_a_tex_spacing_accent_on_its_letter() -> None:
    from assistant.ingest.pdf import _clean
    assert _clean("Medell\u00b4\u0131n\u2019s vendors in Ju\u00b4arez, Michoac\u00b4an") == (
        "Medell\u00edn\u2019s vendors in Ju\u00e1rez, Michoac\u00e1n")
    assert _clean("Espa\u02dcna, na\u00a8\u0131ve, cr`eme") == "Espa\u00f1a, na\u00efve, cr\u00e8me"
    # an accent used as an apostrophe stays: no English word has an accented consonant there
    apostrophes = "don\u00b4t, Kaspersky\u00b4s, I`m, a\u00b4 b"
    assert _clean(apostrophes) == apostrophes
    # TeX quotes open a word: nothing to accent
    assert _clean("``quoted''") == "``quoted''"


def test_pdf_text_closes_the_space_after_ff_unless_a_whole_word_follows() -> None:
    from assistant.ingest.pdf import _Block, _close_ff_gaps, _Line, _vocabulary

    def block(*texts: str) -> _Block:
        return _Block(0, 0, 100, 100, [_Line(t, i * 12, i * 12 + 10, 10, False)
                                       for i, t in enumerate(texts)])

    pages = [[block("the sta\ufb00 members made e\ufb00 orts to o\ufb00", "er help; some",
                    "members were new, as were their lay-", "ering schemes")]]
    vocab = _vocabulary(pages, whole=True)
    assert "members" in vocab and "orts" not in vocab and "er" not in vocab
    assert "ering" not in vocab and "ering" in _vocabulary(pages)
    _close_ff_gaps(pages, vocab)
    assert [ln.text for ln in pages[0][0].lines][:2] == [
        "the staff members made efforts to offer", "help; some"]
    # a line that held only the word's rest is gone, not left empty
    pages = [[block("they had to su\ufb00", "ered", "and so on")]]
    _close_ff_gaps(pages, _vocabulary(pages, whole=True))
    assert [ln.text for ln in pages[0][0].lines] == ["they had to suffered", "and so on"]


def test_pdf_text_drops_icon_font_glyphs() -> None:
    from assistant.ingest.pdf import _clean
    assert _clean("\uf075 Unveiling the report") == "Unveiling the report"


def _raw_line(text: str, size: float, top: float, bottom: float) -> dict[str, object]:
    return {"bbox": (300.0, top, 320.0, bottom), "dir": (1.0, 0.0),
            "spans": [{"text": text, "size": size, "flags": 4, "origin": (300.0, bottom - 3)}]}


@pytest.mark.parametrize(("text", "size", "top", "bottom", "dropped"), [
    ("11", 7.5, 171.6, 180.7, True),  # a footnote marker raised beside the line before it
    ("11", 12.0, 171.9, 186.4, False),  # a number in body type is text
    ("11", 7.5, 190.0, 199.0, False),  # below the line before: a line of its own
    ("to link", 7.5, 171.6, 180.7, False),  # small words are no marker
])
def test_a_marker_on_a_line_of_its_own_is_dropped(text: str, size: float, top: float,
                                                  bottom: float, dropped: bool) -> None:
    from assistant.ingest.pdf import _raised_note

    before = _raw_line("revealed 607 domains which we were able", 12.0, 171.9, 186.4)
    assert _raised_note(_raw_line(text, size, top, bottom), before, 12.0) is dropped


def test_a_drop_capital_rejoins_its_paragraph() -> None:
    from collections import Counter

    from assistant.ingest.pdf import _Para, _with_drop_capitals

    counts = Counter({"large": 3, "this": 4, "appropriately": 1})

    def page(letter: str, text: str, y0: float = 580.0) -> list[str]:
        paras = [_Para("About this report", 12.0, True, 540, 552),
                 _Para(letter, 28.8, False, 571, 611), _Para(text, 9.0, False, y0, 670)]
        return [p.text for p in _with_drop_capitals(paras, counts)]

    assert page("T", "his is the first report.")[1] == "This is the first report."
    assert page("L", "urking behind a fact is a gap.")[1] == "Lurking behind a fact is a gap."
    assert page("A", "large share of users buy online.")[1] == "A large share of users buy online."
    # a letter elsewhere on the page is no drop capital of a paragraph that starts higher up
    assert page("T", "appropriately punish its core members.", y0=400.0)[1:] == [
        "T", "appropriately punish its core members."]
