"""Property-based tests of the figure parser: every written form of a figure reads back.

Hypothesis writes numbers the ways reports do (thousands separated by commas, spaces or
nothing; decimals; per cent in three spellings; million and billion; currencies; words; ranges;
qualifiers) into sentences, and the parser must return the value that was written.
"""

from __future__ import annotations

from math import isclose

from hypothesis import given
from hypothesis import strategies as st

from assistant.figures import agrees, parse_figures

WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
         8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 20: "twenty",
         30: "thirty", 40: "forty", 50: "fifty", 90: "ninety"}
QUALIFIERS = {"over": "over", "more than": "over", "about": "about", "around": "about",
              "nearly": "nearly", "almost": "nearly", "at least": "at least",
              "up to": "up to", "just over": "over", "fewer than": "under"}
NOUNS = ["arrests", "victims", "servers", "cases", "accounts"]


def grouped(n: int, sep: str) -> str:
    """Write ``n`` with ``sep`` between groups of three digits."""
    return f"{n:,}".replace(",", sep)


def single(text: str):  # type: ignore[no-untyped-def]
    figs = [f for f in parse_figures(text) if f.kind != "year"]
    assert len(figs) == 1, (text, figs)
    return figs[0]


@given(n=st.integers(min_value=1000, max_value=10**9), sep=st.sampled_from([",", " ", "\u00a0"]),
       noun=st.sampled_from(NOUNS))
def test_thousands_separators_read_back(n: int, sep: str, noun: str) -> None:
    fig = single(f"The operation led to {grouped(n, sep)} {noun} last week.")
    assert fig.value == n and fig.kind == "count"


@given(n=st.integers(min_value=10, max_value=999_999), noun=st.sampled_from(NOUNS))
def test_plain_digits_read_back(n: int, noun: str) -> None:
    if 1900 <= n <= 2100:
        return  # a bare four-digit number in that span reads as a year (tested below)
    assert single(f"Police counted {n} {noun}.").value == n


@given(whole=st.integers(min_value=0, max_value=999), frac=st.integers(min_value=1, max_value=99),
       spelling=st.sampled_from(["%", " %", " per cent", " percent"]))
def test_percent_spellings_read_back(whole: int, frac: int, spelling: str) -> None:
    fig = single(f"Women were {whole}.{frac:02d}{spelling} of the victims.")
    assert fig.kind == "percent" and fig.unit == "%"
    assert isclose(fig.value or 0, float(f"{whole}.{frac:02d}"))


@given(n=st.integers(min_value=1, max_value=999), frac=st.integers(min_value=0, max_value=9),
       scale=st.sampled_from([("million", 6), ("billion", 9), ("thousand", 3)]))
def test_scale_words_multiply(n: int, frac: int, scale: tuple[str, int]) -> None:
    fig = single(f"Some {n}.{frac} {scale[0]} people were displaced.")
    assert isclose(fig.value or 0, float(f"{n}.{frac}") * 10 ** scale[1])


@given(n=st.integers(min_value=1, max_value=999),
       form=st.sampled_from(["USD {n} million", "${n} million", "US${n} million",
                             "{n} million US dollars", "EUR {n} million", "€{n} million"]))
def test_currencies_are_money(n: int, form: str) -> None:
    fig = single(f"Assets worth {form.format(n=n)} were seized.")
    assert fig.kind == "money" and fig.value == n * 1e6
    assert fig.unit in ("USD", "EUR")


@given(n=st.sampled_from(sorted(WORDS)[1:]),
       noun=st.sampled_from(["months", "countries", "weeks"]))
def test_numbers_in_words(n: int, noun: str) -> None:
    # "one" alone is left out: it is a pronoun far more often than a figure ("one of them").
    fig = single(f"The campaign ran for {WORDS[n]} {noun} in all.")
    assert fig.value == n


@given(a=st.integers(min_value=1, max_value=9), b=st.integers(min_value=2, max_value=10))
def test_one_in_three_is_a_share(a: int, b: int) -> None:
    if a >= b:
        return
    fig = single(f"{WORDS[a].capitalize()} in {WORDS[b]} victims was a child.")
    assert fig.kind == "percent" and isclose(fig.value or 0, 100 * a / b, abs_tol=0.01)


@given(low=st.integers(min_value=1, max_value=5000), gap=st.integers(min_value=1, max_value=5000),
       form=st.sampled_from(["between {a} and {b}", "{a}-{b}", "{a} to {b}", "{a} – {b}"]))
def test_ranges_keep_both_ends(low: int, gap: int, form: str) -> None:
    high = low + gap
    if any(1900 <= x <= 2100 for x in (low, high)):
        return
    fig = single("Armed groups recruited " + form.format(a=f"{low:,}", b=f"{high:,}")
                 + " children.")
    assert (fig.value, fig.high) == (low, high)


@given(low=st.integers(min_value=1, max_value=50), gap=st.integers(min_value=1, max_value=50))
def test_money_range_shares_its_scale(low: int, gap: int) -> None:
    fig = single(f"Victims lost USD {low}-{low + gap} billion.")
    assert fig.kind == "money" and (fig.value, fig.high) == (low * 1e9, (low + gap) * 1e9)


@given(year=st.integers(min_value=1950, max_value=2099), n=st.integers(min_value=2, max_value=999))
def test_years_are_kept_apart_from_counts(year: int, n: int) -> None:
    if 1900 <= n <= 2100:
        return
    figs = parse_figures(f"In {year}, police made {n} arrests.")
    assert [(f.kind, f.value) for f in figs] == [("year", year), ("count", n)]


@given(day=st.integers(min_value=1, max_value=28), year=st.integers(min_value=1990, max_value=2030))
def test_dates_are_dates(day: int, year: int) -> None:
    figs = parse_figures(f"It was adopted on {day} November {year}.")
    assert [(f.kind, f.iso) for f in figs] == [("date", f"{year}-11-{day:02d}")]


@given(q=st.sampled_from(sorted(QUALIFIERS)), n=st.integers(min_value=10, max_value=10**6))
def test_qualifiers_are_read(q: str, n: int) -> None:
    if 1900 <= n <= 2100:
        return
    fig = single(f"Police made {q} {n:,} arrests.")
    assert fig.qualifier == QUALIFIERS[q] and fig.value == n


@given(n=st.integers(min_value=100, max_value=10**6), up=st.integers(min_value=1, max_value=99))
def test_a_larger_value_bears_out_over(n: int, up: int) -> None:
    """'over N' is borne out by N + a little, and 'fewer than N' is not."""
    claim_over = single(f"over {n:,} arrests")
    claim_under = single(f"fewer than {n:,} arrests")
    found = single(f"{n + up:,} arrests")
    assert agrees(claim_over, found)
    assert not agrees(claim_under, found)
    assert not agrees(single(f"{n:,} arrests"), found)  # a bare figure must be exact


def test_fractions_are_shares_but_not_halves_of_a_year() -> None:
    assert [(f.kind, f.value) for f in parse_figures("Two-thirds of them were women.")] == [
        ("percent", 66.67)]
    assert [(f.kind, f.value) for f in parse_figures("A quarter of the victims were boys.")] == [
        ("percent", 25.0)]
    assert [f.kind for f in parse_figures("in the first half of 2023")] == ["year"]
    assert [f.text for f in parse_figures("115 out of 140 governments")] == ["115", "140"]
