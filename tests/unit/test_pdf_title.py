"""A PDF's title: the metadata's when the document bears it out, else the cover's."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.ingest.pdf_title import emphasised_text, largest_text, pdf_title


@dataclass
class Line:
    text: str
    size: float
    bold: bool = False


COVER = [Line("It's not the end of the world:", 30.0), Line("DarkComet misses by a mile", 30.0),
         Line("By a security researcher", 11.0), Line("The RAT has been around for years.", 10.0)]
FRONT = ("It's not the end of the world: DarkComet misses by a mile. By a security researcher. "
         "The RAT has been around for years.")


def test_a_metadata_title_the_first_pages_bear_out_stands() -> None:
    assert pdf_title("DarkComet misses by a mile", COVER, FRONT, "stem") == (
        "DarkComet misses by a mile")


def test_a_template_name_gives_way_to_the_cover() -> None:
    want = "It's not the end of the world: DarkComet misses by a mile"
    assert pdf_title("Arial 36pt Header", COVER, FRONT, "stem") == want
    assert pdf_title("Home Office document template", COVER, FRONT, "stem") == want


def test_a_title_in_another_language_gives_way_to_the_cover() -> None:
    cover = [Line("Paying the price", 28.0), Line("The criminalisation of sex", 12.0)]
    front = "Paying the price. The criminalisation of sex with 16- and 17-year-olds for payment."
    assert pdf_title("Ontucht voor de rechter - Deel 1: De zaken", cover, front, "x") == (
        "Paying the price")


def test_a_word_processor_file_name_is_a_title_only_without_a_cover() -> None:
    body = [Line("This codebook describes the variables.", 10.0)]
    assert pdf_title("Microsoft Word - HTI Codebook 2013.docx", body, "variables", "hti") == (
        "HTI Codebook 2013")
    assert pdf_title("red_alert_supplement_2014", body, "", "red") == "red alert supplement 2014"
    assert pdf_title("Microsoft Word - Terracotta VPN Final 8-3.docx",
                     [Line("RSA RESEARCH TERRACOTTA VPN", 24.0)], "", "x") == (
        "RSA RESEARCH TERRACOTTA VPN")


def test_a_path_for_a_title_is_no_title() -> None:
    cover = [Line("An APT Blueprint", 26.0)]
    assert pdf_title("MacProStorage02:_Final:WhitePaper-APTBluePrint-3", cover, "", "x") == (
        "An APT Blueprint")


def test_a_cover_in_an_unmapped_font_is_no_title() -> None:
    cover = [Line("Av\u00fch\u00fcpvhy\x036p\u00e7v\u00e9\u00fc\x03Uh\u00e5x", 20.0)]
    assert pdf_title("", cover, "", "ecpat-report-2001") == "ecpat-report-2001"


def test_a_title_its_colon_leaves_open_takes_the_subtitle() -> None:
    cover = [Line("FOLLOW THE MONEY:", 32.0), Line("DISSECTING THE OPERATIONS OF", 18.0),
             Line("THE CYBER CRIME GROUP FIN6", 18.0), Line("Threat intelligence", 9.0)]
    assert largest_text(cover) == (
        "FOLLOW THE MONEY: DISSECTING THE OPERATIONS OF THE CYBER CRIME GROUP FIN6")
    assert largest_text([Line("Gauss:", 40.0), Line("Abnormal Distribution", 20.0)]) == (
        "Gauss: Abnormal Distribution")


def test_a_title_cut_after_a_small_word_takes_the_line_after() -> None:
    # the cover drew the group's name as a picture
    cover = [Line("En Route with", 32.0), Line("Part 2: Observing the Comings and Goings", 17.0),
             Line("Version 1.0", 13.0), Line("October 2016", 13.0)]
    assert largest_text(cover) == "En Route with Part 2: Observing the Comings and Goings"
    assert largest_text([Line("Operation Pangea", 32.0), Line("Version 1.0", 13.0)]) == (
        "Operation Pangea")


def test_a_drop_capital_or_chapter_number_is_not_the_title() -> None:
    cover = [Line("9", 30.0), Line("C", 28.8), Line("Corruption in Tax", 28.0),
             Line("Administration", 28.0), Line("m a h e s h c . p u r o h i t", 12.0)]
    assert largest_text(cover) == "Corruption in Tax Administration"


def test_a_page_of_body_text_has_no_cover_title() -> None:
    body = [Line("Police made 2,517 arrests.", 10.0), Line("A heading", 11.0),
            Line("More text here.", 10.0)]
    assert largest_text(body) == ""
    assert pdf_title("", body, "Police made arrests", "liberterra") == "liberterra"


def test_a_title_loses_an_unmatched_bracket_and_a_closing_full_stop() -> None:
    assert pdf_title("", [Line("[First Responder Toolkit", 24.0)], "", "x") == (
        "First Responder Toolkit")
    front = "2024 National Strategy for Combating Illicit Financing."
    assert pdf_title("2024 National Strategy for Combating Illicit Financing.", [], front,
                     "x") == "2024 National Strategy for Combating Illicit Financing"


BODY = [Line("During a two week period in 2007 the country was attacked.", 11.0),
        Line("The attack was not the first nor the largest.", 11.0)]


def test_a_title_in_body_type_is_found_by_its_weight_or_capitals() -> None:
    header = Line("Volume 11, 2009   Security and Defence Review", 7.0, bold=True)
    bold = [header, Line("4", 12.0), Line("Impact of Alleged Cyber Attacks", 11.0, bold=True),
            Line("By A. Writer", 11.0), *BODY]
    assert emphasised_text(bold) == "Impact of Alleged Cyber Attacks"
    assert pdf_title("", bold, "", "stem") == "Impact of Alleged Cyber Attacks"
    caps = [Line("DECLAWING THE DRAGON:  WHY WE MUST", 12.0),
            Line("COUNTER CYBER-WARRIORS", 12.0), Line("A thesis presented to the Faculty", 12.0),
            *BODY]
    assert emphasised_text(caps) == "DECLAWING THE DRAGON: WHY WE MUST COUNTER CYBER-WARRIORS"
    assert emphasised_text([Line("2025 IC3 ANNUAL REPORT", 11.0), *BODY]) == (
        "2025 IC3 ANNUAL REPORT")


def test_spaced_letters_small_heads_and_plain_pages_give_no_emphasised_title() -> None:
    spaced = [Line("I N D I C T M E N T", 12.0), Line("The grand jury charges.", 12.0)]
    assert emphasised_text(spaced) == ""
    assert emphasised_text([Line("RUNNING HEAD OF A JOURNAL", 7.0), *BODY]) == ""
    assert emphasised_text([Line("ANNEX", 11.0, bold=True), *BODY]) == ""
    assert pdf_title("", BODY, "", "the-stem") == "the-stem"
