"""Tests for figure parsing, normalisation and verification."""

from __future__ import annotations

import pytest

from assistant.figures import Figure, asked_qualifier, find_in_text, parse_figures, same_value
from assistant.models import FigureCheck
from assistant.verify import figures_verified, mark_unverified, verify_answer


def only(text: str) -> Figure:
    """Return the single figure of ``text``, failing when there is not exactly one."""
    figures = parse_figures(text)
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    ("text", "written", "value", "unit", "kind"),
    [
        # separators and decimals
        ("Police made 2,517 arrests.", "2,517", 2517.0, "", "count"),
        ("There were 2500 arrests.", "2500", 2500.0, "", "count"),
        ("It traced 134,089 sites.", "134,089", 134089.0, "", "count"),
        ("A total of 1,000,000 items.", "1,000,000", 1e6, "", "count"),
        ("It weighed 1,234.5 units.", "1,234.5", 1234.5, "", "count"),
        ("Rates of 2.75 were seen.", "2.75", 2.75, "", "count"),
        ("Rates of 3,5 were seen.", "3,5", 3.5, "", "count"),
        ("Some 1.000.000 euros.", "1.000.000 euros", 1e6, "EUR", "money"),
        ("Exactly 2\u00a0517 cases.", "2\u00a0517", 2517.0, "", "count"),
        ("Only 0 cases.", "0", 0.0, "", "count"),
        # scales
        ("In all 6 million people.", "6 million", 6e6, "", "count"),
        ("In all 990 million people.", "990 million", 9.9e8, "", "count"),
        ("In all 1.5 billion items.", "1.5 billion", 1.5e9, "", "count"),
        ("In all 2.5bn items.", "2.5bn", 2.5e9, "", "count"),
        ("In all 3 bn items.", "3 bn", 3e9, "", "count"),
        ("In all 4m users.", "4m", 4e6, "", "count"),
        ("In all 12 thousand users.", "12 thousand", 12e3, "", "count"),
        ("In all 10k users.", "10k", 1e4, "", "count"),
        ("In all 1 trillion units.", "1 trillion", 1e12, "", "count"),
        ("Users: 292 million.", "292 million", 2.92e8, "", "count"),
        # per cent
        ("Up 21 per cent.", "21 per cent", 21.0, "%", "percent"),
        ("Up 21%.", "21%", 21.0, "%", "percent"),
        ("Up 21 percent.", "21 percent", 21.0, "%", "percent"),
        ("Up 86 % of them.", "86 %", 86.0, "%", "percent"),
        ("Up 0.5% only.", "0.5%", 0.5, "%", "percent"),
        ("Up 12,5 per cent.", "12,5 per cent", 12.5, "%", "percent"),
        ("Up 3 percentage points.", "3 percentage points", 3.0, "pp", "percent"),
        # money
        ("Worth USD 257 million.", "USD 257 million", 2.57e8, "USD", "money"),
        ("Worth $257 million.", "$257 million", 2.57e8, "USD", "money"),
        ("Worth US$ 257m.", "US$ 257m", 2.57e8, "USD", "money"),
        ("Worth US$257m.", "US$257m", 2.57e8, "USD", "money"),
        ("Worth €5bn.", "€5bn", 5e9, "EUR", "money"),
        ("Worth EUR 5 billion.", "EUR 5 billion", 5e9, "EUR", "money"),
        ("Worth £3 million.", "£3 million", 3e6, "GBP", "money"),
        ("Worth GBP 40,000.", "GBP 40,000", 4e4, "GBP", "money"),
        ("Worth 5 million US dollars.", "5 million US dollars", 5e6, "USD", "money"),
        ("Worth 7 million dollars.", "7 million dollars", 7e6, "USD", "money"),
        ("Worth 2 million euros.", "2 million euros", 2e6, "EUR", "money"),
        ("Worth $1,500.", "$1,500", 1500.0, "USD", "money"),
        # measures
        ("Over 16,000 tonnes seized.", "16,000 tonnes", 16000.0, "tonnes", "count"),
        ("Some 40 kg of cocaine.", "40 kg", 40.0, "kg", "count"),
        ("Some 2 tons of ivory.", "2 tons", 2.0, "tonnes", "count"),
        # a run of years counts them
        ("Deaths rose for the eighth consecutive year.", "eighth consecutive year", 8.0, "",
         "count"),
        ("It grew for the 3rd year in a row.", "3rd year in a row", 3.0, "", "count"),
        ("Up to 125 grams per person.", "125 grams", 125.0, "g", "count"),
        ("Up to 125 g per person.", "125 g", 125.0, "g", "count"),
        ("Up to 24 ml of oil.", "24 ml", 24.0, "ml", "count"),
        ("Up to 4 litres of oil.", "4 litres", 4.0, "l", "count"),
        ("A dose of 10 milligrams.", "10 milligrams", 10.0, "mg", "count"),
        # words
        ("Agents from two countries.", "two", 2.0, "", "count"),
        ("Twelve suspects were held.", "Twelve", 12.0, "", "count"),
        ("Across forty countries.", "forty", 40.0, "", "count"),
        ("It hit forty-five victims.", "forty-five", 45.0, "", "count"),
        ("It took one hundred days.", "one hundred", 100.0, "", "count"),
        ("It took one hundred and twenty days.", "one hundred and twenty", 120.0, "", "count"),
        ("It hit three million users.", "three million", 3e6, "", "count"),
        ("It hit a million users.", "a million", 1e6, "", "count"),
        ("It hit half a million users.", "half a million", 5e5, "", "count"),
        ("It hit two thousand five hundred users.", "two thousand five hundred", 2500.0, "",
         "count"),
        ("Up ten per cent.", "ten per cent", 10.0, "%", "percent"),
        ("Two Member States objected.", "Two", 2.0, "", "count"),
        ("What seven years of data show.", "seven", 7.0, "", "count"),
    ],
)
def test_parse_single_figure(text: str, written: str, value: float, unit: str, kind: str) -> None:
    fig = only(text)
    assert (fig.text, fig.value, fig.unit, fig.kind) == (written, value, unit, kind)
    assert text[fig.start:fig.end] == written
    assert fig.high is None


@pytest.mark.parametrize(
    ("text", "written", "low", "high", "unit", "kind"),
    [
        ("lost 18 - 37 billion", "18 - 37 billion", 18e9, 37e9, "", "count"),
        ("lost 18-37 billion", "18-37 billion", 18e9, 37e9, "", "count"),
        ("lost USD 18 - 37 billion", "USD 18 - 37 billion", 18e9, 37e9, "USD", "money"),
        ("lost $18–$37 billion", "$18–$37 billion", 18e9, 37e9, "USD", "money"),
        ("lost 18 billion to 37 billion", "18 billion to 37 billion", 18e9, 37e9, "", "count"),
        ("between 10 and 20 per cent", "between 10 and 20 per cent", 10.0, 20.0, "%", "percent"),
        ("between 10 and 20", "between 10 and 20", 10.0, 20.0, "", "count"),
        ("10-20% of cases", "10-20%", 10.0, 20.0, "%", "percent"),
        ("500,000 to 2 million people", "500,000 to 2 million", 5e5, 2e6, "", "count"),
        ("between 500 and 2000 victims", "between 500 and 2000", 500.0, 2000.0, "", "count"),
        ("aged 18-25", "18-25", 18.0, 25.0, "", "count"),
        ("in 2015-2021", "2015-2021", 2015.0, 2021.0, "", "year"),
        ("between 2015 and 2021", "between 2015 and 2021", 2015.0, 2021.0, "", "year"),
        ("in 2015–16", "2015–16", 2015.0, 2016.0, "", "year"),
        ("between two and three million users", "between two and three million", 2e6, 3e6, "",
         "count"),
    ],
)
def test_parse_range(text: str, written: str, low: float, high: float, unit: str,
                     kind: str) -> None:
    fig = only(text)
    assert (fig.text, fig.value, fig.high, fig.unit, fig.kind) == (written, low, high, unit, kind)


def test_from_to_is_a_change_not_a_range() -> None:
    figs = parse_figures("The share rose from 10 to 20 per cent.")
    assert [(f.text, f.value, f.high, f.kind) for f in figs] == [
        ("10", 10.0, None, "percent"),
        ("20 per cent", 20.0, None, "percent"),
    ]


@pytest.mark.parametrize(
    ("text", "written", "kind", "value", "iso"),
    [
        ("On 15 November 2000 it was adopted.", "15 November 2000", "date", None, "2000-11-15"),
        ("Announced on 6 Nov 2024.", "6 Nov 2024", "date", None, "2024-11-06"),
        ("Announced on 6 Nov. 2024.", "6 Nov. 2024", "date", None, "2024-11-06"),
        ("Published 2024-11-06.", "2024-11-06", "date", None, "2024-11-06"),
        ("On November 15, 2000 it was adopted.", "November 15, 2000", "date", None, "2000-11-15"),
        ("Published in March 2024.", "March 2024", "date", None, "2024-03"),
        ("It falls on 15 November each year.", "15 November", "date", None, "--11-15"),
        ("On the 1st September 2023.", "1st September 2023", "date", None, "2023-09-01"),
        ("Arrests rose in 2023.", "2023", "year", 2023.0, ""),
        ("In 1999 the law changed.", "1999", "year", 1999.0, ""),
    ],
)
def test_dates_and_years(text: str, written: str, kind: str, value: float | None,
                         iso: str) -> None:
    fig = only(text)
    assert (fig.text, fig.kind, fig.value, fig.iso) == (written, kind, value, iso)


def test_dates_kept_apart_from_counts() -> None:
    figs = parse_figures("On 15 November 2000, 2,517 people and 2000 were counted in 2023.")
    assert [(f.text, f.kind) for f in figs] == [
        ("15 November 2000", "date"),
        ("2,517", "count"),
        ("2000", "year"),
        ("2023", "year"),
    ]


def test_year_written_without_month_borrows_the_year_of_the_range_end() -> None:
    figs = parse_figures("between 29 September and 4 October 2024")
    assert [f.iso for f in figs] == ["2024-09-29", "2024-10-04"]


@pytest.mark.parametrize(
    ("text", "kind", "value", "qualifier"),
    [
        ("an email received by two of the bank's employees", "count", 2.0, ""),
        ("three of them were minors", "count", 3.0, ""),
        ("at least half have suffered financial losses", "percent", 50.0, "at least"),
        ("nearly a third were women", "percent", 33.33, "nearly"),
        ("about half of the victims", "percent", 50.0, "about"),
    ],
)
def test_parts_of_a_group(text: str, kind: str, value: float, qualifier: str) -> None:
    fig = only(text)
    assert (fig.kind, fig.value, fig.qualifier) == (kind, value, qualifier)


def test_qualified_four_digit_number_is_a_count() -> None:
    fig = only("over 2000 victims")
    assert (fig.kind, fig.value, fig.qualifier) == ("count", 2000.0, "over")


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("over 5,500 arrests", "over"),
        ("more than 3,200 victims", "over"),
        ("above 40 countries", "over"),
        ("in excess of USD 400 million", "over"),
        ("about 35,000 victims", "about"),
        ("About 35,000 victims", "about"),
        ("around 8 million checks", "about"),
        ("approximately 20 per cent", "about"),
        ("roughly 3 million", "about"),
        ("some 2,000 people", "about"),
        ("an estimated 1.5 billion", "about"),
        ("nearly 90 victims", "nearly"),
        ("almost 90 victims", "nearly"),
        ("at least 120,000 people", "at least"),
        ("no fewer than 12 states", "at least"),
        ("2,500 or more arrests", "at least"),
        ("up to 37 billion", "up to"),
        ("as many as 300 people", "up to"),
        ("no more than 5 cases", "up to"),
        ("fewer than 100 victims", "under"),
        ("less than 5%", "under"),
        ("below 10 per cent", "under"),
        ("exactly 41 arrests", ""),
        ("the 41 arrests", ""),
    ],
)
def test_qualifiers(text: str, qualifier: str) -> None:
    fig = only(text)
    assert fig.qualifier == qualifier
    assert not fig.text.lower().startswith(("over", "more", "about", "at", "up", "some"))


@pytest.mark.parametrize(
    "text",
    [
        "as reported [3].",
        "as reported [1, 2] and [4-6].",
        "resolution 78/267 was adopted",
        "document A/RES/55/25 sets it out",
        "one of the most serious crimes",
        "no one was hurt",
        "one person was arrested",
        "for the first time",
        "the 2nd edition",
        "the G20 summit",
        "during COVID-19 lockdowns",
        "the H5N1 strain",
        "in the 1990s",
        "Article 5 of the Convention",
        "see paragraph 12",
        "at 10:30 local time",
        "they are two of the worst",
        "tens of thousands of victims",
        "hundreds of cases",
        "someone often said",
        "engaged in hazardous work.(8)",
        "efforts were made.(8, 23)",
        "the worst forms of child labor(17) remain",
        "under Article 8(6)",
        "as Article 15(4)(a) prescribes",
    ],
)
def test_not_figures(text: str) -> None:
    assert parse_figures(text) == []


def test_reading_order_and_offsets() -> None:
    text = "Liberterra II led to 2,517 arrests [1], rescued 3,222 victims [2] in 116 countries."
    figs = parse_figures(text)
    assert [f.text for f in figs] == ["2,517", "3,222", "116"]
    assert all(text[f.start:f.end] == f.text for f in figs)
    assert [f.start for f in figs] == sorted(f.start for f in figs)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("2,500 arrests", "2500 arrests", True),
        ("6 million", "6,000,000", True),
        ("21%", "21 per cent", True),
        ("USD 257 million", "$257m", True),
        ("USD 257 million", "257 million US dollars", True),
        ("USD 257 million", "EUR 257 million", False),
        ("USD 257 million", "257 million", False),
        ("21%", "21 victims", False),
        ("2,500", "2,517", False),
        ("18 - 37 billion", "18-37 billion", True),
        ("18 - 37 billion", "18 billion", False),
        ("in 2023", "2,023", False),
        ("in 2023", "in 2023", True),
        ("15 November 2000", "15 Nov 2000", True),
        ("15 November 2000", "16 November 2000", False),
        ("three million", "3 million", True),
        ("between USD 18 and 37 billion", "USD 18 - 37 billion", True),
        ("2015-2021", "between 2015 and 2021", True),
        ("2015-2021", "2015", False),
    ],
)
def test_same_value(a: str, b: str, same: bool) -> None:
    assert same_value(only(a), only(b)) is same
    assert same_value(only(b), only(a)) is same


def test_same_value_tolerates_only_float_noise() -> None:
    a = Figure("x", 0.1 + 0.2)
    assert same_value(a, Figure("y", 0.3))
    assert not same_value(a, Figure("y", 0.3001))


def test_same_value_money_with_unstated_currency() -> None:
    usd = Figure("USD 5", 5.0, unit="USD", kind="money")
    assert same_value(usd, Figure("5", 5.0, unit="", kind="money"))


@pytest.mark.parametrize(
    ("claim", "passage", "found"),
    [
        ("2,500", "There were 2500 arrests.", "2500"),
        ("6 million", "It reached 6,000,000 people.", "6,000,000"),
        ("21%", "It rose by 21 per cent.", "21 per cent"),
        ("more than 2,500", "Exactly 2,500 arrests.", "2,500"),
        ("USD 257 million", "Assets worth US$ 257m were seized.", "US$ 257m"),
        ("2000", "On 15 November 2000 it was adopted.", "15 November 2000"),
        ("November 2000", "On 15 November 2000 it was adopted.", "15 November 2000"),
        ("15 November 2000", "It was adopted in November 2000.", None),
        ("2,517", "About 2,500 arrests.", None),
        ("21%", "21 countries took part.", None),
    ],
)
def test_find_in_text(claim: str, passage: str, found: str | None) -> None:
    hit = find_in_text(only(claim), passage)
    assert (hit.text if hit else None) == found


PASSAGES = {
    1: "Liberterra II led to 2,517 arrests. Officers rescued 3,222 potential victims.",
    2: "The operation reached 6,000,000 people and 21% of them were minors.",
    3: "Criminal networks lost USD 18 - 37 billion in 2023.",
}


def checks_of(answer: str) -> list[tuple[str, float | None, bool, int | None]]:
    return [(c.text, c.value, c.verified, c.citation) for c in verify_answer(answer, PASSAGES)]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("The operation led to 2,517 arrests [1].", [("2,517", 2517.0, True, 1)]),
        ("The operation led to 2,500 arrests [1].", [("2,500", 2500.0, False, 1)]),
        ("The operation led to 2,517 arrests [2].", [("2,517", 2517.0, False, 2)]),
        ("It reached 6 million people [2].", [("6 million", 6e6, True, 2)]),
        ("Of them, 21 per cent were minors [2].", [("21 per cent", 21.0, True, 2)]),
        ("Of them, 21 per cent were minors [1].", [("21 per cent", 21.0, False, 1)]),
        ("Losses were USD 18-37 billion in 2023 [3].",
         [("USD 18-37 billion", 18e9, True, 3), ("2023", 2023.0, True, 3)]),
        ("Losses were USD 18-37 billion in 2022 [3].",
         [("USD 18-37 billion", 18e9, True, 3), ("2022", 2022.0, False, 3)]),
        ("It led to 2,517 arrests [1] and rescued 3,222 victims [1].",
         [("2,517", 2517.0, True, 1), ("3,222", 3222.0, True, 1)]),
        ("It led to 2,517 arrests [2] and reached 6 million people [1].",
         [("2,517", 2517.0, False, 2), ("6 million", 6e6, False, 1)]),
        ("It led to 2,517 arrests and reached 6 million people [1][2].",
         [("2,517", 2517.0, True, 1), ("6 million", 6e6, True, 2)]),
        ("It led to 2,517 arrests and reached 6 million people [1, 2].",
         [("2,517", 2517.0, True, 1), ("6 million", 6e6, True, 2)]),
        ("[1] It led to 2,517 arrests.", [("2,517", 2517.0, True, 1)]),
        ("It led to 2,517 arrests.[1] It reached 6 million people [2].",
         [("2,517", 2517.0, True, 1), ("6 million", 6e6, True, 2)]),
        ("It led to 2,517 arrests. It reached 6 million people [1].",
         [("2,517", 2517.0, True, 1), ("6 million", 6e6, False, 1)]),
        ("No marker here: 3,222 victims.", [("3,222", 3222.0, True, 1)]),
        ("No marker here: 9,999 victims.", [("9,999", 9999.0, False, None)]),
        ("It led to 2,517 arrests [7].", [("2,517", 2517.0, False, 7)]),
        ("The U.S. report cites 2,517 arrests [1].", [("2,517", 2517.0, True, 1)]),
        ("Networks lost money in 2023 [3].", [("2023", 2023.0, True, 3)]),
        ("One of the reports is clear [1].", []),
    ],
)
def test_verify_answer(answer: str, expected: list[tuple[str, float | None, bool, int | None]],
                       ) -> None:
    assert checks_of(answer) == expected


def test_verify_answer_dates_have_no_value() -> None:
    checks = verify_answer("It was adopted on 15 November 2000 [1].",
                           {1: "On 15 November 2000 the Assembly adopted it."})
    assert checks == [FigureCheck("15 November 2000", None, True, 1)]


def test_verify_answer_list_lines_are_sentences() -> None:
    answer = "Results:\n- 2,517 arrests [1]\n- 6 million people [2]"
    assert checks_of(answer) == [("2,517", 2517.0, True, 1), ("6 million", 6e6, True, 2)]


def test_figures_verified() -> None:
    assert figures_verified([])
    assert figures_verified(verify_answer("It led to 2,517 arrests [1].", PASSAGES))
    assert not figures_verified(verify_answer("It led to 2,500 arrests [1].", PASSAGES))


def test_mark_unverified() -> None:
    answer = "It led to 2,500 arrests [1] and reached 6 million people [2]."
    marked = mark_unverified(answer, verify_answer(answer, PASSAGES))
    assert marked == "It led to 2,500 (unverified) arrests [1] and reached 6 million people [2]."


def test_mark_unverified_repeated_figure_and_idempotence() -> None:
    answer = "It led to 2,517 arrests [2]. Yes, 2,517 arrests [1]."
    checks = verify_answer(answer, PASSAGES)
    assert [c.verified for c in checks] == [False, True]
    marked = mark_unverified(answer, checks)
    assert marked == "It led to 2,517 (unverified) arrests [2]. Yes, 2,517 arrests [1]."
    assert mark_unverified(marked, checks) == marked


def test_mark_unverified_leaves_verified_answer_alone() -> None:
    answer = "It led to 2,517 arrests [1]."
    assert mark_unverified(answer, verify_answer(answer, PASSAGES)) == answer


@pytest.mark.parametrize("text", ["Track 1 and Track 2 card data", "Tier 2 countries",
                                  "moved to level 3 of the plan", "In step 2 the bank"])
def test_a_numbered_label_is_no_figure(text: str) -> None:
    assert parse_figures(text) == []


@pytest.mark.parametrize("text, value, high", [
    ("the price paid, which is 65.4 cents, and", 0.654, None),
    ("bids ranging from as low as 30 cents", 0.30, None),
    ("the price ranges 45 to 75 cents per impression", 0.45, 0.75),
])
def test_cents_are_money(text: str, value: float, high: float | None) -> None:
    fig = only(text)
    assert fig.kind == "money" and fig.unit == "USD"
    assert fig.value == pytest.approx(value)
    assert (fig.high is None) if high is None else fig.high == pytest.approx(high)


def test_from_a_count_to_cents_is_money_at_both_ends() -> None:
    low, high = parse_figures("ranges from 45 to 75 cents per impression")
    assert (low.kind, high.kind) == ("money", "money")
    assert (low.value, high.value) == (pytest.approx(0.45), pytest.approx(0.75))


@pytest.mark.parametrize("text, iso", [
    ("This event is the oldest, happening on September 11.", "--09-11"),
    ("The sample is from December 14, 2010.", "2010-12-14"),
    ("It began on March 3rd and ended later.", "--03-03"),
])
def test_a_month_and_day_is_a_date_with_or_without_its_year(text: str, iso: str) -> None:
    fig = only(text)
    assert (fig.kind, fig.iso) == ("date", iso)


@pytest.mark.parametrize("text", ["Within a month of Windows 8.1’s release",
                                  "ads delivering the CryptoWall 2.0 ransomware"])
def test_a_version_of_a_named_thing_is_no_figure(text: str) -> None:
    assert parse_figures(text) == []


@pytest.mark.parametrize("text", [
    "Both lawsuits pled claims under 18 U.S.C. § 2333(a) against the bank.",
    "The bank violated 18 U.S.C. §§ 2339B by keeping the accounts.",
    "The rule is codified at 31 CFR 1010 and applies to casinos.",
])
def test_a_citation_of_a_code_of_law_is_no_figure(text: str) -> None:
    assert parse_figures(text) == []


def test_a_decimal_after_a_name_with_a_unit_is_still_a_figure() -> None:
    assert only("In Nigeria 2.5 million people were displaced").value == 2.5e6
    assert only("Prices in Kenya rose. Kenya 3.5 per cent").kind == "percent"


@pytest.mark.parametrize("text, unit, value", [
    ("The investigation identified INR 5.65 billion generated from ML activity.", "INR", 5.65e9),
    ("It transferred more than AUD 10 billion in and out of Australia.", "AUD", 1e10),
    ("a fine of CHF 2.5 million", "CHF", 2.5e6),
    # the code after the amount, as Georgian and many other reports write it
    ("The estimated value of the property is approximately 4,008,820 GEL.", "GEL", 4008820),
    ("342 contracts with total value of 19 526 378 GEL.", "GEL", 19526378),
    ("Losses reached 5 million USD.", "USD", 5e6),
])
def test_an_iso_currency_code_makes_an_amount_money(text: str, unit: str, value: float) -> None:
    fig = [f for f in parse_figures(text) if f.kind != "count"][0]
    assert (fig.kind, fig.unit) == ("money", unit)
    assert fig.value == pytest.approx(value)


@pytest.mark.parametrize("text, value", [
    ("New iterations reduced the number of stages to four.", 4),
    ("The number of victims rose to twelve.", 12),
])
def test_a_number_word_a_sentence_ends_on_after_to_is_a_count(text: str, value: int) -> None:
    assert only(text).value == value


def test_one_after_to_is_still_no_count() -> None:
    assert parse_figures("They went to one.") == []


@pytest.mark.parametrize("text", [
    "Passive Total tells us that 50.63.202.94 has hosted many unique domains.",
    "The flaw CVE-2014-0160 and the bulletin MS12-027 were exploited.",
    "It runs release 1.2.3 of the tool.",
])
def test_an_ip_address_or_a_code_is_no_figure(text: str) -> None:
    assert parse_figures(text) == []


@pytest.mark.parametrize("text, value", [
    ("It followed a two-year investigation by the NYPD.", 2),
    ("He received a one-year sentence.", 1),
    ("The nine-month probe ended in June.", 9),
])
def test_a_number_word_joined_to_a_time_unit_is_a_span(text: str, value: int) -> None:
    assert only(text).value == value


def test_a_goal_number_is_no_amount_of_money() -> None:
    assert all(f.kind != "money" for f in parse_figures("Target 16.4 of SDG 16 seeks it."))


def test_a_number_word_joined_to_another_word_is_no_figure() -> None:
    assert parse_figures("They use two-factor authentication.") == []


@pytest.mark.parametrize("text, kept", [
    ("In front of 3491 Baychester Avenue, one of them opened fire.", []),
    ("He allegedly opened fire several times on East 225 Street.", []),
    ("They drove with three firearms to 3326 Fish Avenue where they shot.", ["three"]),
    ("A man was punched in the vicinity of 127-04 Guy R. Brewer Blvd.", []),
    # a count before a street's name, or a number with no place word before it
    ("The fine hit 5 Wall Street banks.", ["5"]),
    ("Of the 3491 victims, 12 died.", ["3491", "12"]),
])
def test_a_house_number_is_no_figure(text: str, kept: list[str]) -> None:
    assert [f.text for f in parse_figures(text)] == kept


@pytest.mark.parametrize("text, kept", [
    ("4.3 The Authority imposed a penalty of £21,091,300.", ["£21,091,300"]),
    ("2.14. Between 2018 and 2020, the firm onboarded 54,000 customers.",
     ["Between 2018 and 2020", "54,000"]),
    ("(3) the Bank shall pay $ 1.3 billion.", ["$ 1.3 billion"]),
    # an answer quoting the item after another quote's marker
    ("The bank informs the FIU. [1] (3) The bank shall not nominate him. [2]", []),
    ("It paid. [1] 4.3 The Authority imposed 5 penalties. [2]", ["5"]),
    # not a paragraph number: a decimal in the sentence, or one with its unit
    ("It rose to 4.3 The index", ["4.3"]),
    ("4.3 per cent of victims were children.", ["4.3 per cent"]),
])
def test_a_numbered_paragraph_is_no_figure(text: str, kept: list[str]) -> None:
    assert [f.text for f in parse_figures(text)] == kept


@pytest.mark.parametrize("text, value, unit", [
    ("Total data exfiltrated: about 23GB.", 23, "GB"),
    ("large spikes of nearly 1 GB in one day", 1, "GB"),
    ("a 120 kilobytes file", 120, "KB"),
])
def test_a_data_size_is_a_figure_with_its_unit(text: str, value: float, unit: str) -> None:
    fig = only(text)
    assert (fig.value, fig.unit) == (value, unit)


def test_a_note_number_after_a_full_stop_leaves_the_figure_whole() -> None:
    assert only("reports valuing the settlement at just over $1 billion.8").value == 1e9


def test_a_quoted_reference_mark_is_not_a_citation() -> None:
    passage = "He was one of the five officers indicted [28] by a grand jury on 31 counts."
    checks = verify_answer(f"{passage} [1]", {1: passage})
    assert [(c.text, c.verified, c.citation) for c in checks] == [
        ("five", True, 1), ("31", True, 1)]
    # A mark that cites no passage and is not in one still fails its figure.
    assert not verify_answer("It had 7 officers [4].", {1: "It had 7 officers."})[0].verified


@pytest.mark.parametrize("text, kind", [
    ("It has been involved in espionage operations since at least 2007.", "year"),
    ("The group has been active from about 2010.", "year"),
    ("They freed at least 2000 victims.", "count"),
    ("He was, beginning in approximately 2016, the appointed leader.", "year"),
    ("In or about 2016 the gang formed.", "year"),
    ("Arrests rose to about 2016 in total.", "count"),
])
def test_a_year_after_since_at_least_is_a_year(text: str, kind: str) -> None:
    assert only(text).kind == kind


@pytest.mark.parametrize("question, wanted", [
    ("Up to how many servers can be configured?", "up to"),
    ("At least how many people died?", "at least"),
    ("Roughly how much data was taken?", "about"),
    ("What is the maximum number of servers?", "up to"),
    ("How many servers were configured?", ""),
    ("How many people were detained during the operation?", ""),
])
def test_the_bound_a_question_asks_for(question: str, wanted: str) -> None:
    assert asked_qualifier(question) == wanted


@pytest.mark.parametrize("text, written, kind, value", [
    ("drugs (approx US$411bio), no longer", "US$411bio", "money", 4.11e11),
    ("a fine of EUR 3 mio was paid", "EUR 3 mio", "money", 3e6),
    ("some 5 mln people", "5 mln", "count", 5e6),
    ("about 2 bln messages", "2 bln", "count", 2e9),
])
def test_european_short_scales(text: str, written: str, kind: str, value: float) -> None:
    fig = only(text)
    assert (fig.text, fig.kind) == (written, kind)
    assert fig.value == pytest.approx(value)


def test_a_scale_word_may_carry_its_footnote_number() -> None:
    # "US$18bio14": the amount, then the number of its note, glued by the PDF's text layer.
    fig = only("banks have contributed perhaps as much as US$18bio14 in all")
    assert (fig.text, fig.value) == ("US$18bio", pytest.approx(1.8e10))


@pytest.mark.parametrize("text", ["a 5G network", "the 2nd wave", "USD 5m3 was noted", "5k2"])
def test_a_number_glued_to_letters_or_digits_is_still_no_figure(text: str) -> None:
    assert parse_figures(text) == []


def test_a_per_cent_sign_ends_a_figure_whatever_is_set_against_it() -> None:
    fig = only("over 10%of funds going towards new coins are lost")
    assert (fig.text, fig.kind, fig.value) == ("10%", "percent", 10.0)


@pytest.mark.parametrize("text, values", [
    ("References to Recommendation 12 mean both Recommendations 12 and 22.", []),
    ("Articles 5, 6 or 8 apply to them.", []),
    ("The network made 12 recommendations and opened 40 cases.", [12, 40]),
    ("See pages 4 to 6 and tables 3 and 4.", []),
    ("Reference this alert in SAR field 2 and in Item 4 of Form 8300.", []),
    ("It furthered the offenses charged in Counts 1 and 3 through 15 of this Indictment.", []),
    ("The FSRBs together count 190 jurisdictions as their members.", [190]),
])
def test_numbers_of_labelled_items_are_no_figures(text: str, values: list[float]) -> None:
    assert [f.value for f in parse_figures(text)] == values


def test_and_a_half_after_a_number_word_adds_a_half() -> None:
    assert [(f.text, f.value) for f in parse_figures("It spanned two and a half months.")] == [
        ("two and a half", 2.5)]
    assert [f.value for f in parse_figures("He got a three-and-a-half-year sentence.")] == [3.5]


def test_and_a_half_after_digits_adds_a_half() -> None:
    assert [(f.text, f.value) for f in parse_figures("It spanned 2 and a half months.")] == [
        ("2 and a half", 2.5)]
    assert [f.value for f in parse_figures("He got a 3-and-a-half-year sentence.")] == [3.5]
    assert [f.value for f in parse_figures("Sales rose 2 and a half million.")] == [2.0]
