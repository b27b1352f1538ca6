"""Titles of UN documents: the document's own title, not the organ on its masthead."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.ingest.un_title import un_title


@dataclass
class Line:
    text: str
    size: float
    bold: bool = False


MASTHEAD = [Line("United Nations", 13.7), Line("S/2025/239", 10.0),
            Line("Security Council", 19.8, True), Line("Distr.: General", 10.0),
            Line("17 April 2025", 10.0), Line("Original: French", 10.0)]


def test_a_report_takes_its_own_bold_title_and_symbol() -> None:
    lines = [Line("United Nations", 13.7), Line("A/80/179-S/2025/468", 10.2),
             Line("General Assembly", 19.8, True), Line("Security Council", 19.8, True),
             Line("Distr.: General", 10.2), Line("Original: English", 10.2),
             Line("General Assembly", 10.2, True), Line("Eightieth session", 10.2, True),
             Line("Promotion of durable peace through sustainable", 14.1, True),
             Line("development in Africa**", 14.1, True),
             Line("Report of the Secretary-General", 12.1, True),
             Line("*2511624*", 12.0, True)]
    assert un_title(lines, "") == ("Promotion of durable peace through sustainable development "
                                   "in Africa (A/80/179-S/2025/468)")


def test_a_letter_is_named_after_the_report_it_transmits() -> None:
    lines = MASTHEAD + [Line("Letter dated 14 April 2025 from the President", 12.1, True),
                        Line("addressed to the President of the Security Council", 12.1, True)]
    cover = ("On behalf of the Committee, I have the honour to transmit herewith the final "
             "report of the Panel of Experts on the Sudan established pursuant to resolution "
             "1591 (2005).")
    want = "Final report of the Panel of Experts on the Sudan (S/2025/239)"
    assert un_title(lines, cover) == want


def test_a_short_transmitted_name_keeps_the_letter_that_names_its_sender() -> None:
    lines = MASTHEAD + [Line("Letter dated 9 June 2025 from the Panel of Experts on Haiti",
                             12.0, True)]
    cover = "The Panel has the honour to transmit herewith the interim report, submitted in ..."
    assert un_title(lines, cover) == ("Interim report: Letter dated 9 June 2025 from the Panel "
                                      "of Experts on Haiti (S/2025/239)")


def test_other_covers_are_left_to_the_pdf_loader() -> None:
    lines = [Line("Global Report on Trafficking in Persons", 28.0, True),
             Line("United Nations Office on Drugs and Crime", 12.0)]
    assert un_title(lines, "") == ""
